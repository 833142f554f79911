"""text_vs_table: a number in the text about an indicator (its name nearby, the same measure, also
"kvinnor (58 %)") that differs from the table beyond rounding; and the same count stated differently
in two places of the same report."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from vbassist.checks.claims import Sentence, bare_fractions, sentences
from vbassist.checks.registry import CheckContext, rule
from vbassist.checks.rules._common import (
    REPORTING_KINDS,
    TextPlace,
    cell_evidence,
    cell_text,
    fmt,
    goal_scope_indicators,
    make_finding,
    num,
    numbers_in,
    report_texts,
    short,
    thresholds,
    with_span,
)
from vbassist.linking import _stem, concept_patterns, indicator_stems, stems_match, text_mentions_indicator
from vbassist.model import Evidence, Finding, Indicator, Report
from vbassist.numbers import NumberMention, format_sv, matches_rounded

_WORD_RE = re.compile(r"[a-zåäöéü]+", re.IGNORECASE)
_FEMALE_RE = re.compile(r"\b(kvinnor|kvinnorna|flickor|flickorna|tjejer)\b[^.%\d]{0,25}$", re.IGNORECASE)
_GENDER_AFTER_RE = re.compile(
    r"[^.%\d]{0,15}?\b(kvinnor|kvinnorna|flickor|flickorna|tjejer|män|männen|pojkar|pojkarna|killar)\b",
    re.IGNORECASE,
)
_GENDER_FIELD = {
    **dict.fromkeys(("kvinnor", "kvinnorna", "flickor", "flickorna", "tjejer"), "utfall_kvinnor"),
    **dict.fromkeys(("män", "männen", "pojkar", "pojkarna", "killar"), "utfall_man"),
}
_MALE_RE = re.compile(r"\b(män|männen|pojkar|pojkarna|killar)\b[^.%\d]{0,25}$", re.IGNORECASE)
# words that say the number is not the indicator's own value (a change, a survey answer, a share of
# something else)
_OTHER_MEASURE_RE = re.compile(
    r"(procentenhet|svarsfrekvens|svarat|skattar|ökning med|minskning med|ökat med|minskat med|"
    r"\b(?:ökade|minskade|sjunkit|stigit|höjts|sänkts|förbättrats|försämrats)\s+med\s*$|\bav\s+(alla|de|samtliga)\b)",
    re.IGNORECASE,
)


_TARGET_TALK_RE = re.compile(
    r"\b(över|under|minst|högst|målet|årsmålet|målvärdet|mål på|når upp till)\s*$", re.IGNORECASE
)
_SUBGROUP_RE = re.compile(r"\b(inom|bland|hos|för de|av de|i gruppen)\b", re.IGNORECASE)
_YEAR_AFTER_RE = re.compile(r"\s*(?:år\s+|under\s+|i\s+)?((?:19|20)\d\d)\b")


def mention_positions(text: str, indicator: Indicator) -> list[int]:
    """Character offsets in `text` where the indicator is named: a word sharing one of its content
    stems, or a synonym-group pattern it shares."""
    positions = []
    stems = set(indicator_stems(indicator))
    for m in _WORD_RE.finditer(text):
        word = m.group(0).lower()
        if len(word) < 4:
            continue
        st = _stem(word)
        if any(stems_match(st, s) for s in stems if len(s) >= 5):
            positions.append(m.start())
    for pats in concept_patterns().values():
        if any(p.search(indicator.name) for p in pats):
            for p in pats:
                positions.extend(m.start() for m in p.finditer(text))
    return sorted(set(positions))


@dataclass(frozen=True)
class NumberAboutIndicator:
    mention: NumberMention
    indicator: Indicator
    score: float
    reason: str
    field: str  # "utfall", "utfall_kvinnor", "utfall_man"
    distance: int


def _indicator_values(ind: Indicator) -> list[float]:
    values = [
        ind.utfall,
        ind.utfall_man,
        ind.utfall_kvinnor,
        ind.utfall_forra_aret,
        ind.arsmal,
        ind.kf_arsmal,
    ]
    return [v for v in (num(x) for x in values) if v is not None]


def _is_percent_indicator(ind: Indicator) -> bool:
    cells = [ind.utfall, ind.arsmal, ind.utfall_forra_aret]
    if any(c is not None and c.kind == "percent" for c in cells):
        return True
    return bool(re.match(r"\s*andel", ind.name, re.IGNORECASE)) or "sjukfrånvaro" in ind.name.lower()


def numbers_about_indicators(
    sentence: Sentence, candidates: list[Indicator], report_year: int | None = None
) -> list[NumberAboutIndicator]:
    """Percent numbers in a sentence bound to the indicator named closest before them."""
    text = sentence.text
    if not any(n.kind == "percent" and n.unit == "%" and not n.is_year for n in numbers_in(text)):
        return []  # only percent numbers are bound below: skip scoring every candidate
    scored = []
    for ind in candidates:
        if num(ind.utfall) is None:
            continue
        score, reason = text_mentions_indicator(text, ind)
        if score >= thresholds()["text_number_min"]:
            scored.append((score, reason, ind))
    if not scored:
        return []
    best = max(s for s, _, _ in scored)
    top = [(s, r, i) for s, r, i in scored if s >= best - 1e-9]
    if len(top) > 1:
        # "Sjukfrånvaro" and "Sjukfrånvaro dag 1-14" both match: the general one unless its qualifier is there
        lowered = text.lower()

        def qualified(ind: Indicator) -> bool:
            qualifier = ind.name.strip().lower().partition(" ")[2]
            return bool(qualifier) and qualifier in lowered

        top.sort(key=lambda t: (not qualified(t[2]), -len(t[2].name) if qualified(t[2]) else len(t[2].name)))
    score, reason, ind = top[0]
    if not _is_percent_indicator(ind):
        return []
    positions = mention_positions(text, ind)
    if not positions:
        return []
    percents = [n for n in numbers_in(text) if n.kind == "percent" and n.unit == "%" and not n.is_year]

    def gender_of(n: NumberMention) -> str:
        # "kvinnor (58 %)" names the gender before the number, "67 % nöjda kvinnor" after it; a gender
        # word right before another number ("män (64 %)") belongs to that number
        after = _GENDER_AFTER_RE.match(text[n.end : n.end + 25])
        if after and not re.match(r"[\s(:]{0,3}\d", text[n.end + after.end() : n.end + after.end() + 6]):
            return _GENDER_FIELD[after.group(1).lower()]
        lead = text[max(0, n.start - 30) : n.start]
        if _FEMALE_RE.search(lead):
            return "utfall_kvinnor"
        if _MALE_RE.search(lead):
            return "utfall_man"
        return "utfall"

    fields = {id(n): gender_of(n) for n in percents}
    plain = [n for n in percents if fields[id(n)] == "utfall"]
    # numbers any indicator named in the sentence explains (its outcome, last year, target, a gender)
    mentioned = [i for i in candidates if text_mentions_indicator(text, i)[0] >= thresholds()["sentence_min"]]
    named = list({id(i): i for i in [ind, *mentioned]}.values())
    known = [v for i in named for v in _indicator_values(i)]
    current = [v for i in named for v in (num(i.utfall),) if v is not None]

    def explained(n: NumberMention) -> bool:
        return any(matches_rounded(n.value, n.decimals, v) for v in known)

    explained_plain = [n for n in plain if explained(n)]
    # the sentence quotes an outcome correctly: its other plain numbers are other categories of the same
    # survey or sub-groups ("90,9 % nöjda ... och 100 % kan vara delaktiga"), unless tagged last year
    states_current = any(any(matches_rounded(n.value, n.decimals, v) for v in current) for n in plain)
    out = []
    for n in percents:
        field = fields[id(n)]
        if field == "utfall":
            if explained(n):
                continue
            tagged = _YEAR_AFTER_RE.match(text[n.end : n.end + 14])
            if states_current and not (
                tagged and report_year is not None and int(tagged.group(1)) == report_year - 1
            ):
                continue
            # three or more plain percentages: a distribution or a list of sub-groups, too loose to bind
            if len(plain) >= 3:
                continue
            # "83 % känner sig väl bemötta, 17 % ibland": the complement of a quoted outcome
            if any(abs(n.value + e.value - 100) <= 1 for e in explained_plain):
                continue
        before = [p for p in positions if p <= n.start]
        distance = n.start - before[-1] if before else min(abs(p - n.start) for p in positions)
        if distance > 90:
            continue
        lead = text[max(0, n.start - 30) : n.start]
        if _OTHER_MEASURE_RE.search(lead) or _TARGET_TALK_RE.search(lead):
            continue
        # "nöjdheten inom stödboenden ... 77 %": a sub-group, not the indicator's whole population
        between = text[before[-1] : n.start] if before else ""
        if field == "utfall" and _SUBGROUP_RE.search(between):
            continue
        # "89 % år 2023": another year's value
        year = _YEAR_AFTER_RE.match(text[n.end : n.end + 14])
        if year and report_year is not None and int(year.group(1)) != report_year:
            if field != "utfall" or int(year.group(1)) != report_year - 1:
                continue
            field = "utfall_forra_aret"  # "40 % 2023" in a VB 2024: last year's column
        out.append(NumberAboutIndicator(n, ind, score, reason, field, distance))
    return out


def _candidates(place: TextPlace, report: Report) -> list[Indicator]:
    if place.indicator is not None:
        return [place.indicator]
    if place.goal is not None:
        return goal_scope_indicators(place.goal, report)
    return [ind for ind, _, _ in report.indicators()]


FIELD_LABEL = {
    "utfall": "Periodens utfall",
    "utfall_kvinnor": "Utfall kvinnor/flickor",
    "utfall_man": "Utfall män/pojkar",
    "utfall_forra_aret": "Utfall föregående år",
}


@rule(
    "VB-TEXT-001",
    category="text_vs_table",
    severity="error",
    title="En siffra i texten om en indikator skiljer sig från tabellen",
)
def number_in_text_differs_from_table(report: Report, context: CheckContext) -> Iterator[Finding]:
    if report.kind not in REPORTING_KINDS:
        return
    # the candidates of a place depend only on its indicator or goal: computed once per goal, not once
    # per paragraph (each walks the goal tree)
    memo: dict[tuple[int, int], list[Indicator]] = {}
    for place in report_texts(report):
        key = (id(place.indicator), id(place.goal))
        candidates = memo.get(key)
        if candidates is None:
            candidates = memo[key] = _candidates(place, report)
        if not candidates:
            continue
        for sent in sentences(place.text):
            yield from _fraction_findings(report, place, sent, candidates)
            yield from _count_findings(report, place, sent, candidates)
            for about in numbers_about_indicators(sent, candidates, report.year):
                n, ind = about.mention, about.indicator
                cell = getattr(ind, about.field)
                if about.field != "utfall" and num(cell) is None:
                    continue
                if about.field == "utfall":
                    # the text may quote any of the row's numbers (last year, target, a gender)
                    if any(matches_rounded(n.value, n.decimals, v) for v in _indicator_values(ind)):
                        continue
                elif matches_rounded(n.value, n.decimals, num(cell)):  # type: ignore[arg-type]
                    continue
                strong = about.score >= 0.8 and about.distance <= 60 and not n.approximate
                start, end = sent.start + n.start, sent.start + n.end
                yield make_finding(
                    "VB-TEXT-001",
                    "text_vs_table",
                    "error" if strong else "warning",
                    report=report,
                    goal=place.goal,
                    goal_title=place.section,
                    message=(
                        f'Texten anger {n.raw} om "{short(ind.name, 70)}" men tabellen har '
                        f"{FIELD_LABEL[about.field].lower()} {cell_text(cell)}."
                    ),
                    evidence=[
                        Evidence(
                            label="text",
                            text=short(sent.text),
                            value=n.value,
                            location=with_span(place.location, start, end),
                        ),
                        cell_evidence(ind, about.field, FIELD_LABEL[about.field], whole=True),
                    ],
                    location=with_span(place.location, start, end),
                    suggestion=f"Använd tabellens värde ({format_sv(num(cell) or 0.0)} %) i texten, eller rätta tabellen.",
                    confidence=about.score,
                )


def _fraction_findings(
    report: Report, place: TextPlace, sent: Sentence, candidates: list[Indicator]
) -> Iterator[Finding]:
    """ "22 av 32 ärenden" next to a percent indicator whose outcome is not 22/32."""
    fractions = bare_fractions(sent.text)
    if not fractions:
        return
    scored = [(text_mentions_indicator(sent.text, i)[0], i) for i in candidates if num(i.utfall) is not None]
    scored = [
        (sc, i) for sc, i in scored if sc >= thresholds()["text_number_min"] and _is_percent_indicator(i)
    ]
    if not scored:
        return
    score, ind = max(scored, key=lambda t: (t[0], -len(t[1].name)))
    positions = mention_positions(sent.text, ind)
    values = _indicator_values(ind)
    percents = [n.value for n in numbers_in(sent.text) if n.kind == "percent"]
    for n, d, start, end in fractions:
        share = 100 * n / d
        if not positions or min(abs(p - start) for p in positions) > 90:
            continue
        # a percent written next to it is DERIVED-003's; a value of the row explains it
        if any(abs(share - p) <= 1 for p in percents) or any(abs(share - v) <= 0.6 for v in values):
            continue
        loc = with_span(place.location, sent.start + start, sent.start + end)
        yield make_finding(
            "VB-TEXT-001",
            "text_vs_table",
            "warning",
            report=report,
            goal=place.goal,
            goal_title=place.section,
            message=(
                f'Texten anger {fmt(n)} av {fmt(d)} ({fmt(share, 1)} %) om "{short(ind.name, 70)}" men tabellen har '
                f"periodens utfall {cell_text(ind.utfall)}."
            ),
            evidence=[
                Evidence(label="text", text=short(sent.text), value=round(share, 2), location=loc),
                cell_evidence(ind, "utfall", "Periodens utfall", whole=True),
            ],
            location=loc,
            suggestion="Kontrollera antalen i texten mot tabellens andel.",
            confidence=score,
        )


def _count_findings(
    report: Report, place: TextPlace, sent: Sentence, candidates: list[Indicator]
) -> Iterator[Finding]:
    """ "45 personer har beviljats insatser på RVCi" against "Antal våldsutsatta som beviljats insats på
    Relationsvårdscentrum" = 40. Only "Antal ..." indicators, one count in the sentence, no sub-group."""
    numbers = numbers_in(sent.text)
    counts = [n for n in numbers if n.kind == "count" and not n.is_year and n.unit is None]
    if len(counts) != 1 or any(n.kind == "percent" for n in numbers):
        return
    scored = [
        (text_mentions_indicator(sent.text, i)[0], i)
        for i in candidates
        if num(i.utfall) is not None and re.match(r"\s*antal\b", i.name, re.IGNORECASE)
    ]
    scored = [(sc, i) for sc, i in scored if sc >= thresholds()["text_number_min"]]
    if not scored:
        return
    score, ind = max(scored, key=lambda t: (t[0], -len(t[1].name)))
    n = counts[0]
    positions = mention_positions(sent.text, ind)
    if not positions or min(abs(p - n.start) for p in positions) > 60:
        return
    if any(matches_rounded(n.value, n.decimals, v) for v in _indicator_values(ind)):
        return
    if _SUBGROUP_RE.search(sent.text) or _OTHER_MEASURE_RE.search(sent.text[max(0, n.start - 30) : n.start]):
        return
    loc = with_span(place.location, sent.start + n.start, sent.start + n.end)
    yield make_finding(
        "VB-TEXT-001",
        "text_vs_table",
        "warning",
        report=report,
        goal=place.goal,
        goal_title=place.section,
        message=f'Texten anger {n.raw} om "{short(ind.name, 70)}" men tabellen har periodens utfall {cell_text(ind.utfall)}.',
        evidence=[
            Evidence(label="text", text=short(sent.text), value=n.value, location=loc),
            cell_evidence(ind, "utfall", "Periodens utfall", whole=True),
        ],
        location=loc,
        suggestion="Kontrollera antalet i texten mot tabellen.",
        confidence=score,
    )


