"""Numeric targets in a Förväntat resultat bullet: "minst 80 procent", "minskar till 8,5 %", "minska med
tio procent", "halveras"; else the direction alone ("Sjukfrånvaron minskar")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from vbassist.checks.claims.trends import NEGATION_RE
from vbassist.numbers import NUMBER_OR_WORD_PATTERN, parse_number

NUM_OR_WORD = NUMBER_OR_WORD_PATTERN
_UNIT = r"(?:%|procentenheter|procentenhet|procent|kr|kronor|tkr|mnkr|miljoner)"


TargetKind = Literal[
    "min", "max", "rel_decrease", "rel_increase", "pp_decrease", "pp_increase", "dir_increase", "dir_decrease"
]  # fmt: skip
# what a pattern's match means: the kind of target, in points or in percent of last year's value
_KIND_BY_UNIT: dict[str, tuple[TargetKind, TargetKind]] = {  # (in percent/other, in points)
    "min": ("min", "min"),
    "max": ("max", "max"),
    "dec": ("rel_decrease", "pp_decrease"),
    "inc": ("rel_increase", "pp_increase"),
}


@dataclass(frozen=True)
class TargetClaim:
    """A numeric target. kind: "min" (minst X, ökar till X), "max" (högst X, minskar till X),
    "rel_decrease"/"rel_increase" (minska/öka med X procent, relative to last year; "halveras" = 50),
    "pp_decrease"/"pp_increase" (med X procentenheter)."""

    kind: TargetKind
    value: float
    decimals: int
    unit: str | None
    raw: str
    start: int
    end: int


_TARGET_RES: list[tuple[str, re.Pattern[str]]] = [
    (
        "min",
        re.compile(rf"\b(?:minst|lägst|åtminstone)\s+(?P<v>{NUM_OR_WORD})\s*(?P<u>{_UNIT})?", re.IGNORECASE),
    ),
    ("max", re.compile(rf"\b(?:högst|maximalt|max)\s+(?P<v>{NUM_OR_WORD})\s*(?P<u>{_UNIT})?", re.IGNORECASE)),
    (
        "min",
        re.compile(
            rf"\b(?:ökar|öka|höjs|förbättras|stiger|uppgår)\s+till\s+(?P<v>{NUM_OR_WORD})\s*(?P<u>{_UNIT})?",
            re.IGNORECASE,
        ),
    ),
    (
        "max",
        re.compile(
            rf"\b(?:minskar|minska|sänks|sjunker|reduceras)\s+till\s+(?P<v>{NUM_OR_WORD})\s*(?P<u>{_UNIT})?",
            re.IGNORECASE,
        ),
    ),
    (
        "dec",
        re.compile(
            rf"\b(?:minskar|minska|sänks|reduceras|minskas)\s+med\s+(?P<v>{NUM_OR_WORD})\s*(?P<u>procentenheter|procentenhet|procent|%)",
            re.IGNORECASE,
        ),
    ),
    (
        "inc",
        re.compile(
            rf"\b(?:ökar|öka|ökas|höjs|förbättras|stiger)\s+med\s+(?P<v>{NUM_OR_WORD})\s*(?P<u>procentenheter|procentenhet|procent|%)",
            re.IGNORECASE,
        ),
    ),
    ("halve", re.compile(r"\bhalveras\b", re.IGNORECASE)),
]


@lru_cache(maxsize=8192)
def target_claims(text: str) -> list[TargetClaim]:
    """Targets in a Förväntat resultat bullet: numeric ones, else the direction alone ("dir_increase")."""
    out: list[TargetClaim] = []
    for kind, pattern in _TARGET_RES:
        for m in pattern.finditer(text):
            if kind == "halve":
                out.append(TargetClaim("rel_decrease", 50.0, 0, "%", m.group(0), m.start(), m.end()))
                continue
            value, dec = parse_number(m["v"])
            unit = (m["u"] or "").lower() or None
            points = bool(unit and unit.startswith("procentenhet"))
            claim_kind = _KIND_BY_UNIT[kind][points]
            if kind in ("min", "max"):
                unit = "%" if unit in ("procent", "%") else unit
            out.append(TargetClaim(claim_kind, value, dec, unit, m.group(0), m.start(), m.end()))
    if not out:
        # no number: a direction only ("Andelen ekologiska inköp ökar", "Sjukfrånvaron minskar")
        d = _DIRECTION_RE.search(text)
        if d and not NEGATION_RE.search(text[max(0, d.start() - 12) : d.end() + 8]):
            direction: TargetKind = "dir_increase" if d["up"] else "dir_decrease"
            out.append(TargetClaim(direction, 0.0, 0, None, d.group(0), d.start(), d.end()))
    out.sort(key=lambda t: t.start)
    return out


_DIRECTION_RE = re.compile(
    r"\b(?P<up>ökar|ska\s+öka|förbättras|höjs|stiger)\b|\b(?P<down>minskar|ska\s+minska|sänks|sjunker)\b",
    re.IGNORECASE,
)
