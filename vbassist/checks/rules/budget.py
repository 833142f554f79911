"""budget_arithmetic: rows against their Summa rows, Avvikelse against Budget and Utfall with the
table's own sign convention (costs and income differ), sub-tables against Totalt, and amounts in the
text ("underskott på cirka 12 mnkr", "budget på 41 miljoner") against the table."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from vbassist.checks.claims import amount_claims
from vbassist.checks.registry import CheckContext, rule
from vbassist.checks.rules._common import fmt, make_finding, num, report_texts, short, thresholds, with_span
from vbassist.model import BudgetRow, BudgetTable, Evidence, Finding, Location, Report

SumKind = Literal["intakter", "kostnader", "netto"]
COLUMNS = ("utfall", "budget", "avvikelse")
COLUMN_LABEL = {"utfall": "Utfall", "budget": "Budget", "avvikelse": "Avvikelse"}
SECTION_LABEL = {"intakter": "intäkter", "kostnader": "kostnader", "netto": "netto"}


@dataclass
class Block:
    """One sub-table: a heading row ("Ungdomsenheten", "Totalt") and the rows under it."""

    title: str
    heading: BudgetRow | None
    members: dict[str, list[BudgetRow]] = field(default_factory=lambda: {"intakter": [], "kostnader": []})
    sums: dict[str, BudgetRow] = field(default_factory=dict)

    @property
    def is_total(self) -> bool:
        return bool(re.match(r"\s*(totalt|total|summa\s+totalt|hela\s+enheten)\b", self.title, re.IGNORECASE))


def _has_numbers(row: BudgetRow) -> bool:
    return any(num(getattr(row, c)) is not None for c in COLUMNS) or any(
        v.value is not None for v in row.values.values()
    )


def _sum_kind(label: str) -> SumKind | None:
    low = label.lower()
    if "netto" in low:
        return "netto"
    if "intäkt" in low:
        return "intakter"
    if "kostnad" in low:
        return "kostnader"
    return None


def split_blocks(table: BudgetTable) -> list[Block]:
    """Sub-tables in order. A row without numbers that is not "Intäkter"/"Kostnader" opens a block."""
    blocks: list[Block] = []
    current = Block(title=table.title or "", heading=None)
    section: str | None = None
    for row in table.rows:
        label = re.sub(r"<[^>]+>|\*", "", row.label).strip()
        low = label.lower()
        is_sum = row.is_sum or low.startswith(("summa", "netto", "totalt"))
        if not _has_numbers(row):
            if re.fullmatch(r"intäkter:?", low):
                section = "intakter"
            elif re.fullmatch(r"kostnader:?", low):
                section = "kostnader"
            elif label:
                if current.sums or any(current.members.values()):
                    blocks.append(current)
                current = Block(title=label, heading=row)
                section = None
            continue
        if is_sum:
            kind = _sum_kind(low) or (row.section if row.section else None)
            if kind:
                current.sums[kind] = row
            continue
        sec = row.section if row.section in ("intakter", "kostnader") else section
        if sec in ("intakter", "kostnader"):
            current.members[sec].append(row)
    if current.sums or any(current.members.values()):
        blocks.append(current)
    return blocks


def _column_index(table: BudgetTable, column: str) -> int | None:
    for i, header in enumerate(table.columns):
        h = header.lower()
        if column == "utfall" and "utfall" in h:
            return i
        if column == "budget" and "budget" in h and "avvik" not in h:
            return i
        if column == "avvikelse" and ("avvik" in h or "awik" in h):
            return i
    return None


def cell(table: BudgetTable, row: BudgetRow, column: str) -> Location:
    col = _column_index(table, column)
    return row.location if col is None else row.location.model_copy(update={"col": col})


def _val(row: BudgetRow, column: str) -> float:
    return num(getattr(row, column)) or 0.0


def _raw(row: BudgetRow, column: str) -> str:
    v = getattr(row, column)
    return v.raw.strip() if v is not None and v.raw.strip() else "–"


def _label(row: BudgetRow) -> str:
    return re.sub(r"<[^>]+>|\*", "", row.label).strip()


def _table_unit(table: BudgetTable, report: Report) -> float:
    """Kronor per unit of the table's numbers: TKr unless the title or headers say otherwise."""
    text = " ".join([table.title or "", *table.columns]).lower()
    if "mnkr" in text or "miljoner" in text:
        return 1e6
    if re.search(r"\bkr\b|kronor", text) and "tkr" not in text and "tusen" not in text:
        return 1.0
    return 1e3


