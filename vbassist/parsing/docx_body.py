"""The one walk over a .docx body: the reader numbers its blocks by it, the annotator finds block N again
by it (`vbassist.reports.annotate`), so a comment lands on the text the finding quotes.

The order is the order Word lays the document out:

* paragraphs and tables, also inside content controls (`w:sdt`) and custom XML (`w:customXml`) at every
  level: around blocks, rows, cells and runs;
* a paragraph is split at its line breaks (`w:br` of any type, `w:cr`; Shift+Enter in Word) into
  logical lines, one block each ("Enhetsmål: … ↵ ■ Uppfylls inte" is a title and a status);
* a layout table (a table of one cell, or one with a cell that holds a table of two or more rows) is no
  block: its cells' content is read in its place, row by row, cell by cell, each merged cell once;
* any other table is one block; a table nested in one of its cells becomes lines of that cell's text
  ("a | b" per row);
* a text box is read once (the `mc:Choice` drawing, not its `mc:Fallback` copy), after the paragraph
  that anchors it;
* hidden text (`w:vanish`), tracked deletions and moves away are left out; `w:sym` and characters of a
  run set in a symbol font are the character Word shows (Wingdings "l" is ●).

Every count a `ReadBudget` keeps (paragraphs, characters, rows, columns, cells) is taken before the work
it stands for, so a span of tens of millions is refused before a list that long exists.
"""

from __future__ import annotations

import re
import sys
from typing import NamedTuple

from lxml.etree import _Element as Element

from vbassist.parsing.docx_symbols import Font, font, shown, symbol
from vbassist.parsing.limits import ReadBudget

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def w(tag: str) -> str:
    """The Clark name of a WordprocessingML tag ("p" -> "{...main}p")."""
    return f"{{{W_NS}}}{tag}"


# Clark names computed once: building them on every lookup was a measurable share of the parse
P, TBL, TR, TC, R, RPR = w("p"), w("tbl"), w("tr"), w("tc"), w("r"), w("rPr")
_SDT, _SDT_CONTENT, _CUSTOM_XML = w("sdt"), w("sdtContent"), w("customXml")
_T, _TAB, _PTAB, _BR, _CR = w("t"), w("tab"), w("ptab"), w("br"), w("cr")
_NO_BREAK_HYPHEN, _SYM, _VANISH, _RFONTS = w("noBreakHyphen"), w("sym"), w("vanish"), w("rFonts")
_TRPR, _TCPR, _DEL = w("trPr"), w("tcPr"), w("del")
_GRID_BEFORE, _GRID_AFTER, _GRID_SPAN, _VMERGE = w("gridBefore"), w("gridAfter"), w("gridSpan"), w("vMerge")
_VAL, _FONT, _CHAR, _ASCII, _HANSI = w("val"), w("font"), w("char"), w("ascii"), w("hAnsi")
_TXBX = w("txbxContent")
_FALLBACK = f"{{{_MC_NS}}}Fallback"

_BLOCKS = frozenset((P, TBL))
_ROWS = frozenset((TR,))
_CELLS = frozenset((TC,))
# a run under one of these is not text of the paragraph being read: deleted, moved away, in a text box
# (read as blocks of its own), in a nested paragraph, or the fallback copy of content read once
_SKIPPED_ANCESTORS = frozenset((_DEL, w("moveFrom"), _TXBX, P, _FALLBACK))
_OFF = frozenset(("false", "0", "off"))
_PRIVATE_USE_RE = re.compile("[\uf000-\uf0ff]")
_COUNT_EVERY = 256  # paragraphs read between two counts against the budget


class Line(NamedTuple):
    """One logical line of a paragraph: `text` starts at offset `start` of the paragraph's text."""

    paragraph: Element
    start: int
    text: str


class Table(NamedTuple):
    """A table read as a block: the cell element at each position of its layout grid (the first cell of
    a vertical merge in every row it spans, a horizontally merged cell in every column), None where a
    row starts late or ends early."""

    element: Element
    grid: list[list[Element | None]]


