"""Run the registered rules over one report: one finding per fault."""

from __future__ import annotations

from vbassist.checks.common import weak_link_reason
from vbassist.checks.registry import CheckContext, all_rules
from vbassist.model import Evidence, Finding, Location, Report, severity_rank
from vbassist.places import with_places


def run_checks(
    report: Report, context: CheckContext | None = None, *, model_rules_only: bool = False
) -> list[Finding]:
    """All findings for `report`, ordered by document position then severity; ids numbered per rule;
    each with its readable place and, when its severity was lowered for a weak link, the reason.
    Two rules flagging the same cell or the same words give one finding naming both (`merge_faults`).
    Rules that need a model run only when `context.model` is set; `model_rules_only` runs just those
    (the batch's optional LLM pass, after the deterministic rules)."""
    context = context or CheckContext()
    findings: list[Finding] = []
    for r in all_rules():
        if not context.runs(r) or (model_rules_only and not r.needs_model):
            continue
        findings.extend(
            f.model_copy(update={"rule": r.id, "severity_reason": weak_link_reason(f, r.severity)})
            for f in r(report, context)
        )
    return with_places(report, number_findings(merge_faults(findings)), related=context.related)


def number_findings(findings: list[Finding]) -> list[Finding]:
    """Sorted by document position, severity and rule, each `id` the rule id and its running number."""
    findings = sorted(
        findings,
        key=lambda f: (f.location.block if f.location else 1 << 30, severity_rank(f.severity), f.rule),
    )
    seen: dict[str, int] = {}
    out = []
    for f in findings:
        seen[f.rule] = seen.get(f.rule, 0) + 1
        out.append(f.model_copy(update={"id": f"{f.rule}#{seen[f.rule]}"}))
    return out


def _same_fault(a: Location | None, b: Location | None) -> bool:
    """The same cell (or the same paragraph as a whole), or overlapping words of one paragraph."""
    if a is None or b is None or (a.block, a.row, a.col) != (b.block, b.row, b.col):
        return False
    if a.start is None or b.start is None:
        return a.start is None and b.start is None
    return a.start < (b.end if b.end is not None else b.start + 1) and b.start < (
        a.end if a.end is not None else a.start + 1
    )


def merge_faults(findings: list[Finding]) -> list[Finding]:
    """One finding per fault: findings of different rules at the same cell or the same words become
    one, led by the most severe (then the first rule), naming the others in `also_rules`, with every
    message and piece of evidence once. Findings of one rule are never merged with each other."""
    order = sorted(
        range(len(findings)), key=lambda i: (severity_rank(findings[i].severity), findings[i].rule)
    )
    groups: list[list[Finding]] = []
    for i in order:
        f = findings[i]
        home = next(
            (
                g
                for g in groups
                if all(f.rule != h.rule and f.rule not in h.also_rules for h in g)
                and _same_fault(g[0].location, f.location)
            ),
            None,
        )
        if home is None:
            groups.append([f])
        else:
            home.append(f)
    return [group[0] if len(group) == 1 else _merged(group) for group in groups]


def _merged(group: list[Finding]) -> Finding:
    lead, others = group[0], group[1:]
    messages = list(dict.fromkeys(f.message for f in group))
    suggestions = list(dict.fromkeys(f.suggestion for f in group if f.suggestion))
    evidence: list[Evidence] = []
    seen: set[tuple[str, str, str]] = set()
    for e in (e for f in group for e in f.evidence):
        key = (e.label, e.text, e.location.model_dump_json() if e.location else "")
        if key not in seen:
            seen.add(key)
            evidence.append(e)
    confidences = [f.confidence for f in group if f.confidence is not None]
    return lead.model_copy(
        update={
            "also_rules": list(
                dict.fromkeys([*lead.also_rules, *(r for f in others for r in (f.rule, *f.also_rules))])
            ),
            "message": " ".join(messages),
            "suggestion": " ".join(suggestions) or None,
            "evidence": evidence,
            "confidence": max(confidences) if confidences else None,
        }
    )
