"""Every registered rule flags its examples and passes its near misses; a rule without both fails."""

from __future__ import annotations

import pytest

from vbassist.checks import CheckContext, all_rules, run_checks
from vbassist.checks.registry import Rule

from .examples import EXAMPLES

RULES = {r.id: r for r in all_rules()}


def _run(r: Rule, case):
    rep, ctx = case()
    return rep, list(r.func(rep, ctx))


def test_every_rule_has_flag_and_pass_examples() -> None:
    missing = [
        rid for rid in RULES if not (EXAMPLES.get(rid, {}).get("flag") and EXAMPLES.get(rid, {}).get("pass"))
    ]
    assert not missing, f"rules without a flag case and a near miss: {missing}"
    unknown = set(EXAMPLES) - set(RULES)
    assert not unknown, f"examples for rules that are not registered: {unknown}"


def test_rule_ids_and_categories() -> None:
    prefixes = {
        "status_vs_indicator": "VB-STATUS-",
        "status_vs_target": "VB-TARGET-",
        "status_text_vs_marker": "VB-MARKER-",
        "text_vs_table": "VB-TEXT-",
        "derived_number": "VB-DERIVED-",
        "trend_claim": "VB-TREND-",
        "budget_arithmetic": "VB-BUDGET-",
        "missing": "VB-MISSING-",
        "period_label": "VB-PERIOD-",
        "plan_vs_report": "VB-PLAN-",
    }
    assert {r.category for r in RULES.values()} == set(prefixes)
    for r in RULES.values():
        assert r.id.startswith(prefixes[r.category]), r.id


FLAG_CASES = [(rid, i) for rid, ex in EXAMPLES.items() for i in range(len(ex.get("flag", [])))]
PASS_CASES = [(rid, i) for rid, ex in EXAMPLES.items() for i in range(len(ex.get("pass", [])))]


@pytest.mark.parametrize(("rule_id", "index"), FLAG_CASES)
def test_rule_flags(rule_id: str, index: int) -> None:
    r = RULES[rule_id]
    rep, findings = _run(r, EXAMPLES[rule_id]["flag"][index])
    assert findings, f"{rule_id} did not flag example {index}"
    for f in findings:
        assert f.rule == rule_id and f.category == r.category
        assert f.severity in ("error", "warning", "info")
        assert f.message and f.suggestion, "a finding says what is wrong and what to do"
        assert f.unit == rep.unit
        assert f.evidence, "a finding shows its evidence"
        assert f.location is not None or rule_id == "VB-PLAN-002"
        # contradictions show both sides
        if rule_id not in (
            "VB-MISSING-001",
            "VB-MISSING-002",
            "VB-MISSING-003",
            "VB-PERIOD-003",
            "VB-PLAN-002",
        ):
            assert len(f.evidence) >= 2, f"{rule_id}: one-sided evidence"


@pytest.mark.parametrize(("rule_id", "index"), PASS_CASES)
def test_rule_passes_near_miss(rule_id: str, index: int) -> None:
    _, findings = _run(RULES[rule_id], EXAMPLES[rule_id]["pass"][index])
    assert not findings, f"{rule_id} flagged near miss {index}: {[f.message for f in findings]}"


def test_runner_numbers_findings_and_switches_by_prefix() -> None:
    rep, ctx = EXAMPLES["VB-DERIVED-002"]["flag"][0]()
    findings = run_checks(rep, ctx)
    assert any(f.id == "VB-DERIVED-002#1" for f in findings)
    only_budget = run_checks(rep, CheckContext(related=ctx.related, enabled_prefixes=("VB-BUDGET",)))
    assert all(f.rule.startswith("VB-BUDGET") for f in only_budget)
    assert not run_checks(rep, CheckContext(disabled_prefixes=("VB-",)))
