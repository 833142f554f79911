"""Examples of the budget rules: reports each rule must flag and near misses it must pass."""

from __future__ import annotations

from vbassist.checks.examples.scenarios import UNGDOM_ROWS, budget, ctx, replace_row
from vbassist.checks.registry import Examples

BUDGET_001 = Examples(
    flags=(
        lambda: (budget(replace_row(UNGDOM_ROWS, 4, ("Summa intäkter", "4 940", "4 800", "140"))), ctx()),
    ),
    passes=(lambda: (budget(), ctx()),),
)


BUDGET_002 = Examples(
    flags=(lambda: (budget(replace_row(UNGDOM_ROWS, 2, ("Hyresintäkter", "342", "400", "58"))), ctx()),),
    passes=(lambda: (budget(), ctx()),),
)


BUDGET_003 = Examples(
    flags=(
        lambda: (budget(replace_row(UNGDOM_ROWS, 19, ("Summa intäkter", "6 999", "6 700", "-299"))), ctx()),
    ),
    passes=(lambda: (budget(), ctx()),),
)


BUDGET_004 = Examples(
    flags=(
        lambda: (budget(None, "Enheten har ett underskott på cirka 35 miljoner kronor."), ctx()),
        lambda: (budget(None, "Enheten har ett överskott på cirka 29 miljoner kronor."), ctx()),
    ),
    passes=(
        lambda: (
            budget(
                None,
                "Enheten har ett underskott på cirka 29 miljoner kronor.",
                "Enheten har en budget på 58 miljoner kronor.",
            ),
            ctx(),
        ),
    ),
)
