"""For every rule: reports it must flag and near misses it must not flag. `test_rule_examples.py`
fails for a registered rule that has no entry here (proselint's discipline, with severities)."""

from __future__ import annotations

from collections.abc import Callable

from vbassist.checks import CheckContext
from vbassist.model import Report

from .build import budget_table, enhetsmal, indicator, kf_goal, report, section

Case = Callable[[], tuple[Report, CheckContext]]


def _ctx(*related: Report) -> CheckContext:
    return CheckContext(related=list(related))


SKOLA = "Andel familjehemsplacerade barn som når målen i svenska/svenska som andraspråk, matematik, och engelska i grundskolan"


def _skola(
    status: str, utfall: str, *, forvantat: tuple[str, ...] = (), analys: tuple[str, ...] | None = None
) -> Report:
    goal = enhetsmal(
        "Familjehemsplacerade barn får en bättre hälsa och förbättrad skolgång",
        status,  # type: ignore[arg-type]
        forvantat=forvantat
        or ("Fler placerade barn når målen i svenska, matematik och engelska i grundskolan.",),
        analys=analys or ("Skolfam finns inne för de barn som ingår i målgruppen.",),
    )
    return report(
        [
            kf_goal(
                "1.3 Stöd och omsorg där behoven är som störst",
                [indicator(SKOLA, utfall, "75 %", "58,82")],
                [goal],
            )
        ]
    )


def _sick(
    status: str,
    utfall: str,
    *,
    forvantat: tuple[str, ...],
    forra: str = "13,2 %",
    analys: tuple[str, ...] = (),
) -> Report:
    goal = enhetsmal(
        "Enheten är en attraktiv arbetsgivare och erbjuder en god arbetsmiljö",
        status,  # type: ignore[arg-type]
        forvantat=forvantat,
        analys=analys or ("Enheten har arbetat aktivt med arbetsmiljön under året.",),
    )
    return report(
        [
            kf_goal(
                "3.4 Medarbetare ska ges goda förutsättningar",
                [
                    indicator("Sjukfrånvaro", utfall, "11 %", forra),
                    indicator("Sjukfrånvaro dag 1-14", "2,1 %", "3 %", "2,5 %"),
                ],
                [goal],
            )
        ]
    )


def _sick_gender(analys: str) -> Report:
    goal = enhetsmal(
        "Enheten har en god arbetsmiljö", "delvis", forvantat=("Sjukfrånvaron minskar.",), analys=(analys,)
    )
    ind = indicator("Sjukfrånvaro", "7,9 %", "11 %", "13,2 %", kvinnor="8,8 %", man="6,1 %")
    return report([kf_goal("3.4 Medarbetare", [ind], [goal])])


def _avhysning(analys: str) -> Report:
    goal = enhetsmal(
        "Klienter har ett hållbart boende", "delvis", forvantat=("Färre avhysningar.",), analys=(analys,)
    )
    ind = indicator(
        "Andel avhysningar som kunnat avvärjas efter inkommet meddelande", "68,75 %", "45 %", "40 %"
    )
    return report([kf_goal("1.3 Stöd", [ind], [goal])])


def _rvc(analys: str) -> Report:
    goal = enhetsmal("Personer i relationer där våld förekommer får stöd", "delvis", analys=(analys,))
    ind = indicator(
        "Antal våldsutsatta som beviljats insats på Relationsvårdscentrum Innerstaden", "40", "40"
    )
    return report([kf_goal("1.3 Stöd", [ind], [goal])])


def _eko(
    status: str, utfall: str, analys: tuple[str, ...] = ("Enheten köper ekologiskt när det går.",)
) -> Report:
    goal = enhetsmal(
        "Enheten köper i ökad utsträckning in ekologiska livsmedel.",
        status,  # type: ignore[arg-type]
        forvantat=("andelen ekologiska inköp ökar.",),
        analys=analys,
    )
    return report(
        [
            kf_goal(
                "2.2 Biologisk mångfald",
                [
                    indicator(
                        "Andel inköpta ekologiska livsmedel i kronor",
                        utfall,
                        "25 %",
                        "",
                        kf="70 %",
                        period="2025",
                    )
                ],
                [goal],
            )
        ]
    )


