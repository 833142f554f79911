"""The LLM path with a scripted fake chat model (a cloud LLM cannot run in tests; the fake returns queued
structured answers through LangChain's real structured-output parsing and records the prompts)."""

from __future__ import annotations

import time

import pytest

from vbassist.drafting import draft_goal, find_goal
from vbassist.drafting.facts import collect_facts
from vbassist.drafting.grounded import compose
from vbassist.model import Activity, Report
from vbassist.settings import Settings

GOAL = "Familjehemsplacerade barn får en bättre hälsa"
CLOUD = {"llm": "openai:gpt-4o-mini", "llm_timeout_s": 5.0}


def _goal(reports: list[Report]):
    report = reports[0]
    return report, find_goal(report, GOAL)


def test_good_answer_is_used(familjehem_reports: list[Report], fake_llm) -> None:
    report, goal = _goal(familjehem_reports)
    text = (
        "Enheten bedömer att målet uppfylls helt. Andelen placerade barn som når kunskapsmålen var 73,3 % "
        "mot årsmålet 75 %, en ökning från 58,82 %. [Beskriv nästa steg.]"
    )
    model = fake_llm.scripted(fake_llm.answer(text, "helt", ["[Beskriv nästa steg.]"]))
    draft = draft_goal(report, goal, settings=Settings(**CLOUD), model=model)
    assert draft.text == text
    assert draft.verification.drafter == "llm" and draft.verification.ok and draft.verification.attempts == 1
    assert draft.gaps == ["[Beskriv nästa steg.]"]
    # the prompt carried the facts and the grounded draft
    sent = model.prompts[0][-1].content
    assert "73,33 %" in sent and "Enheten bedömer att målet" in sent


def test_invented_number_is_retried_then_replaced_by_grounded(
    familjehem_reports: list[Report], fake_llm
) -> None:
    report, goal = _goal(familjehem_reports)
    model = fake_llm.scripted(
        fake_llm.answer("Enheten bedömer att målet uppfylls helt. Andelen var 81 %."),
        fake_llm.answer("Enheten bedömer att målet uppfylls helt. Andelen ökade till 88,5 %."),
    )
    draft = draft_goal(report, goal, settings=Settings(**CLOUD), model=model)
    assert len(model.prompts) == 2
    retry = model.prompts[1][-1].content
    assert "81 %" in retry  # the offending number is named in the retry
    expected, _, _ = compose(collect_facts(report, goal))
    assert draft.text == expected
    assert draft.verification.drafter == "grounded" and draft.verification.ok
    assert any("88,5 %" in note and "regelbaserat" in note for note in draft.verification.notes)


def test_invented_number_fixed_on_retry(familjehem_reports: list[Report], fake_llm) -> None:
    report, goal = _goal(familjehem_reports)
    fixed = "Enheten bedömer att målet uppfylls helt. Andelen var 73,33 %, årsmålet 75 %."
    model = fake_llm.scripted(
        fake_llm.answer("Enheten bedömer att målet uppfylls helt. Andelen var 91 %."),
        fake_llm.answer(fixed, "helt"),
    )
    draft = draft_goal(report, goal, settings=Settings(**CLOUD), model=model)
    assert draft.text == fixed
    assert draft.verification.drafter == "llm" and draft.verification.attempts == 2


def test_draft_contradicting_the_status_marker_is_retried(familjehem_reports: list[Report], fake_llm) -> None:
    report, goal = _goal(familjehem_reports)
    assert goal.status == "helt"
    model = fake_llm.scripted(
        fake_llm.answer("Enheten bedömer att målet uppfylls inte."),
        fake_llm.answer("Enheten bedömer att målet uppfylls helt."),
    )
    draft = draft_goal(report, goal, settings=Settings(**CLOUD), model=model)
    assert len(model.prompts) == 2
    assert "Granskningen" in model.prompts[1][-1].content
    assert draft.text == "Enheten bedömer att målet uppfylls helt."


def test_draft_swapping_girls_and_boys_is_caught_by_the_checker(
    familjehem_reports: list[Report], fake_llm
) -> None:
    report, goal = _goal(familjehem_reports)
    # every number is in the facts, but 70,59 % is the boys' outcome, not the girls'
    swapped = (
        "Enheten bedömer att målet uppfylls helt. Andelen familjehemsplacerade barn som når målen i svenska, "
        "matematik och engelska i grundskolan var 73,33 %, för flickor 70,59 %."
    )
    model = fake_llm.scripted(fake_llm.answer(swapped, "helt"), fake_llm.answer(swapped, "helt"))
    draft = draft_goal(report, goal, settings=Settings(**CLOUD), model=model)
    assert len(model.prompts) == 2
    assert "76,92" in model.prompts[1][-1].content  # the checker's finding names the table value
    assert draft.verification.drafter == "grounded"
    assert any("granskningen fann" in note for note in draft.verification.notes)


@pytest.mark.parametrize("error", [RuntimeError("server down"), ValueError("bad json")])
def test_model_exception_gives_grounded_with_note(
    familjehem_reports: list[Report], fake_llm, error: Exception
) -> None:
    report, goal = _goal(familjehem_reports)
    draft = draft_goal(report, goal, settings=Settings(**CLOUD), model=fake_llm.scripted(error))
    assert draft.verification.drafter == "grounded"
    assert any(type(error).__name__ in note for note in draft.verification.notes)
    assert "server down" not in " ".join(draft.verification.notes)  # no raw error text is passed on


