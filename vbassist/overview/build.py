"""`build_overview`: the controller's overview of many reports, from the same batch as `check` (the
same readers, limits, worker pool, corpus and bad-file handling). Each worker computes a report's
rows where it parsed it (`rows.report_digest`); here they are joined with the check's findings,
plans and second copies of a report are left out, and the nämndmål are matched across units."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from vbassist.batch import BatchRun, DocumentInput, ProgressCallback, run_batch
from vbassist.checks.result import CheckedDocument
from vbassist.model import Finding
from vbassist.names import fold_name
from vbassist.overview.model import (
    FailedFile,
    GoalRow,
    IndicatorRow,
    LeftOut,
    Overview,
    ReportDigest,
    ReportRef,
    report_label,
)
from vbassist.overview.namndmal import group_namndmal
from vbassist.overview.rows import report_digest

if TYPE_CHECKING:
    from vbassist.settings import Settings


def build_overview(
    inputs: Iterable[DocumentInput],
    *,
    settings: Settings,
    jobs: int | None = None,
    use_corpus: bool = True,
    corpus_dir: Path | None = None,
    corpus_cache_dir: Path | None = None,
    progress: ProgressCallback | None = None,
) -> Overview:
    """The overview of every input (paths, folders, uploads as `BytesInput`, parsed `Report`s). A file
    that cannot be read is listed in `failed`, never fatal; the arguments are those of
    `vbassist.batch.check_documents`."""
    run = run_batch(
        inputs,
        settings=settings,
        jobs=jobs,
        use_corpus=use_corpus,
        corpus_dir=corpus_dir,
        corpus_cache_dir=corpus_cache_dir,
        progress=progress,
        digest=report_digest,
    )
    return assemble(run)


def assemble(run: BatchRun[ReportDigest]) -> Overview:
    """The overview of a batch run with `report_digest` as its digest."""
    overview = Overview(documents=len(run.result.documents))
    seen: dict[tuple[str, str, str, int | None], str] = {}
    for doc, digests in zip(run.result.documents, run.digests, strict=True):
        if doc.error is not None:
            overview.failed.append(
                FailedFile(source=doc.source, code=doc.error.code, message=doc.error.message)
            )
        counts = _finding_counts(doc)
        for digest in digests:
            if digest is None:
                continue  # its file is listed as failed
            label = report_label(digest.kind, digest.year)
            if digest.kind == "VP":
                overview.left_out.append(
                    LeftOut(
                        source=doc.source,
                        unit=digest.unit,
                        label=label,
                        reason="en plan har ingen måluppfyllelse",
                    )
                )
                continue
            # a report whose unit could not be read is never taken for a copy of another such report
            unit_key = fold_name(digest.unit) or f"\0{doc.source}"
            key = (fold_name(digest.district), unit_key, digest.kind, digest.year)
            if key in seen:
                overview.left_out.append(
                    LeftOut(
                        source=doc.source,
                        unit=digest.unit,
                        label=label,
                        reason=f"samma enhet och rapport som {PurePath(seen[key]).name}, räknas en gång",
                    )
                )
                continue
            seen[key] = doc.source
            _add_report(overview, doc.source, digest, counts)
    overview.namndmal = group_namndmal(overview.goals)
    return overview


def _add_report(
    overview: Overview, source: str, digest: ReportDigest, counts: Counter[tuple[str, str, str]]
) -> None:
    unit = fold_name(digest.unit)
    ref = ReportRef(
        district=digest.district,
        unit=digest.unit,
        kind=digest.kind,
        year=digest.year,
        source=source,
        errors=sum(n for (u, _, severity), n in counts.items() if u == unit and severity == "error"),
        warnings=sum(n for (u, _, severity), n in counts.items() if u == unit and severity == "warning"),
    )
    overview.reports.append(ref)
    for goal in digest.goals:
        overview.goals.append(
            GoalRow(
                report=ref,
                goal=goal,
                errors=counts[(unit, goal.enhetsmal, "error")],
                warnings=counts[(unit, goal.enhetsmal, "warning")],
            )
        )
    overview.indicators.extend(IndicatorRow(report=ref, indicator=i) for i in digest.indicators)


def _finding_counts(doc: CheckedDocument) -> Counter[tuple[str, str, str]]:
    """(unit, goal title, severity) -> findings of the check: a finding names the goal it is about
    ("" for one that names none)."""
    return Counter(_finding_key(f) for f in doc.findings)


def _finding_key(finding: Finding) -> tuple[str, str, str]:
    return (fold_name(finding.unit), " ".join((finding.goal or "").split()), finding.severity)