@rule(
    "VB-BUDGET-001",
    category="budget_arithmetic",
    severity="error",
    title="Raderna summerar inte till Summa-raden",
)
def rows_do_not_sum(report: Report, context: CheckContext) -> Iterator[Finding]:
    base_tol = thresholds()["budget_row_tolerance_tkr"]
    for table in report.budget_tables:
        for block in split_blocks(table):
            for kind in ("intakter", "kostnader"):
                total = block.sums.get(kind)
                members = block.members[kind]
                if total is None or not members:
                    continue
                tol = max(base_tol, 0.5 * len(members))
                for column in COLUMNS:
                    if num(getattr(total, column)) is None:
                        continue
                    summed = sum(_val(r, column) for r in members)
                    stated = _val(total, column)
                    if abs(summed - stated) <= tol:
                        continue
                    yield make_finding(
                        "VB-BUDGET-001",
                        "budget_arithmetic",
                        "error",
                        report=report,
                        goal_title=block.title or table.title,
                        message=(
                            f"{_label(total)} ({COLUMN_LABEL[column].lower()}) är {_raw(total, column)} men raderna under "
                            f"summerar till {fmt(summed)}{f' i {block.title}' if block.title else ''}."
                        ),
                        evidence=[
                            Evidence(
                                label=_label(total),
                                text=_raw(total, column),
                                value=stated,
                                location=cell(table, total, column),
                            ),
                            Evidence(
                                label=f"summa av {len(members)} rader",
                                text=" + ".join(
                                    _raw(r, column) for r in members if num(getattr(r, column)) is not None
                                )[:150],
                                value=summed,
                                location=cell(table, members[0], column),
                            ),
                        ],
                        location=cell(table, total, column),
                        suggestion="Kontrollera raderna och summan; en rad kan saknas eller vara felskriven.",
                    )
            netto, intakter, kostnader = (block.sums.get(k) for k in ("netto", "intakter", "kostnader"))
            if netto is None or intakter is None or kostnader is None:
                continue
            for column in ("utfall", "budget"):
                if num(getattr(netto, column)) is None:
                    continue
                expected = _val(kostnader, column) - _val(intakter, column)
                stated = _val(netto, column)
                # netto is written as costs minus income or as income minus costs: accept both signs
                if abs(abs(stated) - abs(expected)) <= base_tol:
                    continue
                yield make_finding(
                    "VB-BUDGET-001",
                    "budget_arithmetic",
                    "error",
                    report=report,
                    goal_title=block.title or table.title,
                    message=(
                        f"{_label(netto)} ({COLUMN_LABEL[column].lower()}) är {_raw(netto, column)} men kostnader minus "
                        f"intäkter är {fmt(expected)}."
                    ),
                    evidence=[
                        Evidence(
                            label=_label(netto),
                            text=_raw(netto, column),
                            value=stated,
                            location=cell(table, netto, column),
                        ),
                        Evidence(
                            label=_label(kostnader),
                            text=_raw(kostnader, column),
                            value=_val(kostnader, column),
                            location=cell(table, kostnader, column),
                        ),
                        Evidence(
                            label=_label(intakter),
                            text=_raw(intakter, column),
                            value=_val(intakter, column),
                            location=cell(table, intakter, column),
                        ),
                    ],
                    location=cell(table, netto, column),
                    suggestion="Rätta nettot eller summorna för intäkter och kostnader.",
                )


def _deviation_convention(rows: list[tuple[str, BudgetRow]]) -> dict[str, str]:
    """Per row kind (income vs costs/netto), which formula the table itself uses, by majority:
    "b-u" (Budget − Utfall) or "u-b" (Utfall − Budget). Stockholm's default: income u-b, costs b-u."""
    votes: dict[str, dict[str, int]] = {"intakter": {"u-b": 0, "b-u": 0}, "kostnader": {"u-b": 0, "b-u": 0}}
    for kind, row in rows:
        u, b, a = _val(row, "utfall"), _val(row, "budget"), num(row.avvikelse)
        if a is None or u == b:
            continue
        if abs(a - (u - b)) <= 1:
            votes[kind]["u-b"] += 1
        elif abs(a - (b - u)) <= 1:
            votes[kind]["b-u"] += 1
    default = {"intakter": "u-b", "kostnader": "b-u"}
    return {
        kind: (max(v, key=v.__getitem__) if v["u-b"] != v["b-u"] else default[kind])
        for kind, v in votes.items()
    }


