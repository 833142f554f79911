"""The corpus (earlier reports and plans) as context for a check. It changes rarely but would otherwise
be parsed on every check, by every API request: parsed corpus reports are kept in memory and on disk,
keyed by the file's path, size and mtime and by a fingerprint of the parser's code (a new parser
invalidates them)."""

from __future__ import annotations

import contextlib
import hashlib
from contextlib import nullcontext
from functools import lru_cache
from pathlib import Path

from pydantic import TypeAdapter

from vbassist.batch.pool import executor_for, parse_one
from vbassist.model import Report
from vbassist.outputs import write_atomic
from vbassist.parsing.files import expand_paths
from vbassist.parsing.limits import ParseLimits

_MEMO: dict[str, list[Report]] = {}
_REPORTS = TypeAdapter(list[Report])


@lru_cache(maxsize=1)
def _parser_fingerprint() -> str:
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted([*root.glob("parsing/*.py"), root / "numbers.py", root / "model.py"]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _key(path: Path) -> str | None:
    try:
        resolved = path.resolve()
        st = resolved.stat()
    except OSError:
        return None
    raw = f"{resolved}|{st.st_size}|{st.st_mtime_ns}|{_parser_fingerprint()}"
    return hashlib.sha256(raw.encode()).hexdigest()


def _cached(key: str, cache_dir: Path | None) -> list[Report] | None:
    if key in _MEMO:
        return _MEMO[key]
    if cache_dir is None:
        return None
    try:
        reports = _REPORTS.validate_json((cache_dir / f"{key}.json").read_bytes())
    except (OSError, ValueError):  # absent, unreadable or from an older model: parse again
        return None
    _MEMO[key] = reports
    return reports


def _remember(key: str, reports: list[Report], cache_dir: Path | None) -> None:
    _MEMO[key] = reports
    if cache_dir is None:
        return
    with contextlib.suppress(OSError):  # a read-only data dir only costs speed
        write_atomic(cache_dir / f"{key}.json", _REPORTS.dump_json(reports))


def forget_memory() -> None:
    """Drop the in-memory copies (what a new process would see: only the disk cache)."""
    _MEMO.clear()


def load_corpus(
    corpus_dir: Path, cache_dir: Path | None, *, skip: set[Path], jobs: int, limits: ParseLimits
) -> tuple[list[Report], int]:
    """The corpus's reports, from the cache where it is fresh, parsed (in parallel) where not; files in
    `skip` (resolved paths: the batch's own inputs) are left out. Returns the reports and how many
    files had to be parsed."""
    if not corpus_dir.is_dir():
        return [], 0
    reports: list[Report] = []
    missing: list[tuple[str, str | None]] = []
    for path in expand_paths([corpus_dir]):
        if path.is_dir() or path.resolve() in skip:
            continue
        key = _key(path)
        hit = _cached(key, cache_dir) if key is not None else None
        if hit is not None:
            reports.extend(hit)
        else:
            missing.append((str(path), key))
    if missing:
        executor = executor_for(jobs, len(missing), limits=limits)
        with executor if executor is not None else nullcontext():
            paths = [m[0] for m in missing]
            results = executor.map(parse_one, paths) if executor is not None else map(parse_one, paths)
            for (_, key), fresh in zip(missing, results, strict=True):
                # a file that cannot be read is remembered as empty, not parsed again each time; a crash is not
                if key is not None and (fresh.error is None or fresh.error.code != "internt_fel"):
                    _remember(key, fresh.reports, cache_dir)
                reports.extend(fresh.reports)
    return reports, len(missing)
