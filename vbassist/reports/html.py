"""A self-contained HTML report a controller can mail around and print: one file, inline CSS and a small
inline script (no external assets, nothing fetched). First a summary (totals, files that could not be
checked, an overview per unit, counts per category) that prints on its own; then every finding in one
table that sorts and filters; then each finding with its place, quote, evidence and suggestion. Without
scripts (a mail client) the page is complete, only not sortable."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from functools import lru_cache
from html import escape
from importlib import resources
from pathlib import PurePath

from vbassist.checks.result import CheckedDocument, CheckResult, CheckSummary, UnitInfo
from vbassist.model import SEVERITIES, Finding, category_label, category_rank, severity_rank
from vbassist.numbers import keep_numbers_together
from vbassist.reports import (
    SEVERITY_LABELS,
    count_label,
    format_value,
    goal_beside_place,
    place_label,
    quote_shown,
    rule_label,
)
from vbassist.sv import count


@lru_cache(maxsize=1)
def _asset(name: str) -> str:
    return (resources.files("vbassist") / "data" / "report" / name).read_text(encoding="utf-8")


def _anchor(*parts: object) -> str:
    return "u-" + re.sub(r"[^a-z0-9]+", "-", "-".join(str(p) for p in parts).lower()).strip("-")


def _finding_anchor(doc: int, n: int) -> str:
    return f"f-{doc}-{n}"


def _badge(severity: str, count: int | None = None) -> str:
    text = count_label(severity, count) if count is not None else SEVERITY_LABELS.get(severity, severity)
    zero = " zero" if count == 0 else ""  # a grey badge: nothing of this severity
    return f'<span class="badge {escape(severity)}{zero}">{escape(text)}</span>'


def _counts_cells(counts: dict[str, int]) -> str:
    return "".join(f'<td class="n">{counts.get(s, 0)}</td>' for s in SEVERITIES)


def _finding_html(f: Finding, anchor: str) -> str:
    parts = [f"<div class=\"finding sev-{escape(f.severity)}\" id='{anchor}'>"]
    head = f"{_badge(f.severity)} {escape(category_label(f.category))} · <code>{escape(rule_label(f))}</code>"
    parts.append(f'<div class="head">{head}</div>')
    where = place_label(f.place, f.location)
    if where:
        parts.append(f'<div class="where">Plats: {escape(where)}</div>')
    quote = quote_shown(f)
    if quote:
        parts.append(f'<div class="where"><q>{escape(quote)}</q></div>')
    goal = goal_beside_place(f)
    if goal:
        parts.append(f'<div class="goal">Mål: {escape(goal)}</div>')
    parts.append(f'<div class="msg">{escape(f.message)}</div>')
    if f.evidence:
        rows = "".join(
            "<tr>"
            f"<td>{escape(e.label)}</td><td>{escape(keep_numbers_together(e.text))}</td>"
            f"<td>{escape(format_value(e.value))}</td>"
            f"<td>{escape(place_label(e.place, e.location, within=f.place) or 'samma ställe')}</td>"
            "</tr>"
            for e in f.evidence
        )
        parts.append(
            "<table><thead><tr><th>Belägg</th><th>Text</th><th>Värde</th><th>Plats</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
    if f.severity_reason:
        parts.append(f'<div class="reason">{escape(f.severity_reason)}</div>')
    if f.suggestion:
        parts.append(f'<div class="suggestion">Förslag: {escape(f.suggestion)}</div>')
    parts.append("</div>")
    return "\n".join(parts)


def _unit_heading(u: UnitInfo) -> str:
    tail = " ".join(str(x) for x in (u.kind, u.year) if x)
    return escape(u.unit or "(enhet okänd)") + (
        f" <span class='meta'>({escape(tail)})</span>" if tail else ""
    )


def _by_unit(doc: CheckedDocument) -> list[tuple[UnitInfo | None, list[int]]]:
    """The indexes of the document's findings per unit (a finding of an unknown unit last, alone)."""
    shown: set[int] = set()
    out: list[tuple[UnitInfo | None, list[int]]] = []
    for u in doc.units:
        mine = [
            i
            for i, f in enumerate(doc.findings)
            if i not in shown and (f.unit == u.unit or len(doc.units) == 1)
        ]
        shown.update(mine)
        out.append((u, mine))
    rest = [i for i in range(len(doc.findings)) if i not in shown]
    if rest:
        out.append((None, rest))
    return out


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
    for j, (u, mine) in enumerate(_by_unit(doc)):
        if u is None:
            parts.append("<h3>Övriga fynd</h3>")
        else:
            badges = " ".join(_badge(s, u.counts.get(s, 0)) for s in SEVERITIES)
            parts.append(f"<h3 id='{_anchor('d', index, 'u', j)}'>{_unit_heading(u)} {badges}</h3>")
            if not mine:
                parts.append("<p class='clean'>Inga fynd.</p>")
        parts.extend(_finding_html(doc.findings[i], _finding_anchor(index, i)) for i in mine)
    return "\n".join(parts)


