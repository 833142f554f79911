"""Renderings of a `CheckResult`: text for the terminal, JSON (the documented interface), a
self-contained HTML report, an xlsx with one row per finding, and annotated .docx copies."""

from __future__ import annotations

from vbassist.model import Evidence, Finding, Location

SEVERITY_LABELS: dict[str, str] = {"error": "Fel", "warning": "Varning", "info": "Info"}
SEVERITY_PLURALS: dict[str, str] = {"error": "fel", "warning": "varningar", "info": "info"}


def count_label(severity: str, n: int) -> str:
    """ "1 fel", "2 varningar", "1 varning"."""
    word = (
        SEVERITY_LABELS.get(severity, severity).lower()
        if n == 1
        else SEVERITY_PLURALS.get(severity, severity)
    )
    return f"{n} {word}"


def format_value(value: float | str | None) -> str:
    """An evidence value the Swedish way: 81.0 -> "81", 64.25 -> "64,25"; text as it is."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer():
            return f"{int(value)}"
        return f"{value:.4f}".rstrip("0").replace(".", ",")
    return str(value)


CATEGORY_LABELS: dict[str, str] = {
    "status_vs_indicator": "Status mot indikator",
    "status_vs_target": "Status mot förväntat resultat",
    "status_text_vs_marker": "Status i text mot markering",
    "text_vs_table": "Siffra i text mot tabell",
    "derived_number": "Beräknad siffra",
    "trend_claim": "Påstådd utveckling",
    "budget_arithmetic": "Budgetaritmetik",
    "missing": "Saknas",
    "period_label": "Period",
    "plan_vs_report": "Plan mot rapport",
}


def location_label(location: Location | None) -> str:
    """A short human pointer into the source: "stycke 12", "tabell 7, rad 3, kolumn 2", "rad 140"."""
    if location is None:
        return ""
    if location.line is not None:
        where = f"rad {location.line}"
    elif location.row is not None:
        where = f"tabell i block {location.block}, rad {location.row + 1}"
        if location.col is not None:
            where += f", kolumn {location.col + 1}"
    else:
        where = f"block {location.block}"
    if location.start is not None:
        where += f", tecken {location.start}–{location.end if location.end is not None else ''}"
    return where


def evidence_label(evidence: Evidence) -> str:
    """ "Årsmål: 90 % (tabell 7, rad 3, kolumn 6)"."""
    text = evidence.text.strip()
    if (
        not text and evidence.value is not None
    ):  # the text as written is the better rendering when there is one
        text = format_value(evidence.value)
    where = location_label(evidence.location)
    return f"{evidence.label}: {text}" + (f" ({where})" if where else "")


def comment_text(finding: Finding) -> str:
    """The text of a Word comment for a finding: severity, message, evidence, suggestion, rule id."""
    lines = [f"[{SEVERITY_LABELS.get(finding.severity, finding.severity)}] {finding.message}"]
    lines += [f"• {evidence_label(e)}" for e in finding.evidence]
    if finding.suggestion:
        lines.append(f"Förslag: {finding.suggestion}")
    lines.append(f"({finding.rule})")
    return "\n".join(lines)
