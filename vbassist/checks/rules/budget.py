"""budget_arithmetic in the tables: rows against their Summa rows, Avvikelse against Budget and Utfall
with the table's own sign convention (costs and income differ), sub-tables against Totalt. The
sub-tables (`Block`) are read here for the text-amount rule too (`budget_text`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from vbassist.checks.common import fmt, num, short, thresholds
from vbassist.checks.examples import budget as examples
from vbassist.checks.registry import CheckContext, rule
from vbassist.model import BudgetRow, BudgetTable, Evidence, Finding, Location, Report
from vbassist.sv import count

SumKind = Literal["intakter", "kostnader", "netto"]
COLUMNS = ("utfall", "budget", "avvikelse")
COLUMN_LABEL = {"utfall": "Utfall", "budget": "Budget", "avvikelse": "Avvikelse"}
SECTION_LABEL = {"intakter": "intäkter", "kostnader": "kostnader", "netto": "netto"}
# the rows of a section as one compound word ("intäktsrader", not "intäkterrader")
SECTION_ROWS = {"intakter": "intäktsrader", "kostnader": "kostnadsrader", "netto": "nettorader"}


@dataclass
class Block:
    """One sub-table: "Ungdomsenheten", "Placeringar och uppdragstagare", "Totalt". The parser gives a
    sub-table as one `BudgetTable` (or, split at "Intäkter"/"Kostnader" headings, as several with the
    same title); a hand-made table may hold several under heading rows. `table_of` maps each row to
    the table it sits in, for cell locations."""

    title: str
    members: dict[str, list[BudgetRow]] = field(default_factory=lambda: {"intakter": [], "kostnader": []})
    sums: dict[str, BudgetRow] = field(default_factory=dict)
    table_of: dict[int, BudgetTable] = field(default_factory=dict)

    @property
    def is_total(self) -> bool:
        return bool(re.match(r"\s*(totalt|total|summa\s+totalt|hela\s+enheten)\b", self.title, re.IGNORECASE))

    @property
    def empty(self) -> bool:
        return not self.sums and not any(self.members.values())


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


def _label(row: BudgetRow) -> str:
    return re.sub(r"<[^>]+>|\*", "", row.label).strip()


def split_blocks(table: BudgetTable) -> list[Block]:
    """Sub-tables of one table in order; a row without numbers that is not "Intäkter"/"Kostnader"
    opens a new one."""
    blocks: list[Block] = []
    current = Block(title=table.title or "")
    section: str | None = None
    for row in table.rows:
        label = _label(row)
        low = label.lower()
        is_sum = row.is_sum or low.startswith(("summa", "netto", "totalt"))
        if not _has_numbers(row):
            if re.fullmatch(r"intäkter:?", low):
                section = "intakter"
            elif re.fullmatch(r"kostnader:?", low):
                section = "kostnader"
            elif label:
                if not current.empty:
                    blocks.append(current)
                current = Block(title=label)
                section = None
            continue
        current.table_of[id(row)] = table
        if is_sum:
            kind = _sum_kind(low) or row.section
            if kind:
                current.sums[kind] = row
            continue
        sec = row.section if row.section in ("intakter", "kostnader") else section
        if sec in ("intakter", "kostnader"):
            current.members[sec].append(row)
    if not current.empty:
        blocks.append(current)
    return blocks


def report_blocks(report: Report) -> list[Block]:
    """All sub-tables of the report in order; consecutive parts with the same title are merged."""
    out: list[Block] = []
    for table in report.budget_tables:
        for block in split_blocks(table):
            prev = out[-1] if out else None
            if (
                prev is not None
                and prev.title.strip().lower() == block.title.strip().lower()
                and not set(prev.sums) & set(block.sums)
            ):
                for kind in ("intakter", "kostnader"):
                    prev.members[kind].extend(block.members[kind])
                prev.sums.update(block.sums)
                prev.table_of.update(block.table_of)
            else:
                out.append(block)
    return out


def _column_index(table: BudgetTable, column: str) -> int | None:
    # the parser leaves the label column out of `columns`; a hand-made table may keep it as ""
    offset = 0 if table.columns and not table.columns[0].strip() else 1
    for i, header in enumerate(table.columns):
        h = header.lower()
        if column == "utfall" and "utfall" in h:
            return i + offset
        if column == "budget" and "budget" in h and "avvik" not in h:
            return i + offset
        if column == "avvikelse" and ("avvik" in h or "awik" in h):
            return i + offset
    return None


def cell(block: Block, row: BudgetRow, column: str) -> Location:
    table = block.table_of.get(id(row))
    col = _column_index(table, column) if table is not None else None
    return row.location if col is None else row.location.model_copy(update={"col": col})


def cell_number(row: BudgetRow, column: str) -> float:
    return num(getattr(row, column)) or 0.0


def raw_cell(row: BudgetRow, column: str) -> str:
    v = getattr(row, column)
    return v.raw.strip() if v is not None and v.raw.strip() else "–"


def _row_evidence(block: Block, row: BudgetRow, column: str, label: str) -> Evidence:
    """One cell of a budget row as evidence: as written, its number (0 when empty) and where it is."""
    return Evidence(
        label=label,
        text=raw_cell(row, column),
        value=cell_number(row, column),
        location=cell(block, row, column),
    )


def kronor_factor(row: BudgetRow, table: BudgetTable | None) -> float:
    """Kronor per unit of the table's numbers: the cell's unit when the parser set one, else the
    title's words, else TKr (the city's standard)."""
    for v in (row.avvikelse, row.budget, row.utfall):
        if v is not None and v.unit:
            return {"kr": 1.0, "tkr": 1e3, "mnkr": 1e6, "mkr": 1e6}.get(v.unit.lower(), 1e3)
    text = " ".join([table.title or "", *table.columns]).lower() if table else ""
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
    evidence=("*", "*", "*?"),
    examples=examples.BUDGET_001,
)
def rows_do_not_sum(report: Report, context: CheckContext) -> Iterator[Finding]:
    base_tol = thresholds()["budget_row_tolerance_tkr"]
    for block in report_blocks(report):
        where = f" i {block.title}" if block.title else ""
        for kind in ("intakter", "kostnader"):
            total = block.sums.get(kind)
            members = block.members[kind]
            if total is None or not members:
                continue
            tol = max(base_tol, 0.5 * len(members))
            for column in COLUMNS:
                if num(getattr(total, column)) is None:
                    continue
                summed = sum(cell_number(r, column) for r in members)
                stated = cell_number(total, column)
                if abs(summed - stated) <= tol:
                    continue
                yield rows_do_not_sum.finding(
                    report=report,
                    goal_title=block.title or None,
                    message=(
                        f"{_label(total)} ({COLUMN_LABEL[column].lower()}){where} är {raw_cell(total, column)} men "
                        f"raderna ovanför summerar till {fmt(summed)}."
                    ),
                    evidence=[
                        _row_evidence(block, total, column, _label(total)),
                        Evidence(
                            label=f"summa av {count(len(members), 'rad', 'rader')}",
                            text=short(
                                " + ".join(
                                    raw_cell(r, column)
                                    for r in members
                                    if num(getattr(r, column)) is not None
                                ),
                                150,
                            ),
                            value=summed,
                            location=cell(block, members[0], column),
                        ),
                    ],
                    location=cell(block, total, column),
                    suggestion="Kontrollera raderna och summan; en rad kan saknas eller vara felskriven.",
                )
        netto, intakter, kostnader = (block.sums.get(k) for k in ("netto", "intakter", "kostnader"))
        if netto is None or intakter is None or kostnader is None:
            continue
        for column in ("utfall", "budget"):
            if num(getattr(netto, column)) is None:
                continue
            expected = cell_number(kostnader, column) - cell_number(intakter, column)
            stated = cell_number(netto, column)
            # netto is written as costs minus income or as income minus costs: accept both signs
            if abs(abs(stated) - abs(expected)) <= base_tol:
                continue
            yield rows_do_not_sum.finding(
                report=report,
                goal_title=block.title or None,
                message=(
                    f"{_label(netto)} ({COLUMN_LABEL[column].lower()}){where} är {raw_cell(netto, column)} men "
                    f"kostnader minus intäkter är {fmt(expected)}."
                ),
                evidence=[
                    _row_evidence(block, netto, column, _label(netto)),
                    _row_evidence(block, kostnader, column, _label(kostnader)),
                    _row_evidence(block, intakter, column, _label(intakter)),
                ],
                location=cell(block, netto, column),
                suggestion="Rätta nettot eller summorna för intäkter och kostnader.",
            )


def _deviation_rows(blocks: list[Block]) -> list[tuple[str, BudgetRow, Block]]:
    rows: list[tuple[str, BudgetRow, Block]] = []
    for block in blocks:
        for kind in ("intakter", "kostnader"):
            rows.extend((kind, r, block) for r in block.members[kind])
            if kind in block.sums:
                rows.append((kind, block.sums[kind], block))
        if "netto" in block.sums:
            rows.append(("kostnader", block.sums["netto"], block))  # netto follows the cost convention
    return rows


def _deviation_convention(rows: list[tuple[str, BudgetRow, Block]]) -> dict[str, str]:
    """Per row kind (income vs costs/netto), the formula the report itself uses, by majority:
    "b-u" (Budget − Utfall) or "u-b" (Utfall − Budget). Stockholm's default: income u-b, costs b-u."""
    votes: dict[str, dict[str, int]] = {"intakter": {"u-b": 0, "b-u": 0}, "kostnader": {"u-b": 0, "b-u": 0}}
    for kind, row, _ in rows:
        u, b, a = cell_number(row, "utfall"), cell_number(row, "budget"), num(row.avvikelse)
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
    evidence=("Avvikelse", "Utfall", "Budget"),
    examples=examples.BUDGET_002,
)
def deviation_wrong(report: Report, context: CheckContext) -> Iterator[Finding]:
    rows = _deviation_rows(report_blocks(report))
    convention = _deviation_convention(rows)
    for kind, row, block in rows:
        a = num(row.avvikelse)
        if a is None or (num(row.utfall) is None and num(row.budget) is None):
            continue
        u, b = cell_number(row, "utfall"), cell_number(row, "budget")
        expected = (u - b) if convention[kind] == "u-b" else (b - u)
        if abs(a - expected) <= 1:
            continue
        formula = "Utfall − Budget" if convention[kind] == "u-b" else "Budget − Utfall"
        sign_only = abs(a + expected) <= 1
        where = f" ({block.title})" if block.title else ""
        yield deviation_wrong.finding(
            report=report,
            goal_title=block.title or None,
            message=(
                f'Avvikelsen för "{_label(row)}"{where} är {raw_cell(row, "avvikelse")} men {formula} är {fmt(expected)}'
                + (" (fel tecken)." if sign_only else ".")
            ),
            evidence=[
                Evidence(
                    label="Avvikelse",
                    text=raw_cell(row, "avvikelse"),
                    value=a,
                    location=cell(block, row, "avvikelse"),
                ),
                _row_evidence(block, row, "utfall", "Utfall"),
                _row_evidence(block, row, "budget", "Budget"),
            ],
            location=cell(block, row, "avvikelse"),
            suggestion=f"Rätta avvikelsen till {fmt(expected)} ({formula}, som i rapportens övriga {SECTION_ROWS[kind]}).",
        )


