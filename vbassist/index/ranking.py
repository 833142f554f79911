"""How search results are ranked and shown: reciprocal rank fusion of the BM25 and vector candidates,
the lift for the asking unit's own texts, and one hit per board goal text however many units pasted it.
Pure functions over the candidates and the BM25 side's metadata; `CorpusIndex.search` calls them."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, Field

from vbassist.index.bm25 import KeywordIndex
from vbassist.index.store import public_metadata
from vbassist.index.text import fold

# Reciprocal rank fusion: score = sum(weight / (RRF_K + rank)). K=60 and equal weights are the usual
# values (Cormack et al.); a grid over K and weights on the tuning half of bench/gold_queries.json found
# nothing that also held on the held-out half, so they stay (see docs/index.md).
RRF_K = 60
BM25_WEIGHT = 1.0
VECTOR_WEIGHT = 1.0
CANDIDATES = 50
PREFER_UNIT_BONUS = 0.5 / (RRF_K + 1)
LAST_YEAR_BONUS = 1.0 / (RRF_K + 1)

# "what did we write last year": the caller's unit should come first when the question says so
_LAST_YEAR = re.compile(
    r"\b(förra året|forra aret|i fjol|ifjol|förra årets|forra arets|föregående år|foregaende ar|"
    r"tidigare år|tidigare ar|vi skrev|vi skrivit|vår förra|var forra|senaste vb|förra vb|forra vb)",
    re.IGNORECASE,
)


class Hit(BaseModel):
    """One search result: the chunk text, its fused score (higher is better) and its metadata."""

    text: str
    score: float
    metadata: dict[str, Any] = Field(default_factory=dict)
    id: str = ""


def asks_last_year(query: str) -> bool:
    """The question asks what the unit wrote before ("förra året", "vi skrev")."""
    return _LAST_YEAR.search(query) is not None


def fuse(bm25: list[tuple[str, float]], dense: list[tuple[str, float]], mode: str) -> dict[str, float]:
    """Chunk id -> score: RRF of both rankings ("hybrid"), or one side's own scores ("bm25", "vector")."""
    if mode == "bm25":
        return dict(bm25)
    if mode == "vector":
        return dict(dense)
    scores: dict[str, float] = {}
    for weight, ranked in ((BM25_WEIGHT, bm25), (VECTOR_WEIGHT, dense)):
        for rank, (cid, _) in enumerate(ranked, start=1):
            scores[cid] = scores.get(cid, 0.0) + weight / (RRF_K + rank)
    return scores


def meta_of(keyword: KeywordIndex, cid: str) -> dict[str, Any] | None:
    pos = keyword.position.get(cid)
    return keyword.metas[pos] if pos is not None else None


def lift_unit(
    scores: dict[str, float],
    keyword: KeywordIndex,
    unit: str,
    *,
    before_year: int | None,
    last_year: bool,
) -> None:
    """Raise the scores of `unit`'s own chunks (only its reports before `before_year` when given), more
    so when the question asks what was written last year."""
    bonus = LAST_YEAR_BONUS if last_year else PREFER_UNIT_BONUS
    for cid in scores:
        meta = meta_of(keyword, cid)
        if meta is None or unit not in (meta.get("f_unit") or ()):
            continue
        if before_year is not None and not any(y < before_year for y in meta.get("f_year") or ()):
            continue
        scores[cid] += bonus


def collapse_copies(
    keyword: KeywordIndex,
    ordered: list[str],
    scores: dict[str, float],
    k: int,
    hit_of: Callable[[str, float], Hit],
) -> list[Hit]:
    """The best `k` hits with one hit per board goal text. Each unit pastes the nämndmål
    description into its own report, often with its own typos or activity list, so the copies are
    not word for word the same chunk; without this they would fill the results. The kept hit names
    every unit and source of the copies it stands for."""
    hits: list[Hit] = []
    kept_for: dict[tuple[str, str], Hit] = {}
    for cid in ordered:
        meta = meta_of(keyword, cid)
        key = None
        if meta is not None and meta.get("shared"):
            key = (str(meta.get("chunk_type")), fold(str(meta.get("title", ""))))
            if key in kept_for:
                _merge_copy(kept_for[key], public_metadata(meta))
                continue
        if len(hits) == k:
            continue  # still folding later copies into the hits already kept
        hit = hit_of(cid, scores[cid])
        hits.append(hit)
        if key is not None:
            kept_for[key] = hit
    return hits


def _merge_copy(hit: Hit, copy_meta: dict[str, Any]) -> None:
    """Fold a near-copy's units and sources ("; "-joined, as in shared metadata) into `hit`."""
    for name in ("unit", "sources"):
        merged = {p for v in (hit.metadata.get(name), copy_meta.get(name)) if v for p in str(v).split("; ")}
        if merged:
            hit.metadata[name] = "; ".join(sorted(merged))
    units = hit.metadata.get("unit")
    hit.metadata["n_units"] = len(str(units).split("; ")) if units else 0
    hit.metadata["copies"] = int(hit.metadata.get("copies", 1)) + 1
