"""The structure builder on hand-made block documents: each rule with a case it must catch and a near
miss it must leave alone. (The real samples and seeds are pinned in test_docx_samples.py and by the
text-reader tests.)"""

from __future__ import annotations

import pytest

from vbassist.errors import NotAReportError
from vbassist.model import Document, ParagraphBlock, TableBlock
from vbassist.parsing.builder import build_reports

Item = str | tuple[str, int] | list[list[str]]


def doc(*items: Item, fmt: str = "text", source: str = "rapport.txt") -> Document:
    """Strings are paragraphs, (text, level) headings, lists of rows tables; `line` = position + 1."""
    blocks: list[ParagraphBlock | TableBlock] = []
    for i, item in enumerate(items):
        if isinstance(item, list):
            blocks.append(TableBlock(index=i, rows=item, line=i + 1))
        elif isinstance(item, tuple):
            blocks.append(ParagraphBlock(index=i, text=item[0], heading_level=item[1], line=i + 1))
        else:
            blocks.append(ParagraphBlock(index=i, text=item, line=i + 1))
    return Document(source=source, format=fmt, blocks=blocks)  # type: ignore[arg-type]


TREE = [
    "Verksamhetsberättelse VB 2025 för Barnenheten",
    "KF:s inriktningsmål: 1. Ett Stockholm som håller samman",
    "— Inga data",
    "KF:s mål för verksamhetsområdet: 1.3 Stockholms stad ska ge stöd",
    "Nämndmål: 1.3.2 Barn och unga har goda uppväxtvillkor",
    "Beskrivning",
    "Målet nås genom samverkan.",
    "Enhetsmål: Barn får rätt stöd",
    "Uppfylls delvis",
    "Förväntat resultat",
    "Minst 80 procent av barnen är delaktiga.",
    "Analys",
    "Enheten bedömer att målet uppfylls delvis eftersom arbetet försenats.",
    "Enhetsmålet har nåtts till stor del.",
]


def test_goal_tree_levels_numbers_status_and_fields() -> None:
    (report,) = build_reports(doc(*TREE))
    (root,) = report.goals
    assert (root.level, root.number, root.title, root.status) == (
        "kf_inriktningsmal",
        "1",
        "Ett Stockholm som håller samman",
        "inga_data",
    )
    kf = root.children[0]
    assert (kf.level, kf.number) == ("kf_verksamhetsmal", "1.3")
    namnd = kf.children[0]
    assert (namnd.level, namnd.number, namnd.status) == ("namndmal", "1.3.2", None)
    assert [t.text for t in namnd.beskrivning] == ["Målet nås genom samverkan."]
    (enhet,) = namnd.children
    assert (enhet.level, enhet.title, enhet.status, enhet.status_text) == (
        "enhetsmal",
        "Barn får rätt stöd",
        "delvis",
        "Uppfylls delvis",
    )
    assert enhet.status_location is not None and enhet.status_location.block == 8
    assert enhet.status_location.line == 9
    assert [t.text for t in enhet.forvantat_resultat] == ["Minst 80 procent av barnen är delaktiga."]
    # near misses: a status sentence inside the analysis and "Enhetsmålet ..." are text
    assert [t.text for t in enhet.analys] == TREE[12:14]
    assert report.enhetsmal() == [enhet]


def test_labels_without_diacritics_and_with_ocr_noise() -> None:
    (report,) = build_reports(
        doc(
            "KF:s inriktningsmal: 1. Ett Stockholm som haller samman",
            "KF:s mal for verksamhetsomradet: 1.3 Stockholms stad ska ge stod",
            "Namndmal: Barn och ungdomar har goda uppvaxtvillkor",
            "Enhetsmal: Enheten gor klimatsmarta val",
            "Forvéntat resultat",
            "Fler resor sker med tag.",
            "Arbetssatt",
            "Vi planerar resor tillsammans.",
            "Uppféljning",
            "Foljs upp tertialvis.",
            source="vp2026_hagersten-alvsjo_barn-och-ungdomsenheten.txt",
        )
    )
    (enhet,) = report.enhetsmal()
    assert enhet.title == "Enheten gor klimatsmarta val"
    assert [t.text for t in enhet.forvantat_resultat] == ["Fler resor sker med tag."]
    assert [t.text for t in enhet.arbetssatt] == ["Vi planerar resor tillsammans."]
    assert [t.text for t in enhet.uppfoljning] == ["Foljs upp tertialvis."]
    # no title line: kind, year, district and unit come from the file name
    assert (report.kind, report.year, report.district, report.unit) == (
        "VP",
        2026,
        "Hägersten-Älvsjö",
        "Barn och ungdomsenheten",
    )


