"""GET /v1/search: hybrid search (keywords and meaning) over earlier reports in the corpus index."""

from __future__ import annotations

from pathlib import PurePath
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from vbassist.api.deps import ApiUser, PoolDep, StateDep
from vbassist.api.schemas import ErrorResponse, SearchHit, SearchResponse
from vbassist.api.state import ServiceState
from vbassist.query import SearchQuery

router = APIRouter(tags=["sök"])


def _search(state: ServiceState, query: SearchQuery) -> SearchResponse:
    index = state.open_index()
    if index.count() == 0:
        return SearchResponse(
            hits=[],
            message="Sökindexet är tomt. En administratör bygger det med `vbassist index` eller POST /v1/index.",
        )
    unit = query.unit or None
    hits = index.search(
        query.q,
        k=query.k,
        unit=unit,
        year=query.year,
        kind=query.kind,
        district=query.district or None,
        level=query.level,
        prefer_unit=unit,
    )
    return SearchResponse(
        hits=[SearchHit(text=h.text, score=h.score, metadata=_public(h.metadata)) for h in hits],
        message=None,
        masked=index.embedder.masked_kinds(query.q),
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
    query: Annotated[SearchQuery, Query()],
) -> SearchResponse:
    """The `k` best passages for `q`, each with its text, score and where it comes from (unit, year,
    report type, goal). An empty index answers with no hits and a message saying so. A filter value the
    index cannot hold (`level=goal`) is refused (422, naming the allowed values), as by `vbassist search`."""
    if not query.q.strip():
        return SearchResponse(hits=[], message="Skriv en fråga.")
    result = await pool.run_io(_search, state, query)
    extra = request.scope.get("state", {}).get("log_extra")
    if isinstance(extra, dict):
        extra["hits"] = len(result.hits)
    return result
