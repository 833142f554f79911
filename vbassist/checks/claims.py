"""Claims in running text that the rules hold against the tables: fulfilment statements ("målet
bedöms vara delvis uppfyllt"), changes ("från 4 200 till 5 600 kr (+43 %)", "minskning med 310
vårddygn (från 1 900 → 1 650)"), fractions with a percent ("28/40 (70 %)"), trend verbs ("har
minskat"), numeric targets in Förväntat resultat ("minst 80 procent", "minska med tio procent") and
budget amounts ("underskott på cirka 12 mnkr"). Pure text in, small dataclasses out; spans are
character offsets in the text given, so a finding can point at the words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from vbassist.model import Status
from vbassist.numbers import find_numbers

_SEP = "[ \u00a0\u2009\u202f]"
_SIGN = "[+\u2212\u2013\\-]"
NUM = rf"(?:{_SIGN}\s?)?(?:\d{{1,3}}(?:{_SEP}\d{{3}})+(?!\d)|\d+)(?:,\d+)?"
_WORDS = {
    "en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8, "nio": 9,
    "tio": 10, "elva": 11, "tolv": 12, "femton": 15, "tjugo": 20, "tjugofem": 25, "trettio": 30,
    "fyrtio": 40, "femtio": 50, "sextio": 60, "sjuttio": 70, "åttio": 80, "nittio": 90, "hundra": 100,
}  # fmt: skip
NUM_OR_WORD = rf"(?:{NUM}|(?:{'|'.join(sorted(_WORDS, key=len, reverse=True))})(?=\s+(?:procent|%)))"
_UNIT = r"(?:%|procentenheter|procentenhet|procent|kr|kronor|tkr|mnkr|miljoner)"


def to_number(raw: str) -> tuple[float, int]:
    """A number as written ("2 185", "−4", "6,9", "tio") -> (value, decimals written)."""
    text = raw.strip().lower()
    if text in _WORDS:
        return float(_WORDS[text]), 0
    negative = text[:1] in "\u2212\u2013-"
    text = re.sub(rf"^{_SIGN}\s?", "", text)
    text = re.sub(_SEP, "", text)
    integer, _, dec = text.partition(",")
    value = float(f"{integer}.{dec}") if dec else float(integer)
    return (-value if negative else value), len(dec)


def _is_year(value: float, decimals: int) -> bool:
    return decimals == 0 and 1990 <= value <= 2100 and value == int(value)


def has_sign(raw: str) -> bool:
    return bool(re.match(rf"^{_SIGN}", raw.strip()))


# --------------------------------------------------------------------------- sentences


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int


# "[" also starts a sentence: drafts leave gaps like "[Beskriv orsaken ...]" between sentences
_SENT_END = re.compile(r"(?<=[.!?\]])\s+(?=[A-ZÅÄÖ0-9\"“(\[])|\n+")
# The same boundaries, found faster: a pattern that starts with the punctuation itself lets the regex
# engine skip ahead to the next candidate character, where the look-behind was tried at every position.
# The boundary is group 1 (after punctuation) or group 2 (newlines); tests compare it with _SENT_END.
_SENT_END_FAST = re.compile(r"[.!?\]](\s+)(?=[A-ZÅÄÖ0-9\"“(\[])|(\n+)")


@lru_cache(maxsize=8192)
def sentences(text: str) -> list[Sentence]:
    """Split running text into sentences with their spans (good enough for report prose)."""
    out, pos = [], 0
    for m in _SENT_END_FAST.finditer(text):
        start = m.start(1) if m.group(1) is not None else m.start(2)
        if text[pos:start].strip():
            out.append(Sentence(text[pos:start], pos, start))
        pos = m.end()
    if text[pos:].strip():
        out.append(Sentence(text[pos:], pos, len(text)))
    return out


# --------------------------------------------------------------------------- fulfilment


@dataclass(frozen=True)
class FulfilmentClaim:
    status: Status
    raw: str
    start: int
    end: int


_FULFIL_RE = re.compile(
    r"\b(?:målet|enhetsmålet|enhetsmål)\b(?P<mid>[^.!?\n]{0,50}?)"
    r"(?P<verb>\buppfylls\b|\buppfylldes\b|\bär\s+(?:(?:helt|delvis|inte|ej)\s+){0,2}(?:uppfyllt|uppnått|nått)\b"
    r"|\b(?:anses|bedöms)\s+(?:vara\s+|som\s+)?(?:(?:helt|delvis|inte|ej)\s+){0,2}(?:uppfyllt|uppnått|nått)\b"
    r"|\bhar\s+(?:(?:helt|delvis|inte|ej)\s+){0,2}(?:uppfyllts|uppnåtts|uppnås|nåtts)\b)"
    r"(?P<after>[^.!?\n]{0,20})",
    re.IGNORECASE,
)
# a forecast: "Enhetens bedömning är att målet kommer att uppfyllas delvis", "målet bedöms uppnås helt"
_FULFIL_FUTURE_RE = re.compile(
    r"\b(?:målet|enhetsmålet)\b(?P<mid>[^.!?\n]{0,25}?)\b(?:kommer\s+(?:inte\s+|ej\s+)?att|bedöms|beräknas)\s+(?:att\s+)?"
    r"(?:uppfyllas|uppnås|nås)\b(?P<after>[^.!?\n]{0,20})",
    re.IGNORECASE,
)
# inverted order after an adverb: "Sammantaget har målet inte uppnåtts", "därmed uppfylls målet delvis"
_FULFIL_INV_RE = re.compile(
    r"\b(?P<v1>har|är|bedöms|anses|uppfylls|uppfylldes)\s+(?:enhets)?målet\s+"
    r"(?P<rest>(?:vara\s+|som\s+)?(?:(?:helt|delvis|inte|ej)\s+){0,2}"
    r"(?:uppfyllts|uppnåtts|nåtts|uppfyllt|uppnått|nått|helt|delvis|inte|ej)\b(?:\s+(?:uppfyllt|uppnått|nått))?)",
    re.IGNORECASE,
)
# "Målet att minska sammanbrott ... har inte nåtts" speaks of a sub-target, not the goal itself.
_SUBTARGET_RE = re.compile(r"\b(att|om|för|med|gällande|kring)\b|[,:;]", re.IGNORECASE)
# a line that is only the status words, as when the marker is repeated in the analysis
_BARE_STATUS_RE = re.compile(r"^\W*uppfylls\s+(helt|delvis|inte)\W*$", re.IGNORECASE)
# "Delvis uppnått." opening an analysis
_LEAD_STATUS_RE = re.compile(r"^\W*(helt|delvis|inte|ej)\s+(?:uppnått|uppfyllt|nått)\s*[.!]", re.IGNORECASE)


@lru_cache(maxsize=8192)
def fulfilment_claims(text: str) -> list[FulfilmentClaim]:
    """Statements of the goal's own fulfilment in `text`."""
    out: list[FulfilmentClaim] = []
    for m in _FULFIL_RE.finditer(text):
        if _SUBTARGET_RE.search(m["mid"]):
            continue
        words = f"{m['mid']} {m['verb']} {m['after']}".lower()
        # "uppfylls delvis" / "delvis uppfyllt"; "inte uppfyllt" / "uppfylls inte"; else the plain verb = helt
        if re.search(r"\bdelvis\b|\b(inte|ej)\s+helt\b", words):
            status: Status = "delvis"
        elif re.search(r"\b(inte|ej|icke)\b", words):
            status = "inte"
        else:
            status = "helt"
        out.append(FulfilmentClaim(status, m.group(0).strip(), m.start(), m.end()))
    for m in _FULFIL_FUTURE_RE.finditer(text):
        if _SUBTARGET_RE.search(m["mid"]):
            continue
        words = f"{m['mid']} {m.group(0)} {m['after']}".lower()
        future: Status = (
            "delvis"
            if re.search(r"\bdelvis\b", words)
            else "inte"
            if re.search(r"\b(inte|ej)\b", words)
            else "helt"
        )
        if re.search(r"\b(inte|ej)\s+helt\b", words):
            future = "delvis"
        out.append(FulfilmentClaim(future, m.group(0).strip(), m.start(), m.end()))
    for m in _FULFIL_INV_RE.finditer(text):
        words = m.group(0).lower()
        if m["v1"].lower() in ("har", "är") and not re.search(
            r"uppfyllt|uppnått|nått|uppfyllts|uppnåtts|nåtts", words
        ):
            continue
        if re.search(r"\bdelvis\b", words):
            inv_status: Status = "delvis"
        elif re.search(r"\b(inte|ej)\b", words):
            inv_status = "inte"
        else:
            inv_status = "helt"
        out.append(FulfilmentClaim(inv_status, m.group(0).strip(), m.start(), m.end()))
    for line_match in re.finditer(r"[^\n]+", text):
        lead = _LEAD_STATUS_RE.match(line_match.group(0))
        if lead:
            word = lead[1].lower()
            lead_status: Status = "inte" if word in ("inte", "ej") else word  # type: ignore[assignment]
            out.append(
                FulfilmentClaim(
                    lead_status, lead.group(0).strip(), line_match.start(), line_match.start() + lead.end()
                )
            )
        bare = _BARE_STATUS_RE.match(line_match.group(0))
        if bare:
            out.append(
                FulfilmentClaim(
                    bare[1].lower(), line_match.group(0).strip(), line_match.start(), line_match.end()
                )  # type: ignore[arg-type]
            )
    out.sort(key=lambda c: c.start)
    return out


