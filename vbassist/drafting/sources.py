"""Citations from the corpus index for one enhetsmål: the unit's own earlier analyses of the goal (VBs and
tertial reports), the plan's text for the goal, and other units' analyses under the same nämndmål.

Looked up in the index's metadata (`CorpusIndex.goal_chunks`: unit, goal, nämndmål and the indicators
that measure each goal, written when the corpus is indexed), so no query is embedded. Two rules hold
for every citation: nothing from a later report than the one being drafted, and nothing that shares
neither the nämndmål nor a measuring indicator with the goal.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from vbassist.drafting.models import Citation, GoalFacts, Relation
from vbassist.linking import content_stems, coverage
from vbassist.model import Location
from vbassist.names import fold_name
from vbassist.sv import shorten

SNIPPET_CHARS = 450
SAME_GOAL = 0.5  # share of the goal title's content words an earlier title must hold to be "the same goal"
SAME_NAMNDMAL = 0.8  # the same for nämndmål titles, which units paste with their own small edits
OTHER_GOAL = 0.3  # an other unit's goal sharing only the nämndmål must share this much of the title too
# the order reports of one year are written in: a T1 comes before the T2 and the VB of that year
_KIND_ORDER = {"VP": 0, "T1": 1, "T2": 2, "VB": 3}


_Hit = tuple[Any, dict[str, Any], list[str]]  # a hit, its metadata, what it shares with the goal


class SourceIndex(Protocol):
    def goal_chunks(self, **equal: Any) -> list[Any]: ...


def _meta(hit: Any) -> dict[str, Any]:
    meta = getattr(hit, "metadata", None)
    if meta is None and isinstance(hit, dict):
        meta = hit.get("metadata")
    return dict(meta or {})


def _text(hit: Any) -> str:
    text = getattr(hit, "text", None)
    if text is None and isinstance(hit, dict):
        text = hit.get("text")
    return str(text or "")


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _snippet(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= SNIPPET_CHARS:
        return text
    cut = text[:SNIPPET_CHARS]
    # end on a sentence boundary when one is near
    end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    return cut[: end + 1] if end > SNIPPET_CHARS // 2 else shorten(text, SNIPPET_CHARS)  # after a whole word


_ANALYS_RE = re.compile(
    r"(?:^|\n)Analys:\n(?P<body>.*?)(?=\n(?:Aktiviteter|Analys av aktiviteter):|\Z)", re.S
)


def analysis_part(text: str) -> str | None:
    """The Analys part of an enhetsmål chunk ("Analys:\n..."), None when the chunk has none."""
    match = _ANALYS_RE.search(text)
    return match["body"].strip() if match and match["body"].strip() else None


def _location(meta: dict[str, Any]) -> Location | None:
    raw = meta.get("location")
    if isinstance(raw, str) and raw.strip():
        try:
            return Location.model_validate_json(raw)
        except ValueError:
            return None
    block = _int(meta.get("block"))
    return Location(block=block) if block is not None else None


def _similar(a: str | None, b: str | None) -> float:
    """Share of `a`'s content words (stemmed) that `b` holds."""
    return coverage(content_stems(a or ""), content_stems(b or ""))


def _indicator_keys(names: str | list[str] | None) -> set[str]:
    items = names.split(";") if isinstance(names, str) else (names or [])
    return {fold_name(re.sub(r"\([^()]*\)", "", n)) for n in items if n.strip()}


class _Relevance:
    """What a hit shares with the goal being drafted, and whether it may be cited at all."""

    def __init__(self, facts: GoalFacts) -> None:
        self.facts = facts
        self.unit = fold_name(facts.unit)
        self.indicators = _indicator_keys([f.name for f in facts.indicators])

    def shares(self, meta: dict[str, Any]) -> list[str]:
        """ "nämndmål" and "indikator: <name>" for what the hit has in common with the goal."""
        out = []
        if (
            self.facts.namndmal
            and min(
                _similar(self.facts.namndmal, meta.get("namndmal")),
                _similar(meta.get("namndmal"), self.facts.namndmal),
            )
            >= SAME_NAMNDMAL
        ):
            out.append("nämndmål")
        names = {
            fold_name(re.sub(r"\([^()]*\)", "", n)): n.strip()
            for n in str(meta.get("indicators") or "").split(";")
        }
        out += [f"indikator: {names[k]}" for k in sorted(self.indicators & set(names) - {""})]
        return out

    def not_later(self, meta: dict[str, Any], *, own: bool) -> bool:
        """Not from a later report than the one being drafted: an earlier year, or the same year and
        not a later kind (a T1 before the T2; another unit's VB of the same year beside this VB). The
        unit's own reports must be strictly earlier (never the report itself). An undated hit or report
        is let through only when neither side has a year."""
        year, hit_year = self.facts.year, _int(meta.get("year"))
        if year is None or hit_year is None:
            return year is None and hit_year is None
        if hit_year != year:
            return hit_year < year
        hit_kind, kind = _KIND_ORDER.get(str(meta.get("kind")), 9), _KIND_ORDER.get(self.facts.kind, 9)
        return hit_kind < kind if own else hit_kind <= kind

    def own(self, meta: dict[str, Any]) -> bool:
        return bool(self.unit) and meta.get("unit_key", fold_name(meta.get("unit"))) == self.unit