def test_timeout_gives_grounded_quickly(familjehem_reports: list[Report], fake_llm) -> None:
    report, goal = _goal(familjehem_reports)
    model = fake_llm.scripted(fake_llm.answer("Enheten bedömer att målet uppfylls helt."), delay_s=3.0)
    start = time.perf_counter()
    draft = draft_goal(report, goal, settings=Settings(llm="openai:x", llm_timeout_s=0.3), model=model)
    assert time.perf_counter() - start < 2.0
    assert draft.verification.drafter == "grounded"
    assert any("0,3 sekunder" in note for note in draft.verification.notes)


def _with_personal_data(report: Report) -> Report:
    copy = report.model_copy(deep=True)
    goal = find_goal(copy, GOAL)
    goal.activities.append(
        Activity(
            name="Uppföljning med Anna Svensson (anna.svensson@example.se, 070-123 45 67), barn 811228-9874",
            location=goal.location,
        )
    )
    return copy


def test_personal_data_is_masked_for_a_cloud_model_and_restored(
    familjehem_reports: list[Report], fake_llm, tmp_path
) -> None:
    report = _with_personal_data(familjehem_reports[0])
    goal = find_goal(report, GOAL)
    names = tmp_path / "namn.txt"
    names.write_text("Anna Svensson\n", encoding="utf-8")
    model = fake_llm.scripted(
        fake_llm.answer("Enheten bedömer att målet uppfylls helt. Uppföljning har skett med [NAMN_1].")
    )
    draft = draft_goal(report, goal, settings=Settings(**CLOUD, mask_names_file=names), model=model)
    sent = "\n".join(str(m.content) for m in model.prompts[0])
    for secret in ("Anna Svensson", "anna.svensson@example.se", "070-123 45 67", "811228-9874"):
        assert secret not in sent
    assert "[NAMN_1]" in sent and "[PERSONNUMMER_1]" in sent
    assert draft.text.endswith("Uppföljning har skett med Anna Svensson.")
    assert sorted({m.kind for m in draft.masked}) == ["epost", "namn", "personnummer", "telefon"]


def test_local_model_gets_unmasked_text(familjehem_reports: list[Report], fake_llm, tmp_path) -> None:
    report = _with_personal_data(familjehem_reports[0])
    goal = find_goal(report, GOAL)
    names = tmp_path / "namn.txt"
    names.write_text("Anna Svensson\n", encoding="utf-8")
    settings = Settings(llm="gemma", llm_base_url="http://127.0.0.1:8080/v1", mask_names_file=names)
    model = fake_llm.scripted(fake_llm.answer("Enheten bedömer att målet uppfylls helt."))
    draft = draft_goal(report, goal, settings=settings, model=model)
    assert "Anna Svensson" in "\n".join(str(m.content) for m in model.prompts[0])
    assert draft.masked == []


def test_user_edited_prompts_are_sent(familjehem_reports: list[Report], fake_llm, tmp_path) -> None:
    import shutil

    report, goal = _goal(familjehem_reports)
    prompts = tmp_path / "prompts"
    shutil.copytree(Settings().prompts_dir, prompts)
    system = prompts / "draft_system.md"
    system.write_text(system.read_text(encoding="utf-8") + "Skriv högst fem meningar.\n", encoding="utf-8")
    model = fake_llm.scripted(fake_llm.answer("Enheten bedömer att målet uppfylls helt."))
    draft_goal(report, goal, settings=Settings(**CLOUD, prompts_dir=prompts), model=model)
    assert model.prompts[0][0].content.rstrip().endswith("Skriv högst fem meningar.")


def test_broken_prompt_file_falls_back_with_a_note(
    familjehem_reports: list[Report], fake_llm, tmp_path
) -> None:
    import shutil

    report, goal = _goal(familjehem_reports)
    prompts = tmp_path / "prompts"
    shutil.copytree(Settings().prompts_dir, prompts)
    (prompts / "draft_user.md").write_text(
        "---\nname: draft_user\nrole: user\n---\n{odeklarerad}\n", encoding="utf-8"
    )
    model = fake_llm.scripted(fake_llm.answer("Enheten bedömer att målet uppfylls helt."))
    draft = draft_goal(report, goal, settings=Settings(**CLOUD, prompts_dir=prompts), model=model)
    assert model.prompts == []  # nothing was sent
    assert draft.verification.drafter == "grounded"
    assert any("ConfigurationError" in note for note in draft.verification.notes)


def test_find_goal(familjehem_reports: list[Report]) -> None:
    from vbassist.drafting import GoalNotFoundError

    report = familjehem_reports[0]
    assert find_goal(report, "  enhetsmål:  familjehem ERBJUDS ").title.startswith("Familjehem erbjuds")
    assert find_goal(report, "bättre hälsa").title.startswith("Familjehemsplacerade barn får en bättre hälsa")
    with pytest.raises(GoalNotFoundError) as error:
        find_goal(report, "Inget sådant")
    assert error.value.code == "mal_saknas" and error.value.http_status == 404


def test_what_was_masked_is_reported_even_when_the_model_fails(
    familjehem_reports: list[Report], fake_llm, tmp_path
) -> None:
    report = _with_personal_data(familjehem_reports[0])
    goal = find_goal(report, GOAL)
    draft = draft_goal(
        report, goal, settings=Settings(**CLOUD), model=fake_llm.scripted(RuntimeError("down"))
    )
    assert draft.verification.drafter == "grounded"
    assert {m.kind for m in draft.masked} == {"epost", "telefon", "personnummer"}
