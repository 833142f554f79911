"""Masking personal data before text leaves the machine, and putting it back."""

from __future__ import annotations

import pytest

from vbassist.llm.masking import Masker, is_personnummer, load_names, luhn_valid, mask, unmask

# 811228-9874 is the Skatteverket example number (Luhn-valid); changing the check digit breaks it.
VALID_PNR = "811228-9874"
INVALID_PNR = "811228-9875"


def test_luhn_check() -> None:
    assert luhn_valid("8112289874")
    assert not luhn_valid("8112289875")
    assert not luhn_valid("811228987")  # too short


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (VALID_PNR, True),
        ("19811228-9874", True),
        ("198112289874", True),
        (INVALID_PNR, False),
        ("811288-9871", True),  # samordningsnummer: day 28 + 60
        ("811288-9872", False),
        ("811328-9873", False),  # month 13
    ],
)
def test_is_personnummer(text: str, expected: bool) -> None:
    assert is_personnummer(text) is expected


def test_mask_round_trip_with_all_kinds() -> None:
    text = (
        f"Barnet {VALID_PNR} och handläggaren Anna Svensson (anna.svensson@stockholm.se, 08-508 123 45) "
        f"samt ärende {INVALID_PNR}. Andelen var 73,33 % och 2 418 besök, 1 204 560 kr, 2 056 000 000 kr."
    )
    result = mask(text, names=["Anna Svensson", "Anna"])
    masked = result.text
    assert VALID_PNR not in masked
    assert "Anna Svensson" not in masked and "Anna" not in masked
    assert "anna.svensson@stockholm.se" not in masked
    assert "08-508 123 45" not in masked
    # a Luhn-invalid number of the same shape is not a personnummer and stays
    assert INVALID_PNR in masked
    # numbers that are facts are untouched
    for fact in ("73,33 %", "2 418", "1 204 560 kr", "2 056 000 000 kr"):
        assert fact in masked
    kinds = sorted(item.kind for item in result.items)
    assert kinds == ["epost", "namn", "personnummer", "telefon"]
    assert unmask(masked, result.mapping) == text


def test_same_value_gets_same_placeholder_across_texts() -> None:
    masker = Masker(["Kalle Ek"])
    first = masker.mask("Kalle Ek ringde.")
    second = masker.mask("Samtal med Kalle Ek igen.")
    assert first.split()[0] in second
    assert len(masker.items) == 1
    # the report of what was masked never repeats the value
    assert "Kalle" not in masker.items[0].model_dump_json()


def test_names_are_whole_words_only() -> None:
    result = mask("Annas och Annika", names=["Anna"])
    assert result.text == "Annas och Annika"
    assert result.items == []


def test_load_names_file(tmp_path) -> None:
    path = tmp_path / "namn.txt"
    path.write_text("# namn att maskera\nAnna Svensson\n\n  Bo Ek  # chef\n", encoding="utf-8")
    assert load_names(path) == ["Anna Svensson", "Bo Ek"]
    assert load_names(None) == []
    assert load_names(tmp_path / "saknas.txt") == []
