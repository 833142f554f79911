"""Tables, told apart by their header (Indikator..., Aktivitet/Startdatum..., Utfall/Budget/Avvikelse)
and handed to the reader of their kind; an indicator or activity table belongs to the goal it sits
under; any other table is kept as rows with the line above it as its title."""

from __future__ import annotations

import re

from vbassist.model import Goal, OtherTable, TableBlock
from vbassist.parsing.headings import clean_title, header_key
from vbassist.parsing.structure.activities import ActivityTables
from vbassist.parsing.structure.budget import BudgetTables, is_budget_header
from vbassist.parsing.structure.facts import ReportFacts
from vbassist.parsing.structure.indicators import IndicatorTables
from vbassist.parsing.structure.places import at


def _looks_like_toc(rows: list[list[str]]) -> bool:
    """A table of contents laid out as a table: titles with dot leaders and page numbers."""
    if len(rows) < 2:
        return False
    hits = 0
    for row in rows:
        cells = [c for c in row if c]
        if len(cells) >= 2 and re.fullmatch(r"\d{1,3}", cells[-1]) and ("..." in cells[0] or len(cells) == 2):
            hits += 1
    return hits >= 0.8 * len(rows) and any("..." in r[0] for r in rows)


class Tables:
    def __init__(self, facts: ReportFacts) -> None:
        self.facts = facts
        self.indicators = IndicatorTables()
        self.activities = ActivityTables()
        self.budget = BudgetTables()
        self.other: list[OtherTable] = []
        self.recent: list[str] = []  # short paragraphs since the last table: table titles

    def reset(self) -> None:
        """A new goal, field or section: no row continues across it."""
        self.indicators.reset()
        self.activities.reset()

    def line(self, text: str) -> None:
        """A paragraph of running text: a short one may be the title of the next table."""
        if len(text) <= 100:
            self.recent.append(clean_title(text))

    def read(self, block: TableBlock, *, goal: Goal | None, section_title: str | None, in_toc: bool) -> None:
        kept = [(i, [c.strip() for c in r]) for i, r in enumerate(block.rows) if any(c.strip() for c in r)]
        if not kept:
            return
        # empty rows are dropped before reading; locations point at the row in the source table
        row_ids = [i for i, _ in kept]
        rows = [r for _, r in kept]
        if in_toc or _looks_like_toc(rows):
            return
        keys = [[header_key(c) for c in r] for r in rows[:3]]
        indicator_header = next((i for i, k in enumerate(keys) if "indikator" in k), None)
        activity_header = next(
            (i for i, k in enumerate(keys) if "aktivitet" in k and ({"startdatum", "slutdatum"} & set(k))),
            None,
        )
        budget_header = next((i for i, k in enumerate(keys) if is_budget_header(k)), None)
        if indicator_header is not None and goal is not None:
            columns = self.indicators.read(block, rows, row_ids, indicator_header, goal)
            self.facts.indicator_header(
                rows[indicator_header], periodicitet="periodicitet" in columns.roles.values()
            )
        elif activity_header is not None and goal is not None:
            self.activities.read(block, rows, row_ids, activity_header, goal)
        elif budget_header is not None:
            self.budget.read(block, rows, row_ids, budget_header, self.recent, section_title)
        elif self.budget.continues(rows):
            self.budget.read(block, rows, row_ids, None, self.recent, section_title)
        else:
            title = self.recent[-1] if self.recent else section_title
            self.other.append(OtherTable(title=title, rows=rows, location=at(block)))
        self.recent = []
