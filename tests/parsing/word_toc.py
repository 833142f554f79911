"""A Word sample whose typed table of contents is replaced by the one Word inserts (References → Table of
Contents): a `w:sdt` content control holding a TOC field, one paragraph per entry in the TOC1/TOC2
styles, each a hyperlink to its heading with the page number in a PAGEREF field after a right-aligned
tab stop. Every other entry has no dot leader (Word's "(none)" leader), and the long goal titles wrap
in the PDF. Built at test time from a sample, so no opaque binary sits in the repository."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
_PAGE_TAIL = re.compile(r"\.*\t(\d{1,3})$")


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _text(p: etree._Element) -> str:
    parts = []
    for node in p.iter(_w("t"), _w("tab")):
        parts.append("\t" if node.tag == _w("tab") else node.text or "")
    return "".join(parts)


def _run(xml: str) -> etree._Element:
    return etree.fromstring(f'<w:r xmlns:w="{W}">{xml}</w:r>')


def _entry(title: str, page: str, level: int, n: int, *, first: bool, last: bool) -> etree._Element:
    leader = "dot" if n % 2 == 0 else "none"
    p = etree.fromstring(
        f'<w:p xmlns:w="{W}"><w:pPr><w:pStyle w:val="TOC{level}"/><w:tabs>'
        f'<w:tab w:val="right" w:leader="{leader}" w:pos="9062"/></w:tabs></w:pPr></w:p>'
    )
    if first:
        p.append(_run('<w:fldChar w:fldCharType="begin"/>'))
        p.append(_run('<w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u </w:instrText>'))
        p.append(_run('<w:fldChar w:fldCharType="separate"/>'))
    link = etree.SubElement(p, _w("hyperlink"))
    link.set(_w("anchor"), f"_Toc{1000 + n}")
    link.set(_w("history"), "1")
    runs = [
        f'<w:t xml:space="preserve">{title}</w:t>',
        "<w:tab/>",
        '<w:fldChar w:fldCharType="begin"/>',
        f'<w:instrText xml:space="preserve"> PAGEREF _Toc{1000 + n} \\h </w:instrText>',
        '<w:fldChar w:fldCharType="separate"/>',
        f"<w:t>{page}</w:t>",
        '<w:fldChar w:fldCharType="end"/>',
    ]
    for r in runs:
        link.append(_run(r))
    if last:
        p.append(_run('<w:fldChar w:fldCharType="end"/>'))
    return p


def with_word_toc(sample: Path, out: Path) -> Path:
    """`sample` with its typed contents entries (after "Innehållsförteckning") as a Word TOC field."""
    with zipfile.ZipFile(sample) as src:
        members = {info.filename: src.read(info) for info in src.infolist()}
    root = etree.fromstring(members["word/document.xml"])
    body = root.find("w:body", NS)
    assert body is not None
    paragraphs = list(body)
    heading = next(i for i, p in enumerate(paragraphs) if _text(p) == "Innehållsförteckning")
    entries = []
    for p in paragraphs[heading + 1 :]:
        m = _PAGE_TAIL.search(_text(p))
        if p.tag != _w("p") or m is None:
            break
        style = p.find("w:pPr/w:pStyle", NS)
        level = 2 if style is not None and style.get(_w("val")) == "Heading2" else 1
        entries.append((p, _PAGE_TAIL.sub("", _text(p)), m.group(1), level))
    assert len(entries) > 10
    sdt = etree.fromstring(
        f'<w:sdt xmlns:w="{W}"><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
        "<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent/></w:sdt>"
    )
    content = sdt.find("w:sdtContent", NS)
    assert content is not None
    body.insert(body.index(paragraphs[heading]), sdt)
    content.append(paragraphs[heading])  # Word puts the contents heading inside the control
    for n, (p, title, page, level) in enumerate(entries):
        content.append(_entry(title, page, level, n, first=n == 0, last=n == len(entries) - 1))
        body.remove(p)
    members["word/document.xml"] = etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in members.items():
            dst.writestr(name, data)
    return out
