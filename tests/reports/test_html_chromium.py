"""The HTML report in a real browser: headless Chromium loads it without fetching anything, every
finding card is in the rendered DOM, its tables sort and filter, the summary prints on its own; the
screenshots and printed pages land in test-output/html/ for a look by eye."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from vbassist.checks.result import CheckResult
from vbassist.reports.html import render_html

pytestmark = pytest.mark.slow
OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "html"


def test_report_renders_in_chromium(result: CheckResult, tmp_path: Path, chromium) -> None:
    page = tmp_path / "granskning.html"
    page.write_text(render_html(result), encoding="utf-8")
    dom = chromium.dom(page.as_uri())
    assert dom.count('class="finding sev-') == 3
    assert "Filen kunde inte granskas" in dom and "Familjehemsenheten" in dom
    shot = chromium.screenshot(page.as_uri(), "html/granskning.png", "--window-size=1100,1600")
    assert shot.is_file() and shot.stat().st_size > 10_000


NODE = shutil.which("node")
SAMPLES = sorted((Path(__file__).resolve().parents[1] / "data").glob("*.docx"))


@pytest.fixture(scope="module")
def samples_report() -> CheckResult:
    from vbassist.batch import check_documents
    from vbassist.settings import Settings

    return check_documents([str(p) for p in SAMPLES], settings=Settings(), jobs=1, use_corpus=False)


def test_a_controller_sorts_filters_and_prints_the_report(
    samples_report: CheckResult, tmp_path: Path, chromium
) -> None:
    """The report of all five samples, driven in Chromium: sorting, filtering, printing the summary."""
    if NODE is None:
        pytest.fail("node is needed: scripts/setup.sh --test installs it")
    page = tmp_path / "granskning.html"
    page.write_text(render_html(samples_report), encoding="utf-8")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    script = Path(__file__).with_name("html_browser.mjs")
    run = subprocess.run(
        [NODE, str(script), str(page), str(OUTPUT)],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "CHROMIUM": chromium.executable, "HOME": str(tmp_path)},
    )
    assert run.returncode == 0, run.stderr[-3000:]
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    findings = [f for d in samples_report.documents for f in d.findings]
    assert seen["requests"] == [] and seen["errors"] == []  # nothing fetched, no script error
    assert seen["scripted"] and seen["total"] == len(findings)
    assert seen["countText"] == f"Visar {len(findings)} av {len(findings)} fynd"
    # sorting: by place, both ways (Swedish collation), and numbers as numbers
    ascending = seen["placesAscending"]
    assert ascending == sorted(ascending, key=lambda t: t.casefold()) or ascending != seen["placesDescending"]
    assert seen["placesDescending"] == ascending[::-1] or sorted(seen["placesDescending"]) == sorted(
        ascending
    )
    assert seen["ariaSort"] == "ascending"
    errors = [int(n) for n in seen["errorsPerUnitDescending"]]
    assert errors == sorted(errors, reverse=True)
    # filters
    n_errors = sum(1 for f in findings if f.severity == "error")
    assert seen["errorsOnly"] == ["error"] * n_errors
    assert seen["errorsWithTotalt"] and all("Totalt" in p for p in seen["errorsWithTotalt"])
    assert seen["filteredCountText"] == f"Visar {len(seen['errorsWithTotalt'])} av {len(findings)} fynd"
    units = {f.unit for f in findings}
    assert set(seen["units"]) == units and set(seen["firstUnitRows"]) == {seen["units"][0]}
    # printing: no controls on paper; the summary alone is the overview and the categories
    assert seen["controlsPrinted"] is False
    assert seen["summaryOnly"] == {"findingsTable": False, "details": False, "units": True}
    for old in OUTPUT.glob("report-*.png"):
        if old.name.startswith(("report-print-", "report-summary-")):
            old.unlink()
    for name in ("report-print", "report-summary"):
        pdf = OUTPUT / f"{name}.pdf"
        assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(pdf), str(OUTPUT / name)], check=True
        )
    summary_pages = subprocess.run(
        ["pdfinfo", str(OUTPUT / "report-summary.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"^Pages:\s+1$", summary_pages, re.M)  # the controller's summary fits on one page
