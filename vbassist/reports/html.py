"""A self-contained HTML report a controller can mail around: one file, inline CSS, no scripts, no
external assets. Overview per unit (counts by severity), then each finding with its evidence."""

from __future__ import annotations

import datetime as dt
import re
from html import escape
from pathlib import PurePath

from vbassist.checks.result import CheckedDocument, CheckResult, UnitInfo
from vbassist.model import SEVERITIES, Finding
from vbassist.reports import CATEGORY_LABELS, SEVERITY_LABELS, count_label, format_value, location_label

_CSS = """
:root { --fel: #b00020; --varning: #a15c00; --info: #00607a; --ok: #2e7d32; --line: #d9d9d9; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", Arial, Helvetica, sans-serif; color: #1a1a1a; margin: 2rem auto;
       max-width: 70rem; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.25rem; border-bottom: 2px solid #1a1a1a; padding-bottom: .2rem; margin-top: 2.2rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
.meta { color: #555; font-size: .9rem; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; border-radius: .25rem; padding: 0 .45rem; color: #fff; font-size: .8rem;
         font-weight: 600; }
.error { background: var(--fel); } .warning { background: var(--varning); } .info { background: var(--info); }
.badge.zero { background: #9e9e9e; }
.finding { border: 1px solid var(--line); border-left: 5px solid var(--info); border-radius: .3rem;
           padding: .6rem .8rem; margin: .6rem 0; page-break-inside: avoid; }
.finding.sev-error { border-left-color: var(--fel); }
.finding.sev-warning { border-left-color: var(--varning); }
.finding .head { font-size: .85rem; color: #555; }
.finding .goal { font-size: .88rem; color: #333; margin-top: .2rem; }
.finding .msg { font-weight: 600; margin: .3rem 0; }
.finding .suggestion { margin-top: .4rem; color: var(--ok); }
.failed { border: 2px solid var(--fel); background: #fff4f5; padding: .6rem .8rem; border-radius: .3rem; }
.clean { color: var(--ok); }
code { font-size: .85rem; }
@media print { body { margin: 0; } h2 { page-break-before: auto; } }
"""


def _anchor(*parts: object) -> str:
    return "u-" + re.sub(r"[^a-z0-9]+", "-", "-".join(str(p) for p in parts).lower()).strip("-")


def _badge(severity: str, count: int | None = None) -> str:
    text = count_label(severity, count) if count is not None else SEVERITY_LABELS.get(severity, severity)
    zero = " zero" if count == 0 else ""  # a grey badge: nothing of this severity
    return f'<span class="badge {escape(severity)}{zero}">{escape(text)}</span>'


def _counts_cells(counts: dict[str, int]) -> str:
    return "".join(f'<td class="n">{counts.get(s, 0)}</td>' for s in SEVERITIES)


