"""The markdown / plain-text reader: blocks only (the structure builder is tested elsewhere).

Each behaviour has a case it must handle and a near miss it must leave alone. The inputs are shaped
like the seeds in corpus/ (line numbers in comments point there).
"""

from __future__ import annotations

from pathlib import Path

from vbassist.model import Document, ParagraphBlock, TableBlock
from vbassist.parsing.text import is_furniture, read_text_blocks

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
SEEDS = [p for p in sorted(CORPUS.iterdir()) if p.suffix in (".md", ".txt") and p.name != "README.md"]


def md(text: str) -> Document:
    return read_text_blocks(text, "test.md", "markdown")


def txt(text: str, *, wrapped: bool | None = None) -> Document:
    return read_text_blocks(text, "test.txt", "text", wrapped=wrapped)


def paragraphs(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, ParagraphBlock)]


def tables(doc: Document) -> list[list[list[str]]]:
    return [b.rows for b in doc.blocks if isinstance(b, TableBlock)]


# --------------------------------------------------------------------------- markdown


def test_markdown_headings_bold_and_italic_lines() -> None:
    doc = md(
        "**Handläggare**  \nNina\n\n## Verksamhetsberättelse VB 2025\n\n#### **Förväntat resultat**\n\n"
        "*Enhetsmål: Barn får stöd*\n\n **Ekonomisk uppföljning** - Enhetschefen ansvarar.\n"
    )
    blocks = [b for b in doc.blocks if isinstance(b, ParagraphBlock)]
    assert [(b.text, b.heading_level, b.style) for b in blocks] == [
        ("Handläggare", None, "Strong"),
        ("Nina", None, None),
        ("Verksamhetsberättelse VB 2025", 2, "Heading2"),
        ("Förväntat resultat", 4, "Heading4"),
        ("Enhetsmål: Barn får stöd", None, "Emphasis"),
        # bold inside a line is markup, not a heading: the words stay, the asterisks go
        ("Ekonomisk uppföljning - Enhetschefen ansvarar.", None, None),
    ]
    assert doc.format == "markdown"


def test_markdown_pipe_table_cells() -> None:
    doc = md(
        "Intro\n\n"
        "| Indikator   | Utfall män/<br>pojkar | KF:s<br>årsmål |\n"
        "|---|------------------|------|\n"
        "|  Sjukfrånvaro | 7,9 %   | Tas fram av nämnd/styr else |\n"
        "| <b>Analys</b><br>Sjunkit &amp; stabilt |  |\n"
    )
    (table,) = [b for b in doc.blocks if isinstance(b, TableBlock)]
    assert table.rows == [
        ["Indikator", "Utfall män/\npojkar", "KF:s\nårsmål"],  # <br> is the cell's line break, as in Word
        ["Sjukfrånvaro", "7,9 %", "Tas fram av nämnd/styr else"],
        ["Analys\nSjunkit & stabilt", "", ""],  # short row padded, tags and entities gone
    ]
    assert table.line == 3


def test_markdown_empty_header_row_is_dropped_but_not_an_empty_body_row_header() -> None:
    doc = md("|  |           |\n|--|-----------|\n| <b>Sammanfattande analys.....</b>  | <b>3</b>  |\n")
    assert tables(doc) == [[["Sammanfattande analys.....", "3"]]]
    near_miss = md("| Aktivitet | Startdatum |\n|---|---|\n| Stöd ska ges | 2025-01-01 |\n")
    assert tables(near_miss)[0][0] == ["Aktivitet", "Startdatum"]


def test_pipe_table_in_a_text_file() -> None:
    table = "| Aktivitet | Startdatum |\n|---|---|\n| Stöd ges | 2025-01-01 |\n"
    assert tables(txt(table)) == [[["Aktivitet", "Startdatum"], ["Stöd ges", "2025-01-01"]]]
    # without the separator row a line with pipes is just text in a .txt file
    assert paragraphs(txt("| se bilaga | sid 4 |\n")) == ["| se bilaga | sid 4 |"]


def test_bullets() -> None:
    doc = txt("Förväntat resultat\n\n- Fler barn\n• Färre resor\n-Fler kontroller\n\n-4 % jämfört med 2023\n")
    blocks = [b for b in doc.blocks if isinstance(b, ParagraphBlock)]
    assert [(b.text, b.is_list_item) for b in blocks] == [
        ("Förväntat resultat", False),
        ("Fler barn", True),
        ("Färre resor", True),
        ("Fler kontroller", True),
        ("-4 % jämfört med 2023", False),  # a negative number is not a list item
    ]


