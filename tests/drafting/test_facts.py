"""Facts of an enhetsmål from a real parsed VB: linked indicators, changes, stated targets, status."""

from __future__ import annotations

from vbassist.drafting import find_goal
from vbassist.drafting.facts import collect_facts, suggest_status
from vbassist.drafting.models import IndicatorFact
from vbassist.model import Report

SCHOOL = "Familjehemsplacerade barn får en bättre hälsa"


def test_school_goal_links_its_indicator_with_numbers(familjehem_reports: list[Report]) -> None:
    report = familjehem_reports[0]
    facts = collect_facts(report, find_goal(report, SCHOOL))
    assert facts.status == "helt"
    school = [f for f in facts.indicators if "grundskolan" in f.name]
    assert len(school) == 1
    fact = school[0]
    assert fact.kind == "percent"
    assert (fact.utfall, fact.arsmal, fact.forra_aret) == (73.33, 75.0, 58.82)
    assert (fact.man, fact.kvinnor) == (70.59, 76.92)
    assert fact.change_pp == 14.51
    assert fact.diff_kvinnor_man == 6.33
    assert fact.target_met is False
    assert fact.confidence >= 0.45 and fact.link_reason
    # the re-referral indicator is about another topic and is not linked
    assert not any("anmälan" in f.name for f in facts.indicators)
    # "minst 75 procent" in Förväntat resultat is a stated target tied to the indicator
    [target] = [t for t in facts.stated_targets if t.value == 75]
    assert target.comparator == "minst" and target.indicator == fact.name and target.met is False


def test_stated_target_without_indicator_is_kept_unjudged(familjehem_reports: list[Report]) -> None:
    report = familjehem_reports[0]
    facts = collect_facts(report, find_goal(report, "Familjehem erbjuds ett stöd"))
    [target] = facts.stated_targets
    assert target.value == 10 and target.comparator == "minskar_med"
    assert target.met is None


def _fact(
    name: str, utfall: float, arsmal: float, forra: float | None = None, polarity: str = "higher"
) -> IndicatorFact:
    met = utfall >= arsmal if polarity == "higher" else utfall <= arsmal
    change = None if forra is None else round(utfall - forra, 2)
    return IndicatorFact(name=name, kind="percent", utfall=utfall, arsmal=arsmal, forra_aret=forra,
                         change_pp=change, target_met=met, polarity=polarity)  # fmt: skip


def test_suggested_status_from_indicators() -> None:
    assert suggest_status([_fact("a", 80, 75)], [])[0] == "helt"
    assert suggest_status([_fact("a", 80, 75), _fact("b", 60, 75)], [])[0] == "delvis"
    assert suggest_status([_fact("a", 60, 75, forra=70)], [])[0] == "inte"
    # missing the target but moving the right way counts as partly fulfilled
    assert suggest_status([_fact("a", 70, 75, forra=60)], [])[0] == "delvis"
    # lower is better: 6,1 % sick leave against 5 % misses, and rising from 5,2 % is the wrong way
    assert suggest_status([_fact("Sjukfrånvaro", 6.1, 5.0, forra=5.2, polarity="lower")], [])[0] == "inte"
    status, reason = suggest_status([], [])
    assert status is None and reason


def test_no_higher_status_is_suggested_while_expected_results_are_unmeasured() -> None:
    # everything measurable is reached, but two Förväntat resultat cannot be judged from the document
    status, reason = suggest_status([_fact("a", 80, 75)], [], unmeasured=2)
    assert status is None and "2 förväntade resultat kan inte bedömas" in reason
    # a miss still speaks against "helt", whatever else is unmeasured
    assert suggest_status([_fact("a", 80, 75), _fact("b", 60, 75)], [], unmeasured=2)[0] == "delvis"


def test_a_weak_link_is_described_but_never_turns_the_suggestion() -> None:
    weak = _fact("a", 60, 75, forra=70).model_copy(update={"confidence": 0.6})
    assert suggest_status([weak], [])[0] is None
