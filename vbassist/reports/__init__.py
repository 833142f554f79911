"""Renderings of a `CheckResult`: text for the terminal, JSON (the documented interface), a
self-contained HTML report, an xlsx with one row per finding, and annotated .docx copies. The words
every rendering shares (severity and category labels, places, evidence lines, the Word comment) are
made here, once."""

from __future__ import annotations

import re

from vbassist.model import Evidence, Finding, Location, Place
from vbassist.names import fold
from vbassist.numbers import format_sv, keep_numbers_together
from vbassist.sv import count

__all__ = [
    "SEVERITY_LABELS",
    "comment_text",
    "count_label",
    "evidence_label",
    "format_value",
    "goal_beside_place",
    "goal_of",
    "place_label",
    "quote_shown",
    "rule_label",
]

SEVERITY_LABELS: dict[str, str] = {"error": "Fel", "warning": "Varning", "info": "Info"}
SEVERITY_PLURALS: dict[str, str] = {"error": "fel", "warning": "varningar", "info": "info"}


def count_label(severity: str, n: int) -> str:
    """ "1 fel", "2 varningar", "1 varning"."""
    return count(n, SEVERITY_LABELS.get(severity, severity).lower(), SEVERITY_PLURALS.get(severity, severity))


def format_value(value: float | str | None) -> str:
    """An evidence value the Swedish way: 81.0 -> "81", 64.25 -> "64,25", 1204560.0 -> "1 204 560"
    (no-break spaces); text as it is."""
    if value is None:
        return ""
    if isinstance(value, float):
        return format_sv(value, max_decimals=4)
    return str(value)


def place_label(place: Place | None, location: Location | None = None, *, within: Place | None = None) -> str:
    """Where something is, for a reader: the place's one line ("Nämndmål: … › Analys, stycke 2").
    `within` is the finding's own place: evidence under the same headings says only its part, and
    nothing at all when it is the finding's own spot. Without a place only a source line of a text
    file is shown ("rad 140"): a block number alone means nothing to a reader."""
    if place is None:
        return f"rad {location.line}" if location is not None and location.line is not None else ""
    if within is not None and place.source is None and within.source is None and place.path == within.path:
        return "" if place.part == within.part else (place.part or place.text)
    return place.text


def _norm(text: str) -> str:
    return fold(re.sub(r"\s+", " ", text).strip(" …"))


def quote_shown(finding: Finding) -> str | None:
    """The finding's quote when it tells the reader something the evidence lines do not already say."""
    place = finding.place
    if place is None or not place.quote:
        return None
    quote = _norm(place.quote)
    for e in finding.evidence:
        text = _norm(e.text)
        if text and (quote[:60] in text or text in quote):
            return None
    return place.quote


def goal_of(finding: Finding) -> str | None:
    """The goal a finding is about; None when its "goal" is the section or table its place names (a
    budget table's "Totalt", "Sammanfattande analys"), which is no goal."""
    goal = finding.goal
    if not goal:
        return None
    place = finding.place
    if place is None:
        return goal
    key = _norm(goal)
    if any(_norm(p) == key for p in place.path) or _norm(place.part or "").startswith(key + ","):
        return None
    return goal


def goal_beside_place(finding: Finding) -> str | None:
    """The goal to name beside the place: `goal_of`, unless the place already names it."""
    goal = goal_of(finding)
    place = finding.place
    if goal is None or place is None:
        return goal
    return None if _norm(goal) in _norm(" ".join([*place.path, place.part or ""])) else goal


def evidence_label(evidence: Evidence, *, within: Place | None = None) -> str:
    """ "Årsmål: 90 % (KF-mål 1.3 … › indikatortabellen, rad "Andel …", kolumn Årsmål)", its numbers
    kept on one line."""
    text = keep_numbers_together(evidence.text.strip())
    if (
        not text and evidence.value is not None
    ):  # the text as written is the better rendering when there is one
        text = format_value(evidence.value)
    where = place_label(evidence.place, evidence.location, within=within)
    return f"{evidence.label}: {text}" + (f" ({where})" if where else "")


def rule_label(finding: Finding) -> str:
    """ "VB-BUDGET-002", or every rule that flagged the fault: "VB-BUDGET-002, VB-BUDGET-003"."""
    return ", ".join([finding.rule, *finding.also_rules])


def comment_text(finding: Finding) -> str:
    """The text of a Word comment for a finding: severity and message, where (the place), one line per
    piece of evidence, why the severity (a weak link), the suggestion and the rule id."""
    lines = [f"[{SEVERITY_LABELS.get(finding.severity, finding.severity)}] {finding.message}"]
    where = place_label(finding.place, finding.location)
    if where:
        lines.append(f"Plats: {where}")
    lines += [f"• {evidence_label(e, within=finding.place)}" for e in finding.evidence]
    if finding.severity_reason:
        lines.append(finding.severity_reason)
    if finding.suggestion:
        lines.append(f"Förslag: {finding.suggestion}")
    lines.append(f"({rule_label(finding)})")
    return "\n".join(lines)
