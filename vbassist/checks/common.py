"""Helpers the rules and the facts layer share: reading indicator values and cells, cell locations and
evidence, the goal branch, the status helpers, and the thresholds in `vbassist/data/thresholds.json`.
The texts of a report are walked by `vbassist.checks.facts`."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path

from vbassist.linking import IndicatorLink, link_indicators
from vbassist.model import (
    STATUS_LABELS,
    Evidence,
    Finding,
    Goal,
    Indicator,
    Location,
    Report,
    Severity,
    Value,
)
from vbassist.numbers import (
    NumberMention,
    find_numbers,
    format_sv,
    with_implied_unit,
    with_unit,
)
from vbassist.sv import shorten

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
REPORTING_KINDS = ("VB", "T1", "T2")  # kinds that report outcomes (a VP only plans)

STATUS_WORDS = STATUS_LABELS


@lru_cache(maxsize=1)
def thresholds() -> dict[str, float]:
    data = json.loads((DATA_DIR / "thresholds.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def link_severity(confidence: float, strong: Severity = "error") -> Severity:
    """A finding resting on a weak indicator link is a warning, never an error."""
    return strong if confidence >= thresholds()["link_error"] else "warning"


# the categories whose rules grade severity by the indicator -> goal link (`link_severity`)
_LINK_GRADED: frozenset[str] = frozenset({"status_vs_indicator", "status_vs_target"})


def weak_link_reason(finding: Finding, rule_severity: Severity) -> str | None:
    """Why `finding` is less severe than its rule, when `link_severity` made it so (issue 14: the
    same rule is an error in one place and a warning in another; the reader is told why)."""
    confidence = finding.confidence
    if (
        confidence is None
        or finding.category not in _LINK_GRADED
        or confidence >= thresholds()["link_error"]
        or finding.severity == rule_severity
        or rule_severity != "error"
    ):
        return None
    return f"Varning i stället för fel: svag koppling mellan indikator och mål (säkerhet {round(confidence * 100)}\u00a0%)."


def short(text: str, limit: int = 160) -> str:
    """A quote for a message or evidence: one line, cut after a whole word (`vbassist.sv.shorten`)."""
    return shorten(text, limit)


def fmt(value: float | None, decimals: int | None = None) -> str:
    if value is None:
        return "–"
    return format_sv(value, decimals)


def num(value: Value | None) -> float | None:
    """The number in a cell, or None for words and empty cells (a missing outcome is never zero)."""
    return value.value if value is not None and value.value is not None else None


def decimals_of(value: Value | None) -> int:
    if value is None:
        return 0
    if value.decimals is not None:
        return value.decimals
    m = re.search(r"[,.](\d+)", value.raw)
    return len(m.group(1)) if m else 0


def show(value: Value | None) -> str:
    """A cell as the reader saw it ("73,33"), or a dash when empty."""
    if value is None or not value.raw.strip():
        return "–"
    return short(value.raw, 40)


_VALUE_FIELDS = ("utfall", "arsmal", "kf_arsmal", "utfall_forra_aret", "utfall_man", "utfall_kvinnor")


def unit_of(indicator: Indicator) -> str | None:
    """The unit of an indicator's numbers as its cells write it: "%" when any cell has one (a row
    writes "48,84 %" beside a bare årsmål "25"), else the first unit written ("kr"); None when no
    cell names one (then none is invented)."""
    cells = [getattr(indicator, f) for f in _VALUE_FIELDS]
    units = [c.unit for c in cells if c is not None and c.value is not None and c.unit]
    return "%" if "%" in units else (units[0] if units else None)


def show_cell(indicator: Indicator, field: str) -> str:
    """A cell of an indicator row as the reader saw it, with the row's unit where the cell leaves it
    out: "25 %" for a bare "25" in a row of percentages, so a message never puts "25" beside "48,84 %"."""
    cell: Value | None = getattr(indicator, field)
    return show(cell) if cell is None else with_implied_unit(show(cell), cell, unit_of(indicator))


def fmt_for(indicator: Indicator, value: float | None, decimals: int | None = None) -> str:
    """A computed number (a target, a required change) in the unit of `indicator`'s row."""
    return fmt(value, decimals) if value is None else with_unit(fmt(value, decimals), unit_of(indicator))


# which (whitespace-collapsed, lower-case) column header holds a field of an indicator row
_FIELD_HEADERS: dict[str, Callable[[str], bool]] = {
    "arsmal": lambda h: "årsmål" in h and "kf" not in h,
    "kf_arsmal": lambda h: "årsmål" in h and "kf" in h,
    "utfall": lambda h: "periodens utfall" in h,
    "utfall_forra_aret": lambda h: "utfall vb" in h or "föregående" in h,
    "utfall_man": lambda h: "män" in h or "pojkar" in h,
    "utfall_kvinnor": lambda h: "kvinnor" in h or "flickor" in h,
    "period": lambda h: h.strip() == "period",
}


