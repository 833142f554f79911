"""Which addresses stay on this machine: the one test for "local" (a model or embedding endpoint whose
text need not be masked by default, an address `vbassist serve` may bind without tokens)."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit


def is_loopback(host: str) -> bool:
    """True for addresses only this machine reaches (127.0.0.0/8, ::1, localhost)."""
    host = host.strip().lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # a host name: it may resolve to anything, so it is not loopback
        return False


def is_local_url(url: str | None) -> bool:
    """True when `url` points at this machine (a connection to 0.0.0.0 reaches it too). An unparsable
    or empty URL is not local."""
    host = urlsplit(url or "").hostname
    if not host:
        return False
    if host in ("0.0.0.0", "::"):
        return True
    return is_loopback(host)
