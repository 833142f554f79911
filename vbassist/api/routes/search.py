"""GET /v1/search: hybrid search (keywords and meaning) over earlier reports in the corpus index."""

from __future__ import annotations

from pathlib import PurePath
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request

from vbassist.api.deps import ApiUser, PoolDep, StateDep
from vbassist.api.schemas import ErrorResponse, SearchHit, SearchResponse
from vbassist.api.state import ServiceState

router = APIRouter(tags=["sök"])


def _search(
    state: ServiceState,
    q: str,
    k: int,
    unit: str | None,
    year: int | None,
    kind: str | None,
    district: str | None,
    level: str | None,
) -> SearchResponse:
    index = state.open_index()
    if index.count() == 0:
        return SearchResponse(
            hits=[],
            message="Sökindexet är tomt. En administratör bygger det med `vbassist index` eller POST /v1/index.",
        )
    hits = index.search(
        q, k=k, unit=unit, year=year, kind=kind, district=district, level=level, prefer_unit=unit
    )
    return SearchResponse(
        hits=[SearchHit(text=h.text, score=h.score, metadata=_public(h.metadata)) for h in hits]
    )


def _public(metadata: dict[str, Any]) -> dict[str, Any]:
    """The hit's metadata with file names instead of the server's paths (a client needs the name to
    cite the source, not the layout of the server's disk)."""
    out = dict(metadata)
    if isinstance(out.get("source"), str):
        out["source"] = PurePath(out["source"]).name
    if isinstance(out.get("sources"), str):
        out["sources"] = "; ".join(PurePath(p.strip()).name for p in out["sources"].split(";") if p.strip())
    return out


@router.get(
    "/v1/search",
    response_model=SearchResponse,
    summary="Sök i tidigare rapporter",
    responses={s: {"model": ErrorResponse} for s in (401, 422, 503, 504)},
)
async def search(
    request: Request,
    _: ApiUser,
    state: StateDep,
    pool: PoolDep,
    q: Annotated[str, Query(min_length=1, max_length=1000, description="Frågan, med egna ord.")],
    k: Annotated[int, Query(ge=1, le=50, description="Antal träffar.")] = 5,
    unit: Annotated[str | None, Query(max_length=200, description="Bara den här enheten.")] = None,
    year: Annotated[int | None, Query(ge=1990, le=2100, description="Bara det här året.")] = None,
    kind: Annotated[Literal["VB", "VP", "T1", "T2"] | None, Query(description="Rapporttyp.")] = None,
    district: Annotated[str | None, Query(max_length=200, description="Bara den här stadsdelen.")] = None,
    level: Annotated[
        Literal["kf_inriktningsmal", "kf_verksamhetsmal", "namndmal", "enhetsmal", "indikator", "avsnitt"]
        | None,
        Query(description="Bara avsnitt av den här sorten."),
    ] = None,
) -> SearchResponse:
    """The `k` best passages for `q`, each with its text, score and where it comes from (unit, year,
    report type, goal). An empty index answers with no hits and a message saying so."""
    if not q.strip():
        return SearchResponse(hits=[], message="Skriv en fråga.")
    result = await pool.run_io(_search, state, q, k, unit or None, year, kind, district or None, level)
    extra = request.scope.get("state", {}).get("log_extra")
    if isinstance(extra, dict):
        extra["hits"] = len(result.hits)
    return result
