"""The optional LLM-assisted pass, with a scripted fake chat model (a cloud LLM cannot run here; the fake
answers with queued tool calls the way a real model answers `with_structured_output`, and records the
prompts it was sent). The real parser reads a real sample; the checking of each claim is real code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatResult
from pydantic import Field

from vbassist.checks.llm_pass import llm_pass
from vbassist.model import Report
from vbassist.parsing import parse_file
from vbassist.settings import REPO_ROOT, Settings

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "vb2025_hagersten-alvsjo_familjehemsenheten.docx"
EKO = "Andel inköpta ekologiska livsmedel i kronor"


class Scripted(GenericFakeChatModel):
    prompts: list[list[BaseMessage]] = Field(default_factory=list)

    def bind_tools(self, tools: Any, **kwargs: Any) -> Scripted:
        return self

    def _generate(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kwargs: Any
    ) -> ChatResult:
        self.prompts.append(list(messages))
        return super()._generate(messages, stop=stop, run_manager=run_manager, **kwargs)


def _answer(*claims: dict) -> AIMessage:
    return AIMessage(
        content="", tool_calls=[{"name": "LLMClaims", "args": {"claims": list(claims)}, "id": "c1"}]
    )


def _model(answers: list[AIMessage]) -> Scripted:
    # every enhetsmål with indicators and an analysis gets a call; pad with empty answers
    return Scripted(messages=iter([*answers, *[_answer() for _ in range(60)]]), prompts=[])


def _report(analysis: str) -> Report:
    (report,) = parse_file(SAMPLE)
    goal = next(g for g in report.enhetsmal() if "ekologiska" in g.title)
    goal.analys[0].text = analysis
    # only this goal asks the model, so the scripted answers line up with it
    for other in report.enhetsmal():
        if other is not goal:
            other.analys = []
    return report


def _settings() -> Settings:
    return Settings(prompts_dir=REPO_ROOT / "prompts", llm="openai:gpt-4o-mini", llm_check_pass=True)


def test_claim_that_differs_from_table_is_a_located_warning() -> None:
    text = "Under året har knappt hälften, närmare bestämt 41,5 %, av våra inköp varit ekologiska. Kontakt: 0701234567."
    report = _report(text)
    model = _model(
        [
            _answer(
                {
                    "indicator": EKO,
                    "measure": "utfall",
                    "value": 41.5,
                    "quote": "närmare bestämt 41,5 %, av våra inköp varit ekologiska",
                }
            )
        ]
    )
    findings = llm_pass(report, settings=_settings(), model=model)
    assert len(findings) == 1
    f = findings[0]
    assert f.rule == "VB-TEXT-LLM" and f.severity == "warning" and f.category == "text_vs_table"
    assert "48,84" in f.message and f.location is not None
    assert text[f.location.start : f.location.end] == "41,5 %"
    # a cloud model never sees the phone number
    sent = " ".join(str(m.content) for m in model.prompts[0])
    assert "0701234567" not in sent and EKO in sent


def test_hallucinated_quote_name_or_number_and_rounding_give_nothing() -> None:
    text = "Andelen ekologiska inköp var 49 % under året."
    report = _report(text)
    model = _model(
        [
            _answer(
                {
                    "indicator": EKO,
                    "measure": "utfall",
                    "value": 49.0,
                    "quote": "Andelen ekologiska inköp var 49 %",
                },  # rounding
                {
                    "indicator": EKO,
                    "measure": "utfall",
                    "value": 30.0,
                    "quote": "ekologiska inköp var 30 %",
                },  # not in text
                {
                    "indicator": "Andel påhittade",
                    "measure": "utfall",
                    "value": 49.0,
                    "quote": "var 49 %",
                },  # unknown name
                {
                    "indicator": EKO,
                    "measure": "utfall",
                    "value": 12.0,
                    "quote": "Andelen ekologiska inköp var 49 %",
                },  # number not written
            )
        ]
    )
    assert llm_pass(report, settings=_settings(), model=model) == []


def test_off_by_default_and_model_failure_is_harmless() -> None:
    report = _report("45% av alla inköp är ekologiska.")
    assert llm_pass(report, settings=Settings(prompts_dir=REPO_ROOT / "prompts")) == []

    class Broken(Scripted):
        def _generate(self, *args: Any, **kwargs: Any) -> ChatResult:
            raise RuntimeError("server down")

    assert llm_pass(report, settings=_settings(), model=Broken(messages=iter([]), prompts=[])) == []
