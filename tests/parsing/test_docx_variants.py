"""The five Word samples rewritten with the constructs real producers write (see `docx_variants`): each
rewritten file must read to the same report as its original (goals, statuses as written, indicator
values, texts, tables, budgets) and check to the same findings, pointing at the same text."""

from __future__ import annotations

import io
import re
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from vbassist.checks import run_checks
from vbassist.model import Block, Document, Location, Report
from vbassist.parsing import read_blocks, read_blocks_bytes
from vbassist.parsing.builder import build_reports

from .docx_variants import ALL, HEADING, VARIANTS, rewrite

DATA = Path(__file__).resolve().parent.parent / "data"
SAMPLES = sorted(DATA.glob("*.docx"))
# what each variant must have put into the document part (more of it than the original has)
MARKERS = {
    "block_sdt": b"<w:sdt>",
    "row_sdt": b"<w:sdt>",
    "cell_sdt": b"<w:sdt>",
    "run_sdt": b"<w:sdt>",
    "custom_xml": b"<w:customXml",
    "layout_tables": b"<w:tbl>",
    "layout_goals": b"<w:tbl>",
    "line_breaks": b"<w:br/>",
    "hidden_text": b"<w:vanish/>",
    "symbols": b"<w:sym ",
    "symbol_font": b'w:ascii="Wingdings"',
    "text_boxes": b"<w:txbxContent>",
    "headings_in_analysis": HEADING.encode(),
}
_LOCATION_KEYS = {"location", "status_location", "kommentar_location", "block_range", "source"}


def without_places(data: Any) -> Any:
    """A model dump without block numbers: the same report read from a differently built body."""
    if isinstance(data, dict):
        return {k: without_places(v) for k, v in data.items() if k not in _LOCATION_KEYS}
    if isinstance(data, list):
        return [without_places(x) for x in data]
    return data


def quote(blocks: list[Block], loc: Location | None) -> str | None:
    """The text a location points at, as a Word user finds it."""
    if loc is None:
        return None
    block = blocks[loc.block]
    if block.kind == "table":
        row = block.rows[loc.row or 0]
        text = row[loc.col] if loc.col is not None else " | ".join(row)
    else:
        text = block.text
    if loc.start is not None:
        text = text[loc.start : loc.end]
    return " ".join(text.split())


def findings(document: Document, reports: list[Report]) -> list[dict[str, Any]]:
    """Every finding of every report, without block numbers but with the text each place quotes."""
    out = []
    for report in reports:
        for f in run_checks(report):
            dump = without_places(f.model_dump(mode="json"))
            dump["at"] = quote(document.blocks, f.location)
            dump["evidence_at"] = [quote(document.blocks, e.location) for e in f.evidence]
            out.append(dump)
    return out


@cache
def original(sample: Path) -> tuple[list[Any], list[dict[str, Any]], bytes]:
    document = read_blocks(sample)
    reports = build_reports(document)
    with zipfile.ZipFile(sample) as z:
        xml = z.read("word/document.xml")
    return [without_places(r.model_dump(mode="json")) for r in reports], findings(document, reports), xml


def read_variant(sample: Path, names: tuple[str, ...]) -> tuple[list[Any], list[dict[str, Any]], bytes]:
    data = rewrite(sample, names)
    document = read_blocks_bytes(data, sample.name)
    reports = build_reports(document)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml")
    return [without_places(r.model_dump(mode="json")) for r in reports], findings(document, reports), xml


def _without_part(data: Any) -> Any:
    """The findings with their places' paragraph number ("Analys, stycke 3") taken out."""
    if isinstance(data, dict):
        return {k: _without_part(v) for k, v in data.items() if k != "part"}
    if isinstance(data, list):
        return [_without_part(x) for x in data]
    if isinstance(data, str):
        return re.sub(r", stycke \d+", "", data)
    return data


def _drop_heading(data: Any) -> tuple[Any, int]:
    """The dump without the inserted heading paragraphs, and how many there were (all in analyses)."""
    dropped = 0

    def walk(node: Any, key: str | None = None) -> Any:
        nonlocal dropped
        if isinstance(node, dict):
            return {k: walk(v, k) for k, v in node.items()}
        if isinstance(node, list):
            kept = []
            for item in node:
                if isinstance(item, dict) and item.get("text") == HEADING:
                    assert key == "analys", f"the heading landed in {key!r}, not in an analysis"
                    dropped += 1
                    continue
                kept.append(walk(item, key))
            return kept
        return node

    return walk(data), dropped


@pytest.mark.parametrize("variant", [*VARIANTS, "all"])
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem.split("_", 2)[-1])
def test_rewritten_sample_reads_and_checks_the_same(sample: Path, variant: str) -> None:
    names = ALL if variant == "all" else (variant,)
    base_reports, base_findings, base_xml = original(sample)
    reports, found, xml = read_variant(sample, names)
    for name in names:  # the rewrite really holds the construct, more of it than the original
        assert xml.count(MARKERS[name]) > base_xml.count(MARKERS[name]), name
    if variant == "headings_in_analysis":
        reports, inserted = _drop_heading(reports)
        assert inserted == xml.count(HEADING.encode()) > 0
        # the heading is a paragraph of its analysis: a finding after it is in the next "stycke"
        found, base_findings = _without_part(found), _without_part(base_findings)
    assert reports == base_reports
    assert found == base_findings
    assert base_findings, "the samples have findings to compare"
