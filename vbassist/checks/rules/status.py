"""status_vs_indicator: the marker of an enhetsmål, and the analysis's "the indicators reached their
targets", against the indicators that measure the goal. Polarity-aware; built on links, so a weak link
gives a warning."""

from __future__ import annotations

import re
from collections.abc import Iterator

from vbassist.checks.common import (
    REPORTING_KINDS,
    cell_evidence,
    fmt_for,
    judged_goals,
    link_severity,
    measured_values,
    short,
    show_cell,
    status_evidence,
    target_evidence,
    thresholds,
    usable_links,
)
from vbassist.checks.examples import status as examples
from vbassist.checks.facts import PlaceKind, facts_of
from vbassist.checks.registry import CheckContext, rule
from vbassist.linking import IndicatorLink
from vbassist.model import Evidence, Finding, Report
from vbassist.polarity import meets_target, polarity_of

POLARITY_WORDS = {"higher": "högre är bättre", "lower": "lägre är bättre"}


@rule(
    "VB-STATUS-001",
    category="status_vs_indicator",
    severity="error",
    title='Status "Uppfylls helt" fast en indikator som mäter målet inte når sitt årsmål',
    evidence=("status", "Periodens utfall: *", "Årsmål: *|KF:s årsmål: *"),
    examples=examples.STATUS_001,
)
def status_helt_but_indicator_misses(report: Report, context: CheckContext) -> Iterator[Finding]:
    for goal in judged_goals(report):
        if goal.status != "helt":
            continue
        # indicators whose numeric target sits in Förväntat resultat are judged by VB-TARGET-001
        targeted = {
            id(t.indicator)
            for t in facts_of(report, context).bullet_targets(goal)
            if t.claim.kind in ("min", "max")
        }
        misses: list[tuple[IndicatorLink, float, float, str]] = []
        for link in usable_links(goal, report):
            ind = link.indicator
            measured = measured_values(ind)
            if measured is None or id(ind) in targeted:
                continue
            utfall, target, target_dec, field = measured
            if not meets_target(utfall, target, polarity_of(ind.name, context.polarity), decimals=target_dec):
                misses.append((link, utfall, target, field))
        if not misses:
            continue
        # one finding per goal: the status is the one thing to fix, each missed indicator is evidence
        strongest = max(misses, key=lambda m: m[0].confidence)
        evidence = [status_evidence(goal)]
        parts = []
        for link, _utfall, target, field in misses:
            ind = link.indicator
            target_label = "Årsmål" if field == "arsmal" else "KF:s årsmål"
            polarity = polarity_of(ind.name, context.polarity)
            parts.append(
                f'"{short(ind.name, 80)}" har utfallet {show_cell(ind, "utfall")} mot {target_label.lower()} '
                f"{show_cell(ind, field)} ({POLARITY_WORDS[polarity]})"
            )
            evidence.append(cell_evidence(ind, "utfall", f"Periodens utfall: {short(ind.name, 60)}"))
            evidence.append(target_evidence(ind, field, target, f"{target_label}: {short(ind.name, 60)}"))
        which = "indikatorn" if len(misses) == 1 else f"{len(misses)} indikatorer som mäter målet"
        yield status_helt_but_indicator_misses.finding(
            severity=link_severity(strongest[0].confidence),
            report=report,
            goal=goal,
            message=f'Målet är markerat "Uppfylls helt" men {which} når inte årsmålet: '
            + "; ".join(parts)
            + ".",
            evidence=evidence,
            location=goal.status_location or goal.location,
            suggestion=(
                'Ändra status till "Uppfylls delvis" eller förklara i analysen varför målet ändå bedöms '
                "uppfyllt trots att indikatorn inte når årsmålet."
            ),
            confidence=strongest[0].confidence,
        )


