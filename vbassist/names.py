"""Comparing names and labels as a reader would: case, diacritics lost in a PDF ("malet" for "målet"),
soft hyphens, non-breaking spaces and punctuation do not make two names different. The one place that
says how; every module that compares names uses these."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def _fold_char(ch: str) -> str:
    """One character to one folded character (keeps positions aligned with the original)."""
    if ch in "\u00a0\u2009\u202f\t\r\n\u2007":
        return " "
    base = unicodedata.normalize("NFKD", ch)
    letters = [c for c in base if not unicodedata.combining(c)]
    folded = letters[0].lower() if len(letters) == 1 else ch.lower()
    return folded if len(folded) == 1 else ch  # "İ".lower() is two characters: keep the original


_FOLD_TABLE: dict[int, str] = {}
_FOLD_KNOWN: set[str] = set()  # the characters in _FOLD_TABLE, kept as a set for a C-speed subset test


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower case, no diacritics ("Förväntat" -> "forvantat"), same length as `text`."""
    # str.translate with a table filled on first sight of each character: whole reports fold in C speed
    if not _FOLD_KNOWN.issuperset(text):
        for ch in set(text).difference(_FOLD_KNOWN):
            _FOLD_TABLE[ord(ch)] = _fold_char(ch)
            _FOLD_KNOWN.add(ch)
    return text.translate(_FOLD_TABLE)


_NOT_ALNUM_RE = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=4096)
def fold_name(text: str | None) -> str:
    """A name as a comparison key: folded ("Hägersten-Älvsjö" -> "hagersten alvsjo"), soft hyphens
    dropped, every run of other characters one space."""
    return _NOT_ALNUM_RE.sub(" ", fold((text or "").replace("\u00ad", ""))).strip()
