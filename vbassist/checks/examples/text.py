"""Examples of the text rules: reports each rule must flag and near misses it must pass."""

from __future__ import annotations

from vbassist.checks.examples.scenarios import (
    DISKRIMINERING,
    SKOLA,
    analys,
    avhysning,
    commented,
    cross_branch,
    ctx,
    eko,
    rvc,
    sick,
    sick_gender,
    summarized_indicator,
)
from vbassist.checks.registry import CheckContext, Examples
from vbassist.model import Report

_KOMMENTAR = "Resultatet har försämrats jämfört med 2023. En högre andel män (73%) anser sig inte vara diskriminerade jämfört med kvinnor({kvinnor} %)."
_OTHER_SURVEY = (
    "Resultatet har försämrats jämfört med 2023. Enheten har en egen bemötandeenkät där frågor om delaktighet "
    "följs upp. 95% tycker att de alltid eller oftast blivit lyssnade på."
)


def _diskriminering(kommentar: str) -> tuple[Report, CheckContext]:
    return commented(DISKRIMINERING, "69 %", "91 %", "89 %", kommentar, man="73 %", kvinnor="67 %"), ctx()


TEXT_001 = Examples(
    flags=(
        # the indicator's own comment row never repeats its name: "kvinnor (69 %)" is that row's
        lambda: _diskriminering(_KOMMENTAR.format(kvinnor=69)),
        # the exact name binds whatever the KF branch, and in the summary outside the goal tree
        lambda: (cross_branch(f"I år var {DISKRIMINERING.lower()} 75 %."), ctx()),
        lambda: (
            summarized_indicator(DISKRIMINERING, "69 %", "89 %", f"{DISKRIMINERING} var 75 % under året."),
            ctx(),
        ),
        lambda: (rvc("45 personer har beviljats insatser på RVCi under året."), ctx()),
        # a count out of a total next to a percent indicator: 23 of 32 is 71,9 %, the table says 68,75 %
        lambda: (avhysning("Under hela året har 23 av 32 avhysningar kunnat avvärjas."), ctx()),
        lambda: (sick_gender("Sjukfrånvaron var 7,9 % (kvinnor 9,8 %, män 6,1 %)."), ctx()),
        lambda: (eko("inte", "48,84 %", analys=("45% av alla inköp är ekologiska.",)), ctx()),
        lambda: (
            sick(
                "delvis",
                "7,9 %",
                forvantat=("Sjukfrånvaron minskar.",),
                analys=("Sjukfrånvaron var 9,1 % under året.",),
            ),
            ctx(),
        ),
    ),
    passes=(
        lambda: _diskriminering(_KOMMENTAR.format(kvinnor=67)),
        # another survey's question quoted in the same comment row
        lambda: _diskriminering(_OTHER_SURVEY),
        # another year's count ("29/32 2023")
        lambda: _diskriminering("Fler har svarat på enkäten: 35/42 2024 och 29/32 2023."),
        # words alone do not bind across KF branches
        lambda: (cross_branch("Få brukare upplever diskriminering: 75 % svarade nej."), ctx()),
        # a sub-group
        lambda: (
            summarized_indicator(
                DISKRIMINERING, "69 %", "89 %", f"{DISKRIMINERING} var bland de yngsta brukarna 80 %."
            ),
            ctx(),
        ),
        lambda: (rvc("40 personer har beviljats insatser på RVCi under året."), ctx()),
        # a count of another event, or of those who left
        lambda: (rvc("4 personer som varit våldsutsatta har bott i enhetens jourlägenhet."), ctx()),
        lambda: (rvc("Under året har 12 personer som beviljats insatser på RVCi avslutat insatsen."), ctx()),
        lambda: (rvc("Bland dem som fått insats på RVCi var 12 personer våldsutövare."), ctx()),
        lambda: (avhysning("Under hela året har 22 av 32 avhysningar kunnat avvärjas."), ctx()),
        lambda: (sick_gender("Sjukfrånvaron var 7,9 % (kvinnor 8,8 %, män 6,1 %)."), ctx()),
        lambda: (
            eko("inte", "48,84 %", analys=("49 % av alla inköp är ekologiska.",)),
            ctx(),
        ),  # rounding
        lambda: (
            sick(
                "delvis",
                "7,9 %",
                forvantat=("Sjukfrånvaron minskar.",),
                analys=("Sjukfrånvaron har gått från 13,2 % till 7,9 %.",),
            ),
            ctx(),
        ),
    ),
)


TEXT_002 = Examples(
    flags=(
        lambda: (
            analys(
                "Enheten har 77 barn placerade i familjehem.",
                "Under året har 74 barn placerade i familjehem fått stöd.",
            ),
            ctx(),
        ),
    ),
    passes=(
        lambda: (
            analys(
                "Enheten har 77 barn placerade i familjehem.",
                "Totalt har 77 barn placerade i familjehem fått stöd.",
            ),
            ctx(),
        ),
        # another event: those who moved home, those placed during the year
        lambda: (
            analys(
                "Enheten har 77 barn placerade i familjehem.",
                "Under året har 12 barn placerade i familjehem i en annan kommun flyttat hem.",
                "Under året har 15 barn placerats i familjehem.",
            ),
            ctx(),
        ),
        # another period, a part, an approximate restatement
        lambda: (
            analys(
                "Enheten har 77 barn placerade i familjehem.",
                "Under våren hade enheten 70 barn placerade i familjehem.",
                "Av dessa har 40 barn placerade i familjehem syskon.",
                "Enheten har drygt 75 barn placerade i familjehem.",
            ),
            ctx(),
        ),
    ),
)


TEXT_003 = Examples(
    flags=(
        lambda: (
            sick(
                "delvis",
                "7,9 %",
                forvantat=("Sjukfrånvaron minskar.",),
                analys=("Sjukfrånvaron var 7,9 % och årsmålet på 9 % nåddes.",),
            ),
            ctx(),
        ),
        # a comment row about its own indicator: "Årsmålet" there is that row's
        lambda: (commented(SKOLA, "66,67", "75 %", "75 %", "Årsmålet på 80% är inte uppnått."), ctx()),
    ),
    passes=(
        lambda: (commented(SKOLA, "66,67", "75 %", "75 %", "Årsmålet på 75% är inte uppnått."), ctx()),
        lambda: (
            sick(
                "delvis",
                "7,9 %",
                forvantat=("Sjukfrånvaron minskar.",),
                analys=("Sjukfrånvaron var 7,9 % och årsmålet på 11 % nåddes.",),
            ),
            ctx(),
        ),
        # the nämnd's or the city's target is not the unit's årsmål
        lambda: (
            eko(
                "inte",
                "48,84 %",
                analys=("Samtliga enheter bidrar till att nå målvärdet 90 % för ekologiska livsmedel.",),
            ),
            ctx(),
        ),
        # KF:s årsmål quoted as KF:s
        lambda: (
            eko("inte", "48,84 %", analys=("KF:s årsmål på 70 % för ekologiska livsmedel nås inte.",)),
            ctx(),
        ),
    ),
)
