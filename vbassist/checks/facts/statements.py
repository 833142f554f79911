"""Statements a report makes besides plain numbers, bound to what they are about: trend claims about an
indicator, fulfilment claims about a goal (its own analysis, or a summary naming it), targets in
Förväntat resultat bound to an indicator, and targets written in text ("årsmålet på 75 %")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vbassist.checks.claims import (
    NEGATION_RE,
    FulfilmentClaim,
    NamedFulfilmentClaim,
    Sentence,
    TargetClaim,
    TrendClaim,
    fulfilment_claims,
    named_fulfilment_claims,
    target_claims,
    trend_claims,
)
from vbassist.checks.common import thresholds
from vbassist.checks.facts.binding import Subject, mentions
from vbassist.checks.facts.phrases import phrase_pattern
from vbassist.checks.facts.places import ACCOUNT_KINDS, Place
from vbassist.linking import concepts_in, content_stems, coverage
from vbassist.model import Goal, Indicator, Status
from vbassist.names import fold_name
from vbassist.numbers import NUMBER_PATTERN, parse_number

if TYPE_CHECKING:
    from vbassist.checks.facts import ReportFacts


# ------------------------------------------------------------------------------------------ trends


@dataclass(frozen=True)
class StatedTrend:
    """ "Sjukfrånvaron har minskat" in `place`, about `subject.indicator`."""

    claim: TrendClaim
    place: Place
    subject: Subject


def _negation_is_the_name(lead: str, name: str) -> bool:
    """ "Andelen som inte upplever diskriminering har minskat": the "inte" belongs to the indicator's own
    name ("... som inte upplever diskriminering"), so it does not turn the claim around."""
    folded_name = f" {fold_name(name)} "
    for m in NEGATION_RE.finditer(lead):
        words = fold_name(lead[m.start() :]).split()[:2]
        if len(words) < 2 or f" {' '.join(words)} " not in folded_name:
            return False
    return True


def stated_trends(facts: ReportFacts) -> list[StatedTrend]:
    """Trend claims about an indicator in the unit's own texts; "andelen som inte är nöjda har minskat"
    speaks of the inverse measure and is left out, unless the negation is part of the indicator's name."""
    out: list[StatedTrend] = []
    for place in facts.places_of(ACCOUNT_KINDS):
        for claim in trend_claims(place.text):
            subject = facts.subject(place, claim.sentence, "trend")
            if subject is None:
                continue
            lead = place.text[max(claim.sentence.start, claim.start - 40) : claim.start]
            if NEGATION_RE.search(lead) and not _negation_is_the_name(lead, subject.indicator.name):
                continue
            out.append(StatedTrend(claim, place, subject))
    return out


# ------------------------------------------------------------------------------------------ fulfilment


@dataclass(frozen=True)
class StatedFulfilment:
    """A statement of `goal`'s fulfilment in `place`: in the goal's own analysis (`named` is None), or
    elsewhere naming the goal (`named`, bound with `confidence` and `reason`)."""

    goal: Goal
    status: Status
    raw: str
    start: int
    end: int
    place: Place
    named: NamedFulfilmentClaim | None = None
    confidence: float = 1.0
    reason: str = "enhetsmålets egen analys"


def _named_goal(claim: NamedFulfilmentClaim, goals: list[Goal]) -> tuple[Goal, float, str] | None:
    """The enhetsmål a summary's "Målet att …" names: the one whose title and Förväntat resultat hold
    most of the subject's words (or its topic), clearly ahead of the next."""
    stems = content_stems(claim.subject)
    if not stems:
        return None
    named = fold_name(claim.subject)
    exact = [g for g in goals if fold_name(g.title.strip().rstrip(".")) == named]
    if len(exact) == 1:
        return exact[0], 0.95, "målets titel står i texten"
    topics = concepts_in(claim.subject)
    scored: list[tuple[float, Goal]] = []
    title_only = len(set(stems)) < 3  # a short name ("Arbetsmiljömålet") must be the title's own words
    for goal in goals:
        text = goal.title if title_only else f"{goal.title}\n{goal.forvantat_text}"
        cov = coverage(stems, content_stems(text))
        shared = topics & concepts_in(text)
        score = max(cov, 0.6 + 0.4 * cov if shared else 0.0)
        if title_only and cov < 1.0:
            score = 0.0
        scored.append((score, goal))
    scored.sort(key=lambda t: -t[0])
    if not scored or scored[0][0] < 0.6 or (len(scored) > 1 and scored[1][0] > scored[0][0] - 0.2):
        return None
    score, goal = scored[0]
    return goal, round(min(score, 0.95), 2), "målet nämns med sina ord"


