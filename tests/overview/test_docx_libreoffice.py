"""The Word summary: read back with python-docx (a heading, a chart, a table and the units' quoted
assessments per nämndmål, a marked gap where a person concludes, every number a count of goals or
inside a quote or title from the reports), then opened in LibreOffice and exported to PDF; its pages
are rendered to PNG in test-output/overview/ for a look by eye."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import docx
import pypdf
import pytest

from vbassist.overview import Overview, render_overview
from vbassist.overview.chart import describe
from vbassist.parsing.legacy import run_soffice

from .conftest import OUTPUT

pytestmark = pytest.mark.slow
_QUOTED = re.compile(r"”[^”]*”")


def _paragraph_texts(document: docx.document.Document) -> list[str]:
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return texts


def test_summary_structure_and_numbers(samples_overview: Overview) -> None:
    document = docx.Document(io.BytesIO(render_overview(samples_overview, ".docx")))
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    # the nämndmål, then the list of reports not counted (the .pdf beside its .docx)
    assert headings == [*(g.heading for g in samples_overview.namndmal), "Rapporter som inte räknas"]
    titles = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Title"]
    assert titles == ["Måluppfyllelse Hägersten-Älvsjö VB 2025", "Måluppfyllelse Kungsholmen VB 2024"]
    # one chart per nämndmål, its alt text the counts it shows
    pictures = document.inline_shapes
    assert len(pictures) == len(samples_overview.namndmal)
    for shape, group in zip(pictures, samples_overview.namndmal, strict=True):
        assert shape._inline.docPr.get("descr") == describe(group.counts)
    # one table per nämndmål: a header and a row per enhetsmål
    assert [len(t.rows) for t in document.tables] == [1 + g.goals for g in samples_overview.namndmal]
    text = "\n".join(_paragraph_texts(document))
    assert text.count("[Skriv slutsatsen för nämndmålet") == len(samples_overview.namndmal)
    assert text.count("[Skriv den sammanfattande bedömningen för") == len(samples_overview.sections())
    for row in samples_overview.goals:
        if row.goal.assessment is not None:
            assert f"”{row.goal.assessment}” ({row.report.unit}, {row.report.label}" in text
        else:  # said once per unit and nämndmål, naming every goal without an assessment
            (line,) = [
                t
                for t in text.splitlines()
                if t.startswith(
                    f"{row.report.unit} ({row.report.label}) anger ingen bedömning i analysen av "
                )
                and f"”{row.goal.enhetsmal}”" in t
            ][:1]
            assert line.endswith(".")
    # "Every number in it is a count of goals or a figure from the reports": outside quotes, report
    # labels, file names and the goals' own titles only counts of this overview remain
    unassessed = Counter(
        (row.report.unit, row.namndmal_group) for row in samples_overview.goals if row.goal.assessment is None
    )
    counts = (
        {len(samples_overview.reports)}
        | {n for g in samples_overview.namndmal for n in (g.goals, g.units, *g.counts.values())}
        | set(unassessed.values())
    )
    names = sorted(
        {g.heading for g in samples_overview.namndmal}
        | {r.goal.enhetsmal for r in samples_overview.goals}
        | {r.report.label for r in samples_overview.goals}
        | {s for o in samples_overview.left_out for s in (o.source, Path(o.source).name, o.reason)},
        key=len,
        reverse=True,
    )
    for paragraph in _paragraph_texts(document):
        rest = _QUOTED.sub("", paragraph)
        for name in names:
            rest = rest.replace(name, "")
        for number in re.findall(r"\d+", rest):
            assert int(number) in counts, (number, paragraph)


def test_summary_opens_in_libreoffice(samples_overview: Overview, tmp_path: Path) -> None:
    source = tmp_path / "sammanstallning.docx"
    source.write_bytes(render_overview(samples_overview, ".docx"))
    try:
        run_soffice([source], "pdf", tmp_path / "pdf", timeout_s=300)  # the one soffice runner
    except FileNotFoundError:
        pytest.fail("LibreOffice saknas: scripts/setup.sh installerar det")
    pdf = tmp_path / "pdf" / "sammanstallning.pdf"
    reader = pypdf.PdfReader(pdf)
    text = "\n".join(page.extract_text() for page in reader.pages)
    squashed = re.sub(r"\s+", " ", text)
    assert "Måluppfyllelse Hägersten-Älvsjö VB 2025" in squashed
    for group in samples_overview.namndmal:
        assert group.title[:40] in squashed
    assert squashed.count("[Skriv slutsatsen för nämndmålet") == len(samples_overview.namndmal)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for old in OUTPUT.glob("sammanstallning-*.png"):
        old.unlink()
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.fail("pdftoppm saknas (poppler-utils): scripts/setup.sh installerar det")
    subprocess.run(
        [pdftoppm, "-r", "70", "-png", "-f", "1", "-l", "3", str(pdf), str(OUTPUT / "sammanstallning")],
        check=True,
        timeout=120,
    )
    assert len(list(OUTPUT.glob("sammanstallning-*.png"))) == 3
