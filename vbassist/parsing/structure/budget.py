"""Budget tables (Utfall | Budget | Avvikelse) -> `BudgetTable`s: a table holding several groups
("Familjehemsenheten", "Placeringar och uppdragstagare") is split into one per group; a table continued
without a header row keeps the previous table's columns; "Intäkter"/"Kostnader" lines set the section of
the rows under them."""

from __future__ import annotations

import re
from typing import Literal

from vbassist.model import BudgetRow, BudgetTable, TableBlock, Value
from vbassist.numbers import parse_value
from vbassist.parsing.headings import squash
from vbassist.parsing.structure.places import at

BudgetSection = Literal["intakter", "kostnader", "netto"]

_LABEL_RE = re.compile(
    r"^(summa|intakter|kostnader|personalkostnader|lokalkostnader|bidrag|taxor|hy.esintakter|"
    r"forsaljning|entreprenader|ovriga|netto|kapitaltjanst|totalt|resultat)"
)


def is_budget_header(keys: list[str]) -> bool:
    joined = " ".join(keys)
    has_budget = "budget" in joined
    has_utfall = "utfall" in joined
    has_avvikelse = "avvik" in joined or "awik" in joined
    return (has_budget and (has_utfall or has_avvikelse)) or (
        has_utfall and has_avvikelse and "indikator" not in joined
    )


def section_word(text: str) -> BudgetSection | None:
    key = squash(text).strip(" :")
    if key in ("intakter", "summa intakter"):
        return "intakter"
    if key in ("kostnader", "summa kostnader"):
        return "kostnader"
    if key in ("netto", "summa netto"):
        return "netto"
    return None


class BudgetTables:
    def __init__(self) -> None:
        self.tables: list[BudgetTable] = []
        self.columns: list[str] | None = None  # the last header's columns, for a table continued without one
        self.title: str | None = None  # the last table's title, for a continued table without a title line

    def continues(self, rows: list[list[str]]) -> bool:
        """Rows without a header that continue the last budget table: as many cells as its columns plus
        the label, and most labels budget words."""
        if self.columns is None or not rows or len(rows[0]) != len(self.columns) + 1:
            return False
        labels = [squash(r[0]) for r in rows if r[0].strip()]
        hits = sum(1 for label in labels if _LABEL_RE.match(label))
        return bool(labels) and hits * 2 >= len(labels)

    def read(
        self,
        block: TableBlock,
        rows: list[list[str]],
        row_ids: list[int],
        header_row: int | None,
        recent: list[str],
        section_title: str | None,
    ) -> None:
        """A budget table (`header_row` None: continued without a header). `recent` are the short lines
        since the last table (its title, its "Intäkter" line), `section_title` the open section's."""
        table_unit = "tkr"
        if header_row is not None:
            for row in rows[: header_row + 1]:
                joined = squash(" ".join(row))
                if re.search(r"\bkr\b|kronor", joined) and "tkr" not in joined and "tusen" not in joined:
                    table_unit = "kr"
            columns = [re.sub(r"\s+", " ", c).strip() for c in rows[header_row][1:]]
            self.columns = columns
            data = rows[header_row + 1 :]
            first_data = header_row + 1
            title = next((t for t in reversed(recent) if not section_word(t)), None) or section_title
            section = None
        else:
            columns = list(self.columns or [])
            data, first_data = rows, 0
            words = [t for t in recent if section_word(t)]
            names = [t for t in recent if not section_word(t)]
            title = names[0] if names else self.title
            section = section_word(words[-1]) if words else None
        roles = _roles(columns)

        def as_amount(text: str) -> Value:
            parsed = parse_value(text)
            if parsed.kind == "count" and parsed.value is not None:
                parsed = parsed.model_copy(update={"kind": "amount", "unit": table_unit})
            return parsed

        current = BudgetTable(title=title, columns=columns, rows=[], location=at(block))
        tables = [current]
        for offset, row in enumerate(data):
            r = first_data + offset
            label = re.sub(r"\s+", " ", row[0]).strip()
            values = row[1 : len(columns) + 1]
            if not any(v.strip() for v in values):
                word = section_word(label)
                if word:
                    section = word
                elif label and current.rows:
                    current = BudgetTable(
                        title=label, columns=columns, rows=[], location=at(block, row=row_ids[r])
                    )
                    tables.append(current)
                    section = None
                elif label:
                    current.title = label
                continue
            parsed = {columns[i]: as_amount(v) for i, v in enumerate(values) if i < len(columns)}
            key = squash(label)
            is_sum = key.startswith(("summa", "totalt", "netto"))
            row_section = section
            if is_sum:
                row_section = section_word(key.removeprefix("summa").strip()) or (
                    "netto" if "netto" in key or "resultat" in key else section
                )
            current.rows.append(
                BudgetRow(
                    label=label,
                    utfall=parsed.get(columns[roles["utfall"]]) if "utfall" in roles else None,
                    budget=parsed.get(columns[roles["budget"]]) if "budget" in roles else None,
                    avvikelse=parsed.get(columns[roles["avvikelse"]]) if "avvikelse" in roles else None,
                    values=parsed,
                    is_sum=is_sum,
                    section=row_section,
                    location=at(block, row=row_ids[r]),
                )
            )
        kept = [t for t in tables if t.rows]
        self.tables.extend(kept)
        if kept:
            self.title = kept[-1].title


def _roles(columns: list[str]) -> dict[str, int]:
    """utfall / budget / avvikelse -> its column, by header (also OCR'd "Awikelse")."""
    roles: dict[str, int] = {}
    for col, name in enumerate(columns):
        key = squash(name)
        if "budget" in key and "budget" not in roles:
            roles["budget"] = col
        elif ("avvik" in key or "awik" in key) and "avvikelse" not in roles:
            roles["avvikelse"] = col
        elif "utfall" in key and "utfall" not in roles:
            roles["utfall"] = col
    return roles