def _analys(*texts: str, kind: str = "VB", status: str = "delvis") -> Report:
    goal = enhetsmal("Barn och ungdomar får stöd av hög kvalitet", status, analys=texts)  # type: ignore[arg-type]
    return report([kf_goal("1.3 Stöd", [], [goal])], kind=kind)


UNGDOM_ROWS = [
    ("Ungdomsenheten", "", "", ""),
    ("Intäkter", "", "", ""),
    ("Hyresintäkter", "342", "400", "-58"),
    ("Bidrag", "4 398", "4 400", "-2"),
    ("Summa intäkter", "4 740", "4 800", "-60"),
    ("Kostnader", "", "", ""),
    ("Personalkostnader", "21 324", "22 021", "697"),
    ("Lokalkostnader", "2 313", "2 259", "-54"),
    ("Summa kostnader", "23 637", "24 280", "643"),
    ("Summa netto", "18 897", "19 480", "583"),
    ("Placeringar", "", "", ""),
    ("Intäkter", "", "", ""),
    ("Bidrag", "2 259", "1 900", "359"),
    ("Summa intäkter", "2 259", "1 900", "359"),
    ("Kostnader", "", "", ""),
    ("Entreprenader och köp av verksamhet", "70 622", "40 820", "-29 802"),
    ("Summa kostnader", "70 622", "40 820", "-29 802"),
    ("Summa netto", "68 363", "38 920", "-29 443"),
    ("Totalt", "", "", ""),
    ("Summa intäkter", "6 999", "6 700", "299"),
    ("Summa kostnader", "94 259", "65 100", "-29 159"),
    ("Summa netto", "87 260", "58 400", "-28 860"),
]


def _budget(rows: list[tuple[str, str, str, str]] | None = None, *texts: str) -> Report:
    sections = [section("Analys av resultaträkning", *texts)] if texts else []
    return report([], budget_tables=[budget_table(rows or UNGDOM_ROWS)], sections=sections)


def _replace(
    rows: list[tuple[str, str, str, str]], index: int, new: tuple[str, str, str, str]
) -> list[tuple[str, str, str, str]]:
    out = list(rows)
    out[index] = new
    return out


def _plan_pair(vp_arsmal: str, vb_arsmal: str) -> tuple[Report, CheckContext]:
    ind_vb = indicator(
        "Andel barn och unga som åter blir föremål för anmälan/ansökan efter avslutad utredning",
        "24,2 %",
        vb_arsmal,
        "25,5 %",
    )
    ind_vp = indicator(
        "Andel barn och unga som åter blir föremål för anmälan/ansökan efter avslutad utredning",
        "",
        vp_arsmal,
        "",
    )
    g = enhetsmal("Barn och ungdomar erhåller kontaktfamiljer av hög kvalitet", "delvis")
    vb = report([kf_goal("1.3 Stöd", [ind_vb], [g])])
    vp = report(
        [
            kf_goal(
                "1.3 Stöd",
                [ind_vp],
                [enhetsmal("Barn och ungdomar erhåller kontaktfamiljer av hög kvalitet", None, analys=())],
            )
        ],
        kind="VP",
        unit="Familjehemsenheten",
    )
    return vb, _ctx(vp)


def _plan_goals(vp_title: str) -> tuple[Report, CheckContext]:
    vb = report(
        [
            kf_goal(
                "1.3 Stöd",
                [],
                [
                    enhetsmal(
                        "Barn och ungdomar erhåller kontaktfamiljer och kontaktpersoner av hög kvalitet",
                        "delvis",
                    )
                ],
            )
        ]
    )
    vp = report(
        [kf_goal("1.3 Stöd", [], [enhetsmal(vp_title, None, analys=())])],
        kind="VP",
        unit="familjehemsenheten ",
    )
    return vb, _ctx(vp)


