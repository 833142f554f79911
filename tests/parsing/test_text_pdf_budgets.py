"""What a PDF or text file may cost, and the encodings text files come in (issue 15).

Each hostile input is generated here (a few lines of code, no binaries in the repository) and read by
the real CLI in a subprocess whose address space is capped (`RLIMIT_AS`): the test asserts the exit
code, the one-line message, the time and that the process stayed inside the memory cap. The
encodings are checked against the UTF-8 seeds: the same reports, whatever the bytes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vbassist.model import Report
from vbassist.parsing import parse_bytes, parse_file
from vbassist.parsing.encoding import decode_text

from .pdf_build import build_pdf, content, deflate_bomb, nested_forms

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpus"
MEMORY_MB = 600  # a real 31-page PDF parses in 400 MB of address space
TIME_S = 30.0  # the refusals take 2-6 s on a loaded 2-core machine, most of it Python starting

_LAUNCH = (
    "import resource, sys\n"
    "resource.setrlimit(resource.RLIMIT_AS, ({mb} << 20, {mb} << 20))\n"
    "from vbassist.cli import app\n"
    "sys.argv[0] = 'vbassist'\n"
    "app()\n"
)


def run_bounded(
    *args: str, env: dict[str, str] | None = None
) -> tuple[subprocess.CompletedProcess[str], float]:
    """`vbassist ARGS` in a process that cannot map more than MEMORY_MB; with its wall time."""
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", _LAUNCH.format(mb=MEMORY_MB), *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
        env={**os.environ, **(env or {})},
    )
    return proc, time.perf_counter() - started


def refused(path: Path, message: str, env: dict[str, str] | None = None) -> None:
    proc, elapsed = run_bounded("parse", str(path), env=env)
    assert proc.returncode == 2, proc.stderr
    assert "MemoryError" not in proc.stderr and "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"fel: {path}: ") and message in lines[0], proc.stderr
    assert elapsed < TIME_S, elapsed


def _pages(n: int) -> list[bytes]:
    return [
        content([(72, 780, f"Enhetsmål: Barn i område {i} får stöd"), (72, 760, "Uppfylls helt")])
        for i in range(n)
    ]


# --------------------------------------------------------------------------- PDF


def test_two_thousand_page_pdf_is_refused_by_its_page_count(tmp_path: Path) -> None:
    path = tmp_path / "tusentals_sidor.pdf"
    path.write_bytes(build_pdf(_pages(2000)))
    assert path.stat().st_size < 800_000
    refused(path, "för många sidor (2000, högst 300)")


def test_long_pdf_within_a_raised_page_limit_is_read_one_page_at_a_time(tmp_path: Path) -> None:
    """Memory follows one page, not the document: 400 pages read inside the same address-space cap."""
    path = tmp_path / "lang.pdf"
    path.write_bytes(build_pdf(_pages(400)))
    proc, elapsed = run_bounded("parse", str(path), "--format", "json", env={"VBASSIST_MAX_PDF_PAGES": "500"})
    assert proc.returncode == 0, proc.stderr
    (report,) = json.loads(proc.stdout)["reports"]
    assert len(report["goals"]) == 400 and {g["status"] for g in report["goals"]} == {"helt"}
    assert elapsed < 60, elapsed


def test_stream_that_inflates_to_two_gigabytes_is_refused_without_inflating_it(tmp_path: Path) -> None:
    path = tmp_path / "bomb.pdf"
    path.write_bytes(build_pdf(_pages(1), raw=[deflate_bomb(2048)]))
    assert path.stat().st_size < 3_000_000
    refused(path, "packas upp till mer än 64 MB")  # in a process that cannot hold 2 GB


def test_nested_forms_are_refused_by_the_objects_on_the_page(tmp_path: Path) -> None:
    """10**6 lines of text from a 2 KB file: the page's glyph budget stops the layout early."""
    path = tmp_path / "former.pdf"
    path.write_bytes(nested_forms(depth=6, fanout=10))
    assert path.stat().st_size < 4000
    refused(path, "fler än 100 000 tecken och figurer")


def test_pdf_glyphs_count_against_the_glyphs_of_a_document(tmp_path: Path) -> None:
    path = tmp_path / "text.pdf"
    path.write_bytes(build_pdf(_pages(30)))
    refused(path, "fler än 500 tecken", env={"VBASSIST_MAX_PDF_GLYPHS": "500"})
    proc, _ = run_bounded("parse", str(path), env={"VBASSIST_MAX_PDF_GLYPHS": "5000"})  # 30 x 42 glyphs
    assert proc.returncode == 0, proc.stderr


# --------------------------------------------------------------------------- text