@pytest.mark.parametrize(
    ("line", "status"),
    [
        ("● Uppfylls helt", "helt"),
        ("Uppfylls helt", "helt"),
        ("◆ uppfylls delvis", "delvis"),
        ("■ Uppfylls inte", "inte"),
        ("Uppfylls ej", "inte"),
        ("— Inga data", "inga_data"),
        ("Inga data", "inga_data"),
        ("Uppfylls delvis (prognos)", "delvis"),
        ("Prognos: Uppfylls inte", "inte"),
        ("◆ Delvis uppfyllt", "delvis"),
        ("Målet uppfylls delvis eftersom arbetet försenats", None),
        ("Målet är helt uppfyllt", None),
        ("Uppfylls", None),
    ],
)
def test_status_lines_by_words(line: str, status: str | None) -> None:
    (report,) = build_reports(doc("Enhetsmål: Barn får rätt stöd", line, "Analys", "Text."))
    assert report.enhetsmal()[0].status == status


def test_only_the_first_status_line_counts() -> None:
    (report,) = build_reports(doc("Enhetsmål: A", "Uppfylls helt", "Uppfylls inte"))
    assert report.enhetsmal()[0].status == "helt"


def test_one_report_per_unit_title_with_its_front_matter() -> None:
    document = doc(
        "Verksamhetsberättelse 2024",
        "Socialtjänstavdelningen",
        "Handläggare",
        "Anna Andersson",
        "Till",
        "Vuxenenheten",
        "Verksamhetsberättelse VB 2024 för Vuxenenheten",
        "Kungsholmens stadsdelsförvaltning.",
        "Enhetsmål: Vuxna får stöd",
        "Uppfylls helt",
        "Handläggare",
        "Bo Berg",
        "Verksamhetsberättelse VB 2024 för",
        "Familjeenheten",
        "Enhetsmål: Barn får stöd",
        "Uppfylls inte",
    )
    first, second = build_reports(document)
    assert (first.unit, first.kind, first.year, first.district) == ("Vuxenenheten", "VB", 2024, "Kungsholmen")
    assert first.block_range == (0, 10)
    assert [g.status for g in first.enhetsmal()] == ["helt"]
    # a title wrapped over two lines: the unit is on the next line
    assert (
        second.unit == "Familjeenheten" and second.title == "Verksamhetsberättelse VB 2024 för Familjeenheten"
    )
    assert second.block_range == (10, 16)
    assert [g.title for g in second.enhetsmal()] == ["Barn får stöd"]


def test_kind_and_year_from_titles() -> None:
    (t1,) = build_reports(doc("Tertialrapport 1 2025 för Barnenheten", "Enhetsmål: A", "Uppfylls delvis"))
    assert (t1.kind, t1.year, t1.unit) == ("T1", 2025, "Barnenheten")
    (vp,) = build_reports(doc("Verksamhetsplan 2025 för Barnenheten", "Enhetsmål: A", "Text om målet."))
    assert (vp.kind, vp.year) == ("VP", 2025)
    # in a plan, text under a unit goal before any sub-heading describes it; in a report it analyses it
    assert [t.text for t in vp.enhetsmal()[0].beskrivning] == ["Text om målet."]


def test_text_without_structure_is_not_a_report() -> None:
    with pytest.raises(NotAReportError) as caught:
        build_reports(doc("Hej Anna!", "Vi ses på fredag.", ("Inbjudan", 1)))
    assert caught.value.source == "rapport.txt"
    assert "ingen rapportstruktur" in caught.value.message
    # near miss: a known report section is structure enough
    (report,) = build_reports(doc(("Sammanfattande analys", 1), "Året har varit bra."))
    assert [s.title for s in report.sections] == ["Sammanfattande analys"]
    assert report.sections[0].paragraphs[0].text == "Året har varit bra."


def test_table_of_contents_is_skipped() -> None:
    (report,) = build_reports(
        doc(
            ("Innehållsförteckning", 1),
            [["Sammanfattande analys.....", "3"], ["KF:s inriktningsmål: 1. Ett Stockholm.....", "4"]],
            ("KF:s inriktningsmål: 1. Ett Stockholm som håller samman\t5", 1),
            "Enhetsmål: Barn får stöd\t6",
            ("Sammanfattande analys", 1),
            "Bra år.",
            ("KF:s inriktningsmål: 1. Ett Stockholm som håller samman", 1),
            "Enhetsmål: Barn får stöd",
            fmt="docx",
        )
    )
    assert len(report.goals) == 1 and report.goals[0].location.block == 6
    assert len(report.enhetsmal()) == 1
    assert report.tables == []
    assert [s.title for s in report.sections] == ["Sammanfattande analys"]