def _citation(hit: Any, relation: Relation, text: str, shares: list[str]) -> Citation:
    meta = _meta(hit)
    return Citation(
        unit=meta.get("unit"),
        year=_int(meta.get("year")),
        kind=meta.get("kind"),
        goal=meta.get("goal") or meta.get("enhetsmal") or meta.get("title"),
        namndmal=meta.get("namndmal"),
        snippet=_snippet(text),
        location=_location(meta),
        source=meta.get("source_name") or meta.get("source"),
        relation=relation,
        shares=shares,
        score=float(getattr(hit, "score", 0.0) or 0.0),
    )


def find_sources(facts: GoalFacts, index: SourceIndex, *, per_kind: int = 2) -> list[Citation]:
    """Citations for the goal in `facts`: the unit's own earlier analyses of the same goal first (the
    latest first), then its plan's text for the goal, then other units' analyses that share the
    nämndmål or a measuring indicator (the nämndmål and the most similar goal first). Never the report
    itself, never a later report, never a hit that shares neither the nämndmål nor an indicator."""
    relevance = _Relevance(facts)
    citations: list[Citation] = []
    seen: set[str] = set()

    def add(hit: Any, relation: Relation, text: str, shares: list[str]) -> None:
        key = fold_name(text)[:200]
        if key and key not in seen:
            seen.add(key)
            citations.append(_citation(hit, relation, text, shares))

    own_hits: list[_Hit] = []
    other_hits: list[_Hit] = []
    for hit in index.goal_chunks():
        meta = _meta(hit)
        shares = relevance.shares(meta)
        own = relevance.own(meta)
        if not shares or not relevance.not_later(meta, own=own):
            continue
        (own_hits if own else other_hits).append((hit, meta, shares))

    def latest_first(item: _Hit) -> tuple[int, int]:
        meta = item[1]
        return -(_int(meta.get("year")) or 0), -_KIND_ORDER.get(str(meta.get("kind")), 0)

    def analyses(items: list[_Hit], *, other: bool = False) -> list[tuple[Any, list[str], str]]:
        """The reports' (not the plans') hits that have an analysis, with it; another unit's without its
        own assessment sentences (its status is not this unit's)."""
        out = []
        for h, m, s in items:
            body = analysis_part(_text(h)) if m.get("kind") != "VP" else None
            body = without_assessment(body) if body and other else body
            if body:
                out.append((h, s, body))
        return out

    same_goal = [h for h in own_hits if _similar(facts.goal, h[1].get("goal")) >= SAME_GOAL]
    for hit, shares, body in analyses(sorted(same_goal, key=latest_first))[:per_kind]:
        add(hit, "own_earlier", body, shares)
    plans = [h for h in sorted(same_goal, key=latest_first) if h[1].get("kind") == "VP"]
    for hit, _, shares in plans[:1]:
        add(hit, "plan", _text(hit), shares)

    def closeness(item: _Hit) -> tuple[bool, float]:
        _, meta, shares = item
        return "nämndmål" not in shares, -_similar(facts.goal, meta.get("goal"))

    # under a nämndmål with many goals, the other unit's goal must also be on this one's topic
    near = [
        h
        for h in other_hits
        if any(s.startswith("indikator") for s in h[2])
        or _similar(facts.goal, h[1].get("goal")) >= OTHER_GOAL
    ]
    for hit, shares, body in analyses(sorted(near, key=closeness), other=True)[:per_kind]:
        add(hit, "other_unit", body, shares)
    return citations


_ASSESSMENT_RE = re.compile(
    r"^\W*(?:bedömningen|(?:enhetens|denna|vår)\s+bedömning|sammantaget)\b", re.IGNORECASE
)


def without_assessment(text: str) -> str:
    """`text` without the sentences that state or ground the goal's fulfilment ("Enheten bedömer att
    enhetsmålet har uppnåtts", "Bedömningen grundar sig på ..."): another unit's status is no wording
    to reuse."""
    from vbassist.checks.claims import fulfilment_claims, sentences

    kept = [
        s.text.strip()
        for s in sentences(text)
        if not fulfilment_claims(s.text) and not _ASSESSMENT_RE.search(s.text)
    ]
    return " ".join(k for k in kept if k)