def _finding_html(f: Finding) -> str:
    parts = [f'<div class="finding sev-{escape(f.severity)}">']
    where = location_label(f.location)
    head = (
        f"{_badge(f.severity)} {escape(CATEGORY_LABELS.get(f.category, f.category))} · <code>{escape(f.rule)}</code>"
        + (f" · {escape(where)}" if where else "")
    )
    parts.append(f'<div class="head">{head}</div>')
    if f.goal:
        parts.append(f'<div class="goal">Mål: {escape(f.goal)}</div>')
    parts.append(f'<div class="msg">{escape(f.message)}</div>')
    if f.evidence:
        rows = "".join(
            "<tr>"
            f"<td>{escape(e.label)}</td><td>{escape(e.text)}</td>"
            f"<td>{escape(format_value(e.value))}</td>"
            f"<td>{escape(location_label(e.location))}</td>"
            "</tr>"
            for e in f.evidence
        )
        parts.append(
            "<table><thead><tr><th>Belägg</th><th>Text</th><th>Värde</th><th>Plats</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
    if f.suggestion:
        parts.append(f'<div class="suggestion">Förslag: {escape(f.suggestion)}</div>')
    parts.append("</div>")
    return "\n".join(parts)


def _unit_heading(u: UnitInfo) -> str:
    tail = " ".join(str(x) for x in (u.kind, u.year) if x)
    return escape(u.unit or "(enhet okänd)") + (
        f" <span class='meta'>({escape(tail)})</span>" if tail else ""
    )


def _document_html(index: int, doc: CheckedDocument) -> str:
    name = PurePath(doc.source).name
    parts = [
        f"<h2 id='{_anchor('d', index)}'>{escape(name)}</h2>",
        f"<div class='meta'>{escape(doc.source)}</div>",
    ]
    if doc.error is not None:
        parts.append(
            "<div class='failed'><strong>Filen kunde inte granskas:</strong> "
            f"{escape(doc.error.message)} <code>{escape(doc.error.code)}</code></div>"
        )
    shown: set[int] = set()
    for j, u in enumerate(doc.units):
        badges = " ".join(_badge(s, u.counts.get(s, 0)) for s in SEVERITIES)
        parts.append(f"<h3 id='{_anchor('d', index, 'u', j)}'>{_unit_heading(u)} {badges}</h3>")
        mine = [
            (i, f)
            for i, f in enumerate(doc.findings)
            if i not in shown and (f.unit == u.unit or len(doc.units) == 1)
        ]
        shown.update(i for i, _ in mine)
        if not mine:
            parts.append("<p class='clean'>Inga fynd.</p>")
        parts.extend(_finding_html(f) for _, f in mine)
    rest = [f for i, f in enumerate(doc.findings) if i not in shown]
    if rest:
        parts.append("<h3>Övriga fynd</h3>")
        parts.extend(_finding_html(f) for f in rest)
    return "\n".join(parts)


def render_html(result: CheckResult, *, title: str = "Granskning av rapporter") -> str:
    """The whole report as one HTML page (UTF-8, no external references)."""
    s = result.summary
    now = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    overview_rows = []
    for i, doc in enumerate(result.documents):
        name = escape(PurePath(doc.source).name)
        if doc.error is not None:
            overview_rows.append(
                f"<tr><td><a href='#{_anchor('d', i)}'>{name}</a></td><td colspan='2'>"
                f"<strong>kunde inte granskas</strong>: {escape(doc.error.message)}</td>"
                "<td class='n'>–</td><td class='n'>–</td><td class='n'>–</td></tr>"
            )
        for j, u in enumerate(doc.units):
            overview_rows.append(
                f"<tr><td><a href='#{_anchor('d', i)}'>{name}</a></td>"
                f"<td><a href='#{_anchor('d', i, 'u', j)}'>{escape(u.unit or '(enhet okänd)')}</a></td>"
                f"<td>{escape(' '.join(str(x) for x in (u.kind, u.year) if x))}</td>{_counts_cells(u.counts)}</tr>"
            )
    categories = "".join(
        f"<tr><td>{escape(CATEGORY_LABELS.get(c, c))}</td><td><code>{escape(c)}</code></td><td class='n'>{n}</td></tr>"
        for c, n in s.by_category.items()
    )
    failed = ""
    if s.failed_documents:
        items = "".join(
            f"<li>{escape(PurePath(x['source']).name)}: {escape(x['message'])}</li>"
            for x in s.failed_documents
        )
        failed = f"<div class='failed'><strong>{s.failed} fil(er) kunde inte granskas</strong><ul>{items}</ul></div>"
    totals = " ".join(_badge(sev, s.by_severity.get(sev, 0)) for sev in SEVERITIES)
    body = [
        f"<h1>{escape(title)}</h1>",
        f"<p class='meta'>Skapad {escape(now)} av vbassist · {s.documents} dokument, {s.reports} rapporter, "
        f"{s.findings} fynd</p>",
        f"<p>{totals}</p>",
        failed,
        "<h2>Översikt per enhet</h2>",
        "<table><thead><tr><th>Dokument</th><th>Enhet</th><th>Rapport</th><th>Fel</th><th>Varningar</th>"
        f"<th>Info</th></tr></thead><tbody>{''.join(overview_rows)}</tbody></table>",
    ]
    if categories:
        body.append(
            "<h3>Per kategori</h3><table><thead><tr><th>Kategori</th><th>Id</th><th>Antal</th></tr></thead>"
            f"<tbody>{categories}</tbody></table>"
        )
    body.extend(_document_html(i, d) for i, d in enumerate(result.documents))
    return (
        "<!DOCTYPE html>\n<html lang='sv'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
