"""`check_documents`: parse and check many inputs, keep going past a bad file, one `CheckResult`.

First pass: each distinct file is parsed and checked in one worker, against the corpus. Second pass,
only where the batch itself holds context (a plan of the same year, last year's report): those reports
are checked again with it. With `settings.llm_check_pass` and a model configured, the optional
LLM-assisted pass adds its findings per report, here in the calling process."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypedDict, TypeVar, Unpack

from vbassist.batch.corpus import load_corpus
from vbassist.batch.inputs import DocumentInput, WorkItem, distinct, source_of, work_items
from vbassist.batch.pool import (
    Checked,
    Done,
    Job,
    Parsed,
    check_one,
    chunksize,
    default_jobs,
    digest_all,
    executor_for,
    parse_and_check,
)
from vbassist.batch.related import related_for
from vbassist.checks.registry import CheckContext
from vbassist.checks.result import CheckedDocument, CheckResult, UnitInfo, severity_counts, summarize
from vbassist.model import Report

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from vbassist.settings import Settings

__all__ = ["BatchOptions", "BatchRun", "ProgressCallback", "check_documents", "default_jobs", "run_batch"]

# (stage, done, total): "check" counts files parsed and checked, "context" reports checked again with
# plans or last year's reports from the batch
ProgressCallback = Callable[[str, int, int], None]
T = TypeVar("T")


@dataclass
class BatchRun(Generic[T]):
    """What `run_batch` gives: the check result and, per document, the digest of each of its reports
    (aligned with `result.documents[i].units`; None where the digest crashed)."""

    result: CheckResult
    digests: list[list[T | None]]


class BatchOptions(TypedDict, total=False):
    """The keyword arguments `check_documents` passes on to `run_batch` (documented there)."""

    jobs: int | None
    corpus_dir: Path | None
    use_corpus: bool
    corpus_cache_dir: Path | None
    dedupe: bool
    progress: ProgressCallback | None


def check_documents(
    inputs: Iterable[DocumentInput], *, settings: Settings, **options: Unpack[BatchOptions]
) -> CheckResult:
    """Parse and check every input (paths, folders, `BytesInput` uploads or already parsed `Report`s)
    and return one `CheckResult`: `run_batch` without a digest."""
    run: BatchRun[None] = run_batch(inputs, settings=settings, **options)
    return run.result


def run_batch(
    inputs: Iterable[DocumentInput],
    *,
    settings: Settings,
    jobs: int | None = None,
    corpus_dir: Path | None = None,
    use_corpus: bool = True,
    corpus_cache_dir: Path | None = None,
    dedupe: bool = True,
    progress: ProgressCallback | None = None,
    digest: Callable[[Report, CheckContext], T] | None = None,
) -> BatchRun[T]:
    """Parse and check every input (paths, folders, `BytesInput` uploads or already parsed `Report`s)
    and return one `CheckResult`. A file that cannot be read becomes a document with `error` set; the
    rest go on. `settings` gives the limits, the rules in force, the polarity lexicon, the corpus and
    the optional LLM pass. `jobs` defaults to the number of cores; 1 runs everything in this process
    (what the API does per request). The corpus (`settings.corpus_dir` unless `corpus_dir` is given)
    supplies plans and last year's reports as context, never documents of its own. With `dedupe`,
    files with identical bytes (copies in several folders) are parsed and checked once and reported
    under each of their names. Parsed corpus files are cached in `corpus_cache_dir` (default
    `<data_dir>/cache/check-corpus`). `digest(report, context)`, a top-level function, is computed
    from each full report where it was parsed (in the worker: the parent gets stub reports) and
    returned beside the result; copies share one digest."""
    t0 = time.perf_counter()
    jobs = default_jobs() if jobs is None else max(1, jobs)
    limits = settings.parse_limits()
    items = work_items(inputs)

    corpus: list[Report] = []
    corpus_parsed = 0
    if use_corpus:
        corpus_dir = Path(settings.corpus_dir if corpus_dir is None else corpus_dir)
        if corpus_cache_dir is None:
            corpus_cache_dir = Path(settings.data_dir) / "cache" / "check-corpus"
        batch_paths = {Path(i).resolve() for i in items if isinstance(i, str)}
        corpus, corpus_parsed = load_corpus(
            corpus_dir, corpus_cache_dir, skip=batch_paths, jobs=jobs, limits=limits
        )
    t_corpus = time.perf_counter()

    job = Job(limits=limits, context=CheckContext.from_settings(settings), corpus=corpus, digest=digest)
    to_read: list[WorkItem] = [i for i in items if not isinstance(i, Report)]
    dist = distinct(to_read, dedupe=dedupe, max_bytes=int(limits.max_file_mb * 1024 * 1024))
    stats = _Stats()
    executor = executor_for(jobs, len(dist.unique), limits=limits, job=job)
    with executor if executor is not None else nullcontext():
        done = _first_pass(dist.unique, executor, job, jobs, stats, progress)
        t_first = time.perf_counter()
        _unpack_related(done, [i for i in items if isinstance(i, Report)], corpus)
        if _llm_pass_on(settings):
            for d in done:  # the LLM pass runs here, in this process, over the full reports
                d.unpack()
        per_item, report_key = _per_input(items, done, dist.slot, dist.keys, job)
        for r in corpus:
            report_key[id(r)] = ("corpus", id(r))
        second, task_of, related_used = _second_pass(
            per_item, corpus, report_key, executor, job, stats, progress
        )

    documents = _documents(per_item, second, task_of, settings)
    t_done = time.perf_counter()
    out = CheckResult(documents=documents)
    out.summary = summarize(documents, related_reports=len(related_used))
    out.summary.timings = {
        "corpus_wall": round(t_corpus - t0, 4),
        "first_pass_wall": round(t_first - t_corpus, 4),
        "second_pass_wall": round(t_done - t_first, 4),
        "parse_cpu": round(stats.parse_seconds, 4),
        "check_cpu": round(stats.check_seconds, 4),
        "parsed": len(dist.unique) + corpus_parsed,
        "checked": sum(len(d.checked) for d in done) + len(second),
    }
    if digest is not None:
        out.summary.timings["digest_cpu"] = round(sum(d.digest_seconds for d in done), 4)
    return BatchRun(out, [p.digests for p in per_item])


@dataclass
class _Stats:
    parse_seconds: float = 0.0
    check_seconds: float = 0.0


@dataclass
class _ItemResult:
    """One input's reports (copies renamed to their own source) and their first-pass results (None for
    a `Report` given directly, never checked yet)."""

    parsed: Parsed
    checked: list[Checked | None] = field(default_factory=list)
    digests: list[Any] = field(default_factory=list)  # the job's digest of each report, when it has one


def _first_pass(
    unique: list[WorkItem],
    executor: Executor | None,
    job: Job,
    jobs: int,
    stats: _Stats,
    progress: ProgressCallback | None,
) -> list[Done]:
    """Parse + check against the corpus, each distinct content once."""
    results = (
        executor.map(parse_and_check, unique, chunksize=chunksize(len(unique), jobs))
        if executor is not None
        else map(partial(parse_and_check, job=job), unique)
    )
    done: list[Done] = []
    for result in results:
        done.append(result)
        stats.parse_seconds += result.parsed.seconds
        stats.check_seconds += sum(c.seconds for c in result.checked)
        if progress is not None:
            progress("check", len(done), len(unique))
    return done


def _unpack_related(done: list[Done], given: list[Report], corpus: list[Report]) -> None:
    """Open the full reports of the files whose reports take part in the second pass: a report with
    context inside the batch (it is checked again) and that context itself. Relations depend only on
    kind, year and district, which the stubs carry."""
    owner = {id(r): d for d in done if d.packed is not None for r in d.parsed.reports}
    if not owner:
        return
    batch = [r for d in done for r in d.parsed.reports] + given
    batch_ids = {id(r) for r in batch}
    pool = batch + corpus
    for report in batch:
        in_batch = [x for x in related_for(report, pool) if id(x) in batch_ids]
        if not in_batch and id(report) in owner:
            continue  # checked in the first pass with the same context; a given Report always is again
        for x in [report, *in_batch]:
            if id(x) in owner:
                owner[id(x)].unpack()


def _per_input(
    items: list[WorkItem | Report], done: list[Done], slot: list[int], keys: list[str | None], job: Job
) -> tuple[list[_ItemResult], dict[int, object]]:
    """Per input its reports, first-pass results and digests, and for every report what makes two
    reports the same input (`id(report)` -> key): copies of one content share their checks."""
    per_item: list[_ItemResult] = []
    report_key: dict[int, object] = {}
    j = 0
    for item in items:
        if isinstance(item, Report):
            given = Parsed(item.source, [item])
            digests = digest_all(given, job)[0] if job.digest is not None else []
            per_item.append(_ItemResult(given, [None], digests))
            report_key[id(item)] = ("report", id(item))
            continue
        shared = done[slot[j]]
        source = source_of(item)
        parsed = shared.parsed
        if source != parsed.source:
            renamed = [r.model_copy(update={"source": source}) for r in parsed.reports]
            parsed = Parsed(source, renamed, parsed.error)
        for n, r in enumerate(parsed.reports):
            report_key[id(r)] = (keys[j], n) if keys[j] is not None else ("report", id(r))
        per_item.append(_ItemResult(parsed, list(shared.checked), shared.digests))
        j += 1
    return per_item, report_key


def _second_pass(
    per_item: list[_ItemResult],
    corpus: list[Report],
    report_key: dict[int, object],
    executor: Executor | None,
    job: Job,
    stats: _Stats,
    progress: ProgressCallback | None,
) -> tuple[list[Checked], dict[tuple[int, int], int], set[object]]:
    """Reports with context inside the batch (or given as Reports) are checked again. Returns the
    results, which task holds each (item, report), and the keys of every related report used."""
    batch_reports = [r for p in per_item for r in p.parsed.reports]
    batch_ids = {id(r) for r in batch_reports}
    pool = batch_reports + corpus
    related_used: set[object] = set()
    tasks: list[tuple[Report, list[Report]]] = []
    first_of_task: dict[tuple[object, ...], int] = {}
    task_of: dict[tuple[int, int], int] = {}
    for i, p in enumerate(per_item):
        for n, r in enumerate(p.parsed.reports):
            rel = related_for(r, pool)
            related_used.update(report_key[id(x)] for x in rel)
            if p.checked[n] is not None and not any(id(x) in batch_ids for x in rel):
                continue  # the first pass saw the same context
            tkey = (report_key[id(r)], *sorted(repr(report_key[id(x)]) for x in rel))
            if tkey not in first_of_task:
                first_of_task[tkey] = len(tasks)
                tasks.append((r, rel))
            task_of[(i, n)] = first_of_task[tkey]
    second: list[Checked] = []
    if tasks:
        results = (
            executor.map(check_one, tasks)
            if executor is not None and len(tasks) > 1
            else map(partial(check_one, job=job), tasks)
        )
        for result in results:
            second.append(result)
            stats.check_seconds += result.seconds
            if progress is not None:
                progress("context", len(second), len(tasks))
    return second, task_of, related_used


def _documents(
    per_item: list[_ItemResult],
    second: list[Checked],
    task_of: dict[tuple[int, int], int],
    settings: Settings,
) -> list[CheckedDocument]:
    """One `CheckedDocument` per input, with the optional LLM pass's findings added per report."""
    llm_on = _llm_pass_on(settings)
    documents: list[CheckedDocument] = []
    for i, p in enumerate(per_item):
        warnings = dict.fromkeys(w for report in p.parsed.reports for w in report.warnings)
        doc = CheckedDocument(source=p.parsed.source, error=p.parsed.error, warnings=list(warnings))
        for n, report in enumerate(p.parsed.reports):
            result = second[task_of[(i, n)]] if (i, n) in task_of else p.checked[n]
            if result is None:  # cannot happen: an unchecked report always gets a second-pass task
                raise RuntimeError("report left unchecked")
            if result.error is not None and doc.error is None:
                doc.error = result.error
            findings = result.findings
            if llm_on and result.error is None:
                from vbassist.checks.llm_pass import with_llm_findings

                findings = with_llm_findings(report, findings, settings=settings)
            doc.findings.extend(findings)
            doc.units.append(
                UnitInfo(
                    unit=report.unit,
                    kind=report.kind,
                    year=report.year,
                    district=report.district,
                    counts=severity_counts(findings),
                )
            )
        documents.append(doc)
    return documents


def _llm_pass_on(settings: Settings) -> bool:
    """The optional LLM pass is switched on and has a model to ask."""
    return settings.llm_check_pass and bool(settings.llm)
