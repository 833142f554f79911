"""The work of a batch, in worker processes or in this one: parse a file, check a report, or both in
the same process (the report is not shipped to another worker to be checked). The task functions are
top-level so a pool can pickle them; what every task of a batch shares (`Job`: limits, the base check
context, the corpus) is handed to each worker once, when it starts."""

from __future__ import annotations

import os
import pickle
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vbassist.batch.inputs import BytesInput, WorkItem, source_of
from vbassist.batch.related import related_for
from vbassist.checks.registry import CheckContext
from vbassist.checks.result import DocumentError
from vbassist.model import Finding, Report
from vbassist.parsing.limits import DEFAULT_LIMITS, ParseLimits

# A compact summary computed from each full report where it was parsed (the overview's rows): a
# top-level function, so a pool can send it to its workers by name.
ReportDigest = Callable[[Report, CheckContext], Any]


@dataclass(frozen=True)
class Job:
    """What every task of one batch shares. `context` is the settings' check context without
    `related` (each report gets its own); `corpus` the parsed corpus reports checked against;
    `digest`, when set, is computed from every report in the worker (`Done.digests`)."""

    limits: ParseLimits = DEFAULT_LIMITS
    context: CheckContext = field(default_factory=CheckContext)
    corpus: list[Report] = field(default_factory=list)
    digest: ReportDigest | None = None


# The job of this worker process, set by the pool's initializer: inherited by forked workers or passed
# once to the initializer, never sent along with every task.
_WORKER_JOB = Job()


@dataclass
class Parsed:
    source: str
    reports: list[Report]
    error: DocumentError | None = None
    seconds: float = 0.0


@dataclass
class Checked:
    findings: list[Finding]
    error: DocumentError | None = None
    seconds: float = 0.0


def error_of(exc: BaseException) -> DocumentError:
    """The one-line error of a file that could not be read."""
    from vbassist.errors import VbassistError

    if isinstance(exc, VbassistError):
        return DocumentError(code=exc.code, message=exc.message)
    if isinstance(exc, FileNotFoundError):
        return DocumentError(code="saknas", message="filen finns inte")
    if isinstance(exc, IsADirectoryError | PermissionError):
        return DocumentError(code="ej_lasbar", message="filen kan inte läsas (behörighet eller mapp)")
    if isinstance(exc, MemoryError):  # a worker's memory limit (the service): a file over a budget
        return DocumentError(code="for_stor_fil", message="filen kräver mer minne än tillåtet")
    # an unexpected failure is still one line, never a traceback; the type helps a bug report
    return DocumentError(code="internt_fel", message=f"oväntat fel vid läsning ({type(exc).__name__})")


def parse_one(item: WorkItem, job: Job | None = None) -> Parsed:
    """Parse one file or upload; an error becomes data (one bad file must not stop the batch)."""
    from vbassist.parsing import parse_bytes, parse_file

    limits = (job or _WORKER_JOB).limits
    started = time.process_time()  # CPU time: comparable on a busy machine
    source = source_of(item)
    if isinstance(item, str) and not Path(item).exists():
        return Parsed(source, [], DocumentError(code="saknas", message="filen finns inte"))
    try:
        if isinstance(item, BytesInput):
            reports = parse_bytes(item.data, item.filename, limits=limits)
        else:
            reports = parse_file(item, limits=limits)
        return Parsed(source, list(reports), seconds=time.process_time() - started)
    except Exception as exc:  # one bad file must not stop the batch
        return Parsed(source, [], error_of(exc), time.process_time() - started)


def check_one(task: tuple[Report, list[Report]], job: Job | None = None) -> Checked:
    """Check one report against its related reports; a rule crash becomes data."""
    from dataclasses import replace

    from vbassist.checks.runner import run_checks

    report, related = task
    base = (job or _WORKER_JOB).context
    started = time.process_time()
    try:
        findings = run_checks(report, replace(base, related=related))
        return Checked(findings, seconds=time.process_time() - started)
    except Exception as exc:  # a rule crash on one report must not stop the batch
        error = (
            error_of(exc)
            if isinstance(exc, MemoryError)
            else DocumentError(
                code="internt_fel", message=f"oväntat fel i granskningen ({type(exc).__name__})"
            )
        )
        return Checked([], error, time.process_time() - started)


