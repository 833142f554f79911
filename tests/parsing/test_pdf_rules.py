"""The PDF reader's rules on small PDFs written here line by line (`pdf_build`), each with the case it
must handle and the near miss it must leave alone: page furniture by position and repetition, the
table of contents, rows cut by a page break, words cut by a narrow column."""

from __future__ import annotations

from vbassist.model import ParagraphBlock
from vbassist.parsing import parse_bytes
from vbassist.parsing.pdf import read_pdf_blocks
from vbassist.parsing.pdf_layout import PageItem, PdfGrid, merge_across_pages
from vbassist.parsing.wordbreaks import join_fragments

from .pdf_build import Line, build_pdf, content


def page(*texts: str, top: float = 780, step: float = 16, foot: str | None = None) -> bytes:
    lines: list[Line] = [(72, top - n * step, text) for n, text in enumerate(texts)]
    if foot is not None:
        lines.append((290, 40, foot))
    return content(lines)


def paragraphs(*pages: bytes) -> list[str]:
    doc = read_pdf_blocks(build_pdf(list(pages)), "test.pdf")
    return [b.text for b in doc.blocks if isinstance(b, ParagraphBlock)]


# --------------------------------------------------------------------------- furniture


def test_page_numbers_that_count_with_the_pages_are_dropped() -> None:
    body = ["Första stycket om verksamheten.", "Andra stycket.", "Tredje stycket om budgeten."]
    for feet in (["1", "2", "3"], ["Sida 2 av 4", "Sida 3 av 4", "Sida 4 av 4"], ["- 5 -", "- 6 -", "- 7 -"]):
        texts = paragraphs(*(page(b, foot=f) for b, f in zip(body, feet, strict=True)))
        assert " ".join(texts) == " ".join(body), feet  # the text runs on over the page breaks


def test_a_short_line_at_a_page_foot_is_text_when_it_does_not_count_with_the_pages() -> None:
    texts = paragraphs(
        page("Andelen brukare som är nöjda ökade (från 70 % till", step=700),
        page("80%).", top=60),  # the end of the sentence, alone at the foot of the next page
        page("Antalet ärenden:", "12"),  # a value at the foot
        page("Nästa stycke."),
    )
    joined = " ".join(texts)
    assert "80%)." in joined and "12" in texts
    # near miss: "7" and "8" at the feet of two pages do count with them (pages 1 and 2 printed 7, 8)
    assert " ".join(paragraphs(page("Ett.", foot="7"), page("Två.", foot="8"))) == "Ett. Två."


def test_running_header_by_repetition_but_not_a_status_line_that_recurs() -> None:
    pages = [page("VB 2025 – Testenheten", f"Enhetsmål: Mål {n}", "Uppfylls helt") for n in range(4)]
    texts = paragraphs(*pages)
    assert "VB 2025 – Testenheten" not in texts
    assert texts.count("Uppfylls helt") == 4 and "Enhetsmål: Mål 3" in texts


# --------------------------------------------------------------------------- table of contents

_BODY = [
    page(
        "Sammanfattande analys",
        "Enheten har nått sina mål.",
        "KF:s inriktningsmål: 1. Ett Stockholm som håller samman",
        "Enhetsmål: Barn får stöd",
        "Uppfylls helt",
    ),
    page("Enhetsmål: Unga får arbete", "Uppfylls delvis", "Antalet ärenden ökade till 25"),
]


def goals(pdf: bytes) -> list[tuple[str, str, str | None]]:
    (report,) = parse_bytes(pdf, "test.pdf")
    return [(g.level, g.title, g.status) for g, _ in report.iter_goals()]


EXPECTED = [
    ("kf_inriktningsmal", "Ett Stockholm som håller samman", None),
    ("enhetsmal", "Barn får stöd", "helt"),
    ("enhetsmal", "Unga får arbete", "delvis"),
]


def test_contents_entries_wrapped_with_and_without_leaders_make_no_goals() -> None:
    contents = page(
        "Verksamhetsberättelse VB 2025 för Testenheten",
        "Innehållsförteckning",
        "Sammanfattande analys 2",  # no leader
        "KF:s inriktningsmål: 1. Ett Stockholm som",  # wrapped
        "håller samman.......... 2",
        "Enhetsmål: Barn får stöd..........2",  # leader, no space
        "Enhetsmål: Unga får",
        "arbete",
        "3",  # the number on a line of its own
    )
    assert goals(build_pdf([contents, *_BODY])) == EXPECTED
    texts = paragraphs(contents, *_BODY)
    assert "Antalet ärenden ökade till 25" in texts  # ends in a number, but is no contents entry


