"""PDF -> `Document` of blocks, through the text reader.

pypdf opens the file first: it tells a broken file from an encrypted one, which the user must hear
differently. pdfplumber (pdfminer underneath) then gives each page's text lines with their positions and
the tables it can see by their ruling lines; the tables become tab-separated rows, the vertical gaps
between lines become empty lines (paragraph ends), and the result goes through
`read_text_blocks(..., wrapped=True)`, which reflows the hard-wrapped lines, drops page furniture and
rebuilds the tables that a borderless layout flattened into lines (the VP template).
"""

from __future__ import annotations

import io
import logging
import re
import statistics
from dataclasses import dataclass, field

from vbassist.errors import CorruptFileError, EmptyFileError, EncryptedFileError
from vbassist.model import Document
from vbassist.parsing.text import hyphen_joins, is_furniture, read_text_blocks

log = logging.getLogger(__name__)


@dataclass
class _Line:
    text: str
    top: float
    bottom: float
    x0: float = 0.0
    x1: float = 0.0


@dataclass
class _Grid:
    cells: list[list[list[Fragment]]]  # rows of cells of line fragments, joined once the vocabulary is known
    top: float
    bottom: float
    rows: list[list[str]] = field(default_factory=list)


def _open_checked(data: bytes, source: str) -> None:
    """Raise the user error for a file that is not a readable PDF."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not data.strip():
        raise EmptyFileError("filen är tom", source=source)
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise CorruptFileError("filen är inte en PDF (början av filen saknar %PDF)", source=source)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise EncryptedFileError(
                "PDF-filen är lösenordsskyddad; spara en kopia utan lösenord", source=source
            )
        if len(reader.pages) == 0:
            raise CorruptFileError("PDF-filen har inga sidor", source=source)
    except (EncryptedFileError, CorruptFileError):
        raise
    except PdfReadError as exc:
        if "decrypt" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise EncryptedFileError("PDF-filen är krypterad och kan inte läsas", source=source) from exc
        raise CorruptFileError("PDF-filen är trasig och kan inte läsas", source=source) from exc
    except Exception as exc:  # pypdf raises many kinds on garbage; all mean the same to the user
        raise CorruptFileError("PDF-filen är trasig och kan inte läsas", source=source) from exc


Fragment = tuple[str, float]  # a cell's line and the room left after it, in characters


def _vocabulary_key(word: str) -> str:
    return word.strip(".,;:!?()\"'”“").lower()


def _join_fragments(fragments: list[Fragment], vocabulary: set[str]) -> str:
    """A cell's lines as one line. PDF line breaks inside a cell are layout, not content: they become
    spaces, except inside a hyphenated name ("Hägersten-" + "Älvsjö") and after a word that was broken
    because it is wider than the column ("familjeh" + "em"). A broken word is recognised by the words of
    the document's running text: the joined word is one of them and the fragment is not, or (words seen
    nowhere else) the fragment fills the line to the last character."""
    text = ""
    previous: Fragment | None = None
    for part, room in fragments:
        if previous is None:
            text = part
        else:
            last_word = previous[0].rsplit(" ", 1)[-1]
            first_word = part.split(" ", 1)[0]
            joined = _vocabulary_key(last_word + first_word)
            alone = _vocabulary_key(last_word)
            rest = _vocabulary_key(first_word)
            lower = part[:1].islower()
            known = lower and joined in vocabulary and (alone not in vocabulary or rest not in vocabulary)
            filled = (
                lower
                and alone not in vocabulary
                and (rest not in vocabulary or len(rest) <= 2)
                and previous[1] < 1.0
                and " " not in previous[0]
            )
            hyphen = text.endswith("-") and hyphen_joins(part)
            punctuation = part[:1] in ".,;:!?)"
            if known or filled or hyphen or punctuation:
                text += part
            else:
                text = f"{text} {part}"
        previous = (part, room)
    return text


def _cell_fragments(bbox: tuple[float, float, float, float] | None, words: list[dict]) -> list[Fragment]:
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
    lines: list[list[dict]] = []
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


def _page_items(page) -> list[_Line | _Grid]:
    """A page's text lines and tables in reading order (top to bottom)."""
    grids: list[_Grid] = []
    boxes: list[tuple[float, float, float, float]] = []
    tables = page.find_tables()
    words = page.extract_words() if tables else []
    for table in tables:
        cells = [[_cell_fragments(bbox, words) for bbox in row.cells] for row in table.rows]
        cells = [r for r in cells if any(r)]
        if cells and len(cells[0]) > 1:
            x0, top, x1, bottom = table.bbox
            grids.append(_Grid(cells=cells, top=top, bottom=bottom))
            boxes.append((x0, top, x1, bottom))
    lines: list[_Line] = []
    for line in page.extract_text_lines(strip=True, return_chars=False):
        middle = (line["top"] + line["bottom"]) / 2
        centre = (line["x0"] + line["x1"]) / 2
        if any(x0 <= centre <= x1 and top <= middle <= bottom for x0, top, x1, bottom in boxes):
            continue
        lines.append(
            _Line(text=line["text"], top=line["top"], bottom=line["bottom"], x0=line["x0"], x1=line["x1"])
        )
    items: list[_Line | _Grid] = [*lines, *grids]
    items.sort(key=lambda item: item.top)
    return items


