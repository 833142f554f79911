"""Places as a reader finds them in Word: from a `Report` and a `Location` to the headings above it, the
part under the last heading and the text found there.

"block 85, tecken 123–139" means nothing to someone reading the document; "Nämndmål: Barn och ungdomar
… › Enhetsmål: Familjehemsplacerade barn … › Förväntat resultat, punkt 1" and the quoted sentence do.
Every finding and every piece of evidence gets such a `Place` once, after the rules have run
(`with_places`), so every surface (text, HTML, Excel, Word comments, the task pane, the JSON) shows the
same words. The place is read from the report's own structure (goal tree, sections, tables), never
guessed from numbers: a location the structure does not know gets the nearest heading above it and no
part."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

from vbassist.model import (
    LEVEL_LABELS,
    Evidence,
    Finding,
    Goal,
    Location,
    Place,
    Report,
    TextItem,
)
from vbassist.names import fold
from vbassist.sv import shorten

SEPARATOR = " › "
QUOTE_CHARS = 90  # a quote long enough to find the sentence, short enough for a comment or a pane
_SPAN_LEAD = 30  # characters of context kept before a quoted span

# how the part under each heading of a goal is counted: bullets are "punkt", paragraphs "stycke"
_GOAL_PARTS: tuple[tuple[str, str, str], ...] = (
    ("beskrivning", "Beskrivning", "stycke"),
    ("forvantat_resultat", "Förväntat resultat", "punkt"),
    ("analys", "Analys", "stycke"),
    ("arbetssatt", "Arbetssätt", "stycke"),
    ("uppfoljning", "Uppföljning", "stycke"),
)
_ACTIVITY_COLUMNS = ("Aktivitet", "Startdatum", "Slutdatum", "Avvikelse")


def quote_of(text: str, start: int | None = None, end: int | None = None, limit: int = QUOTE_CHARS) -> str:
    """The words at a place: the start of `text`, or the span `start`..`end` with a little context
    before it; up to the end of its sentence when that comes soon enough, else cut at a word boundary
    ("…" where something was left out)."""
    text = re.sub(r"\s+", " ", text).strip()
    lead = 0
    if start is not None and 0 < start < len(text):
        lead = max(0, start - _SPAN_LEAD)
        if lead > 0:
            space = text.find(" ", lead, start)
            lead = space + 1 if space >= 0 else start
        # the sentence the span is in, when it begins within the context kept
        sentence = text.rfind(". ", lead, start)
        if sentence >= 0:
            lead = sentence + 2
    rest = text[lead:]
    needed = max(0, (end or start or 0) - lead)
    window = max(limit, needed + 10)
    stop = _SENTENCE_END.search(rest, max(needed, 25), window + 1)
    shown = rest[: stop.start() + 1] if stop else shorten(rest, window)
    return ("…" + shown) if lead > 0 else shown


_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


def goal_heading(goal: Goal) -> str:
    """The goal's heading as the document writes it: "Nämndmål: 1.3.2 Vuxna får …"."""
    title = f"{goal.number} {goal.title}" if goal.number else goal.title
    return f"{LEVEL_LABELS[goal.level]}: {title}"


def _goal_short(goal: Goal) -> str:
    """The heading shortened for a one-line place: the KF goals by number, the others by title."""
    if goal.level in ("kf_inriktningsmal", "kf_verksamhetsmal"):
        head = "KF:s inriktningsmål" if goal.level == "kf_inriktningsmal" else "KF-mål"
        return (
            f"{head} {goal.number} {shorten(goal.title, 32)}"
            if goal.number
            else f"{head}: {shorten(goal.title, 40)}"
        )
    limit = 45 if goal.level == "namndmal" else 55
    label = LEVEL_LABELS[goal.level]
    return f"{label}: {goal.number + ' ' if goal.number else ''}{shorten(goal.title, limit)}"


