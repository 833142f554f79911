"""GET /v1/health: is the service up, which version, how large is the index, which drafter. No auth:
the add-in's "Testa anslutningen" and a load balancer call it."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request

from vbassist import __version__
from vbassist.api.deps import Credentials, StateDep, require_token
from vbassist.api.errors import Unauthorized
from vbassist.api.schemas import HealthResponse, IndexStatus
from vbassist.settings import Settings

router = APIRouter(tags=["hälsa"])


TokenWorth = Literal["not_required", "missing", "valid", "admin"]


@router.get("/v1/health", response_model=HealthResponse, summary="Tjänstens status")
def health(request: Request, state: StateDep, credentials: Credentials) -> HealthResponse:
    """Version, index size (when the index is open), drafting model and whether tokens are required.
    Cheap: it never opens the index itself (that happens at start and on the first search)."""
    settings = state.settings
    index = state.index_if_open()
    if state.index_building:
        status = IndexStatus(status="building")
    elif index is not None:
        try:
            status = IndexStatus(status="ready", chunks=index.count())
        except Exception:  # a store gone away answers as unavailable, not as a failed health check
            status = IndexStatus(status="unavailable")
    else:
        status = IndexStatus(status="unavailable" if state.index_error else "not_opened")
    return HealthResponse(
        version=__version__,
        drafter="llm" if settings.llm else "grounded",
        llm=settings.llm,
        embedding=settings.embedding,
        index=status,
        auth=bool(settings.token_set() or settings.admin_token_set()),
        token=_token_worth(request, settings, credentials.credentials if credentials else ""),
        workers=settings.workers,
    )


def _token_worth(request: Request, settings: Settings, token: str) -> TokenWorth:
    """Health needs no token, but says what the one sent is worth, so a client can test its settings.
    A wrong token gets the same answer as none: health tells nobody without a valid token whether the
    one they sent was close (the log line notes the failed try)."""
    if not settings.token_set() and not settings.admin_token_set():
        return "not_required"
    if not token:
        return "missing"
    from fastapi.security import HTTPAuthorizationCredentials

    try:
        caller = require_token(settings, HTTPAuthorizationCredentials(scheme="Bearer", credentials=token))
    except Unauthorized:
        extra = request.scope.get("state", {}).get("log_extra")
        if isinstance(extra, dict):
            extra["token_rejected"] = True
        return "missing"
    return "admin" if caller.admin else "valid"
