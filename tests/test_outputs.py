"""Output files get the permissions of any file the user writes: under the usual umask 022 a report,
a spreadsheet and an annotated copy are readable by group and others (a report is meant to be shared),
and no temporary file is left beside them. Every output goes through `vbassist.outputs.write_atomic`."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vbassist.cli import app
from vbassist.outputs import write_atomic

SAMPLE = Path(__file__).resolve().parent / "data" / "vb2025_hagersten-alvsjo_familjehemsenheten.docx"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("umask_022")
def test_write_atomic_writes_rw_r__r__(tmp_path: Path) -> None:
    target = tmp_path / "mapp" / "rapport.json"
    write_atomic(target, '{"a": 1}')
    write_atomic(target, b"{}")  # replacing keeps the usual mode too
    assert target.read_bytes() == b"{}"
    assert _mode(target) == 0o644
    assert [p.name for p in target.parent.iterdir()] == ["rapport.json"]


@pytest.mark.usefixtures("umask_022")
@pytest.mark.parametrize("fmt", ["text", "json", "html", "xlsx"])
def test_check_report_is_readable_by_group_and_others(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"granskning.{fmt}"
    result = CliRunner().invoke(
        app, ["check", "--no-corpus", "--jobs", "1", str(SAMPLE), "--format", fmt, "--out", str(out)]
    )
    assert result.exit_code in (0, 1), result.output
    assert _mode(out) == 0o644
    assert _mode(out) & (stat.S_IRGRP | stat.S_IROTH) == stat.S_IRGRP | stat.S_IROTH
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


@pytest.mark.usefixtures("umask_022")
def test_annotated_copy_is_readable_by_group_and_others(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["check", "--no-corpus", "--jobs", "1", str(SAMPLE), "--annotate", str(tmp_path / "granskade")]
    )
    assert result.exit_code in (0, 1), result.output
    (copy,) = (tmp_path / "granskade").iterdir()
    assert copy.name == SAMPLE.name and _mode(copy) == 0o644
