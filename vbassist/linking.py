"""Which indicators measure which enhetsmål. The documents never say: indicators sit at the KF-goal
level and the link is by topic (shared content words, Swedish-stemmed; synonym groups such as
sjukfrånvaro/frisknärvaro) or by the indicator being named in the goal's Förväntat resultat.
Every link carries a confidence (0..1) and a reason, so a rule can turn a weak link into a warning.
Embeddings are not used: the stemmed overlap is explainable and needs no model.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from vbassist.model import Goal, Indicator, Report

DATA_DIR = Path(__file__).resolve().parent / "data"

_WORD_RE = re.compile(r"[a-zåäöéü]+", re.IGNORECASE)


@lru_cache(maxsize=1)
def _link_data() -> dict[str, Any]:
    """`vbassist/data/linking.json`: stopwords, generic words and the nämndmål-table confidences."""
    data: dict[str, Any] = json.loads((DATA_DIR / "linking.json").read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    # a generic word ("aktivt") is dropped like a stopword: on its own it must not make a link
    data = _link_data()
    return frozenset(w.lower() for w in [*data["stopwords"], *data["generic"]])


@lru_cache(maxsize=1)
def link_min() -> float:
    """The link confidence below which an indicator is not taken to measure a goal (shared with the
    checker rules through `vbassist/data/thresholds.json`)."""
    data = json.loads((DATA_DIR / "thresholds.json").read_text(encoding="utf-8"))
    return float(data.get("link_min", 0.45))


@lru_cache(maxsize=1)
def link_error() -> float:
    """The link confidence from which a finding (or a draft's verdict) may rest on the link alone."""
    data = json.loads((DATA_DIR / "thresholds.json").read_text(encoding="utf-8"))
    return float(data.get("link_error", 0.75))


def measuring_indicators(goal: Goal, report: Report) -> list[IndicatorLink]:
    """The links of `link_indicators` strong enough to use (at least `link_min`)."""
    minimum = link_min()
    return [link for link in link_indicators(goal, report) if link.confidence >= minimum]


@dataclass(frozen=True)
class IndicatorLink:
    """An indicator that (probably) measures a goal. `confidence` is 0..1; `reason` says why, in Swedish."""

    indicator: Indicator
    confidence: float
    reason: str


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("swedish")


@lru_cache(maxsize=1)
def _concept_groups() -> dict[str, list[str]]:
    """The synonym groups of `vbassist/data/concepts.json`: name -> regex patterns ("_" keys are notes)."""
    data: dict[str, list[str]] = json.loads((DATA_DIR / "concepts.json").read_text(encoding="utf-8"))
    return {name: patterns for name, patterns in data.items() if not name.startswith("_")}


@lru_cache(maxsize=1)
def concept_patterns() -> dict[str, tuple[re.Pattern[str], ...]]:
    return {
        name: tuple(re.compile(p, re.IGNORECASE) for p in patterns)
        for name, patterns in _concept_groups().items()
    }


@lru_cache(maxsize=1)
def _concept_alternations() -> dict[str, re.Pattern[str]]:
    # one alternation per group: a text is scanned once per group, not once per pattern
    return {
        name: re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
        for name, patterns in _concept_groups().items()
    }


@dataclass(frozen=True)
class IndicatorNaming:
    """How the reports name an indicator (`vbassist/data/indicator_names.json`): the first mention
    (None = its own name), the short form for later mentions, and patterns that name it in text."""

    first: str | None
    short: str
    aliases: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=1)
def _namings() -> tuple[tuple[re.Pattern[str], IndicatorNaming], ...]:
    data = json.loads((DATA_DIR / "indicator_names.json").read_text(encoding="utf-8"))
    return tuple(
        (
            re.compile(entry["match"], re.IGNORECASE),
            IndicatorNaming(
                first=entry.get("first"),
                short=entry["short"],
                aliases=tuple(re.compile(a, re.IGNORECASE) for a in entry.get("aliases", [])),
            ),
        )
        for entry in data["indicators"]
    )


@lru_cache(maxsize=4096)
def indicator_naming(name: str) -> IndicatorNaming | None:
    """The naming entry for an indicator name, None when the data file has none."""
    squashed = " ".join(name.split())
    return next((naming for pattern, naming in _namings() if pattern.search(squashed)), None)