@rule(
    "VB-BUDGET-002",
    category="budget_arithmetic",
    severity="error",
    title="Avvikelsen stämmer inte med Budget och Utfall (med tabellens teckenkonvention)",
)
def deviation_wrong(report: Report, context: CheckContext) -> Iterator[Finding]:
    for table in report.budget_tables:
        rows: list[tuple[str, BudgetRow]] = []
        for block in split_blocks(table):
            for kind in ("intakter", "kostnader"):
                rows.extend((kind, r) for r in block.members[kind])
                if kind in block.sums:
                    rows.append((kind, block.sums[kind]))
            if "netto" in block.sums:
                rows.append(("kostnader", block.sums["netto"]))
        convention = _deviation_convention(rows)
        for kind, row in rows:
            a = num(row.avvikelse)
            if a is None or (num(row.utfall) is None and num(row.budget) is None):
                continue
            u, b = _val(row, "utfall"), _val(row, "budget")
            expected = (u - b) if convention[kind] == "u-b" else (b - u)
            if abs(a - expected) <= 1:
                continue
            formula = "Utfall − Budget" if convention[kind] == "u-b" else "Budget − Utfall"
            sign_only = abs(a + expected) <= 1
            yield make_finding(
                "VB-BUDGET-002",
                "budget_arithmetic",
                "error",
                report=report,
                goal_title=table.title,
                message=(
                    f'Avvikelsen för "{_label(row)}" är {_raw(row, "avvikelse")} men {formula} är {fmt(expected)}'
                    + (" (fel tecken)." if sign_only else ".")
                ),
                evidence=[
                    Evidence(
                        label="Avvikelse",
                        text=_raw(row, "avvikelse"),
                        value=a,
                        location=cell(table, row, "avvikelse"),
                    ),
                    Evidence(
                        label="Utfall", text=_raw(row, "utfall"), value=u, location=cell(table, row, "utfall")
                    ),
                    Evidence(
                        label="Budget", text=_raw(row, "budget"), value=b, location=cell(table, row, "budget")
                    ),
                ],
                location=cell(table, row, "avvikelse"),
                suggestion=f"Rätta avvikelsen till {fmt(expected)} ({formula}, som i tabellens övriga {SECTION_LABEL[kind]}rader).",
            )


@rule(
    "VB-BUDGET-003",
    category="budget_arithmetic",
    severity="error",
    title="Deltabellerna summerar inte till Totalt",
)
def subtables_do_not_sum(report: Report, context: CheckContext) -> Iterator[Finding]:
    base_tol = thresholds()["budget_row_tolerance_tkr"]
    for table in report.budget_tables:
        blocks = split_blocks(table)
        totals = [b for b in blocks if b.is_total]
        parts = [b for b in blocks if not b.is_total]
        if len(totals) != 1 or len(parts) < 2:
            continue
        total = totals[0]
        for kind in ("intakter", "kostnader", "netto"):
            if kind not in total.sums or any(kind not in p.sums for p in parts):
                continue
            for column in COLUMNS:
                row = total.sums[kind]
                if num(getattr(row, column)) is None:
                    continue
                summed = sum(_val(p.sums[kind], column) for p in parts)
                stated = _val(row, column)
                if abs(summed - stated) <= max(base_tol, 0.5 * len(parts)):
                    continue
                yield make_finding(
                    "VB-BUDGET-003",
                    "budget_arithmetic",
                    "error",
                    report=report,
                    goal_title=table.title,
                    message=(
                        f"Totalt {SECTION_LABEL[kind]} ({COLUMN_LABEL[column].lower()}) är {_raw(row, column)} men "
                        f"deltabellerna ({', '.join(p.title for p in parts)}) summerar till {fmt(summed)}."
                    ),
                    evidence=[
                        Evidence(
                            label=f"Totalt {_label(row)}",
                            text=_raw(row, column),
                            value=stated,
                            location=cell(table, row, column),
                        ),
                        *[
                            Evidence(
                                label=f"{p.title}: {_label(p.sums[kind])}",
                                text=_raw(p.sums[kind], column),
                                value=_val(p.sums[kind], column),
                                location=cell(table, p.sums[kind], column),
                            )
                            for p in parts
                        ],
                    ],
                    location=cell(table, row, column),
                    suggestion="Kontrollera Totalt-raden mot deltabellerna.",
                )


