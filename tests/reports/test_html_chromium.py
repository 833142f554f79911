"""The HTML report in a real browser: headless Chromium loads it without fetching anything, every
finding card is in the rendered DOM, and a screenshot lands in test-output/ for a look by eye."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from vbassist.checks.result import CheckResult
from vbassist.reports.html import render_html

pytestmark = pytest.mark.slow
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "html"


def _chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium saknas: scripts/setup.sh installerar det")
        pytest.skip("chromium is not installed")
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={tmp / 'profile'}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "HOME": str(tmp)},
    )


def test_report_renders_in_chromium(result: CheckResult, tmp_path: Path) -> None:
    page = tmp_path / "granskning.html"
    page.write_text(render_html(result), encoding="utf-8")
    dom = _chromium(tmp_path, "--dump-dom", page.as_uri()).stdout
    assert dom.count('class="finding sev-') == 3
    assert "Filen kunde inte granskas" in dom and "Familjehemsenheten" in dom
    OUTPUT.mkdir(parents=True, exist_ok=True)
    shot = OUTPUT / "granskning.png"
    shot.unlink(missing_ok=True)
    _chromium(tmp_path, "--window-size=1100,1600", f"--screenshot={shot}", page.as_uri())
    assert shot.is_file() and shot.stat().st_size > 10_000
