"""Report text that looks like a formula stays text in every xlsx vbassist writes: in openpyxl's view of
the file, in LibreOffice Calc (which evaluates what it takes for a formula, so a CSV export of a live
"=1+1" says "2"), and through the CLI with a file whose name is a formula."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from vbassist.checks.result import CheckedDocument, CheckResult, UnitInfo, summarize
from vbassist.cli import app
from vbassist.model import Evidence
from vbassist.parsing.legacy import run_soffice
from vbassist.reports.cells import is_live_text
from vbassist.reports.xlsx import render_xlsx

from .conftest import FAMILJEHEM, make_finding

LIVE = [
    '=HYPERLINK("http://example.invalid/x","Klicka här")',
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(1+1)",
    "  =1+1",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "\u00a0=1+1",
]
# text a spreadsheet would not evaluate, but would store as something else than text without care
PLAIN = ["#N/A", "Andelen ökade till 61 %", "1+1=2", "e-post: a@b.se"]


@pytest.mark.parametrize("text", LIVE)
def test_live_starts_are_recognised(text: str) -> None:
    assert is_live_text(text)


@pytest.mark.parametrize("text", PLAIN)
def test_plain_text_is_not_live(text: str) -> None:
    assert not is_live_text(text)


def _hostile_result() -> CheckResult:
    findings = [
        make_finding(
            n,
            unit=text,
            goal=text,
            message=text,
            suggestion=text,
            evidence=[Evidence(label="citat", text=text, value=None)],
        )
        for n, text in enumerate(LIVE + PLAIN, start=1)
    ]
    docs = [
        CheckedDocument(
            source="=1+1.docx",
            findings=findings,
            units=[UnitInfo(unit="=2+2", kind="VB", year=2025, counts={"error": len(findings)})],
        )
    ]
    return CheckResult(documents=docs, summary=summarize(docs))


def _cells_by_text(path_or_bytes: bytes | Path) -> dict[str, list[object]]:
    """Every non-empty cell of the workbook, keyed by its sheet, as openpyxl loads it."""
    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    wb = load_workbook(source)
    return {ws.title: [c for row in ws.iter_rows() for c in row if c.value is not None] for ws in wb}


def test_openpyxl_reads_every_string_back_as_text() -> None:
    data = render_xlsx(_hostile_result())
    sheets = _cells_by_text(data)
    seen = set()
    for cells in sheets.values():
        for cell in cells:
            if isinstance(cell.value, str):
                assert cell.data_type == "s", (cell.coordinate, cell.value)
                assert bool(cell.quotePrefix) == is_live_text(cell.value), (cell.coordinate, cell.value)
                seen.add(cell.value)
    assert set(LIVE + PLAIN) <= seen
    assert {"=1+1.docx", "=2+2"} <= seen
    # numbers stay numbers: the counts of the document sheet
    counts = [c for c in sheets["Dokument"] if c.column in (4, 5, 6) and c.row > 1]
    assert [c.value for c in counts] == [len(LIVE + PLAIN), 0, 0]
    assert all(c.data_type == "n" for c in counts)


def test_write_only_sheets_get_the_same_cells() -> None:
    """A write-only workbook (large sheets) writes its cells with `write_cell`: the same rules."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    from vbassist.reports.cells import write_cell

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Blad")
    ws.append([write_cell(WriteOnlyCell(ws), v) for v in [*LIVE, *PLAIN, 42, 4.5, None]])
    buffer = io.BytesIO()
    wb.save(buffer)
    [cells] = _cells_by_text(buffer.getvalue()).values()
    texts = [c for c in cells if isinstance(c.value, str)]
    assert [c.value.strip() for c in texts] == [t.strip() for t in LIVE + PLAIN]
    assert all(c.data_type == "s" and bool(c.quotePrefix) == is_live_text(c.value) for c in texts)
    assert [c.value for c in cells if not isinstance(c.value, str)] == [42, 4.5]


def _calc_csv(xlsx: Path, tmp: Path) -> dict[str, list[list[str]]]:
    """Each sheet of `xlsx` as LibreOffice Calc exports it to CSV (after evaluating any formula)."""
    out = tmp / "csv"
    # comma, double quote, UTF-8, from line 1; the last token -1 = every sheet to its own file
    csv_filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    run_soffice([xlsx], csv_filter, out, timeout_s=180)
    sheets = {}
    for path in sorted(out.glob("*.csv")):
        sheet = path.stem.removeprefix(xlsx.stem + "-")
        sheets[sheet] = list(csv.reader(path.read_text(encoding="utf-8").splitlines(keepends=True)))
    assert set(sheets) == {"Fynd", "Dokument"}, sheets.keys()
    return sheets


@pytest.mark.slow
def test_libreoffice_evaluates_nothing(tmp_path: Path) -> None:
    xlsx = tmp_path / "rapport.xlsx"
    xlsx.write_bytes(render_xlsx(_hostile_result()))
    sheets = _calc_csv(xlsx, tmp_path)
    values = [v for rows in sheets.values() for row in rows for v in row]
    # a formula would have been replaced by its result: "2", "Klicka här", "4"
    assert "2" not in values and "4" not in values and "Klicka här" not in values
    stripped = {v.strip() for v in values}
    for text in LIVE + PLAIN:
        assert text.strip() in stripped, text
    assert "=1+1.docx" in values and "=2+2" in values
    document_row = next(row for row in sheets["Dokument"] if row and row[0] == "=1+1.docx")
    assert document_row[3] == str(len(LIVE + PLAIN))  # the count is still a number


@pytest.mark.slow
def test_cli_xlsx_keeps_a_formula_file_name_as_text(tmp_path: Path) -> None:
    folder = tmp_path / "utkast"
    folder.mkdir()
    for name in ("=1+1.docx", "+1+1.docx", "@SUM(1+1).docx", "-1+1.docx"):
        shutil.copy(FAMILJEHEM, folder / name)
    out = tmp_path / "rapport.xlsx"
    result = CliRunner().invoke(app, ["check", str(folder), "--format", "xlsx", "--out", str(out)])
    assert result.exit_code in (0, 1), result.output
    sheets = _cells_by_text(out)
    names = {c.value for c in sheets["Dokument"] if c.column == 1 and c.row > 1}
    assert names == {"=1+1.docx", "+1+1.docx", "@SUM(1+1).docx", "-1+1.docx"}
    for cells in sheets.values():
        for cell in cells:
            assert cell.data_type != "f", (cell.coordinate, cell.value)
    csv_sheets = _calc_csv(out, tmp_path)
    assert {row[0] for row in csv_sheets["Dokument"][1:]} == names
