"""The five Word samples, parsed end to end (real files, real python-docx).

Expectations were read off the documents themselves (the goal headings, their status lines and the
indicator tables as Word shows them), not from the parser's output. Where the sample carries damage
from a PDF round trip (a table split over a page break, a row pushed one column right), the values
are the ones the report means, as the text version of the same report shows them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from vbassist.model import Report
from vbassist.parsing import parse_file, read_blocks

DATA = Path(__file__).resolve().parent.parent / "data"

H, D, INTE, N = "helt", "delvis", "inte", "inga_data"

# file -> (kind, year, unit, district, [(enhetsmål title start, status)], [(indicator name start, utfall, årsmål)])
SAMPLES: dict[str, tuple] = {
    "vb2025_hagersten-alvsjo_familjehemsenheten.docx": (
        "VB",
        2025,
        "Familjehemsenheten",
        "Hägersten-Älvsjö",
        [
            ("Barn och ungdomar erhåller kontaktfamiljer", D),
            ("Barn och ungdomar som bor i familjehem erhåller", D),
            ("Enheten erbjuder familjer fler öppna insatser", H),
            ("Familjehem erbjuds ett stöd som de är nöjda med", D),
            ("Familjehemsplacerade barn får en bättre hälsa", H),
            ("Familjehemsplacerade barn och ungdomar får rätt vård", D),
            ("Familjehemsplacerade barn och ungdomar är med och planerar", H),
            ("Fler barn och ungdomar bor i ett familjehem", D),
            ("Enheten arbetar klimatsmart och minskar sitt klimatavtryck", H),
            ("Enheten köper i ökad utsträckning in ekologiska", INTE),
            ("Enheten arbetar aktivt med digitalisering", H),
            ("Enheten bedriver ett systematiskt kvalitetsarbete", H),
            ("Enheten fokuserar på medarbetarskap", D),
            ("Enheten är en attraktiv arbetsgivare", D),
            ("Enhetens medarbetare har tillgång till ett nära ledarskap", D),
            ("Handläggarnära stöd bidrar", H),
            ("Kompetensförsörjningsplanen bidrar", N),
            ("Enheten har en beredskap för oväntade händelser", H),
            ("Seriositetskontroller och avtalskontroll", H),
            ("Familjehem har kompetens och kunskap kring kriminalitet", INTE),
            ("Enheten bidrar till att öka tilliten", INTE),
        ],
        [
            ("Andel barn och unga som åter blir föremål", "24,2 %", "24 %"),
            ("Andel familjehem placerade barn som når", "73,33", "75 %"),
            ("Andel inköpta ekologiska livsmedel i kronor", "48,84 %", "25 %"),
            ("Aktivt Medskapandeindex", "78", "75"),
            ("Sjukfrånvaro", "7,9 %", "11 %"),
            ("Sjukfrånvaro dag 1-14", "2,1 %", "3 %"),
        ],
    ),
    "vb2025_hagersten-alvsjo_ungdomsenheten.docx": (
        "VB",
        2025,
        "Ungdomsenheten",
        "Hägersten-Älvsjö",
        [
            ("Enheten erbjuder rätt vård för rätt pris", H),
            ("Enheten gör barn och unga delaktiga", H),
            ("Placerade barn får en bättre hälsa och skolgång", D),
            ("Samverkan med andra aktörer", H),
            ("Enheten arbetar klimatsmart och minskar klimatavtrycket", H),
            ("Enheten köper i högre utsträckning in ekologiska matvaror", D),
            ("Enheten arbetar med digitalisering", H),
            ("Enheten erbjuder en attraktiv och hållbar arbetsmiljö", D),
            ("Enhetens medarbetare har tillgång till ett nära ledarskap", H),
            ("Specialfunktioner bidrar", H),
            ("Enheten har en beredskap för oväntade händelser", H),
            ("Seriositetskontroller och avtalskontroll", H),
            ("Enheten utvecklar sitt arbete med att erbjuda kunskapsbaserat stöd", H),
        ],
        [
            ("Andel inköpta ekologiska livsmedel i kronor", "52,23 %", "70 %"),
            ("Aktivt Medskapandeindex", "", "75"),
            ("Sjukfrånvaro", "", "2,9 %"),
            ("Sjukfrånvaro dag 1-14", "", "1,8 %"),
        ],
    ),
    "vb2024_kungsholmen_vuxenenheten.docx": (
        "VB",
        2024,
        "Vuxenenheten",
        "Kungsholmen",
        [
            ("Vuxenenheten ger stöd och omsorg", D),
            ("Personer i relationer där våld förekommer", D),
            ("Vuxna som vill lämna en kriminell livsstil", H),
            ("Vuxenenhetens verksamhet är energieffektiv", H),
            ("Enhetens resor och transporter är klimatsmarta och resurseffektiva", H),
            ("Vuxenenhetens verksamhet bedrivs inom given budgetram", INTE),
            ("Klienter som erbjuds insatser av Vuxenenheten", D),
            ("Genom ett aktivt medarbetarskap", D),
            ("Vuxenenheten har en hög beredskap", H),
            ("Vuxenenhetens klienter är delaktiga", H),
        ],
        [
            ("Andel brukare inom socialpsykiatrin", "69 %", "91 %"),
            ("Andel personer som själva upplever", "83,33 %", "85 %"),
            ("Antal våldsutsatta som beviljats insats", "40", "40"),
            ("Andel avhysningar som kunnat avvä", "68,75 %", "45 %"),
            ("Antal vräkningar som berör barn", "2", "0"),
            ("Aktivt Medskapandeindex", "75", "87"),
            ("Sjukfrånvaro", "5,4 %", "5 %"),
            ("Sjukfrånvaro dag 1-14", "1,5 %", "2 %"),
            ("Andel medarbetare inom socialtjänsten som kan rekommendera", "68 %", "84 %"),
            ("Andel medarbetare som vet var de ska vända sig", "100 %", "100 %"),
            ("Ledarskapsindex", "74", "87"),
            ("Antal barn, som har anhörig med beroende", "6", "5"),
        ],
    ),
    "vb2024_kungsholmen_familjeenheten.docx": (
        "VB",
        2024,
        "Familjeenheten",
        "Kungsholmen",
        [
            ("Barn och unga i riskzon", H),
            ("Barn och unga ges goda förutsättningar att berätta om våld", H),
            ("Barn och unga som har ett normbrytande beteende", H),
            ("Familjeenheten verkar för låg påverkan på klimatet", H),
            ("Familjeenheten reser klimatsmart", H),
            ("Familjeenheten har god prognossäkerhet", INTE),
            ("Barnfamiljer har trygga boendeförhållanden", H),
            ("Familjeenheten erbjuder medarbetare och chefer", H),
            ("Familjeenheten har god beredskap", H),
            ("Familjeenhetens verksamhet är jämställd", H),
        ],
        [
            ("Andel barn och unga som åter blir föremål", "34 %", "21 %"),
            ("Andel placerade barn som når målen", "66,67", "75 %"),
            ("Andel utredningar av barn och unga där barnet", "72", "72 %"),
            ("Antal barn som beviljats insats på Relationsvårdscentrum", "1", "10"),
            ("Aktivt Medskapandeindex", "83", "83"),
            ("Sjukfrånvaro", "7,1 %", "4,8 %"),
            ("Sjukfrånvaro dag 1-14", "1,2 %", "2 %"),
            ("Andel medarbetare inom socialtjänsten som kan rekommendera", "63 %", "72 %"),
            ("Andel medarbetare som vet var de ska vända sig", "90 %", "90 %"),
            ("Ledarskapsindex", "84", "80"),
        ],
    ),
    "vb2024_kungsholmen_bistandsbedomning-funktionsnedsattning.docx": (
        "VB",
        2024,
        "Biståndsbedömning, funktionsnedsättning",
        "Kungsholmen",
        [
            ("Enhetens brukare lever ett liv fritt från våld", D),
            ("Personer med funktionsnedsättning tillförsäkras", H),
            ("Enhetens arbete genomförs energieffektivt", H),
            ("Enhetens resor och transporter är klimatsmarta och effektiva", H),
            ("Enhetens ekonomi är långsiktigt hållbar", H),
            ("Enhetens brukare har ett hållbart boende", H),
            ("Enhetens chefer och medarbetare bidrar", D),
            ("Enheten har hög beredskap", H),
            ("Enheten bidrar till öppenhet, jämställdhet och demokrati", D),
        ],
        [
            ("Andel utredningar av barn och unga där barnet", "50", "70 %"),
            ("Aktivt Medskapandeindex", "77", "83"),
            ("Sjukfrånvaro", "0,5 %", "3 %"),
            ("Sjukfrånvaro dag 1-14", "0,5 %", "2 %"),
            ("Andel medarbetare inom socialtjänsten som kan rekommendera", "77 %", "80 %"),
            ("Andel medarbetare som vet var de ska vända sig", "100 %", "100 %"),
            ("Ledarskapsindex", "85", "87"),
            ("Antal barn, som har anhörig med beroende", "0", "2"),
        ],
    ),
}


@pytest.fixture(scope="module")
def parsed() -> dict[str, list[Report]]:
    return {name: parse_file(DATA / name) for name in SAMPLES}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_report_facts(parsed: dict[str, list[Report]], name: str) -> None:
    kind, year, unit, district, _, _ = SAMPLES[name]
    reports = parsed[name]
    assert len(reports) == 1
    report = reports[0]
    assert (report.kind, report.year, report.unit, report.district) == (kind, year, unit, district)
    assert report.source_format == "docx"
    assert report.title == f"Verksamhetsberättelse {kind} {year} för {unit}"


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_enhetsmal_and_statuses(parsed: dict[str, list[Report]], name: str) -> None:
    expected = SAMPLES[name][4]
    goals = parsed[name][0].enhetsmal()
    assert len(goals) == len(expected)
    for goal, (title_start, status) in zip(goals, expected, strict=True):
        assert goal.title.startswith(title_start), (goal.title, title_start)
        assert goal.status == status, goal.title
        assert goal.status_text is not None and goal.status_location is not None


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_indicator_rows(parsed: dict[str, list[Report]], name: str) -> None:
    expected = SAMPLES[name][5]
    indicators = [indicator for indicator, _, _ in parsed[name][0].indicators()]
    assert len(indicators) == len(expected)
    for indicator, (name_start, utfall, arsmal) in zip(indicators, expected, strict=True):
        if name_start.startswith("Sjukfrånvaro"):
            assert indicator.name == name_start  # "Sjukfrånvaro" must not swallow "dag 1-14"
        else:
            assert indicator.name.startswith(name_start), (indicator.name, name_start)
        assert indicator.utfall is not None and indicator.utfall.raw == utfall, indicator.name
        assert indicator.arsmal is not None and indicator.arsmal.raw == arsmal, indicator.name


def test_goal_tree_skips_table_of_contents(parsed: dict[str, list[Report]]) -> None:
    # The Kungsholmen table of contents repeats every KF goal as a heading with a page number.
    report = parsed["vb2024_kungsholmen_vuxenenheten.docx"][0]
    roots = report.goals
    assert [(g.level, g.number) for g in roots] == [("kf_inriktningsmal", n) for n in ("1", "2", "3")]
    assert [g.number for g in roots[2].children] == ["3.1", "3.3", "3.4", "3.5", "3.7"]
    namndmal = [g for g, _ in report.iter_goals("namndmal")]
    assert namndmal[0].number == "1.3.2" and namndmal[0].title.startswith("Vuxna får stöd")
    assert all(g.status == "inga_data" for g, _ in report.iter_goals("kf_inriktningsmal"))


def test_page_break_repairs_in_indicator_tables(parsed: dict[str, list[Report]]) -> None:
    by_name = {i.name: i for i, _, _ in parsed["vb2024_kungsholmen_vuxenenheten.docx"][0].indicators()}
    sjuk = by_name["Sjukfrånvaro"]
    # "Tas fram av nämnd/s" + "tyrelse" on the next page is one cell
    assert sjuk.kf_arsmal is not None and sjuk.kf_arsmal.raw == "Tas fram av nämnd/s tyrelse"
    assert sjuk.kommentar is not None and sjuk.kommentar.startswith("Sjukfrånvaron har minskat successivt")
    assert sjuk.utfall_kvinnor is not None and sjuk.utfall_kvinnor.value == 7.8
    # the row pushed right by a stray "●" cell, its period on the following "♀" row
    dag = by_name["Sjukfrånvaro dag 1-14"]
    assert dag.utfall_kvinnor is not None and dag.utfall_kvinnor.value == 1.7
    assert dag.utfall_forra_aret is not None and dag.utfall_forra_aret.value == 1.4
    assert dag.period == "VB 2024"

    family = {i.name[:40]: i for i, _, _ in parsed["vb2024_kungsholmen_familjeenheten.docx"][0].indicators()}
    vet = next(i for n, i in family.items() if n.startswith("Andel medarbetare som vet"))
    assert vet.name.endswith("sexuella trakasserier och repressalier")  # name split over a page break
    assert vet.kommentar is None
    utredningar = next(i for n, i in family.items() if n.startswith("Andel utredningar"))
    assert utredningar.kf_arsmal is not None and utredningar.kf_arsmal.raw == "Tas fram av nämnd"
    assert utredningar.period == "VB 2024"  # was glued to the KF target cell
    first = next(iter(family.values()))
    assert first.kommentar is not None and "en åtgärdsplan" in first.kommentar  # comment over a page break


def test_indicator_values_columns_and_labels(parsed: dict[str, list[Report]]) -> None:
    indicators = [i for i, _, _ in parsed["vb2025_hagersten-alvsjo_familjehemsenheten.docx"][0].indicators()]
    first, second = indicators[0], indicators[1]
    assert first.utfall is not None and (first.utfall.value, first.utfall.kind) == (24.2, "percent")
    assert first.utfall_man is not None and first.utfall_man.value == 25.4
    assert first.utfall_kvinnor is not None and first.utfall_kvinnor.value == 22.9
    assert first.utfall_forra_aret is not None and first.utfall_forra_aret.value == 25.5
    assert first.utfall_forra_aret_label == "Utfall VB 2024"
    assert first.kf_arsmal is not None and first.kf_arsmal.value == 24.0
    assert first.period == "VB 2025"
    assert first.header[0] == "Indikator" and len(first.cells) == 8
    # "73,33" beside "70,59 %": a percentage whose sign was dropped
    assert second.utfall is not None and (second.utfall.value, second.utfall.kind) == (73.33, "percent")
    sjuk = indicators[4]
    assert sjuk.kf_arsmal is not None and sjuk.kf_arsmal.value is None
    assert sjuk.kf_arsmal.note  # "Tas fram av nämnd/styr else": words, not a number
    empty = [i for i, _, _ in parsed["vb2025_hagersten-alvsjo_ungdomsenheten.docx"][0].indicators()][1]
    assert empty.utfall is not None and empty.utfall.value is None and empty.utfall.kind == "empty"


def test_indicators_attach_to_the_goal_they_sit_under(parsed: dict[str, list[Report]]) -> None:
    report = parsed["vb2024_kungsholmen_vuxenenheten.docx"][0]
    placement = {i.name[:20]: (goal.level, goal.number) for i, goal, _ in report.indicators()}
    assert placement["Andel brukare inom s"] == ("kf_verksamhetsmal", "1.3")
    assert placement["Antal våldsutsatta s"] == ("namndmal", "1.3.3")
    assert placement["Ledarskapsindex"] == ("namndmal", "3.4.1")


def test_goal_text_fields_and_activities(parsed: dict[str, list[Report]]) -> None:
    report = parsed["vb2025_hagersten-alvsjo_familjehemsenheten.docx"][0]
    goals = {g.title: g for g in report.enhetsmal()}
    stod = goals["Familjehem erbjuds ett stöd som de är nöjda med."]
    assert stod.forvantat_resultat[0].text == "Sammanbrott under placering minskar med tio procent."
    assert len(stod.forvantat_resultat) == 4
    assert len(stod.analys) == 2 and stod.analys[1].text.startswith("Målet att minska sammanbrott")
    assert [(a.name, a.startdatum, a.slutdatum, a.avvikelse) for a in stod.activities] == [
        ("Stöd ska kunna erbjudas kvällar och helg vid behov.", "2025-01-01", "2025-12-31", None)
    ]
    halsa = next(g for t, g in goals.items() if t.startswith("Familjehemsplacerade barn får en bättre"))
    assert len(halsa.activities) == 2
    assert halsa.activities[-1].analys is not None
    assert halsa.activities[-1].analys.startswith("Skolsamordnare arbetar inte")
    assert halsa.activities[0].slutdatum == "2025-12-31"
    namndmal = next(g for g, _ in report.iter_goals("namndmal"))
    assert namndmal.beskrivning and namndmal.beskrivning[0].text.startswith(
        "Målet uppnås genom effektiv samverkan"
    )
    assert len(namndmal.activities) == 2


def test_heading_styled_sentences_are_text_not_goals(parsed: dict[str, list[Report]]) -> None:
    # The Ungdomsenheten sample styles "Enhetsmålet har uppnåtts ..." as Heading 4: analysis, not a goal.
    report = parsed["vb2025_hagersten-alvsjo_ungdomsenheten.docx"][0]
    digital = next(g for g in report.enhetsmal() if g.title.startswith("Enheten arbetar med digitalisering"))
    assert any(t.text.startswith("Enhetsmålet har uppnåtts under året") for t in digital.analys)


def test_locations_point_back_into_the_document(parsed: dict[str, list[Report]]) -> None:
    name = "vb2025_hagersten-alvsjo_familjehemsenheten.docx"
    document = read_blocks(DATA / name)
    report = parsed[name][0]
    for goal, _ in report.iter_goals():
        block = document.blocks[goal.location.block]
        assert block.kind == "paragraph" and goal.title in block.text
        if goal.status_location is not None:
            assert document.blocks[goal.status_location.block].text == goal.status_text
    for indicator, _, _ in report.indicators():
        table = document.blocks[indicator.location.block]
        assert table.kind == "table"
        assert table.rows[indicator.location.row][0] == indicator.name
    for goal in report.enhetsmal():
        for item in goal.analys:
            assert document.blocks[item.location.block].text.strip() == item.text
    assert report.block_range == (0, len(document.blocks))


def test_budget_tables(parsed: dict[str, list[Report]]) -> None:
    tables = parsed["vb2025_hagersten-alvsjo_familjehemsenheten.docx"][0].budget_tables
    assert [t.title for t in tables] == [
        "Familjehemsenheten",
        "Placeringar och uppdragstagare",
        "Proj förstärkt stöd t familjehem",
        "Proj förstärkt stöd t familjehem",
        "Totalt",
    ]
    first = tables[0]
    assert first.columns == ["Utfall i bokslut 2025", "Budget", "Avvikelse"]
    netto = next(r for r in first.rows if r.label == "Summa netto")
    assert netto.is_sum and netto.section == "netto"
    assert netto.utfall is not None and (netto.utfall.value, netto.utfall.unit) == (20515.0, "tkr")
    assert netto.avvikelse is not None and netto.avvikelse.value == -1796.0
    personal = next(r for r in first.rows if r.label == "Personalkostnader")
    assert personal.section == "kostnader" and not personal.is_sum
    assert personal.budget is not None and personal.budget.value == 16915.0
    # a table continued without its header keeps the columns and takes its section from the line above
    assert tables[2].columns == first.columns
    assert {r.section for r in tables[2].rows} == {"intakter"}
    assert {r.section for r in tables[3].rows} == {"kostnader"}
    # "Awikelse" (OCR) is still the deviation column
    youth = parsed["vb2025_hagersten-alvsjo_ungdomsenheten.docx"][0].budget_tables[0]
    assert youth.rows[-1].avvikelse is not None and youth.rows[-1].avvikelse.value == 514.0


def test_sections_outside_the_goal_tree(parsed: dict[str, list[Report]]) -> None:
    report = parsed["vb2025_hagersten-alvsjo_familjehemsenheten.docx"][0]
    titles = [s.title for s in report.sections]
    assert titles[0] == "Sammanfattande analys"
    assert "Systematiskt kvalitetsarbete" in titles and "Uppföljning av ekonomi" in titles
    summary = report.sections[0]
    assert summary.paragraphs[0].text.startswith("Familjehemsenheten ingår i avdelningen")
    economy = next(
        s for s in report.sections if s.title == "Analys av resultaträkning - uppföljning av driftbudget"
    )
    assert any("underskott på cirka 18 mnkr" in p.text for p in economy.paragraphs)
    assert any(t.title == "Redovisning av synpunkter och klagomål" for t in report.tables)
