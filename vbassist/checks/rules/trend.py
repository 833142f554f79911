"""trend_claim: "har ökat/minskat/förbättrats/försämrats" about an indicator, anywhere in the report
(its analysis, its comment row, the summary), against this year's outcome and last year's,
polarity-aware for better/worse. The claims and their indicators are the report's facts."""

from __future__ import annotations

import re
from collections.abc import Iterator

from vbassist.checks.common import (
    REPORTING_KINDS,
    cell_evidence,
    cell_text,
    decimals_of,
    num,
    short,
)
from vbassist.checks.examples import trend as examples
from vbassist.checks.facts import facts_of
from vbassist.checks.registry import CheckContext, rule
from vbassist.model import Evidence, Finding, Report
from vbassist.polarity import polarity_of

_NEGATED_SUBJECT_RE = re.compile(r"\b(inte|ej|icke)\b", re.IGNORECASE)
_WORDS = {"up": "ökat", "down": "minskat", "better": "förbättrats", "worse": "försämrats"}


@rule(
    "VB-TREND-001",
    category="trend_claim",
    severity="error",
    title="Texten säger att en indikator ökat/minskat/förbättrats/försämrats men tabellen visar annat",
    evidence=("text", "Periodens utfall", "Utfall *"),
    examples=examples.TREND_001,
)
def trend_contradicts_table(report: Report, context: CheckContext) -> Iterator[Finding]:
    if report.kind not in REPORTING_KINDS:
        return
    for stated in facts_of(report, context).trends:
        claim, place, ind = stated.claim, stated.place, stated.subject.indicator
        now, last = num(ind.utfall), num(ind.utfall_forra_aret)
        if now is None or last is None:
            continue
        decimals = max(decimals_of(ind.utfall), decimals_of(ind.utfall_forra_aret))
        delta = round(now - last, decimals + 1)
        if claim.direction in ("up", "down"):
            contradicts = delta == 0 or (claim.direction == "up") != (delta > 0)
        else:
            better = delta < 0 if polarity_of(ind.name, context.polarity) == "lower" else delta > 0
            contradicts = delta == 0 or (claim.direction == "better") != better
        if not contradicts:
            continue
        loc = place.at(claim.start, claim.end)
        shown = "oförändrat" if delta == 0 else ("ökat" if delta > 0 else "minskat")
        yield trend_contradicts_table.finding(
            report=report,
            goal=place.goal,
            goal_title=place.section,
            severity="error" if stated.subject.confidence >= 0.8 else "warning",
            message=(
                f'Texten säger att "{short(ind.name, 70)}" har {_WORDS[claim.direction]}, men tabellen visar '
                f"{cell_text(ind.utfall)} mot "
                f"{cell_text(ind.utfall_forra_aret)} föregående år ({shown})."
            ),
            evidence=[
                Evidence(label="text", text=short(claim.sentence.text), value=claim.direction, location=loc),
                cell_evidence(ind, "utfall", "Periodens utfall", whole=True),
                cell_evidence(
                    ind,
                    "utfall_forra_aret",
                    ind.utfall_forra_aret_label or "Utfall föregående år",
                    whole=True,
                ),
            ],
            location=loc,
            suggestion="Skriv om meningen så att den stämmer med tabellen, eller rätta tabellen.",
            confidence=stated.subject.confidence,
        )