@rule(
    "VB-STATUS-002",
    category="status_vs_indicator",
    severity="warning",
    title='Status "Uppfylls inte" fast alla indikatorer som mäter målet når sina årsmål',
    evidence=("status", "Periodens utfall", "Årsmål"),
    examples=examples.STATUS_002,
)
def status_inte_but_indicators_meet(report: Report, context: CheckContext) -> Iterator[Finding]:
    for goal in judged_goals(report):
        if goal.status != "inte":
            continue
        strong: list[tuple[IndicatorLink, tuple[float, float, int, str]]] = []
        for candidate in usable_links(goal, report):
            measured = measured_values(candidate.indicator)
            if candidate.confidence >= thresholds()["link_error"] and measured is not None:
                strong.append((candidate, measured))
        if not strong or not all(
            meets_target(u, t, polarity_of(lk.indicator.name, context.polarity), decimals=d)
            for lk, (u, t, d, _) in strong
        ):
            continue
        link, (_, target, _, field) = strong[0]
        ind = link.indicator
        yield status_inte_but_indicators_meet.finding(
            report=report,
            goal=goal,
            message=(
                f'Målet är markerat "Uppfylls inte" men indikatorn "{short(ind.name, 80)}" når sitt årsmål '
                f"(utfall {show_cell(ind, 'utfall')}, årsmål {fmt_for(ind, target)})."
            ),
            evidence=[
                status_evidence(goal),
                cell_evidence(ind, "utfall", "Periodens utfall"),
                target_evidence(ind, field, target, "Årsmål"),
            ],
            location=goal.status_location or goal.location,
            suggestion="Kontrollera statusen, eller förklara i analysen vad som gör att målet inte uppfylls.",
            confidence=link.confidence,
        )


_ANALYSIS: frozenset[PlaceKind] = frozenset({"analys"})
_INDICATORS_MET_RE = re.compile(
    r"\b(?:målen\s+i\s+indikatorerna|indikatorernas\s+(?:års)?mål|indikatorerna|samtliga\s+indikatorer|alla\s+indikatorer)\b"
    r"(?P<mid>[^.!?\n]{0,30}?)\b(?:har\s+)?(?:uppnåtts|nåtts|uppfyllts|uppnås|nås|uppfylls|når\s+(?:sina\s+)?(?:års)?mål(?:en)?)\b",
    re.IGNORECASE,
)


@rule(
    "VB-STATUS-003",
    category="status_vs_indicator",
    severity="error",
    title="Analysen säger att indikatorernas mål är nådda men en indikator som mäter målet når inte årsmålet",
    evidence=("text", "Periodens utfall", "Årsmål|KF:s årsmål"),
    examples=examples.STATUS_003,
)
def text_says_indicators_met(report: Report, context: CheckContext) -> Iterator[Finding]:
    if report.kind not in REPORTING_KINDS:
        return
    facts = facts_of(report, context)
    for goal in report.enhetsmal():
        claim = None
        for item in facts.goal_places(goal, _ANALYSIS):
            m = _INDICATORS_MET_RE.search(item.text)
            if m and not re.search(r"\b(inte|ej)\b", m.group(0), re.IGNORECASE):
                claim = (item, m)
                break
        if claim is None:
            continue
        misses = []
        for link in usable_links(goal, report):
            measured = measured_values(link.indicator)
            if measured is None:
                continue
            utfall, target, target_dec, field = measured
            if not meets_target(
                utfall, target, polarity_of(link.indicator.name, context.polarity), decimals=target_dec
            ):
                misses.append((link, utfall, target, field))
        if not misses:
            continue
        item, m = claim
        link, _, target, field = max(misses, key=lambda t: t[0].confidence)
        ind = link.indicator
        loc = item.at(m.start(), m.end())
        yield text_says_indicators_met.finding(
            severity=link_severity(link.confidence),
            report=report,
            goal=goal,
            message=(
                f'Analysen skriver "{short(m.group(0), 80)}" men indikatorn "{short(ind.name, 70)}" har utfallet '
                f"{show_cell(ind, 'utfall')} mot årsmålet {fmt_for(ind, target)}."
            ),
            evidence=[
                Evidence(label="text", text=short(m.group(0)), location=loc),
                cell_evidence(ind, "utfall", "Periodens utfall"),
                target_evidence(ind, field, target, "Årsmål" if field == "arsmal" else "KF:s årsmål"),
            ],
            location=loc,
            suggestion="Skriv vilka indikatorer som inte når årsmålet, och pröva statusen mot det.",
            confidence=link.confidence,
        )