# ------------------------------------------------------------------------------------ repeated counts

_COUNT_RE = re.compile(
    r"(?<![\d,.\s]\s)(?<![\d,.])(?P<n>\d{1,4})\s+(?P<tail>[a-zåäö][a-zåäö\- ]{2,80})", re.IGNORECASE
)
_COUNT_STOP_TEXT = "och att i på av för med till som har är var den det de en ett om under hos vid"
_COUNT_STOP = frozenset(_COUNT_STOP_TEXT.split())


def _count_key(tail: str) -> tuple[str, ...]:
    words = [w.lower() for w in tail.split()]
    key = []
    for w in words:
        if w in _COUNT_STOP:
            continue
        key.append(_stem(w))
        if len(key) == 3:
            break
    return tuple(key)


@rule(
    "VB-TEXT-002",
    category="text_vs_table",
    severity="warning",
    title="Samma antal anges olika på två ställen i rapporten",
)
def same_count_stated_differently(report: Report, context: CheckContext) -> Iterator[Finding]:
    """ "Enheten har 77 barn placerade" in the summary, "74 barn placerade" in an analysis."""
    seen: dict[tuple[str, ...], tuple[int, TextPlace, int, int]] = {}
    reported: set[tuple[str, ...]] = set()
    for place in report_texts(report):
        for m in _COUNT_RE.finditer(place.text):
            key = _count_key(m["tail"])
            # three content words pin the thing counted ("barn placerade familjehem"); fewer is too loose
            if len(key) < 3 or key in reported:
                continue
            value = int(m["n"])
            if 1990 <= value <= 2100:
                continue
            prev = seen.get(key)
            if prev is None:
                seen[key] = (value, place, m.start(), m.end())
                continue
            if prev[0] == value or prev[1].location == place.location:
                continue
            reported.add(key)
            first_place = prev[1]
            yield make_finding(
                "VB-TEXT-002",
                "text_vs_table",
                "warning",
                report=report,
                goal=place.goal,
                goal_title=place.section,
                message=f'Samma antal anges olika: "{short(first_place.text[prev[2] : prev[3]], 60)}" och "{short(m.group(0), 60)}".',
                evidence=[
                    Evidence(
                        label="text",
                        text=short(first_place.text[prev[2] : prev[3]], 80),
                        value=float(prev[0]),
                        location=with_span(first_place.location, prev[2], prev[3]),
                    ),
                    Evidence(
                        label="text",
                        text=short(m.group(0), 80),
                        value=float(value),
                        location=with_span(place.location, m.start(), m.end()),
                    ),
                ],
                location=with_span(place.location, m.start(), m.end()),
                suggestion="Kontrollera vilket antal som gäller och använd samma siffra på båda ställena.",
            )
