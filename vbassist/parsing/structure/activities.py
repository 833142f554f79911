"""Activity tables (Aktivitet | Startdatum | Slutdatum | Avvikelse) -> the `Activity`s of the goal they
sit under, with the "Analys ..." row below each."""

from __future__ import annotations

import re

from vbassist.model import Activity, Goal, TableBlock
from vbassist.names import fold
from vbassist.parsing.headings import header_key, strip_symbols
from vbassist.parsing.structure.places import at

_ROLES = ("aktivitet", "startdatum", "slutdatum", "avvikelse", "analys")
_DATED = ("startdatum", "slutdatum", "avvikelse")


class ActivityTables:
    def __init__(self) -> None:
        self.last: Activity | None = None  # the activity an undated row continues

    def reset(self) -> None:
        self.last = None

    def read(
        self, block: TableBlock, rows: list[list[str]], row_ids: list[int], header_row: int, goal: Goal
    ) -> None:
        """The rows below `header_row` into `goal.activities`; `row_ids` are the rows' source places."""
        header = [header_key(c) for c in rows[header_row]]
        roles: dict[str, int] = {}
        for col, key in enumerate(header):
            for role in _ROLES:
                if key.startswith(role) and role not in roles:
                    roles[role] = col
        name_col = roles.get("aktivitet", 0)
        for r, row in enumerate(rows):
            if r <= header_row:
                continue
            if [header_key(c) for c in row] == header:
                continue
            if all(not c.strip("-– ") for c in row):
                continue  # "-----" rows of an empty table
            name_cell = row[name_col] if name_col < len(row) else ""
            if not strip_symbols(name_cell):
                name_cell = next((c for c in row if strip_symbols(c)), "")

            def cell(role: str, row: list[str] = row) -> str | None:
                col = roles.get(role)
                return (row[col].strip() or None) if col is not None and col < len(row) else None

            dated = any(cell(role) and cell(role) != name_cell for role in _DATED)
            text = re.sub(r"\s+", " ", strip_symbols(name_cell)).strip()
            if not dated and self._text_row(text, goal):
                continue
            activity = Activity(
                name=text,
                startdatum=cell("startdatum"),
                slutdatum=cell("slutdatum"),
                avvikelse=cell("avvikelse"),
                analys=cell("analys"),
                location=at(block, row=row_ids[r]),
            )
            goal.activities.append(activity)
            self.last = activity

    def _text_row(self, text: str, goal: Goal) -> bool:
        """Attach an undated row to the previous activity when it is its analysis or the rest of it;
        False when it is an activity of its own."""
        previous = self.last or (goal.activities[-1] if goal.activities else None)
        if previous is None:
            return False
        if re.match(r"^analys\b", fold(text)):
            analys = text[6:].strip(" :")
            previous.analys = f"{previous.analys} {analys}".strip() if previous.analys else analys or None
            self.last = previous
            return True
        if previous.analys:
            previous.analys = f"{previous.analys} {text}"
            return True
        if text[:1].islower():
            previous.name = f"{previous.name} {text}"
            return True
        return False
