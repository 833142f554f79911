"""What one line of markdown or plain text is: markup to strip, page furniture to drop, a bullet, a
label that stands alone, a table cell. Used by the text reader (`text.py`), the flattened-table
rebuilder (`text_flat_tables.py`) and the PDF reader; the words themselves are never changed."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Literal

from vbassist.names import fold
from vbassist.parsing.headings import (
    match_goal_label,
    match_known_section,
    match_status,
    match_subheading,
)

# Page furniture of the city's PDF templates: headers, footers, page numbers, the logo's words.
_FURNITURE_RES = [
    re.compile(r"^start\.stockholm$"),
    re.compile(r"^\W{0,3}\s*\w{0,4}\s*tj\S{0,2}nsteutl\S{0,2}tande$"),  # "ety Tjansteutlatande"
    re.compile(r"^.{0,20}\bsid\s+\d{1,3}\s*\(\s*\d{1,3}\s*\)$"),  # "gtgékhOIms Sid 7 (28)"
    re.compile(r"^sida\s+\d{1,3}\s+av\s+\d{1,3}$"),
    re.compile(r"^\W{1,2}\s*stockholms$"),  # the logo: "@ Stockholms" / "stad"
    re.compile(r"^\d{1,3}\s*\(\s*\d{1,3}\s*\)$"),  # "7 (28)"
]
LOGO_SECOND_LINE = "stad"

# "- item", "• item", PDF symbol-font bullets, and "-Item" (a dash glued to a capital: lists typed by hand).
BULLET_RE = re.compile(r"^\s*(?:[-*+•·▪◦‣–](?=\s)|-(?=[A-ZÅÄÖ])|[\uf0a7\uf0b7\uf076\uf0d8\uf0fc])\s*")
MD_HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
MD_SEPARATOR_RE = re.compile(r"^\s*\|?\s*:?-{1,}:?\s*(?:\|\s*:?-{1,}:?\s*)*\|?\s*$")
BOLD_LINE_RE = re.compile(r"^\s*(?:\*\*|__)(?P<t>.+?)(?:\*\*|__)\s*$")
HTML_BOLD_LINE_RE = re.compile(r"^\s*<b>(?P<t>.+?)</b>\s*$", re.IGNORECASE)
ITALIC_LINE_RE = re.compile(r"^\s*\*(?!\*)(?P<t>[^*].*?)(?<!\*)\*\s*$")
_TAG_RE = re.compile(r"</?(?:b|i|u|em|strong|span|p|div|sup|sub|font|a)\b[^>]*>", re.IGNORECASE)
_BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)


@dataclass
class TextTable:
    """A table read from lines: pipe (markdown), tab-separated (Word's text export) or rebuilt from
    lines a PDF extraction flattened ("flat")."""

    rows: list[list[str]]
    line: int
    kind: Literal["tab", "pipe", "flat"]


def strip_markup(text: str) -> str:
    """HTML leftovers and markdown emphasis out, entities decoded; the words stay as written."""
    text = _BR_RE.sub(" ", text)
    text = _TAG_RE.sub("", text)
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    text = re.sub(r"__(.+?)__", r"\1", text)
    text = re.sub(r"(?<![\w*])\*(?![\s*])(.+?)(?<![\s*])\*(?![\w*])", r"\1", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|>])", r"\1", text)
    return html.unescape(text)


def clean_cell(cell: str) -> str:
    """A table cell: `<br>` becomes a line break (as in the .docx), tags go, each line is trimmed."""
    cell = _BR_RE.sub("\n", cell)
    cell = _TAG_RE.sub("", cell)
    cell = html.unescape(cell)
    lines = [re.sub(r"[ \t\u00a0]+", " ", part).strip() for part in cell.split("\n")]
    return "\n".join(part for part in lines if part)


def is_furniture(line: str) -> bool:
    """A page header/footer line of the city's templates (dropped: it is not report content)."""
    key = fold(line.strip())
    return bool(key) and len(key) <= 40 and any(r.match(key) for r in _FURNITURE_RES)


# Sub-headings of the VP template that the builder does not map to a goal field but that still stand
# alone on their line (folded).
_EXTRA_LABELS = ("resursanvandning", "aktiviteter", "indikatorer")


def is_label(text: str) -> bool:
    """A line the builder reads as structure (goal label, status line, sub-heading) or a known heading."""
    if match_goal_label(text) or match_status(text) or match_subheading(text):
        return True
    key = fold(text).strip().rstrip(":").strip()
    return key in _EXTRA_LABELS or (len(key) < 60 and match_known_section(text))


def starts_lower(text: str) -> bool:
    stripped = text.lstrip()
    return bool(stripped) and stripped[0].isalpha() and stripped[0].islower()


def continues_cell(text: str) -> bool:
    """A wrapped table cell goes on in lower case or with a quote/parenthesis ("Valfärdsbrott ...")."""
    stripped = text.lstrip()
    return starts_lower(stripped) or (bool(stripped) and stripped[0] in "\"'”“»(")