def alias_in(text: str, indicator_name: str) -> str | None:
    """The words of `text` that name the indicator by one of its aliases ("AMI"), or None."""
    naming = indicator_naming(indicator_name)
    for pattern in naming.aliases if naming else ():
        m = pattern.search(text)
        if m:
            return m.group(0)
    return None


@lru_cache(maxsize=4096)
def _stem(word: str) -> str:
    stem = str(_stemmer().stemWord(word))
    # Snowball keeps the definite "-en"/"-et" on long nouns ("sjukfrånvaron"); strip it so the
    # indefinite and definite forms meet.
    if len(stem) > 7 and stem.endswith(("en", "et")):
        stem = stem[:-2]
    return stem


@lru_cache(maxsize=8192)
def content_stems(text: str) -> tuple[str, ...]:
    """The stemmed content words of `text`, in order, without stopwords, numbers or short words."""
    out = []
    stopwords = _stopwords()
    for m in _WORD_RE.finditer(text.lower()):
        word = m.group(0)
        if len(word) < 3 or word in stopwords:
            continue
        out.append(_stem(word))
    return tuple(out)


@lru_cache(maxsize=1)
def _concept_alternations_lower() -> dict[str, re.Pattern[str]] | None:
    """The groups compiled case-sensitively, for text already lower-cased: a case-insensitive pattern
    gets none of the regex engine's fast skipping and was the linker's main cost. Only when every
    pattern is written in lower case with no case-sensitive escapes (None otherwise)."""
    groups = _concept_groups()
    if any(p != p.lower() or re.search(r"\\[SWDAZ]|\(\?", p) for ps in groups.values() for p in ps):
        return None
    return {name: re.compile("|".join(f"(?:{p})" for p in ps)) for name, ps in groups.items()}


# Characters whose lower-case form lower() and the regex engine's case-insensitive matching agree on,
# one to one: Latin-1 except the micro sign (which `re` folds with Greek mu) and sharp s, and caseless
# punctuation (dashes, quotes, spaces, the minus sign). A text with anything else takes the slow path.
_CASE_UNSAFE_CHAR = re.compile(r"[^\x00-\xb4\xb6-\xde\xe0-\xff\u2000-\u206f\u2212]")


@lru_cache(maxsize=16384)
def concepts_in(text: str) -> frozenset[str]:
    """The synonym groups `text` touches."""
    lowered = _concept_alternations_lower()
    if lowered is not None and not _CASE_UNSAFE_CHAR.search(text):
        folded = text.lower()
        return frozenset(name for name, pattern in lowered.items() if pattern.search(folded))
    return frozenset(name for name, pattern in _concept_alternations().items() if pattern.search(text))


@lru_cache(maxsize=65536)
def stems_match(a: str, b: str) -> bool:
    """Same stem, or one a prefix/compound head of the other ("familjehem" ~ "familjehemsplacer",
    "placer" ~ "familjehemsplacer"). Short stems must match exactly: "barn" is not "barnsekreter"."""
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < 5:
        return False
    return long_.startswith(short) or long_.endswith(short)


