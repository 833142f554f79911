"""The small reports the rule examples are built from: one goal and the indicators it is about, with
the status, targets and text each example changes. Shared by the example modules of every family."""

from __future__ import annotations

from vbassist.checks.examples.build import budget_table, enhetsmal, indicator, items, kf_goal, report, section
from vbassist.checks.registry import CheckContext
from vbassist.model import Location, OtherTable, Report, ReportKind, Status


def ctx(*related: Report) -> CheckContext:
    return CheckContext(related=list(related))


SKOLA = "Andel familjehemsplacerade barn som når målen i svenska/svenska som andraspråk, matematik, och engelska i grundskolan"


def skola(
    status: Status | None,
    utfall: str,
    *,
    forvantat: tuple[str, ...] = (),
    analys: tuple[str, ...] | None = None,
) -> Report:
    goal = enhetsmal(
        "Familjehemsplacerade barn får en bättre hälsa och förbättrad skolgång",
        status,
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


def sick(
    status: Status | None,
    utfall: str,
    *,
    forvantat: tuple[str, ...],
    forra: str = "13,2 %",
    analys: tuple[str, ...] = (),
) -> Report:
    goal = enhetsmal(
        "Enheten är en attraktiv arbetsgivare och erbjuder en god arbetsmiljö",
        status,
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


def sick_gender(analys: str) -> Report:
    goal = enhetsmal(
        "Enheten har en god arbetsmiljö", "delvis", forvantat=("Sjukfrånvaron minskar.",), analys=(analys,)
    )
    ind = indicator("Sjukfrånvaro", "7,9 %", "11 %", "13,2 %", kvinnor="8,8 %", man="6,1 %")
    return report([kf_goal("3.4 Medarbetare", [ind], [goal])])


def avhysning(analys: str) -> Report:
    goal = enhetsmal(
        "Klienter har ett hållbart boende", "delvis", forvantat=("Färre avhysningar.",), analys=(analys,)
    )
    ind = indicator(
        "Andel avhysningar som kunnat avvärjas efter inkommet meddelande", "68,75 %", "45 %", "40 %"
    )
    return report([kf_goal("1.3 Stöd", [ind], [goal])])


def rvc(analys: str) -> Report:
    goal = enhetsmal("Personer i relationer där våld förekommer får stöd", "delvis", analys=(analys,))
    ind = indicator(
        "Antal våldsutsatta som beviljats insats på Relationsvårdscentrum Innerstaden", "40", "40"
    )
    return report([kf_goal("1.3 Stöd", [ind], [goal])])


def eko(
    status: Status | None, utfall: str, analys: tuple[str, ...] = ("Enheten köper ekologiskt när det går.",)
) -> Report:
    goal = enhetsmal(
        "Enheten köper i ökad utsträckning in ekologiska livsmedel.",
        status,
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


def analys(*texts: str, kind: ReportKind = "VB", status: Status | None = "delvis") -> Report:
    goal = enhetsmal("Barn och ungdomar får stöd av hög kvalitet", status, analys=texts)
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


def budget(rows: list[tuple[str, str, str, str]] | None = None, *texts: str) -> Report:
    sections = [section("Analys av resultaträkning", *texts)] if texts else []
    return report([], budget_tables=[budget_table(rows or UNGDOM_ROWS)], sections=sections)


def replace_row(
    rows: list[tuple[str, str, str, str]], index: int, new: tuple[str, str, str, str]
) -> list[tuple[str, str, str, str]]:
    out = list(rows)
    out[index] = new
    return out


def plan_pair(vp_arsmal: str, vb_arsmal: str) -> tuple[Report, CheckContext]:
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
    return vb, ctx(vp)


def plan_goals(vp_title: str) -> tuple[Report, CheckContext]:
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
    return vb, ctx(vp)


def last_year(previous_utfall: str) -> tuple[Report, CheckContext]:
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
    return vb, ctx(prev)


def commented(name: str, utfall: str, arsmal: str, forra: str, kommentar: str, **cells: str) -> Report:
    """One indicator with its own comment row ("Analys ..."), under a goal whose analysis does not
    name it: what the comment says is about that row."""
    goal = enhetsmal("Enheten ger stöd av god kvalitet", "delvis", analys=("Enheten har arbetat med målet.",))
    ind = indicator(name, utfall, arsmal, forra, kommentar=kommentar, **cells)
    return report([kf_goal("1.3 Stöd", [ind], [goal])])


DISKRIMINERING = "Andel brukare inom socialpsykiatrin som inte upplever diskriminering"


def summarized(summary: str, status: Status = "delvis") -> Report:
    """Two goals and a Sammanfattande analys that may speak of one of them by name."""
    goals = [
        enhetsmal(
            "Personer i relationer där våld förekommer uppmärksammas och får det stöd de behöver",
            status,
            forvantat=("Medarbetare ställer frågor om våldsutsatthet till alla brukare.",),
        ),
        enhetsmal("Enhetens medarbetare har en god arbetsmiljö", "helt", forvantat=("AMI ökar.",)),
    ]
    return report([kf_goal("1.3 Stöd", [], goals)], sections=[section("Sammanfattande analys", summary)])


def jourhem(forvantat: str, analys: str, level_of_bullet: str = "enhetsmal") -> Report:
    """A goal whose Förväntat resultat holds a target no indicator of the report measures."""
    goal = enhetsmal(
        "Fler barn och ungdomar bor i ett familjehem genom stadens egen regi",
        "delvis",
        forvantat=(forvantat,) if level_of_bullet == "enhetsmal" else (),
        analys=(analys,),
    )
    kf = kf_goal(
        "1.3 Stöd", [indicator("Andel inköpta ekologiska livsmedel i kronor", "48 %", "25 %")], [goal]
    )
    if level_of_bullet == "namndmal":
        kf.children[0].forvantat_resultat = items(forvantat)
    return report([kf])


def summarized_indicator(name: str, utfall: str, forra: str, summary: str, **cells: str) -> Report:
    """An indicator under one KF goal and a Sammanfattande analys (outside the goal tree) about it."""
    goal = enhetsmal("Enheten ger stöd av god kvalitet", "delvis")
    ind = indicator(name, utfall, "", forra, **cells)
    return report([kf_goal("1.3 Stöd", [ind], [goal])], sections=[section("Sammanfattande analys", summary)])


def cross_branch(analys_text: str) -> Report:
    """An indicator under KF goal 1.3 and an analysis under KF goal 3.4 that may quote it."""
    ind = indicator(DISKRIMINERING, "69 %", "91 %", "89 %", man="73 %", kvinnor="67 %")
    other = enhetsmal("Enheten är en attraktiv arbetsgivare", "delvis", analys=(analys_text,))
    return report([kf_goal("1.3 Stöd", [ind], []), kf_goal("3.4 Medarbetare", [], [other])])


COMPLAINT_HEADER = [
    "Uppdelning",
    "Klagomål/synpunkter/kategorier",
    "Utfall T1 2025",
    "Utfall T2 2025",
    "Utfall VB 2025",
    "Totalt ack 2025",
    "Bedömning och planerade åtgärder",
]
LEX_SARAH = ("Avvikelse - Lex Sarah", "Antal inkomna rapporter", "1", "", "", "1 st")
SENDER = "Från vem har klagomål eller synpunkt inkommit?"
CATEGORY = "Synpunkter och klagomål - som gäller verksamhet och personal"


def complaints(*rows: tuple[str, ...]) -> Report:
    """A report whose complaint table (*Redovisning av synpunkter och klagomål*) has these rows (the
    assessment column may be left out: empty)."""
    cells = [[*r, *[""] * (len(COMPLAINT_HEADER) - len(r))] for r in rows]
    table = OtherTable(
        title="Redovisning av synpunkter och klagomål",
        rows=[COMPLAINT_HEADER, *cells],
        location=Location(block=900),
    )
    return report(
        [kf_goal("1.3 Stöd", [], [enhetsmal("Enheten ger stöd av god kvalitet", "delvis")])], tables=[table]
    )
