"""Planted errors in real Word samples: copy a sample, change a status, a number or a sentence with
python-docx, parse it with the real parser and check that the rule flags it, at the right place,
while the untouched sample does not carry that finding. Near misses (fixing a real error, a rounding
change) must make a finding disappear, not appear."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.table import Table
from docx.text.paragraph import Paragraph

from vbassist.checks import CheckContext, run_checks
from vbassist.model import Finding, Report
from vbassist.parsing import parse_file

DATA = Path(__file__).resolve().parent.parent / "data"
FAMILJEHEM = DATA / "vb2025_hagersten-alvsjo_familjehemsenheten.docx"
VUXEN = DATA / "vb2024_kungsholmen_vuxenenheten.docx"

Edit = Callable[[DocxDocument], int | None]  # returns the body index of the edited block, if known


def _plain(text: str) -> str:
    """A message with its no-break spaces (numbers kept on one line) as plain spaces, to search in."""
    return text.replace("\u00a0", " ")


def _body(doc: DocxDocument) -> list[Paragraph | Table]:
    """Paragraphs and tables in body order: the numbering of `Location.block`."""
    return list(doc.iter_inner_content())


def _set_text(par: Paragraph, text: str) -> None:
    runs = par.runs
    runs[0].text = text
    for run in runs[1:]:
        run.text = ""


def _paragraph(doc: DocxDocument, starts: str, after: str | None = None) -> tuple[int, Paragraph]:
    """The first paragraph starting with `starts` (after the paragraph starting with `after`)."""
    seen_anchor = after is None
    for i, block in enumerate(_body(doc)):
        if isinstance(block, Paragraph):
            if not seen_anchor and block.text.strip().startswith(after or ""):
                seen_anchor = True
                continue
            if seen_anchor and block.text.strip().startswith(starts):
                return i, block
    raise AssertionError(f"no paragraph starting {starts!r}")


def _append_to(starts: str, text: str) -> Edit:
    """The edit adding `text` at the end of the paragraph that starts with `starts`."""

    def edit(doc: DocxDocument) -> int:
        i, par = _paragraph(doc, starts)
        par.add_run(text)
        return i

    return edit


def _table_cell(doc: DocxDocument, row_label: str, col: int, nth: int = 0) -> tuple[int, int, Paragraph]:
    found = 0
    for i, block in enumerate(_body(doc)):
        if isinstance(block, Table):
            for r, row in enumerate(block.rows):
                if row.cells[0].text.strip().startswith(row_label):
                    if found == nth:
                        return i, r, row.cells[col].paragraphs[0]
                    found += 1
    raise AssertionError(f"no row {row_label!r}")


def _plant(tmp_path: Path, source: Path, edit: Edit) -> tuple[list[Finding], int | None]:
    path = tmp_path / source.name
    shutil.copy(source, path)
    doc = docx.Document(str(path))
    block = edit(doc)
    doc.save(str(path))
    return _check(path), block


def _check(path: Path) -> list[Finding]:
    reports: list[Report] = parse_file(path)
    assert len(reports) == 1
    return run_checks(reports[0], CheckContext())


@pytest.fixture(scope="module")
def baseline() -> dict[str, Counter[str]]:
    return {p.name: _rules(_check(p)) for p in (FAMILJEHEM, VUXEN)}


def _rules(findings: list[Finding]) -> Counter[str]:
    """How many findings each rule flagged (a finding names every rule that flagged its fault)."""
    return Counter(r for f in findings for r in (f.rule, *f.also_rules))


def _new(findings: list[Finding], base: Counter[str], rule_id: str) -> list[Finding]:
    hits = [f for f in findings if rule_id in (f.rule, *f.also_rules)]
    assert len(hits) > base[rule_id], f"{rule_id} not flagged: {[f.message for f in findings]}"
    return hits


# --------------------------------------------------------------------------- status against targets


def test_status_raised_to_helt_flags_missed_target(tmp_path: Path, baseline: dict[str, Counter[str]]) -> None:
    # "AMI förbättras med 20 procent från förra årets resultat": 66 -> 78 is +18 %
    def edit(doc: DocxDocument) -> int:
        i, par = _paragraph(doc, "◆ Uppfylls delvis", after="Enhetsmål: Enheten är en attraktiv arbetsgivare")
        _set_text(par, "● Uppfylls helt")
        return i

    findings, block = _plant(tmp_path, FAMILJEHEM, edit)
    hits = _new(findings, baseline[FAMILJEHEM.name], "VB-TARGET-001")
    hit = next(f for f in hits if "20 procent" in _plain(f.message))
    assert hit.location is not None and hit.location.block == block, "anchored at the status line"
    assert hit.severity == "error" and hit.goal and "attraktiv arbetsgivare" in hit.goal
    assert {e.label for e in hit.evidence} >= {"status", "Förväntat resultat", "Periodens utfall"}


def test_indicator_outcome_lowered_under_helt_status(
    tmp_path: Path, baseline: dict[str, Counter[str]]
) -> None:
    # the table says 73,33 against "minst 75 procent"; raising it to 75,0 must clear the finding
    def edit(doc: DocxDocument) -> None:
        _, _, par = _table_cell(doc, "Andel familjehem placerade barn", 1)
        _set_text(par, "75,00")

    findings, _ = _plant(tmp_path, FAMILJEHEM, edit)
    assert baseline[FAMILJEHEM.name]["VB-TARGET-001"] >= 1
    assert not [f for f in findings if f.rule == "VB-TARGET-001" and "75 procent" in _plain(f.message)]


# --------------------------------------------------------------------------- text, trends, marker


def test_trend_claim_against_table(tmp_path: Path, baseline: dict[str, Counter[str]]) -> None:
    # Sjukfrånvaro 7,9 % against 13,2 % last year: "har ökat" contradicts, polarity makes "förbättrats" right
    edit = _append_to("Enheten är fulltalig", " Sjukfrånvaron har ökat jämfört med föregående år.")
    findings, block = _plant(tmp_path, FAMILJEHEM, edit)
    hit = _new(findings, baseline[FAMILJEHEM.name], "VB-TREND-001")[-1]
    assert hit.location is not None and hit.location.block == block and hit.location.start is not None
    assert "7,9" in hit.message and "13,2" in hit.message

    near_miss = _append_to(
        "Enheten är fulltalig", " Sjukfrånvaron har förbättrats jämfört med föregående år."
    )
    findings, _ = _plant(tmp_path, FAMILJEHEM, near_miss)
    assert _rules(findings)["VB-TREND-001"] == baseline[FAMILJEHEM.name]["VB-TREND-001"]


def test_text_number_against_table_and_its_fix(tmp_path: Path, baseline: dict[str, Counter[str]]) -> None:
    # the sample says "45% av alla inköp är ekologiska" against 48,84 %; "49 %" is the rounded truth
    assert baseline[FAMILJEHEM.name]["VB-TEXT-001"] >= 1

    def fix(doc: DocxDocument) -> None:
        _, par = _paragraph(doc, "45% av alla inköp")
        _set_text(par, par.text.replace("45%", "49 %"))

    findings, _ = _plant(tmp_path, FAMILJEHEM, fix)
    assert _rules(findings)["VB-TEXT-001"] == baseline[FAMILJEHEM.name]["VB-TEXT-001"] - 1


def test_analysis_contradicts_marker(tmp_path: Path, baseline: dict[str, Counter[str]]) -> None:
    # "Flygresor förekommer" is under "● Uppfylls helt"
    edit = _append_to("Flygresor förekommer", " Sammantaget bedöms målet vara delvis uppfyllt.")
    findings, block = _plant(tmp_path, FAMILJEHEM, edit)
    hit = _new(findings, baseline[FAMILJEHEM.name], "VB-MARKER-001")[-1]
    assert hit.location is not None and hit.location.block == block
    assert hit.severity == "error" and "delvis" in hit.message


def test_derived_number(tmp_path: Path, baseline: dict[str, Counter[str]]) -> None:
    edit = _append_to(
        "Enheten har 77 barn placerade",
        " Antalet vårddygn i jourhem har minskat med 310 (från 1 900 till 1 650).",
    )
    findings, block = _plant(tmp_path, FAMILJEHEM, edit)
    hit = _new(findings, baseline[FAMILJEHEM.name], "VB-DERIVED-002")[-1]
    assert hit.location is not None and hit.location.block == block and "250" in hit.message


# --------------------------------------------------------------------------- budget, periods, missing


def test_budget_row_changed(tmp_path: Path, baseline: dict[str, Counter[str]]) -> None:
    # Personalkostnader 17 841 -> 17 941: the Summa row and the row's own Avvikelse no longer fit
    def edit(doc: DocxDocument) -> int:
        i, _, par = _table_cell(doc, "Personalkostnader", 1)
        _set_text(par, "17 941")
        return i

    findings, block = _plant(tmp_path, FAMILJEHEM, edit)
    summed = _new(findings, baseline[FAMILJEHEM.name], "VB-BUDGET-001")
    assert any(f.location and f.location.block == block for f in summed)
    deviation = _new(findings, baseline[FAMILJEHEM.name], "VB-BUDGET-002")
    assert any("Personalkostnader" in f.message for f in deviation)


def test_budget_sign_fixed_is_clean(tmp_path: Path, baseline: dict[str, Counter[str]]) -> None:
    # the sample's Totalt "Summa intäkter" deviation has the wrong sign (-2 392); fixing it clears both rules
    assert baseline[FAMILJEHEM.name]["VB-BUDGET-002"] >= 1 and baseline[FAMILJEHEM.name]["VB-BUDGET-003"] >= 1

    def fix(doc: DocxDocument) -> None:
        _, _, par = _table_cell(doc, "Summa intäkter", 3, nth=3)
        assert par.text.strip() == "-2 392"
        _set_text(par, "2 392")

    findings, _ = _plant(tmp_path, FAMILJEHEM, fix)
    rules = _rules(findings)
    assert rules["VB-BUDGET-002"] == 0 and rules["VB-BUDGET-003"] == 0


def test_period_label_and_missing_analysis(tmp_path: Path, baseline: dict[str, Counter[str]]) -> None:
    def edit(doc: DocxDocument) -> int:
        _, _, par = _table_cell(doc, "Sjukfrånvaro", 7)
        _set_text(par, "VB 2023")
        # empty the analysis of a goal
        i, par2 = _paragraph(doc, "Ledningen är komplett")
        _set_text(par2, "")
        _, par3 = _paragraph(doc, "Ledningen har ändrat strukturen")
        _set_text(par3, "")
        return i

    findings, _ = _plant(tmp_path, FAMILJEHEM, edit)
    _new(findings, baseline[FAMILJEHEM.name], "VB-PERIOD-001")
    missing = _new(findings, baseline[FAMILJEHEM.name], "VB-MISSING-002")
    assert any(f.goal and "nära ledarskap" in f.goal for f in missing)


def test_plan_and_last_year_from_real_reports(tmp_path: Path) -> None:
    # the unit's VP and last year's VB, made from the same real sample: one årsmål and one outcome changed
    (vb,) = parse_file(FAMILJEHEM)
    sick = next(i for i, _, _ in vb.indicators() if i.name.strip() == "Sjukfrånvaro")
    assert sick.arsmal is not None and sick.utfall_forra_aret is not None

    def variant(kind: str, year: int, field: str, raw: str) -> Report:
        (other,) = parse_file(FAMILJEHEM)
        if kind == "VB":
            # last year's VB reported, as its outcome, what this year's report calls "Utfall VB 2024"
            for i, _, _ in other.indicators():
                i.utfall = i.utfall_forra_aret
        ind = next(i for i, _, _ in other.indicators() if i.name.strip() == "Sjukfrånvaro")
        setattr(
            ind,
            field,
            ind.utfall.model_copy(update={"raw": raw, "value": float(raw.split()[0].replace(",", "."))}),
        )
        return other.model_copy(update={"kind": kind, "year": year})

    vp = variant("VP", 2025, "arsmal", "9 %")
    last = variant("VB", 2024, "utfall", "12,6 %")
    findings = run_checks(vb, CheckContext(related=[vp, last]))
    plan = [f for f in findings if f.rule == "VB-PLAN-001"]
    assert (
        len(plan) == 1
        and "Sjukfrånvaro" in plan[0].message
        and plan[0].location == plan[0].evidence[0].location
    )
    prev = [f for f in findings if f.rule == "VB-PLAN-003"]
    assert len(prev) == 1 and "13,2" in prev[0].message and "12,6" in prev[0].message
    # the same reports unchanged: nothing to say
    same_vp = variant("VP", 2025, "arsmal", f"{sick.arsmal.raw}")
    same_last = variant("VB", 2024, "utfall", sick.utfall_forra_aret.raw)
    assert not [
        f for f in run_checks(vb, CheckContext(related=[same_vp, same_last])) if f.rule.startswith("VB-PLAN")
    ]


def test_untouched_samples_have_few_errors(baseline: dict[str, Counter[str]]) -> None:
    # not a hard-coded list: a guard that a rule change does not flood real reports with findings
    for counts in baseline.values():
        assert sum(counts.values()) <= 15


@pytest.mark.parametrize("sample", sorted(DATA.glob("vb*.docx")), ids=lambda p: p.name)
def test_every_finding_points_at_a_real_paragraph_or_cell(sample: Path) -> None:
    # where a Word comment will anchor: the block must exist, a cell must exist, a span must be the words
    doc = docx.Document(str(sample))
    blocks = _body(doc)
    (report,) = parse_file(sample)
    findings = run_checks(report, CheckContext())
    assert findings
    for f in findings:
        for loc in [f.location, *(e.location for e in f.evidence)]:
            if loc is None:
                continue
            block = blocks[loc.block]
            if loc.row is not None:
                assert isinstance(block, Table), f.id
                assert loc.row < len(block.rows), f.id
                if loc.col is not None:
                    assert loc.col < len(block.rows[loc.row].cells), f.id
            else:
                assert isinstance(block, Paragraph), f.id
                if loc.start is not None:
                    assert loc.end is not None and 0 <= loc.start < loc.end <= len(block.text), f.id
    # the number a text finding quotes is the number at its span
    for f in findings:
        if f.rule == "VB-TEXT-001" and f.location and f.location.start is not None:
            text = blocks[f.location.block].text[f.location.start : f.location.end]
            assert any(ch.isdigit() for ch in text) and text.split()[0].rstrip("%") in f.message, f.id