class _Heading:
    """A chain of headings: as written (for `Place.path`) and shortened (for `Place.text`). The words
    are made on first use: most headings of a report are never part of a finding's place."""

    __slots__ = ("_full", "_short", "goal", "parent", "title")

    def __init__(self, parent: _Heading | None = None, *, goal: Goal | None = None, title: str = "") -> None:
        self.parent, self.goal, self.title = parent, goal, title
        self._full: tuple[str, ...] | None = None
        self._short: tuple[str, ...] | None = None

    @property
    def full(self) -> tuple[str, ...]:
        if self._full is None:
            above = self.parent.full if self.parent is not None else ()
            own = goal_heading(self.goal) if self.goal is not None else self.title
            self._full = (*above, own) if own else above
        return self._full

    @property
    def short(self) -> tuple[str, ...]:
        if self._short is None:
            above = self.parent.short if self.parent is not None else ()
            own = _goal_short(self.goal) if self.goal is not None else shorten(self.title, 45)
            self._short = (*above, own) if own else above
        return self._short


_NOWHERE = _Heading()


@dataclass(frozen=True)
class _Spot:
    """A paragraph the report knows: under which headings, which part, and its text."""

    heading: _Heading
    part: str | None
    text: str


@dataclass
class _Row:
    """A table row the report knows: what it is called (the indicator, activity or budget line as
    written; "" = by number), the header of each grid column and the text of each cell. `text` is
    running text kept in the row (an indicator's comment, an activity's analysis): a character span in
    the row points into it. The words shown are made only when a place is asked for."""

    name: str
    headers: Sequence[str]
    cells: Sequence[str]
    text: str | None = None
    is_text: bool = False  # the row is its text (an indicator's comment row, "Analys" under it)

    def label(self, row: int) -> str:
        return f'rad "{shorten(self.name, 50)}"' if self.name.strip() else f"rad {row + 1}"

    def text_label(self) -> str:
        return f'analysen under "{shorten(self.name, 50)}"'

    def header(self, col: int) -> str:
        return re.sub(r"\s+", " ", self.headers[col]).strip() if col < len(self.headers) else ""


@dataclass
class _Table:
    block: int
    heading: _Heading
    name: str  # "indikatortabellen", 'Totalt' (a budget table's title), ...
    rows: dict[int, _Row] = field(default_factory=dict)


