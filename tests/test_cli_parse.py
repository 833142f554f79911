"""`vbassist parse` end to end: tree and JSON output on the real Word samples, and every kind of bad input
the issue names (each: exit code 2, one line on stderr naming the file, no traceback, the rest of the
batch still parsed)."""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vbassist.cli import app
from vbassist.model import GOAL_LEVELS, Report

DATA = Path(__file__).resolve().parent / "data"
FAMILJEHEM = DATA / "vb2025_hagersten-alvsjo_familjehemsenheten.docx"
VUXEN = DATA / "vb2024_kungsholmen_vuxenenheten.docx"
REPO = Path(__file__).resolve().parent.parent


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, ["parse", *args])


# --------------------------------------------------------------------------- good input


def test_tree_shows_header_goals_statuses_and_indicator_values() -> None:
    result = run(str(FAMILJEHEM))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "VB 2025 · Familjehemsenheten · Hägersten-Älvsjö" in out
    assert "21 enhetsmål, 6 indikatorer" in out
    assert "Nämndmål:" in out and "Enhetsmål:" in out
    assert "◆ Uppfylls delvis" in out and "● Uppfylls helt" in out and "■ Uppfylls inte" in out
    assert "24,2\u00a0%" in out and "årsmål 24\u00a0%" in out  # a number and its unit on one line
    assert result.stderr == ""


def test_json_is_the_documented_interface() -> None:
    result = run(str(FAMILJEHEM), str(VUXEN), "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert list(payload) == ["reports"]
    reports = [Report.model_validate(r) for r in payload["reports"]]
    assert [r.unit for r in reports] == ["Familjehemsenheten", "Vuxenenheten"]

    levels, statuses = set(), set()

    def walk(goal: dict) -> None:
        levels.add(goal["level"])
        statuses.add(goal["status"])
        assert isinstance(goal["title"], str) and "location" in goal
        for child in goal["children"]:
            walk(child)

    for report in payload["reports"]:
        for goal in report["goals"]:
            walk(goal)
    assert levels == set(GOAL_LEVELS)
    assert statuses <= {"helt", "delvis", "inte", "inga_data", None}
    assert {"helt", "delvis", "inte", "inga_data"} <= statuses
    first = payload["reports"][0]
    indicator = first["goals"][0]["children"][0]["indicators"][0]
    assert indicator["utfall"] == {
        "raw": "24,2 %",
        "value": 24.2,
        "kind": "percent",
        "unit": "%",
        "note": None,
        "decimals": 1,
    }


def test_help_explains_the_command() -> None:
    result = CliRunner().invoke(app, ["parse", "--help"])
    assert result.exit_code == 0
    assert "--format" in result.stdout and "json" in result.stdout and ".docx" in result.stdout


# --------------------------------------------------------------------------- bad input


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    import msoffcrypto.format.ooxml

    folder = tmp_path_factory.mktemp("bad")
    files: dict[str, Path] = {}

    def put(name: str, data: bytes) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    files["not_docx"] = put("slumpbytes.docx", random.Random(7).randbytes(4096))
    files["truncated_zip"] = put("avbruten.docx", FAMILJEHEM.read_bytes()[:20000])
    broken_xml = io.BytesIO()
    with zipfile.ZipFile(broken_xml, "w") as z:
        z.writestr("[Content_Types].xml", "<Types")
        z.writestr("word/document.xml", "<w:document><w:body>")
    files["broken_xml"] = put("trasig_xml.docx", broken_xml.getvalue())
    other_zip = io.BytesIO()
    with zipfile.ZipFile(other_zip, "w") as z:
        z.writestr("bilder/foto.jpg", b"\xff\xd8\xff")
    files["zip_not_docx"] = put("arkiv.docx", other_zip.getvalue())

    encrypted = io.BytesIO()
    with FAMILJEHEM.open("rb") as source:
        msoffcrypto.format.ooxml.OOXMLFile(source).encrypt("hemligt", encrypted)
    files["encrypted"] = put("lösenord.docx", encrypted.getvalue())
    # a legacy binary .doc: a CFB container with a WordDocument stream and no encryption
    legacy = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "WordDocument".encode("utf-16-le") + bytes(512)
    )
    files["legacy_doc"] = put("gammal.docx", legacy)

    files["empty"] = put("tom.docx", b"")
    big = folder / "stor.docx"
    with big.open("wb") as f:
        f.truncate(60 * 1024 * 1024)  # sparse: 60 MB on paper, nothing on disk
    files["too_large"] = big

    bomb = folder / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
        with z.open("word/media/padding.bin", "w", force_zip64=True) as member:
            chunk = bytes(1 << 20)
            for _ in range(210):  # 210 MB of zeros in ~200 kB, beyond the 200 MB default limit
                member.write(chunk)
    files["zip_bomb"] = bomb

    prose = "Det här är ett vanligt brev.\n\nVi ses på fredag, hälsningar Anna.\n" * 5
    files["no_structure"] = put("brev.txt", prose.encode())
    files["binary_unknown"] = put("data.bin", bytes(range(256)) * 8)
    files["missing"] = folder / "finns_inte.docx"
    return files


