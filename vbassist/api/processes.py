"""One worker process of the service: CPU work (parsing, checking) that cannot hurt the service.

Each worker runs one task at a time, sent over its own pipe, and is bounded from both sides:
- inside, an address-space limit (RLIMIT_AS, `VBASSIST_WORKER_MEMORY_MB`): a file that needs more
  raises MemoryError in the worker, not an out-of-memory kill of the machine;
- outside, the service kills a worker whose task outlives its request (a signal handler in the worker
  cannot stop C code such as lxml parsing one huge part, so the deadline is kept by the parent);
- after a task that cost much memory, hit a limit after costing some, ran slow, or after `max_jobs`
  tasks the worker exits, so the memory a bad file made it use goes back to the system.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import os
import pickle
import resource
from dataclasses import dataclass
from multiprocessing.context import ForkServerContext, SpawnContext
from pathlib import Path
from typing import Any

from vbassist.settings import Settings

WarmArgs = tuple[Settings | None, Path | None, Path | None]
WorkerContext = ForkServerContext | SpawnContext
_MB = 1024 * 1024


@dataclass(frozen=True)
class WorkerLimits:
    """What one worker may cost. `memory_mb` 0 = no limit."""

    memory_mb: float = 1024.0
    max_jobs: int = 500

    @property
    def recycle_growth_mb(self) -> float:
        """Resident memory grown by more than this over a fresh worker's: give it back (recycle)."""
        return max(128.0, self.memory_mb / 4) if self.memory_mb > 0 else 512.0


# set by a task whose input hit one of the parser's limits: the worker is replaced after this task
# when the file made it grow by more than BAD_FILE_GROWTH_MB
_recycle_requested = False
BAD_FILE_GROWTH_MB = 32.0


def recycle_after_this_task() -> None:
    """Called by a task (in a worker) when its input was bad: the worker exits after answering."""
    global _recycle_requested
    _recycle_requested = True


def _limit_memory(memory_mb: float) -> None:
    if memory_mb <= 0:
        return
    limit = int(memory_mb * _MB)
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit if hard == resource.RLIM_INFINITY else hard))


def resident_mb(pid: int | None = None) -> float:
    """Resident memory of a process (this one by default), from /proc; 0 where there is none."""
    try:
        pages = Path(f"/proc/{pid or 'self'}/statm").read_text().split()[1]
    except (OSError, IndexError):
        return 0.0
    return int(pages) * os.sysconf("SC_PAGE_SIZE") / _MB


def _portable(exc: BaseException) -> BaseException:
    """The exception as it can travel back (pickled), or a stand-in naming its type."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return RuntimeError(type(exc).__name__)


def worker_main(
    conn: multiprocessing.connection.Connection, warm_args: WarmArgs, limits: WorkerLimits
) -> None:
    """The worker's loop: warm up, say ready, then answer `(fn, args, kwargs)` messages with
    `(status, payload, recycle)` until told to stop (None), or until it should be recycled."""
    global _recycle_requested
    from vbassist.api.workers import warm

    _limit_memory(limits.memory_mb)  # before warming: the corpus it reads counts too
    warm(*warm_args)
    baseline = resident_mb()
    conn.send(("ready", os.getpid(), baseline))
    jobs = 0
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        fn, args, kwargs = message
        jobs += 1
        _recycle_requested = False
        outcome: tuple[str, Any]
        try:
            outcome = ("ok", fn(*args, **kwargs))
        except MemoryError:
            outcome = ("memory", None)
        except Exception as exc:
            outcome = ("error", _portable(exc))
        del message, fn, args, kwargs
        grown = resident_mb() - baseline
        recycle = (
            outcome[0] == "memory"
            or jobs >= limits.max_jobs
            or grown > limits.recycle_growth_mb
            # a file over a parser limit, refused after it made the worker grow; one refused before it
            # cost anything leaves a clean worker (a restart per cheap refusal would be the expense)
            or (_recycle_requested and grown > BAD_FILE_GROWTH_MB)
        )
        try:
            conn.send((*outcome, recycle))
        except MemoryError:
            conn.send(("memory", None, True))
            return
        except Exception as exc:  # an answer that cannot be pickled: a bug, reported by its type
            conn.send(("error", RuntimeError(type(exc).__name__), recycle))
        if recycle:
            return


class WorkerProcess:
    """The service's handle on one worker: its process and pipe."""

    def __init__(self, ctx: WorkerContext, warm_args: WarmArgs, limits: WorkerLimits) -> None:
        parent, child = ctx.Pipe()
        self.process: multiprocessing.process.BaseProcess = ctx.Process(
            target=worker_main, args=(child, warm_args, limits), daemon=True, name="vbassist-worker"
        )
        self.process.start()
        child.close()
        self.conn: multiprocessing.connection.Connection = parent
        self.slow = False  # running a slow task at low priority: recycled when it is done
        self.pid: int | None = self.process.pid
        self.baseline_mb = 0.0  # resident memory when it was ready
        self.niceness = 0

    def wait_ready(self, timeout: float) -> bool:
        """True when the worker has warmed up and answers."""
        try:
            if not self.conn.poll(timeout):
                return False
            status, _, self.baseline_mb = self.conn.recv()
        except (EOFError, OSError, ValueError):
            return False
        return bool(status == "ready")

    def grown_mb(self) -> float:
        """How much more resident memory the worker holds than when it was ready."""
        return resident_mb(self.pid) - self.baseline_mb if self.pid is not None else 0.0

    def demote(self, niceness: int) -> None:
        """Lower the priority of a worker running a slow task, so short tasks of other clients keep
        their share of the cores (raising it again needs privileges: the worker is recycled after)."""
        self.slow = True
        self.niceness = max(self.niceness, niceness)
        if self.pid is not None:
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, self.pid, self.niceness)

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
        self.process.join(timeout=5)
        with contextlib.suppress(Exception):
            self.conn.close()

    def stop(self) -> None:
        """Ask the worker to end (it may have ended already, after asking to be recycled)."""
        with contextlib.suppress(Exception):
            self.conn.send(None)
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.kill()
        with contextlib.suppress(Exception):
            self.conn.close()


def forkserver_context() -> WorkerContext:
    """Workers are forked from a clean "forkserver" process (not from the service, whose event loop
    and threads a fork would copy), with the parser and rules preloaded."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["vbassist.parsing", "vbassist.checks", "vbassist.api.workers"])
    return ctx
