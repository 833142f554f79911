"""Numbers stated about an indicator, with their qualifiers: the gender ("kvinnor (58 %)", "67 % nöjda
kvinnor"), the year ("40 % 2023", "sedan VB 2023 då sjukfrånvaron låg på 6,9 %"), whether a sub-group
or another measure is meant ("inom stödboenden", "svarsfrekvensen"), "cirka"; counts for "Antal ..."
indicators; "22 av 32" against a percent. Each becomes a `StatedValue`: the number, the sentence, the
indicator it is bound to and the cell of the row it is to be held against."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from vbassist.checks.claims import Sentence, bare_fractions
from vbassist.checks.common import num, numbers_in
from vbassist.checks.facts.binding import Subject, bare_name
from vbassist.checks.facts.phrases import phrase_pattern
from vbassist.checks.facts.places import Place
from vbassist.linking import content_stems, coverage
from vbassist.model import Indicator
from vbassist.numbers import NumberMention, matches_rounded

Field = Literal["utfall", "utfall_kvinnor", "utfall_man", "utfall_forra_aret"]
ValueKind = Literal["percent", "count", "fraction"]

_FEMALE = ("kvinnor", "kvinnorna", "flickor", "flickorna", "tjejer")
_MALE = ("män", "männen", "pojkar", "pojkarna", "killar")
_FEMALE_RE = re.compile(rf"\b({'|'.join(_FEMALE)})\b[^.%\d]{{0,25}}$", re.IGNORECASE)
_MALE_RE = re.compile(rf"\b({'|'.join(_MALE)})\b[^.%\d]{{0,25}}$", re.IGNORECASE)
_GENDER_AFTER_RE = re.compile(rf"[^.%\d]{{0,15}}?\b({'|'.join(_FEMALE + _MALE)})\b", re.IGNORECASE)
_GENDER_FIELD: dict[str, Field] = {
    **dict.fromkeys(_FEMALE, "utfall_kvinnor"),
    **dict.fromkeys(_MALE, "utfall_man"),
}
# words that say the number is not the indicator's own value (a change, a survey answer, a share of
# something else)
OTHER_MEASURE_RE = re.compile(
    r"(procentenhet|svarsfrekvens|svarat|skattar|ökning med|minskning med|ökat med|minskat med|"
    r"\b(?:ökade|minskade|sjunkit|stigit|höjts|sänkts|förbättrats|försämrats)\s+med\s*$|\bav\s+(alla|de|samtliga)\b)",
    re.IGNORECASE,
)
_TARGET_TALK_RE = re.compile(
    r"\b(över|under|minst|högst|målet|årsmålet|målvärdet|mål på|når upp till)\s*$"
    r"|\b(?:års)?mål(?:et|värde(?:t)?|nivå(?:n)?)?\s+(?:var\s+|är\s+|låg\s+)?(?:på|om|till)?\s*$",
    re.IGNORECASE,
)
_YEAR_AFTER_RE = re.compile(r"\s*(?:år\s+|under\s+|i\s+)?((?:19|20)\d\d)\b")
# "sedan VB 2023 då sjukfrånvaron låg på 6,9 %": a year named shortly before, with "då"/"var" between
_YEAR_BEFORE_RE = re.compile(
    r"\b(?:VB\s+|år\s+|i\s+|under\s+)?((?:19|20)\d\d)\b(?:\s+\S+){0,1}\s+då\b[^.\d]{0,40}$"
)


@dataclass(frozen=True)
class StatedValue:
    """A number a sentence states about `subject.indicator`, to be held against the row's `field`
    (for a fraction, `value` is the share it gives). `start`/`end` are offsets in the place's text."""

    kind: ValueKind
    value: float
    decimals: int
    raw: str
    approximate: bool
    place: Place
    sentence: Sentence
    subject: Subject
    field: Field
    start: int
    end: int

    @property
    def indicator(self) -> Indicator:
        return self.subject.indicator

    @property
    def distance(self) -> int:
        return self.subject.distance(self.start - self.sentence.start)


