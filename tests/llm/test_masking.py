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
    # the genitive is the same person (issue 15); a longer name that starts alike is not
    result = mask("Annas och Annika", names=["Anna"])
    assert result.text == "[NAMN_1]s och Annika"
    assert unmask(result.text, result.mapping) == "Annas och Annika"
    near = mask("Annika, Annelie och Johanna", names=["Anna"])
    assert near.text == "Annika, Annelie och Johanna" and near.items == []


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Anna Svenssons mamma", "[NAMN_1]s mamma"),
        ("ANNA SVENSSON ringde", "[NAMN_1] ringde"),
        ("ANNA SVENSSONS bil", "[NAMN_1]S bil"),
        ("Anna\u00a0Svensson ringde", "[NAMN_1] ringde"),
        ("Anna\nSvensson ringde", "[NAMN_1] ringde"),  # a line break inside the name (PDF)
        ("anna svensson ringde", "[NAMN_1] ringde"),
        ("Bo Eks rapport", "[NAMN_2]s rapport"),
        ("Bo Ek:s rapport", "[NAMN_2]:s rapport"),
        ("Bo Ek's rapport", "[NAMN_2]'s rapport"),
    ],
)
def test_listed_names_in_every_spelling(text: str, masked: str) -> None:
    masker = Masker(["Anna Svensson", "Bo Ek"])
    masker.mask("Anna Svensson och Bo Ek")  # number the two names in a fixed order
    assert masker.mask(text) == masked
    assert len(masker.items) == 2  # every spelling is one of the two persons


@pytest.mark.parametrize(
    "text",
    [
        "Ring 08-508 111 22, eller skriv.",
        "Ring (08) 508 111 22.",
        "Ring 08–508 111 22.",
        "Ring 08\u2011508\u00a0111\u00a022.",
        "Ring +46 70 123 45 67.",
        "Ring +46 70 123 45 67, tack.",
        "Ring +46 (0)70-123 45 67.",
        "Ring +46 (0) 8 508 111 22; tack.",
        "Ring (+46) 70 123 45 67.",
        "Ring 0046 8 508 111 22.",
        "Ring 070-123 45 67, eller",
        "Ring 0850811122.",
    ],
)
def test_phone_numbers_as_people_write_them(text: str) -> None:
    result = mask(text)
    assert [i.kind for i in result.items] == ["telefon"], result.text
    assert not any(ch.isdigit() for ch in result.text.replace("[TELEFON_1]", "")), result.text
    assert unmask(result.text, result.mapping) == text


@pytest.mark.parametrize(
    "text",
    [
        "2 056 000 000 kr",
        "0,5 procent och 0 st",
        "åren 2024–2025, 0–5 år och 6–12 år",
        "ärende 08-508 111,5",  # a decimal comma: an amount, not a number to call
        "Kl. 08.00–17.00",
        "tabellen 0 0 0 0 0 0",
    ],
)
def test_amounts_and_ranges_are_not_phone_numbers(text: str) -> None:
    assert mask(text).text == text


@pytest.mark.parametrize(
    "text",
    [
        "811228-9874",
        "811228\u20119874",  # non-breaking hyphen
        "811228\u20139874",  # en dash
        "811228 \u2013 9874",
        "811228\u22129874",  # minus sign
        "19811228\u20139874",
        "8112289874",
    ],
)
def test_personnummer_with_any_dash(text: str) -> None:
    result = mask(f"Barnet {text}, syskonet.")
    assert [i.kind for i in result.items] == ["personnummer"], result.text
    assert result.text == "Barnet [PERSONNUMMER_1], syskonet."


def test_personnummer_near_miss_with_a_dash() -> None:
    # the Luhn digit decides, whatever the dash
    assert mask("ärende 811228\u20139875").items == []


@pytest.mark.parametrize(
    ("policy", "local", "masks"),
    [
        ("external", False, True),
        ("external", True, False),
        ("always", True, True),
        ("always", False, True),
        ("never", False, False),
        ("never", True, False),
    ],
)
def test_policy(policy: str, local: bool, masks: bool) -> None:
    from vbassist.llm.masking import masker_for
    from vbassist.settings import Settings

    settings = Settings(mask_pii=policy)  # type: ignore[arg-type]
    assert (masker_for(settings, local=local) is not None) is masks


def test_load_names_file(tmp_path) -> None:
    path = tmp_path / "namn.txt"
    path.write_text("# namn att maskera\nAnna Svensson\n\n  Bo Ek  # chef\n", encoding="utf-8")
    assert load_names(path) == ["Anna Svensson", "Bo Ek"]
    assert load_names(None) == []
    assert load_names(tmp_path / "saknas.txt") == []
