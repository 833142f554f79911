"""`create_app(settings)`: the FastAPI service over check, draft, search and index. No I/O at import or
in `create_app`; the work pool and the index are started by the lifespan (and lazily on first use).

    uvicorn --factory vbassist.api.app:create_app      # settings from the environment
    vbassist serve                                      # the same, with the safety checks and HTTPS
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi

from vbassist import __version__
from vbassist.api.errors import install_error_handlers
from vbassist.api.http_server import configure_header_timeout
from vbassist.api.logging import configure_logging, get_logger
from vbassist.api.middleware import RequestMiddleware
from vbassist.api.routes import addin, check, draft, health, index, overview, search
from vbassist.api.state import ServiceState
from vbassist.errors import ConfigurationError
from vbassist.settings import Settings, get_settings

DESCRIPTION = """\
Granskning, utkast och sökning för verksamhetsberättelser (VB), tertialrapporter och verksamhetsplaner
i Stockholms stad. Samma funktioner som kommandoraden `vbassist`.

**Behörighet**: när `VBASSIST_API_TOKENS` eller `VBASSIST_ADMIN_TOKENS` är satta kräver alla anrop under
`/v1/` utom `/v1/health` en token (`Authorization: Bearer <token>`); `POST /v1/index` kräver en
administratörstoken. **Fel** svarar alltid `{"code", "message"}` med en svensk text att visa som den är.
"""


def _origin(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def cors_origins(settings: Settings) -> list[str]:
    """The add-in's origins: the service's public URL (the pane is served from there) and any extra
    origins in VBASSIST_CORS_ORIGINS (a pane served by a development server). Nothing else."""
    origins = [_origin(settings.public_url)]
    extra = settings.cors_origins or ""
    origins += [_origin(o.strip()) for o in extra.split(",") if o.strip()]
    return sorted({o for o in origins if o})


def check_deployable(settings: Settings) -> None:
    """Refuse what a deployed service must not run with (ConfigurationError): checks in threads of the
    service itself (`VBASSIST_WORKERS=0`, for tests), where a file that runs too long cannot be stopped."""
    if settings.workers < 1:
        raise ConfigurationError(
            "VBASSIST_WORKERS=0 kör granskningen i tjänstens egen process, där en fil som tar för lång "
            "tid inte kan stoppas; det är bara för tester. Sätt VBASSIST_WORKERS till 1 eller fler."
        )


def create_app(settings: Settings | None = None, *, warm: bool = True, build_index: bool = False) -> FastAPI:
    """The service for `settings` (None = from the environment). `warm` starts the worker processes
    and opens the index when the service starts, so the first requests do not pay for it;
    `build_index` also builds the index from the corpus when it is empty (in the background)."""
    if settings is None:  # the deployed service (`uvicorn --factory`, `serve --workers N`)
        settings = get_settings()
        check_deployable(settings)
    configure_header_timeout(settings.header_timeout_s)
    state = ServiceState(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        restore_logging = configure_logging()
        log = get_logger()
        if warm:
            import anyio

            await anyio.to_thread.run_sync(state.pool.warm)
        if build_index:
            state.build_index_in_background()
        elif warm:
            # the index opens in the background (model load takes seconds); health says when it is ready
            state.on_index_thread(_open_index_quietly, state)
        log.info(
            "started",
            extra={
                "version": __version__,
                "workers": settings.workers,
                "auth": bool(settings.token_set() or settings.admin_token_set()),
                "drafter": "llm" if settings.llm else "grounded",
            },
        )
        try:
            yield
        finally:
            state.close()
            log.info("stopped")
            restore_logging()

    app = FastAPI(
        title="vbassist",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served below from bundled assets: the intranet may not reach a CDN
        redoc_url=None,
    )
    app.state.vbassist = state
    _add_offline_docs(app)
    install_error_handlers(app)
    for module in (health, check, overview, draft, search, index, addin):
        app.include_router(module.router)

    origins = cors_origins(settings)
    if origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
            expose_headers=[
                "X-Request-ID",
                "X-Vbassist-Findings",
                "X-Vbassist-Reports",
                "X-Vbassist-Failed",
                "Content-Disposition",
            ],
            max_age=600,
        )
    # added last = outermost of ours: the limit and timeout cover CORS preflights and every route
    app.add_middleware(
        RequestMiddleware,
        max_body_bytes=int(settings.max_upload_mb * 1024 * 1024),
        timeout_s=settings.request_timeout_s,
        slow_paths=("/v1/index",),
    )
    # FastAPI documents replacing app.openapi; mypy refuses assigning to a method
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _add_offline_docs(app: FastAPI) -> None:
    """Swagger UI at /docs with its scripts from the `fastapi-offline` package, not a CDN (the intranet
    may not reach one). It ships Swagger UI 5, which reads the OpenAPI 3.1 schema FastAPI writes (the
    Swagger UI 4 of `swagger-ui-bundle` answered "Unable to render this definition")."""
    from importlib.resources import files

    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.responses import Response
    from fastapi.staticfiles import StaticFiles

    from vbassist.api.csp import with_inline_scripts

    assets = files("fastapi_offline") / "static"
    app.mount("/docs-assets", StaticFiles(directory=str(assets)), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> Response:
        page = get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="vbassist – API",
            swagger_js_url="/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/docs-assets/swagger-ui.css",
            swagger_favicon_url="/docs-assets/favicon.png",
        )
        return with_inline_scripts(page, "/docs")  # its start-up script, allowed by hash


def _open_index_quietly(state: ServiceState) -> None:
    # a failure is reported by /v1/health and by the first search; the service runs without the index
    with contextlib.suppress(Exception):
        state.open_index_here()


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The generated schema plus the JSON bodies the multipart-or-JSON endpoints take (`Report`,
    `DraftRequest`), which FastAPI cannot see because those routes read the body themselves."""
    if app.openapi_schema:
        return app.openapi_schema
    from vbassist.api.schemas import DraftRequest
    from vbassist.model import Report

    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for model in (Report, DraftRequest):
        body = model.model_json_schema(ref_template="#/components/schemas/{model}")
        for name, definition in body.pop("$defs", {}).items():
            components.setdefault(name, definition)
        components[model.__name__] = body
    app.openapi_schema = schema
    return schema
