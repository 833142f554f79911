"""Swedish as every surface writes it: a count with its noun in the right form ("1 rapport",
"2 rapporter") and a quote cut at a word boundary. The one place for both: the CLI, the reports,
rule messages, drafts and the service's messages use these, never a hand-made plural or a slice."""

from __future__ import annotations

import re

from vbassist.numbers import format_sv

ELLIPSIS = "…"
# a cut that would keep less than this share of the limit cuts inside the (very long) word instead
_MIN_KEPT = 0.6
# whitespace runs collapse to one space, except the no-break spaces that hold a number together
_WHITESPACE_RE = re.compile(r"[^\S\u00a0\u202f]+")
_TRAILING_PUNCT = " \t.,;:!?–—-([{/\"'”’"


def plural(n: int, singular: str, plural_form: str) -> str:
    """The noun for `n` things: "rapport" for 1, "rapporter" otherwise (0, 2, 2 418)."""
    return singular if n == 1 else plural_form


def count(n: int, singular: str, plural_form: str) -> str:
    """`n` and its noun: "1 rapport", "0 rapporter", "2 418 rapporter" (thousands kept together)."""
    return f"{format_sv(n)} {plural(n, singular, plural_form)}"


def shorten(text: str, limit: int = 160) -> str:
    """`text` on one line (runs of whitespace collapsed, no-break spaces kept), at most `limit` characters; a longer text is
    cut after its last whole word that fits and ends in "…", so a quote never ends mid-word."""
    text = _WHITESPACE_RE.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    room = max(limit - len(ELLIPSIS), 1)
    cut = text[: room + 1]  # one more: a space right after the room means the last word is whole
    space = cut.rfind(" ")
    kept = cut[:space].rstrip(_TRAILING_PUNCT) if space >= room * _MIN_KEPT else ""
    return (kept or text[:room]) + ELLIPSIS


def excerpt(text: str, start: int, end: int, *, before: int = 40, after: int = 60) -> str:
    """The words around `text[start:end]`: about `before` characters ahead of it and `after` behind,
    widened to whole words (never cut mid-word), "…" where the text goes on."""
    lo = max(0, start - before)
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    hi = min(len(text), end + after)
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    kept = _WHITESPACE_RE.sub(" ", text[lo:hi]).strip()
    return kept + ELLIPSIS if hi < len(text.rstrip()) else kept
