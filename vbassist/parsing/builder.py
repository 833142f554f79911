"""Blocks -> reports: the one structure builder every reader ends in.

One file may hold several units' reports; each "Verksamhetsberättelse VB 2024 för <enhet>" title starts
one (with the front matter just before it). Each unit's blocks are read by a `ReportReader`
(`vbassist.parsing.structure`): labels are recognised by text (see `headings`), styles only help;
tables are recognised by their header and attached to the goal they sit under.
"""

from __future__ import annotations

import itertools

from vbassist.errors import NotAReportError
from vbassist.model import Document, ParagraphBlock, Report
from vbassist.parsing.headings import match_report_title, squash
from vbassist.parsing.structure.facts import FileDefaults
from vbassist.parsing.structure.report_reader import ReportReader

__all__ = ["build_reports"]


def build_reports(doc: Document) -> list[Report]:
    """One `Report` per unit found in the blocks. Raises `NotAReportError` when no block looks like a
    report (no goal, no report title, no known section)."""
    defaults = FileDefaults.of(doc.source)
    built: list[Report] = []
    structured = False
    for start, end in _segments(doc):
        report, has_structure = ReportReader(doc, start, end, defaults).build()
        built.append(report)
        structured = structured or has_structure
    if not structured:
        raise NotAReportError(
            "hittade ingen rapportstruktur (inga mål, ingen rapportrubrik, inga kända avsnitt)",
            source=doc.source,
        )
    # a unit title with nothing under it (a cover page, a list of units) is not a report of its own
    return [r for r in built if r.goals or r.sections] or built[:1]


def _segments(doc: Document) -> list[tuple[int, int]]:
    """[start, end) block ranges, one per unit title; the front matter ("Handläggare ... Till <enhet>")
    just before a title belongs to that title's report."""
    starts: list[int] = []
    paragraphs = [(b.index, b.text) for b in doc.blocks if isinstance(b, ParagraphBlock) and b.text.strip()]
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
