"""The facts layer: what a report states, read once and bound to what it is about. Every text rule
(TEXT, TREND, TARGET, MARKER, MISSING, DERIVED) reads these facts instead of scanning on its own.

- `places`: every text place once (analyses at every level, indicator comment rows, activity texts and
  their analysis, Förväntat resultat, every section), each knowing its goal, indicator or section;
- `values`: numbers stated about an indicator (percent, count, "22 av 32") with their qualifiers
  (women/men, year, sub-group, "cirka", number words) and the cell of the row they are held against;
- `trends`: "har ökat/minskat/förbättrats/försämrats" about an indicator;
- `fulfilments`: statements of a goal's fulfilment, in its own analysis or about a named goal elsewhere;
- `targets`: targets in Förväntat resultat bound to an indicator, and "årsmålet på 75 %" in text;
- `counts`: counts of a noun and an event ("77 barn placerade i familjehem") for restatements.

Bindings carry a confidence and a reason (`binding`). The facts of a report are computed once per run
(`facts_of` keeps them in the `CheckContext`), lazily: a fact family no running rule asks for is never
computed."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from vbassist.checks.claims import Sentence, bare_fractions, sentences
from vbassist.checks.common import num, numbers_in, outcome_is_current, thresholds
from vbassist.checks.facts.binding import (
    IndicatorIndex,
    Subject,
    comment_turns_away,
    mentions,
    sentence_subject,
)
from vbassist.checks.facts.places import ACCOUNT_KINDS, UNIT_KINDS, Place, PlaceKind, report_places
from vbassist.checks.facts.values import (
    StatedValue,
    is_percent_indicator,
    stated_counts,
    stated_fractions,
    stated_percents,
)
from vbassist.model import Goal, Indicator, Report

if TYPE_CHECKING:
    from vbassist.checks.facts.complaints import ComplaintRow
    from vbassist.checks.facts.counts import StatedCount
    from vbassist.checks.facts.statements import BoundTarget, StatedFulfilment, StatedTarget, StatedTrend
    from vbassist.checks.registry import CheckContext

_DIGIT_RE = re.compile(r"\d")
Purpose = Literal["value", "fraction", "count", "trend", "target"]

__all__ = [
    "ACCOUNT_KINDS",
    "UNIT_KINDS",
    "Place",
    "PlaceKind",
    "ReportFacts",
    "StatedValue",
    "Subject",
    "facts_of",
]


class ReportFacts:
    """The facts of one report. Families are computed on first use and kept."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.places: list[Place] = report_places(report)
        self.index = IndicatorIndex(report)
        self._subjects: dict[tuple[int, int], Subject | None] = {}
        self._away: dict[int, list[bool]] = {}
        self._eligibility: dict[str, Callable[[Indicator], bool]] = {}

    # ------------------------------------------------------------------ places and sentences

    def places_of(self, kinds: frozenset[PlaceKind] | None = None) -> Iterator[Place]:
        """The places of `kinds` (all when None), in document order."""
        return (p for p in self.places if kinds is None or p.kind in kinds)

    def goal_places(self, goal: Goal, kinds: frozenset[PlaceKind]) -> list[Place]:
        """The places of `kinds` under `goal` itself (not its children), in document order."""
        return [p for p in self._by_goal.get(id(goal), []) if p.kind in kinds]

    @cached_property
    def _by_goal(self) -> dict[int, list[Place]]:
        out: dict[int, list[Place]] = {}
        for place in self.places:
            if place.goal is not None:
                out.setdefault(id(place.goal), []).append(place)
        return out

    @staticmethod
    def sentences(place: Place) -> list[Sentence]:
        return sentences(place.text)

    def _eligible(self, purpose: Purpose) -> Callable[[Indicator], bool]:
        """Whether an indicator has the cells `purpose` needs, judged once per indicator."""
        if purpose not in self._eligibility:
            test = self._eligibility_test(purpose)
            verdicts: dict[int, bool] = {}

            def eligible(ind: Indicator) -> bool:
                key = id(ind)
                if key not in verdicts:
                    verdicts[key] = test(ind)
                return verdicts[key]

            self._eligibility[purpose] = eligible
        return self._eligibility[purpose]

    def _eligibility_test(self, purpose: Purpose) -> Callable[[Indicator], bool]:
        report = self.report
        if purpose == "trend":
            return lambda i: (
                num(i.utfall) is not None
                and num(i.utfall_forra_aret) is not None
                and outcome_is_current(i, report)
            )
        if purpose == "fraction":
            return lambda i: num(i.utfall) is not None and is_percent_indicator(i)
        if purpose == "count":
            return lambda i: num(i.utfall) is not None and i.name.strip().lower().startswith("antal")
        if purpose == "target":
            return lambda i: num(i.arsmal) is not None or num(i.kf_arsmal) is not None
        return lambda i: num(i.utfall) is not None

    def subject(self, place: Place, sentence: Sentence, purpose: Purpose) -> Subject | None:
        """The indicator `sentence` of `place` speaks of, when it has the cells `purpose` needs (a
        sentence is bound once; each purpose asks of the same indicator)."""
        key = (id(place), sentence.start)
        if key not in self._subjects:
            away = False
            if place.indicator is not None:
                if id(place) not in self._away:
                    self._away[id(place)] = comment_turns_away(
                        self.sentences(place), place.indicator, minimum=thresholds()["sentence_min"]
                    )
                starts = [s.start for s in self.sentences(place)]
                away = self._away[id(place)][starts.index(sentence.start)]
            self._subjects[key] = sentence_subject(
                sentence, place, self.index, minimum=thresholds()["text_number_min"], turned_away=away
            )
        found = self._subjects[key]
        return found if found is not None and self._eligible(purpose)(found.indicator) else None

    def named(self, place: Place, sentence: Sentence) -> list[Indicator]:
        """Every indicator the sentence names (its words, its exact name, a comment row's own)."""
        if place.indicator is not None:
            out = [place.indicator]
        else:
            minimum = thresholds()["sentence_min"]
            out = [i for i in self.index.scope(place.goal) if mentions(sentence.text, i)[0] >= minimum]
        out += [i for i, _ in self.index.named_exactly(sentence.text)]
        return list({id(i): i for i in out}.values())

    # ------------------------------------------------------------------ fact families

    @cached_property
    def values(self) -> list[StatedValue]:
        """Numbers stated about an indicator in the unit's own texts, with the cell each is held against."""
        out: list[StatedValue] = []
        year = self.report.year
        for place in self.places_of(ACCOUNT_KINDS):
            if not _DIGIT_RE.search(place.text):
                continue
            for sent in self.sentences(place):
                numbers = numbers_in(sent.text)
                if not numbers:
                    continue
                # the cheap tests first: binding a sentence scores every indicator it may speak of
                if any(n.kind == "percent" and n.unit == "%" and not n.is_year for n in numbers):
                    subject = self.subject(place, sent, "value")
                    if subject is not None:
                        out += stated_percents(
                            sent, place, subject, self.named(place, sent), year, self.report.kind
                        )
                if bare_fractions(sent.text):
                    subject = self.subject(place, sent, "fraction")
                    if subject is not None:
                        out += stated_fractions(sent, place, subject, year)
                counts = [n for n in numbers if n.kind == "count" and not n.is_year and n.unit is None]
                if len(counts) == 1 and not any(n.kind == "percent" for n in numbers):
                    subject = self.subject(place, sent, "count")
                    if subject is not None:
                        out += stated_counts(sent, place, subject)
        return out

    @cached_property
    def trends(self) -> list[StatedTrend]:
        from vbassist.checks.facts.statements import stated_trends

        return stated_trends(self)

    @cached_property
    def fulfilments(self) -> list[StatedFulfilment]:
        from vbassist.checks.facts.statements import stated_fulfilments

        return stated_fulfilments(self)

    @cached_property
    def text_targets(self) -> list[StatedTarget]:
        from vbassist.checks.facts.statements import stated_text_targets

        return stated_text_targets(self)

    def bullet_targets(self, goal: Goal) -> list[BoundTarget]:
        """Targets in the goal's Förväntat resultat with the indicator each is about."""
        return self._bullet_targets.get(id(goal), [])

    @cached_property
    def _bullet_targets(self) -> dict[int, list[BoundTarget]]:
        from vbassist.checks.facts.statements import stated_bullet_targets

        return stated_bullet_targets(self)

    @cached_property
    def complaints(self) -> list[ComplaintRow]:
        """The rows of the report's complaint tables."""
        from vbassist.checks.facts.complaints import read_complaint_rows

        return read_complaint_rows(self.report)

    @cached_property
    def counts(self) -> list[StatedCount]:
        from vbassist.checks.facts.counts import stated_counts_of

        return stated_counts_of(self)


def facts_of(report: Report, context: CheckContext | None = None) -> ReportFacts:
    """The facts of `report`, computed once per run: kept in `context` (the runner gives every rule the
    same context), computed afresh when a rule is called on its own."""
    if context is not None and isinstance(context.facts, ReportFacts) and context.facts.report is report:
        return context.facts
    facts = ReportFacts(report)
    if context is not None:
        context.facts = facts
    return facts
