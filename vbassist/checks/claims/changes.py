"""Changes and fractions stated in running text: "från 6 900 kr → 10 900 kr (+68 %)", "minskning med
310 vårddygn (från 1 900 till 1 650)", "28/40 (70 %)", "22 av 32"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from vbassist.checks.claims.sentences import sentences
from vbassist.numbers import COUNT_PATTERN, NUMBER_PATTERN, has_sign, is_year_value, parse_number

NUM = NUMBER_PATTERN
_UNIT = r"(?:%|procentenheter|procentenhet|procent|kr|kronor|tkr|mnkr|miljoner)"


@dataclass(frozen=True)
class ChangeClaim:
    old: float
    new: float
    old_decimals: int
    new_decimals: int
    unit: str | None  # unit written at the values ("%", "kr" ...)
    pct: float | None  # the stated change in percent (signed when a sign is written)
    pct_decimals: int
    pct_signed: bool
    pct_is_points: bool  # "procentenheter"
    diff: float | None  # a stated absolute change ("minskning med 310 vårddygn")
    diff_decimals: int
    direction: Literal["up", "down"] | None  # the verb or noun that says which way
    raw: str
    start: int
    end: int


# "från 89 % år 2023 till 92 %", "från 66 föregående år till 77": a year or "förra året" may sit between
_WHEN = r"(?:\s*\(?(?:år\s+|VB\s+)?(?:19|20)\d\d\)?|\s+(?:föregående|förra)\s+år(?:et)?|\s+i\s+fjol)?"
_FROM_TO_RE = re.compile(
    rf"\bfrån\s+(?P<old>{NUM})\s*(?P<u1>{_UNIT})?{_WHEN}\s*(?:till|→|->|–>)\s*(?P<new>{NUM})\s*(?P<u2>{_UNIT})?",
    re.IGNORECASE,
)
_DIR_RE = re.compile(
    r"\b(?P<up>ökning|ökat|ökade|ökar|stigit|steg|höjts|höjning|förbättring)\b|"
    r"\b(?P<down>minskning|minskat|minskade|minskar|sjunkit|sjönk|sänkts|sänkning|nedgång)\b",
    re.IGNORECASE,
)
_DIFF_RE = re.compile(rf"\bmed\s+(?P<diff>{NUM})(?!\s*(?:%|procent))", re.IGNORECASE)


@lru_cache(maxsize=8192)
def change_claims(text: str) -> list[ChangeClaim]:
    """Every "från X till/→ Y" with the stated change nearby (percent in parentheses, "med N")."""
    out: list[ChangeClaim] = []
    for sent in sentences(text):
        s = sent.text
        for m in _FROM_TO_RE.finditer(s):
            old, old_dec = parse_number(m["old"])
            new, new_dec = parse_number(m["new"])
            unit = (m["u1"] or m["u2"] or "").lower() or None
            if unit is None and all(is_year_value(v, d) for v, d in ((old, old_dec), (new, new_dec))):
                continue  # "från 2023 till 2024" is a period, not a change
            # the stated percent: in the parentheses right after ("(+68 %)") or around ("(-28 %, från ...)")
            pct_match = None
            after = s[m.end() : m.end() + 25]
            pm = re.match(rf"\s*\(\s*(?P<pct>{NUM})\s*(?P<unit>%|procentenheter|procentenhet|procent)", after)
            if pm:
                pct_match = pm
            else:
                before = s[max(0, m.start() - 30) : m.start()]
                pms = list(
                    re.finditer(rf"\(\s*(?P<pct>{NUM})\s*(?P<unit>%|procentenheter|procent)\s*,?\s*$", before)
                )
                if pms:
                    pct_match = pms[-1]
            pct = pct_dec = None
            pct_signed = pct_points = False
            if pct_match:
                pct, pct_dec = parse_number(pct_match["pct"])
                pct_signed = has_sign(pct_match["pct"])
                pct_points = pct_match["unit"].lower().startswith("procentenhet")
            # the verb or noun before the values, and "med N" between it and "från"
            head = s[max(0, m.start() - 90) : m.start()]
            dirs = list(_DIR_RE.finditer(head))
            direction: Literal["up", "down"] | None = None
            diff = diff_dec = None
            if dirs:
                d = dirs[-1]
                direction = "up" if d["up"] else "down"
                dm = _DIFF_RE.search(head[d.end() :])
                if dm:
                    diff, diff_dec = parse_number(dm["diff"])
                    diff = abs(diff)
                else:
                    dm2 = re.match(rf"\s+(?P<diff>{NUM})\s+[a-zåäö]", head[d.end() :], re.IGNORECASE)
                    if dm2:
                        diff, diff_dec = parse_number(dm2["diff"])
                        diff = abs(diff)
            head_start = max(0, m.start() - 90)
            raw_start = head_start + dirs[-1].start() if dirs else m.start()
            raw_end = m.end() + pm.end() if pm else m.end()
            out.append(
                ChangeClaim(
                    old=old,
                    new=new,
                    old_decimals=old_dec,
                    new_decimals=new_dec,
                    unit=unit,
                    pct=pct,
                    pct_decimals=pct_dec or 0,
                    pct_signed=pct_signed,
                    pct_is_points=pct_points,
                    diff=diff,
                    diff_decimals=diff_dec or 0,
                    direction=direction,
                    raw=s[raw_start:raw_end].strip(),
                    start=sent.start + m.start(),
                    end=sent.start + m.end(),
                )
            )
    return out


# --------------------------------------------------------------------------- fractions "28/40 (70 %)"


@dataclass(frozen=True)
class FractionClaim:
    numerator: float
    denominator: float
    pct: float
    pct_decimals: int
    raw: str
    start: int
    end: int


_COUNT = COUNT_PATTERN
_FRACTION_PCT_RE = re.compile(
    rf"(?<![\d/,\w])(?P<num>{_COUNT})\s*(?:/|av)\s*(?P<den>{_COUNT})(?![\d/\w])"
    rf"(?:\s+[a-zåäö]+){{0,3}}\s*[(,]\s*(?P<pct>{NUM})\s*(?:%|procent)"
    rf"|(?P<pct2>{NUM})\s*(?:%|procent)\s*\(\s*(?P<num2>{_COUNT})\s*(?:/|av)\s*(?P<den2>{_COUNT})(?:\s+[a-zåäö]+){{0,3}}\s*\)",
    re.IGNORECASE,
)


@lru_cache(maxsize=8192)
def fraction_claims(text: str) -> list[FractionClaim]:
    """ "28/40 (70 %)", "28 av 40 barn (70 %)", "70 % (28 av 40)", "91 procent (tio av elva medarbetare)"."""
    out: list[FractionClaim] = []
    if "%" not in text and "procent" not in text:
        return out
    if "/" not in text and "av" not in text.lower():
        return out  # no "28/40" or "28 av 40": the slow scan cannot match
    for m in _FRACTION_PCT_RE.finditer(text):
        num, den, pct = (m["num"], m["den"], m["pct"]) if m["num"] else (m["num2"], m["den2"], m["pct2"])
        n, d = parse_number(num)[0], parse_number(den)[0]
        if d == 0 or n > d:
            continue
        p, p_dec = parse_number(pct)
        out.append(FractionClaim(n, d, p, p_dec, m.group(0), m.start(), m.end()))
    return out


_FRACTION_RE = re.compile(
    r"(?<![\d/,\w])(?P<num>\d+)\s*(?P<sep>/|av)\s*(?P<den>\d+)(?![\d/\w%])(?!\s*(?:%|procent))"
)


@lru_cache(maxsize=8192)
def bare_fractions(text: str) -> list[tuple[float, float, int, int]]:
    """ "22 av 32", "28/40" without a percent next to them: (numerator, denominator, start, end)."""
    out = []
    for m in _FRACTION_RE.finditer(text):
        n, d = float(m["num"]), float(m["den"])
        # "3/12" is a date: a slash fraction needs a denominator no month has
        if m["sep"] == "/" and d <= 12:
            continue
        if d >= 2 and n <= d and not (1990 <= d <= 2100):
            out.append((n, d, m.start(), m.end()))
    return out