def _same_header(a: list[str], b: list[str]) -> bool:
    norm = [re.sub(r"\s+", "", c).lower() for c in a], [re.sub(r"\s+", "", c).lower() for c in b]
    return norm[0] == norm[1]


_PAGE_NUMBER_RE = re.compile(
    r"^\W*(?:sid(?:a|an)?\.?\s*)?\d{1,3}(?:\s*(?:\(|av|/|of)\s*\d{1,3}\)?)?\W*$", re.I
)


def _edge_lines(items: list[_Line | _Grid]) -> list[_Line]:
    lines = [it for it in items if isinstance(it, _Line)]
    return [*lines[:2], *lines[-2:]] if len(lines) > 4 else lines


def _drop_running_furniture(pages: list[list[_Line | _Grid]]) -> None:
    """Drop running headers and footers: lines at the top or bottom of a page that recur (digits aside)
    on many pages, and bare page numbers there. They would cut the paragraph that runs over the page."""

    def key(text: str) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.strip().lower()))

    seen: dict[str, int] = {}
    for items in pages:
        for k in {key(line.text) for line in _edge_lines(items)}:
            seen[k] = seen.get(k, 0) + 1
    running = {k for k, n in seen.items() if n >= 3 and n >= 0.3 * len(pages)}
    for items in pages:
        edge = _edge_lines(items)
        lines = [it for it in items if isinstance(it, _Line)]
        ends = {id(lines[0]), id(lines[-1])} if lines else set()
        for line in edge:
            if key(line.text) in running or (id(line) in ends and _PAGE_NUMBER_RE.match(line.text.strip())):
                items.remove(line)


def _merge_across_pages(pages: list[list[_Line | _Grid]], vocabulary: set[str]) -> list[list[_Line | _Grid]]:
    """A table that runs onto the next page is one table: drop the repeated header and glue a row that
    the page break cut in two (its remainder starts in lower case in the first cell; a cell's halves are
    joined like its lines, so a word broken by the page comes back whole)."""
    previous: _Grid | None = None
    for items in pages:
        content = [it for it in items if not (isinstance(it, _Line) and is_furniture(it.text))]
        first = content[0] if content else None
        if isinstance(first, _Grid) and previous is not None and len(first.rows[0]) == len(previous.rows[0]):
            rows, cells = first.rows, first.cells
            if _same_header(rows[0], previous.rows[0]):
                rows, cells = rows[1:], cells[1:]
            if rows and rows[0][0][:1].islower():
                rows, (remainder, *cells) = rows[1:], cells
                for c, fragments in enumerate(remainder):
                    previous.cells[-1][c] = [*previous.cells[-1][c], *fragments]
                    previous.rows[-1][c] = _join_fragments(previous.cells[-1][c], vocabulary)
            previous.rows.extend(rows)
            previous.cells.extend(cells)
            items.remove(first)
        remaining = [it for it in items if not (isinstance(it, _Line) and is_furniture(it.text))]
        if remaining:
            tail = remaining[-1]
            previous = tail if isinstance(tail, _Grid) else None
        # else: the page held only the table's continuation (a long cell can fill pages): keep going
    return pages