BodyItem = Line | Table


# --------------------------------------------------------------------------- containers


def _content(parent: Element, tags: frozenset[str], out: list[Element] | None = None) -> list[Element]:
    """The children of `parent` with one of `tags`, looking through content controls and custom XML."""
    found: list[Element] = [] if out is None else out
    for child in parent.iterchildren():  # (a tag filter here makes lxml slower, not faster)
        tag = child.tag
        if tag in tags:
            found.append(child)
        elif tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                _content(content, tags, found)
        elif tag == _CUSTOM_XML:
            _content(child, tags, found)
    return found


def table_rows(tbl: Element) -> list[Element]:
    """The rows of a table in order, without rows deleted in tracked changes."""
    rows = _content(tbl, _ROWS)
    for tr in rows:
        trpr = tr.find(_TRPR)
        if trpr is not None and trpr.find(_DEL) is not None:
            return [r for r in rows if (pr := r.find(_TRPR)) is None or pr.find(_DEL) is None]
    return rows


def _int_prop(props: Element, tag: str) -> int:
    """The integer `w:val` of a trPr/tcPr child (gridBefore, gridSpan ...), 0 when absent."""
    el = props.find(tag)
    val = el.get(_VAL) if el is not None else None
    return int(val) if val is not None else 0


# --------------------------------------------------------------------------- text of runs


def run_text(run: Element, private_use: bool = True) -> str:
    """The text a run shows: w:t text, a tab for w:tab/w:ptab, a newline for every w:br and w:cr, a dash
    for w:noBreakHyphen, the symbol of a w:sym; nothing for a hidden run. `private_use=False`: the
    document has no private-use character (known from its bytes), so the text needs no look for one."""
    table: Font | None = None
    parts: list[str] = []
    for child in run.iterchildren():
        tag = child.tag
        if tag == _T:
            text = child.text
            if text:
                if table is not None or (private_use and _PRIVATE_USE_RE.search(text)):
                    text = shown(text, table)
                parts.append(text)
        elif tag == RPR:
            vanish = child.find(_VANISH)
            if vanish is not None and vanish.get(_VAL, "true") not in _OFF:
                return ""
            fonts = child.find(_RFONTS)
            if fonts is not None:
                table = font(fonts.get(_ASCII) or fonts.get(_HANSI))
        elif tag in (_TAB, _PTAB):
            parts.append("\t")
        elif tag in (_BR, _CR):
            parts.append("\n")
        elif tag == _NO_BREAK_HYPHEN:
            parts.append("-")
        elif tag == _SYM:
            parts.append(symbol(child.get(_FONT), child.get(_CHAR)))
    return "".join(parts)


def _counts(parent: Element | None, p: Element) -> bool:
    """Whether a run under `parent` is text of paragraph `p` (see `_SKIPPED_ANCESTORS`)."""
    while parent is not None and parent is not p:
        if parent.tag in _SKIPPED_ANCESTORS:
            return False
        parent = parent.getparent()
    return True


def paragraph_text(p: Element, private_use: bool = True) -> str:
    """The text of a paragraph: its runs' text, lines separated by newlines (see `paragraph_runs`)."""
    parts: list[str] = []
    for run in p.iter(R):
        parent = run.getparent()
        if parent is p or _counts(parent, p):
            parts.append(run_text(run, private_use))
    return "".join(parts)


def paragraph_runs(p: Element) -> list[tuple[Element, str]]:
    """The runs whose text is the paragraph's, in order, with that text: direct runs and those inside
    hyperlinks, tracked insertions, inline content controls, custom XML, smart tags and simple fields."""
    return [(run, run_text(run)) for run in p.iter(R) if _counts(run.getparent(), p)]


def _text_boxes(p: Element) -> list[Element]:
    """The text boxes anchored in `p` itself (not in a box inside it), each once: the copy under
    mc:Fallback repeats the mc:Choice one."""
    boxes: list[Element] = []
    for box in p.iter(_TXBX):
        parent = box.getparent()
        while parent is not None and parent is not p:
            if parent.tag in (P, _FALLBACK):
                break
            parent = parent.getparent()
        else:
            boxes.append(box)
    return boxes


