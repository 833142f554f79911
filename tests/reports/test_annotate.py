"""Annotated .docx copies: real Word comments, anchored where each finding's location points, the
original untouched, written atomically."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
from pathlib import Path

import docx
import pytest

from vbassist.model import Location
from vbassist.reports import comment_text
from vbassist.reports.annotate import annotate_docx, annotate_file, annotated_path

from .anchors import read_anchors, read_comments
from .conftest import FAMILJEHEM, STATUS_PLACE, UTFALL_PLACE, make_finding


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    target = tmp_path / "in" / FAMILJEHEM.name
    target.parent.mkdir()
    shutil.copy(FAMILJEHEM, target)
    return target


def _body(data: bytes) -> list:
    return list(docx.Document(io.BytesIO(data)).iter_inner_content())


def test_comments_sit_on_paragraph_cell_span_and_goal(sample: Path) -> None:
    data = sample.read_bytes()
    items = _body(data)
    status_block = next(i for i, x in enumerate(items) if getattr(x, "text", "") == "◆ Uppfylls delvis")
    table_block = next(
        i for i, x in enumerate(items) if not hasattr(x, "text") and x.rows[0].cells[0].text == "Indikator"
    )
    analys_block = next(
        i for i, x in enumerate(items) if getattr(x, "text", "").startswith("Det är fortfarande brist")
    )
    goal = "Barn och ungdomar som bor i familjehem erhåller samordnade insatser."
    goal_block = next(i for i, x in enumerate(items) if getattr(x, "text", "") == f"Enhetsmål: {goal}")
    cell_text = items[table_block].cell(1, 1).text
    row_first = items[table_block].cell(1, 0).text
    findings = [
        make_finding(1, location=Location(block=status_block)),
        make_finding(2, location=Location(block=table_block, row=1, col=1)),
        make_finding(3, location=Location(block=analys_block, start=7, end=25)),
        make_finding(4, location=None, evidence=[], goal=goal),
        make_finding(5, location=Location(block=table_block, row=1)),
    ]
    result = annotate_docx(data, findings)
    assert (result.placed, result.fallback) == (4, 1)
    comments = read_comments(result.data)
    anchors = read_anchors(result.data)
    assert len(comments) == len(anchors) == 5
    by_text = {c["text"]: cid for cid, c in comments.items()}
    expected = [
        (status_block, "◆ Uppfylls delvis"),
        (table_block, cell_text),
        (analys_block, "Det är fortfarande brist"[7:25]),
        (goal_block, f"Enhetsmål: {goal}"),
        (table_block, None),
    ]
    for finding, (block, text) in zip(findings, expected, strict=True):
        cid = by_text[comment_text(finding)]
        assert comments[cid]["author"] == "vbassist" and comments[cid]["initials"] == "VB"
        start, end, anchored = anchors[cid]
        assert (start, end) == (block, block)
        if text is not None:
            assert anchored == text.strip()
        else:  # a whole row: from its first cell to its last
            assert anchored.startswith(row_first.strip()) and anchored.endswith(
                items[table_block].rows[1].cells[-1].text.strip()
            )
    # the paragraph whose span was cut still reads the same
    assert _body(result.data)[analys_block].text == items[analys_block].text


def test_comment_text_carries_message_evidence_and_suggestion() -> None:
    text = comment_text(make_finding(1))
    lines = text.split("\n")
    assert lines[0].startswith("[Fel] Status ”Uppfylls helt”")
    assert f"Plats: {STATUS_PLACE.text}" in lines
    assert f"• Periodens utfall: 81\u00a0% ({UTFALL_PLACE.text})" in lines
    assert lines[-2].startswith("Förslag: Ändra status") and lines[-1] == "(VB-STATUS-001)"


def test_bad_locations_fall_back_instead_of_failing(sample: Path) -> None:
    findings = [
        make_finding(1, location=Location(block=10_000), evidence=[], goal=None),
        make_finding(
            2, location=Location(block=0, row=3, col=2), evidence=[], goal=None
        ),  # block 0 is a paragraph
        make_finding(
            3, location=Location(block=5, line=12), evidence=[], goal=None
        ),  # a text-format location
    ]
    result = annotate_docx(sample.read_bytes(), findings)
    assert (result.placed, result.fallback) == (0, 3)
    anchors = read_anchors(result.data)
    assert {a[0] for a in anchors.values()} == {0}  # the first paragraph with text


def test_original_untouched_and_copy_written_atomically(sample: Path, tmp_path: Path) -> None:
    before = hashlib.sha256(sample.read_bytes()).hexdigest()
    out_dir = tmp_path / "granskade"
    target = annotate_file(sample, [make_finding(1, location=Location(block=48))], out_dir)
    assert hashlib.sha256(sample.read_bytes()).hexdigest() == before
    assert target == out_dir / sample.name
    assert [p.name for p in out_dir.iterdir()] == [sample.name]  # no temp file left behind
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask  # shareable like any file the user writes
    assert len(read_comments(target.read_bytes())) == 1
    # annotating into the original's own folder never overwrites the original
    same = annotate_file(sample, [], sample.parent)
    assert same.name == f"{sample.stem}.granskad.docx"
    assert hashlib.sha256(sample.read_bytes()).hexdigest() == before


def test_annotated_paths_do_not_collide(tmp_path: Path) -> None:
    taken: set[Path] = set()
    a = annotated_path(tmp_path / "a" / "vb.docx", tmp_path / "out", taken)
    b = annotated_path(tmp_path / "b" / "vb.docx", tmp_path / "out", taken)
    assert a.name == "vb.docx" and b.name == "vb-2.docx"


def test_text_xml_forbids_does_not_break_the_copy(sample: Path) -> None:
    finding = make_finding(1, message="Rad ett\x0brad två\x01", location=Location(block=48))
    result = annotate_docx(sample.read_bytes(), [finding])
    (comment,) = read_comments(result.data).values()
    assert comment["text"].startswith("[Fel] Rad ett rad två ")


def test_a_draft_with_comments_keeps_them_and_gets_new_ids(sample: Path) -> None:
    """A reviewer's own comments stay; vbassist's are added after them with ids of their own."""
    first = annotate_docx(sample.read_bytes(), [make_finding(1, location=Location(block=48))])
    second = annotate_docx(first.data, [make_finding(2, location=Location(block=48)), make_finding(3)])
    comments = read_comments(second.data)
    assert sorted(comments) == ["0", "1", "2"]
    assert [c["text"].split("\n")[0][-3:] for c in comments.values()] == ["(1)", "(2)", "(3)"]
    anchors = read_anchors(second.data)
    assert {a[0] for a in anchors.values()} == {48}
    assert docx.Document(io.BytesIO(second.data)).paragraphs  # python-docx still opens the copy
