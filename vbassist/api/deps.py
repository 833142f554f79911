"""Dependencies of the routes, as `Annotated` aliases: the settings, the work pool, the service state,
and the token checks (`ApiUser` for every /v1/ call but health, `AdminUser` for indexing)."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated, cast

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from vbassist.api.errors import Forbidden, Unauthorized
from vbassist.api.pool import WorkPool
from vbassist.api.state import ServiceState
from vbassist.settings import Settings

_bearer = HTTPBearer(
    auto_error=False, description="En token ur VBASSIST_API_TOKENS eller VBASSIST_ADMIN_TOKENS."
)


def get_state(request: Request) -> ServiceState:
    return cast(ServiceState, request.app.state.vbassist)  # Starlette's app.state is untyped


def get_settings_dep(state: Annotated[ServiceState, Depends(get_state)]) -> Settings:
    return state.settings


def get_pool(state: Annotated[ServiceState, Depends(get_state)]) -> WorkPool:
    return state.pool


StateDep = Annotated[ServiceState, Depends(get_state)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
PoolDep = Annotated[WorkPool, Depends(get_pool)]
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


@dataclass(frozen=True)
class Caller:
    """Who is calling: `admin` may index; `anonymous` when the service runs without tokens."""

    admin: bool
    anonymous: bool


def _matches(token: str, allowed: set[str]) -> bool:
    # compare against every token in constant time, so the answer's timing says nothing of the tokens
    found = False
    for candidate in allowed:
        found |= hmac.compare_digest(token.encode(), candidate.encode())
    return found


def require_token(settings: SettingsDep, credentials: Credentials) -> Caller:
    """No tokens configured: everyone may call (a loopback-only service). Otherwise a bearer token from
    VBASSIST_API_TOKENS or VBASSIST_ADMIN_TOKENS, else 401."""
    users, admins = settings.token_set(), settings.admin_token_set()
    if not users and not admins:
        return Caller(admin=True, anonymous=True)
    token = credentials.credentials if credentials is not None else ""
    if token and _matches(token, admins):
        return Caller(admin=True, anonymous=False)
    if token and _matches(token, users):
        return Caller(admin=False, anonymous=False)
    raise Unauthorized(
        "En giltig token krävs: skicka Authorization: Bearer <token> (ange token under Inställningar i Word-tillägget)."
        if not token
        else "Token är ogiltig."
    )


def require_admin(caller: Annotated[Caller, Depends(require_token)], settings: SettingsDep) -> Caller:
    """Indexing changes what every user's drafts cite: an admin token, when any tokens are configured."""
    if caller.admin:
        return caller
    if not settings.admin_token_set():
        raise Forbidden(
            "Indexering kräver en administratörstoken, och ingen är konfigurerad (VBASSIST_ADMIN_TOKENS)."
        )
    raise Forbidden("Indexering kräver en administratörstoken (VBASSIST_ADMIN_TOKENS).")


ApiUser = Annotated[Caller, Depends(require_token)]
AdminUser = Annotated[Caller, Depends(require_admin)]
