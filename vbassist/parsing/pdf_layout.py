"""A PDF page as the text reader needs it: text lines with their positions and the ruled tables as grids
of cell fragments (one fragment per line inside a cell), in reading order; and the layout decisions made
from positions: where a paragraph ends, where a table goes on over a page break."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from vbassist.names import fold
from vbassist.parsing.wordbreaks import Fragment, Vocabulary, join_fragments

if TYPE_CHECKING:
    from pdfplumber.page import Page


@dataclass
class PdfLine:
    text: str
    top: float
    bottom: float
    x0: float = 0.0
    x1: float = 0.0


@dataclass
class PdfGrid:
    cells: list[list[list[Fragment]]]  # rows of cells of line fragments, joined once the vocabulary is known
    top: float
    bottom: float
    rows: list[list[str]] = field(default_factory=list)


PageItem = PdfLine | PdfGrid
Word = dict[str, Any]  # pdfplumber's word: text, x0, x1, top, bottom


def cell_fragments(bbox: tuple[float, float, float, float] | None, words: list[Word]) -> list[Fragment]:
    """The lines of text inside one table cell, each with the room left after it (in characters)."""
    if bbox is None:
        return []
    x0, top, x1, bottom = bbox
    inside = [
        w
        for w in words
        if x0 <= (w["x0"] + w["x1"]) / 2 <= x1 and top <= (w["top"] + w["bottom"]) / 2 <= bottom
    ]
    if not inside:
        return []
    padding = max(0.0, min(w["x0"] for w in inside) - x0)
    right = x1 - padding
    lines: list[list[Word]] = []
    for word in sorted(inside, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - word["top"]) < 3:
            lines[-1].append(word)
        else:
            lines.append([word])
    fragments: list[Fragment] = []
    for line in lines:
        line.sort(key=lambda w: w["x0"])
        last = line[-1]
        char = (last["x1"] - last["x0"]) / max(1, len(last["text"]))
        fragments.append((" ".join(w["text"] for w in line), (right - last["x1"]) / char))
    return fragments


# Ruling lines on a page beyond which tables are not looked for: pdfplumber pairs every horizontal with
# every vertical edge, and a page of a real report has a few hundred (a drawing or chart has thousands).
MAX_TABLE_EDGES = 4000


def page_items(page: Page) -> tuple[list[PageItem], bool]:
    """A page's text lines and tables in reading order (top to bottom), and whether its tables were
    read (False: too many ruling lines, the page is read as text lines only)."""
    grids: list[PdfGrid] = []
    boxes: list[tuple[float, float, float, float]] = []
    tables_read = len(page.edges) <= MAX_TABLE_EDGES
    tables = page.find_tables() if tables_read else []
    words: list[Word] = page.extract_words() if tables else []
    for table in tables:
        cells = [[cell_fragments(bbox, words) for bbox in row.cells] for row in table.rows]
        cells = [r for r in cells if any(r)]
        if cells and len(cells[0]) > 1:
            x0, top, x1, bottom = table.bbox
            grids.append(PdfGrid(cells=cells, top=top, bottom=bottom))
            boxes.append((x0, top, x1, bottom))
    lines: list[PdfLine] = []
    for line in page.extract_text_lines(strip=True, return_chars=False):
        middle = (line["top"] + line["bottom"]) / 2
        centre = (line["x0"] + line["x1"]) / 2
        if any(x0 <= centre <= x1 and top <= middle <= bottom for x0, top, x1, bottom in boxes):
            continue
        lines.append(
            PdfLine(text=line["text"], top=line["top"], bottom=line["bottom"], x0=line["x0"], x1=line["x1"])
        )
    items: list[PageItem] = [*lines, *grids]
    items.sort(key=lambda item: item.top)
    return items, tables_read


def _same_header(a: list[str], b: list[str]) -> bool:
    norm = [re.sub(r"\s+", "", c).lower() for c in a], [re.sub(r"\s+", "", c).lower() for c in b]
    return norm[0] == norm[1]


_COMMENT_ROW_RE = re.compile(r"^(?:analys|kommentar)\b")


def _rest_of_cut_row(row: list[str]) -> bool:
    """Is this first row of a table's continuation the rest of the row the page break cut? Yes when its
    first cell goes on in lower case, or when only its first cell holds text and that text is not an
    "Analys" comment row of its own ("Aktivt" / "Medskapandeindex", "... och" / "Äldreomsorgs...")."""
    first = row[0]
    if first[:1].islower():
        return True
    return (
        bool(first.strip()) and not any(c.strip() for c in row[1:]) and not _COMMENT_ROW_RE.match(fold(first))
    )


def merge_across_pages(pages: list[list[PageItem]], vocabulary: Vocabulary) -> None:
    """A table that runs onto the next page is one table: drop the repeated header and glue a row that
    the page break cut in two (`_rest_of_cut_row`; a cell's halves are joined like its lines, so a word
    broken by the page comes back whole)."""
    previous: PdfGrid | None = None
    for items in pages:
        first = items[0] if items else None
        if (
            isinstance(first, PdfGrid)
            and previous is not None
            and len(first.rows[0]) == len(previous.rows[0])
        ):
            rows, cells = first.rows, first.cells
            if _same_header(rows[0], previous.rows[0]):
                rows, cells = rows[1:], cells[1:]
            if rows and _rest_of_cut_row(rows[0]):
                rows, (remainder, *cells) = rows[1:], cells
                for c, fragments in enumerate(remainder):
                    previous.cells[-1][c] = [*previous.cells[-1][c], *fragments]
                    previous.rows[-1][c] = join_fragments(previous.cells[-1][c], vocabulary)
            previous.rows.extend(rows)
            previous.cells.extend(cells)
            items.remove(first)
        if items:
            tail = items[-1]
            previous = tail if isinstance(tail, PdfGrid) else None
        # else: the page held only the table's continuation (a long cell can fill pages): keep going


def right_edge(pages: list[list[PageItem]]) -> float:
    """Where full lines end: the right margin of the body text."""
    ends = sorted(it.x1 for items in pages for it in items if isinstance(it, PdfLine) and len(it.text) > 30)
    return ends[int(len(ends) * 0.95)] if ends else 0.0


def paragraph_break(previous: PdfLine, line: PdfLine, line_height: float, right_edge: float) -> bool:
    """Did the paragraph end after `previous`? Yes after a vertical gap larger than the line spacing, and
    when the next line's first word would have fitted after `previous`: a wrap only happens when it
    does not (this holds for headings in a larger font too, where counting characters would not)."""
    same_page = line.top > previous.top
    if same_page and line.top - previous.bottom > 0.6 * line_height:
        return True
    first_word = line.text.split(" ", 1)[0]
    char = (line.x1 - line.x0) / max(1, len(line.text))
    return previous.x1 + 0.6 * char + len(first_word) * char < right_edge - 2
