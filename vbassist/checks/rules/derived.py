"""derived_number: computed claims that don't compute. "från 4 200 till 5 600 kr (+43 %)" (it is
+33 %), "minskning med 310 vårddygn (från 1 900 till 1 650)" (it is 250), "28/40 (75 %)", and parts
that add up to more than their stated whole ("60 ärenden, varav 40 ... och 30 ...")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from vbassist.checks.claims import NUM, ChangeClaim, change_claims, fraction_claims
from vbassist.checks.common import (
    fmt,
    short,
    thresholds,
)
from vbassist.checks.examples import derived as examples
from vbassist.checks.facts import UNIT_KINDS, Place, facts_of
from vbassist.checks.registry import CheckContext, rule
from vbassist.model import Evidence, Finding, Report
from vbassist.numbers import matches_rounded, parse_number


def _pct_ok(stated: float, decimals: int, actual: float) -> bool:
    # hand-computed percentages are rounded from rounded inputs; allow the rounding plus a small slack
    slack = thresholds()["derived_percent_slack"] if decimals == 0 else 0.15
    return matches_rounded(stated, decimals, actual) or abs(stated - actual) <= slack * 0.6


def _change_text(claim: ChangeClaim) -> str:
    unit = f" {claim.unit}" if claim.unit else ""
    return f"från {fmt(claim.old)} till {fmt(claim.new)}{unit}"


def _change_findings(report: Report, place: Place, claim: ChangeClaim) -> Iterator[Finding]:
    loc = place.at(claim.start, claim.end)
    delta = claim.new - claim.old
    if claim.direction and delta != 0 and (claim.direction == "up") != (delta > 0):
        word = "ökning" if claim.direction == "up" else "minskning"
        yield change_amount_wrong.finding(
            message=f"Texten beskriver en {word} men siffrorna går åt andra hållet: {_change_text(claim)}.",
            evidence=[
                Evidence(label="text", text=short(claim.raw), value=claim.direction, location=loc),
                Evidence(
                    label="beräknat", text=f"{fmt(claim.old)} → {fmt(claim.new)} = {fmt(delta)}", value=delta
                ),
            ],
            suggestion="Kontrollera ordningen på siffrorna eller ordet för förändringen.",
            report=report,
            goal=place.goal,
            goal_title=place.section,
            location=loc,
        )
        return
    if claim.diff is not None and not matches_rounded(claim.diff, claim.diff_decimals, abs(delta)):
        yield change_amount_wrong.finding(
            message=(
                f"Förändringen anges till {fmt(claim.diff)} men {_change_text(claim)} är en skillnad på {fmt(abs(delta))}."
            ),
            evidence=[
                Evidence(label="text", text=short(claim.raw), value=claim.diff, location=loc),
                Evidence(
                    label="beräknat", text=f"{fmt(claim.new)} − {fmt(claim.old)} = {fmt(delta)}", value=delta
                ),
            ],
            suggestion=f"Rätta förändringen till {fmt(abs(delta))} eller kontrollera siffrorna.",
            report=report,
            goal=place.goal,
            goal_title=place.section,
            location=loc,
        )
    if claim.pct is None or claim.old == 0:
        return
    relative = delta / abs(claim.old) * 100
    values_are_percent = (claim.unit or "") in ("%", "procent")
    points_text = f"{fmt(abs(delta), 1)} procentenheter"
    points_as_percent = False
    if claim.pct_is_points:
        ok = _pct_ok(abs(claim.pct), claim.pct_decimals, abs(delta))
        actual, actual_text = delta, f"{fmt(delta, 1)} procentenheter"
    else:
        stated = claim.pct if claim.pct_signed else abs(claim.pct)
        compare = relative if claim.pct_signed else abs(relative)
        ok = _pct_ok(stated, claim.pct_decimals, compare)
        if claim.pct_signed and (claim.pct > 0) != (delta > 0) and delta != 0:
            ok = False
        # "från 8,0 % till 7,2 % (−0,8 %)": the points are right but written as percent (it is −10 %)
        if not ok and values_are_percent and _pct_ok(abs(claim.pct), claim.pct_decimals, abs(delta)):
            points_as_percent = True
        actual, actual_text = relative, f"{'+' if relative > 0 else ''}{fmt(relative, 1)} %"
    if ok:
        return
    if points_as_percent:
        yield change_percent_wrong.finding(
            severity="warning",
            message=(
                f"Förändringen {_change_text(claim)} är {points_text} ({actual_text}), men texten skriver "
                f"{fmt(claim.pct)} %: procentenheter och procent blandas ihop."
            ),
            evidence=[
                Evidence(label="text", text=short(claim.raw), value=claim.pct, location=loc),
                Evidence(
                    label="beräknat", text=f"{points_text}; relativt {actual_text}", value=round(delta, 2)
                ),
            ],
            suggestion=f'Skriv "{points_text}" eller "{actual_text}".',
            report=report,
            goal=place.goal,
            goal_title=place.section,
            location=loc,
        )
        return
    yield change_percent_wrong.finding(
        message=f"Den angivna förändringen {'+' if claim.pct_signed and claim.pct > 0 else ''}{fmt(claim.pct)} {'procentenheter' if claim.pct_is_points else '%'} stämmer inte: {_change_text(claim)} är {actual_text}.",
        evidence=[
            Evidence(label="text", text=short(claim.raw), value=claim.pct, location=loc),
            Evidence(label="beräknat", text=actual_text, value=round(actual, 2)),
        ],
        suggestion=f"Rätta procentsatsen till {actual_text}, eller kontrollera siffrorna.",
        report=report,
        goal=place.goal,
        goal_title=place.section,
        location=loc,
    )


def _change_findings_of(rule_id: str, report: Report, context: CheckContext) -> Iterator[Finding]:
    """One of the two rules judging the report's "från X till Y" claims: the findings that are its."""
    for place in facts_of(report, context).places_of(UNIT_KINDS):
        for claim in change_claims(place.text):
            for f in _change_findings(report, place, claim):
                if f.rule == rule_id:
                    yield f


