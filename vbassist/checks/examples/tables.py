"""Examples of the table rules (complaint tables, parts of a whole): reports each rule must flag and
near misses it must pass."""

from __future__ import annotations

from vbassist.checks.examples.build import enhetsmal, indicator, kf_goal, report
from vbassist.checks.examples.scenarios import CATEGORY, LEX_SARAH, SENDER, complaints, ctx
from vbassist.checks.registry import Examples
from vbassist.model import Report

_ASSESSED = (*LEX_SARAH, "Rutinen för hembesök ses över.")


def _sick(total: str, short_term: str, man: str = "", kvinnor: str = "") -> Report:
    inds = [
        indicator("Sjukfrånvaro", total, "5 %", "6 %"),
        indicator("Sjukfrånvaro dag 1-14", short_term, "2 %", "1,5 %"),
        indicator("Antal barn som beviljats insats", "12", "10", "", man=man, kvinnor=kvinnor),
    ]
    return report([kf_goal("3.4 Medarbetare", inds, [enhetsmal("Enheten har en god arbetsmiljö", "delvis")])])


DERIVED_005 = Examples(
    flags=(
        # four complaints from users, one in a category
        lambda: (
            complaints((SENDER, "Brukare/patient", "4", "", "", "4"), (CATEGORY, "Beslut", "", "1", "", "1")),
            ctx(),
        ),
        lambda: (complaints((SENDER, "Brukare/patient", "", "", "2", "2"), (CATEGORY, "Bemötande")), ctx()),
    ),
    passes=(
        lambda: (
            complaints(
                (SENDER, "Brukare/patient", "1", "", "2", "3"),
                ("", "Anonym"),
                (CATEGORY, "Bemötande", "1", "", "", "1"),
                ("", "Beslut (avsaknad av, missnöje med etc)", "", "", "2", "2"),
            ),
            ctx(),
        ),
        # praise is neither
        lambda: (complaints(("Beröm", "Beröm", "", "", "9", "9"), (SENDER, "Brukare/patient")), ctx()),
    ),
)

DERIVED_006 = Examples(
    flags=(
        # a tertial more than the year's total
        lambda: (
            complaints(
                (SENDER, "Brukare/patient", "3", "", "", "2"), (CATEGORY, "Bemötande", "3", "", "", "2")
            ),
            ctx(),
        ),
        # short-term sick leave more than all sick leave
        lambda: (_sick("5,4 %", "6,1 %"), ctx()),
        # the women and men of a count more than the count
        lambda: (_sick("5,4 %", "1,5 %", man="8", kvinnor="6"), ctx()),
    ),
    passes=(
        lambda: (
            complaints(
                (SENDER, "Brukare/patient", "1", "", "1", "2"), (CATEGORY, "Bemötande", "1", "", "1", "2")
            ),
            ctx(),
        ),
        lambda: (_sick("5,4 %", "1,5 %", man="5", kvinnor="7"), ctx()),
    ),
)

MISSING_007 = Examples(
    flags=(lambda: (complaints(LEX_SARAH), ctx()),),
    passes=(
        lambda: (complaints(_ASSESSED), ctx()),
        # no report: nothing to assess
        lambda: (complaints(("Avvikelse - Lex Sarah", "Antal inkomna rapporter")), ctx()),
    ),
)