@lru_cache(maxsize=16384)
def _affixes(haystack: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """The haystack's stems, and their proper prefixes and suffixes of 5+ letters."""
    hay = frozenset(haystack)
    affixes = {h[:k] for h in hay for k in range(5, len(h))} | {h[-k:] for h in hay for k in range(5, len(h))}
    return hay, frozenset(affixes)


@lru_cache(maxsize=16384)
def _own_affixes(stem: str) -> frozenset[str]:
    return frozenset(stem[:k] for k in range(5, len(stem))) | frozenset(
        stem[-k:] for k in range(5, len(stem))
    )


def _found(needle: str, hay: frozenset[str], affixes: frozenset[str]) -> bool:
    """`any(stems_match(needle, h) for h in hay)` by set lookups instead of a pass over the haystack:
    equal; a longer stem starts or ends with the needle (5+ letters); or the needle starts or ends
    with a shorter stem of 5+ letters."""
    if needle in hay or (len(needle) >= 5 and needle in affixes):
        return True
    return not hay.isdisjoint(_own_affixes(needle))


@lru_cache(maxsize=65536)
def coverage(needles: tuple[str, ...], haystack: tuple[str, ...]) -> float:
    """Share of `needles` (distinct stems) found in `haystack` (`stems_match`)."""
    distinct = list(dict.fromkeys(needles))
    if not distinct:
        return 0.0
    hay, affixes = _affixes(haystack)
    found = sum(1 for n in distinct if _found(n, hay, affixes))
    return found / len(distinct)


def indicator_stems(indicator: Indicator) -> tuple[str, ...]:
    return content_stems(indicator.name)


def text_mentions_indicator(text: str, indicator: Indicator) -> tuple[float, str]:
    """How clearly a sentence or bullet speaks about `indicator`: 0..1 and a reason. A shared synonym
    group counts as a strong mention; otherwise the share of the indicator's content words present."""
    return _mentions(text, indicator.name)


def text_mentions_name(text: str, name: str) -> tuple[float, str]:
    """`text_mentions_indicator` for an indicator's name given as text (the checker passes it without
    its bracketed parts)."""
    return _mentions(text, name)


def mention_strength(text: str, name: str) -> float:
    """`text_mentions_indicator` by the indicator's name, counting its short name and aliases from
    `vbassist/data/indicator_names.json` ("AMI", "andelen nöjda brukare") as a clear mention."""
    naming = indicator_naming(name)
    if naming is not None and (alias_in(text, name) or _word_in(naming.short, text)):
        return 1.0  # named as the reports name it: stronger than any shared topic
    return _mentions(text, name)[0]


@lru_cache(maxsize=4096)
def _word_pattern(words: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\wåäö]){re.escape(words)}(?![\wåäö])", re.IGNORECASE)


def _word_in(words: str, text: str) -> bool:
    return bool(_word_pattern(words).search(text))


@lru_cache(maxsize=65536)
def _mentions(text: str, name: str) -> tuple[float, str]:
    ind_stems = content_stems(name)
    cov = coverage(ind_stems, content_stems(text))
    shared = concepts_in(name) & concepts_in(text)
    if shared:
        # the shared words break ties between indicators of the same topic ("avhysningar som kunnat
        # avvärjas" against "vräkningar som berör barn")
        return 0.75 + 0.25 * cov, f"samma ämne ({', '.join(sorted(shared))})"
    if len(set(ind_stems)) >= 2 and cov >= 0.5:
        return 0.3 + 0.6 * cov, f"{round(cov * 100)} % av indikatorns ord finns i texten"
    if len(set(ind_stems)) == 1 and cov == 1.0 and len(ind_stems[0]) >= 6:
        return 0.7, "indikatorns namn finns i texten"
    return 0.0, ""


@dataclass(frozen=True)
class _Candidate:
    indicator: Indicator
    near: bool  # sits above the goal in the tree (its own KF goal or nämndmål) or under the goal
    own: bool  # in the goal's own indicator table
    namndmal_table: bool  # in the indicator table of the goal's own nämndmål


def _candidate_indicators(goal: Goal, report: Report) -> list[_Candidate]:
    """Every indicator of the report, with where it sits relative to `goal`."""
    ancestors: list[Goal] = []
    for g, parents in report.iter_goals():
        if g is goal:
            ancestors = [*parents, g]
            break
    near_ids = {id(i) for a in ancestors for i in a.indicators}
    namndmal = next((a for a in reversed(ancestors) if a.level == "namndmal"), None)
    table_ids = {id(i) for i in namndmal.indicators} if namndmal is not None else set()
    own_ids = {id(i) for i in goal.indicators}
    seen: set[int] = set()
    out: list[_Candidate] = []
    for indicator, _, _ in report.indicators():
        key = id(indicator)
        if key in seen:
            continue
        seen.add(key)
        out.append(_Candidate(indicator, key in near_ids, key in own_ids, key in table_ids))
    return out


def _without(stems: tuple[str, ...], drop: frozenset[str]) -> tuple[str, ...]:
    return tuple(s for s in stems if s not in drop) if drop else stems