def row_values(ind: Indicator) -> list[float]:
    """Every number of an indicator's row the text may quote: outcome, gender, last year, targets."""
    cells = (ind.utfall, ind.utfall_man, ind.utfall_kvinnor, ind.utfall_forra_aret, ind.arsmal, ind.kf_arsmal)
    return [v for v in (num(c) for c in cells) if v is not None]


def is_percent_indicator(ind: Indicator) -> bool:
    cells = [ind.utfall, ind.arsmal, ind.utfall_forra_aret]
    if any(c is not None and c.kind == "percent" for c in cells):
        return True
    return bool(re.match(r"\s*andel", ind.name, re.IGNORECASE)) or "sjukfrånvaro" in ind.name.lower()


def _gender_of(text: str, n: NumberMention) -> Field:
    # "kvinnor (58 %)" names the gender before the number, "67 % nöjda kvinnor" after it; a gender word
    # right before another number ("män (64 %)") belongs to that number
    after = _GENDER_AFTER_RE.match(text[n.end : n.end + 25])
    if after and not re.match(r"[\s(:]{0,3}\d", text[n.end + after.end() : n.end + after.end() + 6]):
        return _GENDER_FIELD[after.group(1).lower()]
    lead = text[max(0, n.start - 30) : n.start]
    if _FEMALE_RE.search(lead):
        return "utfall_kvinnor"
    if _MALE_RE.search(lead):
        return "utfall_man"
    return "utfall"


def _year_of(text: str, n: NumberMention) -> int | None:
    after = _YEAR_AFTER_RE.match(text[n.end : n.end + 14])
    if after:
        return int(after.group(1))
    before = _YEAR_BEFORE_RE.search(text[max(0, n.start - 70) : n.start])
    return int(before.group(1)) if before else None


def _value(
    kind: ValueKind,
    n: NumberMention,
    value: float,
    field: Field,
    place: Place,
    sent: Sentence,
    subject: Subject,
) -> StatedValue:
    return StatedValue(
        kind=kind,
        value=value,
        decimals=n.decimals,
        raw=n.raw,
        approximate=n.approximate,
        place=place,
        sentence=sent,
        subject=subject,
        field=field,
        start=sent.start + n.start,
        end=sent.start + n.end,
    )


def stated_percents(
    sent: Sentence,
    place: Place,
    subject: Subject,
    named: list[Indicator],
    report_year: int | None,
    report_kind: str = "VB",
) -> list[StatedValue]:
    """Percents in `sent` about `subject`: those the text holds against a cell of its row. Left out: a
    number any named indicator's row explains, a sentence that quotes the outcome right (its other
    numbers are other categories or sub-groups), three or more plain percents (a distribution), the
    complement to 100 of a quoted value, a sub-group, another year than this and the last, a change,
    a survey answer, target talk ("minst 80 %"), a number far from the name."""
    ind = subject.indicator
    if not is_percent_indicator(ind):
        return []
    text = sent.text
    percents = [n for n in numbers_in(text) if n.kind == "percent" and n.unit == "%" and not n.is_year]
    fields = {id(n): _gender_of(text, n) for n in percents}
    plain = [n for n in percents if fields[id(n)] == "utfall"]
    rows = list({id(i): i for i in [ind, *named]}.values())
    known = [v for i in rows for v in row_values(i)]
    current = [v for i in rows for v in (num(i.utfall),) if v is not None]

    def explained(n: NumberMention) -> bool:
        return any(matches_rounded(n.value, n.decimals, v) for v in known)

    explained_plain = [n for n in plain if explained(n)]
    # "under april och maj ... 82 %": a part of the year, not the year's outcome (a tertial report's
    # own tertial is its period)
    part_of_year = report_kind == "VB" and bool(phrase_pattern("sub_period").search(text))
    states_current = any(any(matches_rounded(n.value, n.decimals, v) for v in current) for n in plain)
    out: list[StatedValue] = []
    for n in percents:
        field = fields[id(n)]
        year = _year_of(text, n)
        last_year = year is not None and report_year is not None and year == report_year - 1
        if field == "utfall":
            if explained(n) or part_of_year:
                continue
            # the sentence quotes an outcome correctly: its other plain numbers are other categories
            # of the same survey or sub-groups ("90,9 % nöjda ... och 100 % kan vara delaktiga"),
            # unless tagged last year
            if states_current and not last_year:
                continue
            if len(plain) >= 3:
                continue
            # "83 % känner sig väl bemötta, 17 % ibland": the complement of a quoted outcome
            if any(abs(n.value + e.value - 100) <= 1 for e in explained_plain):
                continue
        if subject.distance(n.start) > 90:
            continue
        lead = text[max(0, n.start - 30) : n.start]
        if OTHER_MEASURE_RE.search(lead) or _TARGET_TALK_RE.search(lead):
            continue
        # "nöjdheten inom stödboenden ... 77 %": a sub-group, not the indicator's whole population
        if (
            field == "utfall"
            and not subject.own_row
            and phrase_pattern("subgroup").search(subject.words_between(text, n.start))
        ):
            continue
        if year is not None and report_year is not None and year != report_year:
            if field != "utfall" or not last_year:
                continue
            field = "utfall_forra_aret"  # "40 % 2023" in a VB 2024: last year's column
        out.append(_value("percent", n, n.value, field, place, sent, subject))
    return out


