""".docx -> `Document` of blocks, in body order.

Block index = position among the body's paragraphs and tables, counting those inside block-level content
controls (`w:sdt`) too: Word wraps tables of contents and template parts in them, and python-docx's
`iter_inner_content()` would skip them. `iter_body_items` is public so that writers (annotated .docx
with comments) can walk the same order and find block N again.

The package is read with zipfile + lxml directly, not through python-docx: `docx.Document()` parses
every part of the package (settings, numbering, headers, fonts ...) and its per-run `xpath` text
lookup was most of the parse time. Only what python-docx itself consults to hand over the body and the
style names is read: [Content_Types].xml, the package and document relationships, the main document
part and the styles part, with python-docx's parser settings (blank text removed, no entity
resolution), so the text is the same.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import IO

from lxml import etree

from vbassist.model import Document, ParagraphBlock, TableBlock

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


# Clark names computed once: `docx.oxml.ns.qn` on every lookup was a measurable share of the parse
_P, _TBL, _SDT, _SDT_CONTENT, _BODY = _w("p"), _w("tbl"), _w("sdt"), _w("sdtContent"), _w("body")
_R, _T, _TAB, _BR, _CR = _w("r"), _w("t"), _w("tab"), _w("br"), _w("cr")
_NO_BREAK_HYPHEN, _PTAB = _w("noBreakHyphen"), _w("ptab")
_PPR, _PSTYLE, _OUTLINE_LVL, _NUMPR = _w("pPr"), _w("pStyle"), _w("outlineLvl"), _w("numPr")
_TR, _TC, _TRPR, _TCPR = _w("tr"), _w("tc"), _w("trPr"), _w("tcPr")
_GRID_BEFORE, _GRID_AFTER, _GRID_SPAN, _VMERGE = (
    _w("gridBefore"),
    _w("gridAfter"),
    _w("gridSpan"),
    _w("vMerge"),
)
_VAL, _TYPE = _w("val"), _w("type")
_STYLE, _STYLE_ID, _NAME = _w("style"), _w("styleId"), _w("name")

_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_RT_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_RT_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
_CT_DOCUMENT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"

# python-docx's own parser settings (docx.oxml.parser.oxml_parser) without its custom element classes
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)

_HEADING_STYLE_RE = re.compile(r"^(?:heading|rubrik|overskrift)\s*(\d)$", re.IGNORECASE)
_LIST_STYLE_RE = re.compile(r"list|liststycke|punkt|bullet|numrering", re.IGNORECASE)


def iter_body_items(body_element) -> Iterator[etree._Element]:
    """Paragraphs and tables of a body (or cell) in document order, descending into content controls."""
    for child in body_element.iterchildren():
        tag = child.tag
        if tag in (_P, _TBL):
            yield child
        elif tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from iter_body_items(content)


def read_docx_blocks(source: str | Path | bytes | IO[bytes], name: str | None = None) -> Document:
    """Read a .docx (path, bytes or binary file) into blocks. Raises what a broken package makes zipfile
    and lxml raise (KeyError for a missing part, ValueError for a package that is not a Word document,
    XMLSyntaxError): the dispatcher (`vbassist.parsing.parse_bytes`) turns that into a user error."""
    if isinstance(source, bytes):
        stream: str | IO[bytes] = io.BytesIO(source)
    elif isinstance(source, Path):
        stream = str(source)
    else:
        stream = source
    with zipfile.ZipFile(stream) as package:
        body, styles_xml = _main_parts(package)
    styles = _StyleNames(styles_xml)
    blocks: list[ParagraphBlock | TableBlock] = []
    for element in iter_body_items(body):
        index = len(blocks)
        if element.tag == _TBL:
            blocks.append(TableBlock(index=index, rows=table_grid(element)))
        else:
            blocks.append(_paragraph_block(element, index, styles))
    label = name or (str(source) if isinstance(source, (str, Path)) else "document.docx")
    return Document(source=label, format="docx", blocks=blocks)


# --------------------------------------------------------------------------- the package (OPC)


def _rels(package: zipfile.ZipFile, part: str) -> list[tuple[str, str]]:
    """(type, absolute part name) of the internal relationships of `part` ("/" = the package), resolved
    as python-docx resolves them; a part without a .rels member has none."""
    base, filename = posixpath.split(part)
    member = posixpath.join(base, "_rels", f"{filename}.rels").lstrip("/")
    try:
        data = package.read(member)
    except KeyError:
        return []
    out: list[tuple[str, str]] = []
    for rel in etree.fromstring(data, _PARSER).iterchildren(f"{{{_RELS_NS}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = posixpath.normpath(posixpath.join(base or "/", rel.get("Target") or ""))
        out.append((rel.get("Type") or "", target))
    return out


def _main_parts(package: zipfile.ZipFile) -> tuple[etree._Element, bytes]:
    """The document's `w:body` and the styles part's XML (python-docx's default styles when the package
    has none, which is what `docx.Document().styles` gives then)."""
    types = etree.fromstring(package.read("[Content_Types].xml"), _PARSER)  # KeyError when absent
    overrides = {
        (o.get("PartName") or "").lower(): o.get("ContentType")
        for o in types.iterchildren(f"{{{_CT_NS}}}Override")
    }
    defaults = {
        (d.get("Extension") or "").lower(): d.get("ContentType")
        for d in types.iterchildren(f"{{{_CT_NS}}}Default")
    }
    main = next((t for rt, t in _rels(package, "/") if rt == _RT_OFFICE_DOCUMENT), None)
    if main is None:
        raise KeyError("no relationship of type officeDocument")
    content_type = overrides.get(main.lower()) or defaults.get(posixpath.splitext(main)[1][1:].lower())
    if content_type is None:
        raise KeyError(f"no content type for part {main!r}")
    if content_type != _CT_DOCUMENT_MAIN:  # a template, a macro document: python-docx refuses them too
        raise ValueError(f"not a Word document, content type is {content_type!r}")
    document = etree.fromstring(package.read(main.lstrip("/")), _PARSER)
    body = document.find(_BODY)
    if body is None:
        body = etree.Element(_BODY)  # no body: no blocks
    styles_part = next((t for rt, t in _rels(package, main) if rt == _RT_STYLES), None)
    if styles_part is None:
        return body, _default_styles()
    return body, package.read(styles_part.lstrip("/"))


@lru_cache(maxsize=1)
def _default_styles() -> bytes:
    import importlib.util

    # found without importing python-docx (a heavy import a worker does not otherwise need)
    spec = importlib.util.find_spec("docx")
    if spec is None or not spec.submodule_search_locations:
        return b""
    return (
        Path(next(iter(spec.submodule_search_locations))) / "templates" / "default-styles.xml"
    ).read_bytes()


# python-docx's BabelFish: builtin styles carry lower-case internal names that it shows as UI names
_UI_NAMES = {f"heading {n}": f"Heading {n}" for n in range(1, 10)} | {
    "caption": "Caption",
    "footer": "Footer",
    "header": "Header",
}

_SIMPLE_ID_RE = re.compile(r"[A-Za-z0-9_.\-]+")
_NAME_VAL_RE = re.compile(rb'<w:name\b[^>]*?\bw:val="([^"&<]*)"')
_W_DECL = f'xmlns:w="{_W}"'.encode()


class _StyleNames:
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
                    return _UI_NAMES.get(name, name)
        return self._all().get(style_id, style_id)

    def _all(self) -> dict[str, str]:
        if self._full is None:
            names: dict[str, str] = {}
            if self._xml:
                for style in etree.fromstring(self._xml, _PARSER).iterchildren(_STYLE):
                    style_id = style.get(_STYLE_ID)
                    name_el = style.find(_NAME)
                    if style_id and name_el is not None:
                        name = name_el.get(_VAL) or style_id
                        names[style_id] = _UI_NAMES.get(name, name)
            self._full = names
        return self._full


def _paragraph_block(p: etree._Element, index: int, styles: _StyleNames) -> ParagraphBlock:
    ppr = p.find(_PPR)
    style_el = ppr.find(_PSTYLE) if ppr is not None else None
    style_id = style_el.get(_VAL) if style_el is not None else None  # None: the default paragraph style
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
    return ParagraphBlock(
        index=index,
        text=paragraph_text(p),
        style=style,
        heading_level=heading_level,
        is_list_item=is_list,
    )


_SKIPPED_ANCESTORS = frozenset(_w(tag) for tag in ("del", "moveFrom", "txbxContent", "p"))


def _run_text(run: etree._Element) -> str:
    """python-docx's `CT_R.text`: w:t text, w:tab and w:ptab a tab, w:br a newline (a page or column
    break nothing), w:cr a newline, w:noBreakHyphen a dash."""
    parts: list[str] = []
    for child in run.iterchildren():
        tag = child.tag
        if tag == _T:
            if child.text:
                parts.append(child.text)
        elif tag in (_TAB, _PTAB):
            parts.append("\t")
        elif tag == _BR:
            if child.get(_TYPE, "textWrapping") == "textWrapping":
                parts.append("\n")
        elif tag == _CR:
            parts.append("\n")
        elif tag == _NO_BREAK_HYPHEN:
            parts.append("-")
    return "".join(parts)


def paragraph_text(p: etree._Element) -> str:
    """The text a reader sees: python-docx's `Paragraph.text` reads only direct runs and hyperlinks, so
    tracked insertions (`w:ins`), inline content controls, smart tags and simple fields would vanish.
    Deleted text (tracked deletions, moves away) and text boxes anchored in the paragraph stay out."""
    parts: list[str] = []
    for run in p.iter(_R):
        parent = run.getparent()
        skipped = False
        while parent is not None and parent is not p:
            if parent.tag in _SKIPPED_ANCESTORS:
                skipped = True
                break
            parent = parent.getparent()
        if not skipped:
            parts.append(_run_text(run))
    return "".join(parts)


def _cell_text(tc: etree._Element) -> str:
    """A cell's paragraphs joined by newlines; a nested table becomes one line per row ("a | b")."""
    parts: list[str] = []
    for item in iter_body_items(tc):
        if item.tag == _TBL:
            for row in table_grid(item):
                cells = [c for c in row if c.strip()]
                if cells:
                    parts.append(" | ".join(dict.fromkeys(cells)))
        else:
            parts.append(paragraph_text(item))
    return "\n".join(parts).strip()


