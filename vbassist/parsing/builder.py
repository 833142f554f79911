"""Blocks -> reports: the one structure builder every reader ends in.

Labels are recognised by text (see `headings`), styles only help: a heading style opens a section, a
heading-styled sentence that is no label stays text. One file may hold several units' reports; each
"Verksamhetsberättelse VB 2024 för <enhet>" title starts one.

Tables are recognised by their header (Indikator..., Aktivitet/Startdatum..., Utfall/Budget/Avvikelse)
and attached to the goal they sit under. PDF-converted tables are repaired where the damage has a clear
shape: a table split over a page break continues the previous one (name or comment continued, a cell
finished: "Tas fram av nämnd/s" + "tyrelse"), a row pushed one column right by a stray symbol cell is
shifted back, a period glued to the KF-target cell is split off.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import PurePath

from vbassist.errors import NotAReportError
from vbassist.model import (
    Activity,
    BudgetRow,
    BudgetTable,
    Document,
    Goal,
    GoalLevel,
    Indicator,
    Location,
    OtherTable,
    ParagraphBlock,
    Report,
    ReportKind,
    Section,
    TableBlock,
    TextItem,
    Value,
)
from vbassist.parsing.headings import (
    GOAL_LEVEL_RANK,
    ReportTitle,
    SubHeading,
    clean_title,
    fold,
    header_key,
    is_toc_entry,
    is_toc_heading,
    match_goal_label,
    match_known_section,
    match_report_title,
    match_status,
    match_subheading,
    squash,
    strip_symbols,
)

# Stockholm's district administrations, as folded regexes (prefix: "Kungsholmens", "Kungsholmsborna").
DISTRICTS: dict[str, str] = {
    "Bromma": r"\bbromma",
    "Enskede-Årsta-Vantör": r"\benskede\s*-\s*arsta\s*-\s*vantor",
    "Farsta": r"\bfarsta",
    "Hägersten-Älvsjö": r"\bhagersten\s*-\s*alvsjo",
    "Hässelby-Vällingby": r"\bhasselby\s*-\s*vallingby",
    "Kungsholmen": r"\bkungsholm",
    "Norrmalm": r"\bnorrmalm",
    "Rinkeby-Kista": r"\brinkeby\s*-\s*kista",
    "Skarpnäck": r"\bskarpnack",
    "Skärholmen": r"\bskarholm",
    "Spånga-Tensta": r"\bspanga\s*-\s*tensta",
    "Södermalm": r"\bsodermalm",
    "Östermalm": r"\bostermalm",
}
# Each pattern with the literal word it starts with: `word in text` (a fast substring search) rules a
# district out before its regex runs; 13 findall passes over a whole report were a fifth of the parse.
_DISTRICT_RES = {
    name: (re.compile(rx), re.match(r"\\b([a-z]+)", rx).group(1))  # type: ignore[union-attr]
    for name, rx in DISTRICTS.items()
}

_PERIOD_RE = re.compile(r"^(?:(?:vb|vp|t1|t2|t3|tertial\s*[12])\s*)?(?:19|20)\d{2}$")
_PERIOD_TAIL_RE = re.compile(r"\s+((?:VB|VP|T1|T2)\s*(?:19|20)\d{2})\s*$", re.IGNORECASE)
_PAGE_NUMBER_TAIL = re.compile(r"(?<![\d.,:/-])\d{1,3}\s*$")
_LETTERS_RE = re.compile(r"[A-Za-zÅÄÖåäöÉéÜü]{3,}")
_BUDGET_LABEL_RE = re.compile(
    r"^(summa|intakter|kostnader|personalkostnader|lokalkostnader|bidrag|taxor|hy.esintakter|"
    r"forsaljning|entreprenader|ovriga|netto|kapitaltjanst|totalt|resultat)"
)
_FILENAME_KIND_RE = re.compile(r"(?:^|[^a-z])(vb|vp|t1|t2)[ _-]?((?:19|20)\d{2})(?:[^0-9]|$)")
_UNIT_INTRO_RE = re.compile(
    r"^(?P<unit>[a-z][\w\- ,]{2,60}?enhet(?:en)?)\s+(?:ingar i|ar en del av|&r en del av|tillhor)\b"
)


def build_reports(doc: Document) -> list[Report]:
    """One `Report` per unit found in the blocks. Raises `NotAReportError` when no block looks like a
    report (no goal, no report title, no known section)."""
    segments = _segments(doc)
    defaults = _file_defaults(doc)
    built: list[Report] = []
    structured = False
    for start, end in segments:
        report, has_structure = _ReportBuilder(doc, start, end, defaults).build()
        built.append(report)
        structured = structured or has_structure
    if not structured:
        raise NotAReportError(
            "hittade ingen rapportstruktur (inga mål, ingen rapportrubrik, inga kända avsnitt)",
            source=doc.source,
        )
    # a unit title with nothing under it (a cover page, a list of units) is not a report of its own
    return [r for r in built if r.goals or r.sections] or built[:1]


# --------------------------------------------------------------------------- report boundaries


def _paragraph_texts(doc: Document) -> list[tuple[int, str]]:
    return [(b.index, b.text) for b in doc.blocks if isinstance(b, ParagraphBlock) and b.text.strip()]


def _segments(doc: Document) -> list[tuple[int, int]]:
    """[start, end) block ranges, one per unit title; the front matter ("Handläggare ... Till <enhet>")
    just before a title belongs to that title's report."""
    starts: list[int] = []
    paragraphs = _paragraph_texts(doc)
    for pos, (index, text) in enumerate(paragraphs):
        title = match_report_title(text)
        if title is None or not (title.unit or title.wants_unit):
            continue
        start = index
        for back_index, back_text in reversed(paragraphs[max(0, pos - 8) : pos]):
            if squash(back_text) == "handlaggare":
                start = back_index
                break
        if starts and start <= starts[-1]:
            continue
        starts.append(start)
    if len(starts) <= 1:
        return [(0, len(doc.blocks))]
    bounds = [0, *starts[1:], len(doc.blocks)]
    return list(itertools.pairwise(bounds))


