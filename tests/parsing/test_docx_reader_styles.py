"""The reader's lazy style-name lookup (a byte search for the ids the body uses) must give what a full
parse of styles.xml gives: on the real samples' styles, and on hand-written parts that leave Word's
usual form (single quotes, entities, another prefix, a name missing, a style defined twice)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from vbassist.parsing.docx_styles import UI_NAMES, StyleNames

DATA = Path(__file__).resolve().parent.parent / "data"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def full_parse(xml: bytes) -> dict[str, str]:
    names: dict[str, str] = {}
    for style in etree.fromstring(xml).iterchildren(f"{{{W}}}style"):
        style_id = style.get(f"{{{W}}}styleId")
        name_el = style.find(f"{{{W}}}name")
        if style_id and name_el is not None:
            name = name_el.get(f"{{{W}}}val") or style_id
            names[style_id] = UI_NAMES.get(name, name)
    return names


@pytest.mark.parametrize("sample", sorted(DATA.glob("*.docx")), ids=lambda p: p.stem)
def test_every_style_of_the_samples(sample: Path) -> None:
    xml = zipfile.ZipFile(sample).read("word/styles.xml")
    expected = full_parse(xml)
    lazy = StyleNames(xml)
    assert lazy._plain  # Word's own form: the fast path is the one under test
    assert len(expected) > 50
    for style_id, name in expected.items():
        assert lazy.get(style_id) == name
    assert lazy._full is None  # never needed the full parse
    assert lazy.get("FinnsInte") == "FinnsInte"
    assert expected.get("Rubrik1", expected.get("Heading1")) == "Heading 1"


ODD = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}">
  <w:style w:type="paragraph" w:styleId="Rubrik1"><w:name w:val="heading 1"/></w:style>
  <w:style w:type="paragraph" w:styleId="Tom"/>
  <w:style w:type="paragraph" w:styleId="UtanNamn"><w:basedOn w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="TomtNamn"><w:name w:val=""/></w:style>
  <w:style w:type="paragraph" w:styleId="Entitet"><w:name w:val="Mål &amp; resultat"/></w:style>
  <w:style w:type="paragraph" w:styleId="Enkel"><w:name w:val='enkla citat'/></w:style>
  <w:style w:type="paragraph" w:styleId="Dubbel"><w:name w:val="första"/></w:style>
  <w:style w:type="paragraph" w:styleId="Dubbel"><w:name w:val="andra"/></w:style>
</w:styles>
""".encode()


def test_odd_forms_give_the_full_parse() -> None:
    expected = full_parse(ODD)
    lazy = StyleNames(ODD)
    for style_id in ["Rubrik1", "Tom", "UtanNamn", "TomtNamn", "Entitet", "Enkel", "Dubbel", "Saknas"]:
        assert lazy.get(style_id) == expected.get(style_id, style_id), style_id
    assert lazy.get("Entitet") == "Mål & resultat"
    assert lazy.get("Dubbel") == "andra"


def test_another_prefix_falls_back_to_the_full_parse() -> None:
    other = ODD.replace(b"w:", b"x:").replace(b"xmlns:w=", b"xmlns:x=")
    lazy = StyleNames(other)
    assert not lazy._plain
    assert lazy.get("Rubrik1") == "Heading 1"
    assert lazy.get("Dubbel") == "andra"
