"""Open an annotated draft in LibreOffice (headless PDF export with comments) and check that every
comment is there with its text and sits at the end of the text it is anchored to; the pages are
rendered to PNG in test-output/ for a look by eye."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pypdf
import pytest
from libreoffice import convert, require

from vbassist.batch import check_documents
from vbassist.model import Location, TableBlock
from vbassist.parsing import read_blocks
from vbassist.reports import comment_text
from vbassist.reports.annotate import annotate_file
from vbassist.settings import Settings

from .anchors import read_anchored_texts, read_anchors, read_comments
from .conftest import FAMILJEHEM, make_finding

pytestmark = pytest.mark.slow
OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "annotate"
EXPORT = (
    'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"},'
    '"ExportNotesInMargin":{"type":"boolean","value":"true"}}'
)


def _to_pdf(docx_path: Path, tmp: Path) -> Path:
    return convert([docx_path], EXPORT, tmp / "pdf")[0]


def _words(pdf: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    """(xMin, yMin, xMax, yMax, word) on a 0-based page, y from the top, as pdftotext reports them."""
    tool = require(shutil.which("pdftotext"), "pdftotext (poppler-utils)")
    xml = subprocess.run(
        [tool, "-f", str(page + 1), "-l", str(page + 1), "-bbox", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(pattern, xml)]


def _annotations(pdf: Path) -> list[tuple[str, tuple[int, list[float], float]]]:
    """(comment text, (page, rect, page height)) for every comment LibreOffice exported."""
    out = []
    for n, page in enumerate(pypdf.PdfReader(pdf).pages):
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/Subtype") == "/Text":
                assert "vbassist" in str(annot.get("/T"))
                text = str(annot.get("/Contents")).replace("\r", "\n")
                out.append((text, (n, [float(v) for v in annot["/Rect"]], float(page.mediabox.height))))
    return out


def _assert_at_end_of(pdf: Path, where: tuple[int, list[float], float], anchored: str) -> None:
    """The comment mark sits on the line and at the horizontal end of the anchored text's last word."""
    n, (x0, y0, _x1, y1), height = where
    last = anchored.split()[-1]
    top, bottom = height - y1, height - y0  # PDF y grows upwards, pdftotext's downwards
    near = [
        w
        for w in _words(pdf, n)
        if (last.endswith(w[4]) or w[4].startswith(last) or w[4] == last)
        and w[0] - 1 <= x0 <= w[2] + 4
        and w[1] - 3 < bottom
        and top < w[3] + 3
    ]
    assert near, f"comment not at the end of {anchored!r} on page {n + 1}"


def test_libreoffice_shows_each_comment_where_it_belongs(tmp_path: Path) -> None:
    items = list(docx.Document(str(FAMILJEHEM)).iter_inner_content())
    status = next(i for i, x in enumerate(items) if getattr(x, "text", "") == "◆ Uppfylls delvis")
    table = next(
        i for i, x in enumerate(items) if not hasattr(x, "text") and x.rows[0].cells[0].text == "Indikator"
    )
    analys = next(
        i for i, x in enumerate(items) if getattr(x, "text", "").startswith("Det är fortfarande brist")
    )
    findings = [
        make_finding(1, location=Location(block=status)),
        make_finding(2, "warning", location=Location(block=table, row=1, col=1)),
        make_finding(
            3, "info", location=Location(block=analys, start=0, end=len("Det är fortfarande brist"))
        ),
    ]
    annotated = annotate_file(FAMILJEHEM, findings, tmp_path / "granskade")

    # the anchors in the docx XML: each range inside its target block, around the expected text
    comments = read_comments(annotated.read_bytes())
    anchors = read_anchors(annotated.read_bytes())
    expected = {
        comment_text(f): (f.location.block, text)
        for f, text in zip(findings, ["◆ Uppfylls delvis", "24,2 %", "Det är fortfarande brist"], strict=True)
    }
    for cid, comment in comments.items():
        block, text = expected[comment["text"]]
        assert anchors[cid] == (block, block, text)

    # the same comments in LibreOffice's rendering
    pdf = _to_pdf(annotated, tmp_path)
    found = dict(_annotations(pdf))
    assert set(found) == set(expected), "every comment exported, no other"

    for text_of_comment, (_block, anchored) in expected.items():
        n, (x0, y0, _x1, y1), height = found[text_of_comment]
        last_word = anchored.split()[-1]
        top, bottom = height - y1, height - y0  # PDF y grows upwards, pdftotext's downwards
        near = [
            w
            for w in _words(pdf, n)
            if w[4] == last_word and abs(w[2] - x0) < 4 and w[1] - 3 < bottom and top < w[3] + 3
        ]
        assert near, f"comment not at the end of {anchored!r} on page {n + 1}"

    _render(pdf, {v[0] for v in found.values()}, "handmade")