HEADER = [
    "Indikator",
    "Periodens utfall",
    "Utfall män/ pojkar",
    "Utfall kvinnor/ flickor",
    "Utfall VB 2023",
    "Årsmål",
    "KF:s årsmål",
    "Period",
]


def test_indicator_table_columns_comment_and_page_break_repairs() -> None:
    (report,) = build_reports(
        doc(
            "KF:s mål för verksamhetsområdet: 3.4 Medarbetare",
            [
                HEADER,
                ["Sjukfrånvaro", "5,4 %", "1,2 %", "7,8 %", "6,9 %", "5 %", "Tas fram av nämnd/s", "VB 2024"],
                ["Analys Sjukfrånvaron har minskat.", "", "", "", "", "", "", ""],
                [
                    "Andel medarbetare som vet var de ska vända sig",
                    "90 %",
                    "",
                    "",
                    "95 %",
                    "90 %",
                    "",
                    "2024",
                ],
            ],
            [
                HEADER,
                ["♀", "", "", "", "", "", "tyrelse", ""],  # finishes the cell cut by the page break
                ["för diskriminering", "", "", "", "", "", "", ""],  # finishes the name
                [
                    "●",
                    "Sjukfrånvaro dag 1-14",
                    "1,5 %",
                    "1,2 %",
                    "1,7 %",
                    "1,4 %",
                    "2 %",
                    "Tas fram av nämnd",
                ],
                ["♀", "", "", "", "", "", "", "VB 2024"],
                ["Ledarskapsindex", "74", "", "", "87", "87", "Tas fram av nämnd VB 2024", ""],
            ],
        )
    )
    sjuk, vet, dag, ledar = report.goals[0].indicators
    assert sjuk.utfall is not None and sjuk.utfall.value == 5.4
    assert sjuk.utfall_forra_aret_label == "Utfall VB 2023"
    assert sjuk.kommentar == "Sjukfrånvaron har minskat."
    assert sjuk.kommentar_location is not None and (
        sjuk.kommentar_location.block,
        sjuk.kommentar_location.row,
    ) == (1, 2)
    assert sjuk.location.row == 1
    # the continuation row goes to the last indicator of the previous table
    assert vet.name == "Andel medarbetare som vet var de ska vända sig för diskriminering"
    assert vet.kf_arsmal is not None and vet.kf_arsmal.raw == "tyrelse"
    assert dag.name == "Sjukfrånvaro dag 1-14" and dag.period == "VB 2024"
    assert dag.arsmal is not None and dag.arsmal.raw == "2 %"
    assert dag.kf_arsmal is not None and dag.kf_arsmal.raw == "Tas fram av nämnd"
    assert (ledar.period, ledar.kf_arsmal.raw if ledar.kf_arsmal else None) == (
        "VB 2024",
        "Tas fram av nämnd",
    )
    # near miss: "Ledarskapsindex" has no percent anywhere in its row, so it stays a count
    assert ledar.utfall is not None and ledar.utfall.kind == "count"


def test_comment_continues_after_a_lone_analys_row() -> None:
    (report,) = build_reports(
        doc(
            "KF:s mål för verksamhetsområdet: 3.4 Medarbetare",
            [
                HEADER,
                ["Aktivt Medskapandeindex", "75", "", "", "86", "87", "83", "2024"],
                ["Analys", "", "", "", "", "", "", ""],
                ["Resultatet har försämrats.", "", "", "", "", "", "", ""],
                ["Vi arbetar vidare.", "", "", "", "", "", "", ""],
            ],
        )
    )
    (ami,) = report.goals[0].indicators
    assert ami.kommentar == "Resultatet har försämrats. Vi arbetar vidare."
    assert ami.name == "Aktivt Medskapandeindex"


