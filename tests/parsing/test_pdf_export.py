"""Every Word sample printed to PDF by LibreOffice reads like the .docx (issue 11): the same goal tree
with the same statuses, the same indicator values and activities, names equal up to whitespace (a
narrow column breaks words where the text layer keeps no trace of the break) and not one goal from the
table of contents. The samples carry a typed contents list; one more file carries the TOC field Word
inserts (wrapped entries, dot leaders on every other entry, numbers right-aligned), built here from a
sample. All are converted in one LibreOffice run per session."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from vbassist.model import Report, Value
from vbassist.parsing import parse_file
from vbassist.parsing.legacy import run_soffice

from .word_toc import with_word_toc

pytestmark = pytest.mark.slow
DATA = Path(__file__).resolve().parents[2] / "tests" / "data"
SAMPLES = sorted(p.name for p in DATA.glob("*.docx"))
WORD_TOC = "vb2024_kungsholmen_vuxenenheten_med_wordtoc.docx"


@pytest.fixture(scope="session")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """docx name -> (the .docx, LibreOffice's PDF of it)."""
    folder = tmp_path_factory.mktemp("pdf_export")
    sources = [Path(shutil.copy(DATA / name, folder / name)) for name in SAMPLES]
    sources.append(with_word_toc(DATA / "vb2024_kungsholmen_vuxenenheten.docx", folder / WORD_TOC))
    run_soffice(sources, "pdf", folder / "pdf", timeout_s=300)
    return {s.name: (s, folder / "pdf" / f"{s.stem}.pdf") for s in sources}


@pytest.fixture(scope="session")
def parsed(exported: dict[str, tuple[Path, Path]]) -> dict[str, tuple[Report, Report]]:
    """docx name -> (its report read from the .docx, read from the PDF); each file parsed once."""
    out = {}
    for name, (docx, pdf) in exported.items():
        (from_docx,) = parse_file(docx)
        (from_pdf,) = parse_file(pdf)
        out[name] = (from_docx, from_pdf)
    return out


def _ws(text: str | None) -> str | None:
    return None if text is None else re.sub(r"\s+", "", text)


def _value(v: Value | None) -> tuple[float | None, str | None] | None:
    return None if v is None else (v.value, _ws(v.raw))


def tree(report: Report) -> list[tuple[object, ...]]:
    return [(g.level, g.number, _ws(g.title), g.status, len(parents)) for g, parents in report.iter_goals()]


def indicators(report: Report) -> list[tuple[object, ...]]:
    fields = ("utfall", "utfall_man", "utfall_kvinnor", "utfall_forra_aret", "arsmal", "kf_arsmal")
    return [
        (_ws(i.name), g.title, *(_value(getattr(i, f)) for f in fields), i.period or i.periodicitet)
        for i, g, _ in report.indicators()
    ]


def activities(report: Report) -> list[tuple[object, ...]]:
    return [
        (g.title, _ws(a.name), a.startdatum, a.slutdatum)
        for g, _ in report.iter_goals()
        for a in g.activities
    ]


@pytest.mark.parametrize("name", [*SAMPLES, WORD_TOC])
def test_pdf_export_reads_like_the_docx(parsed: dict[str, tuple[Report, Report]], name: str) -> None:
    from_docx, from_pdf = parsed[name]
    assert from_pdf.source_format == "pdf"
    assert (from_pdf.kind, from_pdf.year, from_pdf.unit, from_pdf.district) == (
        from_docx.kind,
        from_docx.year,
        from_docx.unit,
        from_docx.district,
    )
    assert len(list(from_pdf.iter_goals())) == len(list(from_docx.iter_goals()))  # no phantom goal
    assert tree(from_pdf) == tree(from_docx)
    assert [g.title for g, _ in from_pdf.iter_goals()] == [
        re.sub(r"\s+", " ", g.title).strip() for g, _ in from_docx.iter_goals()
    ]
    assert indicators(from_pdf) == indicators(from_docx)
    assert activities(from_pdf) == activities(from_docx)


def test_the_word_toc_sample_has_a_toc_that_would_make_goals(exported: dict[str, tuple[Path, Path]]) -> None:
    """The fixture is what it claims: the PDF's contents list holds goal labels that wrap, numbers
    with and without dot leaders, and every body heading is in it."""
    import pdfplumber

    _, pdf = exported[WORD_TOC]
    with pdfplumber.open(pdf) as document:
        first_pages = "\n".join(page.extract_text() or "" for page in document.pages[:2])
    contents = first_pages.split("Innehållsförteckning", 1)[1].split("Sammanfattande analys\n", 2)[-2]
    lines = contents.splitlines()
    assert sum(1 for line in lines if line.startswith("KF:s")) >= 10
    assert any(re.search(r"\.{5,}\s*\d+$", line) for line in lines)  # leader
    assert any(re.search(r"[a-zå]\s\d+$", line) for line in lines)  # no leader
    assert any(line.startswith("KF:s") and not re.search(r"\d+$", line) for line in lines)  # wrapped


def test_a_word_broken_by_a_narrow_column_is_whole_again(parsed: dict[str, tuple[Report, Report]]) -> None:
    """ "Relationsvårdscentrum" stands in the running text of this sample; in the indicator table the
    column cut it into "Relation" / "svårdsc" / "entrum", and the three come back as one word."""
    _, report = parsed["vb2024_kungsholmen_vuxenenheten.docx"]
    names = [i.name for i, _, _ in report.indicators()]
    assert "Antal våldsutsatta som beviljats insats på Relationsvårdscentrum Innerstaden." in names
