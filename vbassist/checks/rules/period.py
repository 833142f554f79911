"""period_label: indicator periods and columns that don't fit the report's year, and tertial wording
left in a VB."""

from __future__ import annotations

import re
from collections.abc import Iterator

from vbassist.checks.common import (
    REPORTING_KINDS,
    cell_location,
    short,
)
from vbassist.checks.examples import period as examples
from vbassist.checks.facts import ACCOUNT_KINDS, Place, facts_of
from vbassist.checks.registry import CheckContext, rule
from vbassist.model import Evidence, Finding, Report
from vbassist.sv import count, excerpt

_YEAR_RE = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
_KIND_RE = re.compile(r"\b(VB|VP|T1|T2|T3|tertial\s*[12])\b", re.IGNORECASE)


def _kind_of(label: str) -> str | None:
    m = _KIND_RE.search(label)
    if not m:
        return None
    word = m.group(1).upper().replace(" ", "")
    return {"TERTIAL1": "T1", "TERTIAL2": "T2"}.get(word, word)


@rule(
    "VB-PERIOD-001",
    category="period_label",
    severity="error",
    title="Indikatorns period passar inte rapportens år eller typ",
    evidence=("Period", "rapport"),
    examples=examples.PERIOD_001,
)
def indicator_period_wrong(report: Report, context: CheckContext) -> Iterator[Finding]:
    if report.kind not in REPORTING_KINDS or report.year is None:
        return
    for ind, goal, _ in report.indicators():
        label = (ind.period or "").strip()
        if not label:
            continue
        years = [int(y) for y in _YEAR_RE.findall(label)]
        kind = _kind_of(label)
        if report.kind == "VB":
            wrong_year = bool(years) and report.year not in years
            wrong_kind = kind in ("T1", "T2")
        else:
            # a tertial report shows yearly indicators with last year's VB value: that is expected
            wrong_year = bool(years) and not {report.year, report.year - 1} & set(years)
            wrong_kind = kind in ("T1", "T2") and kind != report.kind
        if not (wrong_year or wrong_kind):
            continue
        expected = f"{report.kind} {report.year}"
        yield indicator_period_wrong.finding(
            report=report,
            goal=goal,
            message=f'Indikatorn "{short(ind.name, 70)}" har perioden "{label}" i en {expected}.',
            evidence=[
                Evidence(label="Period", text=label, value=label, location=cell_location(ind, "period")),
                Evidence(label="rapport", text=expected, value=report.year),
            ],
            location=cell_location(ind, "period"),
            suggestion=f"Kontrollera att utfallet gäller {expected} och rätta perioden.",
        )


@rule(
    "VB-PERIOD-002",
    category="period_label",
    severity="error",
    title="Kolumnen för föregående års utfall avser inte året före rapportåret",
    evidence=("kolumnrubrik", "rapport"),
    examples=examples.PERIOD_002,
)
def last_year_column_wrong(report: Report, context: CheckContext) -> Iterator[Finding]:
    if report.kind not in REPORTING_KINDS or report.year is None:
        return
    seen: set[str] = set()
    for ind, goal, _ in report.indicators():
        label = re.sub(r"\s+", " ", ind.utfall_forra_aret_label or "").strip()
        years = [int(y) for y in _YEAR_RE.findall(label)]
        if not years or report.year - 1 in years or label in seen:
            continue
        seen.add(label)  # one finding per distinct wrong header, not per row
        loc = cell_location(ind, "utfall_forra_aret")
        loc = loc.model_copy(update={"row": 0}) if loc.row is not None else loc
        yield last_year_column_wrong.finding(
            report=report,
            goal=goal,
            message=f'Kolumnen "{label}" ska avse föregående år ({report.year - 1}) i en {report.kind} {report.year}.',
            evidence=[
                Evidence(label="kolumnrubrik", text=label, value=years[0], location=loc),
                Evidence(label="rapport", text=f"{report.kind} {report.year}", value=report.year),
            ],
            location=loc,
            suggestion=f'Byt kolumnen mot "Utfall VB {report.year - 1}" och kontrollera värdena.',
        )


_TERTIAL_RE = re.compile(
    r"\b(under\s+(?:detta\s+|första\s+|andra\s+)?tertialet|tertialets|i\s+tertialet|"
    r"hittills\s+i\s+år|under\s+årets\s+första\s+(?:fyra|åtta)\s+månader|prognos(?:en)?\s+för\s+helåret|helårsprognos(?:en)?|prognosticerar|prognostiserar|"
    r"inför\s+(?:T2|VB|verksamhetsberättelsen)|"
    r"målet\s+kommer\s+(?:inte\s+)?att\s+(?:uppfyllas|uppnås|nås))\b",
    re.IGNORECASE,
)


@rule(
    "VB-PERIOD-003",
    category="period_label",
    severity="warning",
    title="Tertialformuleringar kvar i en verksamhetsberättelse",
    evidence=("text", "text?"),
    examples=examples.PERIOD_003,
)
def tertial_wording_in_vb(report: Report, context: CheckContext) -> Iterator[Finding]:
    if report.kind != "VB":
        return
    # the same leftover phrase several times in one goal's texts is one finding at its first place,
    # naming how many more there are; each goal (or section) gets its own: that is where it is fixed
    by_owner: dict[tuple[int, str, str], list[tuple[Place, re.Match[str]]]] = {}
    for place in facts_of(report, context).places_of(ACCOUNT_KINDS):
        for m in _TERTIAL_RE.finditer(place.text):
            phrase = re.sub(r"\s+", " ", m.group(0).lower())
            phrase = re.sub(r"(uppfyllas|uppnås|nås)$", "", phrase).strip()
            owner = (id(place.goal), place.section or "", phrase)
            by_owner.setdefault(owner, []).append((place, m))
    for occurrences in by_owner.values():
        place, m = occurrences[0]
        more = len(occurrences) - 1
        yield tertial_wording_in_vb.finding(
            report=report,
            goal=place.goal,
            goal_title=place.section,
            message=(
                f'"{m.group(0)}" är en formulering från en tertialrapport; en VB beskriver hela året.'
                + (
                    f" Samma formulering finns på {count(more, 'ställe', 'ställen')} till under samma rubrik."
                    if more
                    else ""
                )
            ),
            evidence=[
                Evidence(
                    label="text",
                    text=short(excerpt(p.text, x.start(), x.end())),
                    location=p.at(x.start(), x.end()),
                )
                for p, x in occurrences[:10]
            ],
            location=place.at(m.start(), m.end()),
            suggestion="Skriv om meningen så att den gäller helåret.",
        )
