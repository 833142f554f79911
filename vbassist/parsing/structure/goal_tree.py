"""The outline of a report as its paragraphs open it: the goal tree (four levels, each goal's fields)
and the sections outside it."""

from __future__ import annotations

from vbassist.model import Goal, GoalLevel, ParagraphBlock, ReportKind, Section, SourceFormat, TextItem
from vbassist.parsing.headings import GOAL_LEVEL_RANK, SubHeading, clean_title, match_status
from vbassist.parsing.structure.places import at


class GoalTree:
    def __init__(self, fmt: SourceFormat) -> None:
        self.fmt = fmt
        self.goals: list[Goal] = []  # the top-level goals
        self.stack: list[Goal] = []  # the open goal at each level down to the current one
        self.field: SubHeading | None = None  # the sub-heading text now goes under
        self.pending_title: Goal | None = None  # a label without its title: the next line is the title
        self.fresh_goal: Goal | None = None  # a goal whose label line may wrap onto the next line
        self.sections: list[Section] = []
        self.section: Section | None = None
        self.section_level: int | None = None  # heading level of the open section (None: found by text)
        self.in_goals = False

    @property
    def goal(self) -> Goal | None:
        """The goal the blocks now belong to, None outside the goal tree."""
        return self.stack[-1] if self.in_goals and self.stack else None

    def open_goal(self, block: ParagraphBlock, level: GoalLevel, number: str | None, title: str) -> None:
        goal = Goal(level=level, title=title, number=number, location=at(block))
        rank = GOAL_LEVEL_RANK[level]
        while self.stack and GOAL_LEVEL_RANK[self.stack[-1].level] >= rank:
            self.stack.pop()
        if self.stack:
            self.stack[-1].children.append(goal)
        else:
            self.goals.append(goal)
        self.stack.append(goal)
        self.in_goals = True
        self.section = None
        self.field = None
        self.pending_title = goal if not title else None
        self.fresh_goal = goal if title and self.fmt != "docx" else None

    def title_line(self, text: str) -> bool:
        """The title of a goal whose label stood alone, or the wrapped rest of a goal title (PDF and text
        exports wrap long titles: a lower-case line right after the label continues it); True when
        `text` was one."""
        if self.pending_title is not None:
            self.pending_title.title = clean_title(text)
            self.pending_title = None
            self.fresh_goal = None if self.fmt == "docx" else self.stack[-1]
            return True
        if self.fresh_goal is not None:
            goal, self.fresh_goal = self.fresh_goal, None
            if text[:1].islower() and len(text) <= 120 and match_status(text) is None:
                goal.title = clean_title(f"{goal.title} {text}")
                self.fresh_goal = goal
                return True
        return False

    def open_section(self, block: ParagraphBlock, text: str) -> None:
        self.section = Section(title=clean_title(text), location=at(block))
        self.section_level = block.heading_level
        self.sections.append(self.section)
        self.in_goals = False
        self.stack = []
        self.field = None

    def is_sub_section(self, level: int) -> bool:
        """A heading of `level` inside the open section is a paragraph of it ("Helhetssyn" under
        "Systematiskt kvalitetsarbete")."""
        return self.section is not None and self.section_level is not None and level > self.section_level

    def add_text(self, block: ParagraphBlock, text: str, kind: ReportKind | None) -> None:
        item = TextItem(text=text, location=at(block))
        goal = self.goal
        if goal is not None:
            getattr(goal, self.field or _default_field(goal, kind)).append(item)
        elif self.section is not None:
            self.section.paragraphs.append(item)


def _default_field(goal: Goal, kind: ReportKind | None) -> SubHeading:
    """Text under a goal before any sub-heading: the analysis of a unit goal in a report, the
    description otherwise."""
    if goal.level == "enhetsmal" and kind != "VP":
        return "analys"
    return "beskrivning"
