"""Examples of the marker rules: reports each rule must flag and near misses it must pass."""

from __future__ import annotations

from vbassist.checks.examples.scenarios import analys, ctx, summarized
from vbassist.checks.registry import Examples

MARKER_001 = Examples(
    flags=(
        lambda: (
            analys("Målet bedöms vara delvis uppfyllt eftersom rekryteringen tagit tid.", status="helt"),
            ctx(),
        ),
        lambda: (analys("Sammantaget har målet inte uppnåtts.", status="delvis"), ctx()),
    ),
    passes=(
        lambda: (
            analys("Målet bedöms vara delvis uppfyllt eftersom rekryteringen tagit tid.", status="delvis"),
            ctx(),
        ),
        # a sub-target, not the goal itself
        lambda: (
            analys("Målet att minska sammanbrott med 10 procent har inte nåtts.", status="delvis"),
            ctx(),
        ),
    ),
)


MARKER_002 = Examples(
    flags=(
        lambda: (
            summarized("Målet att fråga och informera brukare om våldsutsatthet är helt uppfyllt.", "delvis"),
            ctx(),
        ),
        lambda: (
            summarized("Målet om stöd till personer i relationer där våld förekommer har inte nåtts."),
            ctx(),
        ),
    ),
    passes=(
        lambda: (
            summarized(
                "Målet att fråga och informera brukare om våldsutsatthet är delvis uppfyllt.", "delvis"
            ),
            ctx(),
        ),
        # the goals together, not one of them
        lambda: (summarized("Enhetens mål är till stor del uppfyllda.", "delvis"), ctx()),
        # a goal the summary names too loosely to tell which
        lambda: (summarized("Målet att medarbetare får stöd är helt uppfyllt.", "delvis"), ctx()),
    ),
)
