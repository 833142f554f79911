"""The facts of one enhetsmål: status (or a suggested one with its reason), the indicators that measure
it with outcome, target, last year and the changes, the numeric targets written in Förväntat resultat,
and the activities with their deviations. Drafts may state only what is here or in a cited source.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from vbassist.drafting.models import ActivityFact, GoalFacts, IndicatorFact, StatedTarget
from vbassist.linking import DATA_DIR, link_indicators, text_mentions_indicator
from vbassist.model import Activity, Goal, Indicator, Report, Status, Value
from vbassist.numbers import NumberMention, find_numbers, relative_change
from vbassist.polarity import PolarityLexicon, meets_target, polarity_of

# Avvikelse cells that say "no deviation" in so many words.
_NO_DEVIATION = {"", "-", "–", "nej", "ingen", "ingen avvikelse", "inga avvikelser", "n/a"}
# Cells that only mark a deviation, without saying what it was.
_DEVIATION_MARKERS = {"avvikelse", "ja", "x", "✓", "☒", "avviker"}

# Words before a number in Förväntat resultat that tell what kind of target it is.
_COMPARATORS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(minska[rt]?|minskning|sjunk[ea]r?|färre)\b[^.]{0,40}\bmed\s*$", re.I), "minskar_med"),
    (re.compile(r"\b(öka[rt]?|ökning|höj[as]*|fler)\b[^.]{0,40}\bmed\s*$", re.I), "okar_med"),
    (re.compile(r"\b(minst|lägst|inte\s+under|åtminstone|över|mer\s+än)\s*$", re.I), "minst"),
    (re.compile(r"\b(högst|max(imalt)?|inte\s+över|under|mindre\s+än|understiga)\s*$", re.I), "högst"),
    (re.compile(r"\b(uppgå[r]?\s+till|vara|är|ligga\s+på|nå)\s*$", re.I), "lika"),
)


@lru_cache(maxsize=1)
def link_min() -> float:
    """The link confidence below which an indicator is not taken to measure the goal (shared with the
    checker rules through `vbassist/data/thresholds.json`)."""
    data = json.loads((DATA_DIR / "thresholds.json").read_text(encoding="utf-8"))
    return float(data.get("link_min", 0.45))


def ancestors_of(report: Report, goal: Goal) -> list[Goal]:
    for g, parents in report.iter_goals():
        if g is goal:
            return parents
    return []


def _num(value: Value | None) -> float | None:
    return value.value if value is not None and value.value is not None else None


def _note(value: Value | None) -> str | None:
    if value is None:
        return None
    return value.note if value.kind == "text" else None


def _is_percent(indicator: Indicator) -> bool:
    values = (indicator.utfall, indicator.arsmal, indicator.utfall_forra_aret, indicator.utfall_man,
              indicator.utfall_kvinnor, indicator.kf_arsmal)  # fmt: skip
    if any(v is not None and v.kind == "percent" for v in values):
        return True
    # "Andel ..." is a share even where a cell lost its "%" ("73,33")
    return bool(re.match(r"\s*andel", indicator.name, re.I))


def _round(x: float | None, digits: int = 2) -> float | None:
    return None if x is None else round(x, digits)


def indicator_fact(
    indicator: Indicator,
    *,
    confidence: float = 1.0,
    reason: str = "",
    lexicon: PolarityLexicon | None = None,
) -> IndicatorFact:
    """One indicator's numbers, polarity-aware: a lower sjukfrånvaro meets its target."""
    percent = _is_percent(indicator)
    utfall, arsmal = _num(indicator.utfall), _num(indicator.arsmal)
    forra, man, kvinnor = (
        _num(indicator.utfall_forra_aret),
        _num(indicator.utfall_man),
        _num(indicator.utfall_kvinnor),
    )
    polarity = polarity_of(indicator.name, lexicon)
    kind = "percent" if percent else (indicator.utfall.kind if indicator.utfall is not None else "empty")
    target_met = None
    if utfall is not None and arsmal is not None:
        decimals = indicator.arsmal.decimals if indicator.arsmal and indicator.arsmal.decimals else 0
        target_met = meets_target(utfall, arsmal, polarity, decimals=decimals)
    change = change_pp = change_pct = None
    if utfall is not None and forra is not None:
        change = _round(utfall - forra)
        if percent:
            change_pp = _round(utfall - forra)
        change_pct = _round(relative_change(forra, utfall))
    diff = _round(kvinnor - man) if kvinnor is not None and man is not None else None
    return IndicatorFact(
        name=re.sub(r"\s+", " ", indicator.name).strip(),
        kind=kind,
        unit="%" if percent else (indicator.utfall.unit if indicator.utfall is not None else None),
        utfall=utfall,
        utfall_decimals=indicator.utfall.decimals if indicator.utfall is not None else None,
        utfall_note=_note(indicator.utfall),
        arsmal=arsmal,
        arsmal_note=_note(indicator.arsmal),
        forra_aret=forra,
        forra_aret_label=indicator.utfall_forra_aret_label,
        man=man,
        kvinnor=kvinnor,
        change=change,
        change_pp=change_pp,
        change_percent=change_pct,
        diff_kvinnor_man=diff,
        target_met=target_met,
        polarity=polarity,
        confidence=confidence,
        link_reason=reason,
        period=indicator.period,
        kommentar=indicator.kommentar,
    )


