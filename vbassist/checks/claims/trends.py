"""Trend verbs: sentences claiming a change over time ("har minskat", "förbättrades")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from vbassist.checks.claims.sentences import Sentence, sentences

TrendDirection = Literal["up", "down", "better", "worse"]
_DIRECTIONS: tuple[TrendDirection, ...] = ("up", "down", "better", "worse")


@dataclass(frozen=True)
class TrendClaim:
    direction: TrendDirection
    sentence: Sentence
    raw: str
    start: int
    end: int


_TREND_RE = re.compile(
    r"\b(?P<up>har\s+ökat|hade\s+ökat|har\s+stigit|har\s+gått\s+upp|har\s+höjts|ökade|steg)\b"
    r"|\b(?P<down>har\s+minskat|hade\s+minskat|har\s+sjunkit|har\s+gått\s+(?:ned|ner)|har\s+sänkts|minskade|sjönk)\b"
    r"|\b(?P<better>har\s+förbättrats|förbättrades)\b"
    r"|\b(?P<worse>har\s+försämrats|försämrades)\b",
    re.IGNORECASE,
)
NEGATION_RE = re.compile(r"\b(inte|ej|icke|aldrig)\b", re.IGNORECASE)


@lru_cache(maxsize=8192)
def trend_claims(text: str) -> list[TrendClaim]:
    """Sentences claiming a change over time; negated ones ("har inte minskat") are left out."""
    out = []
    for sent in sentences(text):
        for m in _TREND_RE.finditer(sent.text):
            if NEGATION_RE.search(m.group(0)):
                continue
            direction = next(d for d in _DIRECTIONS if m[d])
            out.append(TrendClaim(direction, sent, m.group(0), sent.start + m.start(), sent.start + m.end()))
    return out
