"""Run the registered rules over one report."""

from __future__ import annotations

from vbassist.checks.registry import CheckContext, all_rules
from vbassist.checks.rules._common import weak_link_reason
from vbassist.model import Finding, Report, severity_rank
from vbassist.places import with_places


def run_checks(report: Report, context: CheckContext | None = None) -> list[Finding]:
    """All findings for `report`, ordered by document position then severity; ids numbered per rule;
    each with its readable place and, when its severity was lowered for a weak link, the reason."""
    context = context or CheckContext()
    findings: list[Finding] = []
    for r in all_rules():
        if context.enabled_prefixes and not r.id.startswith(context.enabled_prefixes):
            continue
        if context.disabled_prefixes and r.id.startswith(context.disabled_prefixes):
            continue
        for n, finding in enumerate(r.func(report, context), start=1):
            reason = weak_link_reason(finding, r.severity)
            findings.append(
                finding.model_copy(update={"id": f"{r.id}#{n}", "rule": r.id, "severity_reason": reason})
            )
    findings.sort(
        key=lambda f: (f.location.block if f.location else 1 << 30, severity_rank(f.severity), f.rule)
    )
    return with_places(report, findings, related=context.related)