BAD_CASES = {
    "not_docx": "inte ett giltigt Word-dokument",
    "truncated_zip": "trasig",
    "broken_xml": "trasig",
    "zip_not_docx": "inget Word-dokument",
    "encrypted": "krypterad",
    "legacy_doc": ".doc",
    "empty": "tom",
    "too_large": "för stor",
    "zip_bomb": "zip-bomb",
    "no_structure": "ingen rapportstruktur",
    "binary_unknown": "okänt filformat",
    "missing": "finns inte",
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_input_is_one_line_exit_2(bad_files: dict[str, Path], case: str) -> None:
    path = bad_files[case]
    started = time.perf_counter()
    result = run(str(path))
    elapsed = time.perf_counter() - started
    assert result.exit_code == 2, (case, result.output)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith(f"fel: {path}: ")
    assert BAD_CASES[case] in line, line
    assert " / " not in line.removeprefix(f"fel: {path}: ")  # Swedish only, no " / English" tail
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    if case in ("too_large", "zip_bomb"):
        assert elapsed < 3, f"{case} took {elapsed:.1f} s: it must be refused without unpacking/reading it"


def test_batch_continues_past_bad_files(bad_files: dict[str, Path]) -> None:
    result = run(
        str(FAMILJEHEM), str(bad_files["encrypted"]), str(bad_files["empty"]), str(VUXEN), "--format", "json"
    )
    assert result.exit_code == 2
    payload = json.loads(result.stdout)
    assert [r["unit"] for r in payload["reports"]] == ["Familjehemsenheten", "Vuxenenheten"]
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2
    assert str(bad_files["encrypted"]) in errors[0] and str(bad_files["empty"]) in errors[1]


def test_real_process_prints_no_traceback(bad_files: dict[str, Path]) -> None:
    # the installed entry point path, not the test runner: exceptions must not escape as tracebacks
    proc = subprocess.run(
        [sys.executable, "-m", "vbassist.cli", "parse", str(bad_files["broken_xml"]), str(VUXEN)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("fel: ")
    assert "Vuxenenheten" in proc.stdout


def test_folders_expand_to_their_report_files(tmp_path: Path) -> None:
    corpus = tmp_path / "korpus"
    (corpus / "2025").mkdir(parents=True)
    (corpus / ".cache").mkdir()
    (corpus / "README.md").write_text("# Korpus\n\nKällor och enheter.\n")
    (corpus / "2025" / FAMILJEHEM.name).write_bytes(FAMILJEHEM.read_bytes())
    (corpus / ".cache" / VUXEN.name).write_bytes(VUXEN.read_bytes())  # hidden: not part of the corpus
    (corpus / "anteckning.xlsx").write_bytes(b"not read")  # not a report suffix (.odt is one now)
    result = run(str(corpus), str(VUXEN), "--format", "json")
    assert result.exit_code == 0, result.output
    assert [r["unit"] for r in json.loads(result.stdout)["reports"]] == ["Familjehemsenheten", "Vuxenenheten"]
    # an old .doc in the folder is reported (one line, exit 2), the rest is still read
    legacy = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "WordDocument".encode("utf-16-le") + bytes(512)
    )
    (corpus / "2025" / "gammal.doc").write_bytes(legacy)
    result = run(str(corpus), "--format", "json")
    assert result.exit_code == 2
    assert [r["unit"] for r in json.loads(result.stdout)["reports"]] == ["Familjehemsenheten"]
    assert result.stderr.count("\n") == 1 and "gammal.doc" in result.stderr and ".doc" in result.stderr
    empty = tmp_path / "tom_mapp"
    empty.mkdir()
    result = run(str(empty))
    assert result.exit_code == 2
    assert (
        result.stderr.strip()
        == f"fel: {empty}: mappen innehåller inga rapportfiler (.docx, .doc, .odt, .md, .txt, .pdf)"
    )
