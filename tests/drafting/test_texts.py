"""The drafter's sentences are a data file checked strictly when loaded: a missing key, an unknown key
or an undeclared variable is a configuration error naming it, never a stray "{namn}" in a draft."""

from __future__ import annotations

import copy
import tomllib

import pytest

from vbassist.drafting.texts import TEXTS_FILE, VARIABLES, load_texts, parse_texts
from vbassist.errors import ConfigurationError


def _data() -> dict:
    return tomllib.loads(TEXTS_FILE.read_text(encoding="utf-8"))


def test_the_shipped_file_has_every_key_and_variants_in_turn() -> None:
    texts = load_texts()
    first = texts.text("indicator.target_met", 0, target="75 %")
    second = texts.text("indicator.target_met", 1, target="75 %")
    assert first != second and "75 %" in first and "75 %" in second
    assert texts.text("indicator.target_met", 2, target="75 %") == first  # taken in turn


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (
            lambda d: d["indicator"].update(level="{subject} var {nu}."),
            "indicator.level: okända variabler nu",
        ),
        (lambda d: d["closing"].pop("next"), "nyckeln closing.next saknas"),
        (lambda d: d["closing"].update(extra="x"), "okänd nyckel closing.extra"),
        (lambda d: d["indicator"].update(up=[]), "indicator.up: ska vara en text"),
    ],
)
def test_an_edited_file_with_a_mistake_fails_loudly(edit, problem: str) -> None:  # type: ignore[no-untyped-def]
    data = copy.deepcopy(_data())
    edit(data)
    with pytest.raises(ConfigurationError) as error:
        parse_texts(data, source="draft_texts.toml")
    assert problem in error.value.message


def test_the_drafter_fills_exactly_the_declared_variables() -> None:
    texts = load_texts()
    with pytest.raises(KeyError):
        texts.text("indicator.level", subject="Andelen")  # "now" missing: a drafter bug, caught
    assert set(VARIABLES) == set(parse_texts(_data(), source="x"))
