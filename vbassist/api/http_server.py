"""How the service runs under uvicorn (`vbassist serve`, bench/api_load.py): the connection limits a
slow or hostile client must not get past.

uvicorn closes an idle keep-alive connection after `timeout_keep_alive`, but has no timeout for the
headers of a request: a client that sends them a byte at a time ("slowloris") holds its connection
for ever, and enough of them hold the service. `header_timeout_protocol` adds one: a connection whose
request headers are not complete `VBASSIST_HEADER_TIMEOUT_S` after they began (or after it opened) is
closed. Once the headers are in, the request middleware's timeout covers the body and the work.
"""

from __future__ import annotations

import asyncio
from typing import Any

from vbassist.settings import Settings


class _HeaderTimeout(asyncio.Protocol):
    """Mixin for a uvicorn HTTP protocol class: close a connection that is slow to send headers."""

    header_timeout_s: float = 10.0
    _header_timer: asyncio.TimerHandle | None = None
    cycle: Any
    transport: asyncio.Transport

    def _waiting_for_headers(self) -> bool:
        return self.cycle is None or bool(self.cycle.response_complete)

    def _arm_header_timer(self) -> None:
        if self._header_timer is None and self.header_timeout_s > 0:
            loop = asyncio.get_running_loop()
            self._header_timer = loop.call_later(self.header_timeout_s, self._headers_too_slow)

    def _cancel_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if self._waiting_for_headers() and not self.transport.is_closing():
            self.transport.close()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        self._arm_header_timer()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.transport.is_closing():
            self._cancel_header_timer()
        elif self._waiting_for_headers():
            self._arm_header_timer()  # the first bytes of a request: its headers are due from now
        else:
            self._cancel_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_header_timer()
        super().connection_lost(exc)


try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as _Base
except ImportError:  # httptools is optional: uvicorn's own h11 parser
    # mypy cannot type a name bound by either of two imports
    from uvicorn.protocols.http.h11_impl import H11Protocol as _Base  # type: ignore[assignment]


class HeaderTimeoutProtocol(_HeaderTimeout, _Base):
    """uvicorn's HTTP protocol (httptools when installed, else h11) with the header timeout."""


# by import path: uvicorn's worker processes (`serve --workers N`) import it themselves
PROTOCOL = f"{__name__}:HeaderTimeoutProtocol"


def configure_header_timeout(seconds: float) -> None:
    """Set the header timeout of this process's connections (`create_app` does, in every process)."""
    HeaderTimeoutProtocol.header_timeout_s = seconds


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """The connection limits of `uvicorn.run(...)` for these settings."""
    configure_header_timeout(settings.header_timeout_s)
    return {
        "http": PROTOCOL,
        "timeout_keep_alive": max(1, round(settings.keep_alive_s)),
        # our own JSON request log replaces the access log (which would print search queries)
        "access_log": False,
        "log_level": "warning",
        "proxy_headers": True,
        "server_header": False,
    }
