"""What a PDF carries that is not report text: running headers and footers, page numbers, the city
template's logo and "Tjänsteutlåtande" lines, and the table of contents. Furniture would cut the
paragraph or table that runs over a page break and contents entries would become goals, so they go
before the text is assembled."""

from __future__ import annotations

import re

from vbassist.names import fold
from vbassist.parsing.headings import is_toc_heading
from vbassist.parsing.pdf_layout import PageItem, PdfLine
from vbassist.parsing.text_lines import is_furniture, is_label

# A page number as footers write it: "7", "- 7 -", "Sida 7", "Sid 7 (28)", "7 av 28", "7/28". Nothing else
# on the line: "80%)." at the foot of a page is the end of a sentence.
_PAGE_NUMBER_RE = re.compile(
    r"^(?:[-–—]\s*)?(?:sid(?:a|an)?\.?\s*)?(?P<n>\d{1,3})(?:\s*(?:\(|av|/|of)\s*\d{1,3}\)?)?(?:\s*[-–—])?$",
    re.I,
)


def _edge_lines(items: list[PageItem]) -> list[PdfLine]:
    lines = [it for it in items if isinstance(it, PdfLine)]
    return [*lines[:2], *lines[-2:]] if len(lines) > 4 else lines


def _running_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.strip().lower()))


def _page_numbers(pages: list[list[PageItem]]) -> set[int]:
    """The ids of the lines that number the pages: at the top or bottom of a page, a page number whose
    value follows the page (the same offset from the page's index on at least two pages, or on the
    only page). A number that does not count with the pages is text."""
    candidates: list[tuple[int, PdfLine]] = []
    for index, items in enumerate(pages):
        lines = [it for it in items if isinstance(it, PdfLine)]
        for line in {id(x): x for x in (lines[:1] + lines[-1:])}.values():
            m = _PAGE_NUMBER_RE.match(line.text.strip())
            if m:
                candidates.append((int(m["n"]) - index, line))
    offsets: dict[int, int] = {}
    for offset, _ in candidates:
        offsets[offset] = offsets.get(offset, 0) + 1
    counted = {o for o, n in offsets.items() if n >= min(2, len(pages))}
    return {id(line) for offset, line in candidates if offset in counted}


def drop_furniture(pages: list[list[PageItem]]) -> None:
    """Drop running headers and footers (lines at the top or bottom of a page that recur, digits aside,
    on many pages, and are not report structure), page numbers there (`_page_numbers`), and the template's furniture lines anywhere."""
    seen: dict[str, int] = {}
    for items in pages:
        # a goal label or status line is report structure even where it recurs at the same place
        for k in {_running_key(line.text) for line in _edge_lines(items) if not is_label(line.text)}:
            seen[k] = seen.get(k, 0) + 1
    running = {
        k
        for k, n in seen.items()
        if n >= 3 and n >= 0.3 * len(pages) and not _PAGE_NUMBER_RE.match(k.replace("#", "1"))
    }
    numbers = _page_numbers(pages)
    for items in pages:
        drop = numbers | {id(line) for line in _edge_lines(items) if _running_key(line.text) in running}
        items[:] = [
            it for it in items if not (isinstance(it, PdfLine) and (id(it) in drop or is_furniture(it.text)))
        ]


# --------------------------------------------------------------------------- table of contents

# A contents entry's last line: the title (or nothing, when the page number wrapped onto a line of its
# own), then a dot leader, a space or nothing at all, then the page number.
_TOC_LINE_END_RE = re.compile(r"^(?P<title>.*?)(?:\s*[.·…_]{2,}\s*|\s+|(?<=[^\W\d_])|^)(?P<page>\d{1,3})$")
_LEADER_END_RE = re.compile(r"[.·…_]{3,}\s*\d{1,3}$")
_KEY_RE = re.compile(r"\W+")
_MAX_ENTRY_LINES = 5


def _key(text: str) -> str:
    return _KEY_RE.sub("", fold(text))


class _Contents:
    """The document's text lines with a comparison key of everything after each, to tell a contents
    entry (its title comes again later, as the heading it points to) from a line that merely ends
    in a number."""

    def __init__(self, pages: list[list[PageItem]]) -> None:
        self.lines = [it for items in pages for it in items if isinstance(it, PdfLine)]
        keys = [_key(line.text) for line in self.lines]
        self.text = "".join(keys)
        self.starts: list[int] = []
        offset = 0
        for key in keys:
            self.starts.append(offset)
            offset += len(key)
        self.starts.append(offset)
        self.last_page = len(pages) + 5  # printed numbers may start above 1 (an unnumbered cover)

    def entry_at(self, i: int, after_page: int) -> int | None:
        """The index of the last line of the contents entry starting at line i, or None: the entry
        ends in a page number not below `after_page`, and its title is found after it."""
        title: list[str] = []
        for k in range(i, min(i + _MAX_ENTRY_LINES, len(self.lines))):
            text = self.lines[k].text.strip()
            m = _TOC_LINE_END_RE.match(text)
            if m is None:
                title.append(text)
                continue
            page = int(m["page"])
            title.append(m["title"])
            key = _key(" ".join(title))[:80]
            if after_page <= page <= self.last_page and len(key) >= 6 and self.found_after(key, k):
                return k
            return None
        return None

    def found_after(self, key: str, k: int) -> bool:
        return self.text.find(key, self.starts[k + 1]) != -1

    def page_of(self, k: int) -> int:
        m = _TOC_LINE_END_RE.match(self.lines[k].text.strip())
        return int(m["page"]) if m else 0


def drop_table_of_contents(pages: list[list[PageItem]]) -> None:
    """Drop the table of contents: after its heading ("Innehållsförteckning"), entries that end in
    non-decreasing page numbers (with or without a dot leader, the number maybe on a line of its own)
    and whose titles come again later in the document; without a heading, lines that end in a dot
    leader and a page number, with the lines before them that belong to the same title. Its entries
    repeat goal labels ("KF:s mål för verksamhetsområdet: 1.3 ..."), which would become goals."""
    contents = _Contents(pages)
    lines = contents.lines
    drop: set[int] = set()
    i = 0
    while i < len(lines):
        if is_toc_heading(lines[i].text):
            drop.add(id(lines[i]))
            page, i = 0, i + 1
            while (end := contents.entry_at(i, page)) is not None:
                drop.update(id(line) for line in lines[i : end + 1])
                page, i = contents.page_of(end), end + 1
            continue
        if _LEADER_END_RE.search(lines[i].text) and (end := contents.entry_at(i, 0)) == i:
            start = i
            while start > 0 and i - start < _MAX_ENTRY_LINES - 1 and id(lines[start - 1]) not in drop:
                title = " ".join(line.text for line in lines[start - 1 : i + 1])
                match = _TOC_LINE_END_RE.match(title)
                if match is None or not contents.found_after(_key(match["title"])[:80], i):
                    break
                start -= 1
            drop.update(id(line) for line in lines[start : i + 1])
        i += 1
    for items in pages:
        items[:] = [it for it in items if id(it) not in drop]
