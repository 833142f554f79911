"""Which indicator a sentence speaks of, with a confidence and a reason:

- a comment row speaks of its own row ("Andelen kvinnor (58 %) …" never repeats the name), until it
  turns to another survey ("Enheten har en egen bemötandeenkät …");
- an indicator's exact name, its brackets left out, or a quoted name, binds wherever it stands in the
  report, whatever the KF branch;
- a short name or abbreviation ("AMI", "RVC") through `vbassist/data/concepts.json` binds report-wide
  when exactly one indicator of the report has it;
- otherwise the words of the sentence against the indicators of the place's own branch
  (`linking.text_mentions_name`, brackets left out), the whole report for a section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from vbassist.checks.claims import Sentence
from vbassist.checks.common import goal_scope_indicators
from vbassist.checks.facts.phrases import phrase_pattern
from vbassist.checks.facts.places import Place
from vbassist.linking import (
    _stem,
    concept_patterns,
    concepts_in,
    content_stems,
    stems_match,
    text_mentions_name,
)
from vbassist.model import Goal, Indicator, Report
from vbassist.names import fold_name

OWN_ROW = 0.95  # a comment row about its own indicator
EXACT_NAME = 0.95  # the indicator's whole name in the sentence
ABBREVIATION = 0.8  # a short name only this indicator of the report has

_WORD_RE = re.compile(r"[a-zåäöéü]+", re.IGNORECASE)
_BRACKETS_RE = re.compile(r"\s*[\(\[][^\)\]]*[\)\]]")
_QUOTED_RE = re.compile(r"[\"”“„»«']([^\"”“„»«']{8,200})[\"”“„»«']")


@dataclass(frozen=True)
class Subject:
    """The indicator a sentence speaks of. `positions` are the offsets in the sentence where it is
    named (empty for a comment row: the whole row is about it); `own_row` for a comment row."""

    indicator: Indicator
    confidence: float
    reason: str
    positions: tuple[int, ...] = ()
    own_row: bool = False

    def distance(self, offset: int) -> int:
        """Characters from the nearest naming before `offset` (after it if none is before); 0 when the
        place is the indicator's own row."""
        if self.own_row or not self.positions:
            return 0
        before = [p for p in self.positions if p <= offset]
        return offset - before[-1] if before else min(abs(p - offset) for p in self.positions)

    def words_between(self, text: str, offset: int) -> str:
        """The sentence text from the nearest naming before `offset` up to it ("" when none is before)."""
        before = [p for p in self.positions if p <= offset]
        return text[before[-1] : offset] if before else ""


def mentions(text: str, indicator: Indicator) -> tuple[float, str]:
    """How clearly `text` speaks of `indicator` by its words (`linking`), its name's brackets left out:
    "(stöd och service)" is a note, not words a sentence repeats."""
    return text_mentions_name(text, bare_name(indicator.name))


@lru_cache(maxsize=8192)
def bare_name(name: str) -> str:
    """An indicator's name without its bracketed parts."""
    return _BRACKETS_RE.sub("", name).strip() or name


def name_key(name: str) -> str:
    """An indicator's name as a comparison key, its bracketed parts left out: "Andel brukare som är nöjd
    med sin insats - Funktionsnedsättning (stöd och service)" -> "andel brukare som ar nojd med sin
    insats funktionsnedsattning"."""
    return fold_name(bare_name(name))


@lru_cache(maxsize=16384)
def mention_positions(text: str, name: str, common: frozenset[str] = frozenset()) -> tuple[int, ...]:
    """Character offsets in `text` where an indicator named `name` is named: a word sharing one of its
    content stems (5+ letters) that is not `common` (words many of the report's indicators have, such
    as "upplev" or "brukar", do not say which one is meant), or a synonym-group pattern the name has."""
    positions: set[int] = set()
    stems = {s for s in content_stems(name) if len(s) >= 5 and s not in common}
    for m in _WORD_RE.finditer(text):
        word = m.group(0).lower()
        if len(word) >= 4 and any(stems_match(_stem(word), s) for s in stems):
            positions.add(m.start())
    for pats in concept_patterns().values():
        if any(p.search(name) for p in pats):
            for p in pats:
                positions.update(m.start() for m in p.finditer(text))
    return tuple(sorted(positions))


