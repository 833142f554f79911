"""Checking many documents at once, above `vbassist.checks`: the inputs (paths, folders, uploads,
parsed reports), a cache of the parsed corpus, a process pool, and `check_documents`, which ties them
together into one `vbassist.checks.result.CheckResult`.

Two phases, because a plan (VP) in the batch is context for the reports of the same unit and year
(`plan_vs_report`): first parse everything (batch and corpus), then check each report with the related
plans and last year's reports as `CheckContext.related`.
"""

from vbassist.batch.inputs import BytesInput, DocumentInput
from vbassist.batch.related import related_for
from vbassist.batch.run import ProgressCallback, check_documents, default_jobs

__all__ = [
    "BytesInput",
    "DocumentInput",
    "ProgressCallback",
    "check_documents",
    "default_jobs",
    "related_for",
]
