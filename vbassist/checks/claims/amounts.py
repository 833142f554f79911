"""Budget amounts in text: "underskott på cirka 29 miljoner kronor", "budget på 57 miljoner"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from vbassist.numbers import find_numbers

AmountKind = Literal["underskott", "overskott", "budget"]


@dataclass(frozen=True)
class AmountClaim:
    """An amount in text about the budget: kind "underskott"/"overskott" (a deviation) or "budget"."""

    kind: AmountKind
    kronor: float
    approximate: bool
    raw: str
    start: int
    end: int


_AMOUNT_KEY_RE = re.compile(
    r"\b(?P<under>underskott(?:et)?|negativ\s+(?:budget)?avvikelse|negativt\s+resultat)\b"
    r"|\b(?P<over>överskott(?:et)?|positiv\s+(?:budget)?avvikelse|positivt\s+resultat)\b"
    r"|\b(?P<budget>budget|budgetram|budgeten|budgetramen)\s+(?:på|om|uppgår\s+till|är)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=8192)
def amount_claims(text: str) -> list[AmountClaim]:
    """ "underskott på cirka 29 miljoner kronor", "budget på 57 miljoner": the first amount within
    the next few words of the key word."""
    out = []
    mentions = [n for n in find_numbers(text) if n.kind == "amount" and n.kronor is not None]
    for m in _AMOUNT_KEY_RE.finditer(text):
        kind: AmountKind = "underskott" if m["under"] else "overskott" if m["over"] else "budget"
        for n in mentions:
            if m.end() <= n.start <= m.end() + 25:
                out.append(
                    AmountClaim(
                        kind, abs(n.kronor or 0.0), n.approximate, text[m.start() : n.end], m.start(), n.end
                    )
                )
                break
    return out
