"""status_text_vs_marker: the analysis says one fulfilment, the status line another."""

from __future__ import annotations

from collections.abc import Iterator

from vbassist.checks.claims import fulfilment_claims
from vbassist.checks.registry import CheckContext, rule
from vbassist.checks.rules._common import REPORTING_KINDS, STATUS_WORDS, make_finding, short, with_span
from vbassist.model import Evidence, Finding, Report


@rule(
    "VB-MARKER-001",
    category="status_text_vs_marker",
    severity="error",
    title="Analysen anger en annan måluppfyllelse än statusmarkeringen",
)
def analysis_contradicts_marker(report: Report, context: CheckContext) -> Iterator[Finding]:
    if report.kind not in REPORTING_KINDS:
        return
    for goal in report.enhetsmal():
        if goal.status not in ("helt", "delvis", "inte"):
            continue
        reported: set[str] = set()
        for item in goal.analys:
            # every statement counts: a second one that contradicts the marker (and the first) is exactly
            # what a reviewer must see; one finding per stated fulfilment
            for claim in fulfilment_claims(item.text):
                if claim.status == goal.status or claim.status in reported:
                    continue
                reported.add(claim.status)
                yield make_finding(
                    "VB-MARKER-001",
                    "status_text_vs_marker",
                    "error",
                    report=report,
                    goal=goal,
                    message=(
                        f'Statusen är "{STATUS_WORDS[goal.status]}" men analysen skriver "{short(claim.raw, 80)}" '
                        f"({STATUS_WORDS[claim.status].lower()})."
                    ),
                    evidence=[
                        Evidence(
                            label="status",
                            text=goal.status_text or STATUS_WORDS[goal.status],
                            value=goal.status,
                            location=goal.status_location,
                        ),
                        Evidence(
                            label="text",
                            text=short(claim.raw),
                            value=claim.status,
                            location=with_span(item.location, claim.start, claim.end),
                        ),
                    ],
                    location=with_span(item.location, claim.start, claim.end),
                    suggestion="Bestäm vilken bedömning som gäller och ändra antingen statusen eller meningen i analysen.",
                )