def _last_year(previous_utfall: str) -> tuple[Report, CheckContext]:
    vb = report(
        [
            kf_goal(
                "3.4 Medarbetare",
                [indicator("Sjukfrånvaro", "7,9 %", "11 %", "13,2 %")],
                [enhetsmal("Enheten har en god arbetsmiljö", "delvis")],
            )
        ]
    )
    prev = report(
        [
            kf_goal(
                "3.4 Medarbetare",
                [
                    indicator(
                        "Sjukfrånvaro",
                        previous_utfall,
                        "11 %",
                        "12 %",
                        forra_label="Utfall VB 2023",
                        period="VB 2024",
                    )
                ],
                [],
            )
        ],
        year=2024,
    )
    return vb, _ctx(prev)


EXAMPLES: dict[str, dict[str, list[Case]]] = {
    "VB-STATUS-001": {
        # helt while the linked indicator misses its årsmål (no numeric target in Förväntat resultat)
        "flag": [
            # lower-is-better: 12,4 % sick leave against an årsmål of 11 % is a miss
            lambda: (_sick("helt", "12,4 %", forvantat=("Sjukfrånvaron är låg.",)), _ctx()),
            lambda: (_skola("helt", "73,33"), _ctx()),
        ],
        "pass": [
            lambda: (
                _sick("helt", "7,9 %", forvantat=("Sjukfrånvaron är låg.",)),
                _ctx(),
            ),  # below the årsmål: met
            lambda: (_skola("helt", "75,2"), _ctx()),  # target met
            lambda: (_skola("delvis", "73,33"), _ctx()),  # status already says delvis
            lambda: (_skola("helt", "74,6"), _ctx()),  # rounds to the target: not a miss
        ],
    },
    "VB-STATUS-003": {
        "flag": [
            lambda: (
                _sick(
                    "delvis",
                    "12,4 %",
                    forvantat=("Sjukfrånvaron är låg.",),
                    analys=("Bedömningen grundar sig på att målen i indikatorerna har uppnåtts.",),
                ),
                _ctx(),
            )
        ],
        "pass": [
            lambda: (
                _sick(
                    "delvis",
                    "7,9 %",
                    forvantat=("Sjukfrånvaron är låg.",),
                    analys=("Bedömningen grundar sig på att målen i indikatorerna har uppnåtts.",),
                ),
                _ctx(),
            ),
            lambda: (
                _sick(
                    "delvis",
                    "12,4 %",
                    forvantat=("Sjukfrånvaron är låg.",),
                    analys=("Målen i indikatorerna har inte uppnåtts.",),
                ),
                _ctx(),
            ),
        ],
    },
    "VB-STATUS-002": {
        "flag": [lambda: (_eko("inte", "48,84 %"), _ctx())],
        "pass": [lambda: (_eko("inte", "21 %"), _ctx()), lambda: (_eko("delvis", "48,84 %"), _ctx())],
    },
    "VB-TARGET-001": {
        "flag": [
            lambda: (
                _skola(
                    "helt", "73,33", forvantat=(f"{SKOLA.replace('Andel', 'Andelen')} är minst 75 procent.",)
                ),
                _ctx(),
            ),
            # lower-is-better, relative target: 13,2 -> 12,9 is not a 5 % decrease (needs 12,54)
            lambda: (
                _sick(
                    "helt",
                    "12,9 %",
                    forvantat=("Den totala sjukfrånvaron minskar med 5 procent jämfört med föregående år.",),
                ),
                _ctx(),
            ),
        ],
        "pass": [
            lambda: (_skola("helt", "75,0", forvantat=(f"{SKOLA} är minst 75 procent.",)), _ctx()),
            lambda: (
                _sick(
                    "helt",
                    "7,9 %",
                    forvantat=("Den totala sjukfrånvaron minskar med 5 procent jämfört med föregående år.",),
                ),
                _ctx(),
            ),
            lambda: (
                _sick(
                    "delvis",
                    "12,9 %",
                    forvantat=("Den totala sjukfrånvaron minskar med 5 procent jämfört med föregående år.",),
                ),
                _ctx(),
            ),
        ],
    },
    "VB-TARGET-002": {
        "flag": [
            lambda: (
                _sick("inte", "8,0 %", forvantat=("Den totala sjukfrånvaron minskar till 8,5 %",)),
                _ctx(),
            )
        ],
        "pass": [
            lambda: (
                _sick("inte", "9,0 %", forvantat=("Den totala sjukfrånvaron minskar till 8,5 %",)),
                _ctx(),
            )
        ],
    },
    "VB-TARGET-003": {
        "flag": [lambda: (_sick("helt", "13,9 %", forvantat=("Sjukfrånvaron minskar.",)), _ctx())],
        "pass": [
            lambda: (_sick("helt", "7,9 %", forvantat=("Sjukfrånvaron minskar.",)), _ctx()),
            lambda: (_sick("delvis", "13,9 %", forvantat=("Sjukfrånvaron minskar.",)), _ctx()),
            lambda: (
                _sick(
                    "helt",
                    "13,9 %",
                    forvantat=("Medarbetarna trivs och sjukfrånvaron minskar inte nödvändigtvis.",),
                ),
                _ctx(),
            ),
        ],
    },
    "VB-MARKER-001": {
        "flag": [
            lambda: (
                _analys("Målet bedöms vara delvis uppfyllt eftersom rekryteringen tagit tid.", status="helt"),
                _ctx(),
            ),
            lambda: (_analys("Sammantaget har målet inte uppnåtts.", status="delvis"), _ctx()),
        ],
        "pass": [
            lambda: (
                _analys(
                    "Målet bedöms vara delvis uppfyllt eftersom rekryteringen tagit tid.", status="delvis"
                ),
                _ctx(),
            ),
            # a sub-target, not the goal itself
            lambda: (
                _analys("Målet att minska sammanbrott med 10 procent har inte nåtts.", status="delvis"),
                _ctx(),
            ),
        ],
    },
    "VB-TEXT-001": {
        "flag": [
            lambda: (_rvc("45 personer har beviljats insatser på RVCi under året."), _ctx()),
            # a count out of a total next to a percent indicator: 23 of 32 is 71,9 %, the table says 68,75 %
            lambda: (_avhysning("Under hela året har 23 av 32 avhysningar kunnat avvärjas."), _ctx()),
            lambda: (_sick_gender("Sjukfrånvaron var 7,9 % (kvinnor 9,8 %, män 6,1 %)."), _ctx()),
            lambda: (_eko("inte", "48,84 %", analys=("45% av alla inköp är ekologiska.",)), _ctx()),
            lambda: (
                _sick(
                    "delvis",
                    "7,9 %",
                    forvantat=("Sjukfrånvaron minskar.",),
                    analys=("Sjukfrånvaron var 9,1 % under året.",),
                ),
                _ctx(),
            ),
        ],
        "pass": [
            lambda: (_rvc("40 personer har beviljats insatser på RVCi under året."), _ctx()),
            lambda: (_rvc("Bland dem som fått insats på RVCi var 12 personer våldsutövare."), _ctx()),
            lambda: (_avhysning("Under hela året har 22 av 32 avhysningar kunnat avvärjas."), _ctx()),
            lambda: (_sick_gender("Sjukfrånvaron var 7,9 % (kvinnor 8,8 %, män 6,1 %)."), _ctx()),
            lambda: (
                _eko("inte", "48,84 %", analys=("49 % av alla inköp är ekologiska.",)),
                _ctx(),
            ),  # rounding
            lambda: (
                _sick(
                    "delvis",
                    "7,9 %",
                    forvantat=("Sjukfrånvaron minskar.",),
                    analys=("Sjukfrånvaron har gått från 13,2 % till 7,9 %.",),
                ),
                _ctx(),
            ),
        ],
    },
    "VB-TEXT-002": {
        "flag": [
            lambda: (
                _analys(
                    "Enheten har 77 barn placerade i familjehem.",
                    "Under året har 74 barn placerade i familjehem fått stöd.",
                ),
                _ctx(),
            )
        ],
        "pass": [
            lambda: (
                _analys(
                    "Enheten har 77 barn placerade i familjehem.",
                    "Totalt har 77 barn placerade i familjehem fått stöd.",
                ),
                _ctx(),
            )
        ],
    },
    "VB-DERIVED-001": {
        "flag": [
            lambda: (_analys("Kostnad per dygn har ökat från 6 900 kr → 10 900 kr (+68 %)."), _ctx()),
            # points written as percent: 8,0 % -> 7,2 % is −0,8 procentenheter, i.e. −10 %
            lambda: (_analys("Sjukfrånvaron har minskat från 8,0 % till 7,2 % (−0,8 %)."), _ctx()),
        ],
        "pass": [
            lambda: (_analys("Kostnad per dygn har ökat från 6 900 kr → 10 900 kr (+58 %)."), _ctx()),
            lambda: (_analys("HVB - Minskning med 609 vårddygn (-28 %, från 2 185 → 1 576)."), _ctx()),
            lambda: (_analys("Sjukfrånvaron har minskat från 8,0 % till 7,2 % (−10 %)."), _ctx()),
            lambda: (
                _analys("Sjukfrånvaron har minskat från 8,0 % till 7,2 % (−0,8 procentenheter)."),
                _ctx(),
            ),
        ],
    },
    "VB-DERIVED-002": {
        "flag": [
            lambda: (_analys("Minskning med 310 vårddygn (från 1 900 till 1 650)."), _ctx()),
            lambda: (_analys("Antalet ärenden har minskat från 120 till 150."), _ctx()),
        ],
        "pass": [lambda: (_analys("Minskning med 250 vårddygn (från 1 900 till 1 650)."), _ctx())],
    },
    "VB-DERIVED-003": {
        "flag": [lambda: (_analys("Av de utredda barnen fick 28/40 (75 %) en insats."), _ctx())],
        "pass": [lambda: (_analys("Av de utredda barnen fick 28/40 (70 %) en insats."), _ctx())],
    },
    "VB-DERIVED-004": {
        "flag": [
            lambda: (
                _analys("Enheten hade 60 ärenden, varav 40 gällde pojkar och 30 gällde flickor."),
                _ctx(),
            )
        ],
        "pass": [
            lambda: (
                _analys("Enheten hade 70 ärenden, varav 40 gällde pojkar och 30 gällde flickor."),
                _ctx(),
            )
        ],
    },
    "VB-TREND-001": {
        "flag": [
            lambda: (
                _sick(
                    "delvis",
                    "7,9 %",
                    forra="6,1 %",
                    forvantat=("Sjukfrånvaron minskar.",),
                    analys=("Sjukfrånvaron har minskat jämfört med föregående år.",),
                ),
                _ctx(),
            )
        ],
        "pass": [
            lambda: (
                _sick(
                    "delvis",
                    "7,9 %",
                    forra="13,2 %",
                    forvantat=("Sjukfrånvaron minskar.",),
                    analys=("Sjukfrånvaron har minskat jämfört med föregående år.",),
                ),
                _ctx(),
            ),
            # polarity: lower sick leave is an improvement
            lambda: (
                _sick(
                    "delvis",
                    "7,9 %",
                    forra="13,2 %",
                    forvantat=("Sjukfrånvaron minskar.",),
                    analys=("Sjukfrånvaron har förbättrats.",),
                ),
                _ctx(),
            ),
        ],
    },
    "VB-BUDGET-001": {
        "flag": [
            lambda: (_budget(_replace(UNGDOM_ROWS, 4, ("Summa intäkter", "4 940", "4 800", "140"))), _ctx())
        ],
        "pass": [lambda: (_budget(), _ctx())],
    },
    "VB-BUDGET-002": {
        # an income deviation written Budget − Utfall in a table that otherwise writes Utfall − Budget
        "flag": [lambda: (_budget(_replace(UNGDOM_ROWS, 2, ("Hyresintäkter", "342", "400", "58"))), _ctx())],
        "pass": [lambda: (_budget(), _ctx())],
    },
    "VB-BUDGET-003": {
        "flag": [
            lambda: (_budget(_replace(UNGDOM_ROWS, 19, ("Summa intäkter", "6 999", "6 700", "-299"))), _ctx())
        ],
        "pass": [lambda: (_budget(), _ctx())],
    },
    "VB-BUDGET-004": {
        "flag": [
            lambda: (_budget(None, "Enheten har ett underskott på cirka 35 miljoner kronor."), _ctx()),
            lambda: (_budget(None, "Enheten har ett överskott på cirka 29 miljoner kronor."), _ctx()),
        ],
        "pass": [
            lambda: (
                _budget(
                    None,
                    "Enheten har ett underskott på cirka 29 miljoner kronor.",
                    "Enheten har en budget på 58 miljoner kronor.",
                ),
                _ctx(),
            )
        ],
    },
    "VB-MISSING-001": {
        "flag": [
            lambda: (_analys("Text.", status=None), _ctx()),
            lambda: (report([kf_goal("1.3", [], [enhetsmal("Mål", "inga_data", analys=())])]), _ctx()),
        ],  # type: ignore[arg-type]
        "pass": [
            lambda: (_analys("Text.", status="delvis"), _ctx()),
            lambda: (_analys("Text.", kind="VP", status=None), _ctx()),
        ],  # type: ignore[arg-type]
    },
    "VB-MISSING-002": {
        "flag": [lambda: (report([kf_goal("1.3", [], [enhetsmal("Mål", "delvis", analys=())])]), _ctx())],
        "pass": [
            lambda: (_analys("Enheten har arbetat med målet."), _ctx()),
            lambda: (report([kf_goal("1.3", [], [enhetsmal("Mål", None, analys=())])], kind="VP"), _ctx()),
        ],
    },
    "VB-MISSING-003": {
        "flag": [
            lambda: (report([kf_goal("1.3", [indicator("Andel nöjda brukare", "", "90 %")], [])]), _ctx())
        ],
        "pass": [
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
                _ctx(),
            ),
            lambda: (
                report([kf_goal("1.3", [indicator("Andel nöjda brukare", "91 %", "90 %")], [])]),
                _ctx(),
            ),
        ],
    },
    "VB-MISSING-004": {
        "flag": [lambda: (_skola("delvis", "66,67", analys=("Enheten har arbetat med rutiner.",)), _ctx())],
        "pass": [
            lambda: (
                _skola(
                    "delvis",
                    "66,67",
                    analys=(
                        "Andelen placerade barn som når målen i svenska, matematik och engelska är lägre än årsmålet.",
                    ),
                ),
                _ctx(),
            ),
            lambda: (_skola("delvis", "80", analys=("Enheten har arbetat med rutiner.",)), _ctx()),
        ],
    },
    "VB-PERIOD-001": {
        "flag": [
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
                _ctx(),
            )
        ],
        "pass": [
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
                _ctx(),
            )
        ],
    },
    "VB-PERIOD-002": {
        "flag": [
            lambda: (
                report(
                    [
                        kf_goal(
                            "3.4",
                            [
                                indicator(
                                    "Sjukfrånvaro", "7,9 %", "11 %", "13,2 %", forra_label="Utfall VB 2023"
                                )
                            ],
                            [],
                        )
                    ]
                ),
                _ctx(),
            )
        ],
        "pass": [
            lambda: (
                report(
                    [
                        kf_goal(
                            "3.4",
                            [
                                indicator(
                                    "Sjukfrånvaro", "7,9 %", "11 %", "13,2 %", forra_label="Utfall VB 2024"
                                )
                            ],
                            [],
                        )
                    ]
                ),
                _ctx(),
            )
        ],
    },
    "VB-PERIOD-003": {
        "flag": [
            lambda: (_analys("Under tertialet har flera medarbetare fått kompetensutveckling."), _ctx())
        ],
        "pass": [
            lambda: (_analys("Under året har flera medarbetare fått kompetensutveckling."), _ctx()),
            lambda: (_analys("Under tertialet har flera medarbetare gått utbildning.", kind="T2"), _ctx()),
        ],
    },
    "VB-PLAN-001": {
        "flag": [lambda: _plan_pair("21 %", "24 %")],
        "pass": [lambda: _plan_pair("24 %", "24 %")],
    },
    "VB-PLAN-002": {
        "flag": [lambda: _plan_goals("Fler barn och ungdomar bor i ett familjehem genom stadens egen regi")],
        "pass": [
            lambda: _plan_goals(
                "Barn och ungdomar erhåller kontaktfamiljer och kontaktpersoner av hög kvalitet."
            )
        ],
    },
    "VB-PLAN-003": {"flag": [lambda: _last_year("12,8 %")], "pass": [lambda: _last_year("13,2 %")]},
}
