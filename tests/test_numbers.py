"""Swedish number reading: examples from the reports and properties over generated values."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vbassist.numbers import (
    find_fractions,
    find_numbers,
    format_sv,
    keep_numbers_together,
    matches_rounded,
    parse_value,
    with_implied_unit,
    with_unit,
)


@pytest.mark.parametrize(
    ("text", "value", "kind", "unit"),
    [
        ("52,17 %", 52.17, "percent", "%"),
        ("61,54", 61.54, "count", None),
        ("2 418", 2418, "count", None),
        ("1 204 560 kr", 1204560, "amount", "kr"),
        ("−4 %", -4, "percent", "%"),
        ("cirka 12 mnkr", 12, "amount", "mnkr"),
        ("41 miljoner kronor", 41, "amount", "miljoner kronor"),
        ("<b>-2 064</b>", -2064, "count", None),
        ("20\u00a0783", 20783, "count", None),
        ("100%", 100, "percent", "%"),
        ("5,4 dagar", 5.4, "count", "dagar"),
    ],
)
def test_parse_value_reads_report_cells(text: str, value: float, kind: str, unit: str | None) -> None:
    parsed = parse_value(text)
    assert parsed.value == pytest.approx(value)
    assert parsed.kind == kind
    assert parsed.unit == unit
    assert parsed.raw == text


@pytest.mark.parametrize("text", ["Tas fram av nämnd", "Tas fram av nämnd/styrelse", "VB 2025", "Ja"])
def test_words_in_a_cell_are_text_not_zero(text: str) -> None:
    parsed = parse_value(text)
    assert parsed.value is None
    assert parsed.kind == "text"
    assert parsed.note == text


@pytest.mark.parametrize("text", ["", "  ", "-", "—", None])
def test_empty_cells_are_empty(text: str | None) -> None:
    parsed = parse_value(text)
    assert parsed.kind == "empty"
    assert parsed.value is None


def test_find_numbers_in_running_text() -> None:
    text = (
        "Kostnaden ökade från 4 200 till 5 600 kr (+43 %). Underskott på cirka 12 mnkr. "
        "Barn 0-18 år, mål 1.3.2, start 2025-01-01, kvinnor (58 %), ökade med 2,5 procentenheter."
    )
    found = [(n.value, n.kind, n.unit) for n in find_numbers(text)]
    assert (4200, "count", None) in found
    assert (5600, "amount", "kr") in found
    assert (43, "percent", "%") in found
    assert (12, "amount", "mnkr") in found
    assert (58, "percent", "%") in found
    assert (2.5, "percent", "procentenheter") in found
    # dates and section numbers are not quantities
    assert all(n.value not in (1.3, 2025, 3.2) for n in find_numbers(text))
    twelve = next(n for n in find_numbers(text) if n.value == 12)
    assert twelve.approximate and twelve.kronor == 12e6
    assert text[twelve.start : twelve.end] == "12 mnkr"


def test_years_are_marked() -> None:
    (sick_2023, year_2023, *_rest) = find_numbers("från 6,9 2023 till 5,4 2024")
    assert sick_2023.value == 6.9 and sick_2023.decimals == 1
    assert year_2023.is_year


def test_number_words_only_before_a_unit() -> None:
    assert [n.value for n in find_numbers("minska med tio procent")] == [10]
    assert find_numbers("inom tre månader") == []


def test_fractions() -> None:
    (fraction,) = find_fractions("28/40 barn hade en plan")
    assert fraction.percent == pytest.approx(70)


def test_rounding_is_not_an_error() -> None:
    assert matches_rounded(83, 0, 83.33)
    assert matches_rounded(73.3, 1, 73.33)
    assert not matches_rounded(61, 0, 64.2)
    assert not matches_rounded(7.2, 1, 6.0)


amounts = st.floats(min_value=-9_999_999, max_value=9_999_999, allow_nan=False).map(lambda x: round(x, 2))


@given(amounts)
def test_format_then_parse_round_trips(x: float) -> None:
    parsed = parse_value(format_sv(x, 2))
    assert parsed.value == pytest.approx(x, abs=0.005)


@given(amounts, st.sampled_from(["%", "kr", "tkr", "mnkr", "procent"]))
def test_number_in_a_sentence_is_found_with_its_unit(x: float, unit: str) -> None:
    text = f"Utfallet blev {format_sv(x, 2)} {unit} under året."
    found = find_numbers(text)
    assert len(found) == 1
    assert found[0].value == pytest.approx(x, abs=0.005)
    assert found[0].kind == ("percent" if unit in ("%", "procent") else "amount")


@given(st.integers(min_value=0, max_value=10**9))
def test_integers_with_thousand_separators(n: int) -> None:
    text = format_sv(float(n), 0)
    assert parse_value(text).value == n
    assert [m.value for m in find_numbers(f"totalt {text} besök")] == [n]


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (2418, None, "2\u00a0418"),
        (1204560, 0, "1\u00a0204\u00a0560"),
        (2410, None, "2\u00a0410"),
        (52.17, None, "52,17"),
        (81.0, None, "81"),
        (-4, None, "-4"),
        (-0.001, None, "0"),
        (1234.5, 1, "1\u00a0234,5"),
    ],
)
def test_format_sv_groups_thousands_with_no_break_spaces(
    value: float, decimals: int | None, expected: str
) -> None:
    assert format_sv(value, decimals) == expected


def test_format_sv_keeps_more_decimals_when_asked() -> None:
    assert format_sv(64.2567, max_decimals=4) == "64,2567"
    assert format_sv(64.25, max_decimals=4) == "64,25"
    assert format_sv(1204560.0, max_decimals=4) == "1\u00a0204\u00a0560"


def test_a_value_and_its_unit_stay_on_one_line() -> None:
    assert with_unit("48,84", "%") == "48,84\u00a0%"
    assert with_unit(format_sv(1204560), "kr") == "1\u00a0204\u00a0560\u00a0kr"
    assert with_unit("12", None) == "12"


def test_keep_numbers_together_only_touches_spaces_inside_numbers() -> None:
    text = "Kostnaden 1 204 560 kr, 25 % av 4 200 barn år 2024 och 12 mnkr i budget"
    shown = keep_numbers_together(text)
    assert shown == (
        "Kostnaden 1\u00a0204\u00a0560\u00a0kr, 25\u00a0% av 4\u00a0200 barn år 2024 och 12\u00a0mnkr i budget"
    )
    assert shown.replace("\u00a0", " ") == text  # nothing else changes
    assert [m.value for m in find_numbers(shown)] == [m.value for m in find_numbers(text)]


def test_a_cell_is_shown_with_the_unit_it_leaves_out() -> None:
    bare = parse_value("25").model_copy(update={"kind": "percent", "unit": "%"})  # read from its column
    assert with_implied_unit("25", bare) == "25\u00a0%"
    assert with_implied_unit("25", parse_value("25"), "%") == "25\u00a0%"  # the row's unit
    # near misses: a written unit, words, a count without any unit stay as written
    assert with_implied_unit("48,84 %", parse_value("48,84 %"), "%") == "48,84 %"
    assert (
        with_implied_unit("Tas fram av nämnd", parse_value("Tas fram av nämnd"), "%") == "Tas fram av nämnd"
    )
    assert with_implied_unit("77", parse_value("77")) == "77"
