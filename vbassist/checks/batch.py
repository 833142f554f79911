"""Check many documents at once: expand folders, parse and check in a process pool, keep going past a
bad file, and collect everything into one `CheckResult` that every output format (text, JSON, HTML,
xlsx, annotated .docx) and the API render from.

Two phases, because a plan (VP) in the batch is context for the reports of the same unit and year
(`plan_vs_report`): first parse everything (batch and corpus), then check each report with the
related plans and last year's reports as `CheckContext.related`.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from vbassist.model import Finding, Report, Severity

if TYPE_CHECKING:
    from vbassist.settings import Settings

SUPPORTED_SUFFIXES: tuple[str, ...] = (".docx", ".md", ".txt", ".pdf")
# found in folders too, so that they are reported as unreadable ("save as .docx") instead of skipped
REPORTED_SUFFIXES: tuple[str, ...] = (*SUPPORTED_SUFFIXES, ".doc")
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
SEVERITY_RANK: dict[str, int] = {"error": 0, "warning": 1, "info": 2}

# The keys of a finding in the documented JSON interface (docs/check.md); `confidence` stays internal.
FINDING_JSON_KEYS: tuple[str, ...] = (
    "id",
    "rule",
    "category",
    "severity",
    "unit",
    "goal",
    "message",
    "evidence",
    "location",
    "suggestion",
)

# (stage, done, total): "check" counts files parsed and checked, "context" reports checked again with
# plans or last year's reports from the batch
ProgressCallback = Callable[[str, int, int], None]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DocumentError(_Model):
    """Why a file could not be checked: the stable code of `vbassist.errors` and a Swedish message."""

    code: str
    message: str


class UnitInfo(_Model):
    """One report (unit) found in a document, with its finding counts by severity."""

    unit: str | None = None
    kind: str
    year: int | None = None
    district: str | None = None
    counts: dict[str, int] = Field(default_factory=dict)


class CheckedDocument(_Model):
    """One input file: its findings (all units), the units it held, or the error that stopped it."""

    source: str
    findings: list[Finding] = Field(default_factory=list)
    units: list[UnitInfo] = Field(default_factory=list)
    error: DocumentError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_json(self) -> dict[str, Any]:
        """The documented JSON shape: `source`, `findings` (and `error` only for a file that failed)."""
        out: dict[str, Any] = {
            "source": self.source,
            "findings": [f.model_dump(mode="json", include=set(FINDING_JSON_KEYS)) for f in self.findings],
        }
        if self.error is not None:
            out["error"] = self.error.model_dump(mode="json")
        return out


class CheckSummary(_Model):
    documents: int = 0
    checked: int = 0
    failed: int = 0
    reports: int = 0
    findings: int = 0
    by_severity: dict[str, int] = Field(default_factory=dict)
    by_category: dict[str, int] = Field(default_factory=dict)
    units: list[dict[str, Any]] = Field(default_factory=list)
    failed_documents: list[dict[str, str]] = Field(default_factory=list)
    related_reports: int = 0  # plans and earlier reports (batch + corpus) used as context
    timings: dict[str, float] = Field(default_factory=dict)


class CheckResult(_Model):
    documents: list[CheckedDocument] = Field(default_factory=list)
    summary: CheckSummary = Field(default_factory=CheckSummary)

    def to_json(self) -> dict[str, Any]:
        """`{"documents": [...], "summary": {...}}` exactly as docs/check.md describes it."""
        summary = self.summary.model_dump(mode="json", exclude={"timings"})
        return {"documents": [d.to_json() for d in self.documents], "summary": summary}

    def worst_severity(self) -> Severity | None:
        ranks = [SEVERITY_RANK[f.severity] for d in self.documents for f in d.findings]
        return SEVERITIES[min(ranks)] if ranks else None

    def has_findings_at_or_above(self, level: str) -> bool:
        """True when some finding is at least as severe as `level` ("error" / "warning" / "info")."""
        if level == "never":
            return False
        worst = self.worst_severity()
        return worst is not None and SEVERITY_RANK[worst] <= SEVERITY_RANK[level]


@dataclass(frozen=True)
class BytesInput:
    """A document given as bytes (an upload); `filename` decides the format and names the source."""

    filename: str
    data: bytes


DocumentInput = str | os.PathLike[str] | BytesInput | Report


# --------------------------------------------------------------------------- inputs


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files to check: each file as given (kept even when missing or of an unknown kind, so it is
    reported), each folder searched recursively for .docx/.md/.txt/.pdf (and old .doc files, which are
    reported as unreadable rather than silently skipped). Word's lock files ("~$x.docx")
    and hidden files are skipped; order is stable (as given, folders sorted)."""
    out: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in REPORTED_SUFFIXES
                and not p.name.startswith(("~$", "."))
                and not any(part.startswith(".") for part in p.relative_to(path).parts[:-1])
            )
        else:
            found = [path]
        for p in found:
            key = p.resolve()
            if key not in seen:
                seen.add(key)
                out.append(p)
    return out


