"""The facts about a report as a whole: kind, year, unit, district and title, from its title line, its
front matter, its indicator headers, its text and, where the text says nothing, the file name."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath
from typing import cast

from vbassist.model import ParagraphBlock, ReportKind
from vbassist.names import fold
from vbassist.parsing.headings import (
    ReportTitle,
    clean_title,
    match_goal_label,
    match_report_title,
    squash,
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
_FIRST_WORD_RE = re.compile(r"\\b([a-z]+)")
# Each pattern with the literal word it starts with: `word in text` (a fast substring search) rules a
# district out before its regex runs; 13 findall passes over a whole report were a fifth of the parse.
_DISTRICT_RES = {
    name: (re.compile(rx), cast(re.Match[str], _FIRST_WORD_RE.match(rx)).group(1))
    for name, rx in DISTRICTS.items()
}
_FILENAME_KIND_RE = re.compile(r"(?:^|[^a-z])(vb|vp|t1|t2)[ _-]?((?:19|20)\d{2})(?:[^0-9]|$)")
_UNIT_INTRO_RE = re.compile(
    r"^(?P<unit>[a-z][\w\- ,]{2,60}?enhet(?:en)?)\s+(?:ingar i|ar en del av|&r en del av|tillhor)\b"
)


def district_in(folded: str) -> str | None:
    """The district named most often (the first of DISTRICTS on a tie), None when none is named."""
    counts = {
        name: len(rx.findall(folded)) if word in folded else 0 for name, (rx, word) in _DISTRICT_RES.items()
    }
    best = max(counts.items(), key=lambda kv: kv[1])
    return best[0] if best[1] else None


@dataclass
class FileDefaults:
    """What the file name says ("vb2025_hagersten-alvsjo_familjehemsenheten.docx"): used only where the
    text says nothing."""

    kind: ReportKind | None = None
    year: int | None = None
    district: str | None = None
    unit: str | None = None

    @classmethod
    def of(cls, source: str) -> FileDefaults:
        name = fold(PurePath(source).stem)
        defaults = cls()
        m = _FILENAME_KIND_RE.search(name)
        if m:
            defaults.kind = cast(ReportKind, m.group(1).upper())
            defaults.year = int(m.group(2))
        defaults.district = district_in(name.replace("_", " "))
        parts = name.split("_")
        if m and len(parts) >= 3 and defaults.district:
            slug = parts[-1].replace("-", " ").strip()
            if slug:
                defaults.unit = slug[:1].upper() + slug[1:]
        return defaults


class ReportFacts:
    """Collected while the blocks are read; decided at the end (`kind_and_year`, `unit_name`,
    `district`)."""

    def __init__(self, defaults: FileDefaults) -> None:
        self.defaults = defaults
        self.title: ReportTitle | None = None
        self.title_text: str | None = None
        self.unit: str | None = None
        self.expect_unit = False  # the title ended in "för": the unit is on the next line
        self.front_texts: list[str] = []  # the first paragraphs: front matter
        self.header_years: list[int] = []  # years in indicator headers ("Utfall VB 2024")
        self.saw_periodicitet = False  # a Periodicitet column: a plan's indicator table
        self.known_section = False  # a section title that reports share was seen

    def front(self, text: str) -> None:
        if len(self.front_texts) < 60:
            self.front_texts.append(text)

    def title_line(self, text: str, *, in_goals: bool) -> bool:
        """Take a report title line, or the unit line after a title ending in "för"; True when `text`
        was one of them."""
        title = match_report_title(text)
        if title is not None and not in_goals:
            if self.title is None or ((title.unit or title.wants_unit) and not self.title.unit):
                self.title, self.title_text = title, clean_title(text)
                self.expect_unit = title.wants_unit
                if title.unit:
                    self.unit = title.unit
            return True
        if self.expect_unit:
            self.expect_unit = False
            if len(text) <= 80 and match_goal_label(text) is None:
                self.unit = clean_title(text)
                self.title_text = f"{self.title_text} {self.unit}"
                return True
        return False

    def indicator_header(self, header: list[str], *, periodicitet: bool) -> None:
        for year in re.findall(r"(?:19|20)\d{2}", " ".join(header)):
            self.header_years.append(int(year))
        self.saw_periodicitet = self.saw_periodicitet or periodicitet

    @property
    def kind(self) -> ReportKind | None:
        """The kind as far as the title and the file name say (for the goals' default field)."""
        return self.title.kind if self.title else self.defaults.kind

    def kind_and_year(self) -> tuple[ReportKind, int | None]:
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

    def unit_name(self) -> str | None:
        return (
            self.unit
            or (self.title.unit if self.title else None)
            or self._unit_from_text()
            or self.defaults.unit
        )

    def district(self, blocks: list[ParagraphBlock]) -> str | None:
        found = district_in(fold(" ".join(b.text for b in blocks)))
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
