"""CPU work off the event loop: parsing and checking run in a bounded process pool (both cores work,
and a request's check never blocks another's), index and drafting work in a bounded thread pool of this
process (the embedded Chroma store may be opened by one process only).

The task functions are top-level so the pool can pickle them; they take plain data and return plain data
(JSON dicts, bytes, `Report`s).
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import multiprocessing.connection
import os
import threading
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, TypeVar

from vbassist.api.errors import RequestTimeout, WorkerLost
from vbassist.settings import Settings

T = TypeVar("T")


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


def _warm(
    settings: Settings | None = None, corpus_dir: Path | None = None, cache_dir: Path | None = None
) -> int:
    """Import the parser, register the rules and read the corpus (plans and last year's reports, the
    context of every check) once per worker process, so no request pays for it."""
    import os

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
    return _check(
        item, settings=settings, use_corpus=use_corpus, corpus_dir=corpus_dir, cache_dir=cache_dir
    ).to_json()


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
    return check_documents(
        [doc],
        settings=settings,
        jobs=1,
        use_corpus=use_corpus and corpus_dir is not None,
        corpus_dir=corpus_dir,
        corpus_cache_dir=cache_dir,
        dedupe=False,
    )


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
        return [], (exc.code, exc.message)


class DeadlinePassed(BaseException):
    """Raised inside a worker when its task outlives the request it serves."""


def _raise_deadline(signum: int, frame: Any) -> None:
    raise DeadlinePassed


def with_deadline(seconds: float, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """Run `fn` in a worker process with a deadline: the request gives up after `seconds` (504), and the
    worker must give up too, or a few pathological files would keep every worker busy. SIGALRM in the
    worker's main thread; in threads (workers=0) there is no way to stop, and the task runs on."""
    import signal

    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        return fn(*args, **kwargs)
    previous = signal.signal(signal.SIGALRM, _raise_deadline)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return fn(*args, **kwargs)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --------------------------------------------------------------------------- the pools


class WorkPool:
    """A process pool for parse/check (size `processes`; 0 = threads of this process instead) and a
    thread pool for index and drafting work. Created lazily on first use, closed by the app's lifespan."""

    def __init__(
        self,
        processes: int,
        threads: int,
        task_deadline_s: float = 0.0,
        warm_args: tuple[Settings | None, Path | None, Path | None] = (None, None, None),
    ) -> None:
        self.processes = max(0, processes)
        self.task_deadline_s = task_deadline_s
        self.warm_args = warm_args
        self.threads = max(1, threads)
        self._process_pool: ProcessPoolExecutor | None = None
        self._thread_pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def _new_process_pool(self) -> ProcessPoolExecutor:
        # forkserver: the workers are forked from a clean server process, not from this one with its
        # event loop and threads (fork of a threaded process can deadlock); the parser is preloaded
        methods = multiprocessing.get_all_start_methods()
        method = "forkserver" if "forkserver" in methods else "spawn"
        ctx = multiprocessing.get_context(method)
        if method == "forkserver":
            ctx.set_forkserver_preload(["vbassist.parsing", "vbassist.checks", "vbassist.api.workers"])
        return ProcessPoolExecutor(
            max_workers=self.processes, mp_context=ctx, initializer=_warm, initargs=self.warm_args
        )

    def cpu_executor(self) -> Executor:
        with self._lock:
            if self.processes == 0:
                return self.io_executor_locked()
            if self._process_pool is None:
                self._process_pool = self._new_process_pool()
            return self._process_pool

    def io_executor_locked(self) -> ThreadPoolExecutor:
        if self._thread_pool is None:
            self._thread_pool = ThreadPoolExecutor(
                max_workers=self.threads, thread_name_prefix="vbassist-api"
            )
        return self._thread_pool

    def io_executor(self) -> ThreadPoolExecutor:
        with self._lock:
            return self.io_executor_locked()

    def warm(self) -> None:
        """Start the worker processes now (service start) instead of on the first request."""
        if self.processes == 0:
            return
        executor = self.cpu_executor()
        for future in [executor.submit(os.getpid) for _ in range(self.processes)]:
            future.result()  # each worker ran `_warm` as it started

    async def run_cpu(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run `fn` in the process pool and wait without blocking the event loop. A cancelled request
        (timeout) cancels the task if it has not started; a dead worker (killed, out of memory) gives a
        fresh pool and a 503 for this request."""
        executor = self.cpu_executor()
        try:
            if self.processes > 0 and self.task_deadline_s > 0:
                future = executor.submit(with_deadline, self.task_deadline_s, fn, *args, **kwargs)
            else:
                future = executor.submit(fn, *args, **kwargs)
            return await asyncio.wrap_future(future)
        except DeadlinePassed:
            raise RequestTimeout(
                f"Arbetet tog längre tid än {self.task_deadline_s:g} s och avbröts. Försök igen, eller dela upp dokumentet."
            ) from None
        except BrokenProcessPool:
            with self._lock:
                if self._process_pool is executor:
                    self._process_pool = None
            executor.shutdown(wait=False, cancel_futures=True)
            raise WorkerLost(
                "En arbetsprocess avslutades oväntat (troligen minnesbrist). Försök igen om en stund."
            ) from None

    async def run_io(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run `fn` in the thread pool (index, drafting: work that must stay in this process)."""
        future = self.io_executor().submit(fn, *args, **kwargs)
        return await asyncio.wrap_future(future)

    def close(self) -> None:
        with self._lock:
            pools: list[Executor | None] = [self._process_pool, self._thread_pool]
            self._process_pool = self._thread_pool = None
        for pool in pools:
            if pool is not None:
                # wait for the processes: queued work is cancelled, a running task is bounded by its
                # deadline; not waiting leaves workers behind when the service exits right after
                pool.shutdown(wait=isinstance(pool, ProcessPoolExecutor), cancel_futures=True)
