"""Annotated copies of .docx drafts: a real Word comment (author "vbassist", initials "VB") for each
finding, anchored at the paragraph, heading or table cell its `Location` points to.

`Location.block` counts the body's paragraphs and tables in order, the way the .docx reader does
(`w:p | w:tbl` children of `w:body`). When the reader's blocks are passed in, the two sequences are
aligned by text first, so a difference in what counts as a block (content controls, a table of
contents) cannot shift a comment onto the wrong paragraph. The original file is never touched: the
copy is written to a temporary file next to the target and renamed into place.
"""

from __future__ import annotations

import copy
import difflib
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from vbassist.model import Block, Finding, Location
from vbassist.outputs import write_atomic
from vbassist.reports import comment_text

AUTHOR = "vbassist"
INITIALS = "VB"


@dataclass
class AnnotationResult:
    data: bytes
    placed: int  # comments anchored where the finding's location points
    fallback: int  # comments placed at the goal heading or the document start instead


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text).strip()


# --------------------------------------------------------------------------- body elements


def _iter_body(element) -> list:  # type: ignore[no-untyped-def]
    """`w:p` and `w:tbl` in body order, inside block content controls too: the reader's order."""
    try:
        from vbassist.parsing.docx_reader import iter_body_items
    except ImportError:  # the reader is the reference; this copy of its walk is only a fallback
        return [c for c in element.iterchildren() if c.tag in (qn("w:p"), qn("w:tbl"))]
    return list(iter_body_items(element))


def _body_items(document) -> list[Paragraph | Table]:  # type: ignore[no-untyped-def]
    body = document._body
    return [
        Paragraph(el, body) if el.tag == qn("w:p") else Table(el, body)
        for el in _iter_body(document.element.body)
    ]


def _grid(table: Table) -> list[list]:  # type: ignore[type-arg]
    """Cell elements on the layout grid, as the reader lays out cell texts: a merged cell in every
    position it covers (vertical merges point at the first cell), rows padded for gridBefore/After."""
    grid: list[list] = []  # type: ignore[type-arg]
    for tr in table._tbl.tr_lst:
        row: list = [None] * tr.grid_before  # type: ignore[type-arg]
        for tc in tr.tc_lst:
            origin = tc
            if tc.vMerge == "continue" and grid:
                col = len(row)
                above = grid[-1]
                origin = above[col] if col < len(above) and above[col] is not None else tc
            row.extend([origin] * max(tc.grid_span, 1))
        row.extend([None] * tr.grid_after)
        grid.append(row)
    return grid


def _tc_paragraphs(tc, parent) -> list[Paragraph]:  # type: ignore[no-untyped-def]
    return [Paragraph(el, parent) for el in _iter_body(tc) if el.tag == qn("w:p")]


def _item_key(item: Paragraph | Table) -> str:
    if isinstance(item, Paragraph):
        return "p:" + _norm(item.text)
    grid = _grid(item)
    first = grid[0] if grid else []
    parent = item
    return "t:" + _norm(
        " ".join("\n".join(p.text for p in _tc_paragraphs(tc, parent)) for tc in first if tc is not None)
    )


def _block_key(block: Block) -> str:
    if block.kind == "paragraph":
        return "p:" + _norm(block.text)
    first = block.rows[0] if block.rows else []
    return "t:" + _norm(" ".join(first))


