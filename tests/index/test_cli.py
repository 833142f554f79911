"""`vbassist index` and `vbassist search` through the real Typer app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vbassist.cli import app
from vbassist.settings import get_settings

from .helpers import SAMPLES, Built, copy_samples, fresh_settings

# the bundled embedding model (and, in places, subprocesses): still run by default
pytestmark = pytest.mark.slow


@pytest.fixture
def env(built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    settings = fresh_settings(tmp_path, built.cache)
    copy_samples(tmp_path / "corpus", SAMPLES[:1])
    monkeypatch.setenv("VBASSIST_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("VBASSIST_CORPUS_DIR", str(tmp_path / "corpus"))
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_search_before_index_says_what_to_do(env: Path) -> None:
    result = CliRunner().invoke(app, ["search", "budget"])
    assert result.exit_code == 2
    assert "vbassist index" in result.output


def test_index_corpus_then_search_json(env: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["index", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "1 fil indexerad, 0 oförändrade" in result.output  # not "1 filer indexerade"

    again = runner.invoke(app, ["index", str(env / "corpus"), "--quiet"])
    assert again.exit_code == 0 and "0 filer indexerade, 1 oförändrad" in again.output

    result = runner.invoke(app, ["search", "klimatsmarta resor", "--k", "3", "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert set(payload) == {"hits"} and 1 <= len(payload["hits"]) <= 3
    hit = payload["hits"][0]
    assert set(hit) == {"text", "score", "metadata"}
    assert hit["metadata"]["kind"] == "VB" and hit["metadata"]["year"] == 2024

    text = runner.invoke(app, ["search", "klimatsmarta resor", "--year", "2024", "--kind", "VB"])
    assert text.exit_code == 0 and text.output.startswith("1. [")
    none = runner.invoke(app, ["search", "våld", "--year", "2001"])
    assert none.exit_code == 0 and "Inga träffar" in none.output


def test_index_missing_path_is_a_usage_error(env: Path) -> None:
    result = CliRunner().invoke(app, ["index", str(env / "finns-inte")])
    assert result.exit_code == 2 and "Hittar inte" in result.output
