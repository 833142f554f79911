"""Examples of the derived rules: reports each rule must flag and near misses it must pass."""

from __future__ import annotations

from vbassist.checks.examples.scenarios import analys, ctx
from vbassist.checks.registry import Examples

DERIVED_001 = Examples(
    flags=(
        lambda: (analys("Kostnad per dygn har ökat från 6 900 kr → 10 900 kr (+68 %)."), ctx()),
        # points written as percent: 8,0 % -> 7,2 % is −0,8 procentenheter, i.e. −10 %
        lambda: (analys("Sjukfrånvaron har minskat från 8,0 % till 7,2 % (−0,8 %)."), ctx()),
    ),
    passes=(
        lambda: (analys("Kostnad per dygn har ökat från 6 900 kr → 10 900 kr (+58 %)."), ctx()),
        lambda: (analys("HVB - Minskning med 609 vårddygn (-28 %, från 2 185 → 1 576)."), ctx()),
        lambda: (analys("Sjukfrånvaron har minskat från 8,0 % till 7,2 % (−10 %)."), ctx()),
        lambda: (
            analys("Sjukfrånvaron har minskat från 8,0 % till 7,2 % (−0,8 procentenheter)."),
            ctx(),
        ),
    ),
)


DERIVED_002 = Examples(
    flags=(
        lambda: (analys("Minskning med 310 vårddygn (från 1 900 till 1 650)."), ctx()),
        lambda: (analys("Antalet ärenden har minskat från 120 till 150."), ctx()),
    ),
    passes=(lambda: (analys("Minskning med 250 vårddygn (från 1 900 till 1 650)."), ctx()),),
)


DERIVED_003 = Examples(
    flags=(lambda: (analys("Av de utredda barnen fick 28/40 (75 %) en insats."), ctx()),),
    passes=(lambda: (analys("Av de utredda barnen fick 28/40 (70 %) en insats."), ctx()),),
)


DERIVED_004 = Examples(
    flags=(
        lambda: (
            analys("Enheten hade 60 ärenden, varav 40 gällde pojkar och 30 gällde flickor."),
            ctx(),
        ),
    ),
    passes=(
        lambda: (
            analys("Enheten hade 70 ärenden, varav 40 gällde pojkar och 30 gällde flickor."),
            ctx(),
        ),
    ),
)
