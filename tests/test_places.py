"""Readable places (issue 14 item 1) and the weak-link reason (item 5), on the real sample drafts: every
finding names the headings a Word user sees and quotes the text there, cut at a word boundary; evidence
from the unit's plan is placed in the plan; a finding downgraded for a weak indicator link says so."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vbassist.checks import CheckContext, run_checks
from vbassist.cli import app
from vbassist.model import Finding, Location, Report
from vbassist.parsing import parse_file
from vbassist.places import PlaceIndex, quote_of
from vbassist.sv import shorten

DATA = Path(__file__).resolve().parent / "data"
FAMILJEHEM = DATA / "vb2025_hagersten-alvsjo_familjehemsenheten.docx"
FAMILJEENHETEN = DATA / "vb2024_kungsholmen_familjeenheten.docx"
SAMPLES = [*sorted(DATA.glob("*.docx")), DATA / "vb2025_hagersten-alvsjo_familjehemsenheten.pdf"]


@pytest.fixture(scope="module")
def checked() -> list[tuple[Report, list[Finding]]]:
    out = []
    for path in SAMPLES:
        for report in parse_file(path):
            out.append((report, run_checks(report, CheckContext())))
    return out


def _by_rule(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def _assert_cut_at_a_word(quote: str, source: str) -> None:
    """The quote is the source's own words, and where it was cut the source has a word boundary."""
    text = re.sub(r"\s+", " ", source).strip()
    inner = quote.removeprefix("…").removesuffix("…")
    at = text.find(inner)
    assert at >= 0, (quote, text)
    if quote.endswith("…"):
        after = text[at + len(inner) : at + len(inner) + 1]
        assert after in (" ", ",", ";", ":", "–", "-"), (quote, text)
    if quote.startswith("…"):
        assert at > 0 and text[at - 1] == " ", (quote, text)


def test_every_finding_on_the_samples_has_a_readable_place(
    checked: list[tuple[Report, list[Finding]]],
) -> None:
    n = 0
    for report, findings in checked:
        index = PlaceIndex(report)
        for f in findings:
            assert f.location is not None
            place = f.place
            assert place is not None and place.path, f
            assert place.part, f  # the structure knows where under the heading
            assert not re.search(r"\bblock\b|tecken \d", place.text)
            if place.quote:
                _assert_cut_at_a_word(place.quote, index.text_at(f.location) or "")
                assert len(place.quote) <= 120
            for e in f.evidence:
                assert e.location is None or e.place is not None, (f.rule, e)
            n += 1
    assert n >= 20  # the samples have findings to place


def test_places_name_the_headings_table_row_and_column(checked: list[tuple[Report, list[Finding]]]) -> None:
    _report, findings = next((r, f) for r, f in checked if r.source == str(FAMILJEHEM))
    # budget: the table and row, never "Mål: Totalt"
    (budget,) = _by_rule(findings, "VB-BUDGET-002")
    assert budget.place is not None
    assert budget.place.path[0] == "Uppföljning av ekonomi"
    assert budget.place.part == 'Totalt, rad "Summa intäkter", kolumn Avvikelse'
    assert budget.place.quote == "-2 392"
    # a number in the analysis: the goal's headings, the paragraph and the sentence
    (text,) = _by_rule(findings, "VB-TEXT-001")
    assert text.place is not None
    assert text.place.path[-1] == "Enhetsmål: Enheten köper i ökad utsträckning in ekologiska livsmedel."
    assert text.place.path[-2].startswith("Nämndmål: Stadsdelsnämndens verksamheter bidrar")
    assert text.place.path[0].startswith("KF:s mål för verksamhetsområdet: 2.2 Stockholm ska vara")
    assert text.place.part == "Analys, stycke 1"
    assert text.place.quote == "45% av alla inköp är ekologiska."
    assert text.place.text.startswith("KF-mål 2.2 ") and text.place.text.endswith(" › Analys, stycke 1")
    # the other side of it: the indicator row and column under the KF goal
    table = text.evidence[1].place
    assert table is not None and table.path == text.place.path[:1]
    assert (
        table.part
        == 'indikatortabellen, rad "Andel inköpta ekologiska livsmedel i kronor", kolumn Periodens utfall'
    )
    assert table.quote == "48,84 %"
    # a span inside a bullet of Förväntat resultat: the bullet, quoted around the span
    (target,) = _by_rule(findings, "VB-TARGET-001")
    bullet = target.evidence[1].place
    assert bullet is not None and bullet.part == "Förväntat resultat, punkt 1"
    assert bullet.quote is not None and "minst 75 procent" in bullet.quote
    assert target.place is not None and target.place.part == "status"
    # a sentence in a section outside the goal tree
    period = _by_rule(findings, "VB-PERIOD-003")[0]
    assert period.place is not None and period.place.path == ["Sammanfattande analys"]
    assert period.place.quote is not None and period.place.quote.startswith("Under tertialet har")