def test_sentence_split_by_an_empty_line_is_one_paragraph() -> None:
    # familjehemsenheten.md lines 73-75: "... APT löpande under året. De" / "" / "har bidragit ..."
    doc = md(
        "Medarbetarnas delaktighet har skett genom APT löpande under året. De\n\nhar bidragit både muntligt.\n"
    )
    assert paragraphs(doc) == [
        "Medarbetarnas delaktighet har skett genom APT löpande under året. De har bidragit både muntligt."
    ]
    near_miss = md("Enheten har ökat.\n\nhär börjar en ny mening.\n\nNy paragraf utan punkt\n\nOckså ny.\n")
    assert paragraphs(near_miss) == [
        "Enheten har ökat.",
        "här börjar en ny mening.",
        "Ny paragraf utan punkt",
        "Också ny.",
    ]


def test_labels_and_status_lines_are_never_glued() -> None:
    doc = md(
        "*Enhetsmål: Barn får stöd*\n\n Uppfylls delvis\n\n### Analys\n\nanalysen börjar med liten bokstav\n"
    )
    assert paragraphs(doc) == [
        "Enhetsmål: Barn får stöd",
        "Uppfylls delvis",
        "Analys",
        "analysen börjar med liten bokstav",
    ]


# --------------------------------------------------------------------------- tab-separated text (Kungsholmen)


HEADER = "Indikator\tPeriodens utfall\tÅrsmål\tPeriod"


def test_tab_rows_form_one_table_and_trailing_tabs_are_empty_cells() -> None:
    doc = txt(
        f"Text före\n{HEADER}\n  Sjukfrånvaro\t5,4 %\t5 %\tVB 2024\nAnalys Sjunkit.\t\t\t\nText efter\n"
    )
    assert tables(doc) == [
        [
            ["Indikator", "Periodens utfall", "Årsmål", "Period"],
            ["Sjukfrånvaro", "5,4 %", "5 %", "VB 2024"],
            ["Analys Sjunkit.", "", "", ""],
        ]
    ]
    assert paragraphs(doc) == ["Text före", "Text efter"]


def test_table_continued_after_a_page_break_is_one_table() -> None:
    # Kungsholmen seed lines 104-113: the header is repeated and the Analys comment goes on.
    doc = txt(
        f"{HEADER}\nAndel nöjda\t83 %\t85 %\t2024\nAnalys Fler svarade. 35/ 42 2024 och\t\t\t\n\n"
        f"{HEADER}\n29/32 2023.\t\t\t\nUnderlaget är litet.\t\t\t\n"
    )
    (rows,) = tables(doc)
    assert rows[0][0] == "Indikator" and len(rows) == 3
    assert rows[2][0] == "Analys Fler svarade. 35/ 42 2024 och 29/32 2023.\nUnderlaget är litet."


def test_tables_with_different_headers_stay_apart() -> None:
    doc = txt(
        f"{HEADER}\nA\t1\t2\t2024\n\nAktivitet\tStartdatum\tSlutdatum\tAvvikelse\nB\t2024-01-01\t2024-12-31\t\n"
    )
    assert len(tables(doc)) == 2


# --------------------------------------------------------------------------- hard-wrapped text (PDF extraction)

WRAPPED_INTRO = (
    "Barnenheten arbetar för att barn ska få sina grundläggande behov tillgodosedda genom trygga \n"
    "och stabila uppväxtförhållande och förutsättningar som gynnar deras utveckling. \n"
    "Huvudansvaret för att dessa behov tillgodoses ligger i första hand på barnens föräldrar och \n"
    "naturliga nätverk samt hos samhällets generella organ såsom hälso- och sjukvård, barnomsorg \n"
    "samverkan med nätverket. \n"
    "Arbetsmiljö \n"
    "Enheten har under 2024 haft utmaningar med personalförsörjningen och rekryterat många nya \n"
    "medarbetare. \n"
)