def stated_fulfilments(facts: ReportFacts) -> list[StatedFulfilment]:
    """Every enhetsmål's own fulfilment statements (its Analys), and the sections' statements about a
    named enhetsmål."""
    out: list[StatedFulfilment] = []
    goals = facts.report.enhetsmal()
    for place in facts.places:
        if place.kind == "analys" and place.goal is not None and place.goal.level == "enhetsmal":
            for c in fulfilment_claims(place.text):
                out.append(_own(place.goal, c, place))
        elif place.kind == "avsnitt":
            for named in named_fulfilment_claims(place.text):
                bound = _named_goal(named, goals)
                if bound is not None:
                    goal, confidence, reason = bound
                    out.append(
                        StatedFulfilment(
                            goal,
                            named.status,
                            named.raw,
                            named.start,
                            named.end,
                            place,
                            named,
                            confidence,
                            reason,
                        )
                    )
    return out


def _own(goal: Goal, claim: FulfilmentClaim, place: Place) -> StatedFulfilment:
    return StatedFulfilment(goal, claim.status, claim.raw, claim.start, claim.end, place)


# ------------------------------------------------------------------------------------------ targets


@dataclass(frozen=True)
class BoundTarget:
    """A target in a Förväntat resultat bullet, bound to the indicator it speaks of."""

    claim: TargetClaim
    bullet: Place
    indicator: Indicator
    confidence: float
    reason: str


def stated_bullet_targets(facts: ReportFacts) -> dict[int, list[BoundTarget]]:
    """Per enhetsmål (by id), the targets of its Förväntat resultat with the indicator each is about;
    a bullet naming no indicator of the goal's branch well enough binds none."""
    out: dict[int, list[BoundTarget]] = {}
    for bullet in facts.places_of(frozenset({"forvantat"})):
        goal = bullet.goal
        if goal is None or goal.level != "enhetsmal":
            continue
        claims = target_claims(bullet.text)
        if not claims:
            continue
        scored = sorted(
            ((mentions(bullet.text, ind), ind) for ind in facts.index.scope(goal)),
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
            out.setdefault(id(goal), []).append(
                BoundTarget(claim, bullet, indicator, min(score, 0.95), reason)
            )
    return out


@dataclass(frozen=True)
class StatedTarget:
    """A target written in running text ("Årsmålet på 75% är inte uppnått", "målvärdet var 85 %") about
    `subject.indicator`; `kf` when the text names KF:s årsmål."""

    value: float
    decimals: int
    raw: str
    start: int
    end: int
    place: Place
    sentence: Sentence
    subject: Subject
    kf: bool


_TEXT_TARGET_RE = re.compile(
    r"\b(?P<kf>kf:s\s+)?(?P<what>årsmål(?:et)?|målvärde(?:t)?|målnivå(?:n)?)\s+"
    r"(?:för\s+(?:\S+\s+){0,5}?)?(?:(?:var|är|ligger|låg|sattes|satt|uppgick|uppgår)\s+)?(?:på|om|till)?\s*"
    rf"(?P<v>{NUMBER_PATTERN})\s*(?P<u>%|procent)?",
    re.IGNORECASE,
)


def stated_text_targets(facts: ReportFacts) -> list[StatedTarget]:
    """ "Årsmålet på 75%", "målvärdet var 85 %" in the unit's own texts, bound to an indicator with a
    target. A target that is the nämnd's or the city's ("samtliga enheter", "nämndens mål") is not the
    unit's årsmål and is left out."""
    out: list[StatedTarget] = []
    for place in facts.places_of(ACCOUNT_KINDS):
        if "mål" not in place.text.lower():
            continue
        for sent in facts.sentences(place):
            matches = list(_TEXT_TARGET_RE.finditer(sent.text))
            if not matches or phrase_pattern("group_targets").search(sent.text):
                continue
            subject = facts.subject(place, sent, "target")
            if subject is None:
                continue
            for m in matches:
                value, decimals = parse_number(m["v"])
                if value < 0 or (1990 <= value <= 2100 and not m["u"]):
                    continue
                out.append(
                    StatedTarget(
                        value,
                        decimals,
                        m.group(0).strip(),
                        sent.start + m.start("what"),
                        sent.start + m.end(),
                        place,
                        sent,
                        subject,
                        kf=bool(m["kf"]),
                    )
                )
    return out