@dataclass
class _Defaults:
    kind: ReportKind | None = None
    year: int | None = None
    district: str | None = None
    unit: str | None = None


def _file_defaults(doc: Document) -> _Defaults:
    """What the file name says ("vb2025_hagersten-alvsjo_familjehemsenheten.docx"): used only where the
    text says nothing."""
    name = fold(PurePath(doc.source).stem)
    defaults = _Defaults()
    m = _FILENAME_KIND_RE.search(name)
    if m:
        defaults.kind = m.group(1).upper()  # type: ignore[assignment]
        defaults.year = int(m.group(2))
    defaults.district = _district_in(name.replace("_", " "))
    parts = re.split(r"[_]", name)
    if m and len(parts) >= 3 and defaults.district:
        slug = parts[-1].replace("-", " ").strip()
        if slug:
            defaults.unit = slug[:1].upper() + slug[1:]
    return defaults


def _district_in(folded: str) -> str | None:
    """The district named most often (the first of DISTRICTS on a tie), None when none is named."""
    counts = {
        name: len(rx.findall(folded)) if word in folded else 0 for name, (rx, word) in _DISTRICT_RES.items()
    }
    best = max(counts.items(), key=lambda kv: kv[1])
    return best[0] if best[1] else None


# --------------------------------------------------------------------------- the builder


@dataclass
class _IndicatorColumns:
    roles: dict[int, str]
    header: list[str]
    labels: dict[str, str] = field(default_factory=dict)


