"""Word 97-2003 (.doc) and OpenDocument (.odt) files, made here from a sample by LibreOffice, read
through LibreOffice into the same reports and the same findings as the .docx they came from; and
refused with the hint "spara som .docx" where LibreOffice is not installed (issue 11, item 4)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vbassist.cli import app
from vbassist.model import Report
from vbassist.parsing import parse_bytes, parse_file
from vbassist.parsing.files import expand_paths
from vbassist.parsing.legacy import legacy_kind, run_soffice

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "tests" / "data" / "vb2025_hagersten-alvsjo_familjehemsenheten.docx"


@pytest.fixture(scope="session")
def legacy_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """suffix -> the sample saved by LibreOffice as .doc ("MS Word 97") and as .odt."""
    folder = tmp_path_factory.mktemp("legacy")
    source = Path(shutil.copy(SAMPLE, folder / "rapport.docx"))
    for target in ("doc:MS Word 97", "odt"):
        run_soffice([source], target, folder / "out", timeout_s=300)
    return {suffix: folder / "out" / f"rapport.{suffix}" for suffix in ("doc", "odt")}


def facts(report: Report) -> tuple[object, ...]:
    return (
        report.kind,
        report.year,
        report.unit,
        report.district,
        [(g.level, g.number, g.title, g.status) for g, _ in report.iter_goals()],
        [(i.name, i.utfall, i.arsmal, i.kf_arsmal, i.period) for i, _, _ in report.indicators()],
        [(a.name, a.startdatum, a.slutdatum) for g, _ in report.iter_goals() for a in g.activities],
    )


def test_made_files_are_what_they_claim(legacy_files: dict[str, Path]) -> None:
    assert legacy_kind(legacy_files["doc"].read_bytes()) == "doc"
    assert legacy_kind(legacy_files["odt"].read_bytes()) == "odt"
    assert legacy_kind(SAMPLE.read_bytes()) is None  # near miss: a .docx is a zip too


@pytest.mark.parametrize("suffix", ["doc", "odt"])
def test_legacy_file_parses_like_its_docx(legacy_files: dict[str, Path], suffix: str) -> None:
    (original,) = parse_file(SAMPLE)
    (converted,) = parse_file(legacy_files[suffix])
    assert facts(converted) == facts(original)
    assert len(converted.enhetsmal()) == 21
    if suffix == "doc":  # by content, not by name: the same bytes under another name read the same
        (renamed,) = parse_bytes(legacy_files[suffix].read_bytes(), "utan_ändelse.docx")
        assert facts(renamed) == facts(original)


def test_check_reads_them_with_the_same_findings(legacy_files: dict[str, Path]) -> None:
    def findings(path: Path) -> list[tuple[object, ...]]:
        result = CliRunner().invoke(
            app, ["check", "--no-corpus", str(path), "--format", "json", "--jobs", "1"]
        )
        assert result.exit_code in (0, 1), result.output
        (doc,) = json.loads(result.stdout)["documents"]
        assert "error" not in doc
        return [(f["rule"], f["severity"], f["unit"], f["goal"], f["message"]) for f in doc["findings"]]

    expected = findings(SAMPLE)
    assert expected  # the sample has findings to compare
    assert findings(legacy_files["doc"]) == expected
    assert findings(legacy_files["odt"]) == expected


def test_a_folder_walk_takes_doc_and_odt(legacy_files: dict[str, Path], tmp_path: Path) -> None:
    for path in legacy_files.values():
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "~$rapport.doc").write_bytes(b"lock")  # Word's lock file is no report
    assert [p.name for p in expand_paths([tmp_path])] == ["rapport.doc", "rapport.odt"]


def test_without_libreoffice_they_are_refused_with_the_hint(
    legacy_files: dict[str, Path], tmp_path: Path
) -> None:
    """soffice hidden from PATH: each file is one line naming the file and "spara som .docx", exit 2,
    and the .docx beside them is still read."""
    empty = tmp_path / "bin"  # a PATH without soffice (or anything else)
    empty.mkdir()
    env = {**os.environ, "PATH": str(empty)}
    paths = [str(legacy_files["doc"]), str(legacy_files["odt"]), str(SAMPLE)]
    proc = subprocess.run(
        [sys.executable, "-m", "vbassist.cli", "parse", *paths, "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )
    assert proc.returncode == 2
    errors = proc.stderr.strip().splitlines()
    assert len(errors) == 2 and "Traceback" not in proc.stderr
    for line, path, kind in zip(errors, paths, (".doc", ".odt"), strict=False):
        assert line.startswith(f"fel: {path}: ") and kind in line and "spara som .docx" in line
    assert [r["unit"] for r in json.loads(proc.stdout)["reports"]] == ["Familjehemsenheten"]
