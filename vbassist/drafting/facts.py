"""The facts of one enhetsmål: status (or a suggested one with its reason), the indicators that measure
it with outcome, target, last year and the changes, the numeric targets written in Förväntat resultat,
and the activities with their deviations. Drafts may state only what is here or in a cited source.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from typing import Any, Literal, cast, get_args

from vbassist.checks.facts import facts_of
from vbassist.checks.facts.statements import BoundTarget
from vbassist.checks.rules.targets import target_met
from vbassist.drafting.models import (
    ActivityFact,
    ActivityState,
    Comparator,
    GoalFacts,
    IndicatorFact,
    StatedTarget,
)
from vbassist.linking import DATA_DIR, content_stems, coverage, link_error, measuring_indicators
from vbassist.model import Activity, Goal, Indicator, Report, Status, Value
from vbassist.numbers import find_numbers, relative_change
from vbassist.polarity import PolarityLexicon, meets_target, polarity_of

# Avvikelse cells that say "no deviation" in so many words.
_NO_DEVIATION = {"", "-", "–", "nej", "ingen", "ingen avvikelse", "inga avvikelser", "n/a"}
# Cells that only mark a deviation, without saying what it was.
_DEVIATION_MARKERS = {"avvikelse", "ja", "x", "✓", "☒", "avviker"}

# share of a nämndmål activity's content words the goal's title and Förväntat resultat must hold for
# the activity to count as the goal's when the nämndmål has several enhetsmål
NAMNDMAL_ACTIVITY_TOPIC = 0.5

# the checker's target kinds (vbassist.checks.claims.TargetClaim) in the drafter's words
_COMPARATOR_OF: dict[str, Comparator] = {
    "min": "minst",
    "max": "högst",
    "rel_increase": "ökar_med",
    "rel_decrease": "minskar_med",
    "pp_increase": "ökar_med_pe",
    "pp_decrease": "minskar_med_pe",
    "dir_increase": "ökar",
    "dir_decrease": "minskar",
}


@lru_cache(maxsize=1)
def drafting_data() -> dict[str, Any]:
    """`vbassist/data/drafting.json` (thresholds and phrase lists of the drafter)."""
    data: dict[str, Any] = json.loads((DATA_DIR / "drafting.json").read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=1)
def _state_patterns() -> tuple[tuple[ActivityState, re.Pattern[str]], ...]:
    states: dict[str, list[str]] = drafting_data()["activity_states"]
    known = get_args(ActivityState)
    unknown = set(states) - set(known)
    if unknown:  # a typo in the data file would silently never match
        raise ValueError(f"drafting.json: okända aktivitetslägen {sorted(unknown)}")
    # in the file's order: the first state that matches wins ("inte genomförd" before "genomförd")
    return tuple(
        (cast(ActivityState, state), re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE))
        for state, patterns in states.items()
    )


def activity_state(text: str) -> tuple[ActivityState | None, str | None]:
    """What an activity's own text says about whether it was carried out, and the words it says it
    with: "Skolsamordnare arbetar inte med ..." -> ("inte_genomford", "arbetar inte"). (None, None) when
    the text does not say."""
    for state, pattern in _state_patterns():
        m = pattern.search(text)
        if m:
            return state, m.group(0)
    return None, None


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
    values = (
        indicator.utfall,
        indicator.arsmal,
        indicator.utfall_forra_aret,
        indicator.utfall_man,
        indicator.utfall_kvinnor,
        indicator.kf_arsmal,
    )
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


def stated_targets(
    goal: Goal,
    report: Report,
    linked: list[tuple[Indicator, IndicatorFact]],
    *,
    lexicon: PolarityLexicon | None = None,
) -> tuple[list[StatedTarget], list[tuple[Indicator, IndicatorFact]]]:
    """Targets written in Förväntat resultat, read and judged as the checker reads them
    (`vbassist.checks.rules.status`: "förbättras med 20 procent" is relative to last year, "halveras"
    is -50 %), and the indicators they name that the topic links missed (they measure the goal too)."""
    from vbassist.checks.claims import target_claims

    known = {id(i): f for i, f in linked}
    extra: list[tuple[Indicator, IndicatorFact]] = []
    # the checker's reading of the bullets (`vbassist.checks.facts`), matched to them by place
    bound: dict[str, list[BoundTarget]] = {}
    for target in facts_of(report).bullet_targets(goal):
        bound.setdefault(target.bullet.location.model_dump_json(), []).append(target)
    out: list[StatedTarget] = []
    for bullet in goal.forvantat_resultat:
        text = bullet.text.strip()
        key = bullet.location.model_dump_json()
        if key not in bound:
            # no indicator named: the target is kept, unjudged
            for claim in target_claims(bullet.text):
                comparator = _COMPARATOR_OF[claim.kind]
                value = 0.0 if comparator in ("ökar", "minskar") else claim.value
                out.append(
                    StatedTarget(
                        text=text,
                        value=value,
                        unit=claim.unit,
                        comparator=comparator,
                        raw=claim.raw,
                        location=bullet.location,
                    )
                )
            continue
        for target in bound[key]:
            indicator = target.indicator
            if id(indicator) not in known:
                fact = indicator_fact(
                    indicator, confidence=target.confidence, reason=target.reason, lexicon=lexicon
                )
                known[id(indicator)] = fact
                extra.append((indicator, fact))
            judged = target_met(target)
            comparator = _COMPARATOR_OF[target.claim.kind]
            wanted = None
            if judged is not None and comparator not in ("minst", "högst", "ökar", "minskar"):
                wanted = round(judged[1], 2)
            out.append(
                StatedTarget(
                    text=text,
                    value=0.0 if comparator in ("ökar", "minskar") else target.claim.value,
                    unit=target.claim.unit,
                    comparator=comparator,
                    raw=target.claim.raw,
                    indicator=known[id(indicator)].name,
                    met=None if judged is None else judged[0],
                    wanted=wanted,
                    confidence=round(target.confidence, 2),
                    location=bullet.location,
                )
            )
    return out, extra


Verdict = tuple[bool, IndicatorFact | StatedTarget]


def judged_parts(indicators: list[IndicatorFact], targets: list[StatedTarget]) -> list[Verdict]:
    """The measurable parts a status can be suggested from, each with whether it is reached: indicators
    against their årsmål and stated targets against their indicator, only on strong links (a weak link
    is shown in a draft but never turns its assessment); a bullet restating an årsmål counts once."""
    strong = link_error()
    out: list[Verdict] = [
        (bool(f.target_met), f) for f in indicators if f.target_met is not None and f.confidence >= strong
    ]
    arsmal_of = {f.name: f.arsmal for _, f in out if isinstance(f, IndicatorFact)}
    for t in targets:
        if t.met is None or (t.confidence or 0.0) < strong:
            continue
        if (
            t.comparator in ("minst", "högst")
            and t.indicator in arsmal_of
            and arsmal_of[t.indicator] == t.value
        ):
            continue  # the bullet restates the indicator's årsmål: judged once
        out.append((t.met, t))
    return out


def suggest_status(
    indicators: list[IndicatorFact], targets: list[StatedTarget], *, unmeasured: int = 0
) -> tuple[Status | None, str]:
    """A status from the measurable parts (`judged_parts`), with the reason in Swedish. None when
    nothing is measurable, and when everything measurable is reached but `unmeasured` Förväntat
    resultat bullets cannot be judged from the document: then the assessment rests on the manager's
    judgement of those (a miss still speaks against "helt", whatever else is unmeasured)."""
    judged = [
        (p.name if isinstance(p, IndicatorFact) else p.text.rstrip("."), ok)
        for ok, p in judged_parts(indicators, targets)
    ]
    if not judged:
        return (
            None,
            "Inga indikatorer med årsmål eller numeriska mål i förväntat resultat kunde kopplas till målet.",
        )
    met = [n for n, ok in judged if ok]
    missed = [n for n, ok in judged if not ok]
    if not missed and unmeasured:
        bullets = "ett förväntat resultat" if unmeasured == 1 else f"{unmeasured} förväntade resultat"
        return (
            None,
            f"Det som kan mätas nås ({'; '.join(met)}), men {bullets} kan inte bedömas ur dokumentet.",
        )
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


def activity_fact(
    activity: Activity, *, table: Literal["enhetsmal", "namndmal"] = "enhetsmal"
) -> ActivityFact:
    """An activity; `avvikelse` is None when the cell says there is none, "" when it only marks one
    ("Avvikelse", "Ja", "X"), else the deviation as written."""
    avvikelse = re.sub(r"\s+", " ", activity.avvikelse or "").strip()
    if avvikelse.lower() in _NO_DEVIATION:
        deviation: str | None = None
    elif avvikelse.lower().rstrip(".") in _DEVIATION_MARKERS:
        deviation = ""
    else:
        deviation = avvikelse
    analys = re.sub(r"\s+", " ", activity.analys or "").strip() or None
    state, words = activity_state(" ".join(t for t in (analys, deviation) if t))
    return ActivityFact(
        name=re.sub(r"\s+", " ", activity.name).strip(),
        startdatum=activity.startdatum,
        slutdatum=activity.slutdatum,
        avvikelse=deviation,
        analys=analys,
        state=state,
        state_words=words,
        table=table,
        location=activity.location,
    )


def goal_activities(goal: Goal, namndmal: Goal | None) -> list[ActivityFact]:
    """The goal's own activities, then those of its nämndmål's table that are the unit's for this goal:
    all of them when the goal is the only enhetsmål under it, else those on the goal's topic."""
    own = [activity_fact(a) for a in goal.activities]
    if namndmal is None or not namndmal.activities:
        return own
    only = [c for c in namndmal.children if c.level == "enhetsmal"] == [goal]
    topic = content_stems(f"{goal.title}\n{goal.forvantat_text}")
    shared = [
        a
        for a in namndmal.activities
        if only or coverage(content_stems(a.name), topic) >= NAMNDMAL_ACTIVITY_TOPIC
    ]
    return own + [activity_fact(a, table="namndmal") for a in shared]


