"""text_vs_table: a number stated about an indicator anywhere in the report (its analysis, its own
comment row, the summary, another goal's analysis naming it exactly) that differs from the row
beyond rounding, held against the right cell (women/men, last year); a target written in text
against the Årsmål column; and the same count stated differently in two passages. All read the
report's facts (`vbassist.checks.facts`)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from vbassist.checks.common import (
    REPORTING_KINDS,
    arsmal_of,
    cell_evidence,
    cell_text,
    fmt,
    num,
    short,
)
from vbassist.checks.examples import text as examples
from vbassist.checks.facts import StatedValue, facts_of
from vbassist.checks.facts.counts import StatedCount
from vbassist.checks.facts.values import row_values
from vbassist.checks.registry import CheckContext, rule
from vbassist.model import Evidence, Finding, Report, Severity
from vbassist.numbers import format_sv, matches_rounded

FIELD_LABEL = {
    "utfall": "Periodens utfall",
    "utfall_kvinnor": "Utfall kvinnor/flickor",
    "utfall_man": "Utfall män/pojkar",
    "utfall_forra_aret": "Utfall föregående år",
}


def _differs(v: StatedValue) -> bool:
    """Whether a stated value contradicts its row: a plain value may quote any of the row's numbers
    (last year, a target, a gender); a gender or last-year value only its own cell."""
    if v.field == "utfall":
        return not any(matches_rounded(v.value, v.decimals, x) for x in row_values(v.indicator))
    cell = num(getattr(v.indicator, v.field))
    return cell is not None and not matches_rounded(v.value, v.decimals, cell)


def _value_finding(report: Report, v: StatedValue) -> Finding:
    ind = v.indicator
    cell = getattr(ind, v.field)
    loc = v.place.at(v.start, v.end)
    severity: Severity = "warning"  # a fraction or a count against a row is a looser reading
    if v.kind == "fraction":
        numerator, denominator = re.findall(r"\d+", v.raw)[:2]
        stated = f"{numerator} av {denominator} ({fmt(v.value, 1)} %)"
        suggestion = "Kontrollera antalen i texten mot tabellens andel."
    elif v.kind == "count":
        stated, suggestion = v.raw, "Kontrollera antalet i texten mot tabellen."
    else:
        stated = v.raw
        suggestion = (
            f"Använd tabellens värde ({format_sv(num(cell) or 0.0)} %) i texten, eller rätta tabellen."
        )
        if v.subject.confidence >= 0.8 and v.distance <= 60 and not v.approximate:
            severity = "error"
    return number_in_text_differs_from_table.finding(
        report=report,
        goal=v.place.goal,
        goal_title=v.place.section,
        location=loc,
        severity=severity,
        message=(
            f'Texten anger {stated} om "{short(ind.name, 70)}" men tabellen har '
            f"{FIELD_LABEL[v.field].lower()} {cell_text(cell)}."
        ),
        evidence=[
            Evidence(label="text", text=short(v.sentence.text), value=round(v.value, 2), location=loc),
            cell_evidence(ind, v.field, FIELD_LABEL[v.field], whole=True),
        ],
        suggestion=suggestion,
        confidence=v.subject.confidence,
    )


@rule(
    "VB-TEXT-001",
    category="text_vs_table",
    severity="error",
    title="En siffra i texten om en indikator skiljer sig från tabellen",
    evidence=("text", "Periodens utfall|Utfall kvinnor/flickor|Utfall män/pojkar|Utfall föregående år"),
    examples=examples.TEXT_001,
)
def number_in_text_differs_from_table(report: Report, context: CheckContext) -> Iterator[Finding]:
    if report.kind not in REPORTING_KINDS:
        return
    for v in facts_of(report, context).values:
        if _differs(v):
            yield _value_finding(report, v)


# ------------------------------------------------------------------------------------ restated counts


@rule(
    "VB-TEXT-002",
    category="text_vs_table",
    severity="warning",
    title="Samma antal anges olika på två ställen i rapporten",
    evidence=("text", "text"),
    examples=examples.TEXT_002,
)
def same_count_stated_differently(report: Report, context: CheckContext) -> Iterator[Finding]:
    """ "Enheten har 77 barn placerade i familjehem" in the summary, "74 barn placerade i familjehem"
    in an analysis: the same thing, event and period counted twice with two numbers."""
    first: dict[tuple[tuple[str, ...], tuple[str, ...]], StatedCount] = {}
    reported: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()
    for count in facts_of(report, context).counts:
        key = (count.key, count.period)
        prev = first.setdefault(key, count)
        if prev is count or key in reported or prev.value == count.value or prev.place is count.place:
            continue
        reported.add(key)
        here = count.place.at(count.start, count.end)
        yield same_count_stated_differently.finding(
            report=report,
            goal=count.place.goal,
            goal_title=count.place.section,
            message=f'Samma antal anges olika: "{short(prev.raw, 60)}" och "{short(count.raw, 60)}".',
            evidence=[
                Evidence(
                    label="text",
                    text=short(prev.raw, 80),
                    value=prev.value,
                    location=prev.place.at(prev.start, prev.end),
                ),
                Evidence(label="text", text=short(count.raw, 80), value=count.value, location=here),
            ],
            location=here,
            suggestion="Kontrollera vilket antal som gäller och använd samma siffra på båda ställena.",
        )


# ------------------------------------------------------------------------------------ targets in text


@rule(
    "VB-TEXT-003",
    category="text_vs_table",
    severity="error",
    title="Ett årsmål som anges i texten skiljer sig från tabellens årsmål",
    evidence=("text", "Årsmål|KF:s årsmål"),
    examples=examples.TEXT_003,
)
def target_in_text_differs_from_table(report: Report, context: CheckContext) -> Iterator[Finding]:
    """ "Årsmålet på 80 % är inte uppnått" where the row's Årsmål is 75 %. The text may quote the unit's
    årsmål or KF:s; one that says "KF:s årsmål" is held against KF:s column only."""
    if report.kind not in REPORTING_KINDS:
        return
    for target in facts_of(report, context).text_targets:
        ind = target.subject.indicator
        fields = ("kf_arsmal",) if target.kf else ("arsmal", "kf_arsmal")
        if any(
            (cell := num(getattr(ind, f))) is not None
            and matches_rounded(target.value, target.decimals, cell)
            for f in fields
        ):
            continue
        value, field = arsmal_of(ind) if not target.kf else (ind.kf_arsmal, "kf_arsmal")
        if num(value) is None:
            continue
        label = "Årsmål" if field == "arsmal" else "KF:s årsmål"
        loc = target.place.at(target.start, target.end)
        strong = target.subject.confidence >= 0.8
        yield target_in_text_differs_from_table.finding(
            report=report,
            goal=target.place.goal,
            goal_title=target.place.section,
            severity="error" if strong else "warning",
            message=(
                f'Texten anger "{short(target.raw, 60)}" om "{short(ind.name, 70)}" men tabellens '
                f"{label.lower()} är {cell_text(value)}."
            ),
            evidence=[
                Evidence(label="text", text=short(target.sentence.text), value=target.value, location=loc),
                cell_evidence(ind, field, label, whole=True),
            ],
            location=loc,
            suggestion="Använd årsmålet från tabellen i texten, eller rätta tabellen.",
            confidence=target.subject.confidence,
        )
