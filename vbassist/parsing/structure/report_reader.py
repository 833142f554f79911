"""One unit's blocks -> its `Report`: each paragraph is a table-of-contents line, the report title, a goal
label, a goal title, a status line, a sub-heading, a section title or text, recognised by its text
(see `headings`); styles only help (a heading style opens a section outside the goal tree, a
heading-styled sentence that is no label stays text)."""

from __future__ import annotations

import re

from vbassist.model import Document, ParagraphBlock, Report, TableBlock
from vbassist.parsing.headings import (
    clean_title,
    is_toc_entry,
    is_toc_heading,
    match_goal_label,
    match_known_section,
    match_report_title,
    match_status,
    match_subheading,
)
from vbassist.parsing.structure.facts import FileDefaults, ReportFacts
from vbassist.parsing.structure.goal_tree import GoalTree
from vbassist.parsing.structure.places import at
from vbassist.parsing.structure.tables import Tables

_PAGE_NUMBER_TAIL = re.compile(r"(?<![\d.,:/-])\d{1,3}\s*$")


class ReportReader:
    def __init__(self, doc: Document, start: int, end: int, defaults: FileDefaults) -> None:
        self.doc = doc
        self.start, self.end = start, end
        self.facts = ReportFacts(defaults)
        self.tree = GoalTree(doc.format)
        self.tables = Tables(self.facts)
        self.in_toc = False  # inside the Innehållsförteckning block

    def build(self) -> tuple[Report, bool]:
        """The report, and whether its blocks had any report structure (a goal, a report title, a known
        section)."""
        blocks = self.doc.blocks[self.start : self.end]
        for block in blocks:
            if isinstance(block, TableBlock):
                section = self.tree.section
                self.tables.read(
                    block,
                    goal=self.tree.goal,
                    section_title=section.title if section else None,
                    in_toc=self.in_toc,
                )
            else:
                self._paragraph(block)
        facts, tree = self.facts, self.tree
        kind, year = facts.kind_and_year()
        report = Report(
            kind=kind,
            year=year,
            unit=facts.unit_name(),
            district=facts.district([b for b in blocks if isinstance(b, ParagraphBlock)]),
            title=facts.title_text,
            source=self.doc.source,
            source_format=self.doc.format,
            goals=tree.goals,
            sections=tree.sections,
            budget_tables=self.tables.budget.tables,
            tables=self.tables.other,
            block_range=(self.start, self.end),
        )
        return report, bool(tree.goals) or facts.title is not None or facts.known_section

    def _paragraph(self, block: ParagraphBlock) -> None:
        text = block.text.strip()
        if not text:
            return
        self.facts.front(text)
        if is_toc_heading(text):
            self.in_toc = True
            return
        if self.in_toc:
            if not self._ends_toc(block, text):
                return
            self.in_toc = False
        tree = self.tree
        if self.facts.title_line(text, in_goals=tree.in_goals):
            return
        label = match_goal_label(text)
        if label is not None:
            if not is_toc_entry(block.text):
                tree.open_goal(block, label.level, label.number, label.title)
                self.tables.recent = []
                self.tables.reset()
            return
        if tree.title_line(text):
            return
        status = match_status(text)
        if status is not None:
            goal = tree.goal
            if goal is not None and goal.status is None:
                goal.status, goal.status_text, goal.status_location = status, text, at(block)
            return
        sub = match_subheading(text)
        if sub is not None and tree.goal is not None:
            tree.field = sub
            self.tables.reset()
            return
        if self._starts_section(block, text, sub is not None):
            tree.open_section(block, text)
            self.tables.recent = [clean_title(text)]
            self.tables.reset()
            return
        self.tables.line(text)
        tree.add_text(block, text, self.facts.kind)

    def _ends_toc(self, block: ParagraphBlock, text: str) -> bool:
        # PDF text loses the tab before the page number: "... i hela staden 5", "Systematiskt kvalitetsarbete29"
        if is_toc_entry(block.text) or _PAGE_NUMBER_TAIL.search(text):
            return False
        if match_report_title(text) is not None or match_goal_label(text) is not None:
            return True
        if block.heading_level is not None or match_known_section(text):
            return True
        return len(text) > 120

    def _starts_section(self, block: ParagraphBlock, text: str, is_subheading: bool) -> bool:
        if is_toc_entry(block.text) or len(text) > 120:
            return False
        if match_known_section(text):
            self.facts.known_section = True
            return True
        tree = self.tree
        if is_subheading and not tree.in_goals:
            return True  # "Uppföljning" in a VP's introduction: a section of its own
        level = block.heading_level
        if level is None or block.style == "Title" or tree.in_goals:
            # Inside the goal tree only goal labels and known sections change the structure: a heading
            # in an analysis ("Bakgrund" as Heading 2, "## Hälsa och arbetsmiljö" in markdown converted
            # from Word) is text of its goal, and the goals after it stay in the tree.
            return False
        # outside the goal tree a heading of any level opens a section, but a sub-heading inside a section
        # ("Helhetssyn" under "Systematiskt kvalitetsarbete") is a paragraph of it
        return not tree.is_sub_section(level)
