"""Recognising the labels of a report by their TEXT: goal labels, status lines, sub-headings, report
titles, known section titles, table headers.

Exports differ (Word styles, markdown `#`, PDF text without any markup, text that lost its diacritics
or picked up OCR noise: "Enhetsmal", "Forvéntat resultat", "Arsmaél"), so every match runs on a folded
form of the text: diacritics removed, lower case, whitespace collapsed. Folding is done character by
character so a span in the folded text is the same span in the original (titles are cut from the
original, never from the folded text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from vbassist.model import GOAL_LEVELS, GoalLevel, ReportKind, Status
from vbassist.names import fold

GOAL_LEVEL_RANK: dict[GoalLevel, int] = {level: rank for rank, level in enumerate(GOAL_LEVELS)}

SubHeading = Literal["beskrivning", "forvantat_resultat", "analys", "arbetssatt", "uppfoljning"]

# Characters that stand in front of status words or list items and carry no meaning once the words are
# read: status symbols (● ◆ ■ ▲ —), bullets, check marks, the female sign the PDF export leaves behind.
SYMBOLS = "●◆■▲▼♦◊○•·∙▪▫□◼◻–—−-*✓✔✗✘♀♂►▶→#|>"
_SYMBOL_CLASS = re.escape(SYMBOLS)


_SPACES_RE = re.compile(r"\s+")
_TOC_PAGE_TAIL_RE = re.compile(r"(?:\s*\.{2,}\s*|\t+)\s*\d{1,3}\s*$")
_TOC_ENTRY_RE = re.compile(r"(?:\.{3,}|\t)\s*\d{1,3}\s*$")
_SLASH_RE = re.compile(r"\s*/\s*")
_UTVECKLINGSOMRADEN_RE = re.compile(r"^utvecklingsomraden(?: \d{4})?$")


def squash(text: str) -> str:
    """`fold` plus collapsed whitespace and stripped ends: the key to compare labels with."""
    return _SPACES_RE.sub(" ", fold(text)).strip()


def strip_symbols(text: str) -> str:
    """Remove leading/trailing status symbols, bullets and check marks."""
    return text.strip().strip(SYMBOLS + " \t").strip()


def clean_title(text: str) -> str:
    """A goal or section title as shown: no table-of-contents page number, no markdown emphasis."""
    if text.rstrip()[-1:].isdigit():  # the page-number pattern ends in a digit: skip its scan otherwise
        text = _TOC_PAGE_TAIL_RE.sub("", text)  # "Title.....\t5"
    text = _SPACES_RE.sub(" ", text).strip()
    text = text.strip("*_ ").strip()
    return text


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance, stopping early above `limit` (labels are short)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _close(text: str, label: str) -> bool:
    """Same label up to OCR noise: a couple of wrong letters in a longer label, none in a short one."""
    allowed = 0 if len(label) <= 5 else 1 if len(label) <= 10 else 2
    return edit_distance(text, label, allowed) <= allowed


# --------------------------------------------------------------------------- goal labels


@dataclass(frozen=True)
class GoalLabel:
    level: GoalLevel
    number: str | None
    title: str  # may be empty when the title is on the next line


_GOAL_PATTERNS: list[tuple[GoalLevel, re.Pattern[str]]] = [
    (
        "kf_inriktningsmal",
        re.compile(r"^kf[:;]?s?\s*inriktningsm[a-z]{1,2}l\s*:?\s*(?P<num>\d{1,2})?\.?\s*(?P<title>.*)$"),
    ),
    (
        "kf_verksamhetsmal",
        re.compile(
            r"^kf[:;]?s?\s*m[a-z]{1,2}l\s+f[a-z]{1,2}r\s+verksamhetsomr[a-z]{1,2}det\s*:?\s*"
            r"(?P<num>\d{1,2}\.\d{1,2})?\.?\s*(?P<title>.*)$"
        ),
    ),
    (
        "namndmal",
        re.compile(
            r"^n[a-z]{1,2}mndm[a-z]{1,2}l\s*:\s*(?P<num>\d{1,2}(?:\.\d{1,2}){2,3})?\.?\s*(?P<title>.*)$"
        ),
    ),
    ("enhetsmal", re.compile(r"^enhetsm[a-z]{1,2}l\s*:\s*(?P<num>)(?P<title>.*)$")),
]


def match_goal_label(text: str) -> GoalLabel | None:
    """ "Nämndmål: 1.3.2 Vuxna får ..." -> GoalLabel("namndmal", "1.3.2", "Vuxna får ...").

    Nämndmål and enhetsmål need the colon: "Enhetsmålet har uppnåtts ..." is analysis text (one sample
    styles such sentences as headings)."""
    stripped = text.strip().lstrip(SYMBOLS + " ").lstrip("*_").strip()
    folded = fold(stripped)
    for level, pattern in _GOAL_PATTERNS:
        m = pattern.match(folded)
        if m:
            title = clean_title(stripped[m.start("title") :])
            number = m.group("num") or None
            return GoalLabel(level=level, number=number, title=title)
    return None


def is_toc_entry(text: str) -> bool:
    """A table-of-contents line: ends in a page number after dots or a tab ("Övrigt.....\t29")."""
    return bool(_TOC_ENTRY_RE.search(text))


# --------------------------------------------------------------------------- status lines

_STATUS_WORDS: dict[str, Status] = {"helt": "helt", "delvis": "delvis", "inte": "inte", "ej": "inte"}
# What a status symbol becomes when its font is lost in conversion: "?" (a text export in a legacy
# encoding), U+FFFD (bytes that did not decode), a private-use code point (Wingdings read without its font).
_LOST_SYMBOL_CLASS = "?\ufffd\ue000-\uf8ff"
_STATUS_PREFIX = (
    rf"^[{_SYMBOL_CLASS}{_LOST_SYMBOL_CLASS}\s]*(?:(?:status|prognos|bedomning|maluppfyllelse)\s*:?\s*)?"
    rf"[{_SYMBOL_CLASS}{_LOST_SYMBOL_CLASS}\s]*"
)
_STATUS_SUFFIX = r"(?:\s*[(-]?\s*prognos\s*\)?)?[\s.]*$"  # "Uppfylls delvis (prognos)" in a tertial report
_STATUS_RE = re.compile(
    _STATUS_PREFIX
    + r"(?:malet\s+)?(?:(?:uppfyll[a-z]*|uppnas|uppnatt)\s+(?:(?:i\s+)?sin\s+helhet\s+)?(?P<word>helt|delvis|inte|ej)"
    r"|(?P<word2>helt|delvis|inte|ej)\s+(?:uppfyll[a-z]*|uppnatt))\b" + _STATUS_SUFFIX
)
_INGA_DATA_RE = re.compile(
    rf"^[{_SYMBOL_CLASS}{_LOST_SYMBOL_CLASS}\s]*(?:(?:status|prognos)\s*:?\s*)?inga\s+data[\s.]*$"
)


def match_status(text: str) -> Status | None:
    """A status line ("● Uppfylls helt", "Uppfylls delvis", "■ Uppfylls inte", "— Inga data"): the
    symbol is often lost in conversion, so the words decide. Only a line that holds nothing else is a
    status line; "Målet uppfylls delvis eftersom ..." in the analysis is not."""
    if len(text) > 80:  # running text: skip the regex work
        return None
    folded = squash(text)
    if len(folded) > 40:
        return None
    m = _STATUS_RE.match(folded)
    if m:
        return _STATUS_WORDS[m.group("word") or m.group("word2")]
    if _INGA_DATA_RE.match(folded):
        return "inga_data"
    return None


# --------------------------------------------------------------------------- sub-headings

_SUBHEADINGS: dict[str, SubHeading] = {
    "beskrivning": "beskrivning",
    "forvantat resultat": "forvantat_resultat",
    "forvantade resultat": "forvantat_resultat",
    "analys": "analys",
    "arbetssatt": "arbetssatt",
    "uppfoljning": "uppfoljning",
}


@lru_cache(maxsize=4096)  # pure; label lines repeat in every goal and every report of a template
def match_subheading(text: str) -> SubHeading | None:
    """ "Förväntat resultat", "Forvéntat resultat:", "Analys" alone on a line -> the goal field it opens."""
    if len(text) > 60:
        return None
    key = squash(strip_symbols(text)).rstrip(":").strip()
    if not key or len(key) > 24:
        return None
    for label, field in _SUBHEADINGS.items():
        if key == label or _close(key, label):
            return field
    return None


# --------------------------------------------------------------------------- report titles


@dataclass(frozen=True)
class ReportTitle:
    kind: ReportKind
    year: int | None
    unit: str | None  # None when the title names no unit ("Verksamhetsberättelse 2024")
    wants_unit: bool  # the title ends in "för" and the unit is on the next line


_TITLE_RE = re.compile(
    r"^(?P<word>verksamhetsber[a-z]{1,2}ttelse|verksamhetsplan|tertialrapport|tertialuppf[a-z]{1,2}ljning)"
    r"(?:\s+(?P<code>vb|vp|t\s?1|t\s?2))?"
    r"(?:\s+(?P<tnum>[12])(?=\s))?"
    r"(?:\s+(?:ar\s+)?(?P<year>(?:19|20)\d{2}))?"
    r"(?:\s+(?P<for>f[a-z]{1,2}r)(?:\s+(?P<unit>.+))?)?\s*$"
)


def match_report_title(text: str) -> ReportTitle | None:
    """ "Verksamhetsberättelse VB 2024 för Vuxenenheten", "Verksamhetsplan 2025 för Barnenheten",
    "Tertialrapport 1 2025 för ...": kind, year and unit. Long lines are running text, not titles."""
    if len(text) > 200 or fold(text.lstrip(" #*_\t")[:4]) not in ("verk", "tert"):
        return None
    original = clean_title(text)
    if len(original) > 160:
        return None
    folded = fold(original)
    m = _TITLE_RE.match(folded)
    if not m:
        return None
    word, code = m.group("word"), (m.group("code") or "").replace(" ", "")
    kind: ReportKind
    if code in ("t1", "t2"):
        kind = "T1" if code == "t1" else "T2"
    elif word.startswith("tertial"):
        kind = "T2" if m.group("tnum") == "2" else "T1"
    elif word.startswith("verksamhetsplan") or code == "vp":
        kind = "VP"
    else:
        kind = "VB"
    year = int(m.group("year")) if m.group("year") else None
    unit = original[m.start("unit") :].strip(" .:") if m.group("unit") else None
    return ReportTitle(kind=kind, year=year, unit=unit or None, wants_unit=bool(m.group("for")) and not unit)


# --------------------------------------------------------------------------- sections and tables

KNOWN_SECTIONS = (
    "sammanfattande analys",
    "uppfoljning av kommunfullmaktiges inriktningsmal",
    "uppfoljning av ekonomi",
    "analys av resultatrakning - uppfoljning av driftbudget",
    "investeringar",
    "medel for lokalandamal",
    "ovrigt",
    "systematiskt kvalitetsarbete",
    "redovisning av synpunkter och klagomal",
    "inledning",
    "enhetens uppdrag",
    "organisationsbeskrivning",
    "verksamhetens uppdrag",
    "ekonomi",
    "uppfoljning och analys",
)


@lru_cache(maxsize=4096)  # pure; up to 15 edit distances per line otherwise
def match_known_section(text: str) -> bool:
    """A section title that reports share ("Sammanfattande analys", "Systematiskt kvalitetsarbete")."""
    if len(text) > 100:
        return False
    key = squash(clean_title(text)).rstrip(":").strip()
    if not key or len(key) > 60:
        return False
    if _UTVECKLINGSOMRADEN_RE.match(key):
        return True
    return any(key == s or (len(s) > 10 and _close(key, s)) for s in KNOWN_SECTIONS)


def is_toc_heading(text: str) -> bool:
    return squash(text).rstrip(":") in ("innehallsforteckning", "innehall", "innehallsfortekning")


@lru_cache(maxsize=8192)  # pure; table headers repeat in every goal's indicator table
def header_key(cell: str) -> str:
    """A table header cell as a comparison key: folded, no line breaks, "män/ pojkar" -> "man/pojkar"."""
    key = squash(cell)
    key = _SLASH_RE.sub("/", key)
    return key.replace(":", "").strip()