def test_vp_indicator_table_and_year_from_header() -> None:
    (report,) = build_reports(
        doc(
            "KF:s mål för verksamhetsområdet: 1.3 Stöd",
            [
                ["Indikator", "Årsmål", "KF:s årsmål år 2026", "Periodicitet"],
                ["Andel utredningar där barnet varit delaktigt", "80", "Tas fram av nämnd", "Tertial"],
            ],
            "Enhetsmål: Barn är delaktiga",
        )
    )
    (indicator,) = report.goals[0].indicators
    assert indicator.arsmal is not None and (indicator.arsmal.value, indicator.arsmal.kind) == (
        80.0,
        "percent",
    )
    assert indicator.kf_arsmal_label == "KF:s årsmål år 2026"
    assert indicator.periodicitet == "Tertial" and indicator.period is None and indicator.utfall is None
    assert (report.kind, report.year) == ("VP", 2026)


def test_activity_table_with_analys_rows() -> None:
    (report,) = build_reports(
        doc(
            "Enhetsmål: Barn får stöd",
            [
                ["Aktivitet", "Startdatum", "Slutdatum", "Avvikelse"],
                ["✓ Utbildning för familjehem", "2025-01-01", "2025-12-31", ""],
                ["Analys Utbildningen blev av.", "", "", ""],
                ["Workshop med skolan", "2025-03-01", "2025-06-30", "Avvikelse"],
            ],
            [
                ["Aktivitet", "Startdatum", "Slutdatum", "Avvikelse"],
                ["Analys Skolan deltog inte.", "", "", ""],
            ],
        )
    )
    first, second = report.enhetsmal()[0].activities
    assert (first.name, first.startdatum, first.slutdatum, first.analys) == (
        "Utbildning för familjehem",
        "2025-01-01",
        "2025-12-31",
        "Utbildningen blev av.",
    )
    assert (second.avvikelse, second.analys) == ("Avvikelse", "Skolan deltog inte.")
    assert second.location.row == 3


def test_budget_tables_split_by_group_rows_and_continued_without_header() -> None:
    (report,) = build_reports(
        doc(
            ("Uppföljning av ekonomi", 1),
            [
                ["Beloppen anges i TKr!", "", "", ""],
                ["", "Utfall", "Budget", "Avvikelse"],
                ["Enheten", "", "", ""],
                ["Intäkter", "", "", ""],
                ["Bidrag", "140", "", "140"],
                ["Summa intäkter", "140", "0", "140"],
                ["Projekt", "", "", ""],
                ["Kostnader", "", "", ""],
                ["Personalkostnader", "1 289", "900", "-389"],
                ["Summa kostnader", "1 289", "900", "-389"],
            ],
            "Totalt",
            [["Summa netto", "1 149", "900", "-249"]],
        )
    )
    enheten, projekt, totalt = report.budget_tables
    assert (enheten.title, projekt.title, totalt.title) == ("Enheten", "Projekt", "Totalt")
    assert enheten.columns == ["Utfall", "Budget", "Avvikelse"]
    bidrag, summa = enheten.rows
    assert (bidrag.section, bidrag.is_sum, summa.is_sum, summa.section) == (
        "intakter",
        False,
        True,
        "intakter",
    )
    assert bidrag.budget is not None and bidrag.budget.kind == "empty"
    assert summa.values["Budget"].value == 0.0
    personal = projekt.rows[0]
    assert personal.section == "kostnader"
    assert personal.utfall is not None and (personal.utfall.value, personal.utfall.unit) == (1289.0, "tkr")
    assert personal.location.row == 8
    assert totalt.rows[0].section == "netto" and totalt.columns == enheten.columns


def test_headerless_table_without_a_budget_before_it_is_kept_as_rows() -> None:
    (report,) = build_reports(
        doc(("Uppföljning av ekonomi", 1), "Totalt", [["Summa netto", "1 149", "900", "-249"]])
    )
    assert report.budget_tables == []
    assert report.tables[0].title == "Totalt" and report.tables[0].rows == [
        ["Summa netto", "1 149", "900", "-249"]
    ]


def test_goal_title_on_the_next_line_and_wrapped_titles() -> None:
    (report,) = build_reports(
        doc(
            "Enhetsmål:",
            "Barn får rätt stöd",
            "Uppfylls helt",
            "Enhetsmal: Barn och familjer med komplexa behov far tidiga och samordnade",
            "insatser",
            "Beskrivning",
        )
    )
    first, second = report.enhetsmal()
    assert (first.title, first.status) == ("Barn får rätt stöd", "helt")
    assert second.title == "Barn och familjer med komplexa behov far tidiga och samordnade insatser"
    # near miss: Word headings never wrap, so a lower-case line after one is text
    (docx_report,) = build_reports(doc("Enhetsmål: Barn får stöd", "insatser ges löpande", fmt="docx"))
    assert docx_report.enhetsmal()[0].title == "Barn får stöd"
    assert [t.text for t in docx_report.enhetsmal()[0].analys] == ["insatser ges löpande"]


