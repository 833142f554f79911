"""The overview's tables, shared by the workbook and the HTML page (the same columns and values in
both): Måluppfyllelse (one row per enhetsmål), Nämndmål (status counts per district, report round and
nämndmål), Indikatorer (one row per indicator and unit) and Filer (every file: read, left out or
unreadable). Numbers stay numbers; a value that is not one keeps the text the report wrote."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from vbassist.overview.model import STATUS_KEYS, IndicatorRow, Overview, status_label

Cell = str | int | float | None
Columns = tuple[tuple[str, int], ...]

GOAL_COLUMNS: Columns = (
    ("Stadsdel", 18),
    ("Enhet", 26),
    ("Rapport", 10),
    ("KF-mål", 40),
    ("Nämndmål", 44),
    ("Enhetsmål", 50),
    ("Status", 16),
    ("Föreslagen status", 16),
    ("Indikatorer under årsmål", 12),
    ("Fel", 7),
    ("Varningar", 10),
    ("Indikatorer som inte når årsmålet", 44),
    ("Grund för föreslagen status", 50),
    ("Fil", 36),
)
NAMNDMAL_COLUMNS: Columns = (
    ("Stadsdel", 18),
    ("År", 7),
    ("Rapport", 10),
    ("Nämndmål", 60),
    ("Enheter", 9),
    ("Enhetsmål", 10),
    ("Helt", 7),
    ("Delvis", 8),
    ("Inte", 7),
    ("Inga data", 10),
    ("Saknas", 8),
    ("Andra stavningar", 50),
)
INDICATOR_COLUMNS: Columns = (
    ("Stadsdel", 18),
    ("Enhet", 26),
    ("Rapport", 10),
    ("Mål", 40),
    ("Indikator", 50),
    ("Utfall", 10),
    ("Årsmål", 10),
    ("Förra året", 10),
    ("Förra året avser", 16),
    ("Måttenhet", 10),
    ("Bättre när", 10),
    ("Når årsmålet", 12),
    ("Fil", 36),
)
FILE_COLUMNS: Columns = (
    ("Fil", 40),
    ("Läget", 20),
    ("Enhet", 26),
    ("Rapport", 10),
    ("Fel", 7),  # the check's findings in the whole report, on its enhetsmål and elsewhere
    ("Varningar", 10),
    ("Orsak", 60),
)


@dataclass(frozen=True)
class Table:
    name: str
    columns: Columns
    rows: list[list[Cell]]


def overview_tables(overview: Overview) -> list[Table]:
    return [
        Table("Måluppfyllelse", GOAL_COLUMNS, _goal_rows(overview)),
        Table("Nämndmål", NAMNDMAL_COLUMNS, _namndmal_rows(overview)),
        Table("Indikatorer", INDICATOR_COLUMNS, [_indicator_row(r) for r in overview.indicators]),
        Table("Filer", FILE_COLUMNS, _file_rows(overview)),
    ]


def _goal_rows(overview: Overview) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for row in overview.goals:
        ref, goal = row.report, row.goal
        group = overview.namndmal[row.namndmal_group] if row.namndmal_group is not None else None
        rows.append(
            [
                ref.district,
                ref.unit,
                ref.label,
                goal.kf_mal,
                group.heading if group is not None else goal.namndmal,
                goal.enhetsmal,
                status_label(goal.status),
                status_label(goal.suggested_status),
                len(goal.indicators_under_target),
                row.errors,
                row.warnings,
                "\n".join(goal.indicators_under_target),
                goal.suggested_reason,
                PurePath(ref.source).name,
            ]
        )
    return rows


def _namndmal_rows(overview: Overview) -> list[list[Cell]]:
    return [
        [
            g.district,
            g.year,
            g.label,
            g.heading,
            g.units,
            g.goals,
            *(g.counts[k] for k in STATUS_KEYS),
            "\n".join(g.variants),
        ]
        for g in overview.namndmal
    ]


def _indicator_row(row: IndicatorRow) -> list[Cell]:
    ref, ind = row.report, row.indicator
    met = "" if ind.target_met is None else "Ja" if ind.target_met else "Nej"
    return [
        ref.district,
        ref.unit,
        ref.label,
        ind.goal,
        ind.name,
        ind.utfall if ind.utfall is not None else ind.utfall_text,
        ind.arsmal if ind.arsmal is not None else ind.arsmal_text,
        ind.forra_aret if ind.forra_aret is not None else ind.forra_aret_text,
        ind.forra_aret_label,
        ind.unit,
        "lägre" if ind.polarity == "lower" else "högre",
        met,
        PurePath(ref.source).name,
    ]


def _file_rows(overview: Overview) -> list[list[Cell]]:
    rows: list[list[Cell]] = [
        [PurePath(r.source).name, "läst", r.unit, r.label, r.errors, r.warnings, ""] for r in overview.reports
    ]
    rows += [
        [PurePath(o.source).name, "räknas inte", o.unit, o.label, None, None, o.reason]
        for o in overview.left_out
    ]
    rows += [
        [PurePath(f.source).name, "kunde inte läsas", None, None, None, None, f"{f.message} ({f.code})"]
        for f in overview.failed
    ]
    return rows