# --------------------------------------------------------------------------- the walk


class BodyWalk:
    """Walks a body (or a cell, or a text box) into `Line`s and `Table`s. With a budget, every
    paragraph, character and grid position read is counted against the file's limits. `private_use`
    False skips the look for private-use characters in every run (`DocxPackage.private_use` knows)."""

    def __init__(self, budget: ReadBudget | None = None, *, private_use: bool = True) -> None:
        self.budget = budget
        self.private_use = private_use  # False: the document has no private-use character to map
        # the per-table limits as plain numbers, compared in the loops without a call
        limits = budget.limits if budget is not None else None
        self._max_rows = limits.max_table_rows if limits else sys.maxsize
        self._max_columns = limits.max_table_columns if limits else sys.maxsize
        # known at the first walk: does the document have any text box, any table inside a table
        self._boxes: bool | None = None
        self._nested = True

    def items(self, container: Element) -> list[BodyItem]:
        """The blocks of `container` in reading order."""
        if self._boxes is None:
            self._boxes = next(container.iter(_TXBX), None) is not None
            self._nested = any(_in_cell(tbl) for tbl in container.iter(TBL))
        out: list[BodyItem] = []
        self._collect(container, out)
        return out

    def _collect(self, container: Element, out: list[BodyItem]) -> None:
        private_use = self.private_use
        paragraphs = chars = 0  # counted against the budget every few paragraphs and at the end
        for el in _content(container, _BLOCKS):
            if el.tag == P:
                text = paragraph_text(el, private_use)
                paragraphs += 1
                chars += len(text)
                if paragraphs == _COUNT_EVERY:
                    self._count(paragraphs, chars)
                    paragraphs = chars = 0
                if "\n" not in text:
                    out.append(Line(el, 0, text))
                else:
                    start = 0
                    for line in text.split("\n"):
                        out.append(Line(el, start, line))
                        start += len(line) + 1
                if self._boxes:
                    for box in _text_boxes(el):
                        self._collect(box, out)
                continue
            grid = self.grid(el)
            if _is_layout(el, grid, nested=self._nested):
                for tc in _unique_cells(grid):
                    self._collect(tc, out)
            else:
                out.append(Table(el, grid))
        self._count(paragraphs, chars)

    def _count(self, paragraphs: int, chars: int) -> None:
        if self.budget is not None and paragraphs:
            self.budget.add_paragraph(chars, paragraphs)

    def grid(self, tbl: Element) -> list[list[Element | None]]:
        """The cell at each position of the table's layout grid (see `Table`). Rows and columns are
        checked as the grid grows (a span before its cells exist: it can claim any number)."""
        grid: list[list[Element | None]] = []
        max_rows, max_columns = self._max_rows, self._max_columns
        cells = 0
        for tr in table_rows(tbl):
            if len(grid) == max_rows:
                self._over_rows(len(grid) + 1)
            trpr = tr.find(_TRPR)
            row: list[Element | None] = []
            if trpr is not None:
                before = _int_prop(trpr, _GRID_BEFORE)
                if before > 0:
                    if before > max_columns:
                        self._over_columns(before)
                    row.extend([None] * before)
            for tc in _content(tr, _CELLS):
                origin = tc
                span = 1
                tcpr = tc.find(_TCPR)
                if tcpr is not None:
                    span = _int_prop(tcpr, _GRID_SPAN)
                    vmerge = tcpr.find(_VMERGE)
                    # a w:vMerge without w:val continues the cell above (ST_Merge's default)
                    if vmerge is not None and vmerge.get(_VAL, "continue") == "continue" and grid:
                        above = grid[-1]
                        first = above[len(row)] if len(row) < len(above) else None
                        if first is not None:
                            origin = first
                if span <= 1:
                    row.append(origin)
                else:
                    if len(row) + span > max_columns:
                        self._over_columns(len(row) + span)
                    row.extend([origin] * span)
            if trpr is not None:
                after = _int_prop(trpr, _GRID_AFTER)
                if after > 0:
                    if len(row) + after > max_columns:
                        self._over_columns(len(row) + after)
                    row.extend([None] * after)
            if len(row) > max_columns:
                self._over_columns(len(row))
            cells += len(row)
            grid.append(row)
        width = max((len(r) for r in grid), default=0)
        for row in grid:
            if len(row) < width:
                cells += width - len(row)
                row.extend([None] * (width - len(row)))
        if self.budget is not None:
            self.budget.add_cells(cells)  # a table is at most rows x columns: counted whole
        return grid

    def _over_rows(self, rows: int) -> None:
        assert self.budget is not None  # no limit without a budget
        self.budget.check_row(rows)

    def _over_columns(self, width: int) -> None:
        assert self.budget is not None
        self.budget.check_width(width)

    def cell_items(self, tc: Element) -> list[BodyItem]:
        """The blocks inside a cell: its paragraphs' lines, its nested tables."""
        items: list[BodyItem] = []
        self._collect(tc, items)
        return items

    def cell_text(self, tc: Element) -> str:
        """A cell as the reader gives it: its lines joined by newlines, a nested table one line per row
        ("a | b"), surrounding whitespace removed."""
        return "\n".join([self.item_text(item) for item in self.cell_items(tc)]).strip()

    def item_text(self, item: BodyItem) -> str:
        if isinstance(item, Line):
            return item.text
        lines: list[str] = []
        for row in self.table_texts(item):
            cells = [c for c in row if c.strip()]
            if cells:
                lines.append(" | ".join(dict.fromkeys(cells)))
        return "\n".join(lines)

    def table_texts(self, table: Table) -> list[list[str]]:
        """Rows of cell texts on the table's grid: `rows[r][c]` is what a reader sees there."""
        texts: dict[Element, str] = {}
        rows: list[list[str]] = []
        private_use, simple = self.private_use, not self._boxes
        for grid_row in table.grid:
            row: list[str] = []
            paragraphs = chars = 0  # of the row's one-paragraph cells, counted once per row
            for tc in grid_row:
                if tc is None:
                    row.append("")
                    continue
                text = texts.get(tc)
                if text is None:
                    blocks = _content(tc, _BLOCKS)
                    if simple and len(blocks) == 1 and blocks[0].tag == P:  # most cells: one paragraph
                        text = paragraph_text(blocks[0], private_use)
                        paragraphs += 1
                        chars += len(text)
                        text = text.strip()
                    else:
                        text = self.cell_text(tc)
                    texts[tc] = text
                row.append(text)
            self._count(paragraphs, chars)
            rows.append(row)
        return rows


def _unique_cells(grid: list[list[Element | None]]) -> list[Element]:
    """Each cell of the grid once, in reading order (a merged cell where it starts)."""
    seen: dict[Element, None] = {}
    for row in grid:
        for tc in row:
            if tc is not None and tc not in seen:
                seen[tc] = None
    return list(seen)


def _in_cell(tbl: Element) -> bool:
    parent = tbl.getparent()
    while parent is not None:
        if parent.tag == TC:
            return True
        parent = parent.getparent()
    return False


def _is_layout(tbl: Element, grid: list[list[Element | None]], *, nested: bool) -> bool:
    """A table that lays out a page rather than holding data: a single cell, or a cell holding a table
    of two or more rows (an indicator table, a whole enhetsmål block) or a layout table of its own.
    `nested` False: the document has no table inside a table, nothing to look for."""
    first = grid[0][0] if grid and grid[0] else None
    if first is not None and all(tc is first for row in grid for tc in row):
        return True
    if not nested:
        return False
    for nested_table in tbl.iterdescendants(TBL):
        rows = table_rows(nested_table)
        if len(rows) >= 2 or (len(rows) == 1 and len(_content(rows[0], _CELLS)) == 1):
            return True
    return False