def test_evidence_from_the_plan_is_placed_in_the_plan() -> None:
    (vb,) = parse_file(FAMILJEHEM)
    (vp,) = parse_file(FAMILJEHEM)
    vp = vp.model_copy(update={"kind": "VP", "source": "plan/vp2025_familjehemsenheten.docx"})
    sick = next(i for i, _, _ in vp.indicators() if i.name.strip() == "Sjukfrånvaro")
    assert sick.arsmal is not None
    sick.arsmal = sick.arsmal.model_copy(update={"raw": "9 %", "value": 9.0})
    sick.cells[sick.header.index("Årsmål")] = "9 %"  # the plan's table says so too
    (plan,) = _by_rule(run_checks(vb, CheckContext(related=[vp])), "VB-PLAN-001")
    mine, theirs = (e.place for e in plan.evidence)
    assert mine is not None and mine.source is None and mine.quote != "9 %"
    assert theirs is not None and theirs.source == "plan/vp2025_familjehemsenheten.docx"
    assert theirs.quote == "9 %" and theirs.text.startswith(
        "VP 2025 (vp2025_familjehemsenheten.docx) › KF-mål 3.4"
    )
    assert theirs.part == mine.part  # the same row and column, in the other document


def test_a_location_the_structure_does_not_know_gets_the_heading_above_it() -> None:
    (report,) = parse_file(FAMILJEHEM)
    index = PlaceIndex(report)
    nowhere = index.place(Location(block=34))  # the empty paragraph after the KF goal's table
    assert nowhere is not None and nowhere.part is None and nowhere.quote is None
    assert nowhere.path[-1].startswith("KF:s mål för verksamhetsområdet: 1.3")
    assert index.place(None) is None
    assert index.place(Location(block=3)) is None  # before any heading: nothing to say


def test_quotes_are_cut_at_word_boundaries() -> None:
    text = "Enheten har under året arbetat vidare med rutinerna. Under tertialet har flera medarbetare gått kurser i motiverande samtal. De fortsätter."
    assert shorten(text, 40) == "Enheten har under året arbetat vidare…"
    assert shorten("kort text", 40) == "kort text"
    # the span and its sentence, not the sentence before
    start = text.index("Under tertialet")
    assert quote_of(text, start, start + len("Under tertialet")) == (
        "…Under tertialet har flera medarbetare gått kurser i motiverande samtal."
    )
    # the first sentence when it is whole within the limit
    assert quote_of(text) == "Enheten har under året arbetat vidare med rutinerna."
    long = "ord " * 60
    assert quote_of(long).endswith("ord…") and len(quote_of(long)) <= 92


def test_a_weak_link_says_why_the_finding_is_only_a_warning() -> None:
    runner = CliRunner()
    result = runner.invoke(
        app, ["check", str(FAMILJEENHETEN), "--format", "json", "--no-corpus", "--jobs", "1"]
    )
    data = json.loads(result.stdout)
    findings = data["documents"][0]["findings"]
    status = [f for f in findings if f["rule"] == "VB-STATUS-001"]
    weak = [f for f in status if f["severity"] == "warning"]
    strong = [f for f in status if f["severity"] == "error"]
    assert weak and strong  # the same rule, both ways, in one report
    for f in weak:
        assert f["confidence"] is not None and f["confidence"] < 0.75
        assert "svag koppling mellan indikator och mål" in f["severity_reason"]
    for f in strong:
        assert f["confidence"] >= 0.75 and f["severity_reason"] is None
    # a warning by its rule is not "downgraded"
    assert all(f["severity_reason"] is None for f in findings if f["rule"] == "VB-PERIOD-003")
    text = runner.invoke(app, ["check", str(FAMILJEENHETEN), "--no-corpus", "--jobs", "1"]).stdout
    assert text.count("svag koppling mellan indikator och mål") == len(weak)
    assert "block" not in text and "Plats: KF-mål 1.3" in text
