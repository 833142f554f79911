"""The report model every format ends in, and the blocks every reader produces.

Data path: file -> blocks (paragraphs and tables in body order) -> structure builder -> `Report`.
Every element keeps a `Location` so a finding can point back into the source document.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

ReportKind = Literal["VB", "VP", "T1", "T2"]
Status = Literal["helt", "delvis", "inte", "inga_data"]
GoalLevel = Literal["kf_inriktningsmal", "kf_verksamhetsmal", "namndmal", "enhetsmal"]
GOAL_LEVELS: tuple[GoalLevel, ...] = ("kf_inriktningsmal", "kf_verksamhetsmal", "namndmal", "enhetsmal")
# how the documents write each status and level (the one table every surface shows)
STATUS_LABELS: dict[Status, str] = {
    "helt": "Uppfylls helt",
    "delvis": "Uppfylls delvis",
    "inte": "Uppfylls inte",
    "inga_data": "Inga data",
}
LEVEL_LABELS: dict[GoalLevel, str] = {
    "kf_inriktningsmal": "KF:s inriktningsmål",
    "kf_verksamhetsmal": "KF:s mål för verksamhetsområdet",
    "namndmal": "Nämndmål",
    "enhetsmal": "Enhetsmål",
}
ValueKind = Literal["percent", "count", "amount", "text", "empty"]
SourceFormat = Literal["docx", "markdown", "text", "pdf", "json"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------- locations and blocks


class Location(_Model):
    """Where an element sits in its source. `block` indexes `Document.blocks` (body order, paragraphs
    and tables counted together, as in the .docx body). `row`/`col` are None outside tables; `start`/`end`
    are a character span in the paragraph or cell text (None = the whole text); `line` is the 1-based
    source line for text formats (None for .docx)."""

    block: int
    row: int | None = None
    col: int | None = None
    start: int | None = None
    end: int | None = None
    line: int | None = None


class ParagraphBlock(_Model):
    """One paragraph. `style` is the Word style name or the markdown marker ("Heading3", "ListBullet");
    None = plain body text. `heading_level` is set when the style or markup says heading (1-9)."""

    kind: Literal["paragraph"] = "paragraph"
    index: int
    text: str
    style: str | None = None
    heading_level: int | None = None
    is_list_item: bool = False
    line: int | None = None


class TableBlock(_Model):
    """One table as rows of cell texts. Merged cells are repeated in every grid position they cover,
    so `rows[r][c]` is always the text a reader sees at that position; `line` is the first source line."""

    kind: Literal["table"] = "table"
    index: int
    rows: list[list[str]]
    line: int | None = None


Block = Annotated[ParagraphBlock | TableBlock, Field(discriminator="kind")]


class Document(_Model):
    """What a reader produces: the blocks of one file, before any domain structure is found.
    `warnings` are one-line notes on what the reader had to repair (stray bytes replaced); they never
    quote the document's text."""

    source: str
    format: SourceFormat
    blocks: list[Block]
    warnings: list[str] = Field(default_factory=list)


# --------------------------------------------------------------------------- values


class Value(_Model):
    """A Swedish-formatted cell or phrase read as a number. `value` is None when the text holds no
    number ("Tas fram av nämnd", empty cell): a missing outcome is a fact, never a zero."""

    raw: str
    value: float | None = None
    kind: ValueKind = "empty"
    unit: str | None = None  # "%", "kr", "tkr", "mnkr", "st", ... as written or implied
    note: str | None = None  # the text when the cell holds words instead of a number
    decimals: int | None = None  # decimals as written ("52,17" -> 2), for rounding-aware comparison


class TextItem(_Model):
    """A paragraph or bullet of running text with its location."""

    text: str
    location: Location


# --------------------------------------------------------------------------- goal tree


class Indicator(_Model):
    """One indicator row. `utfall_forra_aret_label` keeps the column header ("Utfall VB 2024")."""

    name: str
    utfall: Value | None = None
    utfall_man: Value | None = None
    utfall_kvinnor: Value | None = None
    utfall_forra_aret: Value | None = None
    utfall_forra_aret_label: str | None = None
    arsmal: Value | None = None
    kf_arsmal: Value | None = None
    kf_arsmal_label: str | None = None
    period: str | None = None
    periodicitet: str | None = None
    kommentar: str | None = None
    kommentar_location: Location | None = None
    enhet: str | None = None
    cells: list[str] = Field(default_factory=list)
    header: list[str] = Field(default_factory=list)
    location: Location


