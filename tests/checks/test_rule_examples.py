"""Every registered rule flags its examples and passes its near misses; a rule without both fails.
The examples are the rule's own (`@rule(..., examples=...)`, in `vbassist/checks/examples/`)."""

from __future__ import annotations

import pytest

from vbassist.checks import CheckContext, all_rules, run_checks
from vbassist.checks.registry import CATEGORY_RULE_PREFIX, Rule
from vbassist.model import CATEGORY_LABELS

RULES = {r.id: r for r in all_rules()}


def _run(r: Rule, index: int, which: str):
    cases = r.examples.flags if which == "flag" else r.examples.passes
    rep, ctx = cases[index]()
    return rep, list(r(rep, ctx))


def test_every_rule_has_flag_and_pass_examples() -> None:
    missing = [rid for rid, r in RULES.items() if not (r.examples.flags and r.examples.passes)]
    assert not missing, f"rules without a flag case and a near miss: {missing}"


def test_rule_ids_and_categories() -> None:
    # every category has rules, a Swedish label and an id prefix; every rule id carries its prefix
    assert {r.category for r in RULES.values()} == set(CATEGORY_LABELS) == set(CATEGORY_RULE_PREFIX)
    for r in RULES.values():
        assert r.id.startswith(CATEGORY_RULE_PREFIX[r.category]), r.id
        assert r.title and r.evidence


FLAG_CASES = [(rid, i) for rid, r in RULES.items() for i in range(len(r.examples.flags))]
PASS_CASES = [(rid, i) for rid, r in RULES.items() for i in range(len(r.examples.passes))]


@pytest.mark.parametrize(("rule_id", "index"), FLAG_CASES)
def test_rule_flags(rule_id: str, index: int) -> None:
    r = RULES[rule_id]
    rep, findings = _run(r, index, "flag")
    assert findings, f"{rule_id} did not flag example {index}"
    for f in findings:
        assert f.rule == rule_id and f.category == r.category
        assert f.severity in ("error", "warning", "info")
        assert f.message and f.suggestion, "a finding says what is wrong and what to do"
        assert f.unit == rep.unit
        assert f.evidence, "a finding shows its evidence"
        assert f.location is not None or rule_id == "VB-PLAN-002"
        # the evidence has the rule's declared shape: contradictions show both sides
        assert not r.evidence_problems(f), (rule_id, r.evidence_problems(f))


@pytest.mark.parametrize(("rule_id", "index"), PASS_CASES)
def test_rule_passes_near_miss(rule_id: str, index: int) -> None:
    _, findings = _run(RULES[rule_id], index, "pass")
    assert not findings, f"{rule_id} flagged near miss {index}: {[f.message for f in findings]}"


def test_contradictions_declare_both_sides() -> None:
    # a rule whose finding is a contradiction declares two required pieces of evidence; only rules
    # about something absent or a leftover phrase may show one
    one_sided = {
        "VB-MISSING-001",
        "VB-MISSING-002",
        "VB-MISSING-003",
        "VB-MISSING-006",
        "VB-PERIOD-003",
        "VB-PLAN-002",
    }
    for r in RULES.values():
        required = [p for p in r.evidence if not p.endswith("?")]
        assert len(required) >= (1 if r.id in one_sided else 2), r.id


def test_runner_numbers_findings_and_switches_by_prefix() -> None:
    rep, ctx = RULES["VB-DERIVED-002"].examples.flags[0]()
    findings = run_checks(rep, ctx)
    assert any(f.id == "VB-DERIVED-002#1" for f in findings)
    only_budget = run_checks(rep, CheckContext(related=ctx.related, enabled_prefixes=("VB-BUDGET",)))
    assert all(f.rule.startswith("VB-BUDGET") for f in only_budget)
    assert not run_checks(rep, CheckContext(disabled_prefixes=("VB-",)))