# --------------------------------------------------------------------------- workers (top level: picklable)


@dataclass
class _Parsed:
    source: str
    reports: list[Report]
    error: DocumentError | None = None
    seconds: float = 0.0


def _error_of(exc: BaseException, source: str) -> DocumentError:
    from vbassist.errors import VbassistError

    if isinstance(exc, VbassistError):
        return DocumentError(code=exc.code, message=exc.message)
    if isinstance(exc, FileNotFoundError):
        return DocumentError(code="saknas", message="filen finns inte")
    if isinstance(exc, IsADirectoryError | PermissionError):
        return DocumentError(code="ej_lasbar", message="filen kan inte läsas (behörighet eller mapp)")
    # an unexpected failure is still one line, never a traceback; the type helps a bug report
    return DocumentError(code="internt_fel", message=f"oväntat fel vid läsning ({type(exc).__name__})")


def _parse_one(item: str | BytesInput) -> _Parsed:
    import time

    from vbassist.parsing import parse_bytes, parse_file

    started = time.process_time()  # CPU time: comparable on a busy machine
    source = item.filename if isinstance(item, BytesInput) else item
    if isinstance(item, str) and not Path(item).exists():
        return _Parsed(source, [], DocumentError(code="saknas", message="filen finns inte"))
    try:
        reports = parse_bytes(item.data, item.filename) if isinstance(item, BytesInput) else parse_file(item)
        return _Parsed(source, list(reports), seconds=time.process_time() - started)
    except Exception as exc:  # one bad file must not stop the batch
        return _Parsed(source, [], _error_of(exc, source), time.process_time() - started)


@dataclass
class _Checked:
    findings: list[Finding]
    error: DocumentError | None = None
    seconds: float = 0.0


def _check_one(args: tuple[Report, list[Report]]) -> _Checked:
    import time

    from vbassist.checks import CheckContext, run_checks

    report, related = args
    started = time.process_time()
    try:
        findings = run_checks(report, CheckContext(related=related))
        return _Checked(findings, seconds=time.process_time() - started)
    except Exception as exc:  # a rule crash on one report must not stop the batch
        error = DocumentError(
            code="internt_fel", message=f"oväntat fel i granskningen ({type(exc).__name__})"
        )
        return _Checked([], error, time.process_time() - started)


# --------------------------------------------------------------------------- related reports


@lru_cache(maxsize=1024)  # related_for compares every report with every other one: n² calls
def _norm(text: str | None) -> str:
    text = unicodedata.normalize("NFKD", (text or "").lower())
    return re.sub(r"[^a-z0-9]+", " ", "".join(c for c in text if not unicodedata.combining(c))).strip()


