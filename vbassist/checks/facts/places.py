"""Every place of running text in a report, walked once: analyses at every level, indicator comment
rows, activity names, their Avvikelse and Analys, Förväntat resultat, Beskrivning, Arbetssätt,
Uppföljning and every section outside the goal tree. Each place knows what it belongs to (its goal,
its own indicator for a comment row, its section), so a fact found in it can be bound and a finding
built at it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from vbassist.model import Activity, Goal, Indicator, Location, Report, TextItem

PlaceKind = Literal[
    "analys",  # a goal's Analys (any level)
    "kommentar",  # the "Analys ..." row under an indicator
    "aktivitet",  # an activity's name
    "avvikelse",  # an activity's Avvikelse cell
    "aktivitet_analys",  # the Analys row of an activity
    "forvantat",  # a Förväntat resultat bullet
    "beskrivning",  # a goal's Beskrivning (the nämnd's text)
    "arbetssatt",
    "uppfoljning",
    "avsnitt",  # a paragraph of a section: Sammanfattande analys, Systematiskt kvalitetsarbete ...
]
# the places the unit writes about its own results (not the nämnd's description, not activity names)
ACCOUNT_KINDS: frozenset[PlaceKind] = frozenset(
    {"analys", "kommentar", "aktivitet_analys", "avvikelse", "avsnitt", "uppfoljning"}
)
# everything the unit writes: its accounts and its Förväntat resultat and Arbetssätt (not the nämnd's
# Beskrivning, not activity names, which are the plan's)
UNIT_KINDS: frozenset[PlaceKind] = ACCOUNT_KINDS | {"forvantat", "arbetssatt"}


@dataclass(eq=False, slots=True)
class Place:
    """A piece of running text with its location and what it belongs to. `goal` is the goal it sits
    under (any level; None in a section), `indicator` a comment row's own indicator, `section` the
    title of a section, `activity` the activity of an activity place."""

    text: str
    location: Location
    kind: PlaceKind
    goal: Goal | None = None
    indicator: Indicator | None = None
    section: str | None = None
    activity: Activity | None = field(default=None, repr=False)  # not frozen: a place is made by the thousand

    def at(self, start: int | None, end: int | None) -> Location:
        """The location of characters `start:end` of the text. A comment row's text is put together by
        the parser from a table cell (its "Analys" word dropped, spaces collapsed), so a span there
        would not be the cell's characters: the cell is the place."""
        if self.kind == "kommentar":
            return self.location.model_copy(update={"start": None, "end": None})
        return self.location.model_copy(update={"start": start, "end": end})

    @property
    def owner(self) -> str | None:
        """What a finding here is about: the goal's title, else the section's."""
        return self.goal.title if self.goal is not None else self.section


def _items(items: list[TextItem], kind: PlaceKind, goal: Goal) -> list[Place]:
    return [Place(i.text, i.location, kind, goal=goal) for i in items if i.text.strip()]


def report_places(report: Report) -> list[Place]:
    """Every text place of the report once, in document order."""
    out: list[Place] = []
    for goal, _ in report.iter_goals():
        out += _items(goal.beskrivning, "beskrivning", goal)
        out += _items(goal.forvantat_resultat, "forvantat", goal)
        out += _items(goal.analys, "analys", goal)
        out += _items(goal.arbetssatt, "arbetssatt", goal)
        out += _items(goal.uppfoljning, "uppfoljning", goal)
        for act in goal.activities:
            if act.name.strip():
                out.append(Place(act.name, act.location, "aktivitet", goal=goal, activity=act))
            if (act.avvikelse or "").strip():
                out.append(Place(act.avvikelse or "", act.location, "avvikelse", goal=goal, activity=act))
            if (act.analys or "").strip():
                out.append(Place(act.analys or "", act.location, "aktivitet_analys", goal=goal, activity=act))
        for ind in goal.indicators:
            if (ind.kommentar or "").strip():
                where = ind.kommentar_location or ind.location
                out.append(Place(ind.kommentar or "", where, "kommentar", goal=goal, indicator=ind))
    for section in report.sections:
        for item in section.paragraphs:
            if item.text.strip():
                out.append(Place(item.text, item.location, "avsnitt", section=section.title))
    # document order: a fact stated twice is first met where a reader first meets it
    out.sort(key=lambda p: (p.location.block, p.location.row or 0, p.location.col or 0))
    return out
