"""Examples of the period rules: reports each rule must flag and near misses it must pass."""

from __future__ import annotations

from vbassist.checks.examples.build import indicator, kf_goal, report
from vbassist.checks.examples.scenarios import analys, ctx
from vbassist.checks.registry import Examples

PERIOD_001 = Examples(
    flags=(
        lambda: (
            report(
                [
                    kf_goal(
                        "3.4",
                        [indicator("Sjukfrånvaro", "7,9 %", "11 %", "13,2 %", period="VB 2024")],
                        [],
                    )
                ]
            ),
            ctx(),
        ),
    ),
    passes=(
        lambda: (
            report(
                [
                    kf_goal(
                        "3.4",
                        [indicator("Sjukfrånvaro", "7,9 %", "11 %", "13,2 %", period="VB 2025")],
                        [],
                    )
                ]
            ),
            ctx(),
        ),
    ),
)


PERIOD_002 = Examples(
    flags=(
        lambda: (
            report(
                [
                    kf_goal(
                        "3.4",
                        [indicator("Sjukfrånvaro", "7,9 %", "11 %", "13,2 %", forra_label="Utfall VB 2023")],
                        [],
                    )
                ]
            ),
            ctx(),
        ),
    ),
    passes=(
        lambda: (
            report(
                [
                    kf_goal(
                        "3.4",
                        [indicator("Sjukfrånvaro", "7,9 %", "11 %", "13,2 %", forra_label="Utfall VB 2024")],
                        [],
                    )
                ]
            ),
            ctx(),
        ),
    ),
)


PERIOD_003 = Examples(
    flags=(lambda: (analys("Under tertialet har flera medarbetare fått kompetensutveckling."), ctx()),),
    passes=(
        lambda: (analys("Under året har flera medarbetare fått kompetensutveckling."), ctx()),
        lambda: (analys("Under tertialet har flera medarbetare gått utbildning.", kind="T2"), ctx()),
    ),
)
