"""Property test: on any mix of label-like paragraphs and tables the builder either finds reports whose
every location points at a real block of the right kind, or says it is not a report. Never anything
else (a crash here would be a traceback in front of a user)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vbassist.errors import NotAReportError
from vbassist.model import Document, Location, ParagraphBlock, Report, TableBlock
from vbassist.parsing.builder import build_reports

PHRASES = [
    "Verksamhetsberättelse VB 2024 för Vuxenenheten",
    "Verksamhetsplan 2026 för",
    "Handläggare",
    "Innehållsförteckning",
    "KF:s inriktningsmål: 1. Ett Stockholm",
    "KF:s mal for verksamhetsomradet: 1.3 Stod\t5",
    "Nämndmål: 1.3.2 Vuxna",
    "Namndmal:",
    "Enhetsmål:",
    "Enhetsmal: Barn far stod",
    "● Uppfylls helt",
    "Inga data",
    "Förväntat resultat",
    "Analys",
    "Sammanfattande analys",
    "Uppföljning av ekonomi",
    "Intäkter",
    "Totalt",
    "vanlig text om verksamheten",
    "",
]
CELLS = [
    "Indikator",
    "Periodens utfall",
    "Årsmål",
    "KF:s årsmål",
    "Period",
    "Periodicitet",
    "Aktivitet",
    "Startdatum",
    "Budget",
    "Utfall",
    "Avvikelse",
    "Summa intäkter",
    "Analys",
    "Analys text",
    "♀",
    "●",
    "52,17 %",
    "1 204",
    "-4",
    "VB 2024",
    "Tas fram av nämnd VB 2024",
    "",
    "text",
]

paragraph = st.tuples(st.sampled_from(PHRASES), st.one_of(st.none(), st.integers(1, 5)))
table = st.integers(1, 6).flatmap(
    lambda width: st.lists(
        st.lists(st.sampled_from(CELLS), min_size=width, max_size=width), min_size=1, max_size=6
    )
)
item = st.one_of(paragraph, table)


def _doc(items: list, fmt: str) -> Document:
    blocks: list[ParagraphBlock | TableBlock] = []
    for i, it in enumerate(items):
        if isinstance(it, tuple):
            blocks.append(ParagraphBlock(index=i, text=it[0], heading_level=it[1]))
        else:
            blocks.append(TableBlock(index=i, rows=it))
    return Document(source="x.txt", format=fmt, blocks=blocks)  # type: ignore[arg-type]


def _locations(report: Report) -> list[tuple[Location, str]]:
    found: list[tuple[Location, str]] = []
    for goal, _ in report.iter_goals():
        found.append((goal.location, "paragraph"))
        if goal.status_location:
            found.append((goal.status_location, "paragraph"))
        for field in (
            goal.beskrivning,
            goal.forvantat_resultat,
            goal.analys,
            goal.arbetssatt,
            goal.uppfoljning,
        ):
            found.extend((t.location, "paragraph") for t in field)
        found.extend((i.location, "table") for i in goal.indicators)
        found.extend((a.location, "table") for a in goal.activities)
    for table in report.budget_tables:
        found.extend((r.location, "table") for r in table.rows)
    found.extend((t.location, "table") for t in report.tables)
    return found


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=st.lists(item, min_size=0, max_size=25), fmt=st.sampled_from(["docx", "text", "markdown"]))
def test_builder_never_crashes_and_locations_are_real(items: list, fmt: str) -> None:
    document = _doc(items, fmt)
    try:
        reports = build_reports(document)
    except NotAReportError:
        return
    assert reports
    for report in reports:
        start, end = report.block_range or (0, 0)
        assert 0 <= start < end <= len(document.blocks)
        for location, kind in _locations(report):
            block = document.blocks[location.block]
            assert block.kind == kind
            assert start <= location.block < end
            if isinstance(block, TableBlock) and location.row is not None:
                assert location.row < len(block.rows)
