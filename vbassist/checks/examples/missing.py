"""Examples of the missing rules: reports each rule must flag and near misses it must pass."""

from __future__ import annotations

from vbassist.checks.examples.build import enhetsmal, indicator, kf_goal, report
from vbassist.checks.examples.scenarios import analys, commented, ctx, skola
from vbassist.checks.registry import Examples

MISSING_001 = Examples(
    flags=(
        lambda: (analys("Text.", status=None), ctx()),
        lambda: (report([kf_goal("1.3", [], [enhetsmal("Mål", "inga_data", analys=())])]), ctx()),
    ),
    passes=(
        lambda: (analys("Text.", status="delvis"), ctx()),
        lambda: (analys("Text.", kind="VP", status=None), ctx()),
    ),
)


MISSING_002 = Examples(
    flags=(lambda: (report([kf_goal("1.3", [], [enhetsmal("Mål", "delvis", analys=())])]), ctx()),),
    passes=(
        lambda: (analys("Enheten har arbetat med målet."), ctx()),
        lambda: (report([kf_goal("1.3", [], [enhetsmal("Mål", None, analys=())])], kind="VP"), ctx()),
    ),
)


MISSING_003 = Examples(
    flags=(
        lambda: (report([kf_goal("1.3", [indicator("Andel nöjda brukare", "", "90 %")], [])]), ctx()),
        # a comment that does not say why the outcome is missing
        lambda: (
            commented("Andel nöjda brukare", "", "90 %", "", "Enheten arbetar vidare med bemötandet."),
            ctx(),
        ),
        # the comment says why the women/men split is missing, not the outcome
        lambda: (
            commented(
                "Andel nöjda brukare",
                "",
                "90 %",
                "",
                "På grund av det låga antalet män rapporteras inte utfallet uppdelat på män och kvinnor.",
            ),
            ctx(),
        ),
    ),
    passes=(
        lambda: (
            report(
                [
                    kf_goal(
                        "1.3",
                        [
                            indicator(
                                "Andel nöjda brukare",
                                "",
                                "90 %",
                                kommentar="Enkäten genomförs vartannat år.",
                            )
                        ],
                        [],
                    )
                ]
            ),
            ctx(),
        ),
        lambda: (
            report([kf_goal("1.3", [indicator("Andel nöjda brukare", "91 %", "90 %")], [])]),
            ctx(),
        ),
        lambda: (commented("Andel nöjda brukare", "", "90 %", "", "Frågan har inte ställts i år."), ctx()),
    ),
)


MISSING_004 = Examples(
    flags=(lambda: (skola("delvis", "66,67", analys=("Enheten har arbetat med rutiner.",)), ctx()),),
    passes=(
        lambda: (
            skola(
                "delvis",
                "66,67",
                analys=(
                    "Andelen placerade barn som når målen i svenska, matematik och engelska är lägre än årsmålet.",
                ),
            ),
            ctx(),
        ),
        lambda: (skola("delvis", "80", analys=("Enheten har arbetat med rutiner.",)), ctx()),
    ),
)