def related_for(report: Report, pool: Sequence[Report]) -> list[Report]:
    """The reports a rule may compare `report` with: plans (VP) of the same year and reports of the
    year before, from the same district when both districts are known. The unit match itself is the
    rules' business (unit names differ between a plan and a report), so all units are passed."""
    if report.year is None:
        return []
    out: list[Report] = []
    for other in pool:
        if other is report or other.year is None:
            continue
        same_year_plan = other.kind == "VP" and other.year == report.year and report.kind != "VP"
        last_year = other.year == report.year - 1 and other.kind in ("VB", "VP")
        if not (same_year_plan or last_year):
            continue  # the cheap test first: most of the pool is neither
        if report.district and other.district and _norm(report.district) != _norm(other.district):
            continue
        out.append(other)
    return out


def _corpus_files(corpus_dir: Path | None) -> list[Path]:
    if corpus_dir is None or not Path(corpus_dir).is_dir():
        return []
    return expand_paths([corpus_dir])


# --------------------------------------------------------------------------- corpus cache
# The corpus (earlier reports and plans) changes rarely but would otherwise be parsed on every check,
# by every API request. Parsed corpus reports are kept in memory and on disk, keyed by the file's
# path, size and mtime and by a fingerprint of the parser's code (a new parser invalidates them).

_CORPUS_MEMO: dict[str, list[Report]] = {}