def stated_fractions(
    sent: Sentence, place: Place, subject: Subject, report_year: int | None
) -> list[StatedValue]:
    """ "22 av 32 ärenden" next to a percent indicator whose outcome is not 22/32 (a percent written by
    it is VB-DERIVED-003's; a value of the row explains it; "29/32 2023" is another year's)."""
    ind = subject.indicator
    fractions = bare_fractions(sent.text)
    if not fractions or num(ind.utfall) is None or not is_percent_indicator(ind):
        return []
    values = row_values(ind)
    percents = [n.value for n in numbers_in(sent.text) if n.kind == "percent"]
    out: list[StatedValue] = []
    for numerator, denominator, start, end in fractions:
        share = 100 * numerator / denominator
        if subject.distance(start) > 90:
            continue
        if any(abs(share - p) <= 1 for p in percents) or any(abs(share - v) <= 0.6 for v in values):
            continue
        mention = NumberMention(share, "percent", "%", sent.text[start:end], start, end, 1)
        year = _year_of(sent.text, mention)
        if year is not None and report_year is not None and year != report_year:
            continue
        out.append(_value("fraction", mention, share, "utfall", place, sent, subject))
    return out


def stated_counts(sent: Sentence, place: Place, subject: Subject) -> list[StatedValue]:
    """ "45 personer har beviljats insatser på RVCi" against "Antal våldsutsatta som beviljats insats på
    Relationsvårdscentrum" = 40. Only "Antal ..." indicators, one count in the sentence, named close by,
    no sub-group, no change; in a comment row the counted noun must be the indicator's."""
    ind = subject.indicator
    if num(ind.utfall) is None or not re.match(r"\s*antal\b", ind.name, re.IGNORECASE):
        return []
    numbers = numbers_in(sent.text)
    counts = [n for n in numbers if n.kind == "count" and not n.is_year and n.unit is None]
    if len(counts) != 1 or any(n.kind == "percent" for n in numbers):
        return []
    n = counts[0]
    if subject.own_row or subject.distance(n.start) > 60:
        return []
    if any(matches_rounded(n.value, n.decimals, v) for v in row_values(ind)):
        return []
    if phrase_pattern("subgroup").search(sent.text) or OTHER_MEASURE_RE.search(
        sent.text[max(0, n.start - 30) : n.start]
    ):
        return []
    # the count must be of the indicator's event: "4 personer som varit våldsutsatta har bott i
    # jourlägenheten" is not "Antal våldsutsatta som beviljats insats"; nor those who moved or ended
    if coverage(content_stems(bare_name(ind.name)), content_stems(sent.text)) < 0.4:
        return []
    if phrase_pattern("count_change_events").search(sent.text[n.end :]):
        return []
    return [_value("count", n, n.value, "utfall", place, sent, subject)]
