"""`vbassist overview` end to end: the suffix of --out picks the format, a file that cannot be read is
named on stderr and listed in the output (exit 2 after writing the rest), nothing is written when no
report could be read, and usage errors exit 2."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner, Result

from vbassist.cli import app

from .conftest import DOCX, FAMILJEHEM, UNGDOM

CORRUPT = b"PK\x03\x04 not really a zip"


def run(*args: str) -> Result:
    return CliRunner().invoke(app, ["overview", "--no-corpus", *args])


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("inkomna")
    for source in (FAMILJEHEM, UNGDOM):
        shutil.copy(source, folder / source.name)
    (folder / "trasig.docx").write_bytes(CORRUPT)
    return folder


@pytest.mark.parametrize("suffix", [".xlsx", ".html", ".docx", ".json"])
def test_writes_the_format_of_the_suffix_and_lists_the_bad_file(
    batch: Path, tmp_path: Path, suffix: str
) -> None:
    out = tmp_path / f"oversikt{suffix}"
    result = run(str(batch), "--out", str(out), "--jobs", "2")
    assert result.exit_code == 2, result.output
    assert f"fel: {batch / 'trasig.docx'}: filen är trasig" in result.stderr
    assert (
        f"översikt: {out}: 2 rapporter från 3 filer, 34 enhetsmål under 8 nämndmål (1 fil kunde inte läsas)"
        in result.stderr
    )
    data = out.read_bytes()
    if suffix == ".xlsx":
        files = load_workbook(io.BytesIO(data))["Filer"]
        assert ("trasig.docx", "kunde inte läsas") in {
            (r[0], r[1]) for r in files.iter_rows(values_only=True)
        }
    elif suffix == ".html":
        assert "trasig.docx" in data.decode() and "1 fil kunde inte läsas" in data.decode()
    elif suffix == ".docx":
        texts = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
        assert "Filer som inte kunde läsas" in texts and any(t.startswith("trasig.docx: ") for t in texts)
    else:
        overview = json.loads(data)
        assert [f["code"] for f in overview["failed"]] == ["trasig_fil"]
        assert len(overview["reports"]) == 2 and len(overview["goals"]) == 34


def test_a_clean_batch_exits_0(tmp_path: Path) -> None:
    out = tmp_path / "oversikt.xlsx"
    result = run(*map(str, DOCX), "--out", str(out), "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert "5 rapporter från 5 filer, 63 enhetsmål under 20 nämndmål" in result.stderr
    assert out.is_file()


def test_nothing_is_written_when_no_report_could_be_read(tmp_path: Path) -> None:
    bad = tmp_path / "trasig.docx"
    bad.write_bytes(CORRUPT)
    out = tmp_path / "oversikt.docx"
    result = run(str(bad), "--out", str(out))
    assert result.exit_code == 2
    assert "ingen rapport med måluppfyllelse kunde läsas; ingen översikt skrevs" in result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == [bad]


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    result = run(str(FAMILJEHEM), "--out", str(tmp_path / "oversikt.pdf"))
    assert result.exit_code == 2 and "ska sluta på .xlsx, .html, .docx, .json" in result.stderr
    empty = tmp_path / "tom"
    empty.mkdir()
    result = run(str(empty), "--out", str(tmp_path / "oversikt.xlsx"))
    assert result.exit_code == 2 and "inga rapporter" in result.stderr
    result = run(str(FAMILJEHEM))
    assert result.exit_code == 2  # --out is required
    folder = tmp_path / "mapp.xlsx"
    folder.mkdir()
    result = run(str(FAMILJEHEM), "--out", str(folder), "--jobs", "1")  # a folder, not a file
    assert result.exit_code == 2 and "kunde inte skriva översikten" in result.stderr
    assert folder.is_dir() and not any(folder.iterdir())
