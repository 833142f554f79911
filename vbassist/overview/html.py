"""The overview as one HTML file a controller opens offline, mails around and prints: the status
distribution per nämndmål as inline SVG, then the tables of the workbook (`tables.py`), each sortable
by a click on its header and filterable by words typed above it. Style and script are inlined from
`vbassist/data/overview.css`, the check report's sortable tables (`report/report.js`) and
`overview.js` (the filters); nothing is fetched."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from html import escape
from pathlib import Path, PurePath

from vbassist.model import STATUS_LABELS
from vbassist.overview.chart import svg_chart
from vbassist.overview.model import Overview, report_label
from vbassist.overview.tables import Cell, Table, overview_tables
from vbassist.reports import format_value
from vbassist.sv import count

_DATA = Path(__file__).resolve().parent.parent / "data"
_STATUS_OF_LABEL = {label: key for key, label in STATUS_LABELS.items()}
_STATUS_COLUMNS = ("Status", "Föreslagen status")
_COUNT_COLUMNS = {"Fel": "err", "Varningar": "warn"}


@lru_cache(maxsize=4)
def _asset(name: str) -> str:
    return (_DATA / name).read_text(encoding="utf-8")


def render_html(overview: Overview, *, today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    tables = overview_tables(overview)
    anchors = {t.name: f"t-{n}" for n, t in enumerate(tables)}
    parts = [
        "<!DOCTYPE html>",
        '<html lang="sv"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Måluppfyllelse – översikt</title>",
        f"<style>{_asset('overview.css')}</style></head><body>",
        "<h1>Måluppfyllelse – översikt</h1>",
        f'<p class="meta">{escape(_meta(overview))} · {today.isoformat()}</p>',
        "<nav>"
        + '<a href="#diagram">Status per nämndmål</a>'
        + "".join(f'<a href="#{anchors[t.name]}">{escape(t.name)}</a>' for t in tables)
        + "</nav>",
        _problems(overview),
        '<h2 id="diagram">Status per nämndmål</h2>',
        '<p class="meta">Antal enhetsmål per status under varje nämndmål, som enheterna själva anger dem.</p>',
    ]
    for district, kind, year, ids in overview.sections():
        parts.append(f"<h3>{escape(_section_title(district, kind, year))}</h3>")
        parts.append(svg_chart([overview.namndmal[i] for i in ids]))
    for table in tables:
        parts.append(_table(table, anchors[table.name]))
    parts.append(f"<script>{_asset('report/report.js')}</script>")  # the one sortable-table script
    parts.append(f"<script>{_asset('overview.js')}</script></body></html>")
    return "\n".join(parts)


def _section_title(district: str | None, kind: str, year: int | None) -> str:
    return f"{district or 'Okänd stadsdel'}: {report_label(kind, year)}"


def _meta(overview: Overview) -> str:
    units = len({(r.district, r.unit) for r in overview.reports})
    return ", ".join(
        [
            count(overview.documents, "fil", "filer"),
            count(len(overview.reports), "rapport", "rapporter"),
            count(units, "enhet", "enheter"),
            count(len(overview.goals), "enhetsmål", "enhetsmål"),
        ]
    )


def _problems(overview: Overview) -> str:
    out: list[str] = []
    if overview.failed:
        items = "".join(
            f"<li><b>{escape(PurePath(f.source).name)}</b>: {escape(f.message)} <code>{escape(f.code)}</code></li>"
            for f in overview.failed
        )
        head = count(len(overview.failed), "fil kunde inte läsas", "filer kunde inte läsas")
        out.append(
            f'<div class="failed"><b>{escape(head)}</b> och saknas i översikten:<ul>{items}</ul></div>'
        )
    if overview.left_out:
        items = "".join(
            f"<li>{escape(PurePath(o.source).name)} ({escape(o.unit or 'okänd enhet')}, {escape(o.label)}): "
            f"{escape(o.reason)}</li>"
            for o in overview.left_out
        )
        head = count(len(overview.left_out), "rapport räknas inte", "rapporter räknas inte")
        out.append(f'<div class="note"><b>{escape(head)}:</b><ul>{items}</ul></div>')
    return "\n".join(out)


def _table(table: Table, anchor: str) -> str:
    names = [name for name, _ in table.columns]
    numeric = [any(isinstance(row[c], int | float) for row in table.rows) for c in range(len(table.columns))]
    number_type = ' data-type="number"'
    head = "".join(
        f'<th scope="col"{number_type if numeric[c] else ""}>{escape(name)}</th>'
        for c, name in enumerate(names)
    )
    body = "".join(_row(names, row) for row in table.rows)
    return (
        f'<h2 id="{anchor}">{escape(table.name)}</h2>'
        f'<div class="tools"><input type="search" data-table="{anchor}-table" '
        f'placeholder="Filtrera: skriv ord ur raderna, t.ex. en enhet eller en status" '
        f'aria-label="Filtrera {escape(table.name)}"><span class="shown" data-shown="{anchor}-table">'
        f"{count(len(table.rows), 'rad', 'rader')}</span></div>"
        f'<div class="scroll"><table class="sortable" id="{anchor}-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def _row(names: list[str], row: list[Cell]) -> str:
    cells: list[str] = []
    values = dict(zip(names, row, strict=True))
    for name, value in values.items():
        if isinstance(value, int | float):
            shown = format_value(float(value))
            css = "n" + (" zero" if value == 0 and name in _COUNT_COLUMNS else "")
            if value and name in _COUNT_COLUMNS:
                css += " " + _COUNT_COLUMNS[name]
            cells.append(f'<td class="{css}" data-sort="{value}">{shown}</td>')
        elif name in _STATUS_COLUMNS and isinstance(value, str) and value:
            key = _STATUS_OF_LABEL.get(value, "saknas")
            differs = name == "Föreslagen status" and values.get("Status") not in ("", value)
            css = ' class="differs" title="Skiljer sig från enhetens status"' if differs else ""
            cells.append(f'<td{css}><span class="st st-{key}">{escape(value)}</span></td>')
        else:
            text = "" if value is None else str(value)
            css = ' class="long"' if len(text) > 60 else ""  # a goal's title: wide enough to read
            cells.append(f"<td{css}>" + escape(text).replace("\n", "<br>") + "</td>")
    return "<tr>" + "".join(cells) + "</tr>"