class PlaceIndex:
    """Every place of one report by block (and table row), built once; `place(location)` answers."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self._paragraphs: dict[int, _Spot] = {}
        self._tables: dict[int, list[_Table]] = {}
        self._row_tables: dict[tuple[int, int], _Table] = {}
        self._anchors: list[tuple[int, _Heading]] = []  # (block of a heading, the chain it ends)
        self._index_goals()
        self._index_sections()
        self._index_tables()
        self._anchors.sort(key=lambda a: a[0])
        self._anchor_blocks = [b for b, _ in self._anchors]

    # ------------------------------------------------------------------ building

    def _index_goals(self) -> None:
        # the chain of headings below each goal, made once per goal: the inriktningsmål is left out
        # below itself (the KF goal's number implies it; a path a reader takes in at a glance)
        below: dict[int, _Heading] = {}
        for goal, parents in self.report.iter_goals():
            above = below[id(parents[-1])] if parents else _NOWHERE
            chain = _Heading(above, goal=goal)
            below[id(goal)] = above if goal.level == "kf_inriktningsmal" and goal.children else chain
            self._anchors.append((goal.location.block, chain))
            self._paragraphs.setdefault(goal.location.block, _Spot(chain, None, goal.title))
            if goal.status_location is not None:
                self._paragraphs[goal.status_location.block] = _Spot(chain, "status", goal.status_text or "")
            for attr, label, unit in _GOAL_PARTS:
                items: list[TextItem] = getattr(goal, attr)
                for n, item in enumerate(items, start=1):
                    self._paragraphs[item.location.block] = _Spot(chain, f"{label}, {unit} {n}", item.text)
            for ind in goal.indicators:
                table = self._table(ind.location.block, chain, "indikatortabellen")
                if ind.location.row is None:
                    continue
                self._add_row(table, ind.location.row, _Row(ind.name, ind.header, ind.cells, ind.kommentar))
                comment = ind.kommentar_location
                if ind.kommentar and comment is not None and comment.row is not None:
                    note = _Row(ind.name, [], [ind.kommentar], text=ind.kommentar, is_text=True)
                    self._add_row(self._table(comment.block, chain, "indikatortabellen"), comment.row, note)
            for act in goal.activities:
                table = self._table(act.location.block, chain, "aktivitetstabellen")
                if act.location.row is None:
                    continue
                cells = [act.name, act.startdatum or "", act.slutdatum or "", act.avvikelse or ""]
                self._add_row(table, act.location.row, _Row(act.name, _ACTIVITY_COLUMNS, cells, act.analys))

    def _index_sections(self) -> None:
        sections = sorted(self.report.sections, key=lambda s: s.location.block)
        previous: tuple[int, _Heading] | None = None  # a heading with nothing of its own, right above
        for section in sections:
            block = section.location.block
            title = re.sub(r"\s+", " ", section.title).strip()
            # a heading with nothing of its own right above another is that one's parent ("Uppföljning
            # av ekonomi" › "Analys av resultaträkning"); one level only, the report keeps no levels
            parent = previous[1] if previous is not None and block - previous[0] <= 2 else None
            chain = _Heading(parent, title=title)
            self._anchors.append((block, chain))
            self._paragraphs.setdefault(block, _Spot(chain, None, section.title))
            for n, item in enumerate(section.paragraphs, start=1):
                self._paragraphs[item.location.block] = _Spot(chain, f"stycke {n}", item.text)
            previous = None if section.paragraphs else (block, _Heading(title=title))

    def _index_tables(self) -> None:
        # budget and other tables sit under the nearest heading above them (anchors of goals and sections)
        self._anchors.sort(key=lambda a: a[0])
        self._anchor_blocks = [b for b, _ in self._anchors]
        for bt in self.report.budget_tables:
            block = bt.location.block
            name = shorten(bt.title, 45) if bt.title else "budgettabellen"
            table = _Table(block, self._enclosing(block), name)
            self._tables.setdefault(block, []).append(table)
            for budget_row in bt.rows:
                r = budget_row.location.row
                if r is None:
                    continue
                values = budget_row.values
                cells = [budget_row.label, *(values[c].raw if c in values else "" for c in bt.columns)]
                self._add_row(table, r, _Row(budget_row.label, ["", *bt.columns], cells))
        for other in self.report.tables:
            block = other.location.block
            name = f'tabellen "{shorten(other.title, 40)}"' if other.title else "tabellen"
            table = _Table(block, self._enclosing(block), name)
            self._tables.setdefault(block, []).append(table)
            header = other.rows[0] if other.rows else []
            for r, cells in enumerate(other.rows[1:], start=1):
                self._add_row(table, r, _Row(next((c for c in cells if c.strip()), ""), header, cells))

    def _table(self, block: int, heading: _Heading, name: str) -> _Table:
        for table in self._tables.get(block, []):
            if table.name == name:
                return table
        table = _Table(block, heading, name)
        self._tables.setdefault(block, []).append(table)
        return table

    def _add_row(self, table: _Table, row: int, entry: _Row) -> None:
        table.rows.setdefault(row, entry)
        self._row_tables.setdefault((table.block, row), table)

    def _enclosing(self, block: int) -> _Heading:
        i = bisect.bisect_right(self._anchor_blocks, block) - 1
        return self._anchors[i][1] if i >= 0 else _NOWHERE

    # ------------------------------------------------------------------ answering

    def place(self, location: Location | None) -> Place | None:
        """The place of `location` in this report; None without a location."""
        if location is None:
            return None
        if location.row is not None and location.block in self._tables:
            return self._table_place(location)
        spot = self._paragraphs.get(location.block)
        if spot is not None:
            quote = quote_of(spot.text, location.start, location.end) if _words(spot.text) else None
            return _make(spot.heading, spot.part, quote)
        heading = self._enclosing(location.block)
        if not heading.full:
            return None
        return _make(heading, None, None)

    def text_at(self, location: Location) -> str | None:
        """The whole text the report holds at `location` (a paragraph, heading or cell), if it knows it."""
        if location.row is not None:
            table = self._row_tables.get((location.block, location.row))
            row = table.rows.get(location.row) if table is not None else None
            if row is None:
                return None
            if location.start is not None and row.text:
                return row.text
            if location.col is not None and location.col < len(row.cells):
                return row.cells[location.col]
            return " ".join(row.cells)
        spot = self._paragraphs.get(location.block)
        return spot.text if spot is not None else None

    def _table_place(self, location: Location) -> Place:
        assert location.row is not None
        table = self._row_tables.get((location.block, location.row)) or self._tables[location.block][0]
        row = table.rows.get(location.row)
        if row is None:
            return _make(table.heading, f"{table.name}, rad {location.row + 1}", None)
        if location.start is not None and row.text:  # a span in the row's running text
            where = f"{table.name}, {row.text_label()}"
            return _make(table.heading, where, quote_of(row.text, location.start, location.end))
        if row.is_text and row.text:
            return _make(table.heading, f"{table.name}, {row.text_label()}", quote_of(row.text))
        part = f"{table.name}, {row.label(location.row)}"
        col = location.col
        if col is not None and col < len(row.cells):
            header = row.header(col)
            if header:
                part += f", kolumn {header}"
            elif col > 0:
                part += f", kolumn {col + 1}"
            cell = row.cells[col]
        else:
            cell = row.cells[0] if row.cells else ""
        return _make(table.heading, part, quote_of(cell) if _words(cell) else None)


def _make(heading: _Heading, part: str | None, quote: str | None) -> Place:
    shown = [*heading.short, part] if part else list(heading.short)
    return Place(path=list(heading.full), part=part, text=SEPARATOR.join(shown), quote=quote)


def _words(text: str) -> bool:
    """Whether `text` says anything (a dash for an empty cell does not)."""
    return any(ch.isalnum() for ch in text)


def _consistent(evidence_text: str, found: str | None) -> bool:
    """Whether the evidence's text is what the document holds at its location (a shortened copy of it,
    or a sentence within it)."""
    if found is None:
        return False
    want = fold(re.sub(r"\s+", " ", evidence_text).strip(" …"))
    have = fold(re.sub(r"\s+", " ", found).strip())
    if not want or want in ("–", "-"):
        return not have
    probe = want[:60]
    return probe in have or (len(have) >= 3 and have in want)


def _in_document(place: Place, report: Report) -> Place:
    """A place in another document: its text says which ("VP 2025 (vp2025_enheten.docx) › …")."""
    name = PurePath(report.source).name
    label = " ".join(str(x) for x in (report.kind, report.year) if x)
    return place.model_copy(
        update={"source": report.source, "text": f"{label} ({name}){SEPARATOR}{place.text}"}
    )


class _Placer:
    """Places for the findings of one report: its own index, and those of its related reports (a plan,
    last year's report) built only when an evidence's text is not what this report holds there."""

    def __init__(self, report: Report, related: Sequence[Report]) -> None:
        self.own = PlaceIndex(report)
        self.related = list(related)
        self._indexes: dict[int, PlaceIndex] = {}

    def evidence(self, evidence: Evidence) -> Place | None:
        location = evidence.location
        if location is None:
            return None
        if not self.related or _consistent(evidence.text, self.own.text_at(location)):
            return self.own.place(location)
        for other in self.related:
            index = self._indexes.get(id(other))
            if index is None:
                index = self._indexes[id(other)] = PlaceIndex(other)
            if _consistent(evidence.text, index.text_at(location)):
                place = index.place(location)
                return _in_document(place, other) if place is not None else None
        return self.own.place(location)

    def finding(self, finding: Finding) -> Finding:
        evidence = [e.model_copy(update={"place": self.evidence(e)}) for e in finding.evidence]
        place = self.own.place(finding.location)
        if place is not None and place.quote is None:
            # an empty cell or an unknown paragraph: the evidence at the same spot says what is there
            same = next(
                (e for e in finding.evidence if e.location == finding.location and _words(e.text)), None
            )
            if same is not None:
                place = place.model_copy(update={"quote": quote_of(same.text)})
        return finding.model_copy(update={"place": place, "evidence": evidence})


def with_places(
    report: Report, findings: Iterable[Finding], *, related: Sequence[Report] = ()
) -> list[Finding]:
    """`findings` of `report` with `place` set on each finding and each piece of evidence. Evidence
    from a related report (`related`: the plan, last year's report) is placed in that document."""
    placer = _Placer(report, related)
    return [placer.finding(f) for f in findings]
