"""Small builders for `Report`s in rule examples: the same shapes the parser produces, written by hand
so each example shows exactly the contradiction (or near miss) it is about."""

from __future__ import annotations

import itertools
from typing import Literal

from vbassist.model import (
    Activity,
    BudgetRow,
    BudgetTable,
    Goal,
    Indicator,
    Location,
    OtherTable,
    Report,
    ReportKind,
    Section,
    Status,
    TextItem,
)
from vbassist.numbers import parse_value

_blocks = itertools.count(1)

VB_HEADER = [
    "Indikator",
    "Periodens utfall",
    "Utfall män/ pojkar",
    "Utfall kvinnor/ flickor",
    "Utfall VB 2024",
    "Årsmål",
    "KF:s årsmål",
    "Period",
]


def loc(row: int | None = None) -> Location:
    return Location(block=next(_blocks), row=row)


def items(*texts: str) -> list[TextItem]:
    return [TextItem(text=t, location=loc()) for t in texts]


def indicator(
    name: str,
    utfall: str = "",
    arsmal: str = "",
    forra: str = "",
    *,
    kf: str = "",
    man: str = "",
    kvinnor: str = "",
    period: str = "VB 2025",
    forra_label: str = "Utfall VB 2024",
    kommentar: str | None = None,
) -> Indicator:
    header = [h if h != "Utfall VB 2024" else forra_label for h in VB_HEADER]
    cells = [name, utfall, man, kvinnor, forra, arsmal, kf, period]
    return Indicator(
        name=name,
        utfall=parse_value(utfall),
        utfall_man=parse_value(man),
        utfall_kvinnor=parse_value(kvinnor),
        utfall_forra_aret=parse_value(forra),
        utfall_forra_aret_label=forra_label,
        arsmal=parse_value(arsmal),
        kf_arsmal=parse_value(kf),
        period=period,
        kommentar=kommentar,
        kommentar_location=loc() if kommentar else None,
        cells=cells,
        header=header,
        location=loc(row=1),
    )


def enhetsmal(
    title: str,
    status: Status | None = "helt",
    *,
    forvantat: tuple[str, ...] = (),
    analys: tuple[str, ...] = ("Enheten har arbetat med målet under året.",),
    activities: list[Activity] | None = None,
) -> Goal:
    words = {
        "helt": "● Uppfylls helt",
        "delvis": "◆ Uppfylls delvis",
        "inte": "■ Uppfylls inte",
        "inga_data": "— Inga data",
    }
    return Goal(
        level="enhetsmal",
        title=title,
        status=status,
        status_text=words.get(status or ""),
        status_location=loc() if status else None,
        forvantat_resultat=items(*forvantat),
        analys=items(*analys),
        activities=activities or [],
        location=loc(),
    )


def kf_goal(title: str, indicators: list[Indicator], children: list[Goal]) -> Goal:
    """A KF verksamhetsmål holding indicators, with one nämndmål holding the enhetsmål."""
    namndmal = Goal(level="namndmal", title=f"Nämndmål: {title}", children=children, location=loc())
    return Goal(
        level="kf_verksamhetsmal", title=title, indicators=indicators, children=[namndmal], location=loc()
    )


def report(
    goals: list[Goal] | None = None,
    *,
    kind: ReportKind = "VB",
    year: int = 2025,
    unit: str = "Familjehemsenheten",
    district: str | None = "Hägersten-Älvsjö",
    budget_tables: list[BudgetTable] | None = None,
    sections: list[Section] | None = None,
    tables: list[OtherTable] | None = None,
) -> Report:
    return Report(
        kind=kind,
        year=year,
        unit=unit,
        district=district,
        source=f"test_{unit}_{kind}{year}.docx",
        source_format="docx",
        goals=goals or [],
        budget_tables=budget_tables or [],
        sections=sections or [],
        tables=tables or [],
    )


def section(title: str, *texts: str) -> Section:
    return Section(title=title, paragraphs=items(*texts), location=loc())


BudgetSection = Literal["intakter", "kostnader", "netto"]


def budget_table(rows: list[tuple[str, str, str, str]], title: str = "Beloppen anges i TKr") -> BudgetTable:
    """Rows of (label, utfall, budget, avvikelse); labels "Intäkter"/"Kostnader" with empty values
    open sections, "Summa ..." rows are sums, other empty rows open sub-tables."""
    out = []
    section_name: BudgetSection | None = None
    start = next(_blocks)
    for r, (label, u, b, a) in enumerate(rows, start=1):
        low = label.lower()
        if low == "intäkter":
            section_name = "intakter"
        elif low == "kostnader":
            section_name = "kostnader"
        is_sum = low.startswith("summa")
        sec: BudgetSection | None = "netto" if "netto" in low else section_name
        if not (u or b or a) and low not in ("intäkter", "kostnader"):
            section_name = None
            sec = None
        values = {"Utfall": parse_value(u), "Budget": parse_value(b), "Avvikelse": parse_value(a)}
        out.append(
            BudgetRow(
                label=label,
                utfall=values["Utfall"],
                budget=values["Budget"],
                avvikelse=values["Avvikelse"],
                values=values,
                is_sum=is_sum,
                section=sec,
                location=Location(block=start, row=r),
            )
        )
    return BudgetTable(
        title=title, columns=["", "Utfall", "Budget", "Avvikelse"], rows=out, location=Location(block=start)
    )
