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
    return cut[: end + 1] if end > SNIPPET_CHARS // 2 else cut.rstrip() + " …"


def _citation(hit: Any, relation: str) -> Citation:
    meta = _meta(hit)
    location = None
    block = _int(meta.get("block"))
    if block is not None:
        location = Location(block=block, line=_int(meta.get("line")))
    return Citation(
        unit=meta.get("unit"),
        year=_int(meta.get("year")),
        kind=meta.get("kind"),
        goal=meta.get("goal") or meta.get("enhetsmal") or meta.get("goal_title"),
        snippet=_snippet(_text(hit)),
        location=location,
        source=meta.get("source"),
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


def find_sources(facts: GoalFacts, index: SearchIndex, *, per_kind: int = 3) -> list[Citation]:
    """Citations for the goal in `facts`, own earlier reports first, then the plan, then other units.
    The report's own text (same unit, year and kind) is never cited back to it."""
    unit, year, goal = facts.unit, facts.year, facts.goal
    citations: list[Citation] = []
    seen: set[str] = set()

    def add(hit: Any, relation: str) -> None:
        citation = _citation(hit, relation)
        key = _norm(citation.snippet)[:200]
        if not key or key in seen:
            return
        seen.add(key)
        citations.append(citation)

    def same_report(meta: dict[str, Any]) -> bool:
        return meta.get("unit") == unit and _int(meta.get("year")) == year and meta.get("kind") == facts.kind

    own = [
        h
        for h in _search(index, goal, per_kind * 3, unit=unit)
        if _meta(h).get("unit") == unit and not same_report(_meta(h)) and _meta(h).get("kind") != "VP"
    ]
    for hit in [
        h
        for h in own
        if year is None or (_int(_meta(h).get("year")) or 0) < year or _meta(h).get("kind") in ("T1", "T2")
    ][:per_kind]:
        add(hit, "own_earlier")

    plans = [h for h in _search(index, goal, per_kind, unit=unit, kind="VP") if _meta(h).get("kind") == "VP"]
    plans = [h for h in plans if _meta(h).get("unit") == unit] or []
    for hit in plans[:1]:
        add(hit, "plan")

    query = f"{facts.namndmal or ''} {goal}".strip()
    others = [
        h
        for h in _search(index, query, per_kind * 3, kind="VB")
        if _meta(h).get("unit") not in (None, unit) and _meta(h).get("kind") in (None, "VB", "T1", "T2")
    ]
    if facts.namndmal:
        # prefer passages under the same nämndmål when the index records it
        same = [h for h in others if _norm(_meta(h).get("namndmal")) == _norm(facts.namndmal)]
        others = same + [h for h in others if h not in same]
    for hit in others[:per_kind]:
        add(hit, "other_unit")
    return citations
