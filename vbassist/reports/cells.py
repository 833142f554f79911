"""Cells of every spreadsheet vbassist writes: report text is text, never live content.

A finding quotes the document, and a document may hold "=HYPERLINK(...)" or "+cmd|...": written as a
plain string, openpyxl stores text starting with "=" as a formula, and Excel or LibreOffice (or a CSV
exported from the sheet) evaluates text starting with "=", "+", "-" or "@" (also after leading spaces,
tabs or line breaks). So every string is stored as a string cell, and one that a spreadsheet could read
as a formula also gets Excel's quote prefix (what typing ' before it gives): shown as written, kept as
text when edited or exported. Numbers stay numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# what starts a formula (or a DDE command) in Excel, LibreOffice and Google Sheets
LIVE_STARTS = ("=", "+", "-", "@")
# Excel refuses characters below 0x20 in cells except tab, newline and carriage return
_ILLEGAL = {c: None for c in range(32) if c not in (9, 10, 13)}


def is_live_text(text: str) -> bool:
    """True when a spreadsheet could take `text` for a formula: its first character after leading
    whitespace (spaces, tabs, "\\r", "\\n", non-breaking spaces) is one of "=", "+", "-", "@"."""
    return text.lstrip().startswith(LIVE_STARTS)


def cell_value(value: object) -> object:
    """`value` as it may stand in a cell: strings without the characters Excel refuses."""
    return value.translate(_ILLEGAL) if isinstance(value, str) else value


def set_text_safe(cell: Any) -> None:
    """Make `cell` (an openpyxl cell holding its value) keep a string as text: a string cell (never a
    formula, never an error code such as "#N/A"), with the quote prefix when it looks like a formula."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if is_live_text(cell.value):
            cell.quotePrefix = True


def write_cell(cell: Any, value: object) -> Any:
    """Put `value` into `cell` (any openpyxl cell, a write-only one too) the safe way; the cell back."""
    cell.value = cell_value(value)
    set_text_safe(cell)
    return cell


def append_row(ws: Any, values: Iterable[object]) -> None:
    """Append one row of values to worksheet `ws`: the one way vbassist writes spreadsheet rows (a
    write-only sheet appends cells made with `write_cell`)."""
    ws.append([cell_value(v) for v in values])
    for cell in ws[ws.max_row]:
        set_text_safe(cell)