def _int_prop(props: etree._Element | None, tag: str, default: int) -> int:
    """The integer `w:val` of a trPr/tcPr child (gridBefore, gridSpan ...), `default` when absent."""
    if props is None:
        return default
    el = props.find(tag)
    if el is None:
        return default
    val = el.get(_VAL)
    return int(val) if val is not None else default


def table_grid(tbl: etree._Element) -> list[list[str]]:
    """Rows of cell texts on the table's layout grid: a horizontally merged cell repeats in every column it
    spans, a vertically merged cell repeats in every row it spans, rows that start late or end early
    (gridBefore/gridAfter) are padded with empty strings, so `rows[r][c]` is what a reader sees there."""
    grid: list[list[str]] = []
    for tr in tbl.iterchildren(_TR):
        trpr = tr.find(_TRPR)
        row: list[str] = [""] * _int_prop(trpr, _GRID_BEFORE, 0)
        for tc in tr.iterchildren(_TC):
            tcpr = tc.find(_TCPR)
            span = max(_int_prop(tcpr, _GRID_SPAN, 1), 1)
            vmerge = tcpr.find(_VMERGE) if tcpr is not None else None
            # a w:vMerge without w:val continues the cell above (ST_Merge's default), as in python-docx
            if vmerge is not None and vmerge.get(_VAL, "continue") == "continue" and grid:
                col = len(row)
                above = grid[-1]
                text = above[col] if col < len(above) else ""
            else:
                text = _cell_text(tc)
            row.extend([text] * span)
        row.extend([""] * _int_prop(trpr, _GRID_AFTER, 0))
        grid.append(row)
    width = max((len(r) for r in grid), default=0)
    return [r + [""] * (width - len(r)) for r in grid]
