"""status_vs_indicator and status_vs_target: the marker of an enhetsmål against the indicators that
measure it and against numeric targets in its Förväntat resultat. Polarity-aware; built on links, so
a weak link gives a warning."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from vbassist.checks.claims import TargetClaim, target_claims
from vbassist.checks.registry import CheckContext, rule
from vbassist.checks.rules._common import (
    REPORTING_KINDS,
    STATUS_WORDS,
    arsmal_of,
    cell_evidence,
    cell_location,
    decimals_of,
    fmt_for,
    goal_scope_indicators,
    link_severity,
    make_finding,
    num,
    outcome_is_current,
    short,
    show_cell,
    thresholds,
    with_span,
)
from vbassist.linking import IndicatorLink, link_indicators, text_mentions_indicator
from vbassist.model import Evidence, Finding, Goal, Indicator, Report, TextItem
from vbassist.polarity import meets_target, polarity_of

POLARITY_WORDS = {"higher": "högre är bättre", "lower": "lägre är bättre"}


def _status_evidence(goal: Goal) -> Evidence:
    return Evidence(
        label="status",
        text=goal.status_text or STATUS_WORDS.get(goal.status or "", ""),
        value=goal.status,
        location=goal.status_location,
    )


def _measured(indicator: Indicator) -> tuple[float, float, int, str] | None:
    """(utfall, target, target decimals, target field) when both are numbers."""
    utfall = num(indicator.utfall)
    target_value, field = arsmal_of(indicator)
    target = num(target_value)
    if utfall is None or target is None:
        return None
    return utfall, target, decimals_of(target_value), field


def _usable_links(goal: Goal, report: Report) -> list[IndicatorLink]:
    minimum = thresholds()["link_min"]
    return [
        link
        for link in link_indicators(goal, report)
        if link.confidence >= minimum and outcome_is_current(link.indicator, report)
    ]


@dataclass(frozen=True)
class BoundTarget:
    """A numeric target in a Förväntat resultat bullet, bound to the indicator it speaks of."""

    claim: TargetClaim
    bullet: TextItem
    indicator: Indicator
    confidence: float
    reason: str


def bound_targets(goal: Goal, report: Report) -> list[BoundTarget]:
    """Numeric targets in the goal's Förväntat resultat with the indicator each one is about."""
    candidates = goal_scope_indicators(goal, report)
    out: list[BoundTarget] = []
    for bullet in goal.forvantat_resultat:
        claims = target_claims(bullet.text)
        if not claims:
            continue
        scored = sorted(
            ((text_mentions_indicator(bullet.text, ind), ind) for ind in candidates),
            key=lambda t: -t[0][0],
        )
        if not scored or scored[0][0][0] < thresholds()["sentence_min"]:
            continue
        (score, reason), indicator = scored[0]
        # two indicators equally named ("Sjukfrånvaro", "Sjukfrånvaro dag 1-14"): take the shorter name,
        # since the bullet names the general measure unless it adds the qualifier
        ties = [ind for (s, _), ind in scored if abs(s - score) < 1e-9]
        if len(ties) > 1:
            indicator = min(ties, key=lambda i: len(i.name))
            score -= 0.1
        for claim in claims:
            out.append(BoundTarget(claim, bullet, indicator, min(score, 0.95), reason))
    return out


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
        polarity = "higher" if claim.kind == "min" else "lower"
        return meets_target(utfall, claim.value, polarity, decimals=claim.decimals), claim.value, claim.raw
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


def _judged_goals(report: Report) -> Iterator[Goal]:
    if report.kind not in REPORTING_KINDS:
        return
    for goal in report.enhetsmal():
        if goal.status in ("helt", "inte"):
            yield goal


def _target_evidence(ind: Indicator, field: str, target: float, label: str) -> Evidence:
    """The årsmål (or KF:s årsmål, `field`) an indicator is held to."""
    return Evidence(label=label, text=fmt_for(ind, target), value=target, location=cell_location(ind, field))