class _ReportBuilder:
    def __init__(self, doc: Document, start: int, end: int, defaults: _Defaults) -> None:
        self.doc = doc
        self.blocks = doc.blocks[start:end]
        self.start, self.end = start, end
        self.defaults = defaults
        self.title: ReportTitle | None = None
        self.title_text: str | None = None
        self.expect_unit = False
        self.unit: str | None = None
        self.goals: list[Goal] = []
        self.stack: list[Goal] = []
        self.field: SubHeading | None = None
        self.pending_title: Goal | None = None
        self.fresh_goal: Goal | None = None  # a goal whose label line may wrap onto the next line
        self.sections: list[Section] = []
        self.section: Section | None = None
        self.section_level: int | None = None  # heading level of the open section (None: found by text)
        self.in_goals = False
        self.toc = False
        self.budget_tables: list[BudgetTable] = []
        self.tables: list[OtherTable] = []
        self.recent: list[str] = []  # short paragraphs since the last table: table titles
        self.last_indicator: Indicator | None = None
        self.comment_open = False
        self.last_activity: Activity | None = None
        self.budget_columns: list[str] | None = None
        self.budget_title: str | None = None
        self.front_texts: list[str] = []
        self.header_years: list[int] = []
        self.saw_periodicitet = False
        self.known_section = False
        self.row_ids: list[int] = []  # source row index of each kept row of the table being read

    # ------------------------------------------------------------------ entry

    def build(self) -> tuple[Report, bool]:
        for block in self.blocks:
            if isinstance(block, TableBlock):
                self._table(block)
            else:
                self._paragraph(block)
        kind, year = self._kind_and_year()
        report = Report(
            kind=kind,
            year=year,
            unit=self.unit
            or (self.title.unit if self.title else None)
            or self._unit_from_text()
            or self.defaults.unit,
            district=self._district(),
            title=self.title_text,
            source=self.doc.source,
            source_format=self.doc.format,
            goals=self.goals,
            sections=self.sections,
            budget_tables=self.budget_tables,
            tables=self.tables,
            block_range=(self.start, self.end),
        )
        has_structure = bool(self.goals) or self.title is not None or self.known_section
        return report, has_structure

    # ------------------------------------------------------------------ paragraphs

    def _loc(self, block: ParagraphBlock | TableBlock, **kw: int | None) -> Location:
        return Location(block=block.index, line=block.line, **kw)

    def _paragraph(self, block: ParagraphBlock) -> None:
        text = block.text.strip()
        if not text:
            return
        if len(self.front_texts) < 60:
            self.front_texts.append(text)

        if is_toc_heading(text):
            self.toc = True
            return
        if self.toc:
            if self._ends_toc(block, text):
                self.toc = False
            else:
                return

        title = match_report_title(text)
        if title is not None and not self.in_goals:
            if self.title is None or ((title.unit or title.wants_unit) and not self.title.unit):
                self.title, self.title_text = title, clean_title(text)
                self.expect_unit = title.wants_unit
                if title.unit:
                    self.unit = title.unit
            return
        if self.expect_unit:
            self.expect_unit = False
            if len(text) <= 80 and match_goal_label(text) is None:
                self.unit = clean_title(text)
                self.title_text = f"{self.title_text} {self.unit}"
                return

        label = match_goal_label(text)
        if label is not None:
            if is_toc_entry(block.text):
                return
            self._open_goal(block, label.level, label.number, label.title)
            return

        if self.pending_title is not None:
            self.pending_title.title = clean_title(text)
            self.pending_title = None
            self.fresh_goal = None if self.doc.format == "docx" else self.stack[-1]
            return
        if self.fresh_goal is not None:
            goal, self.fresh_goal = self.fresh_goal, None
            # PDF/text exports wrap long goal titles: a lower-case line right after the label continues it
            if text[:1].islower() and len(text) <= 120 and match_status(text) is None:
                goal.title = clean_title(f"{goal.title} {text}")
                self.fresh_goal = goal
                return

        status = match_status(text)
        if status is not None:
            if self.in_goals and self.stack and self.stack[-1].status is None:
                goal = self.stack[-1]
                goal.status, goal.status_text = status, text
                goal.status_location = self._loc(block)
            return

        sub = match_subheading(text)
        if sub is not None and self.in_goals and self.stack:
            self.field = sub
            self._reset_table_state()
            return

        if self._starts_section(block, text, sub is not None):
            self._open_section(block, text)
            return

        self._text(block, text)

    def _ends_toc(self, block: ParagraphBlock, text: str) -> bool:
        # PDF text loses the tab before the page number: "... i hela staden 5", "Systematiskt kvalitetsarbete29"
        if is_toc_entry(block.text) or _PAGE_NUMBER_TAIL.search(text):
            return False
        if match_report_title(text) is not None or match_goal_label(text) is not None:
            return True
        if block.heading_level is not None or match_known_section(text):
            return True
        return len(text) > 120

    def _starts_section(self, block: ParagraphBlock, text: str, is_subheading: bool) -> bool:
        if is_toc_entry(block.text) or len(text) > 120:
            return False
        if match_known_section(text):
            self.known_section = True
            return True
        if is_subheading and not self.in_goals:
            return True  # "Uppföljning" in a VP's introduction: a section of its own
        level = block.heading_level
        if level is None or block.style == "Title" or self.in_goals:
            # Inside the goal tree only goal labels and known sections change the structure: a heading
            # in an analysis ("Bakgrund" as Heading 2, "## Hälsa och arbetsmiljö" in markdown converted
            # from Word) is text of its goal, and the goals after it stay in the tree.
            return False
        # outside the goal tree a heading of any level opens a section, but a sub-heading inside a section
        # ("Helhetssyn" under "Systematiskt kvalitetsarbete") is a paragraph of it
        return self.section is None or self.section_level is None or level <= self.section_level

    def _open_section(self, block: ParagraphBlock, text: str) -> None:
        self.section = Section(title=clean_title(text), location=self._loc(block))
        self.section_level = block.heading_level
        self.sections.append(self.section)
        self.in_goals = False
        self.stack = []
        self.field = None
        self.recent = [clean_title(text)]
        self._reset_table_state()

    def _open_goal(self, block: ParagraphBlock, level: GoalLevel, number: str | None, title: str) -> None:
        goal = Goal(level=level, title=title, number=number, location=self._loc(block))
        rank = GOAL_LEVEL_RANK[level]
        while self.stack and GOAL_LEVEL_RANK[self.stack[-1].level] >= rank:
            self.stack.pop()
        if self.stack:
            self.stack[-1].children.append(goal)
        else:
            self.goals.append(goal)
        self.stack.append(goal)
        self.in_goals = True
        self.section = None
        self.field = None
        self.pending_title = goal if not title else None
        self.fresh_goal = goal if title and self.doc.format != "docx" else None
        self.recent = []
        self._reset_table_state()

    def _reset_table_state(self) -> None:
        self.last_indicator = None
        self.comment_open = False
        self.last_activity = None

    def _text(self, block: ParagraphBlock, text: str) -> None:
        item = TextItem(text=text, location=self._loc(block))
        if len(text) <= 100:
            self.recent.append(clean_title(text))
        if self.in_goals and self.stack:
            goal = self.stack[-1]
            target = self.field or self._default_field(goal)
            getattr(goal, target).append(item)
        elif self.section is not None:
            self.section.paragraphs.append(item)

    def _default_field(self, goal: Goal) -> SubHeading:
        """Text under a goal before any sub-heading: the analysis of a unit goal in a report, the
        description otherwise."""
        kind = self.title.kind if self.title else self.defaults.kind
        if goal.level == "enhetsmal" and kind != "VP":
            return "analys"
        return "beskrivning"

    # ------------------------------------------------------------------ tables

    def _table(self, block: TableBlock) -> None:
        kept = [(i, [c.strip() for c in r]) for i, r in enumerate(block.rows) if any(c.strip() for c in r)]
        if not kept:
            return
        # empty rows are dropped before reading; locations point at the row in the source table
        self.row_ids = [i for i, _ in kept]
        rows = [r for _, r in kept]
        if self.toc or _looks_like_toc(rows):
            return
        keys = [[header_key(c) for c in r] for r in rows[:3]]
        indicator_header = next((i for i, k in enumerate(keys) if "indikator" in k), None)
        activity_header = next(
            (i for i, k in enumerate(keys) if "aktivitet" in k and ({"startdatum", "slutdatum"} & set(k))),
            None,
        )
        budget_header = next((i for i, k in enumerate(keys) if _is_budget_header(k)), None)
        goal = self.stack[-1] if self.in_goals and self.stack else None
        if indicator_header is not None and goal is not None:
            self._indicator_table(block, rows, indicator_header, goal)
        elif activity_header is not None and goal is not None:
            self._activity_table(block, rows, activity_header, goal)
        elif budget_header is not None:
            self._budget_table(block, rows, budget_header)
        elif self.budget_columns is not None and _looks_like_budget_rows(rows, len(self.budget_columns)):
            self._budget_table(block, rows, None)
        else:
            title = self.recent[-1] if self.recent else (self.section.title if self.section else None)
            self.tables.append(OtherTable(title=title, rows=rows, location=self._loc(block)))
        self.recent = []

    # ---- indicators

    def _indicator_table(self, block: TableBlock, rows: list[list[str]], header_row: int, goal: Goal) -> None:
        header = rows[header_row]
        columns = _indicator_columns(header)
        for header_year in re.findall(r"(?:19|20)\d{2}", " ".join(header)):
            self.header_years.append(int(header_year))
        if "periodicitet" in columns.roles.values():
            self.saw_periodicitet = True
        width = len(header)
        for r, row in enumerate(rows):
            if r <= header_row:
                continue
            row_index = self.row_ids[r]
            cells = list(row) + [""] * (width - len(row))
            if [header_key(c) for c in cells] == [header_key(c) for c in header]:
                continue  # header repeated on a new page
            first_is_symbol = not strip_symbols(cells[0])
            rest = cells[1:]
            if first_is_symbol and any(rest):
                if _is_name_like(rest[0]):
                    cells = [*rest, ""]  # a stray symbol cell pushed the row one column right
                else:
                    self._continue_indicator(cells, columns)
                    continue
            name = strip_symbols(cells[0])
            others = [c for c in cells[1:] if c and c != cells[0]]
            if not others:
                self._indicator_text_row(
                    name, Location(block=block.index, row=row_index, col=0, line=block.line)
                )
                continue
            indicator = self._new_indicator(cells, columns, name, block, row_index)
            goal.indicators.append(indicator)
            self.last_indicator = indicator
            self.comment_open = False

    def _new_indicator(
        self, cells: list[str], columns: _IndicatorColumns, name: str, block: TableBlock, row: int
    ) -> Indicator:
        from vbassist.numbers import parse_value

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
            "%" in by_role.get(role, "") for role in ("utfall", "utfall_man", "utfall_kvinnor", "arsmal")
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
            location=Location(block=block.index, row=row, line=block.line),
        )

    def _indicator_text_row(self, text: str, location: Location) -> None:
        """A row with text in its first cell only: the indicator's "Analys" comment, the rest of a
        comment or of a name split over a page break."""
        text = re.sub(r"</?p>", " ", text)
        text = re.sub(r"\s+", " ", text).strip()
        folded = fold(text)
        previous = self.last_indicator
        if previous is None:
            return
        if re.match(r"^analys\b", folded):
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

    def _continue_indicator(self, cells: list[str], columns: _IndicatorColumns) -> None:
        """A row of leftovers ("♀ ... tyrelse", "♀ ... VB 2024"): finish the previous indicator's cells."""
        from vbassist.numbers import parse_value

        previous = self.last_indicator
        if previous is None:
            return
        for col, text in enumerate(cells):
            role = columns.roles.get(col)
            if not text or role in (None, "name"):
                continue
            if role in ("period", "periodicitet", "enhet"):
                current = getattr(previous, role)
                setattr(previous, role, f"{current} {text}" if current else text)
                continue
            current_value: Value | None = getattr(previous, role)
            if current_value is None or current_value.kind == "empty":
                setattr(previous, role, parse_value(text))
            elif current_value.value is None:
                setattr(previous, role, parse_value(f"{current_value.raw} {text}"))

    # ---- activities

    def _activity_table(self, block: TableBlock, rows: list[list[str]], header_row: int, goal: Goal) -> None:
        header = [header_key(c) for c in rows[header_row]]
        roles: dict[str, int] = {}
        for col, key in enumerate(header):
            for role in ("aktivitet", "startdatum", "slutdatum", "avvikelse", "analys"):
                if key.startswith(role) and role not in roles:
                    roles[role] = col
        name_col = roles.get("aktivitet", 0)
        for r, row in enumerate(rows):
            if r <= header_row:
                continue
            row_index = self.row_ids[r]
            if [header_key(c) for c in row] == header:
                continue
            if all(not c.strip("-– ") for c in row):
                continue  # "-----" rows of an empty table
            name_cell = row[name_col] if name_col < len(row) else ""
            if not strip_symbols(name_cell):
                name_cell = next((c for c in row if strip_symbols(c)), "")

            def cell(role: str, row: list[str] = row) -> str | None:
                col = roles.get(role)
                return (row[col].strip() or None) if col is not None and col < len(row) else None

            dated = any(
                cell(role) and cell(role) != name_cell for role in ("startdatum", "slutdatum", "avvikelse")
            )
            text = re.sub(r"\s+", " ", strip_symbols(name_cell)).strip()
            location = Location(block=block.index, row=row_index, line=block.line)
            if not dated and self._activity_text_row(text, goal):
                continue
            activity = Activity(
                name=text,
                startdatum=cell("startdatum"),
                slutdatum=cell("slutdatum"),
                avvikelse=cell("avvikelse"),
                analys=cell("analys"),
                location=location,
            )
            goal.activities.append(activity)
            self.last_activity = activity

    def _activity_text_row(self, text: str, goal: Goal) -> bool:
        """Attach an undated row to the previous activity when it is its analysis or the rest of it;
        False when it is an activity of its own."""
        previous = self.last_activity or (goal.activities[-1] if goal.activities else None)
        if previous is None:
            return False
        if re.match(r"^analys\b", fold(text)):
            analys = text[6:].strip(" :")
            previous.analys = f"{previous.analys} {analys}".strip() if previous.analys else analys or None
            self.last_activity = previous
            return True
        if previous.analys:
            previous.analys = f"{previous.analys} {text}"
            return True
        if text[:1].islower():
            previous.name = f"{previous.name} {text}"
            return True
        return False

    # ---- budget

    def _budget_table(self, block: TableBlock, rows: list[list[str]], header_row: int | None) -> None:
        from vbassist.numbers import parse_value

        table_unit = "tkr"
        if header_row is not None:
            for row in rows[: header_row + 1]:
                joined = squash(" ".join(row))
                if re.search(r"\bkr\b|kronor", joined) and "tkr" not in joined and "tusen" not in joined:
                    table_unit = "kr"
            columns = [re.sub(r"\s+", " ", c).strip() for c in rows[header_row][1:]]
            self.budget_columns = columns
            data = rows[header_row + 1 :]
            first_data = header_row + 1
            title = next((t for t in reversed(self.recent) if not _section_word(t)), None)
            title = title or (self.section.title if self.section else None)
            section = None
        else:
            columns = list(self.budget_columns or [])
            data, first_data = rows, 0
            words = [t for t in self.recent if _section_word(t)]
            names = [t for t in self.recent if not _section_word(t)]
            title = names[0] if names else self.budget_title
            section = _section_word(words[-1]) if words else None
        roles: dict[str, int] = {}
        for col, name in enumerate(columns):
            key = squash(name)
            if "budget" in key and "budget" not in roles:
                roles["budget"] = col
            elif ("avvik" in key or "awik" in key) and "avvikelse" not in roles:
                roles["avvikelse"] = col
            elif "utfall" in key and "utfall" not in roles:
                roles["utfall"] = col

        def as_amount(text: str) -> Value:
            parsed = parse_value(text)
            if parsed.kind == "count" and parsed.value is not None:
                parsed = parsed.model_copy(update={"kind": "amount", "unit": table_unit})
            return parsed

        current = BudgetTable(title=title, columns=columns, rows=[], location=self._loc(block))
        tables = [current]
        for offset, row in enumerate(data):
            r = first_data + offset
            label = re.sub(r"\s+", " ", row[0]).strip()
            values = row[1 : len(columns) + 1]
            if not any(v.strip() for v in values):
                word = _section_word(label)
                if word:
                    section = word
                elif label and current.rows:
                    current = BudgetTable(
                        title=label, columns=columns, rows=[], location=self._loc(block, row=self.row_ids[r])
                    )
                    tables.append(current)
                    section = None
                elif label:
                    current.title = label
                continue
            parsed = {columns[i]: as_amount(v) for i, v in enumerate(values) if i < len(columns)}
            key = squash(label)
            is_sum = key.startswith(("summa", "totalt", "netto"))
            row_section = section
            if is_sum:
                row_section = _section_word(key.removeprefix("summa").strip()) or (
                    "netto" if "netto" in key or "resultat" in key else section
                )
            current.rows.append(
                BudgetRow(
                    label=label,
                    utfall=parsed.get(columns[roles["utfall"]]) if "utfall" in roles else None,
                    budget=parsed.get(columns[roles["budget"]]) if "budget" in roles else None,
                    avvikelse=parsed.get(columns[roles["avvikelse"]]) if "avvikelse" in roles else None,
                    values=parsed,
                    is_sum=is_sum,
                    section=row_section,
                    location=self._loc(block, row=self.row_ids[r]),
                )
            )
        kept = [t for t in tables if t.rows]
        self.budget_tables.extend(kept)
        if kept:
            self.budget_title = kept[-1].title

    # ------------------------------------------------------------------ report facts

    def _kind_and_year(self) -> tuple[ReportKind, int | None]:
        kind: ReportKind | None = self.title.kind if self.title else None
        year = self.title.year if self.title else None
        kind = kind or self.defaults.kind
        year = year or self.defaults.year
        if kind is None:
            for text in self.front_texts[:30]:
                found = match_report_title(text.split(".")[0][:80])
                if found:
                    kind = found.kind
                    year = year or found.year
                    break
        if kind is None:
            kind = "VP" if self.saw_periodicitet else "VB"
        if year is None and self.header_years:
            # "KF:s årsmål år 2026" names the plan's year; "Utfall VB 2024" names the year before a VB
            latest = max(self.header_years)
            year = latest if kind == "VP" else latest + 1
        return kind, year

    def _district(self) -> str | None:
        texts = [b.text for b in self.blocks if isinstance(b, ParagraphBlock)]
        found = _district_in(fold(" ".join(texts)))
        return found or self.defaults.district

    def _unit_from_text(self) -> str | None:
        """ "Barnenheten ingår i avdelningen ...", "Till <enhet>" in the front matter."""
        for pos, text in enumerate(self.front_texts):
            if squash(text) == "till" and pos + 1 < len(self.front_texts):
                candidate = self.front_texts[pos + 1]
                if len(candidate) <= 80:
                    return clean_title(candidate)
            m = _UNIT_INTRO_RE.match(fold(text))
            if m:
                unit = text[m.start("unit") : m.end("unit")].strip()
                return unit[:1].upper() + unit[1:]
        return None


