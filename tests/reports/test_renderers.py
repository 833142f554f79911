"""The text, JSON, HTML and xlsx renderings of one hand-made `CheckResult`."""

from __future__ import annotations

import io
import json
import re
from html import escape

from openpyxl import load_workbook

# the keys of a finding in the documented JSON interface (docs/check.md), listed once for the tests
from test_cli_check import FINDING_KEYS

from vbassist.checks.result import CheckResult
from vbassist.reports.html import render_html
from vbassist.reports.json import render_json
from vbassist.reports.text import render_text
from vbassist.reports.xlsx import render_xlsx

from .conftest import STATUS_PLACE, UTFALL_PLACE


def test_json_is_the_documented_shape(result: CheckResult) -> None:
    data = json.loads(render_json(result))
    assert set(data) == {"documents", "summary"}
    ok, clean, failed = data["documents"]
    assert set(ok) == {"source", "findings"}
    assert set(failed) == {"source", "findings", "error"}
    assert failed["error"] == {"code": "trasig_fil", "message": "filen är skadad och kan inte läsas"}
    assert clean["findings"] == []
    for f in ok["findings"]:
        assert list(f) == FINDING_KEYS
    first = ok["findings"][0]
    assert first["evidence"][1]["location"] == {
        "block": 33,
        "row": 1,
        "col": 1,
        "start": None,
        "end": None,
        "line": None,
    }
    assert first["evidence"][1]["place"] == UTFALL_PLACE.model_dump()
    assert first["place"] == {
        "path": STATUS_PLACE.path,
        "part": "status",
        "text": STATUS_PLACE.text,
        "quote": "● Uppfylls helt",
        "source": None,
    }
    assert ok["findings"][1]["location"] is None and ok["findings"][1]["place"] is None
    # why the second is only a warning, and how sure its link is
    assert ok["findings"][1]["confidence"] == 0.6
    assert "svag koppling mellan indikator och mål" in ok["findings"][1]["severity_reason"]
    s = data["summary"]
    assert (s["documents"], s["checked"], s["failed"], s["findings"]) == (3, 2, 1, 3)
    assert s["by_severity"] == {"error": 1, "warning": 1, "info": 1}
    assert s["by_category"] == {"missing": 1, "status_vs_indicator": 1, "text_vs_table": 1}
    assert s["failed_documents"][0]["source"] == "utkast/trasig.docx"
    assert "timings" not in s
    # Swedish characters stay readable in the JSON text
    assert "Uppfylls helt" in render_json(result) and "\\u" not in render_json(result)


def test_text_names_every_finding_unit_and_the_bad_file(result: CheckResult) -> None:
    text = render_text(result)
    assert "\x1b[" not in text  # no colour unless asked
    for f in result.documents[0].findings:
        assert f.message in text
        assert f.rule in text
    assert "→ Ändra status till ”Uppfylls delvis”" in text
    assert "Familjehemsenheten (VB 2025): 1 fel, 1 varning, 0 info" in text
    assert "Ungdomsenheten (VB 2025): 0 fel, 0 varningar, 1 info" in text
    assert "KUNDE INTE GRANSKAS: filen är skadad" in text
    assert "Inga fynd." in text  # the clean document
    # places as a reader finds them, never block numbers
    assert f"Plats: {STATUS_PLACE.text}" in text
    assert f"Periodens utfall: 81\u00a0% ({UTFALL_PLACE.text})" in text
    assert "block" not in text and "tecken" not in text
    assert "svag koppling mellan indikator och mål (säkerhet 60\u00a0%)" in text
    # the goal is named by the place: a "Mål:" line only for the finding without one
    assert text.count("Mål: Barn och ungdomar erhåller") == 1
    assert re.search(r"Sammanfattning: 3 dokument \(1 kunde inte granskas\), 3 rapporter, 3 fynd", text)
    assert "\x1b[" in render_text(result, color=True)


def test_html_is_self_contained_and_escaped(result: CheckResult) -> None:
    page = render_html(result)
    assert page.startswith("<!DOCTYPE html>") and "charset='utf-8'" in page
    # nothing that would fetch anything when the mail is opened
    assert not re.search(r"(src|href)\s*=\s*['\"](https?:)?//", page)
    assert not re.search(r"<script[^>]*\bsrc=", page) and "<link" not in page and "@import" not in page
    assert "fetch(" not in page and "XMLHttpRequest" not in page
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in page and "<b>&</b>" not in page
    # per unit: counts by severity, and each finding with its evidence
    assert page.count('class="finding ') == 3
    assert "1 fel" in page and "1 varning" in page
    assert (
        f"<td>Periodens utfall</td><td>81\u00a0%</td><td>81</td><td>{escape(UTFALL_PLACE.text)}</td>" in page
    )
    assert f"Plats: {escape(STATUS_PLACE.text)}" in page and "block 33" not in page
    assert "svag koppling mellan indikator och mål" in page
    # Swedish category labels, never the ids alone
    assert "Status mot indikator" in page and "Siffra i text mot tabell" in page
    # one row per finding in the sortable, filterable table
    table = page[page.index("id='findings'") :]
    assert table.count("<tr data-severity=") == 3
    assert "Filen kunde inte granskas:</strong> filen är skadad" in page
    # anchors in the overview lead to the unit sections
    for target in re.findall(r"href='#([^']+)'", page):
        assert f"id='{target}'" in page


def test_xlsx_one_row_per_finding_with_filters(result: CheckResult) -> None:
    wb = load_workbook(io.BytesIO(render_xlsx(result)))
    ws = wb["Fynd"]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["Dokument", "Enhet", "Mål", "Allvarlighet"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:O{ws.max_row}"
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert len(rows) == 3 + 1  # three findings and the file that failed
    failed = [r for r in rows if r[0] == "trasig.docx"]
    assert failed and failed[0][3] == "Fel" and "skadad" in failed[0][7]
    messages = {r[7] for r in rows}
    assert all(f.message in messages for f in result.documents[0].findings)
    evidence = next(r[8] for r in rows if r[5] == "VB-STATUS-001")
    assert "Periodens utfall: 81\u00a0%" in evidence and "status: ● Uppfylls helt" in evidence
    assert f"({UTFALL_PLACE.text})" in evidence and "block" not in evidence
    columns = {name: i for i, name in enumerate(header)}
    status = next(r for r in rows if r[5] == "VB-STATUS-001")
    assert status[columns["Plats"]] == STATUS_PLACE.text and status[columns["Citat"]] == "● Uppfylls helt"
    weak = next(r for r in rows if r[5] == "VB-TEXT-001")
    assert weak[columns["Kopplingens säkerhet (%)"]] == 60
    assert "svag koppling" in weak[columns["Orsak till allvarlighet"]]
    docs = wb["Dokument"]
    statuses = {r[0].value: r[1].value for r in docs.iter_rows(min_row=2)}
    assert statuses == {
        "familjehem.docx": "granskad",
        "ren.docx": "granskad",
        "trasig.docx": "kunde inte granskas",
    }
    assert docs.auto_filter.ref and docs.freeze_panes == "A2"
