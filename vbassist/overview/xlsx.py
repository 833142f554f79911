"""The overview as a workbook for controllers who sort and filter: the sheets of `tables.py`
(Måluppfyllelse, Nämndmål, Indikatorer, Filer), each with an autofilter and a frozen header. Numbers
are numbers, and no cell is a formula: text is always written as text, even when it starts with "=",
"+", "-" or "@"."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from vbassist.overview.model import Overview
from vbassist.overview.tables import Cell, Table, overview_tables

if TYPE_CHECKING:
    from openpyxl import Workbook

# Excel refuses characters below 0x20 except tab, newline and carriage return in a cell
_ILLEGAL = {c: None for c in range(32) if c not in (9, 10, 13)}


def render_xlsx(overview: Overview) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)  # the sheets are made below, in order
    for table in overview_tables(overview):
        _sheet(wb, table)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _sheet(wb: Workbook, table: Table) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(table.name)
    bold, grey = Font(bold=True), PatternFill("solid", fgColor="DDDDDD")
    wrap = Alignment(wrap_text=True, vertical="top")
    for c, (name, width) in enumerate(table.columns, start=1):
        cell = ws.cell(row=1, column=c)
        _set(cell, name)
        cell.font, cell.fill, cell.alignment = bold, grey, wrap
        ws.column_dimensions[get_column_letter(c)].width = width
    for r, values in enumerate(table.rows, start=2):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c)
            _set(cell, value)
            cell.alignment = wrap
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{max(1, ws.max_row)}"


def _set(cell: Any, value: Cell) -> None:
    """A number as a number, a text always as text: openpyxl would take "=..." for a formula."""
    if isinstance(value, str):
        cell.value = value.translate(_ILLEGAL)
        cell.data_type = "s"
    else:
        cell.value = value
