"""What drafting works on and hands back: the facts of one enhetsmål, citations, the draft itself.

`Draft` is the API/CLI shape: `{"text","status","suggested_status","facts","citations","gaps",
"verification","masked"}`. Every number the draft may state is in `facts` or in a citation snippet.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from vbassist.llm.masking import MaskedItem
from vbassist.model import Location, ReportKind, Status

Polarity = Literal["higher", "lower"]
Drafter = Literal["grounded", "llm"]
# what an activity's own text (its Analys row or Avvikelse) says about whether it was carried out
ActivityState = Literal["genomford", "delvis", "pagar", "inte_genomford"]
Relation = Literal["own_earlier", "plan", "other_unit"]
# a Förväntat resultat bullet's follow-up: reached, not reached, bound to an indicator with no outcome,
# or nothing in the document to judge it by
BulletState = Literal["met", "not_met", "not_followed_up", "no_data"]
Comparator = Literal[
    "minst", "högst", "ökar_med", "minskar_med", "ökar_med_pe", "minskar_med_pe", "ökar", "minskar", "lika"
]  # fmt: skip


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IndicatorFact(_Model):
    """One measuring indicator with the numbers a draft may use. A None value means the cell was empty
    or held words (`utfall_note`): a missing outcome is reported as missing, never as zero."""

    name: str
    kind: Literal["percent", "count", "amount", "text", "empty"] = "empty"
    unit: str | None = None
    utfall: float | None = None
    utfall_decimals: int | None = None
    utfall_note: str | None = None
    arsmal: float | None = None
    arsmal_note: str | None = None
    forra_aret: float | None = None
    forra_aret_label: str | None = None
    man: float | None = None
    kvinnor: float | None = None
    change: float | None = None  # utfall - forra_aret in the indicator's own unit
    change_pp: float | None = None  # percent indicators: utfall - forra_aret in procentenheter
    change_percent: float | None = None  # relative change from last year in percent of last year
    diff_kvinnor_man: float | None = None  # kvinnor - man, in the indicator's own unit (pp for percent)
    target_met: bool | None = None  # None when there is no numeric årsmål or no outcome
    polarity: Polarity = "higher"
    confidence: float = 1.0  # how sure the indicator -> enhetsmål link is
    link_reason: str = ""
    period: str | None = None
    kommentar: str | None = None


class StatedTarget(_Model):
    """A target written in Förväntat resultat: a number ("minst 75 procent"), a relative change
    ("minskar med tio procent", "förbättras med 20 procent" = of last year's value; "halveras" = 50),
    a change in procentenheter, or a direction alone ("ökar": `value` 0). `text` is the bullet."""

    text: str
    value: float
    unit: str | None = None
    comparator: Comparator = "lika"
    raw: str = ""  # the words of the target in the bullet ("minskar med tio procent")
    indicator: str | None = None  # the indicator it was matched to, when one matched
    met: bool | None = None
    wanted: float | None = None  # the outcome the target asks for, when it follows from last year
    confidence: float | None = None  # how clearly the bullet names `indicator` (None: no indicator)
    location: Location | None = None


class ActivityFact(_Model):
    """One activity. `avvikelse` is None when the table reports none, "" when it only marks one;
    `state` is what its own text says about whether it was carried out (None = it says nothing)."""

    name: str
    startdatum: str | None = None
    slutdatum: str | None = None
    avvikelse: str | None = None
    analys: str | None = None
    state: ActivityState | None = None
    state_words: str | None = None  # the words `state` was read from ("arbetar inte med")
    # where the row is: the enhetsmål's own activity table, or its nämndmål's (the unit's only goal
    # under that nämndmål, or an activity on the goal's topic)
    table: Literal["enhetsmal", "namndmal"] = "enhetsmal"
    location: Location | None = None


class GoalFacts(_Model):
    """Everything a draft of one enhetsmål's analysis may rest on."""

    unit: str | None = None
    district: str | None = None
    year: int | None = None
    kind: ReportKind = "VB"
    goal: str
    namndmal: str | None = None
    kf_mal: str | None = None
    status: Status | None = None
    status_text: str | None = None
    suggested_status: Status | None = None
    suggested_reason: str = ""
    forvantat_resultat: list[str] = Field(default_factory=list)
    stated_targets: list[StatedTarget] = Field(default_factory=list)
    # decimals the document's own running text uses for percentages (None = as in the tables)
    text_decimals: int | None = None
    indicators: list[IndicatorFact] = Field(default_factory=list)
    activities: list[ActivityFact] = Field(default_factory=list)
    existing_analysis: str = ""  # kept out of the draft itself; the checker and the bench use it

    @property
    def effective_status(self) -> Status | None:
        """The reported status, else the suggested one."""
        return self.status or self.suggested_status


class Citation(_Model):
    """A passage from the corpus offered beside a draft, with where it came from."""

    unit: str | None = None
    year: int | None = None
    kind: str | None = None  # "VB", "VP", "T1", "T2"
    goal: str | None = None
    namndmal: str | None = None
    snippet: str
    location: Location | None = None
    source: str | None = None
    relation: Relation = "other_unit"
    # what it has in common with the drafted goal: "nämndmål", "indikator: <name>"
    shares: list[str] = Field(default_factory=list)
    score: float | None = None


class UnsupportedNumber(_Model):
    raw: str
    value: float
    start: int
    end: int


class Verification(_Model):
    """Whether every number in the draft is backed by a fact or a citation, and what else was noted."""

    ok: bool
    drafter: Drafter = "grounded"
    checked_numbers: int = 0
    unsupported: list[UnsupportedNumber] = Field(default_factory=list)
    # numbers in the facts given a meaning the facts do not give them ("70,59 % för flickor" when that
    # is the boys' outcome), and words that do not compute ("halverades"), as Swedish sentences
    meaning: list[str] = Field(default_factory=list)
    findings: list[str] = Field(default_factory=list)  # checker findings on the draft, as messages
    attempts: int = 1
    notes: list[str] = Field(default_factory=list)


class Draft(_Model):
    text: str
    status: Status | None = None
    suggested_status: Status | None = None
    facts: GoalFacts
    citations: list[Citation] = Field(default_factory=list)
    gaps: list[str] = Field(default_factory=list)
    verification: Verification
    masked: list[MaskedItem] = Field(default_factory=list)
