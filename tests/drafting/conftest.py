"""Shared fixtures for drafting tests: real sample reports parsed by the real parser, and a scripted fake
chat model (a cloud LLM cannot run here, so the LLM path is exercised with a fake that returns queued
structured answers and records every prompt it was sent)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatResult
from pydantic import Field

from vbassist.model import Report

DATA = Path(__file__).resolve().parent.parent / "data"
FAMILJEHEM = DATA / "vb2025_hagersten-alvsjo_familjehemsenheten.docx"
VUXEN = DATA / "vb2024_kungsholmen_vuxenenheten.docx"


class ScriptedChatModel(GenericFakeChatModel):
    """A fake chat model: each call returns the next queued answer as a tool call (the way a real model
    answers `with_structured_output`), an exception to raise, or a delay to simulate a hung server.
    `bind_tools` returns the model itself so structured output goes through the real LangChain parser."""

    prompts: list[list[BaseMessage]] = Field(default_factory=list)
    delay_s: float = 0.0

    def bind_tools(self, tools: Any, **kwargs: Any) -> ScriptedChatModel:
        return self

    def _generate(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kwargs: Any
    ) -> ChatResult:
        self.prompts.append(list(messages))
        if self.delay_s:
            time.sleep(self.delay_s)
        return super()._generate(messages, stop=stop, run_manager=run_manager, **kwargs)


def answer(
    text: str, assessment: str | None = "delvis", gaps: list[str] | None = None
) -> AIMessage | Exception:
    """A structured answer as the model would send it."""
    return AIMessage(
        content="",
        tool_calls=[
            {
                "name": "LLMAnalysis",
                "args": {"text": text, "assessment": assessment, "gaps": gaps or []},
                "id": "c1",
            }
        ],
    )


class _Raising(Iterator[AIMessage]):
    def __init__(self, items: list[AIMessage | Exception]) -> None:
        self._items = iter(items)

    def __next__(self) -> AIMessage:
        item = next(self._items)
        if isinstance(item, Exception):
            raise item
        return item


def scripted(*items: AIMessage | Exception, delay_s: float = 0.0) -> ScriptedChatModel:
    return ScriptedChatModel(messages=_Raising(list(items)), prompts=[], delay_s=delay_s)


@pytest.fixture(scope="session")
def familjehem_reports() -> list[Report]:
    from vbassist.parsing import parse_file

    return parse_file(FAMILJEHEM)


@pytest.fixture(scope="session")
def vuxen_reports() -> list[Report]:
    from vbassist.parsing import parse_file

    return parse_file(VUXEN)


class FakeLLM:
    """The helpers as one fixture, so test modules need no import path to this conftest."""

    answer = staticmethod(answer)
    scripted = staticmethod(scripted)


@pytest.fixture
def fake_llm() -> type[FakeLLM]:
    return FakeLLM
