"""Properties of the text reader on arbitrary input: it never fails, never loses a word, and its blocks
are in source order with running indices."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from vbassist.model import ParagraphBlock, TableBlock
from vbassist.parsing.text import read_text_blocks

# Lines shaped like the seeds: labels, statuses, bullets, tab rows, pipe rows, flattened headers, prose.
LINE = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "Förväntat resultat",
            "Enhetsmål: Barn får stöd",
            " Uppfylls delvis",
            "— Inga data",
            "- Fler barn",
            "Indikator\tPeriodens utfall\tÅrsmål\tPeriod",
            "Sjukfrånvaro\t5,4 %\t5 %\tVB 2024",
            "Analys Sjunkit.\t\t\t",
            "| Aktivitet | Startdatum |",
            "|---|---|",
            "  Indikator Årsmål KF:s årsmål år 2025 Periodicitet ",
            "Aktivt Medskapandeindex 70 83 År",
            "Aktivitet Startdatum Slutdatum",
            "Stöd ges 2025-01-01 2025-12-31",
            "2025-01-01 2025-12-31",
            "start.stockholm",
            "**Fet rubrik**",
            "*Enhetsmål: kursiv*",
            "## Analys",
        ]
    ),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=120),
)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[A-Za-zÅÄÖåäö]{4,}", text)}


@settings(max_examples=80, deadline=None)
@given(
    lines=st.lists(LINE, max_size=40),
    fmt=st.sampled_from(["markdown", "text"]),
    wrapped=st.sampled_from([None, True, False]),
)
def test_reader_never_fails_and_keeps_order(lines: list[str], fmt: str, wrapped: bool | None) -> None:
    text = "\n".join(lines)
    doc = read_text_blocks(text, "x", fmt, wrapped=wrapped)  # type: ignore[arg-type]
    assert [b.index for b in doc.blocks] == list(range(len(doc.blocks)))
    source_lines = [b.line for b in doc.blocks]
    n_lines = len(re.split(r"\r\n|\r|\n|\f", text))  # the reader's line breaks, as editors count them
    assert all(line is not None and 1 <= line <= n_lines for line in source_lines)
    assert source_lines == sorted(source_lines)
    for block in doc.blocks:
        if isinstance(block, TableBlock):
            assert block.rows and len({len(r) for r in block.rows}) == 1  # rectangular
        else:
            assert isinstance(block, ParagraphBlock) and block.text == block.text.strip() and block.text


@settings(max_examples=60, deadline=None)
@given(
    lines=st.lists(
        st.from_regex(r"[A-ZÅÄÖa-zåäö][a-zåäö]{3,9}( [a-zåäö]{2,9}){0,12}[.]?", fullmatch=True), max_size=25
    )
)
def test_prose_words_survive(lines: list[str]) -> None:
    """Plain prose (no labels, tables or furniture) comes back with every word, whatever the reflow."""
    text = "\n".join(lines)
    for wrapped in (True, False):
        doc = read_text_blocks(text, "x", "text", wrapped=wrapped)
        out = " ".join(b.text for b in doc.blocks if isinstance(b, ParagraphBlock))
        assert _words(out) == _words(text)


def test_empty_and_crlf_input() -> None:
    assert read_text_blocks("", "x", "text").blocks == []
    assert read_text_blocks(" \n\t\n \n", "x", "markdown").blocks == []
    doc = read_text_blocks("Analys\r\n\r\nEnheten har nått målet.\r\n", "x", "text")
    assert [(b.text, b.line) for b in doc.blocks if isinstance(b, ParagraphBlock)] == [
        ("Analys", 1),
        ("Enheten har nått målet.", 3),
    ]