def test_wrapped_lines_are_reflowed_into_paragraphs() -> None:
    doc = txt(WRAPPED_INTRO, wrapped=True)
    assert paragraphs(doc) == [
        "Barnenheten arbetar för att barn ska få sina grundläggande behov tillgodosedda genom trygga och "
        "stabila uppväxtförhållande och förutsättningar som gynnar deras utveckling. Huvudansvaret för att "
        "dessa behov tillgodoses ligger i första hand på barnens föräldrar och naturliga nätverk samt hos "
        "samhällets generella organ såsom hälso- och sjukvård, barnomsorg samverkan med nätverket.",
        "Arbetsmiljö",  # a short line before a capital: the break was meant
        "Enheten har under 2024 haft utmaningar med personalförsörjningen och rekryterat många nya medarbetare.",
    ]
    # In a Word text export (one paragraph per line) a line starting with a capital is a new paragraph;
    # only a line going on in lower case continues the one above.
    export = paragraphs(txt(WRAPPED_INTRO, wrapped=False))
    assert len(export) == 4
    assert [p.split(" ")[0] for p in export] == ["Barnenheten", "Huvudansvaret", "Arbetsmiljö", "Enheten"]


def test_wrapped_goal_title_and_labels() -> None:
    doc = txt(
        "Enhetsmål: Andelen barn som är aktuella för utredning och som  gjorts delaktiga \n"
        "anpassat efter ålder, mognad och eventuell funktionsvariation i sin utredning och får \n"
        "återkoppling efter avslutad utredning ökar. \n\nFörväntat resultat \n\n"
        "Barns delaktighet är central för att säkerställa att socialtjänstens insatser är träffsäkra, \n"
        "välgrundade och anpassade efter barnets behov. \n Resursanvändning \n\nGruppmöten används.\n",
        wrapped=True,
    )
    assert paragraphs(doc) == [
        "Enhetsmål: Andelen barn som är aktuella för utredning och som gjorts delaktiga anpassat efter ålder, "
        "mognad och eventuell funktionsvariation i sin utredning och får återkoppling efter avslutad utredning ökar.",
        "Förväntat resultat",
        "Barns delaktighet är central för att säkerställa att socialtjänstens insatser är träffsäkra, "
        "välgrundade och anpassade efter barnets behov.",
        "Resursanvändning",
        "Gruppmöten används.",
    ]


def test_hyphen_at_line_end() -> None:
    doc = txt(
        "Familjehemsenheten ingår i avdelningen för individ- och familjeomsorg, Hägersten-\n"
        "Älvsjö stadsdelsförvaltning och använder strukturerade risk-\n"
        "och skyddsbedömningar i arbetet med barn och unga varje dag.\n",
        wrapped=True,
    )
    assert paragraphs(doc) == [
        "Familjehemsenheten ingår i avdelningen för individ- och familjeomsorg, Hägersten-Älvsjö "
        "stadsdelsförvaltning och använder strukturerade risk- och skyddsbedömningar i arbetet med barn och "
        "unga varje dag."
    ]


def test_page_furniture_is_dropped_and_the_cut_sentence_rejoined() -> None:
    # vp2026 seed lines 128-139
    doc = txt(
        "Familjerätt sydväst ska erbjuda individuellt stöd och gruppverksamhet till föräldrar som inte\n"
        "bor tillsammans för att hjälpa dem att komma överens och hitta sätt att samarbeta. Stöd\n\n"
        "start.stockholm\n\n\n\nTjansteutlatande\ngtgékhOIms Sid 7 (28)\n\n"
        "erbjuds enskilt och i grupp till barn och ungdomar som bevittnar våld.\n\n"
        "Förvaltningens tjänsteutlåtanden genomförs utifrån barnrättsperspektivet.\n",
        wrapped=True,
    )
    assert paragraphs(doc) == [
        "Familjerätt sydväst ska erbjuda individuellt stöd och gruppverksamhet till föräldrar som inte bor "
        "tillsammans för att hjälpa dem att komma överens och hitta sätt att samarbeta. Stöd erbjuds enskilt "
        "och i grupp till barn och ungdomar som bevittnar våld.",
        "Förvaltningens tjänsteutlåtanden genomförs utifrån barnrättsperspektivet.",  # a word, not a footer
    ]


