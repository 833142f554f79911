"""The LLM path verifies meaning, not only membership. No language model can run in these tests, so a
scripted fake chat model (tests/drafting/conftest.py: it returns queued structured answers through
LangChain's real structured-output parsing and records every prompt) plays the model: each case is an
answer whose every number is in the facts but means something else, retried once and then replaced by
the grounded draft, beside the near miss that states the same numbers correctly and is kept."""

from __future__ import annotations

import pytest

from vbassist.drafting import draft_from_facts, draft_goal, find_goal
from vbassist.drafting.meaning import meaning_problems
from vbassist.drafting.models import ActivityFact, GoalFacts, IndicatorFact
from vbassist.model import Report
from vbassist.settings import Settings

CLOUD = Settings(llm="openai:gpt-4o-mini", llm_timeout_s=5.0)
SCHOOL = "Familjehemsplacerade barn får en bättre hälsa"
OPENING = "Enheten bedömer att målet uppfylls helt. "


def _school(reports: list[Report]):
    report = reports[0]
    return report, find_goal(report, SCHOOL)


@pytest.mark.parametrize(
    ("wrong", "right", "problem"),
    [
        # the target and last year swapped: both numbers are in the facts
        (
            "Andelen var 73,33 % mot årsmålet 58,82 %.",
            "Andelen var 73,33 % mot årsmålet 75 %.",
            "58,82 % anges som årsmålet",
        ),
        # the boys' outcome given as the girls'
        (
            "Andelen var 73,33 %, för flickor 70,59 %.",
            "Andelen var 73,33 %, för flickor 76,92 %.",
            "70,59 % anges som utfallet för kvinnor/flickor",
        ),
        # the gender difference given as the change from last year
        (
            "Andelen ökade med 6,33 procentenheter till 73,33 %.",
            "Andelen ökade med 14,51 procentenheter till 73,33 %.",
            "6,33 procentenheter anges som förändringen",
        ),
        # a rise written as a fall
        (
            "Andelen minskade från 58,82 % till 73,33 %.",
            "Andelen ökade från 58,82 % till 73,33 %.",
            "texten säger att den minskade",
        ),
        # a missed target written as reached
        (
            "Andelen var 73,33 % och årsmålet nåddes.",
            "Andelen var 73,33 % och årsmålet nåddes inte.",
            "årsmålet för",
        ),
    ],
)
def test_a_number_in_the_wrong_role_is_retried_and_the_right_one_kept(
    familjehem_reports: list[Report], fake_llm, wrong: str, right: str, problem: str
) -> None:
    report, goal = _school(familjehem_reports)
    model = fake_llm.scripted(
        fake_llm.answer(OPENING + wrong, "helt"), fake_llm.answer(OPENING + right, "helt")
    )
    draft = draft_goal(report, goal, settings=CLOUD, model=model)
    assert len(model.prompts) == 2
    assert problem in model.prompts[1][-1].content  # the retry names what the number really is
    assert draft.text == OPENING + right
    assert draft.verification.drafter == "llm" and draft.verification.attempts == 2
    assert draft.verification.meaning == []


def test_a_wrong_role_twice_gives_the_grounded_draft(familjehem_reports: list[Report], fake_llm) -> None:
    report, goal = _school(familjehem_reports)
    wrong = OPENING + "Andelen var 73,33 % mot årsmålet 58,82 %."
    model = fake_llm.scripted(fake_llm.answer(wrong, "helt"), fake_llm.answer(wrong, "helt"))
    draft = draft_goal(report, goal, settings=CLOUD, model=model)
    assert draft.verification.drafter == "grounded" and draft.verification.ok
    assert any("58,82 %" in note and "regelbaserat" in note for note in draft.verification.notes)


def _halving_facts(now: float) -> GoalFacts:
    wait = IndicatorFact(
        name="Antal barn i konsulentstött jourhem",
        kind="count",
        utfall=now,
        forra_aret=26.0,
        forra_aret_label="Utfall VB 2024",
        change=now - 26.0,
    )
    return GoalFacts(goal="Fler barn bor i familjehem i egen regi", status="delvis", indicators=[wait])


@pytest.mark.parametrize(("now", "computes"), [(13.0, True), (12.0, True), (20.0, False)])
def test_halverades_must_compute(fake_llm, now: float, computes: bool) -> None:
    facts = _halving_facts(now)
    text = (
        f"Enheten bedömer att målet uppfylls delvis. Antalet barn i konsulentstött jourhem halverades "
        f"från 26 till {now:.0f}."
    )
    assert (meaning_problems(text, facts) == []) is computes
    model = fake_llm.scripted(fake_llm.answer(text, "delvis"), fake_llm.answer(text, "delvis"))
    draft = draft_from_facts(facts, settings=CLOUD, model=model)
    assert (draft.verification.drafter == "llm") is computes


def test_an_activity_its_own_text_says_did_not_happen_is_not_claimed_done(fake_llm) -> None:
    activity = ActivityFact(
        name="Utveckla samarbetet med skolsamordnarna",
        analys="Skolsamordnare arbetar inte med placerade barn.",
        state="inte_genomford",
        state_words="arbetar inte",
    )
    facts = GoalFacts(goal="Placerade barn får en bättre skolgång", status="delvis", activities=[activity])
    claimed = (
        "Enheten bedömer att målet uppfylls delvis. Samarbetet med skolsamordnarna har genomförts under året."
    )
    honest = (
        "Enheten bedömer att målet uppfylls delvis. Samarbetet med skolsamordnarna har inte kommit igång."
    )
    assert meaning_problems(honest, facts) == []
    [problem] = meaning_problems(claimed, facts)
    assert "arbetar inte" in problem
    model = fake_llm.scripted(fake_llm.answer(claimed, "delvis"), fake_llm.answer(honest, "delvis"))
    draft = draft_from_facts(facts, settings=CLOUD, model=model)
    assert draft.text == honest and draft.verification.attempts == 2
