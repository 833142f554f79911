"""The draft of the district's own summary as a Word document (python-docx): per district and report
round, and in it per nämndmål a heading, the status chart (a PNG), a table of the units' enhetsmål and
statuses, each unit's assessment sentence quoted with its unit and report, and a marked gap where a
person writes the conclusion. Nothing is concluded here: every number is a count of enhetsmål or
stands in a quoted sentence of a report. The wording comes from `vbassist/data/overview.json`."""

from __future__ import annotations

import io
from pathlib import PurePath
from typing import Any

from vbassist.overview.chart import describe, png_chart
from vbassist.overview.model import GoalRow, NamndmalGroup, Overview, report_label, status_label
from vbassist.overview.texts import distribution, text
from vbassist.sv import count, shorten

# A4 with 2.5 cm margins, as the city's own documents: 16 cm of text width
_PAGE_CM, _MARGIN_CM = (21.0, 29.7), 2.5
_CHART_WIDTH_CM = 16.0
_TABLE_WIDTHS_CM = (3.8, 6.5, 2.8, 2.9)  # Enhet, Enhetsmål, Status, Föreslagen status
_GOAL_IN_SOURCE = 90  # characters of an enhetsmål named beside a quote


def render_docx(overview: Overview) -> bytes:
    from docx import Document
    from docx.shared import Cm

    document: Any = Document()  # python-docx is only partly typed
    page = document.sections[0]
    page.page_width, page.page_height = Cm(_PAGE_CM[0]), Cm(_PAGE_CM[1])
    page.left_margin = page.right_margin = page.top_margin = page.bottom_margin = Cm(_MARGIN_CM)
    document.core_properties.title = "Måluppfyllelse – sammanställning"
    document.core_properties.author = "vbassist"
    sections = overview.sections()
    for n, (district, kind, year, ids) in enumerate(sections):
        section = f"{district or 'okänd stadsdel'} {report_label(kind, year)}"
        if n:
            document.add_page_break()
        document.add_heading(text("title", section=section), level=0)
        _intro(document, overview, ids, section)
        for i in ids:
            _namndmal(document, overview.namndmal[i], overview.rows_of(i))
    _files(document, overview)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _intro(document: Any, overview: Overview, ids: list[int], section: str) -> None:
    note = document.add_paragraph()
    note.add_run(text("draft_note")).italic = True
    rows = [r for i in ids for r in overview.rows_of(i)]
    units = sorted({r.report.unit or "okänd enhet" for r in rows}, key=str.casefold)
    reports = {(r.report.unit, r.report.source) for r in rows}
    document.add_paragraph(
        text("basis", reports=count(len(reports), "rapport", "rapporter"), units=", ".join(units))
    )
    if overview.failed:
        document.add_paragraph(
            text(
                "failed_note",
                files=count(len(overview.failed), "fil", "filer"),
                heading=text("failed_heading"),
            )
        )
    _gap(document, text("summary_gap", section=section))


def _namndmal(document: Any, group: NamndmalGroup, rows: list[GoalRow]) -> None:
    from docx.shared import Cm

    document.add_heading(group.heading, level=1)
    document.add_paragraph(
        text(
            "namndmal_counts",
            goals=count(group.goals, "enhetsmål", "enhetsmål"),
            units=count(group.units, "enhet", "enheter"),
            distribution=distribution(group.counts),
        )
    )
    run = document.add_paragraph().add_run()
    picture = run.add_picture(io.BytesIO(png_chart(group.counts)), width=Cm(_CHART_WIDTH_CM))
    picture._inline.docPr.set("descr", describe(group.counts))  # the chart's alt text
    _status_table(document, rows)
    document.add_heading(text("assessments_heading"), level=2)
    goals_per_unit: dict[str | None, int] = {}
    for row in rows:
        goals_per_unit[row.report.unit] = goals_per_unit.get(row.report.unit, 0) + 1
    unassessed: dict[tuple[str, str], list[str]] = {}  # (unit, report) -> goals, said once per unit
    for row in rows:
        if row.goal.assessment is None:
            key = (row.report.unit or "okänd enhet", row.report.label)
            unassessed.setdefault(key, []).append(row.goal.enhetsmal)
        else:
            _assessment(document, row, name_goal=goals_per_unit[row.report.unit] > 1)
    for (unit, label), goals in unassessed.items():
        names = ", ".join(f"”{goal}”" for goal in goals)
        line = text(
            "no_assessment", unit=unit, report=label, goals=count(len(goals), "enhetsmål", "enhetsmål")
        )
        _paragraph(document, "List Bullet", f"{line} {names}.")
    _gap(document, text("namndmal_gap", namndmal=group.title))


