"""Tables no other rule reads: the complaint tables (*Redovisning av synpunkter och klagomål*: complaints
counted by sender against the same complaints counted by category; a Lex Sarah report without an
assessment) and rows that are a part of another row (a tertial of the year's total, the women and men
of a count, "Sjukfrånvaro dag 1-14" of "Sjukfrånvaro"), which may not exceed it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from vbassist.checks.common import REPORTING_KINDS, cell_evidence, cell_location, fmt, num, short
from vbassist.checks.examples import tables as examples
from vbassist.checks.facts import facts_of
from vbassist.checks.facts.complaints import ComplaintRow
from vbassist.checks.registry import CheckContext, rule
from vbassist.model import Evidence, Finding, Goal, Indicator, Location, Report
from vbassist.names import fold_name
from vbassist.sv import count


def complaint_rows(report: Report, context: CheckContext) -> list[ComplaintRow]:
    return facts_of(report, context).complaints


def _is_sender(row: ComplaintRow) -> bool:
    return fold_name(row.group).startswith("fran vem")


def _is_category(row: ComplaintRow) -> bool:
    return fold_name(row.group).startswith("synpunkter och klagomal")


def _sum_evidence(label: str, rows: list[ComplaintRow]) -> Evidence:
    counted = [r for r in rows if r.count]
    text = ", ".join(f"{r.category} {fmt(r.count)}" for r in counted) or "inga ifyllda"
    where = (counted or rows)[0].where
    return Evidence(label=label, text=short(text, 120), value=sum(r.count for r in rows), location=where)


@rule(
    "VB-DERIVED-005",
    category="derived_number",
    severity="warning",
    title="Klagomålen per avsändare summerar inte till klagomålen per kategori",
    evidence=("Från vem", "Kategori"),
    examples=examples.DERIVED_005,
)
def complaints_by_sender_and_category_differ(report: Report, context: CheckContext) -> Iterator[Finding]:
    """Each complaint has a sender and a category: the two groups count the same complaints."""
    if report.kind not in REPORTING_KINDS:
        return
    rows = complaint_rows(report, context)
    senders, categories = [r for r in rows if _is_sender(r)], [r for r in rows if _is_category(r)]
    if not senders or not categories:
        return
    by_sender, by_category = sum(r.count for r in senders), sum(r.count for r in categories)
    if by_sender == by_category:
        return
    first = _sum_evidence("Från vem", senders)
    yield complaints_by_sender_and_category_differ.finding(
        report=report,
        goal_title=senders[0].table.title,
        message=(
            f"Klagomålstabellen redovisar {fmt(by_sender)} klagomål och synpunkter per avsändare men "
            f"{fmt(by_category)} fördelade på kategori."
        ),
        evidence=[first, _sum_evidence("Kategori", categories)],
        location=first.location,
        suggestion="Fördela varje klagomål både på avsändare och på kategori, så att summorna blir lika.",
    )


@rule(
    "VB-MISSING-007",
    category="missing",
    severity="warning",
    title="En Lex Sarah-rapport utan bedömning och planerade åtgärder",
    evidence=("Lex Sarah", "Bedömning"),
    examples=examples.MISSING_007,
)
def lex_sarah_without_assessment(report: Report, context: CheckContext) -> Iterator[Finding]:
    if report.kind not in REPORTING_KINDS:
        return
    for row in complaint_rows(report, context):
        if "lex sarah" not in fold_name(row.group) or not row.count or row.assessment:
            continue
        yield lex_sarah_without_assessment.finding(
            report=report,
            goal_title=row.table.title,
            message=(
                f"{count(int(row.count), 'Lex Sarah-rapport', 'Lex Sarah-rapporter')} redovisas men "
                "bedömningen och de planerade åtgärderna saknas."
            ),
            evidence=[
                Evidence(
                    label="Lex Sarah",
                    text=f"{row.category}: {fmt(row.count)}",
                    value=row.count,
                    location=row.where,
                ),
                Evidence(label="Bedömning", text="–", location=row.location),
            ],
            location=row.where,
            suggestion="Beskriv vad rapporten gällde, hur den bedömts och vilka åtgärder som planeras.",
        )


# ------------------------------------------------------------------------------------------- parts

_SUB_PERIOD_RE = re.compile(r"^\s*(?:dag\s*\d+\s*[-–]\s*\d+|korttid\w*)\b", re.IGNORECASE)
_PART_FIELDS = ("utfall", "utfall_man", "utfall_kvinnor", "utfall_forra_aret")


@dataclass(frozen=True)
class _Excess:
    message: str
    evidence: list[Evidence]
    location: Location
    goal: Goal | None = None
    goal_title: str | None = None


def _complaint_excesses(report: Report, context: CheckContext) -> Iterator[_Excess]:
    for row in complaint_rows(report, context):
        values = [(h, v, loc) for h, v, loc in row.periods if v is not None]
        if row.total is None or row.total_location is None or not values:
            continue
        summed = sum(v for _, v, _ in values)
        if summed <= row.total:
            continue
        label = re.sub(r"\s+", " ", " ".join(h for h, _, _ in values))
        yield _Excess(
            message=(
                f'"{short(row.category, 60)}" ({short(row.group, 50)}): perioderna ({label}) summerar till '
                f"{fmt(summed)} men totalen är {fmt(row.total)}."
            ),
            evidence=[
                Evidence(label="Totalt", text=fmt(row.total), value=row.total, location=row.total_location),
                *[
                    Evidence(label=re.sub(r"\s+", " ", h), text=fmt(v), value=v, location=loc)
                    for h, v, loc in values
                ],
            ],
            location=row.total_location,
            goal_title=row.table.title,
        )


def _indicator_excesses(report: Report) -> Iterator[_Excess]:
    rows = list({id(i): (i, g) for i, g, _ in report.indicators()}.values())
    by_name = {fold_name(i.name): i for i, _ in rows}
    for ind, goal in rows:
        # the women and men of a count are a part of it
        if fold_name(ind.name).startswith("antal") and (total := num(ind.utfall)) is not None:
            parts = [
                (f, v) for f in ("utfall_man", "utfall_kvinnor") if (v := num(getattr(ind, f))) is not None
            ]
            if parts and sum(v for _, v in parts) > total:
                yield _Excess(
                    message=(
                        f'"{short(ind.name, 70)}": män och kvinnor ({" + ".join(fmt(v) for _, v in parts)}) är fler '
                        f"än utfallet {fmt(total)}."
                    ),
                    evidence=[
                        cell_evidence(ind, "utfall", "Periodens utfall"),
                        *[
                            cell_evidence(
                                ind, f, "Utfall män/pojkar" if f == "utfall_man" else "Utfall kvinnor/flickor"
                            )
                            for f, _ in parts
                        ],
                    ],
                    location=cell_location(ind, "utfall"),
                    goal=goal,
                )
        # "Sjukfrånvaro dag 1-14" is a part of "Sjukfrånvaro"
        name = fold_name(ind.name)
        for whole_key, whole in by_name.items():
            if whole is ind or not name.startswith(whole_key + " "):
                continue
            rest = ind.name.strip()[len(whole.name.strip()) :]
            if not _SUB_PERIOD_RE.match(rest):
                continue
            for f in _PART_FIELDS:
                part, all_ = num(getattr(ind, f)), num(getattr(whole, f))
                if part is None or all_ is None or part <= all_:
                    continue
                yield _Excess(
                    message=(
                        f'"{short(ind.name, 60)}" är en del av "{short(whole.name, 60)}" men är större i kolumnen '
                        f"{_column_label(ind, f)}: {cell_text_of(ind, f)} mot {cell_text_of(whole, f)}."
                    ),
                    evidence=[cell_evidence(ind, f, "del"), cell_evidence(whole, f, "helhet")],
                    location=cell_location(ind, f),
                    goal=goal,
                )
                break


def _column_label(ind: Indicator, field_name: str) -> str:
    labels = {
        "utfall": "Periodens utfall",
        "utfall_man": "Utfall män/pojkar",
        "utfall_kvinnor": "Utfall kvinnor/flickor",
    }
    return labels.get(field_name) or re.sub(
        r"\s+", " ", ind.utfall_forra_aret_label or "Utfall föregående år"
    )


def cell_text_of(ind: Indicator, field_name: str) -> str:
    cell = getattr(ind, field_name)
    return cell.raw.strip() if cell is not None else "–"


@rule(
    "VB-DERIVED-006",
    category="derived_number",
    severity="error",
    title="En del (en period, en delgrupp) är större än det hela",
    evidence=("Totalt|Periodens utfall|del", "*", "*?"),
    examples=examples.DERIVED_006,
)
def part_exceeds_whole(report: Report, context: CheckContext) -> Iterator[Finding]:
    if report.kind not in REPORTING_KINDS:
        return
    for excess in [*_complaint_excesses(report, context), *_indicator_excesses(report)]:
        yield part_exceeds_whole.finding(
            report=report,
            goal=excess.goal,
            goal_title=excess.goal_title,
            message=excess.message,
            evidence=excess.evidence,
            location=excess.location,
            suggestion="Kontrollera delarna och totalen; en del kan inte vara större än det hela.",
        )
