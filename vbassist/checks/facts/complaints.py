"""The complaint tables of a report (*Redovisning av synpunkter och klagomål*) read into rows: group
("Från vem har klagomål eller synpunkt inkommit?", carried down over the rows that leave it empty),
category, the period cells (Utfall T1, T2, VB), the total and the assessment."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vbassist.model import Location, OtherTable, Report
from vbassist.names import fold_name
from vbassist.numbers import parse_value


@dataclass
class ComplaintRow:
    """One row of a complaint table: its group ("Från vem har klagomål eller synpunkt inkommit?", carried
    down over the rows that leave it empty), category, the period cells (T1, T2, VB) and the total."""

    group: str
    category: str
    periods: list[tuple[str, float | None, Location]]
    total: float | None
    total_location: Location | None
    assessment: str
    location: Location
    table: OtherTable = field(repr=False)

    @property
    def count(self) -> float:
        """The row's complaints: its total, else the sum of its periods (0 when empty)."""
        if self.total is not None:
            return self.total
        return sum(v for _, v, _ in self.periods if v is not None)

    @property
    def where(self) -> Location:
        return self.total_location or self.location


def _columns(header: list[str]) -> dict[str, list[int]] | None:
    roles: dict[str, list[int]] = {"group": [], "category": [], "period": [], "total": [], "assessment": []}
    for i, cell in enumerate(header):
        h = fold_name(cell)
        if h.startswith("uppdelning"):
            roles["group"].append(i)
        elif "kategori" in h or h.startswith("klagomal"):
            roles["category"].append(i)
        elif h.startswith("totalt"):
            roles["total"].append(i)
        elif h.startswith("utfall"):
            roles["period"].append(i)
        elif h.startswith("bedomning"):
            roles["assessment"].append(i)
    if not (roles["group"] and roles["category"] and (roles["period"] or roles["total"])):
        return None
    return roles


def read_complaint_rows(report: Report) -> list[ComplaintRow]:
    """The rows of every complaint table of the report, in order. A table split over pages continues
    its groups, and a row holding only words in the assessment column continues the row above."""
    out: list[ComplaintRow] = []
    group = ""
    for table in report.tables:
        if not table.rows:
            continue
        roles = _columns(table.rows[0])
        if roles is None:
            continue
        g, c = roles["group"][0], roles["category"][0]
        for r, cells in enumerate(table.rows[1:], start=1):
            if len(cells) < len(table.rows[0]):
                continue
            text = [re.sub(r"\s+", " ", x).strip() for x in cells]
            if not text[g] and not text[c]:
                if out and roles["assessment"]:
                    out[-1].assessment = f"{out[-1].assessment} {text[roles['assessment'][0]]}".strip()
                continue
            group = text[g] or group
            here = Location(block=table.location.block, row=r, line=table.location.line)
            periods = [
                (
                    table.rows[0][i],
                    parse_value(text[i]).value,
                    Location(block=here.block, row=r, col=i, line=here.line),
                )
                for i in roles["period"]
                if text[i]
            ]
            total_col = roles["total"][0] if roles["total"] else None
            out.append(
                ComplaintRow(
                    group=group,
                    category=text[c],
                    periods=periods,
                    total=parse_value(text[total_col]).value if total_col is not None else None,
                    total_location=here.model_copy(update={"col": total_col})
                    if total_col is not None
                    else None,
                    assessment=" ".join(text[i] for i in roles["assessment"]),
                    location=here,
                    table=table,
                )
            )
    return out
