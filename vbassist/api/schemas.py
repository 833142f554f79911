"""Request and response bodies of the service (OpenAPI documented). The check and draft answers are the
CLI's JSON (`vbassist check --format json`, `vbassist draft --format json`): the same models, so one
client parses both and `/openapi.json` describes exactly what is sent."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from vbassist.checks.result import CheckResult
from vbassist.drafting.models import Draft, GoalFacts
from vbassist.llm.masking import MaskKind
from vbassist.model import Report


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorResponse(_Model):
    """Every error: a stable `code` (e.g. `trasig_fil`, `krypterad_fil`, `for_stor_fil`, `ej_inloggad`,
    `tidsgrans`, `ej_tillganglig`) and a Swedish `message` to show the user as is."""

    code: str
    message: str
    request_id: str | None = None


class IndexStatus(_Model):
    status: Literal["ready", "building", "not_opened", "unavailable"]
    chunks: int | None = None


class HealthResponse(_Model):
    status: Literal["ok"] = "ok"
    version: str
    drafter: Literal["grounded", "llm"]
    llm: str | None = Field(
        None, description="The configured drafting model (VBASSIST_LLM); None = grounded."
    )
    embedding: str
    index: IndexStatus
    auth: bool = Field(description="True when /v1/ calls need a bearer token.")
    token: Literal["not_required", "missing", "valid", "admin"] = Field(
        description="What the call's own bearer token is worth: `missing` for none and for a wrong one "
        "alike (health tells nobody without a valid token whether theirs was valid)."
    )
    workers: int


# --------------------------------------------------------------------------- check

# The answer of /v1/check is the checker's own model, the one findings contract: `vbassist check --format
# json` dumps the same model, FastAPI validates every answer against it, and the add-in's TypeScript
# types are generated from its schema (addin/openapi.json, docs/addin.md).
CheckResponse = CheckResult

# The answer of /v1/draft is the drafter's own model, as `vbassist draft --format json` prints it.
DraftResponse = Draft


# --------------------------------------------------------------------------- draft


class DraftRequest(_Model):
    """A draft from JSON: either a parsed `report` (as `vbassist parse --format json` gives it) plus the
    start of the enhetsmål's `goal` title (and `unit` when the report list has several), or the goal's
    `facts` directly (`vbassist.drafting.GoalFacts`: indicators, targets, activities)."""

    report: Report | None = None
    goal: str | None = Field(None, max_length=500)
    unit: str | None = Field(None, max_length=200)
    facts: GoalFacts | None = Field(None, description="The goal's facts, as in the `facts` field of a draft.")
    sources: bool = Field(True, description="Cite earlier reports from the index when it is available.")


# --------------------------------------------------------------------------- search and index


class SearchHit(_Model):
    text: str
    score: float
    metadata: dict[str, Any] = Field(default_factory=dict)


class SearchResponse(_Model):
    hits: list[SearchHit]
    message: str | None = Field(default=None, description="Why there are no hits, when the index is empty.")
    masked: list[MaskKind] = Field(
        default_factory=list,
        description="What kinds of personal data were masked in the question before it was sent to the "
        "embedding endpoint (VBASSIST_MASK_PII); never the values.",
    )


class IndexFailure(_Model):
    name: str
    message: str


class IndexResponse(_Model):
    indexed: list[str] = Field(description="File names (re)indexed now.")
    unchanged: int
    removed: int
    failed: list[IndexFailure]
    chunks_written: int
    chunks_total: int
    seconds: float
