"""The HTTP service: `create_app(settings)` in `vbassist.api.app`, routes per resource in `routes/`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

    from vbassist.settings import Settings


def create_app(settings: Settings | None = None, **kwargs: Any) -> FastAPI:
    """See `vbassist.api.app.create_app` (imported here lazily: FastAPI loads only when a service starts)."""
    from vbassist.api.app import create_app as _create_app

    return _create_app(settings, **kwargs)
