"""Markdown and plain text -> `Document` of blocks (paragraphs and tables in source order).

The seeds in `corpus/` show what this reader meets: markdown converted from Word (pipe tables with
`<br>` and `<b>` inside cells, `**bold**` and `*italic*` lines for headings), plain text exported from
Word (tables as tab-separated rows) and text extracted from PDF (hard-wrapped lines, page furniture,
tables flattened into lines, lost diacritics, OCR noise). The reader only rebuilds blocks: which
paragraph is a goal or a status is the structure builder's business. Words are never "corrected".

Every block keeps `line`, the 1-based source line of its first line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from vbassist.model import Document, ParagraphBlock, TableBlock
from vbassist.parsing.headings import (
    fold,
    match_goal_label,
    match_known_section,
    match_status,
    match_subheading,
)

TextFormat = Literal["markdown", "text"]

# --------------------------------------------------------------------------- line classification

# Page furniture of the city's PDF templates: headers, footers, page numbers, the logo's words.
_FURNITURE_RES = [
    re.compile(r"^start\.stockholm$"),
    re.compile(r"^\W{0,3}\s*\w{0,4}\s*tj\S{0,2}nsteutl\S{0,2}tande$"),  # "ety Tjansteutlatande"
    re.compile(r"^.{0,20}\bsid\s+\d{1,3}\s*\(\s*\d{1,3}\s*\)$"),  # "gtgékhOIms Sid 7 (28)"
    re.compile(r"^sida\s+\d{1,3}\s+av\s+\d{1,3}$"),
    re.compile(r"^\W{1,2}\s*stockholms$"),  # the logo: "@ Stockholms" / "stad"
    re.compile(r"^\d{1,3}\s*\(\s*\d{1,3}\s*\)$"),  # "7 (28)"
]
_LOGO_SECOND_LINE = "stad"

# "- item", "• item", PDF symbol-font bullets, and "-Item" (a dash glued to a capital: lists typed by hand).
_BULLET_RE = re.compile(r"^\s*(?:[-*+•·▪◦‣–](?=\s)|-(?=[A-ZÅÄÖ])|[\uf0a7\uf0b7\uf076\uf0d8\uf0fc])\s*")
_MD_HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_SEPARATOR_RE = re.compile(r"^\s*\|?\s*:?-{1,}:?\s*(?:\|\s*:?-{1,}:?\s*)*\|?\s*$")
_BOLD_LINE_RE = re.compile(r"^\s*(?:\*\*|__)(?P<t>.+?)(?:\*\*|__)\s*$")
_HTML_BOLD_LINE_RE = re.compile(r"^\s*<b>(?P<t>.+?)</b>\s*$", re.IGNORECASE)
_ITALIC_LINE_RE = re.compile(r"^\s*\*(?!\*)(?P<t>[^*].*?)(?<!\*)\*\s*$")
_TAG_RE = re.compile(r"</?(?:b|i|u|em|strong|span|p|div|sup|sub|font|a)\b[^>]*>", re.IGNORECASE)
_BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)

# Flattened PDF tables (the city's VP template): a header line, then rows whose cells were wrapped.
_INDICATOR_HEADER_RE = re.compile(
    r"^\s*indikator\s+(?P<arsmal>\S*rsm\S{1,2}l)\s+(?P<kf>kf:?s\s+\S*rsm\S{1,2}l(?:\s+\S{1,3}\s+\d{4})?)\s+"
    r"(?P<per>periodicitet)\s*$"
)
_ACTIVITY_HEADER_RE = re.compile(r"^\s*aktivitet\s+startdatum\s+slutdatum(?P<avv>\s+avvikelse)?\s*$")
_DATE = r"\d{4}-\d{2}-\d{2}"
_DATES_ONLY_RE = re.compile(rf"^\s*(?P<start>{_DATE})\s+(?P<end>{_DATE})\s*$")
_TRAILING_DATES_RE = re.compile(rf"^(?P<name>.*?\S)\s+(?P<start>{_DATE})\s+(?P<end>{_DATE})\s*$")
# Periodicitet, the last column of a VP indicator row; folded ("År" -> "ar").
_PERIOD_RE = re.compile(
    r"(?:^|\s)(?P<per>tertial(?:vis)?|ar|helar|halvar|kvartal|manad(?:svis)?|termin|vartannat ar)\s*$"
)
_TARGET_RE = re.compile(
    r"(?:^|\s)(?P<val>tas\s+fram\s+av\s+\S+(?:\s*/\s*styr\s?else)?|[-−]?\d+(?:[ \u00a0]\d{3})*(?:,\d+)?\s?%?)\s*$"
)
_STRAY_PREFIX_RE = re.compile(r"^\s*(?:[^\w\s]|[A-Za-z¥])\s+(?=[A-ZÅÄÖÉ])")  # OCR of icons: "v Andel ..."


def _strip_markup(text: str) -> str:
    """HTML leftovers and markdown emphasis out, entities decoded; the words stay as written."""
    text = _BR_RE.sub(" ", text)
    text = _TAG_RE.sub("", text)
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    text = re.sub(r"__(.+?)__", r"\1", text)
    text = re.sub(r"(?<![\w*])\*(?![\s*])(.+?)(?<![\s*])\*(?![\w*])", r"\1", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|>])", r"\1", text)
    return html.unescape(text)


def _clean_cell(cell: str) -> str:
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


def _is_label(text: str) -> bool:
    """A line the builder reads as structure (goal label, status line, sub-heading) or a known heading."""
    if match_goal_label(text) or match_status(text) or match_subheading(text):
        return True
    key = fold(text).strip().rstrip(":").strip()
    return key in _EXTRA_LABELS or (len(key) < 60 and match_known_section(text))


def _starts_lower(text: str) -> bool:
    stripped = text.lstrip()
    return bool(stripped) and stripped[0].isalpha() and stripped[0].islower()


# After a line-final hyphen these words show a Swedish shared-ending compound ("risk- och skydds-"),
# where the space is real.
_AFTER_SHARED_HYPHEN = {"och", "eller", "samt", "respektive", "resp.", "till", "som", "med", "och/eller"}


def hyphen_joins(next_text: str) -> bool:
    """Does a line ending in "-" join the next line without a space? "Hägersten-" + "Älvsjö", "meo-" +
    "filmning", "1-" + "14": yes; "risk-" + "och skyddsbedömningar": no."""
    first = next_text.strip().split(" ", 1)[0].lower()
    return bool(first) and first not in _AFTER_SHARED_HYPHEN


def _continues_cell(text: str) -> bool:
    """A wrapped table cell goes on in lower case or with a quote/parenthesis ("Valfärdsbrott ...")."""
    stripped = text.lstrip()
    return _starts_lower(stripped) or (bool(stripped) and stripped[0] in "\"'”“»(")


# --------------------------------------------------------------------------- paragraph assembly


@dataclass
class _Para:
    text: str
    line: int
    style: str | None = None
    heading_level: int | None = None
    is_list_item: bool = False
    closed: bool = False  # headings, labels: never continued by a following line
    last_len: int = 0  # length of its last source line (to judge voluntary line breaks)


@dataclass
class _Table:
    rows: list[list[str]]
    line: int
    kind: Literal["tab", "pipe", "flat"]


class _Reader:
    def __init__(
        self, text: str, fmt: TextFormat, *, wrapped: bool | None = None, breaks_marked: bool = False
    ) -> None:
        self.breaks_marked = breaks_marked
        raw = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
        # Trailing tabs are kept: they are the empty cells of a tab-separated row.
        self.lines = [line.rstrip(" \u00a0") for line in raw.split("\n")]
        self.fmt = fmt
        self._drop_furniture()
        self.width = _typical_width(self.lines)
        self.wrapped = _looks_wrapped(self.lines) if wrapped is None else wrapped
        self.items: list[_Para | _Table] = []
        self.blank_before = False  # a blank line since the last item

    # ---- furniture

    def _drop_furniture(self) -> None:
        for i, line in enumerate(self.lines):
            if is_furniture(line):
                self.lines[i] = ""
                logo = fold(line.strip()).endswith("stockholms") and i + 1 < len(self.lines)
                if logo and fold(self.lines[i + 1].strip()) == _LOGO_SECOND_LINE:
                    self.lines[i + 1] = ""

    # ---- main loop

    def run(self) -> list[_Para | _Table]:
        i = 0
        n = len(self.lines)
        while i < n:
            line = self.lines[i]
            if not line.strip():
                self.blank_before = True
                i += 1
                continue
            if line.lstrip().startswith("|") and (self.fmt == "markdown" or self._separator_follows(i)):
                i = self._pipe_table(i)
            elif "\t" in line:
                i = self._tab_table(i)
            elif _INDICATOR_HEADER_RE.match(fold(line)):
                i = _FlatIndicatorTable(self, i).parse()
            elif _ACTIVITY_HEADER_RE.match(fold(line)):
                i = _FlatActivityTable(self, i).parse()
            else:
                self._text_line(line, i + 1)
                i += 1
        return self.items

    def _separator_follows(self, i: int) -> bool:
        """A pipe table in a .txt file (markdown saved as text) shows itself by its |---| row."""
        return (
            i + 1 < len(self.lines)
            and bool(_MD_SEPARATOR_RE.match(self.lines[i + 1]))
            and "-" in self.lines[i + 1]
        )

    def add_table(self, table: _Table) -> None:
        # A table repeated after a page break (same header row, nothing in between) is one table.
        previous = self.items[-1] if self.items else None
        if (
            isinstance(previous, _Table)
            and previous.kind == table.kind
            and table.kind != "pipe"
            and table.rows
            and previous.rows
            and _row_key(table.rows[0]) == _row_key(previous.rows[0])
        ):
            _continue_table(previous, table.rows[1:])
        else:
            self.items.append(table)
        self.blank_before = False

    # ---- tables

    def _pipe_table(self, start: int) -> int:
        rows: list[list[str]] = []
        i = start
        while i < len(self.lines) and self.lines[i].lstrip().startswith("|"):
            line = self.lines[i].strip()
            i += 1
            if _MD_SEPARATOR_RE.match(line):
                # An empty header row above the separator is conversion debris (the .docx has none).
                if len(rows) == 1 and not any(rows[0]):
                    rows.clear()
                continue
            body = line[1:]
            if body.endswith("|") and not body.endswith("\\|"):
                body = body[:-1]
            rows.append([_clean_cell(c) for c in re.split(r"(?<!\\)\|", body)])
        if rows:
            self.add_table(_Table(rows=_pad(rows), line=start + 1, kind="pipe"))
        return i

    def _tab_table(self, start: int) -> int:
        rows: list[list[str]] = []
        i = start
        while i < len(self.lines) and "\t" in self.lines[i]:
            line = self.lines[i]
            i += 1
            if not line.strip():  # only tabs: an empty row
                continue
            rows.append([_clean_cell(c) for c in line.split("\t")])
        rows = _pad(rows)
        # Trailing columns that are empty in every row are padding of the export, not columns.
        while rows and len(rows[0]) > 1 and all(not r[-1] for r in rows):
            rows = [r[:-1] for r in rows]
        if rows:
            self.add_table(_Table(rows=rows, line=start + 1, kind="tab"))
        return i

    # ---- text

    def _text_line(self, line: str, lineno: int) -> None:
        para = self._classify(line, lineno)
        previous = self.items[-1] if self.items else None
        if isinstance(previous, _Para) and self._continues(previous, para, blank=self.blank_before):
            hyphen = previous.text.endswith("-") and not previous.text.endswith(" -")
            sep = "" if hyphen and hyphen_joins(para.text) else " "
            previous.text = f"{previous.text}{sep}{para.text}"
            previous.last_len = len(line.strip())
            if para.closed:
                previous.closed = True
        else:
            self.items.append(para)
        self.blank_before = False

    def _classify(self, line: str, lineno: int) -> _Para:
        stripped = line.strip()
        if self.fmt == "markdown":
            m = _MD_HEADING_RE.match(line)
            if m:
                level = len(m.group(1))
                return _Para(
                    text=_strip_markup(m.group(2)).strip(),
                    line=lineno,
                    style=f"Heading{level}",
                    heading_level=level,
                    closed=True,
                )
            m = _BOLD_LINE_RE.match(stripped) or _HTML_BOLD_LINE_RE.match(stripped)
            if m and "**" not in m.group("t"):
                return _Para(
                    text=_strip_markup(m.group("t")).strip(), line=lineno, style="Strong", closed=True
                )
            m = _ITALIC_LINE_RE.match(stripped)
            if m:
                return _Para(
                    text=_strip_markup(m.group("t")).strip(), line=lineno, style="Emphasis", closed=True
                )
        m = _BULLET_RE.match(line)
        if m and len(stripped) > 1:
            text = _strip_markup(line[m.end() :]).strip()
            return _Para(
                text=text, line=lineno, style="ListBullet", is_list_item=True, last_len=len(stripped)
            )
        text = _strip_markup(stripped).strip()
        return _Para(
            text=text,
            line=lineno,
            closed=_is_label(text) and not match_goal_label(text),
            last_len=len(stripped),
        )

    def _continues(self, previous: _Para, para: _Para, *, blank: bool) -> bool:
        """Is `para` (one source line) the continuation of `previous`? Only plain text continues."""
        if previous.closed or para.closed or para.heading_level or para.style in ("Strong", "Emphasis"):
            return False
        if para.is_list_item or _is_label(para.text) or not previous.text:
            return False
        goal = match_goal_label(previous.text) is not None
        if _starts_lower(para.text):
            # A sentence cut by a page break or an empty line ("... De" / "har bidragit ..."), a goal title
            # wrapped onto the next line. A title is not continued across an empty line.
            if blank and goal:
                return False
            if previous.text.endswith((".", "!", "?")):
                return self.wrapped and not blank
            return True
        if blank or not self.wrapped:
            return False
        if self.breaks_marked:
            return True  # the PDF reader measured the lines: every intended break is an empty line
        # Hard-wrapped text: the line broke although the next word would have fit -> the break was meant.
        first_word = para.text.split(" ", 1)[0]
        return previous.last_len + 1 + len(first_word) >= 0.85 * self.width


def _typical_width(lines: list[str]) -> int:
    lengths = sorted(len(line.strip()) for line in lines if len(line.strip()) > 20 and "\t" not in line)
    if not lengths:
        return 80
    return max(40, lengths[int(len(lengths) * 0.9)])


def _looks_wrapped(lines: list[str]) -> bool:
    """Hard-wrapped text (extracted from PDF): paragraphs run over many short lines. Text exported
    from Word keeps one paragraph per line, so long lines are common there."""
    text_lines = [
        line for line in lines if line.strip() and "\t" not in line and not line.lstrip().startswith("|")
    ]
    if len(text_lines) < 10:
        return False
    long_lines = sum(1 for line in text_lines if len(line.strip()) > 130)
    return long_lines / len(text_lines) < 0.01


def _pad(rows: list[list[str]]) -> list[list[str]]:
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def _row_key(row: list[str]) -> tuple[str, ...]:
    return tuple(re.sub(r"\s+", " ", fold(c)).strip() for c in row)


def _continue_table(table: _Table, rows: list[list[str]]) -> None:
    """Append the rows after a repeated header. Rows at the top of the continuation that hold text in the
    first cell only finish the last such row before the break (an "Analys" comment cut by the page)."""
    width = max(len(table.rows[0]), *(len(r) for r in rows)) if rows else len(table.rows[0])
    table.rows = _pad(table.rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    last = table.rows[-1] if table.rows else None
    while rows and last is not None and _first_cell_only(rows[0]) and _first_cell_only(last):
        sep = "\n" if last[0].rstrip().endswith((".", "!", "?")) else " "
        last[0] = f"{last[0]}{sep}{rows.pop(0)[0]}"
    table.rows.extend(rows)


def _first_cell_only(row: list[str]) -> bool:
    return bool(row and row[0].strip()) and not any(c.strip() for c in row[1:])


# --------------------------------------------------------------------------- flattened PDF tables


class _FlatTable:
    """Rows of a table that PDF extraction flattened into lines, up to the next structural line."""

    def __init__(self, reader: _Reader, header_index: int) -> None:
        self.reader = reader
        self.lines = reader.lines
        self.start = header_index

    def content(self, i: int) -> str | None:
        """Line i without OCR debris, or None when it carries nothing (blank, a lone stray letter)."""
        line = self.lines[i].strip()
        if len(line) <= 1:
            return None
        return _STRAY_PREFIX_RE.sub("", line).strip() or None

    def next_content(self, i: int) -> tuple[int, str | None]:
        for j in range(i + 1, min(len(self.lines), i + 4)):
            text = self.content(j)
            if text is not None:
                return j, text
        return i, None

    def ends_table(self, text: str) -> bool:
        folded = fold(text)
        if _INDICATOR_HEADER_RE.match(folded) or _ACTIVITY_HEADER_RE.match(folded):
            return False  # repeated header after a page break: handled by the caller
        return _is_label(text) or bool(_BULLET_RE.match(text)) or "\t" in text or text.startswith("|")

    def found_ahead(
        self, i: int, *, span: int, most: int, found: Callable[[str], object], stop: Callable[[str], object]
    ) -> bool:
        """Is there a `found` line among the next `span` lines from i (the first `most` + 1 with
        content), before a later line that ends the table or is a `stop`?"""
        seen = 0
        for j in range(i, min(len(self.lines), i + span)):
            text = self.content(j)
            if text is None:
                continue
            if j > i and (self.ends_table(text) or stop(text)):
                return False
            if found(text):
                return True
            seen += 1
            if seen > most:
                return False
        return False


class _FlatIndicatorTable(_FlatTable):
    """VP indicator table: `Indikator Årsmål KF:s årsmål år 2025 Periodicitet`, then per row the name
    (wrapped), the targets and the periodicity, in either order of lines:

        Andel utredningar av barn          v Andel utredningar av barn 80 % Tas fram av ndmnd Tertial
        och unga där barnet varit          och unga dar barnet varit
         Tas fram av nämnd Tertial         aterkoppling
    """

    def parse(self) -> int:
        header_line = self.lines[self.start].strip()
        m = _INDICATOR_HEADER_RE.match(fold(header_line))
        assert m is not None
        header = ["Indikator", header_line[m.start("arsmal") : m.end("arsmal")]]
        header += [header_line[m.start("kf") : m.end("kf")], header_line[m.start("per") : m.end("per")]]
        rows: list[list[str]] = []
        name: list[str] = []  # name lines of the row being read
        values: list[str] = []  # value text seen (targets), in order
        value_open = False  # a value started on its own line and may wrap ("1,5 kg CO2 per kg" / "livsmedel")
        last_closed: list[str] | None = None
        i = self.start + 1
        while i < len(self.lines):
            text = self.content(i)
            if text is None:
                i += 1
                continue
            folded = fold(text)
            if _INDICATOR_HEADER_RE.match(folded):
                i += 1
                continue
            if self.ends_table(text) or _ACTIVITY_HEADER_RE.match(folded):
                break
            name_part, targets, period = _split_indicator_line(text)
            if period is not None:
                # "livsmedel År" ends a wrapped value; "1,5 kg CO2 År" after the name is a value too.
                if name_part and (value_open or (_starts_with_number(name_part) and name and not targets)):
                    values.append(name_part)
                elif name_part:
                    name.append(name_part)
                values.extend(targets)
                if not name and last_closed is not None and not targets and not values:
                    break
                rows.append(_indicator_row(" ".join(name), values, period))
                last_closed = rows[-1]
                name, values, value_open = [], [], False
            elif not name and not values and last_closed is not None and _continues_cell(text):
                last_closed[0] = f"{last_closed[0]} {text}"  # the name wraps below its values
            elif value_open and _starts_lower(text):
                values[-1] = f"{values[-1]} {text}"
            elif name and _starts_with_number(text):
                values.append(text)
                value_open = True
            elif not name and not _starts_lower(text) and not self._row_follows(i):
                break
            else:
                name.append(text)
            i += 1
        if name:  # a row without periodicity at the end (cut off): keep what was read
            rows.append(_indicator_row(" ".join(name), values, ""))
        self.reader.add_table(_Table(rows=[header, *rows], line=self.start + 1, kind="flat"))
        return i

    def _row_follows(self, i: int) -> bool:
        """Does the line at i start a new indicator row? Yes when a periodicity ends a line soon."""
        return self.found_ahead(
            i,
            span=20,
            most=8,
            found=lambda t: _split_indicator_line(t)[2] is not None,
            stop=lambda t: _INDICATOR_HEADER_RE.match(fold(t)),
        )


def _starts_with_number(text: str) -> bool:
    return bool(re.match(r"^[-−]?\d", text.strip()))


def _split_indicator_line(text: str) -> tuple[str, list[str], str | None]:
    """ "Aktivt Medskapandeindex 70 83 År" -> ("Aktivt Medskapandeindex", ["70", "83"], "År").
    Without a periodicity at the end, the line is all name: (text, [], None)."""
    folded = fold(text)
    m = _PERIOD_RE.search(folded)
    if not m:
        return text, [], None
    period = text[m.start("per") : m.end("per")]
    if not period[:1].isupper():
        return text, [], None  # "... mer än ett år" ends a name; the column says "År", "Tertial"
    rest = text[: m.start("per")].rstrip()
    targets: list[str] = []
    while len(targets) < 2:
        t = _TARGET_RE.search(fold(rest))
        if not t:
            break
        targets.insert(0, rest[t.start("val") : t.end("val")].strip())
        rest = rest[: t.start("val")].rstrip()
    return rest.strip(), targets, period


def _indicator_row(name: str, values: list[str], period: str) -> list[str]:
    """[Indikator, Årsmål, KF:s årsmål, Periodicitet]. One target is the KF:s årsmål: in the VP template
    the unit's own Årsmål is the optional column (the PDF keeps its emptiness as nothing at all)."""
    values = [v for v in values if v]
    if len(values) >= 2:
        arsmal, kf = " ".join(values[:-1]), values[-1]
    elif values:
        arsmal, kf = "", values[0]
    else:
        arsmal, kf = "", ""
    return [name.strip(), arsmal, kf, period]


