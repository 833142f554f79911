"""Where an element of the report sits in its source."""

from __future__ import annotations

from vbassist.model import Location, ParagraphBlock, TableBlock


def at(block: ParagraphBlock | TableBlock, *, row: int | None = None, col: int | None = None) -> Location:
    """The place of `block` (a row or a cell of it), with its source line for text formats."""
    return Location(block=block.index, row=row, col=col, line=block.line)
