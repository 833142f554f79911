"""The tasks the service's worker processes run (vbassist/api/pool.py sends them, processes.py runs
them): parse and check one upload, annotate one .docx. They are top-level so they pickle; they take
plain data and return plain data (JSON dicts, bytes, `Report`s). A task whose input hit one of the
parser's limits asks for its worker to be replaced afterwards (the memory it used goes back).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import os
import threading
from pathlib import Path
from typing import Any

from vbassist.api.processes import recycle_after_this_task
from vbassist.settings import Settings

# the codes of an input over a limit: the worker that read it is replaced afterwards
LIMIT_CODES = frozenset({"for_stor_fil"})


# --------------------------------------------------------------------------- tasks (run in a worker)


def _exit_with_parent() -> None:
    """End this worker when the service process is gone. A service killed without its lifespan
    running (SIGKILL, a crash) never sends the pool's stop sentinels; without this its workers, and the
    forkserver they keep alive, would live on as orphans."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(0)

    threading.Thread(target=watch, name="vbassist-parent-watch", daemon=True).start()


def warm(
    settings: Settings | None = None, corpus_dir: Path | None = None, cache_dir: Path | None = None
) -> int:
    """Import the parser, register the rules and read the corpus (plans and last year's reports, the
    context of every check) once per worker process, so no request pays for it."""
    import vbassist.parsing  # noqa: F401
    from vbassist.checks import all_rules

    _exit_with_parent()
    all_rules()
    if settings is not None and corpus_dir is not None:
        from vbassist.batch import check_documents

        # jobs=1: a worker process does not start a pool of its own; an unreadable corpus is reported by
        # the checks themselves, not here
        with contextlib.suppress(Exception):
            check_documents([], settings=settings, jobs=1, corpus_dir=corpus_dir, corpus_cache_dir=cache_dir)
    import gc

    # modules, rules and corpus live as long as the worker: the collector need not scan them per request
    gc.collect()
    gc.freeze()
    return os.getpid()


def check_task(
    item: tuple[str, bytes] | Any,
    *,
    settings: Settings,
    use_corpus: bool,
    corpus_dir: Path | None,
    cache_dir: Path | None,
) -> dict[str, Any]:
    """Parse and check one upload (`(filename, data)`) or one `Report`; the CLI's JSON shape."""
    result: dict[str, Any] = _check(
        item, settings=settings, use_corpus=use_corpus, corpus_dir=corpus_dir, cache_dir=cache_dir
    ).to_json()
    return result


def _note_limits(result: Any) -> None:
    """Ask for this worker to be replaced when a document hit a limit (CheckResult)."""
    if any(doc.error is not None and doc.error.code in LIMIT_CODES for doc in result.documents):
        recycle_after_this_task()


def _check(
    item: tuple[str, bytes] | Any,
    *,
    settings: Settings,
    use_corpus: bool,
    corpus_dir: Path | None,
    cache_dir: Path | None,
) -> Any:
    from vbassist.batch import BytesInput, check_documents

    doc = BytesInput(item[0], item[1]) if isinstance(item, tuple) else item
    result = check_documents(
        [doc],
        settings=settings,
        jobs=1,
        use_corpus=use_corpus and corpus_dir is not None,
        corpus_dir=corpus_dir,
        corpus_cache_dir=cache_dir,
        dedupe=False,
    )
    _note_limits(result)
    return result


def annotate_task(
    filename: str,
    data: bytes,
    *,
    settings: Settings,
    use_corpus: bool,
    corpus_dir: Path | None,
    cache_dir: Path | None,
) -> tuple[bytes | None, dict[str, Any]]:
    """Check a .docx and return a copy with one Word comment per finding, plus the check JSON. The
    bytes are None when the document could not be checked (the JSON then holds the error)."""
    result = _check(
        (filename, data), settings=settings, use_corpus=use_corpus, corpus_dir=corpus_dir, cache_dir=cache_dir
    )
    doc = result.documents[0]
    if doc.error is not None and not doc.units:  # not read at all: the JSON holds why
        return None, result.to_json()
    from vbassist.reports.annotate import annotate_docx

    annotated = annotate_docx(data, doc.findings, limits=settings.parse_limits())
    return annotated.data, result.to_json()


def overview_task(
    uploads: list[tuple[str, bytes]],
    suffix: str,
    *,
    settings: Settings,
    use_corpus: bool,
    corpus_dir: Path | None,
    cache_dir: Path | None,
) -> tuple[bytes | None, dict[str, Any]]:
    """The overview of several uploads rendered as `suffix` (None when no report could be read), and
    counts plus the failed files for the answer's headers and errors."""
    from vbassist.batch import BytesInput
    from vbassist.overview import build_overview, render_overview

    overview = build_overview(
        [BytesInput(name, data) for name, data in uploads],
        settings=settings,
        jobs=1,
        use_corpus=use_corpus and corpus_dir is not None,
        corpus_dir=corpus_dir,
        corpus_cache_dir=cache_dir,
    )
    summary: dict[str, Any] = {
        "reports": len(overview.reports),
        "goals": len(overview.goals),
        "failed": [f.model_dump() for f in overview.failed],
    }
    if not overview.reports:
        return None, summary
    return render_overview(overview, suffix), summary


def parse_task(filename: str, data: bytes, settings: Settings) -> tuple[list[Any], tuple[str, str] | None]:
    """The reports of one upload, or the error's (code, message). Errors come back as data: a pickled
    exception would lose its code's class and fold the file name into the message."""
    from vbassist.errors import VbassistError
    from vbassist.parsing import parse_bytes

    try:
        return parse_bytes(data, filename, limits=settings.parse_limits()), None
    except VbassistError as exc:
        if exc.code in LIMIT_CODES:
            recycle_after_this_task()
        return [], (exc.code, exc.message)
