""".docx -> `Document` of blocks, in body order.

Block index = position among the body's paragraphs and tables, counting those inside block-level content
controls (`w:sdt`) too: Word wraps tables of contents and template parts in them, and python-docx's
`iter_inner_content()` would skip them. `iter_body_items` is public so that writers (annotated .docx
with comments) can walk the same order and find block N again.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl, CT_Tc
from docx.oxml.text.paragraph import CT_P

from vbassist.model import Document, ParagraphBlock, TableBlock

_HEADING_STYLE_RE = re.compile(r"^(?:heading|rubrik|overskrift)\s*(\d)$", re.IGNORECASE)
_LIST_STYLE_RE = re.compile(r"list|liststycke|punkt|bullet|numrering", re.IGNORECASE)


def iter_body_items(body_element) -> Iterator[CT_P | CT_Tbl]:
    """Paragraphs and tables of a body (or cell) in document order, descending into content controls."""
    for child in body_element.iterchildren():
        if child.tag == qn("w:p") or child.tag == qn("w:tbl"):
            yield child
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from iter_body_items(content)


def read_docx_blocks(source: str | Path | bytes | IO[bytes], name: str | None = None) -> Document:
    """Read a .docx (path, bytes or binary file) into blocks. Raises whatever python-docx raises for a
    broken package: the dispatcher (`vbassist.parsing.parse_bytes`) turns that into a user error."""
    import docx  # heavy: keep `vbassist --help` fast

    if isinstance(source, bytes):
        stream: str | IO[bytes] = io.BytesIO(source)
    elif isinstance(source, Path):
        stream = str(source)
    else:
        stream = source
    document = docx.Document(stream)
    styles = _style_names(document)
    blocks: list[ParagraphBlock | TableBlock] = []
    for element in iter_body_items(document.element.body):
        index = len(blocks)
        if isinstance(element, CT_Tbl):
            blocks.append(TableBlock(index=index, rows=table_grid(element)))
        else:
            blocks.append(_paragraph_block(element, index, styles))
    label = name or (str(source) if isinstance(source, (str, Path)) else "document.docx")
    return Document(source=label, format="docx", blocks=blocks)


def _style_names(document) -> dict[str, str]:
    """style id -> UI name ("Rubrik1" -> "Heading 1"): Swedish Word stores localised ids, and builtin
    styles carry lower-case internal names ("heading 1") that python-docx shows as "Heading 1"."""
    from docx.styles import BabelFish

    names: dict[str, str] = {}
    for style in document.styles.element.iterchildren(qn("w:style")):
        style_id = style.get(qn("w:styleId"))
        name_el = style.find(qn("w:name"))
        if style_id and name_el is not None:
            names[style_id] = BabelFish.internal2ui(name_el.get(qn("w:val")) or style_id)
    return names


def _paragraph_block(p: CT_P, index: int, styles: dict[str, str]) -> ParagraphBlock:
    style_id = p.style  # the w:pStyle value, None for the default paragraph style
    style = styles.get(style_id, style_id) if style_id else None
    heading_level: int | None = None
    if style:
        m = _HEADING_STYLE_RE.match(style.replace("_", " ").strip())
        if m:
            heading_level = int(m.group(1))
        elif style.lower() in ("title", "rubrik"):
            heading_level = 1
    if heading_level is None:
        # a direct outline level makes a paragraph a heading in Word's navigation pane too
        outline = p.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
        if outline is not None and (val := outline.get(qn("w:val"))) is not None and val.isdigit():
            level = int(val) + 1
            heading_level = level if level <= 9 else None
    has_numbering = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None
    is_list = bool(style and _LIST_STYLE_RE.search(style)) or (has_numbering and heading_level is None)
    return ParagraphBlock(
        index=index,
        text=paragraph_text(p),
        style=style,
        heading_level=heading_level,
        is_list_item=is_list,
    )


_SKIPPED_ANCESTORS = frozenset(qn(tag) for tag in ("w:del", "w:moveFrom", "w:txbxContent", "w:p"))


def paragraph_text(p: CT_P) -> str:
    """The text a reader sees: python-docx's `Paragraph.text` reads only direct runs and hyperlinks, so
    tracked insertions (`w:ins`), inline content controls, smart tags and simple fields would vanish.
    Deleted text (tracked deletions, moves away) and text boxes anchored in the paragraph stay out."""
    parts: list[str] = []
    for run in p.iter(qn("w:r")):
        parent = run.getparent()
        skipped = False
        while parent is not None and parent is not p:
            if parent.tag in _SKIPPED_ANCESTORS:
                skipped = True
                break
            parent = parent.getparent()
        if not skipped:
            parts.append(run.text)
    return "".join(parts)


def _cell_text(tc: CT_Tc) -> str:
    """A cell's paragraphs joined by newlines; a nested table becomes one line per row ("a | b")."""
    parts: list[str] = []
    for item in iter_body_items(tc):
        if isinstance(item, CT_Tbl):
            for row in table_grid(item):
                cells = [c for c in row if c.strip()]
                if cells:
                    parts.append(" | ".join(dict.fromkeys(cells)))
        else:
            parts.append(paragraph_text(item))
    return "\n".join(parts).strip()


def table_grid(tbl: CT_Tbl) -> list[list[str]]:
    """Rows of cell texts on the table's layout grid: a horizontally merged cell repeats in every column it
    spans, a vertically merged cell repeats in every row it spans, rows that start late or end early
    (gridBefore/gridAfter) are padded with empty strings, so `rows[r][c]` is what a reader sees there."""
    grid: list[list[str]] = []
    for tr in tbl.tr_lst:
        row: list[str] = [""] * tr.grid_before
        for tc in tr.tc_lst:
            span = max(tc.grid_span, 1)
            if tc.vMerge == "continue" and grid:
                col = len(row)
                above = grid[-1]
                text = above[col] if col < len(above) else ""
            else:
                text = _cell_text(tc)
            row.extend([text] * span)
        row.extend([""] * tr.grid_after)
        grid.append(row)
    width = max((len(r) for r in grid), default=0)
    return [r + [""] * (width - len(r)) for r in grid]