class Activity(_Model):
    """One row of an Aktivitet table, with the optional Analys row below it."""

    name: str
    startdatum: str | None = None
    slutdatum: str | None = None
    avvikelse: str | None = None
    analys: str | None = None
    location: Location


class Goal(_Model):
    """A goal at any of the four levels. `status` is None when no status line was found;
    `status_text` is the line as written ("◆ Uppfylls delvis")."""

    level: GoalLevel
    title: str
    number: str | None = None
    status: Status | None = None
    status_text: str | None = None
    status_location: Location | None = None
    beskrivning: list[TextItem] = Field(default_factory=list)
    forvantat_resultat: list[TextItem] = Field(default_factory=list)
    analys: list[TextItem] = Field(default_factory=list)
    arbetssatt: list[TextItem] = Field(default_factory=list)
    uppfoljning: list[TextItem] = Field(default_factory=list)
    activities: list[Activity] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    children: list[Goal] = Field(default_factory=list)
    location: Location

    @property
    def analys_text(self) -> str:
        return "\n".join(p.text for p in self.analys)

    @property
    def forvantat_text(self) -> str:
        return "\n".join(p.text for p in self.forvantat_resultat)


# --------------------------------------------------------------------------- budget and other tables


class BudgetRow(_Model):
    """One budget row. `values` maps the table's own column headers to values; `utfall`, `budget` and
    `avvikelse` are the columns recognised by header. `section` is "intakter" / "kostnader" / None."""

    label: str
    utfall: Value | None = None
    budget: Value | None = None
    avvikelse: Value | None = None
    values: dict[str, Value] = Field(default_factory=dict)
    is_sum: bool = False
    section: Literal["intakter", "kostnader", "netto"] | None = None
    location: Location


class BudgetTable(_Model):
    title: str | None = None
    columns: list[str]
    rows: list[BudgetRow]
    location: Location


class OtherTable(_Model):
    """A table that is neither indicators, activities nor budget; kept as rows under its heading."""

    title: str | None = None
    rows: list[list[str]]
    location: Location


class Section(_Model):
    """A text section outside the goal tree: Sammanfattande analys, Systematiskt kvalitetsarbete ..."""

    title: str
    paragraphs: list[TextItem] = Field(default_factory=list)
    location: Location


# --------------------------------------------------------------------------- the report


class Report(_Model):
    """One unit's report. A file may hold several (one per unit)."""

    kind: ReportKind
    year: int | None = None
    unit: str | None = None
    district: str | None = None
    title: str | None = None
    source: str
    source_format: SourceFormat
    goals: list[Goal] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    budget_tables: list[BudgetTable] = Field(default_factory=list)
    tables: list[OtherTable] = Field(default_factory=list)
    block_range: tuple[int, int] | None = None  # [first, last) blocks of the source this report spans
    warnings: list[str] = Field(default_factory=list)  # the reader's notes on the file (`Document.warnings`)

    def iter_goals(self, level: GoalLevel | None = None) -> Iterator[tuple[Goal, list[Goal]]]:
        """Every goal depth-first with its ancestors (outermost first); only `level` when given."""

        def walk(goal: Goal, parents: list[Goal]) -> Iterator[tuple[Goal, list[Goal]]]:
            if level is None or goal.level == level:
                yield goal, parents
            for child in goal.children:
                yield from walk(child, [*parents, goal])

        for root in self.goals:
            yield from walk(root, [])

    def enhetsmal(self) -> list[Goal]:
        return [g for g, _ in self.iter_goals("enhetsmal")]

    def indicators(self) -> Iterator[tuple[Indicator, Goal, list[Goal]]]:
        """Every indicator with the goal it sits under and that goal's ancestors."""
        for goal, parents in self.iter_goals():
            for indicator in goal.indicators:
                yield indicator, goal, parents


Goal.model_rebuild()


# --------------------------------------------------------------------------- findings

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")  # most severe first: the one order