@lru_cache(maxsize=8192)
def _percent_decimals(text: str) -> tuple[int, ...]:
    """The decimals of each percentage written in `text` (cached: every draft of a report reads the
    same analyses)."""
    return tuple(m.decimals for m in find_numbers(text) if m.kind == "percent" and m.unit == "%")


def text_decimals(report: Report, goal: Goal) -> int | None:
    """The decimals the document's own running text (every analysis but `goal`'s) uses for
    percentages, when it writes enough of them alike; None = keep the tables' precision."""
    data = drafting_data()
    counts: Counter[int] = Counter()
    for g, _ in report.iter_goals():
        if g is goal:
            continue
        texts = [t.text for t in g.analys] + [a.analys for a in g.activities if a.analys]
        for text in texts:
            counts.update(_percent_decimals(text))
    total = sum(counts.values())
    if total < int(data["text_precision_min_mentions"]):
        return None
    decimals, n = counts.most_common(1)[0]
    return decimals if n / total >= float(data["text_precision_share"]) else None


def collect_facts(report: Report, goal: Goal, *, lexicon: PolarityLexicon | None = None) -> GoalFacts:
    """The facts of `goal` (an enhetsmål of `report`): status or a suggested one, measuring indicators
    (`vbassist.linking`; links below the shared `link_min` are left out), stated targets, activities.
    `lexicon` None = the bundled polarity lexicon."""
    parents = ancestors_of(report, goal)
    namndmal = next((p for p in reversed(parents) if p.level == "namndmal"), None)
    kf_mal = next((p for p in reversed(parents) if p.level == "kf_verksamhetsmal"), None)
    linked = [
        (
            link.indicator,
            indicator_fact(link.indicator, confidence=link.confidence, reason=link.reason, lexicon=lexicon),
        )
        for link in measuring_indicators(goal, report)
    ]
    targets, named = stated_targets(goal, report, linked, lexicon=lexicon)
    facts_list = [f for _, f in [*linked, *named]]
    strong = link_error()
    measured = {t.text for t in targets if t.met is not None and (t.confidence or 0.0) >= strong}
    unmeasured = sum(1 for b in goal.forvantat_resultat if b.text.strip() and b.text.strip() not in measured)
    suggested, reason = suggest_status(facts_list, targets, unmeasured=unmeasured)
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
        activities=goal_activities(goal, namndmal),
        text_decimals=text_decimals(report, goal),
        existing_analysis=goal.analys_text,
    )
