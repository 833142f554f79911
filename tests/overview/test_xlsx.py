"""The workbook read back with openpyxl: the sheets and columns the issue names, a filter and a frozen
header on each, numbers stored as numbers, and no formula anywhere, not even from a text that starts
with "=" in a report."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from vbassist.overview import Overview, build_overview, render_overview
from vbassist.overview.model import STATUS_KEYS
from vbassist.settings import Settings

from .conftest import VUXEN, edited_copy

GOAL_HEADER = [
    "Stadsdel",
    "Enhet",
    "Rapport",
    "KF-mål",
    "Nämndmål",
    "Enhetsmål",
    "Status",
    "Föreslagen status",
    "Indikatorer under årsmål",
    "Fel",
    "Varningar",
]


def _book(overview: Overview) -> Any:  # an openpyxl Workbook (openpyxl has no types)
    return load_workbook(io.BytesIO(render_overview(overview, ".xlsx")))


def test_sheets_columns_filters_and_frozen_headers(samples_overview: Overview) -> None:
    wb = _book(samples_overview)
    assert wb.sheetnames == ["Måluppfyllelse", "Nämndmål", "Indikatorer", "Filer"]
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
    goals = wb["Måluppfyllelse"]
    assert [c.value for c in goals[1]][: len(GOAL_HEADER)] == GOAL_HEADER
    assert goals.max_row == 1 + len(samples_overview.goals)
    assert [c.value for c in wb["Nämndmål"][1]][:11] == [
        "Stadsdel", "År", "Rapport", "Nämndmål", "Enheter", "Enhetsmål", "Helt", "Delvis", "Inte", "Inga data", "Saknas",
    ]  # fmt: skip
    assert wb["Indikatorer"].max_row == 1 + len(samples_overview.indicators)


def test_rows_hold_the_overview_with_numbers_as_numbers(samples_overview: Overview) -> None:
    wb = _book(samples_overview)
    rows = list(wb["Måluppfyllelse"].iter_rows(min_row=2, values_only=True))
    for values, row in zip(rows, samples_overview.goals, strict=True):
        assert values[1] == row.report.unit and values[5] == row.goal.enhetsmal
        assert values[6] == ({"helt": "Uppfylls helt", "delvis": "Uppfylls delvis", "inte": "Uppfylls inte",
                              "inga_data": "Inga data"}.get(row.goal.status or "") or None)  # fmt: skip
        assert values[8:11] == (len(row.goal.indicators_under_target), row.errors, row.warnings)
        assert all(type(v) is int for v in values[8:11])
    for values, group in zip(
        wb["Nämndmål"].iter_rows(min_row=2, values_only=True), samples_overview.namndmal, strict=True
    ):
        assert values[1] == group.year and type(values[1]) is int
        counts = values[6:11]
        assert counts == tuple(group.counts[k] for k in STATUS_KEYS) and all(type(n) is int for n in counts)
        assert sum(counts) == values[5] == group.goals
    indicators = list(wb["Indikatorer"].iter_rows(min_row=2, values_only=True))
    sick = next(
        v for v in indicators if v[1] == "Biståndsbedömning, funktionsnedsättning" and v[4] == "Sjukfrånvaro"
    )
    assert sick[5:8] == (0.5, 3, 0) and sick[9:12] == ("%", "lägre", "Ja")
    assert isinstance(sick[5], float)
    files = list(wb["Filer"].iter_rows(min_row=2, values_only=True))
    assert [v[1] for v in files].count("läst") == 5 and [v[1] for v in files].count("räknas inte") == 1
    for values, report in zip(files, samples_overview.reports, strict=False):
        assert values[2:6] == (report.unit, report.label, report.errors, report.warnings)


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path, settings: Settings) -> None:
    draft = edited_copy(
        VUXEN,
        tmp_path / "vb2024_kungsholmen_vuxenenheten.docx",
        {"Enhetsmål: Vuxenenheten har en hög beredskap.": "Enhetsmål: =HYPERLINK(\"http://example.invalid\";\"klicka\")",
         "Enhetsmål: Vuxenenhetens klienter är delaktiga": "Enhetsmål: +Vuxenenhetens klienter är delaktiga"},
    )  # fmt: skip
    overview = build_overview([draft], settings=settings, jobs=1, use_corpus=False)
    data = render_overview(overview, ".xlsx")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets and not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in sheets)
    ws = load_workbook(io.BytesIO(data))["Måluppfyllelse"]
    cells = {c.value: c for c in ws["F"]}
    formula_like = cells['=HYPERLINK("http://example.invalid";"klicka")']
    assert formula_like.data_type == "s" and formula_like.quotePrefix
    assert not cells["Vuxenenheten ger stöd och omsorg där behoven är som störst"].quotePrefix  # near miss
    assert cells["+Vuxenenhetens klienter är delaktiga och deras synpunkter tas om hand."].data_type == "s"
