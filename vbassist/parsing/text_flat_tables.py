"""Tables that PDF extraction flattened into lines (the city's VP template, borderless): a header line,
then rows whose cells were wrapped over several lines, rebuilt into rows of cells. Only the two VP
tables are rebuilt; the text reader hands over at their header line and takes the table back."""

from __future__ import annotations

import re
from collections.abc import Callable

from vbassist.names import fold
from vbassist.parsing.text_lines import BULLET_RE, TextTable, continues_cell, is_label, starts_lower

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


class _FlatTable:
    """Rows of a table that PDF extraction flattened into lines, up to the next structural line."""

    def __init__(self, lines: list[str], header_index: int) -> None:
        self.lines = lines
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

    def row_line(self, i: int, header: re.Pattern[str]) -> tuple[int, str | None]:
        """From line i on, the next line of the table's rows and its text: blank lines and the header
        repeated after a page break (`header`) are skipped; text None where the table ends (a label, a
        bullet, another flattened table, the end of the text), i then being that line."""
        while i < len(self.lines):
            text = self.content(i)
            if text is None or header.match(fold(text)):
                i += 1
                continue
            other = _ACTIVITY_HEADER_RE if header is _INDICATOR_HEADER_RE else _INDICATOR_HEADER_RE
            if self.ends_table(text) or other.match(fold(text)):
                return i, None
            return i, text
        return i, None

    def ends_table(self, text: str) -> bool:
        folded = fold(text)
        if _INDICATOR_HEADER_RE.match(folded) or _ACTIVITY_HEADER_RE.match(folded):
            return False  # repeated header after a page break: handled by the caller
        return is_label(text) or bool(BULLET_RE.match(text)) or "\t" in text or text.startswith("|")

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

    def parse(self) -> tuple[TextTable, int]:
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
        i, text = self.row_line(self.start + 1, _INDICATOR_HEADER_RE)
        while text is not None:
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
            elif not name and not values and last_closed is not None and continues_cell(text):
                last_closed[0] = f"{last_closed[0]} {text}"  # the name wraps below its values
            elif value_open and starts_lower(text):
                values[-1] = f"{values[-1]} {text}"
            elif name and _starts_with_number(text):
                values.append(text)
                value_open = True
            elif not name and not starts_lower(text) and not self._row_follows(i):
                break
            else:
                name.append(text)
            i, text = self.row_line(i + 1, _INDICATOR_HEADER_RE)
        if name:  # a row without periodicity at the end (cut off): keep what was read
            rows.append(_indicator_row(" ".join(name), values, ""))
        return TextTable(rows=[header, *rows], line=self.start + 1, kind="flat"), i

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

    def parse(self) -> tuple[TextTable, int]:
        header_line = self.lines[self.start].strip()
        m = _ACTIVITY_HEADER_RE.match(fold(header_line))
        assert m is not None
        header = header_line.split()
        rows: list[list[str]] = []
        pending: list[str] = []  # text lines not yet given to a row
        i, text = self.row_line(self.start + 1, _ACTIVITY_HEADER_RE)
        while text is not None:
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
            elif continues_cell(text) and rows and not pending:
                rows[-1][0] = f"{rows[-1][0]} {text}"  # the activity text wraps below its dates
            elif pending or self._dates_follow(i):
                pending.append(text)
            else:
                break
            i, text = self.row_line(i + 1, _ACTIVITY_HEADER_RE)
        self._flush(rows, pending)
        width = len(header)
        rows = [r + [""] * (width - len(r)) for r in rows]
        return TextTable(rows=[header, *rows], line=self.start + 1, kind="flat"), i

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


def flat_table_at(lines: list[str], i: int) -> tuple[TextTable, int] | None:
    """The flattened table whose header is line i, and the index of the first line after it; None when
    line i is no such header."""
    folded = fold(lines[i])
    if _INDICATOR_HEADER_RE.match(folded):
        return _FlatIndicatorTable(lines, i).parse()
    if _ACTIVITY_HEADER_RE.match(folded):
        return _FlatActivityTable(lines, i).parse()
    return None
