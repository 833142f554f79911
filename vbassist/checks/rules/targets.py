"""status_vs_target: the marker of an enhetsmål against the targets in its Förväntat resultat, numeric
("minst 75 procent", "minskar med 5 procent jämfört med föregående år", "halveras") or a direction
alone ("Sjukfrånvaron minskar"). Built on the bullet naming an indicator, so a loose mention gives a
warning."""

from __future__ import annotations

from collections.abc import Iterator

from vbassist.checks.common import (
    cell_evidence,
    decimals_of,
    fmt_for,
    judged_goals,
    link_severity,
    num,
    short,
    show_cell,
    status_evidence,
    thresholds,
)
from vbassist.checks.examples import status as examples
from vbassist.checks.facts import facts_of
from vbassist.checks.facts.statements import BoundTarget
from vbassist.checks.registry import CheckContext, rule
from vbassist.model import Evidence, Finding, Report
from vbassist.polarity import meets_target


def target_met(target: BoundTarget) -> tuple[bool, float, str] | None:
    """(met, the value the target asks for, a Swedish description) or None when it cannot be judged."""
    ind = target.indicator
    utfall = num(ind.utfall)
    if utfall is None:
        return None
    claim = target.claim
    last = num(ind.utfall_forra_aret)
    if claim.kind in ("min", "max"):
        # a percent target against a count-like indicator (or the reverse) is not comparable
        if claim.unit == "%" and ind.utfall is not None and ind.utfall.kind not in ("percent", "count"):
            return None
        met = meets_target(
            utfall, claim.value, "higher" if claim.kind == "min" else "lower", decimals=claim.decimals
        )
        return met, claim.value, claim.raw
    if last is None or last == 0:
        return None
    if claim.kind == "rel_decrease":
        goal_value = last * (1 - claim.value / 100)
        return meets_target(utfall, goal_value, "lower", decimals=2), goal_value, claim.raw
    if claim.kind == "rel_increase":
        goal_value = last * (1 + claim.value / 100)
        return meets_target(utfall, goal_value, "higher", decimals=2), goal_value, claim.raw
    if claim.kind == "pp_decrease":
        goal_value = last - claim.value
        return meets_target(utfall, goal_value, "lower", decimals=2), goal_value, claim.raw
    if claim.kind in ("dir_increase", "dir_decrease"):
        # the bullet names the direction itself ("Sjukfrånvaron minskar"), so no polarity here;
        # no change at the table's precision is not the change asked for
        decimals = max(decimals_of(ind.utfall), decimals_of(ind.utfall_forra_aret))
        delta = round(utfall - last, decimals + 1)
        met = delta > 0 if claim.kind == "dir_increase" else delta < 0
        return met, last, claim.raw
    if claim.kind == "pp_increase":
        goal_value = last + claim.value
        return meets_target(utfall, goal_value, "higher", decimals=2), goal_value, claim.raw
    return None


def _bullet_evidence(target: BoundTarget, value: float | str | None) -> Evidence:
    """The Förväntat resultat bullet a target was read from, pointing at the target's words."""
    return Evidence(
        label="Förväntat resultat",
        text=short(target.bullet.text),
        value=value,
        location=target.bullet.at(target.claim.start, target.claim.end),
    )


@rule(
    "VB-TARGET-001",
    category="status_vs_target",
    severity="error",
    title='Status "Uppfylls helt" fast ett siffersatt förväntat resultat inte nås',
    evidence=("status", "Förväntat resultat", "Periodens utfall", "Utfall föregående år?"),
    examples=examples.TARGET_001,
)
def status_helt_but_target_missed(report: Report, context: CheckContext) -> Iterator[Finding]:
    for goal in judged_goals(report):
        if goal.status != "helt":
            continue
        for target in facts_of(report, context).bullet_targets(goal):
            if target.claim.kind.startswith("dir_"):
                continue  # a direction alone is VB-TARGET-003's
            judged = target_met(target)
            if judged is None or judged[0]:
                continue
            _, wanted, raw = judged
            ind = target.indicator
            evidence = [
                status_evidence(goal),
                _bullet_evidence(target, wanted),
                cell_evidence(ind, "utfall", "Periodens utfall"),
            ]
            detail = ""
            if target.claim.kind not in ("min", "max"):
                evidence.append(cell_evidence(ind, "utfall_forra_aret", "Utfall föregående år"))
                detail = f" (från {show_cell(ind, 'utfall_forra_aret')} föregående år krävs {fmt_for(ind, wanted, 2)})"
            yield status_helt_but_target_missed.finding(
                severity=link_severity(target.confidence),
                report=report,
                goal=goal,
                message=(
                    f'Målet är markerat "Uppfylls helt" men det förväntade resultatet "{raw}" nås inte: '
                    f'"{short(ind.name, 80)}" har utfallet {show_cell(ind, "utfall")}{detail}.'
                ),
                evidence=evidence,
                location=goal.status_location or goal.location,
                suggestion='Ändra status till "Uppfylls delvis" eller förklara avvikelsen från det förväntade resultatet i analysen.',
                confidence=target.confidence,
            )


