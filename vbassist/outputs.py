"""Writing output files: every report, annotated copy, draft document and cache entry goes through
`write_atomic`, so a reader sees either the old file or the whole new one, never half of it, and the
file gets the permissions any file the user writes gets (the umask decides)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write `data` (text is written as UTF-8) to `path`, creating its folder."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # not mkstemp: its 0600 would make a report meant to be shared unreadable to others; O_EXCL with
    # mode 0666 lets the umask decide, as for any file the user writes
    tmp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
