"""The Content-Security-Policy of every page the service serves, one per route, in this one place.

The request middleware puts `policy_for(path)` on every answer that has none of its own. A page with an
inline script (Swagger UI's start-up script at /docs) passes its response through `with_inline_scripts`,
which allows exactly the scripts of that page by their hashes: the page is the same for every request
and holds nothing a client sent, so nothing else can run.
"""

from __future__ import annotations

import base64
import hashlib
import re

from starlette.responses import Response

_OFFICE_CDN = "https://appsforoffice.microsoft.com"

# JSON answers, the manifest, errors: nothing to run, nothing to frame
API = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

# the Word task pane: its own files and office.js (with the scripts office.js loads) from Microsoft's
# CDN, which Office requires; no inline script. Styles may be inline (office.js adds some). The pane may
# be pointed at another vbassist service under Inställningar, so it may connect to any https origin
# (that service's CORS still decides). Word hosts the pane in a frame of its own: no frame-ancestors.
TASK_PANE = "; ".join(
    [
        "default-src 'self'",
        f"script-src 'self' {_OFFICE_CDN}",
        "style-src 'self' 'unsafe-inline'",
        f"img-src 'self' data: {_OFFICE_CDN}",
        "font-src 'self' data:",
        "connect-src 'self' https:",
        "frame-src 'self' https:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
)

# the API documentation (Swagger UI from the service's own files); its inline start-up script is
# allowed by hash (`with_inline_scripts`), "Try it out" calls this service
DOCS = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# route prefix -> policy; the longest matching prefix wins
POLICIES: dict[str, str] = {
    "/addin/": TASK_PANE,
    "/docs": DOCS,
    "/": API,
}

_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)


def policy_for(path: str) -> str:
    """The policy of the route `path` belongs to."""
    best = max((prefix for prefix in POLICIES if path.startswith(prefix)), key=len, default="/")
    return POLICIES[best]


def script_hashes(html: bytes) -> list[str]:
    """CSP sources ('sha256-...') for each inline script of `html`."""
    return [
        f"'sha256-{base64.b64encode(hashlib.sha256(body).digest()).decode()}'"
        for body in _INLINE_SCRIPT.findall(html)
    ]


def with_inline_scripts(response: Response, path: str) -> Response:
    """`response` (a page the service renders the same way every time) with its route's policy,
    allowing its own inline scripts by hash."""
    hashes = " ".join(script_hashes(bytes(response.body)))
    policy = policy_for(path)
    if hashes:
        policy = policy.replace("script-src 'self'", f"script-src 'self' {hashes}", 1)
    response.headers["content-security-policy"] = policy
    return response