@rule(
    "VB-TARGET-002",
    category="status_vs_target",
    severity="warning",
    title='Status "Uppfylls inte" fast alla siffersatta förväntade resultat nås',
    evidence=("status", "Förväntat resultat", "Periodens utfall"),
    examples=examples.TARGET_002,
)
def status_inte_but_targets_met(report: Report, context: CheckContext) -> Iterator[Finding]:
    for goal in judged_goals(report):
        if goal.status != "inte":
            continue
        judged: list[tuple[BoundTarget, tuple[bool, float, str]]] = []
        for t in facts_of(report, context).bullet_targets(goal):
            verdict = None if t.claim.kind.startswith("dir_") else target_met(t)
            if verdict is not None and t.confidence >= thresholds()["link_error"]:
                judged.append((t, verdict))
        if not judged or not all(verdict[0] for _, verdict in judged):
            continue
        target, (_, wanted, raw) = judged[0]
        ind = target.indicator
        yield status_inte_but_targets_met.finding(
            report=report,
            goal=goal,
            message=(
                f'Målet är markerat "Uppfylls inte" men det förväntade resultatet "{raw}" nås: '
                f'"{short(ind.name, 80)}" har utfallet {show_cell(ind, "utfall")}.'
            ),
            evidence=[
                status_evidence(goal),
                _bullet_evidence(target, wanted),
                cell_evidence(ind, "utfall", "Periodens utfall"),
            ],
            location=goal.status_location or goal.location,
            suggestion="Kontrollera statusen, eller förklara i analysen vilka andra delar av målet som inte nås.",
            confidence=target.confidence,
        )


_DIRECTION_WORDS = {"dir_increase": "öka", "dir_decrease": "minska"}


@rule(
    "VB-TARGET-003",
    category="status_vs_target",
    severity="warning",
    title='Status "Uppfylls helt" fast ett förväntat resultat säger ökar/minskar och indikatorn gått åt andra hållet',
    evidence=("status", "Förväntat resultat", "Periodens utfall", "Utfall *"),
    examples=examples.TARGET_003,
)
def status_helt_but_direction_missed(report: Report, context: CheckContext) -> Iterator[Finding]:
    for goal in judged_goals(report):
        if goal.status != "helt":
            continue
        for target in facts_of(report, context).bullet_targets(goal):
            # a direction alone is a soft target: only a clear mention of the indicator counts
            if (
                not target.claim.kind.startswith("dir_")
                or target.confidence < thresholds()["text_number_min"]
            ):
                continue
            judged = target_met(target)
            if judged is None or judged[0]:
                continue
            ind = target.indicator
            yield status_helt_but_direction_missed.finding(
                report=report,
                goal=goal,
                message=(
                    f'Målet är markerat "Uppfylls helt" och Förväntat resultat säger att "{short(target.bullet.text, 80)}", '
                    f'men "{short(ind.name, 70)}" gick från {show_cell(ind, "utfall_forra_aret")} till {show_cell(ind, "utfall")}.'
                ),
                evidence=[
                    status_evidence(goal),
                    _bullet_evidence(target, _DIRECTION_WORDS[target.claim.kind]),
                    cell_evidence(ind, "utfall", "Periodens utfall"),
                    cell_evidence(
                        ind, "utfall_forra_aret", ind.utfall_forra_aret_label or "Utfall föregående år"
                    ),
                ],
                location=goal.status_location or goal.location,
                suggestion='Ändra status till "Uppfylls delvis" eller förklara i analysen varför målet ändå bedöms uppfyllt.',
                confidence=target.confidence,
            )
