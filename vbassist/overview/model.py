"""The controller's overview as data: one row per enhetsmål and per indicator of every unit's report,
the nämndmål across units with their status counts, and the files and reports left out. Every
renderer (xlsx, HTML, Word, JSON) draws from an `Overview`; every number in it is a count of goals or
a figure read from a report."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from vbassist.model import STATUS_LABELS, ReportKind, Status

# The columns a nämndmål's status distribution is counted in: the four statuses a report writes and
# "saknas" for an enhetsmål with no status line at all.
StatusKey = Literal["helt", "delvis", "inte", "inga_data", "saknas"]
STATUS_KEYS: tuple[StatusKey, ...] = ("helt", "delvis", "inte", "inga_data", "saknas")
STATUS_KEY_LABELS: dict[StatusKey, str] = {
    "helt": STATUS_LABELS["helt"],
    "delvis": STATUS_LABELS["delvis"],
    "inte": STATUS_LABELS["inte"],
    "inga_data": STATUS_LABELS["inga_data"],
    "saknas": "Status saknas",
}


def status_key(status: Status | None) -> StatusKey:
    return "saknas" if status is None else status


def status_label(status: Status | None) -> str:
    """The status as the documents write it ("Uppfylls delvis"); "" when the report has none."""
    return "" if status is None else STATUS_LABELS[status]


def report_label(kind: str, year: int | None) -> str:
    """ "VB 2024", "T2 2025"; the kind alone when the year is unknown."""
    return f"{kind} {year}" if year is not None else kind


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GoalDigest(_Model):
    """One enhetsmål as the worker reads it from the full report (no source, no findings yet: copies
    of one file share it, and findings change in the batch's second pass)."""

    kf_mal: str | None = None  # "1.3 Stockholms stad ska ge stöd ..." (number and title)
    namndmal_number: str | None = None
    namndmal: str | None = None  # the title as this unit wrote it
    enhetsmal: str
    status: Status | None = None
    status_text: str | None = None  # the status line as written ("◆ Uppfylls delvis")
    suggested_status: Status | None = None  # `vbassist.drafting.facts.suggest_status`, as the drafter
    suggested_reason: str = ""
    indicators_measured: int = 0  # measuring indicators with an outcome and a numeric årsmål
    indicators_under_target: list[str] = Field(default_factory=list)  # their names, polarity-aware
    assessment: str | None = None  # the analysis's sentence stating the goal's fulfilment, verbatim


class IndicatorDigest(_Model):
    """One indicator row of a report: the numbers as read, and whether the outcome meets the årsmål
    (polarity-aware; None when either is missing or not a number)."""

    goal: str  # the goal the table sits under ("1.3 Stockholms stad ska ...")
    goal_level: str
    name: str
    utfall: float | None = None
    utfall_text: str = ""  # the cell as written ("50", "Tas fram av nämnd", "")
    arsmal: float | None = None
    arsmal_text: str = ""
    forra_aret: float | None = None
    forra_aret_text: str = ""
    forra_aret_label: str | None = None  # the column header, "Utfall VB 2023"
    unit: str | None = None  # "%" for shares, else the unit written in the cells
    polarity: Literal["higher", "lower"] = "higher"
    target_met: bool | None = None


class ReportDigest(_Model):
    """What the overview keeps of one report, computed where the report was parsed."""

    kind: ReportKind
    year: int | None = None
    unit: str | None = None
    district: str | None = None
    goals: list[GoalDigest] = Field(default_factory=list)
    indicators: list[IndicatorDigest] = Field(default_factory=list)


class ReportRef(_Model):
    """A report in the overview, and how many errors and warnings the check found in it in all (on
    its enhetsmål and elsewhere: budget, KF-level indicators, sections)."""

    district: str | None = None
    unit: str | None = None
    kind: ReportKind
    year: int | None = None
    source: str
    errors: int = 0
    warnings: int = 0

    @property
    def label(self) -> str:
        return report_label(self.kind, self.year)


class GoalRow(_Model):
    """A row of the sheet Måluppfyllelse: one enhetsmål of one unit's report."""

    report: ReportRef
    goal: GoalDigest
    namndmal_group: int | None = None  # index into `Overview.namndmal`; None = under no nämndmål
    errors: int = 0  # the check's findings on this enhetsmål
    warnings: int = 0


class IndicatorRow(_Model):
    report: ReportRef
    indicator: IndicatorDigest


class NamndmalGroup(_Model):
    """One nämndmål of one district and report round (VB 2024) across units, matched by its
    normalised title. `counts` are numbers of enhetsmål at each status (a unit with two enhetsmål under
    the nämndmål counts twice); `units` how many units have one or more."""

    district: str | None = None
    kind: ReportKind
    year: int | None = None
    number: str | None = None
    title: str  # the spelling most units use
    variants: list[str] = Field(default_factory=list)  # other spellings matched to it
    units: int = 0
    goals: int = 0
    counts: dict[StatusKey, int] = Field(default_factory=lambda: dict.fromkeys(STATUS_KEYS, 0))

    @property
    def label(self) -> str:
        return report_label(self.kind, self.year)

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title


class FailedFile(_Model):
    source: str
    code: str
    message: str


class LeftOut(_Model):
    """A report that was read but is not in the overview: a plan (VP) or a second copy of a unit's
    report already counted (the .pdf beside the .docx)."""

    source: str
    unit: str | None = None
    label: str
    reason: str


class Overview(_Model):
    goals: list[GoalRow] = Field(default_factory=list)
    indicators: list[IndicatorRow] = Field(default_factory=list)
    namndmal: list[NamndmalGroup] = Field(default_factory=list)
    failed: list[FailedFile] = Field(default_factory=list)
    left_out: list[LeftOut] = Field(default_factory=list)
    reports: list[ReportRef] = Field(default_factory=list)  # in the order read
    documents: int = 0  # files given

    def sections(self) -> list[tuple[str | None, ReportKind, int | None, list[int]]]:
        """(district, kind, year, indices of its nämndmål groups) in the order the groups stand."""
        out: dict[tuple[str | None, ReportKind, int | None], list[int]] = {}
        for i, group in enumerate(self.namndmal):
            out.setdefault((group.district, group.kind, group.year), []).append(i)
        return [(d, k, y, ids) for (d, k, y), ids in out.items()]

    def rows_of(self, group: int) -> list[GoalRow]:
        return [row for row in self.goals if row.namndmal_group == group]
