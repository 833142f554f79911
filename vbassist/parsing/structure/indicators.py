"""Indicator tables (Indikator | Periodens utfall | ... | Årsmål | KF:s årsmål | Period) -> `Indicator`s of
the goal they sit under, with the "Analys" row below each, and the repairs PDF conversion needs: a table
split over a page break continues the previous one (name or comment continued, a cell finished: "Tas
fram av nämnd/s" + "tyrelse"), a row pushed one column right by a stray symbol cell is shifted back, a
period glued to the KF-target cell is split off."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vbassist.model import Goal, Indicator, Location, TableBlock, Value
from vbassist.names import fold
from vbassist.numbers import parse_value
from vbassist.parsing.headings import header_key, squash, strip_symbols
from vbassist.parsing.structure.places import at

_PERIOD_RE = re.compile(r"^(?:(?:vb|vp|t1|t2|t3|tertial\s*[12])\s*)?(?:19|20)\d{2}$")
_PERIOD_TAIL_RE = re.compile(r"\s+((?:VB|VP|T1|T2)\s*(?:19|20)\d{2})\s*$", re.IGNORECASE)
_LETTERS_RE = re.compile(r"[A-Za-zÅÄÖåäöÉéÜü]{3,}")
_TEXT_ROLES = ("period", "periodicitet", "enhet")
_PERCENT_ROLES = ("utfall", "utfall_man", "utfall_kvinnor", "arsmal")


@dataclass
class IndicatorColumns:
    roles: dict[int, str]  # column -> the Indicator field it holds
    header: list[str]
    labels: dict[str, str] = field(default_factory=dict)  # headers kept as written ("Utfall VB 2024")

    @classmethod
    def of(cls, header: list[str]) -> IndicatorColumns:
        roles: dict[int, str] = {}
        labels: dict[str, str] = {}
        for col, cell in enumerate(header):
            role = _role(header_key(cell))
            if role and role not in roles.values():
                roles[col] = role
                if role in ("utfall_forra_aret", "kf_arsmal"):
                    labels[role] = re.sub(r"\s+", " ", cell).strip()
        if "name" not in roles.values() and header:
            roles[0] = "name"
        return cls(roles=roles, header=[re.sub(r"\s+", " ", c).strip() for c in header], labels=labels)


def _role(key: str) -> str | None:
    """The field a header cell names (the key folded by `header_key`)."""
    if key.startswith("indikator"):
        return "name"
    if "man/" in key or "pojkar" in key or key.endswith(" man"):
        return "utfall_man"
    if "kvinnor" in key or "flickor" in key:
        return "utfall_kvinnor"
    if key.startswith("kf") and "arsm" in key:
        return "kf_arsmal"
    if key.startswith("arsm") or key == "mal":
        return "arsmal"
    if key.startswith("periodicitet"):
        return "periodicitet"
    if key.startswith("utfall") and (re.search(r"(?:19|20)\d{2}", key) or "forra" in key or "foreg" in key):
        return "utfall_forra_aret"
    if key.startswith(("periodens utfall", "utfall")):
        return "utfall"
    if key.startswith("period"):
        return "period"
    if key in ("enhet", "matt", "mattenhet"):
        return "enhet"
    return None


def _is_name_like(text: str) -> bool:
    if not _LETTERS_RE.search(text) or _PERIOD_RE.match(squash(text)):
        return False
    return parse_value(text).value is None


class IndicatorTables:
    """Reads indicator tables in order: a table that continues one split over a page break needs the
    indicator read last."""

    def __init__(self) -> None:
        self.last: Indicator | None = None  # the indicator a text row or a continued row belongs to
        self.comment_open = False  # an "Analys" row was read: the rows after it continue the comment

    def reset(self) -> None:
        """A new goal or field: nothing continues across it."""
        self.last = None
        self.comment_open = False

    def read(
        self, block: TableBlock, rows: list[list[str]], row_ids: list[int], header_row: int, goal: Goal
    ) -> IndicatorColumns:
        """The rows below `header_row` into `goal.indicators`; `row_ids` are the rows' places in the
        source table. Returns the columns found (their header years and periodicity say what the
        report is)."""
        header = rows[header_row]
        columns = IndicatorColumns.of(header)
        width = len(header)
        header_keys = [header_key(c) for c in header]
        for r, row in enumerate(rows):
            if r <= header_row:
                continue
            row_index = row_ids[r]
            cells = list(row) + [""] * (width - len(row))
            if [header_key(c) for c in cells] == header_keys:
                continue  # header repeated on a new page
            rest = cells[1:]
            if not strip_symbols(cells[0]) and any(rest):
                if _is_name_like(rest[0]):
                    cells = [*rest, ""]  # a stray symbol cell pushed the row one column right
                else:
                    self._continue(cells, columns)
                    continue
            name = strip_symbols(cells[0])
            if not [c for c in cells[1:] if c and c != cells[0]]:
                self._text_row(name, at(block, row=row_index, col=0))
                continue
            indicator = _new_indicator(cells, columns, name, at(block, row=row_index))
            goal.indicators.append(indicator)
            self.last = indicator
            self.comment_open = False
        return columns

    def _text_row(self, text: str, location: Location) -> None:
        """A row with text in its first cell only: the indicator's "Analys" comment, the rest of a
        comment or of a name split over a page break."""
        text = re.sub(r"</?p>", " ", text)
        text = re.sub(r"\s+", " ", text).strip()
        previous = self.last
        if previous is None:
            return
        if re.match(r"^analys\b", fold(text)):
            comment = text[6:].strip(" :\n")
            if previous.kommentar and comment:
                previous.kommentar = f"{previous.kommentar} {comment}"
            elif comment:
                previous.kommentar = comment
                previous.kommentar_location = location
            self.comment_open = True
            if previous.kommentar_location is None:
                previous.kommentar_location = location
            return
        if previous.kommentar or self.comment_open:
            previous.kommentar = f"{previous.kommentar} {text}".strip() if previous.kommentar else text
            if previous.kommentar_location is None:
                previous.kommentar_location = location
            return
        if text[:1].islower():
            previous.name = f"{previous.name} {text}"
            return
        previous.kommentar = text
        previous.kommentar_location = location

    def _continue(self, cells: list[str], columns: IndicatorColumns) -> None:
        """A row of leftovers ("♀ ... tyrelse", "♀ ... VB 2024"): finish the previous indicator's cells."""
        previous = self.last
        if previous is None:
            return
        for col, text in enumerate(cells):
            role = columns.roles.get(col)
            if not text or role in (None, "name"):
                continue
            if role in _TEXT_ROLES:
                current = getattr(previous, role)
                setattr(previous, role, f"{current} {text}" if current else text)
                continue
            current_value: Value | None = getattr(previous, role)
            if current_value is None or current_value.kind == "empty":
                setattr(previous, role, parse_value(text))
            elif current_value.value is None:
                setattr(previous, role, parse_value(f"{current_value.raw} {text}"))


