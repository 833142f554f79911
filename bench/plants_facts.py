"""Plantings in the places the facts layer reads (comment rows, the summary, Förväntat resultat,
restated counts, empty outcomes, draft gaps, complaint tables, parts of a whole) and controls that must
raise nothing (true restatements, rounding, sub-groups, another year, a distribution, another event,
another survey in a comment, the nämnd's target, an explained empty outcome).

Each generator yields (class, description, edit); `edit(doc)` changes a python-docx Document. Used by
`bench/check_planted_recall.py`."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from docx.table import Table
from docx.text.paragraph import Paragraph

from vbassist.checks.facts import ReportFacts
from vbassist.model import Indicator, Report
from vbassist.numbers import format_sv

Edit = Callable[[Any], None]


class NotPlantable(Exception):
    """The document does not hold what the parsed report says at this place (a row the parser read
    shifted, as in a table converted from PDF over a page break): the planting is skipped."""


Plant = tuple[str, str, Edit]

# what each class must raise (a planted error) or must not (a control: every new finding counts)
EXPECTED = {
    "comment_row": ("VB-TEXT-001",),
    "comment_gender": ("VB-TEXT-001",),
    "summary_trend": ("VB-TREND-001",),
    "summary_number": ("VB-TEXT-001",),
    "summary_marker": ("VB-MARKER-002",),
    "text_target": ("VB-TEXT-003",),
    "unfollowed_target": ("VB-MISSING-005",),
    "restated_count": ("VB-TEXT-002",),
    "empty_outcome": ("VB-MISSING-003",),
    "draft_gap": ("VB-MISSING-006",),
    "complaint_total": ("VB-DERIVED-005",),
    "complaint_part": ("VB-DERIVED-006",),
    "lex_sarah": ("VB-MISSING-007",),
    "part_row": ("VB-DERIVED-006",),
}
CONTROLS = (
    "true_restatement",
    "rounding",
    "subgroup",
    "other_year",
    "distribution",
    "other_event",
    "other_survey",
    "namnd_target",
    "true_summary_marker",
    "explained_empty",
)


def body(doc: Any) -> list[Paragraph | Table]:
    """Paragraphs and tables in body order: the numbering of `Location.block`."""
    return list(doc.iter_inner_content())


def set_text(par: Paragraph, text: str) -> None:
    if not par.runs:
        par.add_run(text)
        return
    par.runs[0].text = text
    for run in par.runs[1:]:
        run.text = ""


def _cell(doc: Any, block: int, row: int, col: int) -> Any:
    table = body(doc)[block]
    assert isinstance(table, Table)
    return table.rows[row].cells[col]


def _append_to_paragraph(block: int, text: str) -> Edit:
    def edit(doc: Any) -> None:
        par = body(doc)[block]
        assert isinstance(par, Paragraph)
        par.add_run(text)

    return edit


def _prepend_to_comment(block: int, row: int, col: int, text: str) -> Edit:
    """`text` at the start of a comment row, after its "Analys" word: where a reader states the row's
    result, before the comment turns to other things."""

    def edit(doc: Any) -> None:
        par = _cell(doc, block, row, col).paragraphs[0]
        run = next((r for r in par.runs if r.text.strip()), None)
        if run is None:
            par.add_run(text)
        elif run.text.strip().lower().startswith("analys"):
            at = run.text.lower().index("analys") + len("analys")
            run.text = f"{run.text[:at]} {text.strip()} {run.text[at:].lstrip()}"
        else:
            run.text = f"{text.strip()} {run.text}"

    return edit


def _append_to_cell(block: int, row: int, col: int, text: str) -> Edit:
    def edit(doc: Any) -> None:
        _cell(doc, block, row, col).paragraphs[-1].add_run(text)

    return edit


def _set_cell(block: int, row: int, col: int, text: str, was: str | None = None) -> Edit:
    """Set a table cell's text; with `was`, only a cell that holds `was` (else `NotPlantable`)."""

    def edit(doc: Any) -> None:
        cell = _cell(doc, block, row, col)
        if was is not None and cell.text.strip() != was.strip():
            raise NotPlantable(f"cell {block}/{row}/{col} holds {cell.text!r}, not {was!r}")
        set_text(cell.paragraphs[0], text)

    return edit


