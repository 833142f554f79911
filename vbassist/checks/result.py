"""What a check of one or more documents gives: per document its findings, the units it held, or the
error that stopped it; and a summary. Every output (text, JSON, HTML, xlsx, annotated .docx) and the
API render from a `CheckResult`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from vbassist.model import SEVERITIES, Finding, Severity, severity_rank

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
        by_severity=severity_counts(findings),
        by_category=dict(sorted(by_category.items())),
        units=units,
        failed_documents=[
            {"source": d.source, "code": d.error.code, "message": d.error.message}
            for d in documents
            if d.error is not None
        ],
        related_reports=related_reports,
    )