_OPEN_DATE_RE = re.compile(rf"(?:^|\s){_DATE}$")
_CUT_DATE_RE = re.compile(r"(?:^|\s)\d{4}-(?:\d{2}-)?$")


def _mend_dates(text: str, following: str) -> str | None:
    """A date pair that a narrow page wrapped: "... inom 2025-01-01" + "2025-08-31", or "... 2025-01-01
    2025-" + "06-30". Returns the mended line, or None when nothing was cut."""
    if _TRAILING_DATES_RE.match(text) or _DATES_ONLY_RE.match(text):
        return None
    if _OPEN_DATE_RE.search(text) and re.match(rf"^{_DATE}$", following):
        return f"{text} {following}"
    if _CUT_DATE_RE.search(text) and re.match(r"^(?:\d{2}-)?\d{2}$", following):
        mended = text + following
        return mended if _TRAILING_DATES_RE.match(mended) or _DATES_ONLY_RE.match(mended) else None
    return None


class _FlatActivityTable(_FlatTable):
    """VP activity table: `Aktivitet Startdatum Slutdatum`, then per row the activity text (wrapped)
    and two dates, either at the end of its first line or on a line of their own after the text."""

    def parse(self) -> int:
        header_line = self.lines[self.start].strip()
        m = _ACTIVITY_HEADER_RE.match(fold(header_line))
        assert m is not None
        header = header_line.split()
        rows: list[list[str]] = []
        pending: list[str] = []  # text lines not yet given to a row
        i = self.start + 1
        while i < len(self.lines):
            text = self.content(i)
            if text is None:
                i += 1
                continue
            if _ACTIVITY_HEADER_RE.match(fold(text)):
                i += 1
                continue
            if self.ends_table(text) or _INDICATOR_HEADER_RE.match(fold(text)):
                break
            j, following = self.next_content(i)
            mended = _mend_dates(text, following) if following is not None else None
            if mended is not None:
                text, i = mended, j
            dates_only = _DATES_ONLY_RE.match(text)
            trailing = _TRAILING_DATES_RE.match(text)
            if dates_only:
                if pending:
                    rows.append([" ".join(pending), dates_only["start"], dates_only["end"]])
                    pending = []
                elif rows and not rows[-1][1]:
                    rows[-1][1:3] = [dates_only["start"], dates_only["end"]]
            elif trailing:
                self._flush(rows, pending)
                pending = []
                rows.append([trailing["name"], trailing["start"], trailing["end"]])
            elif _continues_cell(text) and rows and not pending:
                rows[-1][0] = f"{rows[-1][0]} {text}"  # the activity text wraps below its dates
            elif pending or self._dates_follow(i):
                pending.append(text)
            else:
                break
            i += 1
        self._flush(rows, pending)
        width = len(header)
        rows = [r + [""] * (width - len(r)) for r in rows]
        self.reader.add_table(_Table(rows=[header, *rows], line=self.start + 1, kind="flat"))
        return i

    @staticmethod
    def _flush(rows: list[list[str]], pending: list[str]) -> None:
        if not pending:
            return
        if rows:
            rows[-1][0] = f"{rows[-1][0]} {' '.join(pending)}"
        else:
            rows.append([" ".join(pending), "", ""])

    def _dates_follow(self, i: int) -> bool:
        """Is the text at i the start of an activity whose dates come on a later line?"""
        return self.found_ahead(i, span=16, most=6, found=_DATES_ONLY_RE.match, stop=_TRAILING_DATES_RE.match)