def _status_table(document: Any, rows: list[GoalRow]) -> None:
    """The units' enhetsmål and statuses, its header repeated on every page. Built as one XML
    element: python-docx's add_row and cell access walk the whole table each time, which took a
    500-unit summary over ten seconds."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Cm

    twips = [int(w * 567) for w in _TABLE_WIDTHS_CM]

    def tr(values: tuple[str, ...], header: bool = False) -> str:
        props = "<w:trPr><w:tblHeader/></w:trPr>" if header else ""
        cells = "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr><w:p><w:r>'
            f'<w:t xml:space="preserve">{_xml_text(v)}</w:t></w:r></w:p></w:tc>'
            for v, w in zip(values, twips, strict=True)
        )
        return f"<w:tr>{props}{cells}</w:tr>"

    body = [tr(("Enhet", "Enhetsmål", "Status", "Föreslagen status"), header=True)]
    body += [
        tr(
            (
                row.report.unit or "okänd enhet",
                row.goal.enhetsmal,
                status_label(row.goal.status) or "saknas",
                status_label(row.goal.suggested_status) or "–",
            )
        )
        for row in rows
    ]
    style = _style_id(document, "Light Grid Accent 1")
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in twips)
    table = parse_xml(
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="{style}"/>'
        f'<w:tblW w:w="{sum(twips)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
        'w:noHBand="0" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{''.join(body)}</w:tbl>"
    )
    _section_properties(document).addprevious(table)
    caption = _paragraph(document, "Caption", text("table_caption"))
    caption.paragraph_format.space_after = Cm(0.3)


def _assessment(document: Any, row: GoalRow, *, name_goal: bool) -> None:
    """The analysis's own assessment sentence, quoted with its source."""
    unit, label = row.report.unit or "okänd enhet", row.report.label
    goal = row.goal.enhetsmal
    source = f"{unit}, {label}"
    if name_goal:
        source += f", enhetsmålet ”{shorten(goal, _GOAL_IN_SOURCE)}”"
    # the quote in the style's italics, its source upright
    _paragraph(
        document, "Quote", f"”{row.goal.assessment}”", (f" ({source})", '<w:rPr><w:i w:val="0"/></w:rPr>')
    )


def _paragraph(document: Any, style: str, *runs: str | tuple[str, str]) -> Any:
    """A paragraph in `style` (a style of python-docx's template) at the end of the body; each run is
    its text, or (text, run properties XML). Built as XML and put before the body's section
    properties directly: python-docx's add_paragraph searches the whole body, and its style setter
    every style, for each paragraph, which is quadratic in a long summary."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.text.paragraph import Paragraph

    content = "".join(
        f'<w:r>{r[1] if isinstance(r, tuple) else ""}<w:t xml:space="preserve">'
        f"{_xml_text(r[0] if isinstance(r, tuple) else r)}</w:t></w:r>"
        for r in runs
    )
    element = parse_xml(
        f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="{_style_id(document, style)}"/></w:pPr>{content}</w:p>'
    )
    _section_properties(document).addprevious(element)
    return Paragraph(element, document._body)


def _section_properties(document: Any) -> Any:
    """The body's last child, found once (python-docx looks it up by a scan of the body each time)."""
    found: Any = document.__dict__.get("_vbassist_sect_pr")
    if found is None:
        found = document.__dict__["_vbassist_sect_pr"] = document.element.body.sectPr
    return found


def _style_id(document: Any, style: str) -> str:
    ids: dict[str, str] = document.__dict__.setdefault("_vbassist_style_ids", {})
    if style not in ids:
        ids[style] = document.styles[style].style_id
    return ids[style]


# characters XML 1.0 does not allow (a control character pasted into a report)
_NOT_XML = {c: None for c in range(32) if c not in (9, 10, 13)}


def _xml_text(value: str) -> str:
    from xml.sax.saxutils import escape

    return escape(value.translate(_NOT_XML))


def _gap(document: Any, gap: str) -> None:
    """A gap a person fills in: bracketed and highlighted, as in the drafter's analyses."""
    from docx.enum.text import WD_COLOR_INDEX

    run = document.add_paragraph().add_run(gap)
    run.bold = True
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _files(document: Any, overview: Overview) -> None:
    if overview.failed:
        document.add_heading(text("failed_heading"), level=1)
        for f in overview.failed:
            _paragraph(document, "List Bullet", f"{PurePath(f.source).name}: {f.message}")
    if overview.left_out:
        document.add_heading(text("left_out_heading"), level=1)
        for o in overview.left_out:
            name = PurePath(o.source).name
            _paragraph(document, "List Bullet", f"{name} ({o.unit or 'okänd enhet'}, {o.label}): {o.reason}")
