"""Swedish normalisation for the keyword side: definite forms, missing diacritics, stopwords."""

from __future__ import annotations

import pytest

from vbassist.index.text import fold, tokenize


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("sjukfrånvaron", "sjukfrånvaro"),
        ("målet", "malet"),  # the PDF-extracted VP lost its diacritics
        ("barnet", "barn"),
        ("ekonomin", "ekonomi"),
        ("familjehemmen", "familjehem"),
        ("insatsen", "insatser"),
        ("medarbetarenkäten", "medarbetarenkat"),
        ("placeringen", "placeringar"),
        ("personalomsättningen", "personalomsattning"),
    ],
)
def test_forms_of_one_word_meet(a: str, b: str) -> None:
    assert tokenize(a) == tokenize(b) != []


@pytest.mark.parametrize(("a", "b"), [("barn", "budget"), ("våld", "vård"), ("sjukfrånvaro", "frånvaro")])
def test_different_words_stay_apart(a: str, b: str) -> None:
    assert tokenize(a) != tokenize(b)


def test_stopwords_go_but_negation_stays() -> None:
    tokens = tokenize("Målet uppfylls inte och det är för att vi har")
    assert "int" in tokens or "inte" in tokens
    assert not {"och", "det", "att", "vi", "har"} & set(tokens)


def test_numbers_keep_their_decimals() -> None:
    assert "52.17" in tokenize("andelen var 52,17 % år 2024")
    assert "2024" in tokenize("andelen var 52,17 % år 2024")


def test_fold() -> None:
    assert fold("Ökad Tillgänglighet Å") == "okad tillganglighet a"
    assert fold("café") == "cafe"