class IndicatorIndex:
    """The report's indicators as the binding needs them: by name key, by the goal branch each goal
    sees, and the concept groups only one indicator has."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.all: list[Indicator] = list({id(i): i for i, _, _ in report.indicators()}.values())
        keys: dict[str, list[Indicator]] = {}
        for ind in self.all:
            key = name_key(ind.name)
            if len(key) >= 6:
                keys.setdefault(key, []).append(ind)
        # longest names first: "sjukfranvaro dag 1 14" is found before "sjukfranvaro"
        self.by_key = sorted(keys.items(), key=lambda kv: -len(kv[0]))
        owners: dict[str, list[Indicator]] = {}
        for ind in self.all:
            for concept in concepts_in(ind.name):
                owners.setdefault(concept, []).append(ind)
        self.unique_concepts = {c: inds[0] for c, inds in owners.items() if len(inds) == 1}
        # stems more than two indicators share: naming one of them does not tell which is meant
        seen: dict[str, int] = {}
        for ind in self.all:
            for stem in set(content_stems(bare_name(ind.name))):
                seen[stem] = seen.get(stem, 0) + 1
        self.common_stems = frozenset(stem for stem, n in seen.items() if n > 2)
        self._scope: dict[int, list[Indicator]] = {}

    def positions(self, text: str, ind: Indicator) -> tuple[int, ...]:
        """Where `text` names `ind` by its distinctive words or its topic."""
        return mention_positions(text, bare_name(ind.name), self.common_stems)

    def scope(self, goal: Goal | None) -> list[Indicator]:
        """The indicators a text under `goal` may speak of by its words: those of the goal's ancestors,
        itself and its children; every indicator for text outside the goal tree."""
        if goal is None:
            return self.all
        key = id(goal)
        if key not in self._scope:
            self._scope[key] = goal_scope_indicators(goal, self.report)
        return self._scope[key]

    def named_exactly(self, text: str) -> list[tuple[Indicator, int]]:
        """Indicators whose whole name (brackets left out) or a quoted name stands in `text`, with where;
        a name inside a longer name found is not counted again."""
        folded = f" {fold_name(text)} "
        found: list[tuple[Indicator, int]] = []
        taken: list[tuple[int, int]] = []
        for key, inds in self.by_key:
            start = folded.find(f" {key} ")
            if start < 0 or any(a <= start < b for a, b in taken):
                continue
            taken.append((start, start + len(key) + 1))
            found.append((inds[0], _offset_of(text, start)))
        for m in _QUOTED_RE.finditer(text):
            quoted = fold_name(m.group(1))
            for key, inds in self.by_key:
                if quoted == key and all(i is not inds[0] for i, _ in found):
                    found.append((inds[0], m.start()))
        return found

    def by_abbreviation(self, text: str) -> list[Indicator]:
        """Indicators named by a short name or abbreviation only they have in this report ("AMI")."""
        return [self.unique_concepts[c] for c in concepts_in(text) if c in self.unique_concepts]


def _offset_of(text: str, folded_start: int) -> int:
    """The offset in `text` of a word found at `folded_start` in " " + fold_name(text) + " ": the
    fold keeps letters and collapses the rest, so count words."""
    words_before = len(fold_name(text)[: max(0, folded_start - 1)].split())
    matches = list(re.finditer(r"[0-9A-Za-zÀ-ÿ]+", text))
    return matches[words_before].start() if words_before < len(matches) else 0


def comment_turns_away(sentences: list[Sentence], own: Indicator, *, minimum: float) -> list[bool]:
    """For each sentence of a comment row: whether it speaks of another survey than its indicator's.
    The comment turns away at a sentence introducing another survey ("Enheten har en egen
    bemötandeenkät …") and stays away until a sentence names its indicator again."""
    away, out = False, []
    for sent in sentences:
        names_own = mentions(sent.text, own)[0] >= minimum
        if phrase_pattern("other_survey").search(sent.text) and not names_own:
            away = True
        elif names_own:
            away = False
        out.append(away)
    return out


def sentence_subject(
    sentence: Sentence, place: Place, index: IndicatorIndex, *, minimum: float, turned_away: bool = False
) -> Subject | None:
    """The indicator `sentence` (in `place`) speaks of, or None, whatever cells it has: the caller asks
    whether it has what a rule compares (a sentence about "Sjukfrånvaro" whose outcome is empty is not
    about "Sjukfrånvaro dag 1-14"). `minimum` is the mention score a sentence needs when only its words
    bind it; `turned_away` says a comment row's sentence speaks of another survey."""
    text = sentence.text
    exact = index.named_exactly(text)
    if place.indicator is not None:
        own = place.indicator
        others = [(i, at) for i, at in exact if i is not own]
        if others:
            ind, at = others[0]
            return Subject(ind, EXACT_NAME, "indikatorns namn står i texten", (at,))
        if turned_away:
            return None
        return Subject(own, OWN_ROW, "kommentarsraden under indikatorn", own_row=True)
    if exact:
        ind, at = exact[0]
        return Subject(ind, EXACT_NAME, "indikatorns namn står i texten", index.positions(text, ind) or (at,))
    scored = [(mentions(text, ind), ind) for ind in index.scope(place.goal)]
    scored = [((s, r), ind) for (s, r), ind in scored if s >= minimum]
    if not scored:
        for ind in index.by_abbreviation(text):
            positions = index.positions(text, ind)
            if positions:
                return Subject(ind, ABBREVIATION, "indikatorns förkortning står i texten", positions)
        return None
    best = max(s for (s, _), _ in scored)
    top = [((s, r), ind) for (s, r), ind in scored if s >= best - 1e-9]
    if len(top) > 1:
        # "Sjukfrånvaro" and "Sjukfrånvaro dag 1-14" both match: the general one unless its qualifier is there
        lowered = text.lower()

        def qualified(ind: Indicator) -> bool:
            qualifier = ind.name.strip().lower().partition(" ")[2]
            return bool(qualifier) and qualifier in lowered

        top.sort(key=lambda t: (not qualified(t[1]), -len(t[1].name) if qualified(t[1]) else len(t[1].name)))
    (score, reason), ind = top[0]
    positions = index.positions(text, ind)
    return Subject(ind, score, reason, positions) if positions else None
