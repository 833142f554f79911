"""The terminal rendering: per document and unit, each finding with its evidence and suggestion,
then a summary. Colour only when asked (a terminal); the words carry the meaning without it."""

from __future__ import annotations

import io

from rich.console import Console
from rich.text import Text

from vbassist.checks.result import CheckedDocument, CheckResult, CheckSummary
from vbassist.model import SEVERITIES, Finding, category_label, category_rank
from vbassist.reports import (
    SEVERITY_LABELS,
    count_label,
    evidence_label,
    goal_beside_place,
    place_label,
    quote_shown,
    rule_label,
)
from vbassist.sv import count

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _counts_text(counts: dict[str, int]) -> str:
    return ", ".join(count_label(s, counts.get(s, 0)) for s in SEVERITIES)


def _unit_title(unit: str | None, kind: str | None, year: int | None) -> str:
    head = unit or "(enhet okänd)"
    tail = " ".join(str(x) for x in (kind, year) if x)
    return f"{head} ({tail})" if tail else head


def _finding(out: Text, f: Finding) -> None:
    sev = SEVERITY_LABELS.get(f.severity, f.severity).upper()
    out.append(f"    {sev:<8}", style=_STYLE.get(f.severity, ""))
    out.append(f"{rule_label(f)}  ", style="dim")
    out.append(f"{category_label(f.category)}\n")
    where = place_label(f.place, f.location)
    if where:
        out.append(f"            Plats: {where}\n", style="dim")
    quote = quote_shown(f)
    if quote:
        out.append(f"            ”{quote}”\n", style="dim")
    goal = goal_beside_place(f)
    if goal:
        out.append(f"            Mål: {goal}\n", style="dim")
    out.append(f"            {f.message}\n")
    for e in f.evidence:
        out.append(f"            • {evidence_label(e, within=f.place)}\n")
    if f.severity_reason:
        out.append(f"            {f.severity_reason}\n", style="yellow")
    if f.suggestion:
        out.append(f"            → {f.suggestion}\n", style="green")


def _document(out: Text, doc: CheckedDocument) -> None:
    out.append(f"{doc.source}\n", style="bold")
    if doc.error is not None:
        out.append("  KUNDE INTE GRANSKAS: ", style="bold red")
        out.append(f"{doc.error.message} ({doc.error.code})\n")
    units = doc.units or []
    shown: set[int] = set()
    for u in units:
        out.append(f"  {_unit_title(u.unit, u.kind, u.year)}: {_counts_text(u.counts)}\n")
        for i, f in enumerate(doc.findings):
            if i not in shown and (f.unit == u.unit or len(units) == 1):
                shown.add(i)
                _finding(out, f)
    rest = [f for i, f in enumerate(doc.findings) if i not in shown]
    if rest:
        out.append("  (övriga)\n")
        for f in rest:
            _finding(out, f)
    if doc.error is None and not doc.findings:
        out.append("  Inga fynd.\n", style="green")
    out.append("\n")


def _summary(out: Text, s: CheckSummary) -> None:
    out.append("Sammanfattning: ", style="bold")
    out.append(f"{s.documents} dokument")
    if s.failed:
        out.append(f" ({s.failed} kunde inte granskas)", style="bold red")
    out.append(
        f", {count(s.reports, 'rapport', 'rapporter')}, {s.findings} fynd: {_counts_text(s.by_severity)}\n"
    )
    if s.by_category:
        ordered = sorted(s.by_category.items(), key=lambda kv: category_rank(kv[0]))
        parts = [f"{category_label(c)} {n}" for c, n in ordered]
        out.append("  per kategori: " + "; ".join(parts) + "\n")
    for failed in s.failed_documents:
        out.append(f"  fel i fil: {failed.source}: {failed.message}\n", style="red")


def render_text(result: CheckResult, *, color: bool = False, width: int = 110) -> str:
    """The whole report as text; with `color` it carries ANSI styles for a terminal."""
    out = Text()
    for doc in result.documents:
        _document(out, doc)
    _summary(out, result.summary)
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=width, highlight=False)
    console.print(out, end="", soft_wrap=True)
    return buffer.getvalue()