@dataclass
class Done:
    """A file parsed and each of its reports checked against the corpus (first pass)."""

    parsed: Parsed
    checked: list[Checked]
    digests: list[Any] = field(default_factory=list)  # `Job.digest` of each report, when set
    digest_seconds: float = 0.0
    # From a pool worker: `parsed.reports` are stubs (unit, kind, year, district, source; no goals or
    # tables) and the full reports travel pickled here, opened by the parent only for reports that are
    # context for, or get context from, another report of the batch. Unpickling every full report and
    # keeping them all alive (the collector walking them again and again) was most of the parent's CPU.
    packed: bytes | None = None

    def unpack(self) -> None:
        if self.packed is not None:
            self.parsed.reports = pickle.loads(self.packed)
            self.packed = None


def _stub(report: Report) -> Report:
    return report.model_copy(update={"goals": [], "sections": [], "budget_tables": [], "tables": []})


def parse_and_check(item: WorkItem, job: Job | None = None) -> Done:
    """Parse and check in the same process. `job` None = this worker's job (in a pool, where the
    reports are packed for the trip back); the in-process path passes it explicitly, so concurrent
    callers (API threads) never share it through the module global."""
    in_pool = job is None
    job = job or _WORKER_JOB
    parsed = parse_one(item, job)
    done = Done(parsed, [check_one((r, related_for(r, job.corpus)), job) for r in parsed.reports])
    if job.digest is not None:
        done.digests, done.digest_seconds = digest_all(parsed, job)
    if in_pool and parsed.reports:
        done.packed = pickle.dumps(parsed.reports, protocol=pickle.HIGHEST_PROTOCOL)
        parsed.reports = [_stub(r) for r in parsed.reports]
    return done


def digest_all(parsed: Parsed, job: Job) -> tuple[list[Any], float]:
    """`job.digest` of each report (None for one it crashed on: that file is marked `internt_fel`,
    the batch goes on), and the CPU seconds they took."""
    assert job.digest is not None
    digests: list[Any] = []
    started = time.process_time()
    for report in parsed.reports:
        try:
            digests.append(job.digest(report, job.context))
        except Exception as exc:  # one report's summary must not stop the batch
            digests.append(None)
            if parsed.error is None:
                parsed.error = DocumentError(
                    code="internt_fel", message=f"oväntat fel i sammanställningen ({type(exc).__name__})"
                )
    return digests, time.process_time() - started


def _init_worker(job: Job) -> None:
    global _WORKER_JOB
    _WORKER_JOB = job
    import gc

    # what a forked worker inherits (modules, the corpus) lives as long as the worker: keep the
    # collector from walking it again on every full collection
    gc.freeze()


def chunksize(n_tasks: int, jobs: int) -> int:
    """Tasks sent to a worker at a time: one round trip per file costs more than a small file's check,
    but chunks small enough that both workers stay busy to the end and progress moves."""
    return max(1, min(8, n_tasks // (jobs * 4)))


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


def executor_for(jobs: int, n_tasks: int, *, limits: ParseLimits, job: Job | None = None) -> Executor | None:
    """A process pool when it pays (more than one task and job), its workers set up with `job` (or
    just `limits`). Fork keeps start-up cheap on Linux: the workers inherit the imported parser
    instead of importing it again."""
    if jobs <= 1 or n_tasks <= 1:
        return None
    import multiprocessing

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    if method == "fork":
        # import the parser (its readers and builder are imported lazily by `vbassist.parsing`) and
        # register the rules once here, so every forked worker starts warm instead of each importing
        # them again
        import vbassist.parsing
        import vbassist.parsing.builder
        import vbassist.parsing.docx_reader
        import vbassist.parsing.text  # noqa: F401
        from vbassist.checks import all_rules

        all_rules()
    return ProcessPoolExecutor(
        max_workers=min(jobs, n_tasks),
        mp_context=multiprocessing.get_context(method),
        initializer=_init_worker,
        initargs=(job or Job(limits=limits),),
    )