def _qualifier_missing(name: str, topic: str) -> bool:
    """The indicator carries a numeric qualifier ("dag 1-14") the goal text does not repeat."""
    numbers = re.findall(r"\d+", name)
    return bool(numbers) and not all(re.search(rf"(?<!\d){n}(?!\d)", topic) for n in numbers)


def link_indicators(goal: Goal, report: Report) -> list[IndicatorLink]:
    """Indicators that measure `goal`, strongest first, each with a confidence 0..1 and a reason.
    The goal's own indicator table measures it; an indicator in its nämndmål's table counts (more so
    when it shares the topic); others link by topic. The unit's own name and generic words ("aktivt")
    make no link. Links below 0.3 are dropped; indicators outside the goal's own KF goal count for less."""
    data = _link_data()
    unit_stems = frozenset(content_stems(report.unit or ""))
    title_stems = _without(content_stems(goal.title), unit_stems)
    forv_stems = _without(content_stems(goal.forvantat_text), unit_stems)
    topic_text = f"{goal.title}\n{goal.forvantat_text}"
    topic_concepts = concepts_in(topic_text)
    links: list[IndicatorLink] = []
    for candidate in _candidate_indicators(goal, report):
        indicator = candidate.indicator
        if candidate.own:
            links.append(IndicatorLink(indicator, 0.95, "indikatorn står under målet"))
            continue
        ind_stems = _without(indicator_stems(indicator), unit_stems)
        confidence, reason = _topic_link(goal, indicator, ind_stems, title_stems + forv_stems, topic_concepts)
        if candidate.namndmal_table:
            where = "indikatorn står i nämndmålets indikatortabell"
            if confidence > 0:
                confidence, reason = (
                    confidence + float(data["namndmal_table_topic_bonus"]),
                    f"{reason}; {where}",
                )
            else:
                confidence, reason = float(data["namndmal_table"]), where
        if confidence <= 0:
            continue
        if not candidate.near:
            confidence *= 0.6
            reason += "; indikatorn står under ett annat KF-mål"
        confidence = round(min(confidence, 0.98), 2)
        if confidence >= 0.3:
            links.append(IndicatorLink(indicator=indicator, confidence=confidence, reason=reason))
    links.sort(key=lambda link: -link.confidence)
    return links


def _topic_link(
    goal: Goal,
    indicator: Indicator,
    ind_stems: tuple[str, ...],
    goal_stems: tuple[str, ...],
    topic_concepts: frozenset[str],
) -> tuple[float, str]:
    """How strongly the goal's title and Förväntat resultat speak of the indicator's topic, and why:
    the strongest of the indicator named in a bullet (by its words or an alias such as "AMI"), a
    shared synonym group, and shared content words."""
    if not ind_stems and not concepts_in(indicator.name):
        return 0.0, ""
    cov_all = coverage(ind_stems, goal_stems)
    best_bullet = max(
        (coverage(ind_stems, content_stems(b.text)) for b in goal.forvantat_resultat), default=0.0
    )
    options: list[tuple[float, str]] = [(0.0, "")]
    if best_bullet >= 0.7 and len(set(ind_stems)) >= 2:
        options.append((0.8 + 0.15 * best_bullet, "indikatorn nämns i Förväntat resultat"))
    named = next((a for b in goal.forvantat_resultat if (a := alias_in(b.text, indicator.name))), None)
    if named:
        options.append((0.9, f"indikatorn nämns i Förväntat resultat ({named})"))
    shared = concepts_in(indicator.name) & topic_concepts
    if shared:
        confidence = 0.75 + 0.2 * cov_all if cov_all else 0.7
        topic_text = f"{goal.title}\n{goal.forvantat_text}"
        if (len(set(ind_stems)) > 1 and cov_all < 0.5) or _qualifier_missing(indicator.name, topic_text):
            # "Sjukfrånvaro dag 1-14" shares the topic but is narrower than "den totala sjukfrånvaron"
            confidence -= 0.1
        options.append((confidence, f"samma ämne som målet ({', '.join(sorted(shared))})"))
    elif cov_all >= 0.5 and len(set(ind_stems)) >= 2:
        options.append((0.3 + 0.5 * cov_all, f"{round(cov_all * 100)} % av indikatorns ord finns i målet"))
    return max(options, key=lambda o: o[0])