def _unexplained(ind: Indicator, value: float) -> float:
    """A number near `value` that no cell of the row explains by rounding (the planted error must be
    one), kept within 0-100 for a percent."""
    from vbassist.checks.facts.values import row_values
    from vbassist.numbers import matches_rounded

    for delta in (7, 9, 11, 13, -7, -9, -11, -13):
        candidate = value + delta
        if 0 <= candidate <= 100 and not any(matches_rounded(candidate, 0, v) for v in row_values(ind)):
            return candidate
    return value + 17


def _pct(value: float) -> str:
    return f"{format_sv(value, 0 if value == int(value) else 1)} %"


def _col(ind: Indicator, field: str) -> int | None:
    from vbassist.checks.common import cell_location

    loc = cell_location(ind, field)
    return loc.col


def _summary_block(report: Report) -> int | None:
    for section in report.sections:
        if section.title.lower().startswith("sammanfattande") and section.paragraphs:
            return section.paragraphs[0].location.block
    return None


def _percent_rows(report: Report) -> Iterator[Indicator]:
    for ind, _, _ in report.indicators():
        if (
            ind.utfall is not None
            and ind.utfall.value is not None
            and (ind.utfall.kind == "percent" or "%" in ind.utfall.raw)
        ):
            yield ind


def plants(report: Report) -> Iterator[Plant]:
    """Planted errors and controls for one parsed sample."""
    yield from _comment_plants(report)
    yield from _summary_plants(report)
    yield from _target_plants(report)
    yield from _count_plants(report)
    yield from _empty_outcome_plants(report)
    yield from _table_plants(report)


def _comment_plants(report: Report) -> Iterator[Plant]:
    for ind in _percent_rows(report):
        loc = ind.kommentar_location
        if not ind.kommentar or loc is None or loc.row is None or loc.col is None:
            continue
        u = ind.utfall.value if ind.utfall else None
        assert u is not None
        at = (loc.block, loc.row, loc.col)
        wrong = _unexplained(ind, u)
        yield (
            "comment_row",
            f"{ind.name[:40]}: utfallet {wrong}",
            _prepend_to_comment(*at, f"Utfallet blev {_pct(wrong)}."),
        )
        k = ind.utfall_kvinnor.value if ind.utfall_kvinnor else None
        if k is not None:
            wrong_k = _unexplained(ind, k)
            yield (
                "comment_gender",
                f"{ind.name[:40]}: kvinnor {wrong_k}",
                _prepend_to_comment(
                    *at, f"Resultatet för kvinnor ({_pct(wrong_k)}) skiljer sig från männens."
                ),
            )
        yield (
            "rounding",
            f"{ind.name[:40]}: utfallet avrundat",
            _prepend_to_comment(*at, f"Utfallet blev cirka {_pct(round(u))}."),
        )
        yield (
            "other_survey",
            f"{ind.name[:40]}: en annan enkät",
            _append_to_cell(
                *at,
                f" Enheten har en egen bemötandeenkät. {_pct(_unexplained(ind, u))} tycker att de blir lyssnade på.",
            ),
        )


