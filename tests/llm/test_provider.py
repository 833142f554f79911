"""Provider choice from settings, and the real OpenAI client path over HTTP against a scripted local
stand-in for an OpenAI-compatible server (a real cloud or llama.cpp model cannot run in the default tests;
see tests/drafting/test_llm_e2e.py for the opt-in run against llama.cpp)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from vbassist.errors import ConfigurationError
from vbassist.llm.provider import MAX_TOKENS, get_chat_model, is_local, parse_llm_setting
from vbassist.settings import Settings


@pytest.mark.parametrize(
    ("settings", "expected", "local"),
    [
        (Settings(llm=None), None, True),
        (Settings(llm="openai:gpt-4o-mini"), ("openai", "gpt-4o-mini"), False),
        (Settings(llm="azure_openai:vb-utkast"), ("azure_openai", "vb-utkast"), False),
        (Settings(llm="ollama:llama3"), ("ollama", "llama3"), True),
        (
            Settings(llm="gemma", llm_base_url="http://127.0.0.1:8080/v1"),
            ("openai_compatible", "gemma"),
            True,
        ),
        (
            Settings(llm="qwen", llm_base_url="https://llm.example.se/v1"),
            ("openai_compatible", "qwen"),
            False,
        ),
    ],
)
def test_parse_llm_setting(settings: Settings, expected: tuple[str, str] | None, local: bool) -> None:
    assert parse_llm_setting(settings) == expected
    assert is_local(settings) is local


@pytest.mark.parametrize("spec", ["gpt-4o-mini", "anthropic:claude", "openai:"])
def test_bad_llm_setting_is_a_configuration_error(spec: str) -> None:
    with pytest.raises(ConfigurationError):
        parse_llm_setting(Settings(llm=spec))


@pytest.fixture
def server(openai_server: Any) -> Any:  # tests/conftest.py: OpenAIStandIn
    return openai_server


DATA = Path(__file__).resolve().parent.parent / "data"


def test_openai_compatible_server_round_trip(server: Any) -> None:
    from vbassist.drafting import draft_goal, find_goal
    from vbassist.parsing import parse_file

    [report] = parse_file(DATA / "vb2025_hagersten-alvsjo_familjehemsenheten.docx")
    goal = find_goal(report, "Familjehemsplacerade barn får en bättre hälsa")
    text = "Enheten bedömer att målet uppfylls helt. Andelen var 73,33 % mot årsmålet 75 %."
    server.replies.append(json.dumps({"text": text, "assessment": "helt", "gaps": []}))
    url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    settings = Settings(llm="gemma", llm_base_url=url, llm_timeout_s=10)
    assert get_chat_model(settings) is not None
    draft = draft_goal(report, goal, settings=settings)
    assert draft.text == text and draft.verification.drafter == "llm"
    [request] = server.requests
    assert request["model"] == "gemma"
    assert request["max_tokens"] == MAX_TOKENS  # sent in the body, which llama.cpp reads
    # JSON mode, which llama.cpp, vLLM and Ollama all accept (llama-cpp-python rejects "json_schema")
    assert request["response_format"] == {"type": "json_object"}
    assert "73,33 %" in request["messages"][-1]["content"]


def test_slow_server_falls_back_within_the_timeout(server: Any) -> None:
    from vbassist.drafting import draft_goal, find_goal
    from vbassist.parsing import parse_file

    [report] = parse_file(DATA / "vb2025_hagersten-alvsjo_familjehemsenheten.docx")
    goal = find_goal(report, "Familjehem erbjuds")
    server.delay_s = 3.0
    server.replies.append(json.dumps({"text": "Enheten bedömer att målet uppfylls delvis.", "gaps": []}))
    url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    start = time.perf_counter()
    draft = draft_goal(report, goal, settings=Settings(llm="m", llm_base_url=url, llm_timeout_s=0.5))
    assert time.perf_counter() - start < 2.5
    assert draft.verification.drafter == "grounded"
    assert draft.verification.notes


@pytest.mark.parametrize("second_ok", [True, False])
def test_unreadable_answer_is_retried_once(server: Any, second_ok: bool) -> None:
    from vbassist.drafting import draft_goal, find_goal
    from vbassist.parsing import parse_file

    [report] = parse_file(DATA / "vb2025_hagersten-alvsjo_familjehemsenheten.docx")
    goal = find_goal(report, "Familjehem erbjuds")
    good = json.dumps(
        {"text": "Enheten bedömer att målet uppfylls delvis.", "assessment": "delvis", "gaps": []}
    )
    server.replies.extend(["Familjehem familjehem familjehem", good if second_ok else "{inte json"])
    url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    draft = draft_goal(report, goal, settings=Settings(llm="m", llm_base_url=url, llm_timeout_s=10))
    assert len(server.requests) == 2
    assert "JSON" in server.requests[1]["messages"][-1]["content"]
    if second_ok:
        assert draft.text == "Enheten bedömer att målet uppfylls delvis."
        assert draft.verification.drafter == "llm" and draft.verification.attempts == 2
    else:
        assert draft.verification.drafter == "grounded"
        assert any("gick inte att läsa" in note for note in draft.verification.notes)
