"""Examples of the follow-up rules: reports each rule must flag and near misses it must pass."""

from __future__ import annotations

from vbassist.checks.examples.scenarios import analys, ctx, jourhem, sick
from vbassist.checks.registry import Examples

_TIME = "Tiden som barn och ungdomar är i ett jourhem halveras."

MISSING_005 = Examples(
    flags=(
        lambda: (jourhem(_TIME, "Enheten har 77 barn placerade. 50 barn bor i hem i egen regi."), ctx()),
        lambda: (
            jourhem("Andelen familjehem med mentorsfamilj är minst 40 procent.", "Arbetet fortsätter."),
            ctx(),
        ),
    ),
    passes=(
        # the analysis reports on it
        lambda: (jourhem(_TIME, "Tiden i jourhem har minskat från 120 till 80 dagar."), ctx()),
        # an indicator measures it
        lambda: (
            sick("delvis", "7,9 %", forvantat=("Den totala sjukfrånvaron minskar till 8,5 %",)),
            ctx(),
        ),
        # a direction, not a figure
        lambda: (jourhem("Fler familjehem övergår i kommunal regi.", "Arbetet fortsätter."), ctx()),
        # the nämnd's Förväntat resultat, not the unit's
        lambda: (jourhem(_TIME, "Arbetet fortsätter.", level_of_bullet="namndmal"), ctx()),
    ),
)


MISSING_006 = Examples(
    flags=(
        lambda: (
            analys(
                "Enheten bedömer att målet uppfylls delvis.",
                "Andelen ökade. [Beskriv orsaken till att årsmålet inte nåddes.] [Ange vad som görs 2026.]",
            ),
            ctx(),
        ),
    ),
    passes=(
        lambda: (
            analys("Enheten bedömer att målet uppfylls delvis eftersom rekryteringen tagit tid."),
            ctx(),
        ),
        # brackets that are not a drafter's gap
        lambda: (analys("Rutinen finns i verksamhetssystemet [se bilaga 2]."), ctx()),
    ),
)
