"""Swedish numbers as written in reports: "52,17 %", "61,54", "2 418", "1 204 560 kr", "−4 %",
"cirka 12 mnkr", "41 miljoner kronor", "Tas fram av nämnd", empty cells.

Two entry points: `parse_value` reads one table cell; `find_numbers` finds every number in running text
with its span, so a finding can point at the characters. Percent, count and amount are told apart by
the unit written next to the number; a bare "61,54" in a percent column is for the caller to judge.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

from vbassist.model import Value

MentionKind = Literal["percent", "count", "amount"]

# Space-like characters used as thousands separators: space, no-break space, thin and narrow spaces.
_SEP = "[ \u00a0\u2009\u202f]"
_MINUS = "\u2212\u2013-"  # minus sign, en dash, hyphen-minus (all seen as minus in exports)
_MINUS_CLASS = "\u2212\u2013\\-"  # the same inside a regex character class

# amount units -> factor to kronor
_AMOUNT_UNITS: dict[str, float] = {
    "kr": 1.0,
    "kronor": 1.0,
    "sek": 1.0,
    "tkr": 1e3,
    "tusen kronor": 1e3,
    "tusen kr": 1e3,
    "mnkr": 1e6,
    "mkr": 1e6,
    "msek": 1e6,
    "miljoner kronor": 1e6,
    "miljoner kr": 1e6,
    "miljoner": 1e6,
    "miljon kronor": 1e6,
    "miljon": 1e6,
    "mdkr": 1e9,
    "miljarder kronor": 1e9,
    "miljarder": 1e9,
}
_PERCENT_UNITS = {
    "%": "%",
    "procent": "%",
    "procentenheter": "procentenheter",
    "procentenhet": "procentenheter",
}

_APPROX_WORDS = ("cirka", "ca", "ca.", "c:a", "omkring", "ungefär", "runt", "drygt", "knappt", "nästan")

# Swedish number words. In running text they are read only where a unit or a counted noun follows
# ("tio procent", "två medarbetare"); bare words are too noisy.
NUMBER_WORDS: dict[str, int] = {
    "en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8, "nio": 9,
    "tio": 10, "elva": 11, "tolv": 12, "tretton": 13, "fjorton": 14, "femton": 15, "sexton": 16,
    "sjutton": 17, "arton": 18, "nitton": 19, "tjugo": 20, "tjugofem": 25, "trettio": 30, "fyrtio": 40,
    "femtio": 50, "sextio": 60, "sjuttio": 70, "åttio": 80, "nittio": 90, "hundra": 100,
}  # fmt: skip
_NUMBER_WORD_ALTERNATION = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
# A number as written in running text, as a regex source without groups (for patterns around numbers):
# an optional sign (a space may follow it), digits with optional thousands groups, a decimal comma part.
NUMBER_PATTERN = rf"(?:[+{_MINUS_CLASS}]\s?)?(?:\d{{1,3}}(?:{_SEP}\d{{3}})+(?!\d)|\d+)(?:,\d+)?"
# The same, or a number word followed by a percent unit ("tio procent").
NUMBER_OR_WORD_PATTERN = rf"(?:{NUMBER_PATTERN}|(?:{_NUMBER_WORD_ALTERNATION})(?=\s+(?:procent|%)))"
# A small count: digits, or a number word ("sex av nio").
COUNT_PATTERN = rf"(?:\d+|{_NUMBER_WORD_ALTERNATION})"

_UNIT_ALTERNATION = "|".join(
    re.escape(u) for u in sorted([*_AMOUNT_UNITS, *_PERCENT_UNITS], key=len, reverse=True)
)

# One number: optional sign, integer with optional thousands groups, optional decimal comma part.
_NUMBER = (
    rf"(?P<sign>[+{_MINUS_CLASS}])?"
    rf"(?P<int>\d{{1,3}}(?:{_SEP}\d{{3}})+(?!\d)|\d+)"
    r"(?:,(?P<dec>\d+))?"
)
_TEXT_NUMBER_RE = re.compile(
    rf"(?<![\w,.:/{_MINUS_CLASS}])"  # not inside another token (dates, ids, "1.3.2")
    + _NUMBER
    + rf"(?P<tail>(?:{_SEP}?(?P<unit>{_UNIT_ALTERNATION})(?![\wåäö]))?)",
    re.IGNORECASE,
)
_WORD_NUMBER_RE = re.compile(
    r"\b(?P<word>" + _NUMBER_WORD_ALTERNATION + r")"
    r"\s+(?P<unit>procentenheter|procentenhet|procent)\b",
    re.IGNORECASE,
)
# Tokens that look numeric but are not quantities: dates, times, section numbers, phone-like runs.
_NOT_A_QUANTITY_RE = re.compile(
    r"\d{4}-\d{2}-\d{2}"  # ISO dates
    r"|\d{1,2}:\d{2}"  # clock times
    r"|\d+(?:\.\d+){1,3}"  # numbering 1.3 / 1.3.2, dotted dates
    r"|\d+/\d+"  # fractions are read separately by find_fractions
)
_FRACTION_RE = re.compile(r"(?<![\w/])(?P<num>\d+)\s?/\s?(?P<den>\d+)(?![\w/])")

_TAG_RE = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class NumberMention:
    """A number found in running text. `value` is as written (12 for "12 mnkr"); `kronor` gives the
    amount in kronor. `decimals` counts the written decimals (for rounding-aware comparison)."""

    value: float
    kind: MentionKind
    unit: str | None
    raw: str
    start: int
    end: int
    decimals: int
    approximate: bool = False
    is_year: bool = False

    @property
    def kronor(self) -> float | None:
        if self.kind != "amount" or self.unit is None:
            return None
        return self.value * _AMOUNT_UNITS[self.unit.lower()]


@dataclass(frozen=True)
class Fraction:
    numerator: int
    denominator: int
    raw: str
    start: int
    end: int

    @property
    def percent(self) -> float | None:
        return None if self.denominator == 0 else 100.0 * self.numerator / self.denominator


def clean_cell_text(text: str) -> str:
    """Strip markup left by exports (<b>, <br>, **) and normalise spaces."""
    text = _TAG_RE.sub(" ", text).replace("**", "").replace("\u00ad", "")
    return re.sub(r"\s+", " ", text).strip()


def _to_float(sign: str | None, integer: str, decimals: str | None) -> float:
    digits = re.sub(_SEP, "", integer)
    number = float(f"{digits}.{decimals}") if decimals else float(digits)
    return -number if sign and sign in _MINUS else number


def _classify(unit: str | None) -> tuple[MentionKind, str | None]:
    if unit is None:
        return "count", None
    key = unit.lower()
    if key in _PERCENT_UNITS:
        return "percent", _PERCENT_UNITS[key]
    return "amount", key


_CELL_RE = re.compile(
    r"^(?P<prefix>(?:cirka|ca\.?|c:a|minst|högst|max|min|över|under|<|>|≤|≥)\s*)?"
    # cells sometimes carry a decimal point from exports ("58.82"); running text does not
    + _NUMBER.replace(r"(?:,(?P<dec>\d+))?", r"(?:[,.](?P<dec>\d+))?")
    + rf"\s*(?P<unit>{_UNIT_ALTERNATION}|st|dagar|dgr|timmar|år|kg(?:\s*co2e?)?|personer|barn)?\.?$",
    re.IGNORECASE,
)


def parse_value(text: str | None) -> Value:
    """Read one table cell. Words ("Tas fram av nämnd") give kind "text" with the words as `note`;
    an empty cell or a lone dash gives kind "empty". Never guesses a number that is not written."""
    raw = text or ""
    cleaned = clean_cell_text(raw)
    if cleaned in {"", "-", "–", "—", "\u2212", "..", "…"}:
        return Value(raw=raw, kind="empty")
    match = _CELL_RE.match(cleaned)
    if match is None:
        return Value(raw=raw, kind="text", note=cleaned)
    value = _to_float(match["sign"], match["int"], match["dec"])
    decimals = len(match["dec"]) if match["dec"] else 0
    unit = (match["unit"] or "").lower() or None
    if unit in _PERCENT_UNITS or unit in _AMOUNT_UNITS:
        kind, norm = _classify(unit)
        return Value(raw=raw, value=value, kind=kind, unit=norm, decimals=decimals)
    # no unit, or a counting unit ("st", "dagar"): a count as far as the cell itself tells
    return Value(raw=raw, value=value, kind="count", unit=unit, decimals=decimals)


def _is_year(value: float, integer: str, decimals: str | None, unit: str | None) -> bool:
    return (
        unit is None
        and decimals is None
        and integer.isdigit()
        and len(integer) == 4
        and 1990 <= value <= 2100
    )


def _approximate_before(text: str, start: int) -> bool:
    before = text[max(0, start - 12) : start].lower().split()
    return bool(before) and before[-1] in _APPROX_WORDS


def find_numbers(text: str) -> list[NumberMention]:
    """Every quantity in running text, in order. Dates, clock times, section numbers ("1.3.2") and
    fractions are skipped (see `find_fractions`); years are returned with `is_year=True`."""
    blocked: list[tuple[int, int]] = [m.span() for m in _NOT_A_QUANTITY_RE.finditer(text)]

    def inside_blocked(start: int, end: int) -> bool:
        return any(b_start <= start and end <= b_end for b_start, b_end in blocked)

    mentions: list[NumberMention] = []
    for m in _TEXT_NUMBER_RE.finditer(text):
        start, end = m.span()
        if inside_blocked(m.start("int"), m.end("int")):
            continue
        unit = m["unit"]
        kind, norm = _classify(unit)
        value = _to_float(m["sign"], m["int"], m["dec"])
        mentions.append(
            NumberMention(
                value=value,
                kind=kind,
                unit=norm,
                raw=m.group(0).strip(),
                start=start,
                end=end if unit else m.end("dec") if m["dec"] else m.end("int"),
                decimals=len(m["dec"]) if m["dec"] else 0,
                approximate=_approximate_before(text, start),
                is_year=_is_year(value, m["int"], m["dec"], unit),
            )
        )
    for m in _WORD_NUMBER_RE.finditer(text):
        kind, norm = _classify(m["unit"])
        mentions.append(
            NumberMention(
                value=float(NUMBER_WORDS[m["word"].lower()]),
                kind=kind,
                unit=norm,
                raw=m.group(0),
                start=m.start(),
                end=m.end(),
                decimals=0,
                approximate=_approximate_before(text, m.start()),
            )
        )
    mentions.sort(key=lambda n: n.start)
    return mentions


def find_fractions(text: str) -> list[Fraction]:
    """ "28/40"-style fractions (not dates like 12/3 with a year after; callers judge context)."""
    return [
        Fraction(int(m["num"]), int(m["den"]), m.group(0), m.start(), m.end())
        for m in _FRACTION_RE.finditer(text)
    ]


NBSP = "\u00a0"  # between digit groups and before a unit: "2 418", "1 204 560 kr" never break apart

_BREAKABLE_IN_NUMBER_RE = re.compile(
    rf"(?<=\d)[ \u2009\u202f](?=\d{{3}}(?!\d))"  # a thousands group
    rf"|(?<=\d)[ \u2009\u202f](?=(?:{_UNIT_ALTERNATION})(?![\wåäö]))",  # the unit after a number
    re.IGNORECASE,
)


def format_sv(value: float, decimals: int | None = None, *, max_decimals: int = 2) -> str:
    """Swedish formatting: decimal comma, no-break space between thousands groups, "-" for negatives.
    `decimals=None` keeps up to `max_decimals` decimals and drops trailing zeros."""
    if decimals is None:
        text = f"{abs(value):,.{max_decimals}f}"
        text = text.rstrip("0").rstrip(".") if "." in text else text
    else:
        text = f"{abs(value):,.{decimals}f}"
    text = text.replace(",", NBSP).replace(".", ",")
    return f"-{text}" if value < 0 and text.strip("0, ") else text


def with_unit(number: str, unit: str | None) -> str:
    """A formatted number and its unit, kept on one line: "48,84 %", "1 204 560 kr", "12" (no unit)."""
    return f"{number}{NBSP}{unit}" if unit else number


def with_implied_unit(shown: str, value: Value, unit: str | None = None) -> str:
    """`shown` (a cell's text as written) with the unit the cell leaves out: a bare "25" read as percent
    (from its column or row, or `unit`) is shown "25 %", so it never stands unitless beside "48,84 %".
    Text, empty cells and cells that write their unit are shown as they are."""
    unit = value.unit or unit
    if value.value is None or not unit or parse_value(value.raw).unit:
        return shown
    return with_unit(shown, unit)


def keep_numbers_together(text: str) -> str:
    """Text as written with the spaces inside its numbers ("1 204 560 kr", "25 %") made no-break, so a
    number never breaks across lines where a surface wraps the text. Only for showing text: evidence
    keeps the document's own characters so that it can be found in the document."""
    return _BREAKABLE_IN_NUMBER_RE.sub(NBSP, text)


def matches_rounded(stated: float, stated_decimals: int, actual: float) -> bool:
    """True when `stated`, written with `stated_decimals` decimals, is `actual` rounded (or truncated)
    to that precision: "83 %" matches 83,33; "73,3" matches 73,33; "61" does not match 64,2."""
    step = 10.0 ** (-stated_decimals)
    tolerance = step * 0.5 + 1e-9
    if abs(stated - actual) <= tolerance:
        return True
    # truncation ("83,3" for 83,39) is common in hand-written text
    return math.isclose(math.trunc(actual / step) * step, stated, abs_tol=1e-9)


def relative_change(old: float, new: float) -> float | None:
    """Change from `old` to `new` in percent of `old`; None when old is zero."""
    return None if old == 0 else (new - old) / abs(old) * 100.0


def parse_number(raw: str) -> tuple[float, int]:
    """A number as written in running text ("2 185", "−4", "+6,9", "tio") -> (value, decimals written).
    Raises ValueError for text that is not one number."""
    text = raw.strip().lower()
    if text in NUMBER_WORDS:
        return float(NUMBER_WORDS[text]), 0
    negative = text[:1] in _MINUS
    text = re.sub(rf"^[+{_MINUS_CLASS}]\s?", "", text)
    text = re.sub(_SEP, "", text)
    integer, _, dec = text.partition(",")
    value = float(f"{integer}.{dec}") if dec else float(integer)
    return (-value if negative else value), len(dec)


def has_sign(raw: str) -> bool:
    """Whether a number is written with an explicit sign ("+68 %", "−4")."""
    return bool(re.match(rf"^[+{_MINUS_CLASS}]", raw.strip()))


def is_year_value(value: float, decimals: int) -> bool:
    """A whole number that reads as a year (1990-2100)."""
    return decimals == 0 and 1990 <= value <= 2100 and value == int(value)


# A number word counting a noun: "två konsulter", "sex av dem". "en"/"ett" are articles far more often
# than counts and are left out; the noun must follow directly.
_COUNT_WORD_RE = re.compile(
    r"\b(?P<word>"
    + "|".join(sorted((w for w in NUMBER_WORDS if w not in ("en", "ett")), key=len, reverse=True))
    + r")\s+(?=(?:av\s+)?[a-zåäöé]{3,})",
    re.IGNORECASE,
)


_COUNT_WORDS = frozenset(w for w in NUMBER_WORDS if w not in ("en", "ett"))


def find_number_words(text: str) -> list[NumberMention]:
    """Counts written as words before a noun ("två konsulter", "fem enheter", "sex av dem"), in order,
    as `count` mentions; the percent forms ("tio procent") are `find_numbers`'."""
    out: list[NumberMention] = []
    if _COUNT_WORDS.isdisjoint(text.lower().split()):
        return out  # no number word stands alone: the slower scan cannot match
    for m in _COUNT_WORD_RE.finditer(text):
        if re.match(r"\s*(?:procent|procentenhet)", text[m.end() :], re.IGNORECASE):
            continue
        out.append(
            NumberMention(
                value=float(NUMBER_WORDS[m["word"].lower()]),
                kind="count",
                unit=None,
                raw=m["word"],
                start=m.start(),
                end=m.end("word"),
                decimals=0,
                approximate=_approximate_before(text, m.start()),
            )
        )
    return out
