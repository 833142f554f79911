"""One finding per fault: two rules flagging the same cell or the same words give one finding naming
both; findings of one rule, and findings at different places, stay apart."""

from __future__ import annotations

from pathlib import Path

from vbassist.checks import CheckContext, run_checks
from vbassist.checks.examples.scenarios import UNGDOM_ROWS, analys, budget, replace_row
from vbassist.checks.runner import merge_faults
from vbassist.model import Evidence, Finding, Location, Severity
from vbassist.parsing import parse_file

FAMILJEHEM = (
    Path(__file__).resolve().parent.parent / "data" / "vb2025_hagersten-alvsjo_familjehemsenheten.docx"
)


def _finding(rule: str, severity: Severity, location: Location, message: str = "m") -> Finding:
    return Finding(
        id=rule,
        rule=rule,
        category="text_vs_table",
        severity=severity,
        message=message,
        evidence=[Evidence(label="text", text=message, location=location)],
        location=location,
    )


def test_two_rules_on_one_budget_cell_are_one_finding_naming_both() -> None:
    # the Totalt "Summa intäkter" deviation with the wrong sign: wrong against Utfall − Budget (002) and
    # against the sub-tables (003), the same cell
    rep = budget(replace_row(UNGDOM_ROWS, 19, ("Summa intäkter", "6 999", "6 700", "-299")))
    findings = run_checks(rep, CheckContext(enabled_prefixes=("VB-BUDGET",)))
    at_cell = [f for f in findings if f.location and f.location.row == 20]
    assert len(at_cell) == 1
    (f,) = at_cell
    assert f.rule == "VB-BUDGET-002" and f.also_rules == ["VB-BUDGET-003"] and f.id == "VB-BUDGET-002#1"
    assert "fel tecken" in f.message and "deltabellerna" in f.message
    labels = [e.label for e in f.evidence]
    assert labels.count("Avvikelse") == 1 and any(label.startswith("Totalt") for label in labels)


def test_the_real_sample_gets_one_finding_for_its_wrong_sign() -> None:
    (report,) = parse_file(FAMILJEHEM)
    findings = run_checks(report, CheckContext())
    sign = [f for f in findings if "VB-BUDGET-002" in (f.rule, *f.also_rules)]
    assert len(sign) == 1 and sign[0].also_rules == ["VB-BUDGET-003"]
    keys = [(f.location.model_dump_json() if f.location else "", f.rule) for f in findings]
    assert len(keys) == len(set(keys))


def test_overlapping_words_merge_and_other_places_do_not() -> None:
    para = Location(block=5, start=10, end=30)
    overlapping = Location(block=5, start=25, end=40)
    apart = Location(block=5, start=50, end=60)
    merged = merge_faults(
        [
            _finding("VB-PERIOD-003", "warning", para, "tertialformulering"),
            _finding("VB-MARKER-001", "error", overlapping, "annan måluppfyllelse"),
            _finding("VB-TEXT-001", "error", apart),
            _finding("VB-TEXT-001", "error", apart),  # one rule twice: two faults
        ]
    )
    assert len(merged) == 3
    lead = next(f for f in merged if f.also_rules)
    assert lead.rule == "VB-MARKER-001" and lead.also_rules == ["VB-PERIOD-003"]  # the error leads
    assert lead.message == "annan måluppfyllelse tertialformulering"


def test_a_rule_alone_is_unchanged() -> None:
    rep = analys("Kostnad per dygn har ökat från 6 900 kr → 10 900 kr (+68 %).")
    (f,) = [f for f in run_checks(rep, CheckContext()) if f.rule.startswith("VB-DERIVED")]
    assert f.also_rules == [] and f.id == "VB-DERIVED-001#1"