def test_is_furniture() -> None:
    for line in (
        "start.stockholm",
        "ety Tjansteutlatande",
        "Tjänsteutlåtande",
        "gEnghOlmS Sid 24 (28)",
        "@ Stockholms",
    ):
        assert is_furniture(line), line
    for line in (
        "Sid 7 (28) av rapporten visar att enheten har nått målet",
        "Stockholms stad",
        "Utredningsgrupp 2",
    ):
        assert not is_furniture(line), line


# --------------------------------------------------------------------------- flattened VP tables

INDICATOR_HEADER = "  Indikator Årsmål KF:s årsmål år 2025 Periodicitet \n"


def test_flattened_indicator_table_name_first_then_values() -> None:
    # vp2025 seed lines 73-80 and 305-313
    doc = txt(
        INDICATOR_HEADER + "\n Andel utredningar av barn \noch unga där barnet varit \ndelaktigt och fått \n"
        "återkoppling \n\n Tas fram av nämnd Tertial \n\n"
        " Klimatpåverkan från \nupphandlade livsmedel \n\n 1,5 kg CO2 per kg \nlivsmedel \n\nÅr \n\n"
        "Nämndmål: Barn och ungdomar har goda uppväxtvillkor \n",
        wrapped=True,
    )
    assert tables(doc) == [
        [
            ["Indikator", "Årsmål", "KF:s årsmål år 2025", "Periodicitet"],
            [
                "Andel utredningar av barn och unga där barnet varit delaktigt och fått återkoppling",
                "",
                "Tas fram av nämnd",
                "Tertial",
            ],
            ["Klimatpåverkan från upphandlade livsmedel", "", "1,5 kg CO2 per kg livsmedel", "År"],
        ]
    ]
    assert paragraphs(doc) == ["Nämndmål: Barn och ungdomar har goda uppväxtvillkor"]


def test_flattened_indicator_table_values_first_with_ocr_debris() -> None:
    # vp2026 seed lines 640-651 and 87-94
    doc = txt(
        "Indikator Arsmal KF:s arsmél &r 2026 Periodicitet\n\nT Aktivt Medskapandeindex 82 82 Ar\n\nS\n"
        "c Sjukfréanvaro 7,9 % Tas fram av ndmnd Tertial\n\nS\n"
        "v Andel utredningar av barn 80 % Tas fram av ndmnd Tertial\n\noch unga dar barnet varit\n\n"
        "Sjukfrånvaro  Tas fram av nämnd/styrelse Tertial \n\n"
        "Namndmal: Barn och ungdomar har goda uppvéxtvillkor\n",
        wrapped=True,
    )
    (rows,) = tables(doc)
    assert rows == [
        ["Indikator", "Arsmal", "KF:s arsmél &r 2026", "Periodicitet"],
        ["Aktivt Medskapandeindex", "82", "82", "Ar"],
        ["Sjukfréanvaro", "7,9 %", "Tas fram av ndmnd", "Tertial"],
        ["Andel utredningar av barn och unga dar barnet varit", "80 %", "Tas fram av ndmnd", "Tertial"],
        ["Sjukfrånvaro", "", "Tas fram av nämnd/styrelse", "Tertial"],  # one target: the KF:s årsmål
    ]


def test_indicator_name_ending_in_a_period_word_is_not_a_periodicity() -> None:
    doc = txt(
        INDICATOR_HEADER + "Andel barn som väntat mer än ett år \npå en placering 80 % Tertial \n\n"
        "Nämndmål: Barn och ungdomar har goda uppväxtvillkor \n",
        wrapped=True,
    )
    assert tables(doc)[0][1:] == [
        ["Andel barn som väntat mer än ett år på en placering", "", "80 %", "Tertial"]
    ]


def test_flattened_indicator_table_ends_at_prose() -> None:
    doc = txt(
        INDICATOR_HEADER + "Aktivt Medskapandeindex 70 83 År \n\n"
        "Enheten arbetar vidare med medarbetarenkäten under hösten och följer upp resultatet i T2.\n",
        wrapped=True,
    )
    assert tables(doc)[0][1:] == [["Aktivt Medskapandeindex", "70", "83", "År"]]
    assert paragraphs(doc) == [
        "Enheten arbetar vidare med medarbetarenkäten under hösten och följer upp resultatet i T2."
    ]


