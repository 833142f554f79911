"""`vbassist check` end to end on the real sample drafts: formats, exit codes, bad files in a batch,
annotated copies and parallel runs."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from vbassist.cli import app

DATA = Path(__file__).resolve().parent / "data"
SAMPLES = sorted(DATA.glob("vb20*.docx"))
FINDING_KEYS = [
    "id",
    "rule",
    "also_rules",
    "category",
    "severity",
    "unit",
    "goal",
    "message",
    "evidence",
    "location",
    "place",
    "suggestion",
    "confidence",
    "severity_reason",
]


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, ["check", "--no-corpus", *args])


@pytest.fixture(scope="module")
def sample_json() -> dict:
    result = run(str(SAMPLES[0]), "--format", "json", "--jobs", "1")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def test_json_shape_and_exit_code_follow_the_findings(sample_json: dict) -> None:
    assert set(sample_json) == {"documents", "summary"}
    (doc,) = sample_json["documents"]
    assert doc["source"] == str(SAMPLES[0]) and "error" not in doc
    for f in doc["findings"]:
        assert list(f) == FINDING_KEYS
        assert f["severity"] in ("error", "warning", "info")
        # every finding with a location has a place a reader can find, never a bare block number
        if f["location"] is not None:
            assert f["place"]["text"] and "block" not in f["place"]["text"]
    summary = sample_json["summary"]
    assert summary["documents"] == 1 and summary["failed"] == 0 and summary["reports"] >= 1
    assert summary["findings"] == len(doc["findings"])
    has_error = any(f["severity"] == "error" for f in doc["findings"])
    has_warning = any(f["severity"] in ("error", "warning") for f in doc["findings"])
    assert run(str(SAMPLES[0]), "--format", "json", "--jobs", "1").exit_code == (1 if has_error else 0)
    assert run(str(SAMPLES[0]), "--fail-on", "warning", "--jobs", "1").exit_code == (1 if has_warning else 0)
    assert run(str(SAMPLES[0]), "--fail-on", "never", "--jobs", "1").exit_code == 0


def test_batch_keeps_going_past_bad_files_in_every_format(tmp_path: Path) -> None:
    folder = tmp_path / "utkast"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(SAMPLES[0], folder / "sub" / SAMPLES[0].name)
    (folder / "tom.docx").write_bytes(b"")
    (folder / "trasig.docx").write_bytes(b"PK\x03\x04 inte en riktig zip")
    (folder / "~$lås.docx").write_bytes(b"lock file, skipped")
    (folder / "bild.png").write_bytes(b"\x89PNG skipped")

    result = run(str(folder), "--format", "json", "--jobs", "2")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    by_name = {Path(d["source"]).name: d for d in data["documents"]}
    assert set(by_name) == {SAMPLES[0].name, "tom.docx", "trasig.docx"}
    assert "error" not in by_name[SAMPLES[0].name]
    assert by_name["tom.docx"]["error"]["code"] == "tom_fil"
    assert by_name["trasig.docx"]["error"]["code"] in ("trasig_fil", "ogiltig_fil")
    assert data["summary"]["failed"] == 2 and data["summary"]["checked"] == 1
    assert "tom.docx" in result.stderr and "trasig.docx" in result.stderr
    assert "Traceback" not in result.output

    text = run(str(folder), "--jobs", "1")
    assert text.exit_code == 2
    assert (
        text.stdout.count("KUNDE INTE GRANSKAS") == 2
        and "Sammanfattning: 3 dokument (2 kunde inte granskas)" in text.stdout
    )

    html = tmp_path / "r.html"
    html_run = run(str(folder), "--format", "html", "--out", str(html), "--jobs", "1")
    assert html_run.exit_code == 2
    assert f"rapport: {html}: 3 dokument (2 kunde inte granskas)" in html_run.stderr
    page = html.read_text(encoding="utf-8")
    assert page.count("Filen kunde inte granskas") == 2 and "tom.docx" in page

    xlsx = tmp_path / "r.xlsx"
    assert run(str(folder), "--format", "xlsx", "--out", str(xlsx), "--jobs", "1").exit_code == 2
    wb = load_workbook(xlsx)
    rows = [[c.value for c in r] for r in wb["Fynd"].iter_rows(min_row=2)]
    assert sum(1 for r in rows if r[4] == "Filen kunde inte granskas") == 2
    assert len(rows) == 2 + data["summary"]["findings"]


def test_parallel_and_serial_agree(tmp_path: Path) -> None:
    args = [str(p) for p in SAMPLES] + ["--format", "json"]
    serial = run(*args, "--jobs", "1")
    parallel = run(*args, "--jobs", "2")
    assert serial.exit_code == parallel.exit_code
    assert json.loads(serial.stdout) == json.loads(parallel.stdout)
    assert [d["source"] for d in json.loads(serial.stdout)["documents"]] == [str(p) for p in SAMPLES]


def test_annotate_writes_commented_copies_and_keeps_originals(tmp_path: Path, sample_json: dict) -> None:
    source = tmp_path / SAMPLES[0].name
    shutil.copy(SAMPLES[0], source)
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    out = tmp_path / "granskade"
    result = run(str(source), "--annotate", str(out), "--format", "json", "--jobs", "1")
    assert result.exit_code in (0, 1)
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before
    copy = out / source.name
    assert copy.is_file() and "kommenterad kopia" in result.stderr
    n_findings = len(sample_json["documents"][0]["findings"])
    with zipfile.ZipFile(copy) as z:
        names = z.namelist()
        comments = z.read("word/comments.xml").decode() if "word/comments.xml" in names else ""
    assert comments.count("<w:comment ") == n_findings
    if n_findings:
        assert 'w:author="vbassist"' in comments and 'w:initials="VB"' in comments


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    empty = tmp_path / "tom"
    empty.mkdir()
    r = run(str(empty))
    assert r.exit_code == 2 and "inga filer att granska" in r.stderr
    r = run(str(SAMPLES[0]), "--format", "xlsx")
    assert r.exit_code == 2 and "--out" in r.stderr
    assert run(str(SAMPLES[0]), "--format", "pdf").exit_code == 2
    assert run(str(SAMPLES[0]), "--fail-on", "sometimes").exit_code == 2
    r = run(str(SAMPLES[0]), "--format", "html", "--out", str(tmp_path), "--jobs", "1")  # a folder
    assert r.exit_code == 2 and "kunde inte skriva rapporten" in r.stderr
    missing = run(str(tmp_path / "finns-inte.docx"), "--format", "json")
    assert missing.exit_code == 2
    assert json.loads(missing.stdout)["documents"][0]["error"]["code"] == "saknas"


def test_rules_and_skip_rules_switch_families_and_refuse_unknown_prefixes() -> None:
    sample = DATA / "vb2025_hagersten-alvsjo_familjehemsenheten.docx"
    (doc,) = json.loads(run(str(sample), "--format", "json", "--jobs", "1").stdout)["documents"]
    all_rules = {f["rule"] for f in doc["findings"]}
    assert any(r.startswith("VB-BUDGET") for r in all_rules) and any(
        not r.startswith("VB-BUDGET") for r in all_rules
    )
    only = run(str(sample), "--format", "json", "--jobs", "1", "--rules", "VB-BUDGET,vb-period")
    assert only.exit_code in (0, 1), only.output
    rules = {f["rule"] for f in json.loads(only.stdout)["documents"][0]["findings"]}
    assert rules and all(r.startswith(("VB-BUDGET", "VB-PERIOD")) for r in rules)
    skipped = run(str(sample), "--format", "json", "--jobs", "1", "--skip-rules", "VB-BUDGET")
    rules = {f["rule"] for f in json.loads(skipped.stdout)["documents"][0]["findings"]}
    assert rules == {r for r in all_rules if not r.startswith("VB-BUDGET")}
    bad = run(str(sample), "--rules", "VB-BUDGT")
    assert bad.exit_code == 2 and bad.stdout == ""
    (line,) = bad.stderr.strip().splitlines()  # one line, no traceback
    assert line.startswith("fel: okänd regel: VB-BUDGT") and "VB-BUDGET" in line
    assert run(str(sample), "--skip-rules", "X-1").exit_code == 2
    assert "--skip-rules" in CliRunner().invoke(app, ["check", "--help"], env={"COLUMNS": "200"}).stdout