def _total_groups(blocks: list[Block]) -> Iterator[tuple[list[Block], Block]]:
    """Each Totalt block with the sub-tables before it (since the previous Totalt)."""
    parts: list[Block] = []
    for block in blocks:
        if block.is_total:
            yield parts, block
            parts = []
        else:
            parts.append(block)


@rule(
    "VB-BUDGET-003",
    category="budget_arithmetic",
    severity="error",
    title="Deltabellerna summerar inte till Totalt",
    evidence=("Totalt: *", "*: *", "*: *?"),
    examples=examples.BUDGET_003,
)
def subtables_do_not_sum(report: Report, context: CheckContext) -> Iterator[Finding]:
    base_tol = thresholds()["budget_row_tolerance_tkr"]
    for parts, total in _total_groups(report_blocks(report)):
        if len(parts) < 2:
            continue
        for kind in ("intakter", "kostnader", "netto"):
            if kind not in total.sums or any(kind not in p.sums for p in parts):
                continue
            row = total.sums[kind]
            for column in COLUMNS:
                if num(getattr(row, column)) is None:
                    continue
                summed = sum(cell_number(p.sums[kind], column) for p in parts)
                stated = cell_number(row, column)
                if abs(summed - stated) <= max(base_tol, 0.5 * len(parts)):
                    continue
                yield subtables_do_not_sum.finding(
                    report=report,
                    goal_title=total.title,
                    message=(
                        f"Totalt {SECTION_LABEL[kind]} ({COLUMN_LABEL[column].lower()}) är {raw_cell(row, column)} men "
                        f"deltabellerna ({', '.join(p.title for p in parts)}) summerar till {fmt(summed)}."
                    ),
                    evidence=[
                        _row_evidence(total, row, column, f"Totalt: {_label(row)}"),
                        *[
                            _row_evidence(p, p.sums[kind], column, f"{p.title}: {_label(p.sums[kind])}")
                            for p in parts
                        ],
                    ],
                    location=cell(total, row, column),
                    suggestion="Kontrollera Totalt-raden mot deltabellerna.",
                )
