"""budget_arithmetic in the text: amounts ("underskott på cirka 12 mnkr", "budget på 41 miljoner")
against the budget table's netto deviation or budget."""

from __future__ import annotations

from collections.abc import Iterator

from vbassist.checks.claims import amount_claims
from vbassist.checks.common import fmt, num, short, thresholds
from vbassist.checks.examples import budget as examples
from vbassist.checks.facts import ACCOUNT_KINDS, facts_of
from vbassist.checks.registry import CheckContext, rule
from vbassist.checks.rules.budget import Block, cell, cell_number, kronor_factor, raw_cell, report_blocks
from vbassist.model import Evidence, Finding, Report


def _overall(blocks: list[Block]) -> Block | None:
    """The block that stands for the whole unit: the last Totalt, else the only block."""
    totals = [b for b in blocks if b.is_total]
    if totals:
        return totals[-1]
    return blocks[0] if len(blocks) == 1 else None


@rule(
    "VB-BUDGET-004",
    category="budget_arithmetic",
    severity="error",
    title="Ett belopp i texten (underskott, överskott, budget) stämmer inte med budgettabellen",
    evidence=("text", "avvikelse netto*|budget netto|budget för kostnaderna"),
    examples=examples.BUDGET_004,
)
def text_amount_differs(report: Report, context: CheckContext) -> Iterator[Finding]:
    overall = _overall(report_blocks(report))
    if overall is None or "netto" not in overall.sums:
        return
    net = overall.sums["netto"]
    factor = kronor_factor(net, overall.table_of.get(id(net)))
    blocks = report_blocks(report)
    for place in facts_of(report, context).places_of(ACCOUNT_KINDS):
        for claim in amount_claims(place.text):
            key = (
                "text_amount_approx_relative_tolerance"
                if claim.approximate
                else "text_amount_relative_tolerance"
            )
            tol_rel = thresholds()[key]
            loc = place.at(claim.start, claim.end)
            sign_wrong = False
            if claim.kind in ("underskott", "overskott"):
                a = num(net.avvikelse)
                if a is None:
                    continue
                # the whole unit's netto deviation first, then each sub-table's ("underskottet inom
                # placeringar"): the text may speak of either
                candidates = [("avvikelse netto", net, "avvikelse", a * factor)]
                for block in blocks:
                    row = block.sums.get("netto")
                    if row is not None and row is not net and num(row.avvikelse) is not None:
                        candidates.append(
                            (
                                f"avvikelse netto ({block.title})",
                                row,
                                "avvikelse",
                                cell_number(row, "avvikelse") * factor,
                            )
                        )
            else:
                candidates = []
                if num(net.budget) is not None:
                    candidates.append(("budget netto", net, "budget", cell_number(net, "budget") * factor))
                cost = overall.sums.get("kostnader")
                if cost is not None and num(cost.budget) is not None:
                    candidates.append(
                        ("budget för kostnaderna", cost, "budget", cell_number(cost, "budget") * factor)
                    )
                if not candidates:
                    continue
            # a stated "29 miljoner" covers 28,5-29,5 mnkr; "cirka" widens to 10 %
            step = 0.5e6 if claim.kronor >= 1e6 else 500.0
            close = [c for c in candidates if abs(abs(c[3]) - claim.kronor) <= max(tol_rel * abs(c[3]), step)]
            if claim.kind in ("underskott", "overskott"):
                # the usual convention: a negative netto deviation is an underskott
                kind = claim.kind

                def wrong_sign(value: float, kind: str = kind) -> bool:
                    return (kind == "underskott" and value > 0) or (kind == "overskott" and value < 0)

                if close:
                    sign_wrong = all(wrong_sign(c[3]) for c in close)
                    if sign_wrong:
                        candidates = close
                else:
                    sign_wrong = wrong_sign(candidates[0][3])
            if close and not sign_wrong:
                continue
            label, row, column, value = candidates[0]
            words = {"underskott": "ett underskott", "overskott": "ett överskott", "budget": "en budget"}
            if sign_wrong:
                msg = (
                    f'Texten anger {words[claim.kind]} ("{short(claim.raw, 60)}") men tabellens avvikelse netto '
                    f"är {raw_cell(row, column)}, alltså {'ett överskott' if value > 0 else 'ett underskott'}."
                )
            else:
                msg = (
                    f'Texten anger "{short(claim.raw, 60)}" men tabellen har {label} {raw_cell(row, column)} '
                    f"({fmt(abs(value) / 1e6, 1)} mnkr)."
                )
            yield text_amount_differs.finding(
                severity="warning" if claim.kind == "budget" else "error",
                report=report,
                goal=place.goal,
                goal_title=place.section,
                message=msg,
                evidence=[
                    Evidence(label="text", text=short(claim.raw), value=claim.kronor, location=loc),
                    Evidence(
                        label=label,
                        text=raw_cell(row, column),
                        value=value,
                        location=cell(overall, row, column),
                    ),
                ],
                location=loc,
                suggestion="Stäm av beloppet i texten mot budgettabellen.",
            )
