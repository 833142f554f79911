"""plan_vs_report: with the unit's VP of the same year among `context.related` (the batch or the
corpus), a different årsmål or a planned enhetsmål absent from the report; with last year's VB of the
unit, an "Utfall VB <last year>" that differs from what that VB reported."""

from __future__ import annotations

import re
from collections.abc import Iterator

from vbassist.checks.common import (
    REPORTING_KINDS,
    cell_evidence,
    cell_location,
    decimals_of,
    num,
    short,
    show,
    thresholds,
)
from vbassist.checks.examples import plan as examples
from vbassist.checks.registry import CheckContext, rule
from vbassist.linking import content_stems, coverage
from vbassist.model import Evidence, Finding, Goal, Indicator, Report
from vbassist.numbers import matches_rounded


def _norm(text: str | None) -> str:
    text = (text or "").lower().replace("\u00ad", "")
    return re.sub(r"[^a-zåäö0-9]+", " ", text).strip()


def same_unit(a: Report, b: Report) -> bool:
    """Loose unit match: district must not differ when both are known; unit names equal after
    normalising, or sharing most content words both ways: "Barn- och ungdomsenheten" is not "Ungdomsenheten"."""
    if a.district and b.district and _norm(a.district) != _norm(b.district):
        return False
    ua, ub = _norm(a.unit), _norm(b.unit)
    if not ua or not ub:
        return False
    if ua == ub:
        return True
    sa, sb = content_stems(ua), content_stems(ub)
    return min(coverage(sa, sb), coverage(sb, sa)) >= 0.75


def related_of(report: Report, context: CheckContext, kind: str, year: int) -> Report | None:
    for other in context.related:
        if other is report or other.kind != kind or other.year != year:
            continue
        if same_unit(report, other):
            return other
    return None


def _match_indicator(ind: Indicator, others: list[Indicator]) -> Indicator | None:
    name = _norm(ind.name).replace(" ", "")
    for other in others:
        if _norm(other.name).replace(" ", "") == name:
            return other
    stems = content_stems(ind.name)
    best = max(
        (
            (min(coverage(stems, content_stems(o.name)), coverage(content_stems(o.name), stems)), o)
            for o in others
        ),
        key=lambda t: t[0],
        default=(0.0, None),
    )
    return best[1] if best[0] >= 0.9 else None


def _title_similarity(a: str, b: str) -> float:
    sa, sb = content_stems(a), content_stems(b)
    if not sa or not sb:
        return 0.0
    return (coverage(sa, sb) + coverage(sb, sa)) / 2


def _differing_cells(
    report: Report, context: CheckContext, kind: str, years_back: int, field: str, their_field: str
) -> Iterator[tuple[Indicator, Goal, Indicator, Report]]:
    """(indicator, goal, its match, the other report) for each indicator whose `field` differs, beyond
    rounding either way, from `their_field` of the same indicator in the unit's `kind` report of
    `years_back` years before."""
    if report.kind not in REPORTING_KINDS or report.year is None:
        return
    other = related_of(report, context, kind, report.year - years_back)
    if other is None:
        return
    others = [i for i, _, _ in other.indicators()]
    for ind, goal, _ in report.indicators():
        mine = num(getattr(ind, field))
        if mine is None:
            continue
        match = _match_indicator(ind, others)
        theirs = None if match is None else num(getattr(match, their_field))
        if match is None or theirs is None:
            continue
        if matches_rounded(mine, decimals_of(getattr(ind, field)), theirs) or matches_rounded(
            theirs, decimals_of(getattr(match, their_field)), mine
        ):
            continue
        yield ind, goal, match, other