def test_contents_without_heading_go_by_their_dot_leaders() -> None:
    contents = page(
        "Verksamhetsberättelse VB 2025 för Testenheten",
        "KF:s inriktningsmål: 1. Ett Stockholm som",
        "håller samman.......... 2",
        "Enhetsmål: Barn får stöd..........2",
        "Enhetsmål: Unga får arbete ..... 3",
    )
    assert goals(build_pdf([contents, *_BODY])) == EXPECTED


def test_a_goal_line_ending_in_a_number_after_the_contents_is_kept() -> None:
    """Near miss: the entry's title must come again later; a goal whose title ends in a year does not
    repeat, so it stays a goal."""
    contents = page(
        "Verksamhetsberättelse VB 2025 för Testenheten",
        "Innehållsförteckning",
        "Sammanfattande analys 2",
        "Enhetsmål: Fler får jobb under 2025",
        "Uppfylls helt",
    )
    assert ("enhetsmal", "Fler får jobb under 2025", "helt") in goals(build_pdf([contents, *_BODY]))


# --------------------------------------------------------------------------- tables over page breaks


def _grid(*rows: list[str]) -> PdfGrid:
    return PdfGrid(cells=[[[(c, 5.0)] if c else [] for c in r] for r in rows], top=0, bottom=0, rows=[*rows])


HEADER = ["Indikator", "Utfall", "Årsmål"]


def test_a_row_cut_by_the_page_break_is_one_row() -> None:
    for remainder, whole in (
        (["Medskapandeindex", "", ""], "Aktivt Medskapandeindex"),  # only the first cell goes on
        (["och unga", "", ""], "Aktivt och unga"),  # lower case
    ):
        pages: list[list[PageItem]] = [
            [_grid(HEADER, ["Aktivt", "83", "80"])],
            [_grid(HEADER, remainder, ["Sjukfrånvaro", "5 %", "4 %"])],
        ]
        merge_across_pages(pages, set())
        (table,) = pages[0]
        assert isinstance(table, PdfGrid) and pages[1] == []
        assert table.rows == [HEADER, [whole, "83", "80"], ["Sjukfrånvaro", "5 %", "4 %"]]


def test_a_new_row_or_a_comment_row_after_the_page_break_stays_a_row() -> None:
    for first in (["Sjukfrånvaro", "5 %", "4 %"], ["Analys Resultatet är bra.", "", ""]):
        pages: list[list[PageItem]] = [[_grid(HEADER, ["Aktivt", "83", "80"])], [_grid(HEADER, first)]]
        merge_across_pages(pages, set())
        (table,) = pages[0]
        assert isinstance(table, PdfGrid) and table.rows == [HEADER, ["Aktivt", "83", "80"], first]


# --------------------------------------------------------------------------- words cut by a column


def test_a_word_cut_over_several_lines_comes_back_when_it_is_written_whole_elsewhere() -> None:
    vocabulary = {"relationsvårdscentrum", "innerstaden", "på", "relation"}
    cut = [("insats på", 3.0), ("Relation", 0.4), ("svårdsc", 0.8), ("entrum", 1.1), ("Innerstaden.", 3.0)]
    assert join_fragments(cut, vocabulary) == "insats på Relationsvårdscentrum Innerstaden."
    # near miss: the same lines in a document that never writes the word whole
    assert join_fragments(cut, {"innerstaden", "på", "relation"}) == (
        "insats på Relation svårdscentrum Innerstaden."  # "svårdsc" + "entrum" fills the line: joined
    )


def test_a_full_line_is_not_glued_to_a_word_that_starts_the_next() -> None:
    vocabulary = {"utredning", "efter"}
    cut = [("efter", 3.0), ("avslutad", 0.05), ("utrednin", 0.1), ("g", 5.0)]
    assert join_fragments(cut, vocabulary) == "efter avslutad utredning"
    # near miss: two words of the document are two words even when the first fills its line
    assert (
        join_fragments([("beviljats", 0.2), ("insats", 3.0)], {"beviljats", "insats"}) == "beviljats insats"
    )
    # and a line that ends with room to spare ends a word
    assert join_fragments([("familje", 4.0), ("hem", 3.0)], set()) == "familje hem"
    assert join_fragments([("Hägersten-", 1.0), ("Älvsjö", 3.0)], set()) == "Hägersten-Älvsjö"
    assert join_fragments([("svenska", 0.4), ("/svenska", 2.0)], set()) == "svenska/svenska"