def _block_map(items: Sequence[Paragraph | Table], blocks: Sequence[Block] | None) -> dict[int, int]:
    """Reader block index -> body item index. Identity when the sequences agree (the normal case);
    otherwise a text alignment, so unmatched reader blocks simply have no anchor."""
    if blocks is None:
        return {i: i for i in range(len(items))}
    ours = [_item_key(x) for x in items]
    theirs = [_block_key(b) for b in blocks]
    if ours == theirs:
        return {i: i for i in range(len(items))}
    mapping: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(a=theirs, b=ours, autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            mapping[blocks[a + k].index] = b + k
    return mapping


# --------------------------------------------------------------------------- runs and spans


def _paragraph_runs(paragraph: Paragraph) -> list[Run]:
    """The paragraph's runs in order, including those inside hyperlinks (their text is part of
    `paragraph.text`, so character offsets count them)."""
    runs: list[Run] = []
    for item in paragraph.iter_inner_content():
        if isinstance(item, Run):
            runs.append(item)
        else:
            runs.extend(item.runs)
    return runs


def _splittable(run: Run) -> bool:
    # only a plain run (properties + one text element) can be cut at a character without losing content
    children = [c for c in run._r if c.tag != qn("w:rPr")]
    return len(children) == 1 and children[0].tag == qn("w:t")


def _set_text(r_element, text: str) -> None:  # type: ignore[no-untyped-def]
    t = r_element.find(qn("w:t"))
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _split(run: Run, at: int) -> Run:
    """Cut `run` after `at` characters; the original keeps the head, the returned run the tail."""
    text = run.text
    tail = copy.deepcopy(run._r)
    _set_text(run._r, text[:at])
    _set_text(tail, text[at:])
    run._r.addnext(tail)
    return Run(tail, run._parent)


def _runs_for_span(paragraphs: Sequence[Paragraph], start: int | None, end: int | None) -> list[Run]:
    """The runs covering characters [start, end) of the paragraphs' text joined by newlines (a table
    cell's text); the whole text when `start` is None. Runs are cut at the span's edges when plain."""
    if start is None:
        runs = [r for p in paragraphs for r in _paragraph_runs(p)]
        if not runs:
            target = paragraphs[0]
            runs = [target.add_run("")]  # an empty paragraph/cell still needs a point to anchor at
        return runs
    end = end if end is not None and end > start else None
    chosen: list[Run] = []
    offset = 0
    for p in paragraphs:
        for run in list(_paragraph_runs(p)):
            length = len(run.text)
            r_start, r_end = offset, offset + length
            offset = r_end
            stop = end if end is not None else offset + 1  # no end: to the end of the text
            if length == 0 or r_end <= start or r_start >= stop:
                continue
            current = run
            if start > r_start and _splittable(current):
                current = _split(current, start - r_start)
                r_start = start
            if end is not None and end < r_end and _splittable(current):
                _split(current, end - r_start)
            chosen.append(current)
        offset += 1  # the newline between paragraphs
    return chosen or _runs_for_span(paragraphs, None, None)


def _cell_paragraphs(table: Table, row: int, col: int | None) -> list[Paragraph]:
    cells = _grid(table)[row]
    if col is not None:
        tc = cells[col]
        return [] if tc is None else _tc_paragraphs(tc, table)
    unique: list = []  # type: ignore[type-arg]
    for tc in cells:  # a merged cell repeats in every grid position it covers
        if tc is not None and all(tc is not u for u in unique):
            unique.append(tc)
    return [p for tc in unique for p in _tc_paragraphs(tc, table)]


def _anchor_runs(items: Sequence[Paragraph | Table], index: int, loc: Location) -> list[Run] | None:
    if not 0 <= index < len(items):
        return None
    item = items[index]
    if isinstance(item, Paragraph):
        if loc.row is not None:
            return None  # a table location pointing at a paragraph: the numbering disagrees
        return _runs_for_span([item], loc.start, loc.end)
    grid = _grid(item)
    row = loc.row if loc.row is not None else 0
    if not 0 <= row < len(grid):
        return None
    col = loc.col
    if col is not None and not (0 <= col < len(grid[row]) and grid[row][col] is not None):
        col = None
    paragraphs = _cell_paragraphs(item, row, col)
    if not paragraphs:
        return None
    start = loc.start if col is not None else None
    return _runs_for_span(paragraphs, start, loc.end if start is not None else None)


def _fallback_runs(items: Sequence[Paragraph | Table], finding: Finding) -> list[Run]:
    """Where a finding without a usable location goes: the paragraph naming its goal, else the first
    paragraph with text (a comment about the whole report)."""
    if finding.goal:
        wanted = _norm(finding.goal)
        for item in items:
            if isinstance(item, Paragraph) and wanted and wanted in _norm(item.text):
                return _runs_for_span([item], None, None)
    for item in items:
        if isinstance(item, Paragraph) and item.text.strip():
            return _runs_for_span([item], None, None)
    first = next((x for x in items if isinstance(x, Paragraph)), None)
    if first is None:
        raise ValueError("dokumentet har inget stycke att fästa en kommentar vid")
    return _runs_for_span([first], None, None)


_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    """Document text can carry characters XML forbids (a vertical tab from a manual line break);
    lxml refuses them, so they become spaces."""
    return _XML_UNSAFE.sub(" ", text)


def _location_for(finding: Finding) -> Location | None:
    if finding.location is not None:
        return finding.location
    return next((e.location for e in finding.evidence if e.location is not None), None)


# --------------------------------------------------------------------------- public


def annotate_docx(
    data: bytes,
    findings: Sequence[Finding],
    *,
    blocks: Sequence[Block] | None = None,
    author: str = AUTHOR,
    initials: str = INITIALS,
) -> AnnotationResult:
    """A copy of the .docx `data` with one Word comment per finding. `blocks` are the reader's blocks
    of the same file (`vbassist.parsing.read_blocks`); pass them so anchors survive any difference in
    block numbering."""
    import docx

    document = docx.Document(io.BytesIO(data))
    items = _body_items(document)
    mapping = _block_map(items, blocks)
    placed = fallback = 0
    for finding in findings:
        loc = _location_for(finding)
        runs = None
        if loc is not None and loc.line is None and loc.block in mapping:
            runs = _anchor_runs(items, mapping[loc.block], loc)
        text = _xml_safe(comment_text(finding))
        if runs is None:
            runs = _fallback_runs(items, finding)
            fallback += 1
        else:
            placed += 1
        document.add_comment(runs, text=text, author=author, initials=initials)
    out = io.BytesIO()
    document.save(out)
    return AnnotationResult(out.getvalue(), placed, fallback)


def annotated_path(source: Path, out_dir: Path, taken: set[Path] | None = None) -> Path:
    """Where the annotated copy of `source` goes in `out_dir`: the same name, unless that is the
    original itself (then "<name>.granskad.docx") or already taken by another input ("-2", "-3")."""
    candidate = out_dir / source.name
    if candidate.resolve() == source.resolve():
        candidate = out_dir / f"{source.stem}.granskad{source.suffix}"
    n = 2
    base = candidate
    while taken is not None and candidate.resolve() in taken:
        candidate = base.with_name(f"{base.stem}-{n}{base.suffix}")
        n += 1
    if taken is not None:
        taken.add(candidate.resolve())
    return candidate


def annotate_file(
    source: Path,
    findings: Sequence[Finding],
    out_dir: Path,
    *,
    taken: set[Path] | None = None,
    blocks: Sequence[Block] | None = None,
) -> Path:
    """Write an annotated copy of the .docx `source` into `out_dir`; return its path."""
    data = Path(source).read_bytes()
    if blocks is None:
        blocks = _reader_blocks(Path(source))
    result = annotate_docx(data, findings, blocks=blocks)
    target = annotated_path(Path(source), Path(out_dir), taken)
    write_atomic(target, result.data)
    return target


def _reader_blocks(path: Path) -> Sequence[Block] | None:
    """The .docx reader's blocks of `path`, or None when the reader is unavailable or fails (the
    identity numbering then applies)."""
    try:
        from vbassist.parsing import read_blocks

        return read_blocks(path).blocks
    except Exception:  # the anchors still work without them; a failure here is not the user's problem
        return None
