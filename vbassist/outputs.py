"""Writing output files: every report, annotated copy, draft document and cache entry goes through
`write_atomic` (several files that belong together through `write_all_atomic`), so a reader sees
either the old file or the whole new one, never half of it, and the file gets the permissions any file
the user writes gets (the umask decides). `storage_error` turns what a full or read-only disk raises
(OSError, sqlite, Chroma) into one Swedish line."""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import sqlite3
from collections.abc import Mapping
from pathlib import Path

from vbassist.errors import DiskFullError, StorageError


def _staged(path: Path, data: bytes | str) -> Path:
    """`data` written and synced to a new temporary file beside `path` (removed again on failure)."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
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
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write `data` (text is written as UTF-8) to `path`, creating its folder."""
    write_all_atomic({Path(path): data})


def write_all_atomic(files: Mapping[Path, bytes | str]) -> None:
    """Write several files all or none: each is written to a temporary file first, and only when all
    are on disk do they replace their targets (a full disk halfway leaves every target as it was)."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            staged.append((_staged(Path(path), data), Path(path)))
        for tmp, path in staged:
            os.replace(tmp, path)
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise


_FULL = {errno.ENOSPC, errno.EDQUOT}
_NOT_WRITABLE = {errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO}
_FREE_BYTES_FULL = 2 * 1024 * 1024  # less free than this after a failed write: the disk is full


def _causes(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _disk_nearly_full(folder: Path) -> bool:
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            try:
                return shutil.disk_usage(candidate).free < _FREE_BYTES_FULL
            except OSError:
                return False
    return False


def storage_error(exc: BaseException, folder: Path, what: str) -> StorageError | None:
    """The one-line error for `exc`, raised while writing `what` (e.g. "sökindexet") into `folder`,
    when the cause is the disk: full or over quota (`DiskFullError`), read-only or not permitted
    (`StorageError`). None when the disk is not to blame. A library that reports a full disk in its
    own words (Chroma: "Failed to apply logs") is recognised by the free space left."""
    for cause in _causes(exc):
        if isinstance(cause, OSError) and cause.errno in _FULL:
            break
        if isinstance(cause, sqlite3.OperationalError) and "disk is full" in str(cause):
            break
        if isinstance(cause, OSError) and cause.errno in _NOT_WRITABLE:
            return StorageError(
                f"{what} kunde inte skrivas i {folder} ({cause.strerror or 'ej skrivbar'}). "
                "Kontrollera behörigheten till mappen."
            )
        if isinstance(cause, sqlite3.OperationalError) and "readonly database" in str(cause):
            return StorageError(
                f"{what} kunde inte skrivas i {folder} (skrivskyddad). Kontrollera behörigheten."
            )
    else:
        if not _disk_nearly_full(Path(folder)):
            return None
    return DiskFullError(
        f"disken är full: {what} kunde inte skrivas i {folder}. Frigör utrymme och försök igen."
    )