# --------------------------------------------------------------------------- table helpers


def _indicator_columns(header: list[str]) -> _IndicatorColumns:
    roles: dict[int, str] = {}
    labels: dict[str, str] = {}
    for col, cell in enumerate(header):
        key = header_key(cell)
        role: str | None = None
        if key.startswith("indikator"):
            role = "name"
        elif "man/" in key or "pojkar" in key or key.endswith(" man"):
            role = "utfall_man"
        elif "kvinnor" in key or "flickor" in key:
            role = "utfall_kvinnor"
        elif key.startswith("kf") and "arsm" in key:
            role = "kf_arsmal"
        elif key.startswith("arsm") or key == "mal":
            role = "arsmal"
        elif key.startswith("periodicitet"):
            role = "periodicitet"
        elif key.startswith("utfall") and (
            re.search(r"(?:19|20)\d{2}", key) or "forra" in key or "foreg" in key
        ):
            role = "utfall_forra_aret"
        elif key.startswith(("periodens utfall", "utfall")):
            role = "utfall"
        elif key.startswith("period"):
            role = "period"
        elif key in ("enhet", "matt", "mattenhet"):
            role = "enhet"
        if role and role not in roles.values():
            roles[col] = role
            if role in ("utfall_forra_aret", "kf_arsmal"):
                labels[role] = re.sub(r"\s+", " ", cell).strip()
    if "name" not in roles.values() and header:
        roles[0] = "name"
    return _IndicatorColumns(
        roles=roles, header=[re.sub(r"\s+", " ", c).strip() for c in header], labels=labels
    )