def _bullet_evidence(target: BoundTarget, value: float | str | None) -> Evidence:
    """The Förväntat resultat bullet a target was read from, pointing at the target's words."""
    return Evidence(
        label="Förväntat resultat",
        text=short(target.bullet.text),
        value=value,
        location=with_span(target.bullet.location, target.claim.start, target.claim.end),
    )


@rule(
    "VB-STATUS-001",
    category="status_vs_indicator",
    severity="error",
    title='Status "Uppfylls helt" fast en indikator som mäter målet inte når sitt årsmål',
)
def status_helt_but_indicator_misses(report: Report, context: CheckContext) -> Iterator[Finding]:
    for goal in _judged_goals(report):
        if goal.status != "helt":
            continue
        # indicators whose numeric target sits in Förväntat resultat are judged by VB-TARGET-001
        targeted = {id(t.indicator) for t in bound_targets(goal, report) if t.claim.kind in ("min", "max")}
        misses: list[tuple[IndicatorLink, float, float, str]] = []
        for link in _usable_links(goal, report):
            ind = link.indicator
            measured = _measured(ind)
            if measured is None or id(ind) in targeted:
                continue
            utfall, target, target_dec, field = measured
            if not meets_target(utfall, target, polarity_of(ind.name, context.polarity), decimals=target_dec):
                misses.append((link, utfall, target, field))
        if not misses:
            continue
        # one finding per goal: the status is the one thing to fix, each missed indicator is evidence
        strongest = max(misses, key=lambda m: m[0].confidence)
        evidence = [_status_evidence(goal)]
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
            evidence.append(_target_evidence(ind, field, target, f"{target_label}: {short(ind.name, 60)}"))
        which = "indikatorn" if len(misses) == 1 else f"{len(misses)} indikatorer som mäter målet"
        yield make_finding(
            "VB-STATUS-001",
            "status_vs_indicator",
            link_severity(strongest[0].confidence),
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
)
def status_inte_but_indicators_meet(report: Report, context: CheckContext) -> Iterator[Finding]:
    for goal in _judged_goals(report):
        if goal.status != "inte":
            continue
        strong = [
            link
            for link in _usable_links(goal, report)
            if link.confidence >= thresholds()["link_error"] and _measured(link.indicator) is not None
        ]
        if not strong:
            continue
        met = []
        for link in strong:
            utfall, target, target_dec, _ = _measured(link.indicator)  # type: ignore[misc]
            met.append(
                meets_target(
                    utfall, target, polarity_of(link.indicator.name, context.polarity), decimals=target_dec
                )
            )
        if not all(met):
            continue
        link = strong[0]
        ind = link.indicator
        _, target, _, field = _measured(ind)  # type: ignore[misc]
        yield make_finding(
            "VB-STATUS-002",
            "status_vs_indicator",
            "warning",
            report=report,
            goal=goal,
            message=(
                f'Målet är markerat "Uppfylls inte" men indikatorn "{short(ind.name, 80)}" når sitt årsmål '
                f"(utfall {show_cell(ind, 'utfall')}, årsmål {fmt_for(ind, target)})."
            ),
            evidence=[
                _status_evidence(goal),
                cell_evidence(ind, "utfall", "Periodens utfall"),
                _target_evidence(ind, field, target, "Årsmål"),
            ],
            location=goal.status_location or goal.location,
            suggestion="Kontrollera statusen, eller förklara i analysen vad som gör att målet inte uppfylls.",
            confidence=link.confidence,
        )


