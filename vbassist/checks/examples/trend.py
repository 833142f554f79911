"""Examples of the trend rules: reports each rule must flag and near misses it must pass."""

from __future__ import annotations

from vbassist.checks.examples.scenarios import DISKRIMINERING, commented, ctx, sick, summarized_indicator
from vbassist.checks.registry import Examples

TREND_001 = Examples(
    flags=(
        # the indicator's own comment row: "Resultatet" is that row's
        lambda: (commented(DISKRIMINERING, "69 %", "91 %", "89 %", "Resultatet har förbättrats."), ctx()),
        # the "inte" is part of the indicator's name, not a negation of the claim
        lambda: (
            summarized_indicator(
                DISKRIMINERING, "69 %", "89 %", "Andelen brukare som inte upplever diskriminering har ökat."
            ),
            ctx(),
        ),
        lambda: (
            sick(
                "delvis",
                "7,9 %",
                forra="6,1 %",
                forvantat=("Sjukfrånvaron minskar.",),
                analys=("Sjukfrånvaron har minskat jämfört med föregående år.",),
            ),
            ctx(),
        ),
    ),
    passes=(
        lambda: (
            sick(
                "delvis",
                "7,9 %",
                forra="13,2 %",
                forvantat=("Sjukfrånvaron minskar.",),
                analys=("Sjukfrånvaron har minskat jämfört med föregående år.",),
            ),
            ctx(),
        ),
        lambda: (commented(DISKRIMINERING, "69 %", "91 %", "89 %", "Resultatet har försämrats."), ctx()),
        lambda: (
            summarized_indicator(
                DISKRIMINERING,
                "69 %",
                "89 %",
                "Andelen brukare som inte upplever diskriminering har minskat.",
            ),
            ctx(),
        ),
        # polarity: lower sick leave is an improvement
        lambda: (
            sick(
                "delvis",
                "7,9 %",
                forra="13,2 %",
                forvantat=("Sjukfrånvaron minskar.",),
                analys=("Sjukfrånvaron har förbättrats.",),
            ),
            ctx(),
        ),
    ),
)