# --------------------------------------------------------------------------- public API


def read_text_blocks(
    text: str,
    source: str,
    fmt: TextFormat,
    *,
    wrapped: bool | None = None,
    breaks_marked: bool = False,
    source_format: str | None = None,
) -> Document:
    """Markdown or plain text -> blocks. `wrapped` forces (True) or forbids (False) reflowing hard-wrapped
    lines into paragraphs; None = decide from the line lengths (text extracted from PDF is wrapped).
    `breaks_marked`: every intended line break is an empty line, so wrapped lines always join (the PDF
    reader knows this from the page geometry; without it the reader guesses from line lengths).
    `source_format` overrides the document's format label (the PDF reader passes "pdf")."""
    items = _Reader(text, fmt, wrapped=wrapped, breaks_marked=breaks_marked).run()
    blocks: list[ParagraphBlock | TableBlock] = []
    for item in items:
        index = len(blocks)
        if isinstance(item, _Table):
            rows = [r for r in item.rows if any(c.strip() for c in r)]
            if rows:
                blocks.append(TableBlock(index=index, rows=rows, line=item.line))
        elif item.text:
            blocks.append(
                ParagraphBlock(
                    index=index,
                    text=re.sub(r"[ \t]{2,}", " ", item.text).strip(),
                    style=item.style,
                    heading_level=item.heading_level,
                    is_list_item=item.is_list_item,
                    line=item.line,
                )
            )
    return Document(source=source, format=source_format or fmt, blocks=blocks)  # type: ignore[arg-type]