@rule(
    "VB-DERIVED-001",
    category="derived_number",
    severity="error",
    title="En angiven procentuell förändring stämmer inte med siffrorna",
    evidence=("text", "beräknat"),
    examples=examples.DERIVED_001,
)
def change_percent_wrong(report: Report, context: CheckContext) -> Iterator[Finding]:
    yield from _change_findings_of("VB-DERIVED-001", report, context)


@rule(
    "VB-DERIVED-002",
    category="derived_number",
    severity="error",
    title="En angiven förändring (antal eller riktning) stämmer inte med från- och till-värdet",
    evidence=("text", "beräknat"),
    examples=examples.DERIVED_002,
)
def change_amount_wrong(report: Report, context: CheckContext) -> Iterator[Finding]:
    yield from _change_findings_of("VB-DERIVED-002", report, context)


@rule(
    "VB-DERIVED-003",
    category="derived_number",
    severity="error",
    title="Ett bråktal (28/40) stämmer inte med den angivna procentsatsen",
    evidence=("text", "beräknat"),
    examples=examples.DERIVED_003,
)
def fraction_percent_wrong(report: Report, context: CheckContext) -> Iterator[Finding]:
    for place in facts_of(report, context).places_of(UNIT_KINDS):
        for claim in fraction_claims(place.text):
            actual = 100 * claim.numerator / claim.denominator
            if _pct_ok(claim.pct, claim.pct_decimals, actual):
                continue
            loc = place.at(claim.start, claim.end)
            yield fraction_percent_wrong.finding(
                report=report,
                goal=place.goal,
                goal_title=place.section,
                message=f"{fmt(claim.numerator)} av {fmt(claim.denominator)} är {fmt(actual, 1)} %, inte {fmt(claim.pct)} %.",
                evidence=[
                    Evidence(label="text", text=short(claim.raw), value=claim.pct, location=loc),
                    Evidence(
                        label="beräknat",
                        text=f"{fmt(claim.numerator)}/{fmt(claim.denominator)} = {fmt(actual, 1)} %",
                        value=round(actual, 2),
                    ),
                ],
                location=loc,
                suggestion=f"Rätta procentsatsen till {fmt(actual, 0)} % eller kontrollera antalen.",
            )


_WHOLE_RE = re.compile(
    rf"(?P<total>{NUM})\s+(?P<noun>[a-zåäö]+)[^.]{{0,40}}?,?\s+varav\s+(?P<rest>[^.]+)", re.IGNORECASE
)
_PART_RE = re.compile(r"(?<![\d,])(?P<n>\d{1,3}(?:\s\d{3})*)(?!\s*(?:%|procent))(?![\d,])")


@rule(
    "VB-DERIVED-004",
    category="derived_number",
    severity="warning",
    title='Delarna ("varav ...") är fler än det angivna totalet',
    evidence=("text", "beräknat"),
    examples=examples.DERIVED_004,
)
def parts_exceed_whole(report: Report, context: CheckContext) -> Iterator[Finding]:
    for place in facts_of(report, context).places_of(UNIT_KINDS):
        if "varav" not in place.text:
            continue
        for m in _WHOLE_RE.finditer(place.text):
            total, _ = parse_number(m["total"])
            rest = m["rest"]
            if "%" in rest or "procent" in rest:
                continue
            parts = [parse_number(p["n"])[0] for p in _PART_RE.finditer(rest)]
            parts = [p for p in parts if not 1990 <= p <= 2100]
            if len(parts) < 2 or sum(parts) <= total:
                continue
            loc = place.at(m.start(), m.end())
            yield parts_exceed_whole.finding(
                report=report,
                goal=place.goal,
                goal_title=place.section,
                message=f"Delarna ({' + '.join(fmt(p) for p in parts)} = {fmt(sum(parts))}) är fler än totalen {fmt(total)}.",
                evidence=[
                    Evidence(label="text", text=short(m.group(0)), value=total, location=loc),
                    Evidence(label="beräknat", text=f"summa delar {fmt(sum(parts))}", value=sum(parts)),
                ],
                location=loc,
                suggestion="Kontrollera totalen och delarna.",
            )