def _summary_plants(report: Report) -> Iterator[Plant]:
    block = _summary_block(report)
    if block is None:
        return
    for ind, _, _ in report.indicators():
        u = ind.utfall.value if ind.utfall else None
        last = ind.utfall_forra_aret.value if ind.utfall_forra_aret else None
        name = ind.name.strip().rstrip(".")
        if u is None:
            continue
        if last is not None and last != u:
            verb = "minskat" if u > last else "ökat"
            yield (
                "summary_trend",
                f"{name[:40]} {verb}",
                _append_to_paragraph(block, f" {name} har {verb} jämfört med föregående år."),
            )
        if ind in list(_percent_rows(report)):
            wrong = _unexplained(ind, u)
            yield (
                "summary_number",
                f"{name[:40]} = {wrong}",
                _append_to_paragraph(block, f" {name} var {_pct(wrong)} under året."),
            )
            yield (
                "subgroup",
                f"{name[:40]} bland de yngsta",
                _append_to_paragraph(
                    block, f" {name} var bland de yngsta brukarna {_pct(min(100, u + 12))}."
                ),
            )
            if report.year:
                yield (
                    "other_year",
                    f"{name[:40]} {report.year - 3}",
                    _append_to_paragraph(block, f" {name} var {_pct(max(0, u - 9))} år {report.year - 3}."),
                )
            yield (
                "distribution",
                f"{name[:40]} fördelning",
                _append_to_paragraph(block, f" {name}: 50 % svarade ja, 30 % delvis och 20 % nej."),
            )
    for goal in report.enhetsmal():
        if goal.status not in ("helt", "delvis", "inte"):
            continue
        title = goal.title.strip().rstrip(".")
        about = title[0].lower() + title[1:]
        other = "helt" if goal.status != "helt" else "delvis"
        yield (
            "summary_marker",
            f"{title[:40]} -> {other}",
            _append_to_paragraph(block, f" Målet att {about} är {other} uppfyllt."),
        )
        yield (
            "true_summary_marker",
            f"{title[:40]} = {goal.status}",
            _append_to_paragraph(
                block,
                f" Målet att {about} "
                + {"helt": "är helt uppfyllt.", "delvis": "är delvis uppfyllt.", "inte": "är inte uppfyllt."}[
                    goal.status
                ],
            ),
        )


def _target_plants(report: Report) -> Iterator[Plant]:
    from vbassist.checks.claims import target_claims

    for goal in report.enhetsmal():
        if not goal.analys:
            continue
        block = goal.analys[0].location.block
        yield "draft_gap", goal.title[:40], _append_to_paragraph(block, " [Beskriv orsaken till avvikelsen.]")
        free = [
            b for b in goal.forvantat_resultat if not target_claims(b.text) and not re.search(r"\d", b.text)
        ]
        if free and report.kind == "VB":
            yield (
                "unfollowed_target",
                goal.title[:40],
                _set_paragraph(
                    free[0].location.block,
                    "Andelen uppdragstagare med signerat uppdragsavtal är minst 90 procent.",
                ),
            )
    for ind, _, _ in report.indicators():
        a = ind.arsmal.value if ind.arsmal else None
        if a is None or ind.kommentar_location is None:
            continue
        loc = ind.kommentar_location
        if loc.row is None or loc.col is None:
            continue
        yield (
            "text_target",
            f"{ind.name[:40]}: årsmålet {a + 10 if a + 10 <= 100 else a - 10}",
            _prepend_to_comment(
                loc.block,
                loc.row,
                loc.col,
                f"Årsmålet på {_pct(a + 10 if a + 10 <= 100 else a - 10)} nåddes inte.",
            ),
        )
        yield (
            "namnd_target",
            f"{ind.name[:40]}: nämndens mål",
            _append_to_cell(
                loc.block,
                loc.row,
                loc.col,
                f" Samtliga enheter bidrar till att nå nämndens mål, målvärdet {_pct(a + 15)}.",
            ),
        )


def _set_paragraph(block: int, text: str) -> Edit:
    def edit(doc: Any) -> None:
        par = body(doc)[block]
        assert isinstance(par, Paragraph)
        set_text(par, text)

    return edit