# --------------------------------------------------------------------------- changes "från X till Y (+Z %)"


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
            old, old_dec = to_number(m["old"])
            new, new_dec = to_number(m["new"])
            unit = (m["u1"] or m["u2"] or "").lower() or None
            if unit is None and all(_is_year(v, d) for v, d in ((old, old_dec), (new, new_dec))):
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
                pct, pct_dec = to_number(pct_match["pct"])
                pct_signed = has_sign(pct_match["pct"])
                pct_points = pct_match["unit"].lower().startswith("procentenhet")
            # the verb or noun before the values, and "med N" between it and "från"
            head = s[max(0, m.start() - 90) : m.start()]
            dirs = list(_DIR_RE.finditer(head))
            direction = None
            diff = diff_dec = None
            if dirs:
                d = dirs[-1]
                direction = "up" if d["up"] else "down"
                dm = _DIFF_RE.search(head[d.end() :])
                if dm:
                    diff, diff_dec = to_number(dm["diff"])
                    diff = abs(diff)
                else:
                    dm2 = re.match(rf"\s+(?P<diff>{NUM})\s+[a-zåäö]", head[d.end() :], re.IGNORECASE)
                    if dm2:
                        diff, diff_dec = to_number(dm2["diff"])
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


_COUNT_WORDS = {
    "en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8, "nio": 9,
    "tio": 10, "elva": 11, "tolv": 12, "tretton": 13, "fjorton": 14, "femton": 15, "sexton": 16,
    "sjutton": 17, "arton": 18, "nitton": 19, "tjugo": 20,
}  # fmt: skip
_COUNT = rf"(?:\d+|{'|'.join(sorted(_COUNT_WORDS, key=len, reverse=True))})"
_FRACTION_PCT_RE = re.compile(
    rf"(?<![\d/,\w])(?P<num>{_COUNT})\s*(?:/|av)\s*(?P<den>{_COUNT})(?![\d/\w])"
    rf"(?:\s+[a-zåäö]+){{0,3}}\s*[(,]\s*(?P<pct>{NUM})\s*(?:%|procent)"
    rf"|(?P<pct2>{NUM})\s*(?:%|procent)\s*\(\s*(?P<num2>{_COUNT})\s*(?:/|av)\s*(?P<den2>{_COUNT})(?:\s+[a-zåäö]+){{0,3}}\s*\)",
    re.IGNORECASE,
)


