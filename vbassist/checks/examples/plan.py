"""Examples of the plan rules: reports each rule must flag and near misses it must pass."""

from __future__ import annotations

from vbassist.checks.examples.scenarios import last_year, plan_goals, plan_pair
from vbassist.checks.registry import Examples

PLAN_001 = Examples(
    flags=(lambda: plan_pair("21 %", "24 %"),),
    passes=(lambda: plan_pair("24 %", "24 %"),),
)


PLAN_002 = Examples(
    flags=(lambda: plan_goals("Fler barn och ungdomar bor i ett familjehem genom stadens egen regi"),),
    passes=(
        lambda: plan_goals("Barn och ungdomar erhåller kontaktfamiljer och kontaktpersoner av hög kvalitet."),
    ),
)


PLAN_003 = Examples(
    flags=(lambda: last_year("12,8 %"),),
    passes=(lambda: last_year("13,2 %"),),
)