def _render(pdf: Path, pages: set[int], prefix: str) -> None:
    """Pages with comments as PNG in test-output/annotate/, to look at by eye."""
    pdftoppm = require(shutil.which("pdftoppm"), "pdftoppm (poppler-utils)")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for page in sorted(pages):
        target = OUTPUT / f"{prefix}-{FAMILJEHEM.stem}-p{page + 1}"
        args = ["-f", str(page + 1), "-l", str(page + 1), "-r", "80", "-png", "-singlefile"]
        subprocess.run([pdftoppm, *args, str(pdf), str(target)], check=True, capture_output=True, timeout=60)
        assert target.with_suffix(".png").is_file()


def _assert_shown_where_anchored(
    annotated: Path,
    comments: dict[str, dict[str, str]],
    expected_text: dict[str, str],
    tmp: Path,
    prefix: str,
) -> None:
    """LibreOffice exports every comment and no other, each at the end of the text it is anchored to;
    the pages are rendered for a look by eye."""
    pdf = _to_pdf(annotated, tmp)
    exported = _annotations(pdf)
    assert sorted(t for t, _ in exported) == sorted(c["text"] for c in comments.values())
    for text, where in exported:
        if text in expected_text:
            _assert_at_end_of(pdf, where, expected_text[text])
    _render(pdf, {where[0] for _, where in exported}, prefix)


def test_real_findings_are_anchored_where_their_locations_point(tmp_path: Path) -> None:
    (doc,) = check_documents([FAMILJEHEM], settings=Settings(), jobs=1, use_corpus=False).documents
    findings = [f for f in doc.findings if f.location is not None]
    assert findings, "the sample draft has known inconsistencies"
    blocks = read_blocks(FAMILJEHEM).blocks
    annotated = annotate_file(FAMILJEHEM, doc.findings, tmp_path / "granskade")
    comments = read_comments(annotated.read_bytes())
    anchors = read_anchors(annotated.read_bytes())
    assert len(comments) == len(doc.findings)
    by_text: dict[str, list[str]] = {}
    for cid, c in comments.items():
        by_text.setdefault(c["text"], []).append(cid)

    expected_text: dict[str, str] = {}
    for f in findings:
        loc = f.location
        block = blocks[loc.block]
        if isinstance(block, TableBlock):
            cell = block.rows[loc.row if loc.row is not None else 0][loc.col if loc.col is not None else 0]
            want = cell if loc.start is None else cell[loc.start : loc.end]
        else:
            want = block.text if loc.start is None else block.text[loc.start : loc.end]
        cids = by_text[comment_text(f)]
        assert any(anchors[c][:2] == (loc.block, loc.block) for c in cids), f.id
        if loc.col is not None or not isinstance(block, TableBlock):
            assert any(anchors[c][2] == want.strip() for c in cids), (f.id, want)
            expected_text[comment_text(f)] = want.strip()

    _assert_shown_where_anchored(annotated, comments, expected_text, tmp_path, "real")


def test_comments_on_a_rewritten_draft_land_on_the_text_their_findings_quote(tmp_path: Path) -> None:
    """The sample rewritten with every Word construct (content controls and custom XML at each level,
    layout tables, line breaks, hidden text, symbol fonts, text boxes): each comment covers the text the
    reader's block, line or cell holds, and LibreOffice shows it at the end of that text."""
    from parsing.docx_variants import ALL, rewrite

    draft = tmp_path / "in" / FAMILJEHEM.name
    draft.parent.mkdir()
    draft.write_bytes(rewrite(FAMILJEHEM, ALL))
    (doc,) = check_documents([draft], settings=Settings(), jobs=1, use_corpus=False).documents
    findings = [f for f in doc.findings if f.location is not None]
    assert len(findings) >= 5, "the sample draft has known inconsistencies"
    blocks = read_blocks(draft).blocks
    annotated = annotate_file(draft, doc.findings, tmp_path / "granskade")
    comments = read_comments(annotated.read_bytes())
    anchored = read_anchored_texts(annotated.read_bytes())
    assert len(comments) == len(doc.findings)

    expected_text: dict[str, str] = {}
    for f in findings:
        loc = f.location
        block = blocks[loc.block]
        if isinstance(block, TableBlock):
            row = block.rows[loc.row if loc.row is not None else 0]
            if loc.col is None:
                continue  # a whole row: its cells in order
            want = row[loc.col] if loc.start is None else row[loc.col][loc.start : loc.end]
        else:
            want = block.text if loc.start is None else block.text[loc.start : loc.end]
        cids = [cid for cid, c in comments.items() if c["text"] == comment_text(f)]
        assert any(" ".join(anchored[c].split()) == " ".join(want.split()) for c in cids), (f.id, want)
        expected_text[comment_text(f)] = want.strip()
    assert len(expected_text) >= 5

    _assert_shown_where_anchored(annotated, comments, expected_text, tmp_path, "rewritten")