def _count(raw: str) -> float:
    raw = raw.lower()
    return float(_COUNT_WORDS[raw]) if raw in _COUNT_WORDS else float(raw)


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
        n, d = _count(num), _count(den)
        if d == 0 or n > d:
            continue
        p, p_dec = to_number(pct)
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


# --------------------------------------------------------------------------- trend verbs


@dataclass(frozen=True)
class TrendClaim:
    direction: Literal["up", "down", "better", "worse"]
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
_NEGATION_RE = re.compile(r"\b(inte|ej|icke|aldrig)\b", re.IGNORECASE)


@lru_cache(maxsize=8192)
def trend_claims(text: str) -> list[TrendClaim]:
    """Sentences claiming a change over time; negated ones ("har inte minskat") are left out."""
    out = []
    for sent in sentences(text):
        for m in _TREND_RE.finditer(sent.text):
            if _NEGATION_RE.search(m.group(0)):
                continue
            direction = next(k for k in ("up", "down", "better", "worse") if m[k])
            out.append(
                TrendClaim(direction, sent, m.group(0), sent.start + m.start(), sent.start + m.end())  # type: ignore[arg-type]
            )
    return out


# --------------------------------------------------------------------------- targets in Förväntat resultat


@dataclass(frozen=True)
class TargetClaim:
    """A numeric target. kind: "min" (minst X, ökar till X), "max" (högst X, minskar till X),
    "rel_decrease"/"rel_increase" (minska/öka med X procent, relative to last year; "halveras" = 50),
    "pp_decrease"/"pp_increase" (med X procentenheter)."""

    kind: Literal[
        "min",
        "max",
        "rel_decrease",
        "rel_increase",
        "pp_decrease",
        "pp_increase",
        "dir_increase",
        "dir_decrease",
    ]
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
            value, dec = to_number(m["v"])
            unit = (m["u"] or "").lower() or None
            points = bool(unit and unit.startswith("procentenhet"))
            if kind == "dec":
                claim_kind = "pp_decrease" if points else "rel_decrease"
            elif kind == "inc":
                claim_kind = "pp_increase" if points else "rel_increase"
            else:
                claim_kind = kind
                unit = "%" if unit in ("procent", "%") else unit
            out.append(TargetClaim(claim_kind, value, dec, unit, m.group(0), m.start(), m.end()))  # type: ignore[arg-type]
    if not out:
        # no number: a direction only ("Andelen ekologiska inköp ökar", "Sjukfrånvaron minskar")
        m = _DIRECTION_RE.search(text)
        if m and not _NEGATION_RE.search(text[max(0, m.start() - 12) : m.end() + 8]):
            kind = "dir_increase" if m["up"] else "dir_decrease"
            out.append(TargetClaim(kind, 0.0, 0, None, m.group(0), m.start(), m.end()))  # type: ignore[arg-type]
    out.sort(key=lambda t: t.start)
    return out


_DIRECTION_RE = re.compile(
    r"\b(?P<up>ökar|ska\s+öka|förbättras|höjs|stiger)\b|\b(?P<down>minskar|ska\s+minska|sänks|sjunker)\b",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------- budget amounts in text


@dataclass(frozen=True)
class AmountClaim:
    """An amount in text about the budget: kind "underskott"/"overskott" (a deviation) or "budget"."""

    kind: Literal["underskott", "overskott", "budget"]
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
        kind = "underskott" if m["under"] else "overskott" if m["over"] else "budget"
        for n in mentions:
            if m.end() <= n.start <= m.end() + 25:
                out.append(
                    AmountClaim(
                        kind, abs(n.kronor or 0.0), n.approximate, text[m.start() : n.end], m.start(), n.end
                    )  # type: ignore[arg-type]
                )
                break
    return out
