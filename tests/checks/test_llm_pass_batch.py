"""The optional LLM pass wired into the batch check: off by default; when switched on it runs over the
real OpenAI client against a scripted local stand-in for an OpenAI-compatible server (a cloud model
cannot run here), and its claims are verified by code before they become warnings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from vbassist.batch import check_documents
from vbassist.settings import Settings

DATA = Path(__file__).resolve().parent.parent / "data"
FAMILJEHEM = DATA / "vb2025_hagersten-alvsjo_familjehemsenheten.docx"
ORGANIC = "Andel inköpta ekologiska livsmedel i kronor"


@pytest.fixture
def server(openai_server: Any) -> Any:  # tests/conftest.py: OpenAIStandIn
    # the model "reads" 45 % in the organic-food analysis; the table says 48,84 %
    openai_server.default_reply = json.dumps(
        {"claims": [{"indicator": ORGANIC, "measure": "utfall", "value": 45, "quote": "45% av alla inköp"}]}
    )
    return openai_server


def _settings(tmp_path: Path, url: str, on: bool) -> Settings:
    return Settings(
        data_dir=tmp_path, llm="m", llm_base_url=url, llm_timeout_s=10, llm_check_pass=on, corpus_dir=tmp_path
    )


def test_llm_pass_adds_verified_warnings_when_switched_on(server: Any, tmp_path: Path) -> None:
    url = server.url
    # VB-TEXT-001 switched off: the model's claim stands alone, as a warning
    alone = _settings(tmp_path, url, True).model_copy(update={"skip_rules": "VB-TEXT-001"})
    result = check_documents([FAMILJEHEM], jobs=1, use_corpus=False, settings=alone)
    llm = [f for d in result.documents for f in d.findings if f.rule == "VB-TEXT-LLM"]
    assert len(server.requests) > 0
    assert len(llm) == 1  # only the goal whose indicator list holds the claimed indicator
    assert llm[0].severity == "warning" and llm[0].category == "text_vs_table"
    assert {e.value for e in llm[0].evidence} >= {45.0, 48.84}
    assert llm[0].place is not None and llm[0].place.part == "Analys, stycke 1"  # placed like every finding
    assert result.summary.by_severity["warning"] >= 1
    # with every rule: VB-TEXT-001 flags the same "45%", so one finding names both rules
    result = check_documents([FAMILJEHEM], jobs=1, use_corpus=False, settings=_settings(tmp_path, url, True))
    both = [f for d in result.documents for f in d.findings if "VB-TEXT-LLM" in (f.rule, *f.also_rules)]
    assert len(both) == 1 and both[0].rule == "VB-TEXT-001" and both[0].also_rules == ["VB-TEXT-LLM"]
    assert {e.value for e in both[0].evidence} >= {45.0, 48.84}
    ids = [f.id for d in result.documents for f in d.findings]
    assert len(ids) == len(set(ids))


def test_llm_pass_sees_the_full_reports_when_workers_parse_them(server: Any, tmp_path: Path) -> None:
    # a pool of two workers ships stub reports back to the parent; the pass must not run on those
    settings = _settings(tmp_path, server.url, True).model_copy(update={"skip_rules": "VB-TEXT-001"})
    other = DATA / "vb2025_hagersten-alvsjo_ungdomsenheten.docx"
    result = check_documents([FAMILJEHEM, other], jobs=2, use_corpus=False, settings=settings)
    llm = [f for d in result.documents for f in d.findings if f.rule == "VB-TEXT-LLM"]
    assert [f.unit for f in llm] == ["Familjehemsenheten"]
    assert {e.value for e in llm[0].evidence} >= {45.0, 48.84}


def test_llm_pass_is_off_by_default(server: Any, tmp_path: Path) -> None:
    url = server.url
    result = check_documents([FAMILJEHEM], jobs=1, use_corpus=False, settings=_settings(tmp_path, url, False))
    assert len(server.requests) == 0
    assert not [f for d in result.documents for f in d.findings if f.rule == "VB-TEXT-LLM"]
