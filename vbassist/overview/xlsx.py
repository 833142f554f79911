"""The overview as a workbook for controllers who sort and filter: the sheets of `tables.py`
(Måluppfyllelse, Nämndmål, Indikatorer, Filer), each with an autofilter and a frozen header. Numbers
are numbers, and no cell is a formula: text is always written as text, even when it starts with "=",
"+", "-" or "@"."""

from __future__ import annotations

import io
from copy import copy
from typing import TYPE_CHECKING

from vbassist.overview.model import Overview
from vbassist.overview.tables import Table, overview_tables
from vbassist.reports.cells import write_cell

if TYPE_CHECKING:
    from openpyxl import Workbook


def render_xlsx(overview: Overview) -> bytes:
    from openpyxl import Workbook

    # write-only: rows stream into the file; a workbook of 500 reports (150 000 cells) is written in
    # a second or two instead of ten
    wb = Workbook(write_only=True)
    for table in overview_tables(overview):
        _sheet(wb, table)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _sheet(wb: Workbook, table: Table) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(table.name)
    ws.freeze_panes = "A2"
    last = get_column_letter(len(table.columns))
    ws.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
    for c, (_, width) in enumerate(table.columns, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    bold, grey = Font(bold=True), PatternFill("solid", fgColor="DDDDDD")
    wrap = Alignment(wrap_text=True, vertical="top")
    header = []
    for name, _ in table.columns:
        cell = write_cell(WriteOnlyCell(ws), name)
        cell.font, cell.fill, cell.alignment = bold, grey, wrap
        header.append(cell)
    ws.append(header)
    # one wrapped style, made once and copied: setting it on each cell hashes it per cell
    wrapped = write_cell(WriteOnlyCell(ws), "")
    wrapped.alignment = wrap
    for values in table.rows:
        row = []
        for value in values:
            cell = WriteOnlyCell(ws)
            cell._style = copy(wrapped._style)  # first: the style holds write_cell's quote prefix
            row.append(write_cell(cell, value))
        ws.append(row)