@lru_cache(maxsize=1)
def _parser_fingerprint() -> str:
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted([*root.glob("parsing/*.py"), root / "numbers.py", root / "model.py"]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _corpus_key(path: str) -> str | None:
    try:
        resolved = Path(path).resolve()
        st = resolved.stat()
    except OSError:
        return None
    raw = f"{resolved}|{st.st_size}|{st.st_mtime_ns}|{_parser_fingerprint()}"
    return hashlib.sha256(raw.encode()).hexdigest()


_REPORTS = TypeAdapter(list[Report])


def _corpus_cache_get(key: str, cache_dir: Path | None) -> list[Report] | None:
    if key in _CORPUS_MEMO:
        return _CORPUS_MEMO[key]
    if cache_dir is None:
        return None
    try:
        reports = _REPORTS.validate_json((cache_dir / f"{key}.json").read_bytes())
    except (OSError, ValueError):  # absent, unreadable or from an older model: parse again
        return None
    _CORPUS_MEMO[key] = reports
    return reports


def _corpus_cache_put(key: str, reports: list[Report], cache_dir: Path | None) -> None:
    _CORPUS_MEMO[key] = reports
    if cache_dir is None:
        return
    try:
        from vbassist.reports.annotate import write_atomic

        write_atomic(cache_dir / f"{key}.json", _REPORTS.dump_json(reports))
    except OSError:  # a read-only data dir only costs speed
        pass


# --------------------------------------------------------------------------- the batch


def _chunksize(n_tasks: int, jobs: int) -> int:
    """Tasks sent to a worker at a time: one round trip per file costs more than a small file's check,
    but chunks small enough that both workers stay busy to the end and progress moves."""
    return max(1, min(8, n_tasks // (jobs * 4)))


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


# The corpus reports a worker checks against in the first pass. Set before the pool starts (inherited
# by forked workers, passed to the initializer otherwise) so it is not sent along with every task.
_WORKER_CORPUS: list[Report] = []


def _init_worker(corpus: list[Report]) -> None:
    global _WORKER_CORPUS
    _WORKER_CORPUS = corpus
    import gc

    # what a forked worker inherits (modules, the corpus) lives as long as the worker: keep the
    # collector from walking it again on every full collection
    gc.freeze()


def _executor(jobs: int, n_tasks: int, corpus: list[Report] | None = None) -> Executor | None:
    """A process pool when it pays (more than one task and job). Fork keeps start-up cheap on Linux:
    the workers inherit the imported parser instead of importing it again."""
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
        initargs=(corpus or [],),
    )


@dataclass
class _Done:
    """A file parsed and each of its reports checked against the corpus (first pass)."""

    parsed: _Parsed
    checked: list[_Checked]
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


def _parse_and_check(item: str | BytesInput, corpus: list[Report] | None = None) -> _Done:
    """Parse and check in the same process: the report is not shipped to another worker to be
    checked. `corpus` None = the worker's corpus (pool); the in-process path passes it explicitly, so
    concurrent callers (API threads) never share it through the module global."""
    parsed = _parse_one(item)
    pool = _WORKER_CORPUS if corpus is None else corpus
    done = _Done(parsed, [_check_one((r, related_for(r, pool))) for r in parsed.reports])
    if corpus is None and parsed.reports:
        done.packed = pickle.dumps(parsed.reports, protocol=pickle.HIGHEST_PROTOCOL)
        parsed.reports = [_stub(r) for r in parsed.reports]
    return done


def _unpack_related(done: list[_Done], given: list[Report], corpus: list[Report]) -> None:
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


def _unit_counts(findings: Iterable[Finding]) -> dict[str, int]:
    counts = Counter(f.severity for f in findings)
    return {s: counts.get(s, 0) for s in SEVERITIES}


def _content_key(item: str | BytesInput, max_bytes: int) -> str | None:
    """sha256 of the bytes plus the suffix (which decides the reader), or None when the file is
    missing or too large to hash cheaply (the parser refuses it anyway)."""
    if isinstance(item, BytesInput):
        data = item.data
        suffix = Path(item.filename).suffix.lower()
    else:
        try:
            path = Path(item)
            if not path.is_file() or path.stat().st_size > max_bytes:
                return None
            data = path.read_bytes()
        except OSError:
            return None
        suffix = path.suffix.lower()
    return hashlib.sha256(data).hexdigest() + suffix


def _load_corpus(
    corpus_dir: Path, cache_dir: Path | None, skip: set[Path], jobs: int
) -> tuple[list[Report], int]:
    """The corpus's reports, from the cache where it is fresh, parsed (in parallel) where not.
    Returns the reports and how many files had to be parsed."""
    reports: list[Report] = []
    missing: list[tuple[str, str | None]] = []
    for path in _corpus_files(corpus_dir):
        if path.resolve() in skip:
            continue
        key = _corpus_key(str(path))
        hit = _corpus_cache_get(key, cache_dir) if key is not None else None
        if hit is not None:
            reports.extend(hit)
        else:
            missing.append((str(path), key))
    if missing:
        executor = _executor(jobs, len(missing))
        with executor if executor is not None else nullcontext():
            mapper = executor.map if executor is not None else map
            for (_, key), fresh in zip(missing, mapper(_parse_one, [m[0] for m in missing]), strict=True):
                # a file that cannot be read is remembered as empty, not parsed again each time; a crash is not
                if key is not None and (fresh.error is None or fresh.error.code != "internt_fel"):
                    _corpus_cache_put(key, fresh.reports, cache_dir)
                reports.extend(fresh.reports)
    return reports, len(missing)


def check_documents(
    inputs: Iterable[DocumentInput],
    *,
    jobs: int | None = None,
    corpus_dir: Path | None = None,
    use_corpus: bool = True,
    corpus_cache_dir: Path | None = None,
    dedupe: bool = True,
    progress: ProgressCallback | None = None,
    settings: Settings | None = None,
) -> CheckResult:
    """Parse and check every input (paths, folders, `BytesInput` uploads or already parsed `Report`s)
    and return one `CheckResult`. A file that cannot be read becomes a document with `error` set; the
    rest go on. `jobs` defaults to the number of cores; 1 runs everything in this process (what the
    API does per request). The corpus (`settings.corpus_dir` unless `corpus_dir` is given) supplies
    plans and last year's reports as context, never documents of its own. With `dedupe`, files with
    identical bytes (copies in several folders) are parsed and checked once and reported under each
    of their names. Parsed corpus files are cached in `corpus_cache_dir` (default
    `<data_dir>/cache/check-corpus`).

    First pass: each file is parsed and checked in one worker, against the corpus. Second pass, only
    where the batch itself holds context (a plan of the same year, last year's report): those reports
    are checked again with it.

    With `settings.llm_check_pass` and a model configured, the optional LLM-assisted pass adds its
    warnings (rule VB-TEXT-LLM) per report, here in the calling process; the rules never need it."""
    import time

    t0 = time.perf_counter()
    jobs = default_jobs() if jobs is None else max(1, jobs)

    # inputs -> work items, keeping the caller's order
    items: list[str | BytesInput | Report] = []
    for inp in inputs:
        if isinstance(inp, BytesInput | Report):
            items.append(inp)
        else:
            items.extend(str(p) for p in expand_paths([inp]))

    corpus_reports: list[Report] = []
    corpus_parsed = 0
    if use_corpus:
        from vbassist.settings import get_settings

        settings = get_settings()
        corpus_dir = settings.corpus_dir if corpus_dir is None else corpus_dir
        if corpus_cache_dir is None:
            corpus_cache_dir = Path(settings.data_dir) / "cache" / "check-corpus"
        batch_paths = {Path(i).resolve() for i in items if isinstance(i, str)}
        corpus_reports, corpus_parsed = _load_corpus(Path(corpus_dir), corpus_cache_dir, batch_paths, jobs)
    t_corpus = time.perf_counter()

    # identical bytes are parsed once: `slot[j]` is the job whose result input j shares
    to_read: list[str | BytesInput] = [i for i in items if not isinstance(i, Report)]
    keys: list[str | None] = [None] * len(to_read)
    if dedupe:
        from vbassist.settings import get_settings

        max_bytes = int(get_settings().max_file_mb * 1024 * 1024)
        keys = [_content_key(i, max_bytes) for i in to_read]
    unique: list[str | BytesInput] = []
    slot: list[int] = []
    first_of_key: dict[str, int] = {}
    for item, key in zip(to_read, keys, strict=True):
        if key is not None and key in first_of_key:
            slot.append(first_of_key[key])
            continue
        if key is not None:
            first_of_key[key] = len(unique)
        slot.append(len(unique))
        unique.append(item)

    parse_seconds = check_seconds = 0.0
    rechecked = 0
    executor = _executor(jobs, len(unique), corpus_reports)
    with executor if executor is not None else nullcontext():
        first_pass = (
            executor.map(_parse_and_check, unique, chunksize=_chunksize(len(unique), jobs))
            if executor is not None
            else map(partial(_parse_and_check, corpus=corpus_reports), unique)
        )
        # first pass: parse + check against the corpus, each distinct content once
        done: list[_Done] = []
        for result in first_pass:
            done.append(result)
            parse_seconds += result.parsed.seconds
            check_seconds += sum(c.seconds for c in result.checked)
            if progress is not None:
                progress("check", len(done), len(unique))
        t_first = time.perf_counter()
        _unpack_related(done, [i for i in items if isinstance(i, Report)], corpus_reports)

        # per input: its reports (copies renamed to their own source) and first-pass results
        per_item: list[tuple[_Parsed, list[_Checked | None]]] = []
        report_key: dict[int, object] = {}  # id(report) -> what makes two reports the same input
        j = 0
        for item in items:
            if isinstance(item, Report):
                per_item.append((_Parsed(item.source, [item]), [None]))  # never checked yet
                report_key[id(item)] = ("report", id(item))
                continue
            shared = done[slot[j]]
            source = item.filename if isinstance(item, BytesInput) else item
            parsed = shared.parsed
            if source != parsed.source:
                renamed = [r.model_copy(update={"source": source}) for r in parsed.reports]
                parsed = _Parsed(source, renamed, parsed.error)
            for n, r in enumerate(parsed.reports):
                report_key[id(r)] = (keys[j], n) if keys[j] is not None else ("report", id(r))
            per_item.append((parsed, list(shared.checked)))
            j += 1
        for r in corpus_reports:
            report_key[id(r)] = ("corpus", id(r))

        # second pass: reports with context inside the batch (or given as Reports) are checked again
        batch_reports = [r for p, _ in per_item for r in p.reports]
        batch_ids = {id(r) for r in batch_reports}
        pool = batch_reports + corpus_reports
        related_used: set[object] = set()
        tasks: list[tuple[Report, list[Report]]] = []
        first_of_task: dict[tuple[object, ...], int] = {}
        task_of: dict[tuple[int, int], int] = {}  # (item, report) -> task
        for i, (p, checked) in enumerate(per_item):
            for n, r in enumerate(p.reports):
                rel = related_for(r, pool)
                related_used.update(report_key[id(x)] for x in rel)
                if checked[n] is not None and not any(id(x) in batch_ids for x in rel):
                    continue  # the first pass saw the same context
                tkey = (report_key[id(r)], *sorted(repr(report_key[id(x)]) for x in rel))
                if tkey not in first_of_task:
                    first_of_task[tkey] = len(tasks)
                    tasks.append((r, rel))
                task_of[(i, n)] = first_of_task[tkey]
        second: list[_Checked] = []
        if tasks:
            second_mapper = executor.map if executor is not None and len(tasks) > 1 else map
            for result in second_mapper(_check_one, tasks):
                second.append(result)
                check_seconds += result.seconds
                if progress is not None:
                    progress("context", len(second), len(tasks))
        rechecked = len(tasks)

    llm_settings = _llm_pass_settings(settings)
    documents: list[CheckedDocument] = []
    for i, (p, checked) in enumerate(per_item):
        doc = CheckedDocument(source=p.source, error=p.error)
        for n, report in enumerate(p.reports):
            result = second[task_of[(i, n)]] if (i, n) in task_of else checked[n]
            if result is None:  # cannot happen: an unchecked report always gets a second-pass task
                raise RuntimeError("report left unchecked")
            if result.error is not None and doc.error is None:
                doc.error = result.error
            findings = result.findings
            if llm_settings is not None and result.error is None:
                from vbassist.checks.llm_pass import llm_pass

                findings = [*findings, *llm_pass(report, settings=llm_settings)]
            doc.findings.extend(findings)
            doc.units.append(
                UnitInfo(
                    unit=report.unit,
                    kind=report.kind,
                    year=report.year,
                    district=report.district,
                    counts=_unit_counts(findings),
                )
            )
        documents.append(doc)

    t_done = time.perf_counter()
    out = CheckResult(documents=documents)
    out.summary = summarize(documents, related_reports=len(related_used))
    out.summary.timings = {
        "corpus_wall": round(t_corpus - t0, 4),
        "first_pass_wall": round(t_first - t_corpus, 4),
        "second_pass_wall": round(t_done - t_first, 4),
        "parse_cpu": round(parse_seconds, 4),
        "check_cpu": round(check_seconds, 4),
        "parsed": len(unique) + corpus_parsed,
        "checked": sum(len(d.checked) for d in done) + rechecked,
    }
    return out


def _llm_pass_settings(settings: Settings | None) -> Settings | None:
    """The settings to run the LLM pass with, or None when it is off (the default) or has no model."""
    if settings is None:
        from vbassist.settings import get_settings

        settings = get_settings()
    return settings if settings.llm_check_pass and settings.llm else None


def summarize(documents: Sequence[CheckedDocument], *, related_reports: int = 0) -> CheckSummary:
    """Counts over all documents: by severity, by category, per unit, and the files that failed."""
    findings = [f for d in documents for f in d.findings]
    by_category = Counter(f.category for f in findings)
    units: list[dict[str, Any]] = []
    for d in documents:
        for u in d.units:
            units.append({"source": d.source, "unit": u.unit, "kind": u.kind, "year": u.year, **u.counts})
    return CheckSummary(
        documents=len(documents),
        checked=sum(1 for d in documents if d.ok),
        failed=sum(1 for d in documents if not d.ok),
        reports=sum(len(d.units) for d in documents),
        findings=len(findings),
        by_severity=_unit_counts(findings),
        by_category=dict(sorted(by_category.items())),
        units=units,
        failed_documents=[
            {"source": d.source, "code": d.error.code, "message": d.error.message}
            for d in documents
            if d.error is not None
        ],
        related_reports=related_reports,
    )