def test_text_over_the_character_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lang.txt"
    seed = (CORPUS / "vp2025_hagersten-alvsjo_barnenheten.txt").read_text(encoding="utf-8")
    path.write_text(seed * (10_100_000 // len(seed) + 1), encoding="utf-8")
    refused(path, "fler än 10 000 000 tecken")
    proc, _ = run_bounded("parse", str(CORPUS / "vb2024_kungsholmen_socialtjanstavdelningen.txt"))
    assert proc.returncode == 0  # the largest real report, 420 000 characters, is far below
    refused(
        CORPUS / "vp2025_hagersten-alvsjo_barnenheten.txt",
        "fler än 1 000 tecken",
        {"VBASSIST_MAX_CHARS": "1000"},
    )


def _facts(reports: list[Report]) -> list[object]:
    units: list[object] = [
        (r.unit, r.kind, r.year, [(g.level, g.number, g.title, g.status) for g, _ in r.iter_goals()])
        for r in reports
    ]
    return units + [[(i.name, i.utfall, i.arsmal) for i, _, _ in r.indicators()] for r in reports]


@pytest.mark.parametrize(
    ("codec", "bom"),
    [("utf-16-le", b""), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-16-be", b"")],
)
def test_utf16_with_or_without_bom_reads_like_utf8(codec: str, bom: bytes) -> None:
    for name in ("vb2025_hagersten-alvsjo_familjehemsenheten.md", "vp2025_hagersten-alvsjo_barnenheten.txt"):
        text = (CORPUS / name).read_text(encoding="utf-8")
        reports = parse_bytes(bom + text.encode(codec), name)
        assert _facts(reports) == _facts(parse_file(CORPUS / name))
        assert all(r.warnings == [] for r in reports)


def test_utf8_with_stray_legacy_bytes_reads_as_utf8_with_a_warning(tmp_path: Path) -> None:
    """Two lines typed in a Windows-1252 editor into a UTF-8 report: only those bytes are replaced."""
    seed = CORPUS / "vb2025_hagersten-alvsjo_familjehemsenheten.md"
    lines = seed.read_bytes().split(b"\n")
    lines[3] += " Gr\u00e5 text".encode("cp1252")  # "å" as one byte 0xE5
    lines[40] += " \u00c4ndrat".encode("cp1252")
    path = tmp_path / seed.name
    path.write_bytes(b"\n".join(lines))
    proc, _ = run_bounded("parse", str(path), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    (warning,) = proc.stderr.strip().splitlines()
    assert warning.startswith(f"varning: {path}: 2 tecken") and "rad 4, 41" in warning
    (report,) = json.loads(proc.stdout)["reports"]
    assert report["warnings"] == [warning.removeprefix(f"varning: {path}: ")]
    (original,) = parse_file(seed)
    (damaged,) = parse_file(path)
    assert report["unit"] == original.unit == damaged.unit == "Familjehemsenheten"
    assert [(g.title, g.status) for g, _ in damaged.iter_goals()] == [
        (g.title, g.status) for g, _ in original.iter_goals()
    ]
    assert sum(1 for g, _ in damaged.iter_goals() if g.status) == 40
    text = decode_text(path.read_bytes())
    assert text is not None and text.encoding == "utf-8"
    assert "Gr\ufffd text" in text.text and "Grå" not in text.text and "Familjehemsenheten" in text.text
    # `check` says the same: on stderr, and in the JSON beside the document's findings
    checked, _ = run_bounded("check", str(path), "--format", "json", "--no-corpus")
    assert checked.returncode in (0, 1), checked.stderr
    assert warning in checked.stderr.splitlines()
    (document,) = json.loads(checked.stdout)["documents"]
    assert document["warnings"] == report["warnings"]


def test_status_whose_symbol_was_lost_still_counts() -> None:
    seed = (CORPUS / "vb2025_hagersten-alvsjo_familjehemsenheten.md").read_text(encoding="utf-8")
    (original,) = parse_bytes(seed.encode(), "vb.md")
    for lost in ("?", "\ufffd", "\uf06e"):
        damaged = seed.replace("●", lost).replace("◆", lost).replace("■", lost)
        assert damaged != seed
        (report,) = parse_bytes(damaged.encode(), "vb.md")
        assert [g.status for g, _ in report.iter_goals()] == [g.status for g, _ in original.iter_goals()]


def test_decode_text_cases_and_near_misses() -> None:
    legacy = decode_text("Målet uppfylls".encode("cp1252"))
    utf8 = decode_text("Målet uppfylls".encode())
    assert legacy is not None and utf8 is not None and legacy.text == utf8.text == "Målet uppfylls"
    assert legacy.encoding == "cp1252" and legacy.warnings == [] and utf8.encoding == "utf-8"
    # one stray byte in otherwise plain ASCII: that is a Windows-1252 file, not damaged UTF-8
    ascii_legacy = decode_text(b"Status: uppfylls helt\nEnhet: Barn\xe5\n")
    assert ascii_legacy is not None and ascii_legacy.encoding == "cp1252" and "Barnå" in ascii_legacy.text
    # mostly legacy bytes with one accidental UTF-8 sequence: still Windows-1252
    mixed = decode_text("åäö åäö åäö ".encode("cp1252") + "é".encode())
    assert mixed is not None and mixed.encoding == "cp1252"
    assert decode_text(bytes(range(256)) * 8) is None  # binary
    assert decode_text(b"\x00\x01\x02\x03" * 100) is None  # NULs that are not UTF-16 text
    odd = decode_text("Enhetsmål".encode("utf-16-le") + b"\x00")  # an odd byte at the end
    assert odd is not None and odd.text.startswith("Enhetsmål") and odd.warnings
