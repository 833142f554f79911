"""Checking many documents at once, above `vbassist.checks`: the inputs (paths, folders, uploads,
parsed reports), a cache of the parsed corpus, a process pool, and `check_documents`, which ties them
together into one `vbassist.checks.result.CheckResult`.

Two phases, because a plan (VP) in the batch is context for the reports of the same unit and year
(`plan_vs_report`): first parse everything (batch and corpus), then check each report with the related
plans and last year's reports as `CheckContext.related`.

`run_batch` is the same with a hook: a digest function computed from every full report in the worker
that parsed it (the controller's overview takes its rows this way instead of parsing again).
"""

from vbassist.batch.inputs import BytesInput, DocumentInput
from vbassist.batch.related import related_for
from vbassist.batch.run import BatchRun, ProgressCallback, check_documents, default_jobs, run_batch

__all__ = [
    "BatchRun",
    "BytesInput",
    "DocumentInput",
    "ProgressCallback",
    "check_documents",
    "default_jobs",
    "related_for",
    "run_batch",
]
