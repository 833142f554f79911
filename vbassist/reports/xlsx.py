"""The xlsx rendering: one row per finding (filterable, frozen header) and a sheet of documents, where
a file that could not be checked is a row of its own in both sheets."""

from __future__ import annotations

import io
from pathlib import PurePath
from typing import Any

from vbassist.checks.result import CheckResult
from vbassist.model import SEVERITIES, Finding, category_label
from vbassist.reports import SEVERITY_LABELS, evidence_label, goal_of, place_label, rule_label
from vbassist.reports.cells import append_row

FINDING_COLUMNS: tuple[tuple[str, int], ...] = (
    ("Dokument", 34),
    ("Enhet", 26),
    ("Mål", 40),
    ("Allvarlighet", 12),
    ("Kategori", 26),
    ("Regel", 16),
    ("Id", 18),
    ("Meddelande", 60),
    ("Belägg", 60),
    ("Förslag", 50),
    ("Plats", 60),
    ("Citat", 50),
    ("Kopplingens säkerhet (%)", 14),
    ("Orsak till allvarlighet", 40),
    ("Sökväg", 40),
)
DOCUMENT_COLUMNS: tuple[tuple[str, int], ...] = (
    ("Dokument", 34),
    ("Status", 16),
    ("Enheter", 40),
    ("Fel", 8),
    ("Varningar", 10),
    ("Info", 8),
    ("Orsak", 60),
    ("Sökväg", 40),
)


def _finding_row(name: str, source: str, f: Finding) -> list[object]:
    return [
        name,
        f.unit or "",
        goal_of(f) or "",
        SEVERITY_LABELS.get(f.severity, f.severity),
        category_label(f.category),
        rule_label(f),
        f.id,
        f.message,
        "\n".join(evidence_label(e, within=f.place) for e in f.evidence),
        f.suggestion or "",
        place_label(f.place, f.location),
        (f.place.quote if f.place else None) or "",
        None if f.confidence is None else round(f.confidence * 100),
        f.severity_reason or "",
        source,
    ]


def _sheet(
    wb: Any, title: str, columns: tuple[tuple[str, int], ...], rows: list[list[object]], first: bool
) -> None:
    """One sheet: a bold header row, wrapped cells, the header frozen and an autofilter over all rows."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    append_row(ws, [name for name, _ in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
    for row in rows:
        append_row(ws, row)  # every cell of every sheet: document text stays text, never a formula
    wrap = Alignment(wrap_text=True, vertical="top")
    for i, (_, width) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, ws.max_row)}"


def render_xlsx(result: CheckResult) -> bytes:
    """The workbook as bytes: sheet "Fynd" (one row per finding) and sheet "Dokument"."""
    from openpyxl import Workbook

    finding_rows: list[list[object]] = []
    document_rows: list[list[object]] = []
    for doc in result.documents:
        name = PurePath(doc.source).name
        if doc.error is not None:
            finding_rows.append(
                [
                    name,
                    "",
                    "",
                    "Fel",
                    "Filen kunde inte granskas",
                    "",
                    doc.error.code,
                    doc.error.message,
                    "",
                    "",
                    "",
                    "",
                    None,
                    "",
                    doc.source,
                ]
            )
        finding_rows.extend(_finding_row(name, doc.source, f) for f in doc.findings)
        counts = {s: sum(1 for f in doc.findings if f.severity == s) for s in SEVERITIES}
        document_rows.append(
            [
                name,
                "granskad" if doc.error is None else "kunde inte granskas",
                ", ".join(u.unit or "(okänd)" for u in doc.units),
                counts["error"],
                counts["warning"],
                counts["info"],
                "" if doc.error is None else f"{doc.error.message} ({doc.error.code})",
                doc.source,
            ]
        )
    wb = Workbook()
    _sheet(wb, "Fynd", FINDING_COLUMNS, finding_rows, first=True)
    _sheet(wb, "Dokument", DOCUMENT_COLUMNS, document_rows, first=False)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