def _net_row(report: Report) -> tuple[BudgetTable, BudgetRow] | None:
    """The report's overall netto row: the Totalt block's, else the only block's."""
    for table in report.budget_tables:
        blocks = split_blocks(table)
        totals = [b for b in blocks if b.is_total and "netto" in b.sums]
        if totals:
            return table, totals[0].sums["netto"]
        with_net = [b for b in blocks if "netto" in b.sums]
        if len(with_net) == 1:
            return table, with_net[0].sums["netto"]
    return None


@rule(
    "VB-BUDGET-004",
    category="budget_arithmetic",
    severity="error",
    title="Ett belopp i texten (underskott, överskott, budget) stämmer inte med budgettabellen",
)
def text_amount_differs(report: Report, context: CheckContext) -> Iterator[Finding]:
    found = _net_row(report)
    if found is None:
        return
    table, net = found
    factor = _table_unit(table, report)
    blocks = split_blocks(table)
    total_block = next((b for b in blocks if b.is_total), blocks[0] if len(blocks) == 1 else None)
    for place in report_texts(report):
        for claim in amount_claims(place.text):
            tol_rel = thresholds()[
                "text_amount_approx_relative_tolerance"
                if claim.approximate
                else "text_amount_relative_tolerance"
            ]
            loc = with_span(place.location, claim.start, claim.end)
            if claim.kind in ("underskott", "overskott"):
                a = num(net.avvikelse)
                if a is None:
                    continue
                # deviation as the table signs it: negative = underskott under the usual convention
                deviation = a * factor
                candidates = [("Avvikelse netto", net, "avvikelse", deviation)]
                sign_wrong = (claim.kind == "underskott" and deviation > 0) or (
                    claim.kind == "overskott" and deviation < 0
                )
            else:
                candidates = []
                if num(net.budget) is not None:
                    candidates.append(("Budget netto", net, "budget", num(net.budget) * factor))  # type: ignore[operator]
                if (
                    total_block is not None
                    and "kostnader" in total_block.sums
                    and num(total_block.sums["kostnader"].budget) is not None
                ):
                    row = total_block.sums["kostnader"]
                    candidates.append(("Budget kostnader", row, "budget", num(row.budget) * factor))  # type: ignore[operator]
                sign_wrong = False
                if not candidates:
                    continue
            close = [
                c
                for c in candidates
                if abs(abs(c[3]) - claim.kronor)
                <= max(tol_rel * abs(c[3]), 0.5e6 if claim.kronor >= 1e6 else 500)
            ]
            if close and not sign_wrong:
                continue
            label, row, column, value = candidates[0]
            words = {"underskott": "underskott", "overskott": "överskott", "budget": "budget"}
            severity = "error" if claim.kind != "budget" else "warning"
            msg = (
                f"Texten anger {words[claim.kind]} ({short(claim.raw, 60)}) men tabellens avvikelse netto är {_raw(row, column)} TKr, alltså ett "
                f"{'överskott' if value > 0 else 'underskott'}."
                if sign_wrong
                else f'Texten anger "{short(claim.raw, 60)}" men tabellen har {label.lower()} {_raw(row, column)} '
                f"({fmt(abs(value) / 1e6, 1)} mnkr)."
            )
            yield make_finding(
                "VB-BUDGET-004",
                "budget_arithmetic",
                severity,  # type: ignore[arg-type]
                report=report,
                goal=place.goal,
                goal_title=place.section,
                message=msg,
                evidence=[
                    Evidence(label="text", text=short(claim.raw), value=claim.kronor, location=loc),
                    Evidence(
                        label=label, text=_raw(row, column), value=value, location=cell(table, row, column)
                    ),
                ],
                location=loc,
                suggestion="Stäm av beloppet i texten mot budgettabellen.",
            )