def _comparator(before: str) -> str:
    for pattern, name in _COMPARATORS:
        if pattern.search(before):
            return "ökar_med" if name == "okar_med" else name
    return "lika"


def _target_mentions(text: str) -> list[NumberMention]:
    # a target is a percent ("minst 75 procent") or a count with a comparator ("minst 20 familjer");
    # years and dates in a bullet are not targets
    return [m for m in find_numbers(text) if not m.is_year and m.kind in ("percent", "count")]


def stated_targets(goal: Goal, indicators: list[tuple[Indicator, IndicatorFact]]) -> list[StatedTarget]:
    """Numeric targets written in Förväntat resultat, matched to an indicator where one is named,
    and judged against it when both the target and the outcome are numbers."""
    out: list[StatedTarget] = []
    for item in goal.forvantat_resultat:
        for mention in _target_mentions(item.text):
            comparator = _comparator(item.text[: mention.start])
            if mention.kind == "count" and comparator == "lika":
                continue  # a bare count in a bullet ("två gånger per år") is rarely a target
            best: tuple[float, Indicator, IndicatorFact] | None = None
            for indicator, fact in indicators:
                score, _ = text_mentions_indicator(item.text, indicator)
                if score >= 0.5 and (best is None or score > best[0]):
                    best = (score, indicator, fact)
            met: bool | None = None
            matched = best[2] if best else None
            if matched is not None:
                met = _judge(comparator, mention.value, matched)
            out.append(
                StatedTarget(
                    text=item.text.strip(),
                    value=mention.value,
                    unit=mention.unit,
                    comparator=comparator,  # type: ignore[arg-type]
                    indicator=matched.name if matched else None,
                    met=met,
                    location=item.location,
                )
            )
    return out


def _judge(comparator: str, value: float, fact: IndicatorFact) -> bool | None:
    if comparator in ("minst", "högst", "lika"):
        if fact.utfall is None:
            return None
        if comparator == "lika":
            # "uppgår till 80 procent": read in the indicator's own direction
            return meets_target(fact.utfall, value, fact.polarity)
        return meets_target(fact.utfall, value, "higher" if comparator == "minst" else "lower")
    if fact.change_percent is None:
        return None
    if comparator == "minskar_med":
        return fact.change_percent <= -value + 0.05
    return fact.change_percent >= value - 0.05