def cell_location(indicator: Indicator, field: str) -> Location:
    """The table cell of `field` ("utfall", "arsmal", ...) of an indicator row, found by header; the row
    location when the header does not tell."""
    loc = indicator.location
    header = [re.sub(r"\s+", " ", h).lower() for h in indicator.header]
    is_field = _FIELD_HEADERS.get(field)
    col = next((i for i, h in enumerate(header) if is_field(h)), None) if is_field else None
    if col is None and field == "utfall":
        col = next((i for i, h in enumerate(header) if h.startswith("utfall")), None)
    if col is None:
        return loc
    return loc.model_copy(update={"col": col, "start": None, "end": None})


def cell_text(value: Value | None) -> str:
    """A cell's whole text (stripped, not shortened), or a dash when there is no cell."""
    return value.raw.strip() if value is not None else "–"


def cell_evidence(indicator: Indicator, field: str, label: str, *, whole: bool = False) -> Evidence:
    """One cell of an indicator row as evidence: as the reader saw it (`show`, or `cell_text` when
    `whole`), its number and where it is."""
    cell = getattr(indicator, field)
    text = cell_text(cell) if whole else show(cell)
    return Evidence(label=label, text=text, value=num(cell), location=cell_location(indicator, field))


def arsmal_of(indicator: Indicator) -> tuple[Value | None, str]:
    """The target an indicator is held to: the unit's own årsmål, else KF:s årsmål."""
    if num(indicator.arsmal) is not None:
        return indicator.arsmal, "arsmal"
    if num(indicator.kf_arsmal) is not None:
        return indicator.kf_arsmal, "kf_arsmal"
    return None, ""


def with_span(location: Location, start: int | None, end: int | None) -> Location:
    return location.model_copy(update={"start": start, "end": end})


def goal_scope_indicators(goal: Goal, report: Report) -> list[Indicator]:
    """Indicators in the goal's own branch: those of its ancestors, itself and its children."""
    for g, parents in report.iter_goals():
        if g is goal:
            out = [i for p in parents for i in p.indicators] + list(g.indicators)
            for child, _ in _walk(g):
                out.extend(child.indicators)
            return list({id(i): i for i in out}.values())
    return []


def _walk(goal: Goal) -> Iterator[tuple[Goal, None]]:
    for child in goal.children:
        yield child, None
        yield from _walk(child)


def outcome_is_current(indicator: Indicator, report: Report) -> bool:
    """Whether the outcome is this period's. A tertial report shows yearly indicators with last year's
    VB value ("VB 2024" in a T2 2025): judging this year's status by it would be wrong."""
    if report.kind == "VB" or report.year is None:
        return True
    years = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", indicator.period or "")]
    return not years or report.year in years


@lru_cache(maxsize=8192)
def numbers_in(text: str) -> tuple[NumberMention, ...]:
    """`find_numbers`, once per sentence: every sentence of a report is scanned by several checks."""
    return tuple(find_numbers(text))


def status_evidence(goal: Goal) -> Evidence:
    return Evidence(
        label="status",
        text=goal.status_text or (STATUS_WORDS[goal.status] if goal.status else ""),
        value=goal.status,
        location=goal.status_location,
    )


def measured_values(indicator: Indicator) -> tuple[float, float, int, str] | None:
    """(utfall, target, target decimals, target field) when both are numbers."""
    utfall = num(indicator.utfall)
    target_value, field = arsmal_of(indicator)
    target = num(target_value)
    if utfall is None or target is None:
        return None
    return utfall, target, decimals_of(target_value), field


def usable_links(goal: Goal, report: Report) -> list[IndicatorLink]:
    minimum = thresholds()["link_min"]
    return [
        link
        for link in link_indicators(goal, report)
        if link.confidence >= minimum and outcome_is_current(link.indicator, report)
    ]


def judged_goals(report: Report) -> Iterator[Goal]:
    if report.kind not in REPORTING_KINDS:
        return
    for goal in report.enhetsmal():
        if goal.status in ("helt", "inte"):
            yield goal


def target_evidence(ind: Indicator, field: str, target: float, label: str) -> Evidence:
    """The årsmål (or KF:s årsmål, `field`) an indicator is held to."""
    return Evidence(label=label, text=fmt_for(ind, target), value=target, location=cell_location(ind, field))