def _count_plants(report: Report) -> Iterator[Plant]:
    facts = ReportFacts(report)
    counts = facts.counts
    targets = [g.analys[0].location.block for g in report.enhetsmal() if g.analys]
    summary = _summary_block(report)
    places = [b for b in [summary, *targets] if b is not None]
    for count in counts[:6]:
        if count.place.kind not in ("analys", "avsnitt") or count.value < 3 or count.period:
            continue
        elsewhere = next((b for b in places if b != count.place.location.block), None)
        if elsewhere is None:
            continue
        number = format_sv(count.value, 0)
        words = count.raw.split(maxsplit=1)
        if len(words) < 2:
            continue
        tail = re.split(r"[,.;:]", words[1])[0]
        yield (
            "restated_count",
            f"{count.raw[:40]} +3",
            _append_to_paragraph(elsewhere, f" Totalt har enheten {format_sv(count.value + 3, 0)} {tail}."),
        )
        yield (
            "true_restatement",
            count.raw[:40],
            _append_to_paragraph(elsewhere, f" Totalt har enheten {number} {tail}."),
        )
        yield (
            "other_event",
            f"{count.raw[:40]}: flyttat",
            _append_to_paragraph(
                elsewhere, f" Under året har {format_sv(count.value + 3, 0)} {tail} flyttat hem."
            ),
        )


def _empty_outcome_plants(report: Report) -> Iterator[Plant]:
    for ind, _, _ in report.indicators():
        if ind.utfall is None or ind.utfall.value is None or ind.location.row is None:
            continue
        col = _col(ind, "utfall")
        if col is None:
            continue
        row = ind.location.row
        loc = ind.kommentar_location
        raw = ind.utfall.raw
        yield "empty_outcome", f"{ind.name[:40]} tömd", _set_cell(ind.location.block, row, col, "", was=raw)
        if loc is not None and loc.row is not None and loc.col is not None:

            def explained(
                doc: Any,
                b: int = ind.location.block,
                r: int = row,
                c: int = col,
                cl: Any = loc,
                was: str = raw,
            ) -> None:
                _set_cell(b, r, c, "", was=was)(doc)
                _append_to_cell(cl.block, cl.row, cl.col, " Frågan har inte ställts i år.")(doc)

            yield "explained_empty", f"{ind.name[:40]} tömd, förklarad", explained


def _table_plants(report: Report) -> Iterator[Plant]:
    facts = ReportFacts(report)
    rows = facts.complaints
    sender = next(
        (r for r in rows if r.group.lower().startswith("från vem") and r.count and r.total_location), None
    )
    if sender is not None and sender.total_location is not None:
        loc = sender.total_location
        assert loc.row is not None and loc.col is not None
        new = format_sv(sender.count + 2, 0)
        periods = [(h, v, pl) for h, v, pl in sender.periods if v is not None]

        def more(doc: Any, loc: Any = loc, periods: Any = periods, new: str = new) -> None:
            _set_cell(loc.block, loc.row, loc.col, new)(doc)
            if periods:
                pl = periods[0][2]
                _set_cell(pl.block, pl.row, pl.col, format_sv((periods[0][1] or 0) + 2, 0))(doc)

        yield "complaint_total", f"{sender.category} +2", more
        if periods:
            pl = periods[0][2]
            yield (
                "complaint_part",
                f"{sender.category}: period över totalen",
                _set_cell(pl.block, pl.row, pl.col, format_sv(sender.count + 3, 0)),
            )
    lex = next((r for r in rows if "lex sarah" in r.group.lower() and r.count and r.assessment), None)
    if lex is not None:
        table = lex.location
        col = len(lex.table.rows[0]) - 1
        assert table.row is not None
        yield "lex_sarah", "bedömningen tömd", _set_cell(table.block, table.row, col, "")
    by_name = {i.name.strip(): i for i, _, _ in report.indicators()}
    for name, ind in by_name.items():
        whole = by_name.get(name.split(" dag ")[0]) if " dag " in name else None
        if whole is None or whole.utfall is None or whole.utfall.value is None or ind.location.row is None:
            continue
        col = _col(ind, "utfall")
        if col is not None:
            yield (
                "part_row",
                f"{name} över {whole.name}",
                _set_cell(
                    ind.location.block,
                    ind.location.row,
                    col,
                    _pct(whole.utfall.value + 2),
                    was=ind.utfall.raw if ind.utfall is not None else "",
                ),
            )
