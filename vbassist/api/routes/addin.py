"""GET /addin/...: the Word add-in's built files (taskpane.html/js/css, assets/) and its manifest,
rendered with the service's public URL in place of `{{BASE_URL}}`. Served by the service itself so the
task pane and the API share one origin (no CORS, one certificate)."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from xml.sax.saxutils import escape

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response

from vbassist.api.deps import SettingsDep
from vbassist.api.errors import NotAvailable
from vbassist.hosts import is_loopback
from vbassist.settings import REPO_ROOT

router = APIRouter(tags=["word-tillägg"])

PLACEHOLDER = "{{BASE_URL}}"
_PACKAGED = Path(__file__).resolve().parent.parent.parent / "addin_dist"  # vbassist/addin_dist in a wheel
_CHECKOUT = REPO_ROOT / "addin"


def dist_dir() -> Path | None:
    """The built add-in: shipped in the package (`vbassist/addin_dist/`) or built in the checkout
    (`addin/dist/`, by `npm run build`)."""
    for candidate in (_PACKAGED, _CHECKOUT / "dist"):
        if (candidate / "taskpane.html").is_file():
            return candidate
    return None


def manifest_template() -> Path | None:
    for candidate in (_PACKAGED / "manifest.xml", _CHECKOUT / "manifest.xml"):
        if candidate.is_file():
            return candidate
    return None


def base_url(request: Request, public_url: str | None) -> str:
    """Where Word finds the service: the configured public URL, else the address of the socket this
    request came in on. Never the request's Host header: a client may send any Host, and the manifest
    (or a cached copy of it) would send Word to that host. "localhost" in the Host header is kept when
    the socket is a loopback one (the name a development certificate is made for)."""
    if public_url:
        return public_url.rstrip("/")
    scheme = str(request.scope.get("scheme") or "http")
    server = request.scope.get("server") or ("localhost", None)
    host, port = str(server[0]), server[1]
    if request.url.hostname == "localhost" and is_loopback(host):
        host = "localhost"
    if ":" in host:
        host = f"[{host}]"
    default_port = {"http": 80, "https": 443}.get(scheme)
    return f"{scheme}://{host}" if port in (None, default_port) else f"{scheme}://{host}:{port}"


def render_manifest(template: str, url: str) -> str:
    return template.replace(PLACEHOLDER, escape(url, {'"': "&quot;"}))


@router.get(
    "/addin/manifest.xml",
    summary="Word-tilläggets manifest",
    response_class=Response,
    responses={200: {"content": {"application/xml": {}}}},
)
def manifest(request: Request, settings: SettingsDep) -> Response:
    """The manifest to sideload in Word (or upload in the Microsoft 365 admin center), pointing at this
    service (`VBASSIST_PUBLIC_URL`, else the address the service was reached on, never the Host header)."""
    template = manifest_template()
    if template is None:
        raise NotAvailable("Word-tilläggets manifest saknas i installationen (addin/manifest.xml).")
    body = render_manifest(template.read_text(encoding="utf-8"), base_url(request, settings.public_url))
    return Response(body, media_type="application/xml", headers={"cache-control": "no-cache"})


@router.get("/addin/{path:path}", summary="Word-tilläggets filer", response_class=FileResponse)
def addin_file(path: str) -> Response:
    """A file of the built task pane (`taskpane.html`, `taskpane.js`, `assets/icon-32.png`, ...)."""
    root = dist_dir()
    if root is None:
        raise NotAvailable("Word-tillägget är inte byggt. Bygg det med: cd addin && npm ci && npm run build")
    target = (root / (path or "taskpane.html")).resolve()
    if not target.is_relative_to(root.resolve()) or not target.is_file() or target.suffix == ".map":
        from starlette.exceptions import HTTPException

        raise HTTPException(status_code=404)
    media, _ = mimetypes.guess_type(target.name)
    # html must be fetched fresh after an upgrade (it names the scripts); the rest may be cached briefly
    cache = "no-cache" if target.suffix == ".html" else "public, max-age=3600"
    return FileResponse(
        target, media_type=media or "application/octet-stream", headers={"cache-control": cache}
    )
