"""`vbassist index` takes the .doc and .odt files archives are full of: a sample saved by LibreOffice in
both formats is indexed, passage for passage the same text as the .docx (every passage is found in the
embedding cache the .docx filled, so nothing new is embedded)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from vbassist.cli import app
from vbassist.parsing.legacy import run_soffice
from vbassist.settings import get_settings

from .helpers import DATA, SAMPLES, Built, fresh_settings, slice_report

pytestmark = pytest.mark.slow


def test_index_takes_doc_and_odt(built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "src").mkdir()
    sliced = slice_report(DATA / SAMPLES[0], tmp_path / "src" / "rapport.docx")
    corpus = tmp_path / "corpus"
    for target in ("doc:MS Word 97", "odt"):
        run_soffice([sliced], target, corpus, timeout_s=300)
    assert sorted(p.name for p in corpus.iterdir()) == ["rapport.doc", "rapport.odt"]

    settings = fresh_settings(tmp_path, built.cache)
    monkeypatch.setenv("VBASSIST_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("VBASSIST_CORPUS_DIR", str(corpus))
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["index", "--quiet"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "2 filer indexerade" in result.output
    assert " 0 nya inbäddningar" in result.output  # the same passages as the .docx, already cached
