"""What a check of one or more documents gives: per document its findings, the units it held, or the
error that stopped it; and a summary. Every output (text, JSON, HTML, xlsx, annotated .docx) and the
API render from a `CheckResult`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from vbassist.model import SEVERITIES, Finding, Severity, severity_rank


class _Model(BaseModel):
    # the JSON of a check (CLI and service) is these models dumped: a field with a default is always
    # sent, so the OpenAPI schema marks it required; internal fields are `exclude=True`
    model_config = ConfigDict(extra="forbid", json_schema_serialization_defaults_required=True)


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
    """One input file: its findings (all units), the units it held (internal: the summary counts them),
    the error that stopped it (in the JSON only for a file that failed) and the reader's warnings on
    what it had to repair (stray bytes replaced ...; in the JSON only when there are some)."""

    source: str
    findings: list[Finding] = Field(default_factory=list)
    units: list[UnitInfo] = Field(default_factory=list, exclude=True)
    error: DocumentError | None = Field(None, exclude_if=lambda error: error is None)
    warnings: list[str] = Field(default_factory=list, exclude_if=lambda warnings: not warnings)

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_json(self) -> dict[str, Any]:
        """The documented JSON shape: `source`, `findings` (and `error` only for a file that failed)."""
        return self.model_dump(mode="json")


class UnitCounts(_Model):
    """One row of the summary's `units`: a report (unit) in a document and its findings by severity."""

    source: str
    unit: str | None
    kind: str
    year: int | None
    error: int = 0
    warning: int = 0
    info: int = 0


class FailedDocument(_Model):
    source: str
    code: str
    message: str


class CheckSummary(_Model):
    documents: int = 0
    checked: int = 0
    failed: int = 0
    reports: int = 0
    findings: int = 0
    by_severity: dict[str, int] = Field(default_factory=dict)
    by_category: dict[str, int] = Field(default_factory=dict)
    units: list[UnitCounts] = Field(default_factory=list)
    failed_documents: list[FailedDocument] = Field(default_factory=list)
    related_reports: int = 0  # plans and earlier reports (batch + corpus) used as context
    timings: dict[str, float] = Field(default_factory=dict, exclude=True)  # for bench/, not the JSON


class CheckResult(_Model):
    """The check of one or more documents: `{"documents": [...], "summary": {...}}` in the JSON. The
    one findings contract: the CLI's `--format json` is this model dumped, the service's `/v1/check`
    answers with it as its response model, and the add-in's TypeScript types are generated from that
    schema (docs/check.md)."""

    documents: list[CheckedDocument] = Field(default_factory=list)
    summary: CheckSummary = Field(default_factory=CheckSummary)

    def to_json(self) -> dict[str, Any]:
        """`{"documents": [...], "summary": {...}}` exactly as docs/check.md describes it."""
        return self.model_dump(mode="json")

    def worst_severity(self) -> Severity | None:
        ranks = [severity_rank(f.severity) for d in self.documents for f in d.findings]
        return SEVERITIES[min(ranks)] if ranks else None

    def has_findings_at_or_above(self, level: str) -> bool:
        """True when some finding is at least as severe as `level` ("error" / "warning" / "info");
        "never" is never reached."""
        if level == "never":
            return False
        worst = self.worst_severity()
        return worst is not None and severity_rank(worst) <= severity_rank(level)


def severity_counts(findings: Iterable[Finding]) -> dict[str, int]:
    """How many findings of each severity, every severity present (0 when none)."""
    counts = Counter(f.severity for f in findings)
    return {s: counts.get(s, 0) for s in SEVERITIES}


def summarize(documents: Sequence[CheckedDocument], *, related_reports: int = 0) -> CheckSummary:
    """Counts over all documents: by severity, by category, per unit, and the files that failed."""
    findings = [f for d in documents for f in d.findings]
    by_category = Counter(f.category for f in findings)
    units = [
        UnitCounts(source=d.source, unit=u.unit, kind=u.kind, year=u.year, **u.counts)
        for d in documents
        for u in d.units
    ]
    return CheckSummary(
        documents=len(documents),
        checked=sum(1 for d in documents if d.ok),
        failed=sum(1 for d in documents if not d.ok),
        reports=sum(len(d.units) for d in documents),
        findings=len(findings),
        by_severity=severity_counts(findings),
        by_category=dict(sorted(by_category.items())),
        units=units,
        failed_documents=[
            FailedDocument(source=d.source, code=d.error.code, message=d.error.message)
            for d in documents
            if d.error is not None
        ],
        related_reports=related_reports,
    )
