"""The request middleware (pure ASGI, outermost of ours): request id, upload limit enforced while the
body streams in, the per-request timeout, a JSON 500 for a bug, the security headers (each route's
Content-Security-Policy from vbassist/api/csp.py) and one structured log line per request.

Pure ASGI rather than `BaseHTTPMiddleware`: the body limit must wrap `receive` (so a 2 GB upload is
refused after 25 MB, not after it has been spooled to disk), and the timeout must cancel the endpoint.
"""

from __future__ import annotations

import math
import re
import time
import uuid
from typing import Any

import anyio
from starlette.requests import ClientDisconnect
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vbassist.api.csp import policy_for
from vbassist.api.errors import error_body, unexpected_error_body
from vbassist.api.logging import get_logger

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class _BodyTooLarge(Exception):
    pass


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value).decode("latin-1")
    return None


class RequestMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int,
        timeout_s: float,
        slow_paths: tuple[str, ...] = (),
        slow_factor: float = 10.0,
    ) -> None:
        self.app = app
        self.max_body = max_body_bytes
        self.timeout_s = timeout_s
        # indexing a corpus embeds every passage: minutes, not seconds
        self.slow_paths = slow_paths
        self.slow_factor = slow_factor

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        incoming = _header(scope, b"x-request-id")
        request_id = incoming if incoming and _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        log_extra: dict[str, Any] = {}
        scope["state"]["log_extra"] = log_extra  # routes add counts (never content) to the log line
        state = {"status": 0, "started": False, "received": 0, "exceeded": False}
        extra_headers = [(b"x-request-id", request_id.encode()), (b"x-content-type-options", b"nosniff")]
        path = str(scope.get("path", ""))
        if path.startswith("/v1/"):
            # drafts and findings can hold personal data: no browser or proxy keeps a copy
            extra_headers.append((b"cache-control", b"no-store"))
        max_mb = self.max_body / (1024 * 1024)

        async def respond(status: int, body: dict[str, Any]) -> None:
            headers = {k.decode(): v.decode() for k, v in extra_headers}
            headers["content-security-policy"] = policy_for("/v1/")  # a JSON error
            response = JSONResponse(body, status_code=status, headers=headers)
            state["status"], state["started"] = status, True
            await response(scope, receive, send)

        declared = _header(scope, b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            await respond(413, error_body("for_stor_fil", _too_large(max_mb), request_id))
            self._log(scope, state, started, request_id, log_extra)
            return

        async def limited_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                state["received"] += len(message.get("body", b""))
                if state["received"] > self.max_body:
                    state["exceeded"] = True
                    raise _BodyTooLarge
            return message

        timeout = self.timeout_s * (self.slow_factor if scope.get("path") in self.slow_paths else 1.0)
        with anyio.CancelScope() as scope_cs:
            # a deadline only until the response starts: a started response is never cut off mid-body
            scope_cs.deadline = anyio.current_time() + timeout if timeout > 0 else math.inf

            async def tracking_send(message: Message) -> None:
                if message["type"] == "http.response.start":
                    if state["exceeded"]:  # the app turned the aborted read into some error: replace it
                        raise _BodyTooLarge
                    scope_cs.deadline = math.inf
                    state["status"], state["started"] = message["status"], True
                    headers = [*message.get("headers", []), *extra_headers]
                    if not any(key.lower() == b"content-security-policy" for key, _ in headers):
                        headers.append((b"content-security-policy", policy_for(path).encode()))
                    message = {**message, "headers": headers}
                await send(message)

            try:
                await self.app(scope, limited_receive, tracking_send)
            except _BodyTooLarge:
                if not state["started"]:
                    await respond(413, error_body("for_stor_fil", _too_large(max_mb), request_id))
            except ClientDisconnect:
                state["status"] = 499  # the client went away mid-upload: nobody to answer, not a bug
            except Exception as exc:
                get_logger().error(
                    "unhandled", extra={"request_id": request_id, "error_type": type(exc).__name__}
                )
                if not state["started"]:
                    await respond(500, unexpected_error_body(exc, request_id))
        if scope_cs.cancelled_caught and not state["started"]:
            message = (
                f"Begäran tog längre tid än {timeout:g} s och avbröts. Försök igen, "
                "eller dela upp dokumentet."
            )
            await respond(504, error_body("tidsgrans", message, request_id))
        self._log(scope, state, started, request_id, log_extra)

    @staticmethod
    def _log(
        scope: Scope, state: dict[str, Any], started: float, request_id: str, extra: dict[str, Any]
    ) -> None:
        status = int(state["status"])
        get_logger().log(
            40 if status >= 500 else 30 if status >= 400 else 20,
            "request",
            extra={
                "request_id": request_id,
                "method": scope.get("method"),
                "path": scope.get("path"),  # no query string: a search query is the user's text
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "bytes_in": state["received"],
                **extra,
            },
        )


def _too_large(max_mb: float) -> str:
    return f"Filen eller begäran är för stor (högst {max_mb:g} MB)."