def _right_edge(pages: list[list[_Line | _Grid]]) -> float:
    """Where full lines end: the right margin of the body text."""
    ends = sorted(it.x1 for items in pages for it in items if isinstance(it, _Line) and len(it.text) > 30)
    return ends[int(len(ends) * 0.95)] if ends else 0.0


def _paragraph_break(previous: _Line, line: _Line, line_height: float, right_edge: float) -> bool:
    """Did the paragraph end after `previous`? Yes after a vertical gap larger than the line spacing, and
    when the next line's first word would have fitted after `previous`: a wrap only happens when it
    does not (this holds for headings in a larger font too, where counting characters would not)."""
    same_page = line.top > previous.top
    if same_page and line.top - previous.bottom > 0.6 * line_height:
        return True
    first_word = line.text.split(" ", 1)[0]
    char = (line.x1 - line.x0) / max(1, len(line.text))
    return previous.x1 + 0.6 * char + len(first_word) * char < right_edge - 2


def pdf_text(data: bytes, source: str) -> str:
    """The text of a PDF as the text reader expects it: lines, empty lines at paragraph gaps and page
    breaks, tables as tab-separated rows."""
    import pdfplumber

    _open_checked(data, source)
    try:
        with pdfplumber.open(io.BytesIO(data), password="") as pdf:
            pages = [_page_items(page) for page in pdf.pages]
    except Exception as exc:  # pdfminer's errors on a damaged content stream
        raise CorruptFileError("PDF-filen är trasig och kan inte läsas", source=source) from exc
    _drop_running_furniture(pages)
    vocabulary = {
        _vocabulary_key(word)
        for items in pages
        for item in items
        if isinstance(item, _Line)
        for word in re.split(r"[\s/]+", item.text)
    }
    for items in pages:
        for item in items:
            if isinstance(item, _Grid):
                item.rows = [[_join_fragments(cell, vocabulary) for cell in row] for row in item.cells]
    pages = _merge_across_pages(pages, vocabulary)
    heights = [it.bottom - it.top for items in pages for it in items if isinstance(it, _Line)]
    line_height = statistics.median(heights) if heights else 10.0
    right_edge = _right_edge(pages)
    out: list[str] = []
    previous: _Line | None = None
    for items in pages:
        for item in items:
            if isinstance(item, _Grid):
                out.append("")
                out.extend("\t".join(cell.replace("\n", " ") for cell in row) for row in item.rows)
                out.append("")
                previous = None
                continue
            if is_furniture(item.text):
                continue  # headers and footers would cut the paragraph that runs over the page break
            if previous is not None and _paragraph_break(previous, item, line_height, right_edge):
                out.append("")
            out.append(item.text)
            previous = item
    text = "\n".join(out)
    if not text.strip():
        raise EmptyFileError(
            "PDF-filen innehåller ingen text (en skannad bild utan textlager?)", source=source
        )
    return text


def read_pdf_blocks(data: bytes, source: str) -> Document:
    """A PDF's bytes -> blocks. Raises `EncryptedFileError`, `CorruptFileError` or `EmptyFileError`."""
    text = pdf_text(data, source)
    log.debug("pdf %s: %d characters of text", source, len(text))
    return read_text_blocks(text, source, "text", wrapped=True, breaks_marked=True, source_format="pdf")