def _is_name_like(text: str) -> bool:
    from vbassist.numbers import parse_value

    if not _LETTERS_RE.search(text) or _PERIOD_RE.match(squash(text)):
        return False
    return parse_value(text).value is None


def _is_budget_header(keys: list[str]) -> bool:
    joined = " ".join(keys)
    has_budget = "budget" in joined
    has_utfall = "utfall" in joined
    has_avvikelse = "avvik" in joined or "awik" in joined
    return (has_budget and (has_utfall or has_avvikelse)) or (
        has_utfall and has_avvikelse and "indikator" not in joined
    )


def _looks_like_budget_rows(rows: list[list[str]], n_columns: int) -> bool:
    if not rows or len(rows[0]) != n_columns + 1:
        return False
    labels = [squash(r[0]) for r in rows if r[0].strip()]
    hits = sum(1 for label in labels if _BUDGET_LABEL_RE.match(label))
    return bool(labels) and hits * 2 >= len(labels)


def _looks_like_toc(rows: list[list[str]]) -> bool:
    """A table of contents laid out as a table: titles with dot leaders and page numbers."""
    if len(rows) < 2:
        return False
    hits = 0
    for row in rows:
        cells = [c for c in row if c]
        if len(cells) >= 2 and re.fullmatch(r"\d{1,3}", cells[-1]) and ("..." in cells[0] or len(cells) == 2):
            hits += 1
    return hits >= 0.8 * len(rows) and any("..." in r[0] for r in rows)


def _section_word(text: str) -> str | None:
    key = squash(text).strip(" :")
    if key in ("intakter", "summa intakter"):
        return "intakter"
    if key in ("kostnader", "summa kostnader"):
        return "kostnader"
    if key in ("netto", "summa netto"):
        return "netto"
    return None
