"""One search as a user asks it: the question, how many hits and the filters. `vbassist search` and
`GET /v1/search` both validate their input with `SearchQuery`, so a filter value the index cannot
have (`--level goal`, `kind=VX`, `year=förra`) is refused the same way on both, with the allowed
values named, instead of answering "no hits"."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, Field

from vbassist.model import GoalLevel, ReportKind

# the chunk levels the index writes (vbassist.index.chunking): the goal levels, indicators, sections
SearchLevel = Literal[GoalLevel, "indikator", "avsnitt"]
SEARCH_LEVELS: tuple[str, ...] = get_args(SearchLevel)
REPORT_KINDS: tuple[str, ...] = get_args(ReportKind)
MAX_HITS = 50


class SearchQuery(BaseModel):
    """The fields of a search; an empty filter is no filter."""

    q: str = Field(min_length=1, max_length=1000, description="Frågan, med egna ord.")
    k: int = Field(5, ge=1, le=MAX_HITS, description="Antal träffar.")
    unit: str | None = Field(None, max_length=200, description="Bara den här enheten.")
    year: int | None = Field(None, ge=1990, le=2100, description="Bara det här året.")
    kind: ReportKind | None = Field(None, description="Bara den här rapporttypen.")
    district: str | None = Field(None, max_length=200, description="Bara den här stadsdelen.")
    level: SearchLevel | None = Field(None, description="Bara avsnitt av den här sorten.")