def _overview(result: CheckResult) -> str:
    rows = []
    for i, doc in enumerate(result.documents):
        name = escape(PurePath(doc.source).name)
        if doc.error is not None:
            rows.append(
                f"<tr><td><a href='#{_anchor('d', i)}'>{name}</a></td><td colspan='2'>"
                f"<strong>kunde inte granskas</strong>: {escape(doc.error.message)}</td>"
                "<td class='n'>–</td><td class='n'>–</td><td class='n'>–</td></tr>"
            )
        for j, u in enumerate(doc.units):
            rows.append(
                f"<tr><td><a href='#{_anchor('d', i)}'>{name}</a></td>"
                f"<td><a href='#{_anchor('d', i, 'u', j)}'>{escape(u.unit or '(enhet okänd)')}</a></td>"
                f"<td>{escape(' '.join(str(x) for x in (u.kind, u.year) if x))}</td>{_counts_cells(u.counts)}</tr>"
            )
    return (
        "<h2>Översikt per enhet</h2>"
        "<table class='sortable' id='units'><thead><tr><th>Dokument</th><th>Enhet</th><th>Rapport</th>"
        "<th class='n'>Fel</th><th class='n'>Varningar</th><th class='n'>Info</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _categories(s: CheckSummary) -> str:
    if not s.by_category:
        return ""
    rows = "".join(
        f"<tr><td title='{escape(c)}'>{escape(category_label(c))}</td><td class='n'>{n}</td></tr>"
        for c, n in sorted(s.by_category.items(), key=lambda kv: category_rank(kv[0]))
    )
    return (
        "<h3>Per kategori</h3><table class='sortable' id='categories'><thead><tr><th>Kategori</th>"
        f"<th class='n'>Antal</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _options(name: str, label: str, values: list[tuple[str, str]]) -> str:
    options = "".join(f"<option value='{escape(v)}'>{escape(text)}</option>" for v, text in values)
    return f"<label>{label}<select name='{name}'><option value=''>Alla</option>{options}</select></label>"


def _all_findings(result: CheckResult) -> str:
    """Every finding in one table (sortable, filterable by severity, category, unit and text)."""
    rows = []
    units: Counter[str] = Counter()
    categories: Counter[str] = Counter()
    for i, doc in enumerate(result.documents):
        name = PurePath(doc.source).name
        for n, f in enumerate(doc.findings):
            unit = f.unit or ""
            units[unit] += 1
            categories[f.category] += 1
            where = place_label(f.place, f.location) or (f.goal or "")
            rows.append(
                f"<tr data-severity='{escape(f.severity)}' data-category='{escape(f.category)}' "
                f"data-unit='{escape(unit)}'>"
                f"<td data-sort='{severity_rank(f.severity)}'>{_badge(f.severity)}</td>"
                f"<td data-sort='{escape(unit)} {escape(name)}'>{escape(unit or '(okänd)')}"
                f"<span class='doc'>{escape(name)}</span></td>"
                f"<td>{escape(category_label(f.category))}</td><td>{escape(where)}</td>"
                f"<td class='msg'><a href='#{_finding_anchor(i, n)}'>{escape(f.message)}</a></td>"
                f"<td><code>{escape(rule_label(f))}</code></td></tr>"
            )
    if not rows:
        return ""
    filters = (
        "<form class='controls' id='filter' role='search' aria-label='Filtrera fynden'>"
        "<label>Sök i fynden<input type='search' name='q' placeholder='ord i meddelande, plats, regel'></label>"
        + _options("severity", "Allvarlighet", [(s, SEVERITY_LABELS[s]) for s in SEVERITIES])
        + _options(
            "category",
            "Kategori",
            [(c, category_label(c)) for c in sorted(categories, key=category_rank)],
        )
        + _options("unit", "Enhet", [(u, u or "(okänd)") for u in sorted(units)])
        + "<span class='count' aria-live='polite'></span></form>"
    )
    return (
        "<section id='alla-fynd'><h2>Alla fynd</h2>"
        + filters
        + "<table class='sortable' id='findings'><thead><tr><th>Allvarlighet</th><th>Enhet och dokument</th>"
        "<th>Kategori</th><th>Plats</th><th>Meddelande</th><th>Regel</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


def render_html(result: CheckResult, *, title: str = "Granskning av rapporter") -> str:
    """The whole report as one HTML page (UTF-8, no external references)."""
    s = result.summary
    now = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    failed = ""
    if s.failed_documents:
        items = "".join(
            f"<li>{escape(PurePath(x.source).name)}: {escape(x.message)}</li>" for x in s.failed_documents
        )
        failed = f"<div class='failed'><strong>{count(s.failed, 'fil', 'filer')} kunde inte granskas</strong><ul>{items}</ul></div>"
    totals = " ".join(_badge(sev, s.by_severity.get(sev, 0)) for sev in SEVERITIES)
    body = [
        "<section id='sammanfattning'>",
        f"<h1>{escape(title)}</h1>",
        f"<p class='meta'>Skapad {escape(now)} av vbassist · {s.documents} dokument, {count(s.reports, 'rapport', 'rapporter')}, "
        f"{s.findings} fynd</p>",
        f"<p>{totals}</p>",
        "<div class='actions'><button type='button' class='print' id='print-summary'>Skriv ut "
        "sammanfattningen</button><button type='button' class='print' id='print-all'>Skriv ut allt</button></div>",
        failed,
        _overview(result),
        _categories(s),
        "</section>",
        _all_findings(result),
        "<section class='details'>",
        *(_document_html(i, d) for i, d in enumerate(result.documents)),
        "</section>",
    ]
    return (
        "<!DOCTYPE html>\n<html lang='sv'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(title)}</title><style>{_asset('report.css')}</style></head><body>\n"
        + "\n".join(part for part in body if part)
        + f"\n<script>{_asset('report.js')}</script>\n</body></html>\n"
    )