def test_district_from_text_and_unit_from_introduction() -> None:
    (report,) = build_reports(
        doc(
            ("Inledning", 1),
            "Barnenheten ingår i avdelningen för individ- och familjeomsorg, Hägersten-Älvsjö stadsdelsförvaltning.",
            "Enhetsmål: Barn får stöd",
            source="plan.txt",
        )
    )
    assert (report.unit, report.district, report.kind) == ("Barnenheten", "Hägersten-Älvsjö", "VB")


def test_sections_close_the_goal_tree() -> None:
    (report,) = build_reports(
        doc(
            ("Enhetsmål: Barn får stöd", 4),
            "Uppfylls helt",
            ("Uppföljning av ekonomi", 1),
            "Enheten har ett underskott på cirka 12 mnkr.",
            ("Systematiskt kvalitetsarbete", 1),
            ("Helhetssyn", 3),
            "Vi arbetar med helhetssyn.",
            fmt="docx",
        )
    )
    assert report.enhetsmal()[0].analys == []
    economy, quality = report.sections
    assert economy.paragraphs[0].text.startswith("Enheten har ett underskott")
    # a level-3 heading inside a section is a paragraph of it, not a new section
    assert [p.text for p in quality.paragraphs] == ["Helhetssyn", "Vi arbetar med helhetssyn."]


@pytest.mark.parametrize("fmt", ["docx", "markdown", "pdf"])
def test_a_heading_inside_an_analysis_keeps_the_goal_tree(fmt: str) -> None:
    """A Heading 1/2 in an analysis that is neither a goal label nor a known section is text of the
    goal: the goals after it stay in the tree. Near miss: a known section heading still closes it."""
    (report,) = build_reports(
        doc(
            ("Nämndmål: Barn har goda uppväxtvillkor", 3),
            ("Enhetsmål: Barn får stöd", 4),
            "Uppfylls helt",
            "Analys",
            "Enheten har arbetat med stödet.",
            ("Bakgrund", 1),
            "Stödet startade 2023.",
            ("Utmaningar", 2),
            ("Enhetsmål: Barn är delaktiga", 4),
            "Uppfylls delvis",
            ("Övrigt", 1),
            "Inget att tillägga.",
            fmt=fmt,
        )
    )
    (namnd,) = report.goals
    first, second = namnd.children
    assert [t.text for t in first.analys] == [
        "Enheten har arbetat med stödet.",
        "Bakgrund",
        "Stödet startade 2023.",
        "Utmaningar",
    ]
    assert (second.title, second.status) == ("Barn är delaktiga", "delvis")
    assert [s.title for s in report.sections] == ["Övrigt"]
    assert [p.text for p in report.sections[0].paragraphs] == ["Inget att tillägga."]


def test_table_of_contents_from_pdf_text_without_tabs() -> None:
    # PDF text keeps the page number but loses the tab: "... i hela staden 5", "Systematiskt kvalitetsarbete29"
    (report,) = build_reports(
        doc(
            "Innehållsförteckning",
            "KF:s inriktningsmål: 1. Ett Stockholm som håller samman 5",
            "Enhetsmål: Barn får stöd 6",
            "Systematiskt kvalitetsarbete29",
            "Utvecklingsområden 2025",  # a year is no page number: the contents end here
            "Vi utvecklar arbetet.",
            "KF:s inriktningsmål: 1. Ett Stockholm som håller samman",
            "Enhetsmål: Barn får stöd",
            fmt="pdf",
        )
    )
    assert [(g.title, g.location.block) for g in report.goals] == [("Ett Stockholm som håller samman", 6)]
    assert [(s.title, [p.text for p in s.paragraphs]) for s in report.sections] == [
        ("Utvecklingsområden 2025", ["Vi utvecklar arbetet."])
    ]


def test_row_locations_skip_empty_rows_and_tell_identical_rows_apart() -> None:
    row = ["Stadsdelsnämndens medarbetare går stadens utbildning", "2025-01-01", "2025-12-31", ""]
    (report,) = build_reports(
        doc(
            "Enhetsmål: Medarbetarna är utbildade",
            [["Aktivitet", "Startdatum", "Slutdatum", "Avvikelse"], ["", "", "", ""], row, row],
        )
    )
    assert [a.location.row for a in report.enhetsmal()[0].activities] == [2, 3]
