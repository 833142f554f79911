"""Citations from the corpus index for one enhetsmål: the unit's own earlier analyses of the goal (VBs
and tertial reports), the VP text for the goal, and other units' analyses under the same nämndmål.

Works against `vbassist.index` (`search(query, k, unit=, year=, kind=, ...) -> list[Hit]`, each Hit with
`text`, `score` and a `metadata` dict). Metadata keys are read defensively: an index built by an older
version may lack some.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from vbassist.drafting.models import Citation, GoalFacts
from vbassist.model import Location
from vbassist.sv import shorten

SNIPPET_CHARS = 450


class SearchIndex(Protocol):
    def search(self, query: str, k: int = 5, **filters: Any) -> list[Any]: ...


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


def _norm(text: str | None) -> str:
    return re.sub(r"\W+", " ", (text or "").lower()).strip()


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


def _citation(hit: Any, relation: str, text: str | None = None) -> Citation:
    meta = _meta(hit)
    return Citation(
        unit=meta.get("unit"),
        year=_int(meta.get("year")),
        kind=meta.get("kind"),
        goal=meta.get("goal") or meta.get("enhetsmal") or meta.get("title"),
        snippet=_snippet(text if text is not None else _text(hit)),
        location=_location(meta),
        source=meta.get("source_name") or meta.get("source"),
        relation=relation,  # type: ignore[arg-type]
        score=float(getattr(hit, "score", 0.0) or 0.0),
    )


def _search(index: SearchIndex, query: str, k: int, **filters: Any) -> list[Any]:
    filters = {key: value for key, value in filters.items() if value is not None}
    try:
        return list(index.search(query, k=k, **filters))
    except TypeError:
        # an index without one of the filters: search unfiltered and filter here
        return list(index.search(query, k=k * 3))


def _related(goal: str, hit_goal: str | None) -> float:
    """How much of the goal's topic the hit's goal title shares (stemmed content words)."""
    from vbassist.linking import content_stems, coverage

    return coverage(content_stems(goal), content_stems(hit_goal or ""))


def find_sources(facts: GoalFacts, index: SearchIndex, *, per_kind: int = 2) -> list[Citation]:
    """Citations for the goal in `facts`: the unit's own earlier analyses first, then the plan's goal
    text, then other units' analyses of a goal on the same topic (same nämndmål preferred). The report's
    own text (same unit, year and kind) is never cited back to it; hits without an Analys part are
    skipped for analyses (nothing to reuse)."""
    unit, year, goal = facts.unit, facts.year, facts.goal
    citations: list[Citation] = []
    seen: set[str] = set()

    def add(hit: Any, relation: str, text: str | None = None) -> None:
        citation = _citation(hit, relation, text)
        key = _norm(citation.snippet)[:200]
        if not key or key in seen:
            return
        seen.add(key)
        citations.append(citation)

    def same_report(meta: dict[str, Any]) -> bool:
        return meta.get("unit") == unit and _int(meta.get("year")) == year and meta.get("kind") == facts.kind

    def earlier(meta: dict[str, Any]) -> bool:
        hit_year = _int(meta.get("year"))
        if year is None or hit_year is None:
            return True
        return hit_year < year or (hit_year == year and meta.get("kind") in ("T1", "T2"))

    if unit:
        # one search for the unit's own texts (earlier reports and plans): each search embeds the query
        own_hits = _search(index, goal, per_kind * 4 + 4, unit=unit, level="enhetsmal")
        taken = 0
        for hit in own_hits:
            meta = _meta(hit)
            if meta.get("unit") != unit or meta.get("kind") == "VP" or same_report(meta) or not earlier(meta):
                continue
            body = analysis_part(_text(hit))
            if body and taken < per_kind and _related(goal, meta.get("goal")) >= 0.5:
                add(hit, "own_earlier", body)
                taken += 1
        plans = [
            h
            for h in own_hits
            if _meta(h).get("unit") == unit
            and _meta(h).get("kind") == "VP"
            and _related(goal, _meta(h).get("goal")) >= 0.5
        ]
        plans.sort(key=lambda h: _int(_meta(h).get("year")) != year)  # the plan for this year first
        for hit in plans[:1]:
            add(hit, "plan")

    query = f"{facts.namndmal or ''} {goal}".strip()
    others = []
    for hit in _search(index, query, per_kind * 6, kind="VB", level="enhetsmal"):
        meta = _meta(hit)
        if meta.get("unit") in (None, unit):
            continue
        body = analysis_part(_text(hit))
        same_namndmal = bool(facts.namndmal) and _norm(facts.namndmal) in _norm(meta.get("namndmal"))
        if body and (same_namndmal or _related(goal, meta.get("goal")) >= 0.3):
            others.append((not same_namndmal, hit, body))
    others.sort(key=lambda t: t[0])  # stable: same nämndmål first, then by search rank
    for _, hit, body in others[:per_kind]:
        add(hit, "other_unit", body)
    return citations