def test_flattened_activity_table_both_layouts_and_page_break() -> None:
    # vp2025 seed lines 107-123 (dates after the text; a row cut by a repeated header)
    doc = txt(
        "  Aktivitet Startdatum Slutdatum \n\n"
        " Stadsdelsnämnden ska erbjuda fler öppna insatser till barn, ungdomar och \n"
        "familjer utan föregående biståndsbeslut \n\n2025-01-01 2025-12-31 \n\n"
        " Stadsdelsnämnden ska utveckla samarbetet för familjer aktuella inom 2025-01-01 2025-08-31 \n"
        "   Aktivitet Startdatum Slutdatum \n\nfamiljerätten och verksamhetsområde barn, unga och familj \n\n"
        "Samtliga medarbetare ska ha tagit del av stadens e-utbildning 2026-01-01 2026-12-31\n"
        '"Valfardsbrott — ett hot mot demokratin”\n'
        " Enhetsmål: Enheten har en beredskap för oväntade händelser \n",
        wrapped=True,
    )
    assert tables(doc) == [
        [
            ["Aktivitet", "Startdatum", "Slutdatum"],
            [
                "Stadsdelsnämnden ska erbjuda fler öppna insatser till barn, ungdomar och familjer utan föregående biståndsbeslut",
                "2025-01-01",
                "2025-12-31",
            ],
            [
                "Stadsdelsnämnden ska utveckla samarbetet för familjer aktuella inom familjerätten och verksamhetsområde barn, unga och familj",
                "2025-01-01",
                "2025-08-31",
            ],
            [
                'Samtliga medarbetare ska ha tagit del av stadens e-utbildning "Valfardsbrott — ett hot mot demokratin”',
                "2026-01-01",
                "2026-12-31",
            ],
        ]
    ]
    assert paragraphs(doc) == ["Enhetsmål: Enheten har en beredskap för oväntade händelser"]


def test_flattened_activity_table_ends_at_text_without_dates() -> None:
    doc = txt(
        "Aktivitet Startdatum Slutdatum\nInterna förstärkare införs 2026-01-01 2026-08-31\n\n"
        "Under året följs aktiviteten upp på APT.\n",
        wrapped=True,
    )
    assert tables(doc)[0][1:] == [["Interna förstärkare införs", "2026-01-01", "2026-08-31"]]
    assert paragraphs(doc) == ["Under året följs aktiviteten upp på APT."]


# --------------------------------------------------------------------------- indices and lines on the seeds


def _read_seed(name: str) -> Document:
    fmt = "markdown" if name.endswith(".md") else "text"
    return read_text_blocks((CORPUS / name).read_text(encoding="utf-8"), name, fmt)  # type: ignore[arg-type]


def test_seed_blocks_have_running_indices_and_source_lines() -> None:
    for path in SEEDS:
        doc = _read_seed(path.name)
        assert [b.index for b in doc.blocks] == list(range(len(doc.blocks)))
        lines = path.read_text(encoding="utf-8").split("\n")
        previous = 0
        for block in doc.blocks:
            assert block.line is not None and block.line > previous  # source order, 1-based
            previous = block.line
            if isinstance(block, ParagraphBlock) and not block.is_list_item and len(block.text) > 12:
                # the block's first words are on its line (markup and stray characters aside)
                first = block.text.split(" ")[0].strip("*")
                assert first in lines[block.line - 1], (path.name, block.line, block.text[:40])


def test_seed_block_shapes() -> None:
    vp25 = _read_seed("vp2025_hagersten-alvsjo_barnenheten.txt")
    assert [len(t) for t in tables(vp25)] == [2, 4, 2, 2, 2, 4, 5, 4]  # header + rows, read off the seed
    enhetsmal = [b for b in vp25.blocks if isinstance(b, ParagraphBlock) and b.text.startswith("Enhetsmål:")]
    assert [b.line for b in enhetsmal] == [125, 182, 232, 338, 388, 490, 511, 544, 594, 644, 693]
    kungsholmen = _read_seed("vb2024_kungsholmen_socialtjanstavdelningen.txt")
    headers = [t[0] for t in tables(kungsholmen) if t[0][0] == "Indikator"]
    assert len(headers) == 25 and all(len(h) == 8 for h in headers)
    fam = _read_seed("vb2025_hagersten-alvsjo_familjehemsenheten.md")
    assert len(tables(fam)) == 27  # every pipe table of the seed
    assert doc_formats() == {"markdown", "text"}


def doc_formats() -> set[str]:
    return {_read_seed(p.name).format for p in SEEDS}