_SEVERITY_RANK: dict[str, int] = {s: n for n, s in enumerate(SEVERITIES)}


def severity_rank(severity: str) -> int:
    """0 for "error", 1 for "warning", 2 for "info": sort keys and thresholds (`--fail-on`)."""
    return _SEVERITY_RANK[severity]


Category = Literal[
    "status_vs_indicator",
    "status_vs_target",
    "status_text_vs_marker",
    "text_vs_table",
    "derived_number",
    "trend_claim",
    "budget_arithmetic",
    "missing",
    "period_label",
    "plan_vs_report",
]
# the Swedish name of each category, in the order reports list them (the one table every surface shows;
# keyed by plain strings so a category read from JSON looks up the same way)
CATEGORY_LABELS: dict[str, str] = {
    "status_vs_indicator": "Status mot indikator",
    "status_vs_target": "Status mot förväntat resultat",
    "status_text_vs_marker": "Status i text mot markering",
    "text_vs_table": "Siffra i text mot tabell",
    "derived_number": "Beräknad siffra",
    "trend_claim": "Påstådd utveckling",
    "budget_arithmetic": "Budgetaritmetik",
    "missing": "Saknas",
    "period_label": "Period",
    "plan_vs_report": "Plan mot rapport",
}


def category_label(category: str) -> str:
    """ "Status mot indikator" for "status_vs_indicator"; an unknown category as it is."""
    return CATEGORY_LABELS.get(category, category)


def category_rank(category: str) -> int:
    """A category's place in the order reports list them (unknown ones last)."""
    return _CATEGORY_RANK.get(category, len(_CATEGORY_RANK))


_CATEGORY_RANK: dict[str, int] = {c: n for n, c in enumerate(CATEGORY_LABELS)}


class _Output(_Model):
    # what the service sends: every field with a default is always in the JSON, so the OpenAPI schema
    # (and the add-in's TypeScript types generated from it) marks it required
    model_config = ConfigDict(extra="forbid", json_schema_serialization_defaults_required=True)


class Place(_Output):
    """Where a finding or a piece of evidence is, as a reader of the document in Word finds it.
    `path` is the headings above it, outermost first, as the document writes them ("Nämndmål: Barn och
    ungdomar har goda uppväxtvillkor"; from the KF goal down, the inriktningsmål above it left out).
    `part` is where under the last heading ("Analys, stycke 2"; 'Totalt, rad "Summa intäkter", kolumn
    Avvikelse'); None = the heading itself. `text` is both as one line, long headings shortened.
    `quote` is the text found there, cut at a word boundary; None when there is none (an empty cell).
    `source` is set only when the place is in another document than the finding's (the unit's plan,
    last year's report): that document's file."""

    path: list[str]
    part: str | None = None
    text: str
    quote: str | None = None
    source: str | None = None


class Evidence(_Output):
    """One side of a contradiction: what was found, its value and where (`location` for tools,
    `place` for people; `place` is None when the location is unknown)."""

    label: str  # "status", "Periodens utfall", "text", "Årsmål", ...
    text: str  # the cell or sentence as written (kept short)
    value: float | str | None = None
    location: Location | None = None
    place: Place | None = None


class Finding(_Output):
    """One reviewer finding. `id` is unique within a report (rule id + running number);
    `rule` is the registered rule id ("VB-STATUS-001"); `also_rules` the other rules that flagged the
    same cell or claim (one finding per fault, naming every rule; empty when only `rule` did).
    `location` is for tools, `place` for people (None when the finding has no location). `confidence`
    is how sure the link the finding rests on is (indicator to goal, or sentence to indicator; 0..1),
    None when it rests on none. `severity_reason` says, in Swedish, why the finding is less severe
    than its rule ("svag koppling mellan indikator och mål"); None when it is not."""

    id: str
    rule: str
    also_rules: list[str] = Field(default_factory=list)
    category: Category
    severity: Severity
    unit: str | None = None
    goal: str | None = None
    message: str
    evidence: list[Evidence] = Field(default_factory=list)
    location: Location | None = None
    place: Place | None = None
    suggestion: str | None = None
    confidence: float | None = None
    severity_reason: str | None = None
