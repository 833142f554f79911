"""trend_claim: "har ökat/minskat/förbättrats/försämrats" about an indicator against this year's
outcome and last year's, polarity-aware for better/worse."""

from __future__ import annotations

import re
from collections.abc import Iterator

from vbassist.checks.claims import trend_claims
from vbassist.checks.registry import CheckContext, rule
from vbassist.checks.rules._common import (
    REPORTING_KINDS,
    cell_evidence,
    cell_text,
    decimals_of,
    make_finding,
    num,
    outcome_is_current,
    report_texts,
    short,
    thresholds,
    with_span,
)
from vbassist.checks.rules.text import _candidates
from vbassist.linking import text_mentions_indicator
from vbassist.model import Evidence, Finding, Report
from vbassist.polarity import polarity_of

_NEGATED_SUBJECT_RE = re.compile(r"\b(inte|ej|icke)\b", re.IGNORECASE)
_WORDS = {"up": "ökat", "down": "minskat", "better": "förbättrats", "worse": "försämrats"}


@rule(
    "VB-TREND-001",
    category="trend_claim",
    severity="error",
    title="Texten säger att en indikator ökat/minskat/förbättrats/försämrats men tabellen visar annat",
)
def trend_contradicts_table(report: Report, context: CheckContext) -> Iterator[Finding]:
    if report.kind not in REPORTING_KINDS:
        return
    for place in report_texts(report):
        candidates = _candidates(place, report)
        for claim in trend_claims(place.text):
            # "andelen som inte är nöjda har minskat" speaks of the inverse measure
            subject = place.text[max(claim.sentence.start, claim.start - 40) : claim.start]
            if _NEGATED_SUBJECT_RE.search(subject):
                continue
            scored = []
            for ind in candidates:
                if (
                    num(ind.utfall) is None
                    or num(ind.utfall_forra_aret) is None
                    or not outcome_is_current(ind, report)
                ):
                    continue
                score, reason = text_mentions_indicator(claim.sentence.text, ind)
                if score >= thresholds()["text_number_min"]:
                    scored.append((score, reason, ind))
            if not scored:
                continue
            scored.sort(key=lambda t: (-t[0], len(t[2].name)))
            score, reason, ind = scored[0]
            now, last = num(ind.utfall), num(ind.utfall_forra_aret)
            assert now is not None and last is not None
            decimals = max(decimals_of(ind.utfall), decimals_of(ind.utfall_forra_aret))
            delta = round(now - last, decimals + 1)
            if claim.direction in ("up", "down"):
                contradicts = delta == 0 or (claim.direction == "up") != (delta > 0)
            else:
                better = delta < 0 if polarity_of(ind.name, context.polarity) == "lower" else delta > 0
                contradicts = delta == 0 or (claim.direction == "better") != better
            if not contradicts:
                continue
            loc = with_span(place.location, claim.start, claim.end)
            shown = "oförändrat" if delta == 0 else ("ökat" if delta > 0 else "minskat")
            yield make_finding(
                "VB-TREND-001",
                "trend_claim",
                "error" if score >= 0.8 else "warning",
                report=report,
                goal=place.goal,
                goal_title=place.section,
                message=(
                    f'Texten säger att "{short(ind.name, 70)}" har {_WORDS[claim.direction]}, men tabellen visar '
                    f"{cell_text(ind.utfall)} mot "
                    f"{cell_text(ind.utfall_forra_aret)} föregående år ({shown})."
                ),
                evidence=[
                    Evidence(
                        label="text", text=short(claim.sentence.text), value=claim.direction, location=loc
                    ),
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
                confidence=score,
            )
