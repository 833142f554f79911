"""The one plural/count helper and the one quote cutter: the forms every surface writes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vbassist.sv import ELLIPSIS, count, plural, shorten


@pytest.mark.parametrize(
    ("n", "expected"),
    [(0, "0 rapporter"), (1, "1 rapport"), (2, "2 rapporter"), (2418, "2\u00a0418 rapporter")],
)
def test_count_uses_the_singular_only_for_one(n: int, expected: str) -> None:
    assert count(n, "rapport", "rapporter") == expected


def test_plural_gives_the_noun_alone() -> None:
    assert plural(1, "kommentar", "kommentarer") == "kommentar"
    assert plural(3, "kommentar", "kommentarer") == "kommentarer"
    assert count(1, "tal", "tal") == "1 tal"


def test_a_short_text_is_kept_whole_on_one_line() -> None:
    assert shorten("Målet  nås\ni år.", 40) == "Målet nås i år."


def test_a_long_quote_is_cut_after_a_whole_word() -> None:
    text = "Andelen barn som erbjuds familjehem inom en månad ökade under året till 48,84 procent"
    cut = shorten(text, 40)
    assert cut == "Andelen barn som erbjuds familjehem…"
    assert len(cut) <= 40


def test_the_cut_drops_punctuation_left_before_the_ellipsis() -> None:
    assert (
        shorten("Målet nås, enligt enheten, helt och hållet under året", 28) == "Målet nås, enligt enheten…"
    )


def test_a_word_longer_than_the_limit_is_cut_inside_it() -> None:
    assert shorten("Verksamhetsberättelseuppföljningsrutin", 12) == "Verksamhets" + ELLIPSIS


@given(st.text(alphabet="abc åäö,.\n", max_size=300), st.integers(min_value=2, max_value=200))
def test_shorten_never_exceeds_the_limit_and_ends_on_a_word(text: str, limit: int) -> None:
    cut = shorten(text, limit)
    assert len(cut) <= limit
    flat = " ".join(text.split())
    if cut.endswith(ELLIPSIS) and len(flat) > limit:
        kept = cut[: -len(ELLIPSIS)]
        assert flat.startswith(kept)
        rest = flat[len(kept) :]
        room = limit - len(ELLIPSIS)
        # the cut is at a word's end (before a space or punctuation), or the only space that would
        # allow one came too early and the (long) word was cut inside
        assert rest[:1] in (" ", ",", ".") or flat[: room + 1].rfind(" ") < room * 0.6
    else:
        assert cut == flat


def test_shorten_keeps_numbers_together_and_never_cuts_inside_one() -> None:
    text = "Kostnaden blev 1\u00a0204\u00a0560\u00a0kr under året"
    assert shorten(text, 80) == text
    assert shorten(text, 30) == "Kostnaden blev 1\u00a0204\u00a0560\u00a0kr…"
    assert shorten(text, 22) == "Kostnaden blev…"  # not "Kostnaden blev 1 204 5…"


def test_an_excerpt_never_cuts_a_word() -> None:
    from vbassist.sv import excerpt

    text = "Under året har flera medarbetare erhållit kompetensutveckling genom olika utbildningar i MI."
    at = text.index("kompetens")
    cut = excerpt(text, at, at + 9, before=10, after=12)
    assert cut == "medarbetare erhållit kompetensutveckling genom…"
    # near miss: a window that reaches both ends is the whole text, without an ellipsis
    assert excerpt(text, at, at + 9, before=200, after=200) == text
    assert excerpt(text, 0, 5, before=40, after=200) == text