@rule(
    "VB-TARGET-001",
    category="status_vs_target",
    severity="error",
    title='Status "Uppfylls helt" fast ett siffersatt förväntat resultat inte nås',
)
def status_helt_but_target_missed(report: Report, context: CheckContext) -> Iterator[Finding]:
    for goal in _judged_goals(report):
        if goal.status != "helt":
            continue
        for target in bound_targets(goal, report):
            if target.claim.kind.startswith("dir_"):
                continue  # a direction alone is VB-TARGET-003's
            judged = target_met(target)
            if judged is None or judged[0]:
                continue
            _, wanted, raw = judged
            ind = target.indicator
            evidence = [
                _status_evidence(goal),
                _bullet_evidence(target, wanted),
                cell_evidence(ind, "utfall", "Periodens utfall"),
            ]
            detail = ""
            if target.claim.kind not in ("min", "max"):
                evidence.append(cell_evidence(ind, "utfall_forra_aret", "Utfall föregående år"))
                detail = f" (från {show_cell(ind, 'utfall_forra_aret')} föregående år krävs {fmt_for(ind, wanted, 2)})"
            yield make_finding(
                "VB-TARGET-001",
                "status_vs_target",
                link_severity(target.confidence),
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
)
def status_inte_but_targets_met(report: Report, context: CheckContext) -> Iterator[Finding]:
    for goal in _judged_goals(report):
        if goal.status != "inte":
            continue
        judged = [
            (t, target_met(t)) for t in bound_targets(goal, report) if not t.claim.kind.startswith("dir_")
        ]
        judged = [(t, j) for t, j in judged if j is not None and t.confidence >= thresholds()["link_error"]]
        if not judged or not all(j[0] for _, j in judged):
            continue
        target, (_, wanted, raw) = judged[0]  # type: ignore[misc]
        ind = target.indicator
        yield make_finding(
            "VB-TARGET-002",
            "status_vs_target",
            "warning",
            report=report,
            goal=goal,
            message=(
                f'Målet är markerat "Uppfylls inte" men det förväntade resultatet "{raw}" nås: '
                f'"{short(ind.name, 80)}" har utfallet {show_cell(ind, "utfall")}.'
            ),
            evidence=[
                _status_evidence(goal),
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
)
def status_helt_but_direction_missed(report: Report, context: CheckContext) -> Iterator[Finding]:
    for goal in _judged_goals(report):
        if goal.status != "helt":
            continue
        for target in bound_targets(goal, report):
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
            yield make_finding(
                "VB-TARGET-003",
                "status_vs_target",
                "warning",
                report=report,
                goal=goal,
                message=(
                    f'Målet är markerat "Uppfylls helt" och Förväntat resultat säger att "{short(target.bullet.text, 80)}", '
                    f'men "{short(ind.name, 70)}" gick från {show_cell(ind, "utfall_forra_aret")} till {show_cell(ind, "utfall")}.'
                ),
                evidence=[
                    _status_evidence(goal),
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
)
def text_says_indicators_met(report: Report, context: CheckContext) -> Iterator[Finding]:
    if report.kind not in REPORTING_KINDS:
        return
    for goal in report.enhetsmal():
        claim = None
        for item in goal.analys:
            m = _INDICATORS_MET_RE.search(item.text)
            if m and not re.search(r"\b(inte|ej)\b", m.group(0), re.IGNORECASE):
                claim = (item, m)
                break
        if claim is None:
            continue
        misses = []
        for link in _usable_links(goal, report):
            measured = _measured(link.indicator)
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
        loc = with_span(item.location, m.start(), m.end())
        yield make_finding(
            "VB-STATUS-003",
            "status_vs_indicator",
            link_severity(link.confidence),
            report=report,
            goal=goal,
            message=(
                f'Analysen skriver "{short(m.group(0), 80)}" men indikatorn "{short(ind.name, 70)}" har utfallet '
                f"{show_cell(ind, 'utfall')} mot årsmålet {fmt_for(ind, target)}."
            ),
            evidence=[
                Evidence(label="text", text=short(m.group(0)), location=loc),
                cell_evidence(ind, "utfall", "Periodens utfall"),
                _target_evidence(ind, field, target, "Årsmål" if field == "arsmal" else "KF:s årsmål"),
            ],
            location=loc,
            suggestion="Skriv vilka indikatorer som inte når årsmålet, och pröva statusen mot det.",
            confidence=link.confidence,
        )