@rule(
    "VB-PLAN-001",
    category="plan_vs_report",
    severity="error",
    title="Årsmålet för en indikator skiljer sig från verksamhetsplanen",
    evidence=("Årsmål", "Årsmål i VP *"),
    examples=examples.PLAN_001,
)
def arsmal_differs_from_plan(report: Report, context: CheckContext) -> Iterator[Finding]:
    for ind, goal, match, plan in _differing_cells(report, context, "VP", 0, "arsmal", "arsmal"):
        yield arsmal_differs_from_plan.finding(
            report=report,
            goal=goal,
            message=(
                f'Årsmålet för "{short(ind.name, 70)}" är {show(ind.arsmal)} men verksamhetsplanen '
                f"{plan.year} anger {show(match.arsmal)}."
            ),
            evidence=[
                cell_evidence(ind, "arsmal", "Årsmål"),
                cell_evidence(match, "arsmal", f"Årsmål i VP {plan.year} ({short(plan.source, 60)})"),
            ],
            location=cell_location(ind, "arsmal"),
            suggestion="Använd årsmålet från verksamhetsplanen, eller förklara ändringen.",
        )


@rule(
    "VB-PLAN-002",
    category="plan_vs_report",
    severity="warning",
    title="Ett enhetsmål i verksamhetsplanen saknas i rapporten",
    evidence=("Enhetsmål i VP *",),
    examples=examples.PLAN_002,
)
def planned_goal_missing(report: Report, context: CheckContext) -> Iterator[Finding]:
    if report.kind not in REPORTING_KINDS or report.year is None:
        return
    plan = related_of(report, context, "VP", report.year)
    if plan is None:
        return
    mine = report.enhetsmal()
    needed = thresholds()["plan_title_match"]
    for planned_goal, parents in plan.iter_goals("enhetsmal"):
        if any(_title_similarity(planned_goal.title, g.title) >= needed for g in mine):
            continue
        anchor = _anchor_for(parents, report)
        yield planned_goal_missing.finding(
            report=report,
            goal_title=planned_goal.title,
            message=f'Enhetsmålet "{short(planned_goal.title, 100)}" finns i verksamhetsplanen {plan.year} men inte i rapporten.',
            evidence=[
                Evidence(
                    label=f"Enhetsmål i VP {plan.year}",
                    text=short(planned_goal.title),
                    location=planned_goal.location,
                ),
            ],
            location=anchor.location if anchor is not None else None,
            suggestion="Följ upp målet i rapporten, eller förklara varför det utgått.",
        )


def _anchor_for(parents: list[Goal], report: Report) -> Goal | None:
    """The report's goal that best matches the planned goal's nearest parent (where to put a comment)."""
    for parent in reversed(parents):
        scored = [(_title_similarity(parent.title, g.title), g) for g, _ in report.iter_goals(parent.level)]
        scored = [t for t in scored if t[0] >= 0.6]
        if scored:
            return max(scored, key=lambda t: t[0])[1]
    return None


@rule(
    "VB-PLAN-003",
    category="plan_vs_report",
    severity="error",
    title="Föregående års utfall skiljer sig från det som redovisades i förra årets VB",
    evidence=("Utfall *", "Periodens utfall i VB *"),
    examples=examples.PLAN_003,
)
def last_year_differs(report: Report, context: CheckContext) -> Iterator[Finding]:
    for ind, goal, match, previous in _differing_cells(
        report, context, "VB", 1, "utfall_forra_aret", "utfall"
    ):
        yield last_year_differs.finding(
            report=report,
            goal=goal,
            message=(
                f'"{ind.utfall_forra_aret_label or "Utfall föregående år"}" för "{short(ind.name, 70)}" är '
                f"{show(ind.utfall_forra_aret)} men VB {previous.year} redovisade {show(match.utfall)}."
            ),
            evidence=[
                cell_evidence(
                    ind, "utfall_forra_aret", ind.utfall_forra_aret_label or "Utfall föregående år"
                ),
                cell_evidence(
                    match, "utfall", f"Periodens utfall i VB {previous.year} ({short(previous.source, 60)})"
                ),
            ],
            location=cell_location(ind, "utfall_forra_aret"),
            suggestion=f"Hämta värdet från VB {previous.year}, eller förklara skillnaden.",
        )
