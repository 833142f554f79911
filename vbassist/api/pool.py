"""CPU work off the event loop: parsing and checking run in bounded worker processes (both cores work,
and a request's check never blocks another's); index and drafting work runs in a bounded thread pool
of this process (the embedded Chroma store may be opened by one process only).

How a bad file is kept from hurting other clients (vbassist/api/processes.py for the worker's side):
- a task gets the request's deadline; when it passes the worker is killed (504), not asked to stop;
- a task still running after `SLOW_AFTER_S` is demoted: its worker's priority is lowered a little
  (`SLOW_NICENESS`: a large PDF still finishes in seconds), and all the way (`SUSPECT_NICENESS`) when
  its worker grows by more than a quarter of its memory limit (what a bomb does, never a real report);
  another worker is started at normal priority, so short checks keep both cores (at most
  `2 × processes` workers live at once: memory stays within `2 × processes × VBASSIST_WORKER_MEMORY_MB`);
- a worker that ran out of its memory limit, hit a parser limit, ran slow, grew, died or served
  `max_jobs` tasks is replaced by a fresh one in the background, so its memory goes back.
With `processes=0` the work runs in threads of this process instead (tests): a thread cannot be
stopped, so `vbassist serve` refuses that configuration.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from vbassist.api.errors import NotAvailable, RequestTimeout, WorkerLost
from vbassist.api.processes import WarmArgs, WorkerContext, WorkerLimits, WorkerProcess, forkserver_context
from vbassist.errors import FileTooLargeError

T = TypeVar("T")
SLOW_AFTER_S = 1.0  # a check of a real .docx takes 0.05-0.5 s on a busy machine, a real PDF 1-3 s
SLOW_NICENESS = 5  # a slow task (a large PDF): a smaller share of the cores, still done in seconds
SUSPECT_NICENESS = 19  # a task whose memory balloons (a span bomb): what the cores have left over
START_TIMEOUT_S = 120.0  # a worker reads the corpus as it starts
_POLL_S = 0.1  # how often a waiting call looks at its deadline and cancellation


class _Cancelled(Exception):
    """The request went away (its deadline or the client): nobody waits for this task."""


@dataclass
class _Call:
    fn: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    deadline: float
    cancelled: threading.Event = field(default_factory=threading.Event)


class WorkPool:
    """Worker processes for parse/check (`processes`; 0 = threads of this process instead) and a thread
    pool for index and drafting work. Started lazily on first use (or by `warm`), closed by the app's
    lifespan."""

    def __init__(
        self,
        processes: int,
        threads: int,
        task_deadline_s: float = 0.0,
        warm_args: WarmArgs = (None, None, None),
        limits: WorkerLimits | None = None,
    ) -> None:
        self.processes = max(0, processes)
        self.task_deadline_s = task_deadline_s
        self.warm_args = warm_args
        self.limits = limits or WorkerLimits()
        self.threads = max(1, threads)
        self.max_workers = 2 * self.processes
        self._cond = threading.Condition()
        self._idle: list[WorkerProcess] = []
        self._live: set[WorkerProcess] = set()
        self._fast = 0  # workers at normal priority, idle, busy or starting
        self._total = 0  # every worker, starting ones included
        self._closed = False
        self._ctx: WorkerContext | None = None
        self._dispatch: ThreadPoolExecutor | None = None
        self._thread_pool: ThreadPoolExecutor | None = None
        self.recycled = 0  # workers replaced (for tests and the bench)

    # ------------------------------------------------------------------ threads

    def _executor(self, attr: str, workers: int, prefix: str) -> ThreadPoolExecutor:
        with self._cond:
            if getattr(self, attr) is None:
                setattr(self, attr, ThreadPoolExecutor(max_workers=workers, thread_name_prefix=prefix))
            executor: ThreadPoolExecutor = getattr(self, attr)
            return executor

    def io_executor(self) -> ThreadPoolExecutor:
        return self._executor("_thread_pool", self.threads, "vbassist-api")

    async def run_io(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run `fn` in the thread pool (index, drafting: work that must stay in this process)."""
        return await asyncio.wrap_future(self.io_executor().submit(fn, *args, **kwargs))

    # ------------------------------------------------------------------ processes

    def warm(self) -> None:
        """Start the worker processes now (service start) instead of on the first request."""
        if self.processes == 0:
            return
        starters = [threading.Thread(target=self._replenish) for _ in range(self.processes)]
        for thread in starters:
            thread.start()
        for thread in starters:
            thread.join()

    async def run_cpu(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run `fn` in a worker process and wait without blocking the event loop. A request that is
        cancelled (its timeout) stops its task, queued or running; a task past the deadline kills its
        worker (504); a dead worker gives a 503 for this request and a fresh worker for the next."""
        if self.processes == 0:
            return await self.run_io(fn, *args, **kwargs)
        deadline = time.monotonic() + self.task_deadline_s if self.task_deadline_s > 0 else math.inf
        call = _Call(fn, args, kwargs, deadline)
        # one waiting thread per running call; calls beyond that wait in the executor's queue
        dispatch = self._executor("_dispatch", 4 * self.max_workers + 4, "vbassist-cpu")
        future = dispatch.submit(self._run, call)
        try:
            result: T = await asyncio.wrap_future(future)
            return result
        except asyncio.CancelledError:
            call.cancelled.set()
            raise

    def _run(self, call: _Call) -> Any:
        worker = self._checkout(call)
        try:
            worker.conn.send((call.fn, call.args, call.kwargs))
            started = time.monotonic()
            while not worker.conn.poll(min(_POLL_S, max(0.0, call.deadline - time.monotonic()))):
                now = time.monotonic()
                if call.cancelled.is_set():
                    raise _Cancelled
                if now >= call.deadline:
                    raise self._timeout()
                if worker.niceness < SUSPECT_NICENESS and worker.grown_mb() > self.limits.recycle_growth_mb:
                    self._demote(worker, SUSPECT_NICENESS)
                elif not worker.slow and now - started > SLOW_AFTER_S:
                    self._demote(worker, SLOW_NICENESS)
            status, payload, recycle = worker.conn.recv()
        except (_Cancelled, RequestTimeout):
            self._retire(worker, kill=True)
            raise
        except (EOFError, OSError):  # the worker died: killed, out of memory, a crash in C code
            self._retire(worker, kill=True)
            raise WorkerLost(
                "En arbetsprocess avslutades oväntat (troligen minnesbrist). Försök igen om en stund."
            ) from None
        if recycle or worker.slow:
            self._retire(worker)
        else:
            self._checkin(worker)
        if status == "memory":
            mb = f"{self.limits.memory_mb:,.0f}".replace(",", " ")
            raise FileTooLargeError(
                f"dokumentet kräver mer minne än en arbetsprocess får använda ({mb} MB) och avbröts"
            )
        if status == "error":
            raise payload
        return payload

    def _timeout(self) -> RequestTimeout:
        return RequestTimeout(
            f"Arbetet tog längre tid än {self.task_deadline_s:g} s och avbröts. Försök igen, eller dela upp dokumentet."
        )

    def _checkout(self, call: _Call) -> WorkerProcess:
        """An idle worker, or a new one while there are fewer than `processes` at normal priority."""
        with self._cond:
            while True:
                if self._closed:
                    raise NotAvailable("Tjänsten stängs.")
                if self._idle:
                    return self._idle.pop()
                if self._fast < self.processes and self._total < self.max_workers:
                    self._fast += 1
                    self._total += 1
                    break
                if call.cancelled.is_set():
                    raise _Cancelled
                remaining = call.deadline - time.monotonic()
                if remaining <= 0:
                    raise self._timeout()
                self._cond.wait(min(_POLL_S, remaining))
        return self._start()

    def _start(self) -> WorkerProcess:
        """Start a worker for a slot already counted in `_fast`/`_total` (released on failure)."""
        try:
            with self._cond:
                if self._ctx is None:
                    self._ctx = forkserver_context()
                ctx = self._ctx
            worker = WorkerProcess(ctx, self.warm_args, self.limits)
            if not worker.wait_ready(START_TIMEOUT_S):
                worker.kill()
                raise WorkerLost("En arbetsprocess kunde inte startas. Försök igen om en stund.")
        except BaseException:
            with self._cond:
                self._fast -= 1
                self._total -= 1
                self._cond.notify_all()
            raise
        with self._cond:
            self._live.add(worker)
        return worker

    def _checkin(self, worker: WorkerProcess) -> None:
        with self._cond:
            closed = self._closed
            if not closed:
                self._idle.append(worker)
                self._cond.notify()
        if closed:
            worker.stop()

    def _demote(self, worker: WorkerProcess, niceness: int) -> None:
        """A slow task: lower its worker's priority and free its place for a fresh worker."""
        was_slow = worker.slow
        worker.demote(niceness)
        if not was_slow:
            with self._cond:
                self._fast -= 1
                self._cond.notify_all()

    def _retire(self, worker: WorkerProcess, *, kill: bool = False) -> None:
        """Replace `worker`: it ended, asked to be recycled, ran slow or must be stopped now."""
        with self._cond:
            self._live.discard(worker)
            self._total -= 1
            if not worker.slow:
                self._fast -= 1
            self.recycled += 1
            self._cond.notify_all()
        # stopping waits for the process: not on the request's time
        threading.Thread(target=worker.kill if kill else worker.stop, daemon=True).start()
        if not self._closed:
            threading.Thread(target=self._replenish, daemon=True).start()

    def _replenish(self) -> None:
        """Start one idle worker when fewer than `processes` run at normal priority."""
        with self._cond:
            if self._closed or self._fast >= self.processes or self._total >= self.max_workers:
                return
            self._fast += 1
            self._total += 1
        with contextlib.suppress(Exception):  # the next request starts one, or reports why not
            self._checkin(self._start())

    def worker_pids(self) -> list[int]:
        """The live workers' process ids (tests and the bench read their memory)."""
        with self._cond:
            return [w.pid for w in self._live if w.pid is not None]

    def close(self) -> None:
        with self._cond:
            self._closed = True
            workers = list(self._live)
            self._live.clear()
            self._idle.clear()
            pools = [self._dispatch, self._thread_pool]
            self._dispatch = self._thread_pool = None
            self._cond.notify_all()
        # wait for the processes: not waiting leaves workers behind when the service exits right after
        for worker in workers:
            worker.stop()
        for pool in pools:
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)
