"""What a PDF page carries that is not report text: running headers and footers, page numbers, the city
template's logo and "Tjänsteutlåtande" lines. They would cut the paragraph or table that runs over a
page break, so they go before the text is assembled."""

from __future__ import annotations

import re

from vbassist.parsing.pdf_layout import PageItem, PdfLine
from vbassist.parsing.text_lines import is_furniture

_PAGE_NUMBER_RE = re.compile(
    r"^\W*(?:sid(?:a|an)?\.?\s*)?\d{1,3}(?:\s*(?:\(|av|/|of)\s*\d{1,3}\)?)?\W*$", re.I
)


def _edge_lines(items: list[PageItem]) -> list[PdfLine]:
    lines = [it for it in items if isinstance(it, PdfLine)]
    return [*lines[:2], *lines[-2:]] if len(lines) > 4 else lines


def _running_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.strip().lower()))


def drop_furniture(pages: list[list[PageItem]]) -> None:
    """Drop running headers and footers (lines at the top or bottom of a page that recur, digits aside,
    on many pages), bare page numbers there, and the template's furniture lines anywhere."""
    seen: dict[str, int] = {}
    for items in pages:
        for k in {_running_key(line.text) for line in _edge_lines(items)}:
            seen[k] = seen.get(k, 0) + 1
    running = {k for k, n in seen.items() if n >= 3 and n >= 0.3 * len(pages)}
    for items in pages:
        edge = _edge_lines(items)
        lines = [it for it in items if isinstance(it, PdfLine)]
        ends = {id(lines[0]), id(lines[-1])} if lines else set()
        for line in edge:
            if _running_key(line.text) in running or (
                id(line) in ends and _PAGE_NUMBER_RE.match(line.text.strip())
            ):
                items.remove(line)
        items[:] = [it for it in items if not (isinstance(it, PdfLine) and is_furniture(it.text))]
