"""Swedish text normalisation for the keyword side of retrieval.

Managers type queries without diacritics ("malet uppfylls"), in definite forms ("sjukfrånvaron") and
the PDF-extracted VP in the seeds lost its diacritics too, so documents and queries go through the same
pipeline: lowercase -> fold diacritics -> tokenise -> drop stopwords -> Snowball Swedish stem -> a few
extra suffix rules for definite forms the Snowball stemmer leaves alone. Folding BEFORE stemming keeps
"målet" and "malet" on the same token whatever the stemmer does with å/ä/ö.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "è": "e", "ü": "u", "æ": "a", "ø": "o"})
_TOKEN = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)?")
_VOWELS = set("aeiouy")

# Negations and "inte"-like words decide a status ("uppfylls inte"), so they stay searchable.
_KEEP = {"inte", "ej", "icke", "ingen"}


def fold(text: str) -> str:
    """Lowercase and strip diacritics (å->a, ä->a, ö->o, accents), so PDF text that lost them matches."""
    text = text.lower().translate(_FOLD)
    if text.isascii():
        return text
    # remaining accents (ê, á ...) via NFKD; cheap because most text is ASCII after the table above
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_SWEDISH

    return frozenset(fold(w) for w in STOPWORDS_SWEDISH if w not in _KEEP)


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("swedish")


def _post_stem(stem: str) -> str:
    """Definite and plural forms Snowball leaves apart: sjukfrånvaron/sjukfrånvaro, ekonomin/ekonomi,
    barnet/barn, familjehemmen/familjehem, insatsen/insats. The rules only need to map both forms to
    the SAME token (documents and queries pass here alike), not to produce a dictionary word."""
    if len(stem) >= 6 and stem.endswith(("on", "in")):
        stem = stem[:-1]
    elif len(stem) >= 6 and stem.endswith("et") and stem[-3] not in _VOWELS:
        stem = stem[:-2]
    if len(stem) >= 4 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
        stem = stem[:-1]
    if len(stem) >= 5 and stem.endswith("s"):
        stem = stem[:-1]
    return stem


@lru_cache(maxsize=200_000)
def _normalise_token(token: str) -> str:
    # Twice: folding turns "-ät"/"-ån" into suffixes Snowball strips only on a second pass
    # ("medarbetarenkäten" vs "medarbetarenkät"); a fixed two passes keeps both forms together.
    stem = _stemmer()
    return _post_stem(stem.stemWord(_post_stem(stem.stemWord(token))))


def tokenize(text: str) -> list[str]:
    """Normalised tokens of `text` (documents and queries alike)."""
    stops = stopwords()
    out: list[str] = []
    for token in _TOKEN.findall(fold(text)):
        if token in stops:
            continue
        if token[0].isdigit():
            out.append(token.replace(",", "."))
            continue
        if len(token) < 2:
            continue
        out.append(_normalise_token(token))
    return out