def suggest_status(indicators: list[IndicatorFact], targets: list[StatedTarget]) -> tuple[Status | None, str]:
    """A status from the measurable parts, with the reason in Swedish. None when nothing is measurable:
    then the assessment rests on the manager's judgement of Förväntat resultat."""
    judged: list[tuple[str, bool]] = [
        (f.name, bool(f.target_met)) for f in indicators if f.target_met is not None
    ]
    judged_names = {n for n, _ in judged}
    for t in targets:
        if t.met is not None and t.indicator not in judged_names:
            judged.append((t.text, t.met))
    if not judged:
        return (
            None,
            "Inga indikatorer med årsmål eller numeriska mål i förväntat resultat kunde kopplas till målet.",
        )
    met = [n for n, ok in judged if ok]
    missed = [n for n, ok in judged if not ok]
    if not missed:
        every = "Det mätbara målet" if len(judged) == 1 else f"Alla {len(judged)} mätbara mål"
        return "helt", f"{every} nås ({'; '.join(met)})."
    if not met:
        improving = [
            f.name
            for f in indicators
            if f.target_met is False
            and f.change_pp is not None
            and ((f.change_pp > 0) == (f.polarity == "higher"))
            and f.change_pp != 0
        ]
        if improving and len(improving) == len(missed):
            return (
                "delvis",
                f"Inget mätbart mål nås, men alla utvecklas åt rätt håll ({'; '.join(improving)}).",
            )
        none = "Det mätbara målet nås inte" if len(judged) == 1 else f"Inget av {len(judged)} mätbara mål nås"
        return "inte", f"{none} ({'; '.join(missed)})."
    return "delvis", f"{len(met)} av {len(judged)} mätbara mål nås; inte: {'; '.join(missed)}."


def activity_fact(activity: Activity) -> ActivityFact:
    """An activity; `avvikelse` is None when the cell says there is none, "" when it only marks one
    ("Avvikelse", "Ja", "X"), else the deviation as written."""
    avvikelse = re.sub(r"\s+", " ", activity.avvikelse or "").strip()
    if avvikelse.lower() in _NO_DEVIATION:
        deviation: str | None = None
    elif avvikelse.lower().rstrip(".") in _DEVIATION_MARKERS:
        deviation = ""
    else:
        deviation = avvikelse
    return ActivityFact(
        name=re.sub(r"\s+", " ", activity.name).strip(),
        startdatum=activity.startdatum,
        slutdatum=activity.slutdatum,
        avvikelse=deviation,
        analys=activity.analys,
    )


def collect_facts(report: Report, goal: Goal, *, lexicon: PolarityLexicon | None = None) -> GoalFacts:
    """The facts of `goal` (an enhetsmål of `report`): status or a suggested one, measuring indicators
    (links below the shared `link_min` are left out), stated targets, activities. `lexicon` None = the
    bundled polarity lexicon."""
    parents = ancestors_of(report, goal)
    namndmal = next((p for p in reversed(parents) if p.level == "namndmal"), None)
    kf_mal = next((p for p in reversed(parents) if p.level == "kf_verksamhetsmal"), None)
    threshold = link_min()
    linked: list[tuple[Indicator, IndicatorFact]] = []
    for link in link_indicators(goal, report):
        if link.confidence < threshold:
            continue
        linked.append(
            (
                link.indicator,
                indicator_fact(
                    link.indicator, confidence=link.confidence, reason=link.reason, lexicon=lexicon
                ),
            )
        )
    # the goal's own indicator table (a VP or a unit that reports per goal) always measures it
    own_ids = {id(i) for i, _ in linked}
    for indicator in goal.indicators:
        if id(indicator) not in own_ids:
            linked.append(
                (indicator, indicator_fact(indicator, reason="indikatorn står under målet", lexicon=lexicon))
            )
    targets = stated_targets(goal, linked)
    facts_list = [f for _, f in linked]
    suggested, reason = suggest_status(facts_list, targets)
    return GoalFacts(
        unit=report.unit,
        district=report.district,
        year=report.year,
        kind=report.kind,
        goal=re.sub(r"\s+", " ", goal.title).strip(),
        namndmal=namndmal.title if namndmal else None,
        kf_mal=kf_mal.title if kf_mal else None,
        status=goal.status,
        status_text=goal.status_text,
        suggested_status=suggested,
        suggested_reason=reason,
        forvantat_resultat=[p.text.strip() for p in goal.forvantat_resultat if p.text.strip()],
        stated_targets=targets,
        indicators=facts_list,
        activities=[activity_fact(a) for a in goal.activities],
        existing_analysis=goal.analys_text,
    )
