"""Counts of a thing and an event ("Enheten har 77 barn placerade i familjehem", "två konsulter har
hyrts in"), so the same count stated with another number in another passage can be found. What is
counted is the noun with the words that follow it up to the end of its clause ("barn placerade i
familjehem"); the period is a year or tertial written in the sentence. A count is not the same fact
as another when its event differs (written differently: "placerade" is who is placed, "placerats" who
was placed during the year), when it is a part ("varav 40", "bland dem 12", "nya", "har flyttat hem"),
or approximate ("drygt 50")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from vbassist.checks.common import numbers_in
from vbassist.checks.facts.phrases import phrase_pattern
from vbassist.checks.facts.places import ACCOUNT_KINDS, Place
from vbassist.linking import _stem
from vbassist.numbers import NumberMention, find_number_words

if TYPE_CHECKING:
    from vbassist.checks.facts import ReportFacts

# the words after a count up to the end of its clause
_TAIL_RE = re.compile(r"\s+(?P<tail>[a-zåäö][a-zåäö\- ]{2,80})", re.IGNORECASE)
_NOT_A_THING_WORDS = (
    "gång gånger timme timmar dag dagar vecka veckor månad månader år procent kr kronor st stycken "
    "dem dessa de dom vilka alla samtliga"
)
# a count of times or of a unit is not a count of a thing ("3 gånger per år"), nor is a part ("9 av dessa")
_NOT_A_THING = frozenset(_NOT_A_THING_WORDS.split())
_STOP = frozenset(
    [
        "och",
        "att",
        "i",
        "på",
        "av",
        "för",
        "med",
        "till",
        "som",
        "har",
        "är",
        "var",
        "den",
        "det",
        "de",
        "en",
        "ett",
        "om",
        "under",
        "hos",
        "vid",
        "sig",
        "eller",
        "från",
    ]
)
_PART_BEFORE_RE = re.compile(
    r"\b(?:(?:varav|bland\s+(?:dem|dessa|de)|av\s+(?:dem|dessa|de|alla|samtliga)|därav|inklusive|ytterligare)"
    r"(?:\s+\w+){0,2}|drygt|knappt|cirka|ca|c:a|omkring|ungefär|runt|nästan|över|under|minst|högst|"
    r"fler\s+än|mer\s+än|färre\s+än)\s*$",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")
_LAST_YEAR_RE = re.compile(r"\b(?:föregående\s+år|förra\s+året|i\s+fjol)\b", re.IGNORECASE)


@dataclass(frozen=True)
class StatedCount:
    """ "77 barn placerade i familjehem": `value` of the thing `key` (the noun's stem and the words of
    its clause, the first verb form as written) in `period`, at `start:end` of the place's text."""

    value: float
    key: tuple[str, ...]
    period: tuple[str, ...]
    raw: str
    start: int
    end: int
    place: Place


def _key(tail: str) -> tuple[str, ...] | None:
    """The counted thing: the noun's stem, then the next two words of its clause (the first verb form
    as written, other words stemmed); None when the clause changes the set (those who moved, new ones)."""
    clause = re.split(r"\s+(?:och|men|samt|vilket|där|då|medan)\s+|[,;:]", tail)[0]
    if phrase_pattern("count_change_events").search(clause):
        return None
    words = [w.lower() for w in clause.split() if w.lower() not in _STOP]
    if not words or words[0] in _NOT_A_THING:
        return None
    key = [_stem(words[0])]
    for i, w in enumerate(words[1:3], start=1):
        key.append(w if i == 1 else _stem(w))
    return tuple(key)


@lru_cache(maxsize=4096)
def number_words_in(text: str) -> tuple[NumberMention, ...]:
    return tuple(find_number_words(text))


def stated_counts_of(facts: ReportFacts) -> list[StatedCount]:
    """Counts of a thing in the unit's own texts that pin what they count: a noun and at least two
    words of its clause, not approximate, not a part of another count."""
    out: list[StatedCount] = []
    year = facts.report.year
    for place in facts.places_of(ACCOUNT_KINDS):
        for sentence in facts.sentences(place):
            words = sentence.text
            mentions = [
                n
                for n in numbers_in(words)
                if n.kind == "count" and n.unit is None and not n.is_year and n.decimals == 0
            ]
            found = sorted([*mentions, *number_words_in(words)], key=lambda n: n.start)
            if not found:
                continue
            years = sorted({y for y in _YEAR_RE.findall(words) if year is None or int(y) != year})
            parts = {m.group(0).lower() for m in phrase_pattern("sub_period").finditer(words)}
            last = {m.group(0).lower() for m in _LAST_YEAR_RE.finditer(words)}
            periods = (*years, *sorted(parts | last))
            for n in found:
                tail = _TAIL_RE.match(words, n.end)
                if (
                    tail is None
                    or n.approximate
                    or _PART_BEFORE_RE.search(words[max(0, n.start - 30) : n.start])
                ):
                    continue
                key = _key(tail["tail"])
                if (
                    key is None
                    or len(key) < 3
                    or phrase_pattern("count_change_events").search(words[n.end :])
                ):
                    continue
                start, end = sentence.start + n.start, sentence.start + tail.end()
                out.append(
                    StatedCount(n.value, key, periods, words[n.start : tail.end()].strip(), start, end, place)
                )
    return out