def _new_indicator(cells: list[str], columns: IndicatorColumns, name: str, location: Location) -> Indicator:
    by_role: dict[str, str] = {}
    for col, role in columns.roles.items():
        if col < len(cells):
            by_role[role] = cells[col]
    # a period glued to the KF target ("Tas fram av nämnd VB 2024") or pushed into its column
    if "period" in columns.roles.values() and not by_role.get("period") and by_role.get("kf_arsmal"):
        kf = by_role["kf_arsmal"]
        if _PERIOD_RE.match(squash(kf)):
            by_role["period"], by_role["kf_arsmal"] = kf, ""
        elif m := _PERIOD_TAIL_RE.search(kf):
            by_role["period"], by_role["kf_arsmal"] = m.group(1), kf[: m.start()].strip()
    percent_row = squash(name).startswith("andel") or any(
        "%" in by_role.get(role, "") for role in _PERCENT_ROLES
    )

    def value(role: str) -> Value | None:
        if role not in columns.roles.values():
            return None
        parsed = parse_value(by_role.get(role, ""))
        if percent_row and parsed.kind == "count" and parsed.value is not None:
            # "73,33" next to "70,59 %" in the same row: the percent sign was dropped, not the meaning
            parsed = parsed.model_copy(update={"kind": "percent", "unit": "%"})
        return parsed

    return Indicator(
        name=name,
        utfall=value("utfall"),
        utfall_man=value("utfall_man"),
        utfall_kvinnor=value("utfall_kvinnor"),
        utfall_forra_aret=value("utfall_forra_aret"),
        utfall_forra_aret_label=columns.labels.get("utfall_forra_aret"),
        arsmal=value("arsmal"),
        kf_arsmal=value("kf_arsmal"),
        kf_arsmal_label=columns.labels.get("kf_arsmal"),
        period=by_role.get("period") or None,
        periodicitet=by_role.get("periodicitet") or None,
        enhet=by_role.get("enhet") or None,
        cells=list(cells),
        header=list(columns.header),
        location=location,
    )
