"""Which reports a report is checked against: plans of its year and reports of the year before."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from vbassist.model import Report
from vbassist.names import fold_name


@lru_cache(maxsize=1024)  # related_for compares every report with every other one: n² calls
def _district_key(district: str) -> str:
    return fold_name(district)


def related_for(report: Report, pool: Sequence[Report]) -> list[Report]:
    """The reports a rule may compare `report` with: plans (VP) of the same year and reports of the
    year before, from the same district when both districts are known. The unit match itself is the
    rules' business (unit names differ between a plan and a report), so all units are passed."""
    if report.year is None:
        return []
    out: list[Report] = []
    for other in pool:
        if other is report or other.year is None:
            continue
        same_year_plan = other.kind == "VP" and other.year == report.year and report.kind != "VP"
        last_year = other.year == report.year - 1 and other.kind in ("VB", "VP")
        if not (same_year_plan or last_year):
            continue  # the cheap test first: most of the pool is neither
        if (
            report.district
            and other.district
            and _district_key(report.district) != _district_key(other.district)
        ):
            continue
        out.append(other)
    return out
