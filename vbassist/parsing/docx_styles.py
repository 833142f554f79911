"""Style names of a .docx and what they say about a paragraph: its style's UI name, whether it is a
heading (and of what level) or a list item."""

from __future__ import annotations

import re
from typing import NamedTuple

from lxml import etree

from vbassist.parsing.docx_body import W_NS, w
from vbassist.parsing.docx_package import xml_parser

_PPR, _PSTYLE, _OUTLINE_LVL, _NUMPR = w("pPr"), w("pStyle"), w("outlineLvl"), w("numPr")
_VAL, _STYLE, _STYLE_ID, _NAME = w("val"), w("style"), w("styleId"), w("name")
_HEADING_STYLE_RE = re.compile(r"^(?:heading|rubrik|overskrift)\s*(\d)$", re.IGNORECASE)
_LIST_STYLE_RE = re.compile(r"list|liststycke|punkt|bullet|numrering", re.IGNORECASE)

# python-docx's BabelFish: builtin styles carry lower-case internal names that it shows as UI names
UI_NAMES = {f"heading {n}": f"Heading {n}" for n in range(1, 10)} | {
    "caption": "Caption",
    "footer": "Footer",
    "header": "Header",
}

_SIMPLE_ID_RE = re.compile(r"[A-Za-z0-9_.\-]+")
_NAME_VAL_RE = re.compile(rb'<w:name\b[^>]*?\bw:val="([^"&<]*)"')
_W_DECL = f'xmlns:w="{W_NS}"'.encode()


class StyleNames:
    """style id -> UI name ("Rubrik1" -> "Heading 1"): Swedish Word stores localised ids, and builtin
    styles carry lower-case internal names ("heading 1") that python-docx shows as "Heading 1".

    Looked up lazily, only for the ids the body uses: styles.xml is ~350 kB of style and latent-style
    definitions (parsing it all took as long as the whole body). Word writes each style as
    `<w:style ... w:styleId="X"><w:name w:val="..."/>`; a package written otherwise (another prefix,
    single quotes, entities, a DOCTYPE) is parsed in full, as before."""

    def __init__(self, xml: bytes) -> None:
        self._xml = xml
        head = xml[:4096]
        self._plain = _W_DECL in head and b"<!DOCTYPE" not in head and b"styleId='" not in xml
        self._cache: dict[str, str] = {}
        self._full: dict[str, str] | None = None

    def get(self, style_id: str) -> str:
        """The UI name of `style_id`, the id itself for a style the part does not define."""
        name = self._cache.get(style_id)
        if name is None:
            name = self._cache[style_id] = self._lookup(style_id)
        return name

    def _lookup(self, style_id: str) -> str:
        if self._plain and _SIMPLE_ID_RE.fullmatch(style_id):
            xml = self._xml
            # the last definition wins, as in a dict filled in document order
            pos = xml.rfind(f'w:styleId="{style_id}"'.encode())
            if pos < 0:
                return style_id
            start = xml.rfind(b"<", 0, pos)
            tag_end = xml.find(b">", pos)
            if xml.startswith(b"<w:style", start) and xml[start + 8 : start + 9].isspace() and tag_end > 0:
                if xml[tag_end - 1 : tag_end] == b"/":
                    return style_id  # an empty w:style: no w:name
                end = xml.find(b"</w:style>", tag_end)
                m = _NAME_VAL_RE.search(xml, tag_end, end) if end > 0 else None
                if end > 0 and (m is not None or b"<w:name" not in xml[tag_end:end]):
                    name = m.group(1).decode() if m is not None and m.group(1) else style_id
                    return UI_NAMES.get(name, name)
        return self._all().get(style_id, style_id)

    def _all(self) -> dict[str, str]:
        if self._full is None:
            names: dict[str, str] = {}
            if self._xml:
                for style in etree.fromstring(self._xml, xml_parser()).iterchildren(_STYLE):
                    style_id = style.get(_STYLE_ID)
                    name_el = style.find(_NAME)
                    if style_id and name_el is not None:
                        name = name_el.get(_VAL) or style_id
                        names[style_id] = UI_NAMES.get(name, name)
            self._full = names
        return self._full


class ParagraphStyle(NamedTuple):
    style: str | None  # the style's UI name; None: the default paragraph style
    heading_level: int | None
    is_list_item: bool


def paragraph_style(p: etree._Element, styles: StyleNames) -> ParagraphStyle:
    """What the paragraph's style and properties make it: a heading by its style name ("Heading 2",
    "Rubrik 2", "Title") or by a direct outline level, a list item by its style or its numbering."""
    ppr = p.find(_PPR)
    style_el = ppr.find(_PSTYLE) if ppr is not None else None
    style_id = style_el.get(_VAL) if style_el is not None else None
    style = styles.get(style_id) if style_id else None
    heading_level: int | None = None
    if style:
        m = _HEADING_STYLE_RE.match(style.replace("_", " ").strip())
        if m:
            heading_level = int(m.group(1))
        elif style.lower() in ("title", "rubrik"):
            heading_level = 1
    if heading_level is None and ppr is not None:
        # a direct outline level makes a paragraph a heading in Word's navigation pane too
        outline = ppr.find(_OUTLINE_LVL)
        if outline is not None and (val := outline.get(_VAL)) is not None and val.isdigit():
            level = int(val) + 1
            heading_level = level if level <= 9 else None
    has_numbering = ppr is not None and ppr.find(_NUMPR) is not None
    is_list = bool(style and _LIST_STYLE_RE.search(style)) or (has_numbering and heading_level is None)
    return ParagraphStyle(style, heading_level, is_list)
