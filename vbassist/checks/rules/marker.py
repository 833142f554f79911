"""status_text_vs_marker: a text states another fulfilment than the goal's status line, in the goal's
own analysis (VB-MARKER-001) or in the summary naming the goal (VB-MARKER-002, "Målet att fråga och
informera brukare om våldsutsatthet är helt uppfyllt"). The statements are the report's facts."""

from __future__ import annotations

from collections.abc import Iterator

from vbassist.checks.common import REPORTING_KINDS, STATUS_WORDS, link_severity, short
from vbassist.checks.examples import marker as examples
from vbassist.checks.facts import facts_of
from vbassist.checks.facts.statements import StatedFulfilment
from vbassist.checks.registry import CheckContext, Rule, rule
from vbassist.model import Evidence, Finding, Report, Status

_JUDGED: tuple[Status, ...] = ("helt", "delvis", "inte")


def _contradictions(report: Report, context: CheckContext, named: bool) -> Iterator[StatedFulfilment]:
    """The statements (own analysis, or naming the goal elsewhere) that contradict their goal's marker,
    one per goal and stated status: a second statement contradicting the marker (and the first) is
    what a reviewer must see, the same one again is not."""
    if report.kind not in REPORTING_KINDS:
        return
    reported: set[tuple[int, str]] = set()
    for stated in facts_of(report, context).fulfilments:
        goal = stated.goal
        if (stated.named is not None) != named or goal.status not in _JUDGED or stated.status == goal.status:
            continue
        if (id(goal), stated.status) in reported:
            continue
        reported.add((id(goal), stated.status))
        yield stated


def _finding(rule: Rule, report: Report, stated: StatedFulfilment, where: str, suggestion: str) -> Finding:
    goal = stated.goal
    status = goal.status or "inga_data"
    loc = stated.place.at(stated.start, stated.end)
    return rule.finding(
        report=report,
        goal=goal,
        message=(
            f'Statusen är "{STATUS_WORDS[status]}" men {where} skriver "{short(stated.raw, 80)}" '
            f"({STATUS_WORDS[stated.status].lower()})."
        ),
        evidence=[
            Evidence(
                label="status",
                text=goal.status_text or STATUS_WORDS[status],
                value=goal.status,
                location=goal.status_location,
            ),
            Evidence(label="text", text=short(stated.raw), value=stated.status, location=loc),
        ],
        location=loc,
        suggestion=suggestion,
        confidence=stated.confidence if stated.named is not None else None,
        severity=link_severity(stated.confidence),
    )


@rule(
    "VB-MARKER-001",
    category="status_text_vs_marker",
    severity="error",
    title="Analysen anger en annan måluppfyllelse än statusmarkeringen",
    evidence=("status", "text"),
    examples=examples.MARKER_001,
)
def analysis_contradicts_marker(report: Report, context: CheckContext) -> Iterator[Finding]:
    suggestion = "Bestäm vilken bedömning som gäller och ändra antingen statusen eller meningen i analysen."
    for stated in _contradictions(report, context, named=False):
        yield _finding(analysis_contradicts_marker, report, stated, "analysen", suggestion)


@rule(
    "VB-MARKER-002",
    category="status_text_vs_marker",
    severity="error",
    title="Ett avsnitt (t.ex. Sammanfattande analys) anger en annan måluppfyllelse för ett namngivet mål än dess status",
    evidence=("status", "text"),
    examples=examples.MARKER_002,
)
def summary_contradicts_marker(report: Report, context: CheckContext) -> Iterator[Finding]:
    suggestion = (
        "Bestäm vilken bedömning som gäller och ändra statusen, målets analys eller meningen i avsnittet."
    )
    for stated in _contradictions(report, context, named=True):
        where = f'"{stated.place.section}"' if stated.place.section else "texten"
        yield _finding(summary_contradicts_marker, report, stated, where, suggestion)
