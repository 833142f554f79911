"""Prompt files: front matter validated strictly, placeholders filled, the shipped prompts load."""

from __future__ import annotations

import pytest

from vbassist.errors import ConfigurationError
from vbassist.llm.prompts import load_prompt, parse_prompt
from vbassist.settings import Settings


def test_shipped_prompts_load_and_fill() -> None:
    prompts_dir = Settings().prompts_dir
    system = load_prompt("draft_system", prompts_dir)
    assert system.role == "system" and system.fill().startswith("Du skriver")
    user = load_prompt("draft_user", prompts_dir)
    filled = user.fill(
        unit="Familjehemsenheten",
        year="2025",
        kind="VB",
        goal="Familjehem erbjuds ett stöd",
        facts="- Indikator: 73,33 %",
        examples="(inga)",
        grounded="Enheten bedömer att målet uppfylls delvis.",
    )
    assert "Familjehemsenheten" in filled and "73,33 %" in filled and "{" not in filled
    retry = load_prompt("draft_retry", prompts_dir)
    assert "- Tal som inte finns i underlaget: 12 %" in retry.fill(
        problems="- Tal som inte finns i underlaget: 12 %"
    )


def test_fill_requires_every_declared_value() -> None:
    prompt = parse_prompt('---\nname: x\nrole: user\nvariables: [a, b]\n---\n{a} och {b} men {"json": 1}\n')
    assert prompt.fill(a="1", b="2").strip() == '1 och 2 men {"json": 1}'
    with pytest.raises(ConfigurationError):
        prompt.fill(a="1")
    with pytest.raises(ConfigurationError):
        prompt.fill(a="1", b="2", c="3")


@pytest.mark.parametrize(
    "text",
    [
        "ingen front matter\n",
        "---\nname: x\nrole: user\nvariables: []\n---\nText med {odeklarerad}\n",
        "---\nname: x\nrole: user\nvariables: [oanvand]\n---\nText\n",
        "---\nname: x\nrole: robot\n---\nText\n",
        "---\nname: x\nrole: user\nokänd_nyckel: 1\n---\nText\n",
        "---\n[inte: en mapping\n---\nText\n",
    ],
)
def test_invalid_prompt_files_are_rejected(text: str) -> None:
    with pytest.raises(ConfigurationError):
        parse_prompt(text)


def test_file_name_must_match(tmp_path) -> None:
    (tmp_path / "a.md").write_text("---\nname: b\nrole: user\n---\nText\n", encoding="utf-8")
    with pytest.raises(ConfigurationError):
        load_prompt("a", tmp_path)
    with pytest.raises(ConfigurationError):
        load_prompt("saknas", tmp_path)
