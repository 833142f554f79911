"""Annotated copies of .docx drafts: a real Word comment (author "vbassist", initials "VB") for each
finding, anchored at the line, table cell or characters its `Location` points to.

`Location.block` is the reader's block number, and the annotator finds block N by the walk the reader
numbers with (`vbassist.parsing.docx_body`): a line of a paragraph split at a line break, a paragraph in
a content control, the cells of a layout table, a text box are all where the reader saw them. A
location that points nowhere (a text format's line, a block past the end, a table place on a paragraph)
puts the comment on the line naming the finding's goal, else on the first line with text.

The original file is never touched: the copy is written atomically. The work is linear in the number of
findings: each comment costs the runs of its own paragraph or cell (see `docx_comments`).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from lxml.etree import _Element as Element

from vbassist.model import Finding, Location
from vbassist.names import fold_name
from vbassist.outputs import write_atomic
from vbassist.parsing.docx_body import RPR, BodyItem, BodyWalk, Line, R, Table, paragraph_runs, w
from vbassist.parsing.docx_package import DocxPackage, package_errors
from vbassist.parsing.limits import DEFAULT_LIMITS, ParseLimits, ReadBudget
from vbassist.reports import comment_text
from vbassist.reports.docx_comments import Comments, comments_part, write_with_comments

AUTHOR = "vbassist"
INITIALS = "VB"

Span = tuple[Element, Element]  # the first and the last run a comment covers


@dataclass
class AnnotationResult:
    data: bytes
    placed: int  # comments anchored where the finding's location points
    fallback: int  # comments placed at the goal's line or the document start instead


# --------------------------------------------------------------------------- cutting runs

_T = w("t")
_ZERO_WIDTH = frozenset((RPR, w("softHyphen"), w("lastRenderedPageBreak")))
# what a run of plain text holds: text can be cut between these children, and inside a w:t
_CUTTABLE = frozenset((_T, w("tab"), w("ptab"), w("br"), w("cr"), w("noBreakHyphen"), w("sym"))) | _ZERO_WIDTH
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _width(child: Element) -> int:
    if child.tag == _T:
        return len(child.text or "")
    return 0 if child.tag in _ZERO_WIDTH else 1


def _cuttable(run: Element, text: str) -> bool:
    """A run can be cut at a character when it holds only text-like children and shows exactly their
    characters (not mapped through a symbol font, not hidden)."""
    children = list(run)
    return all(c.tag in _CUTTABLE for c in children) and sum(map(_width, children)) == len(text)


def _cut(run: Element, at: int) -> Element:
    """Cut a cuttable run after `at` characters (0 < at < its length): the run keeps the head, the copy
    returned (inserted after it) holds the tail."""
    tail = copy.deepcopy(run)
    head_children = [c for c in run if c.tag != RPR]
    tail_children = [c for c in tail if c.tag != RPR]
    pos = 0
    for i, child in enumerate(head_children):
        width = _width(child)
        if pos + width <= at:
            pos += width
            continue
        inside = at - pos  # > 0 only inside a w:t: both halves keep a part of it
        if inside:
            text = child.text or ""
            child.text, tail_children[i].text = text[:inside], text[inside:]
            child.set(_XML_SPACE, "preserve")
            tail_children[i].set(_XML_SPACE, "preserve")
        for c in head_children[i + 1 if inside else i :]:
            run.remove(c)
        for c in tail_children[:i]:
            tail.remove(c)
        break
    run.addnext(tail)
    return tail


def _paragraph_span(p: Element, start: int, end: int) -> Span | None:
    """The runs covering characters [start, end) of paragraph `p`, cut at the span's edges where a run
    can be cut; None when no run with text lies in the span."""
    first: Element | None = None
    last: Element | None = None
    offset = 0
    for run, text in paragraph_runs(p):
        r_start, r_end = offset, offset + len(text)
        offset = r_end
        if not text or r_end <= start or r_start >= end:
            continue
        if start > r_start and _cuttable(run, text):
            run, text = _cut(run, start - r_start), text[start - r_start :]
            r_start = start
        if end < r_end and _cuttable(run, text):
            _cut(run, end - r_start)
        first = first if first is not None else run
        last = run
    return (first, last) if first is not None and last is not None else None


def _empty_run(p: Element) -> Span:
    """An empty paragraph still needs a run to anchor at."""
    run = etree.SubElement(p, R)
    return run, run


# --------------------------------------------------------------------------- the body as the reader numbers it


class _Body:
    def __init__(self, body: Element, budget: ReadBudget, *, private_use: bool) -> None:
        self.walk = BodyWalk(budget, private_use=private_use)
        self.items = self.walk.items(body)
        self.lines = [item for item in self.items if isinstance(item, Line)]
        self._goal_lines: dict[str, Line | None] = {}

    def anchor(self, loc: Location) -> Span | None:
        """The runs `loc` points at; None when it points nowhere in this body."""
        if loc.line is not None or not 0 <= loc.block < len(self.items):
            return None
        item = self.items[loc.block]
        if isinstance(item, Line):
            if loc.row is not None:
                return None  # a table place on a paragraph: the numbering disagrees
            start, end = _span(loc.start, loc.end, len(item.text))
            return self._line_span(item, start, end)
        return self._table_span(item, loc)

    def _line_span(self, line: Line, start: int, end: int) -> Span:
        p = line.paragraph
        return (
            _paragraph_span(p, line.start + start, line.start + end)
            or _paragraph_span(p, line.start, line.start + len(line.text))
            or _paragraph_span(p, 0, 1 << 62)
            or _empty_run(p)
        )

    def _table_span(self, table: Table, loc: Location) -> Span | None:
        grid = table.grid
        row = loc.row if loc.row is not None else 0
        if not 0 <= row < len(grid):
            return None
        col = loc.col
        if col is None or not (0 <= col < len(grid[row]) and grid[row][col] is not None):
            cells = list(dict.fromkeys(tc for tc in grid[row] if tc is not None))  # merged cells once
            spans = [s for s in (self._cell_span(tc, None, None) for tc in cells) if s is not None]
            return (spans[0][0], spans[-1][1]) if spans else None
        tc = grid[row][col]
        assert tc is not None  # checked above
        return self._cell_span(tc, loc.start, loc.end if loc.start is not None else None)

    def _cell_span(self, tc: Element, start: int | None, end: int | None) -> Span | None:
        """Characters [start, end) of the cell's text as the reader gives it (lines joined by newlines,
        stripped); the whole cell when `start` is None."""
        parts = [(item, self.walk.item_text(item)) for item in self.walk.cell_items(tc)]
        raw = "\n".join(text for _, text in parts)
        lead = len(raw) - len(raw.lstrip())
        lo, hi = _span(start, end, len(raw.strip()))
        lo, hi = lo + lead, hi + lead
        first: Element | None = None
        last: Element | None = None
        offset = 0
        for item, text in parts:
            i_start, i_end = offset, offset + len(text)
            offset = i_end + 1
            a, b = max(lo, i_start), min(hi, i_end)
            if a >= b:
                continue
            span = self._item_span(item, a - i_start, b - i_start)
            if span is not None:
                first = first if first is not None else span[0]
                last = span[1]
        if first is not None and last is not None:
            return first, last
        paragraph = next((item.paragraph for item, _ in parts if isinstance(item, Line)), None)
        return None if paragraph is None else _empty_run(paragraph)

    def _item_span(self, item: BodyItem, start: int, end: int) -> Span | None:
        if isinstance(item, Line):
            return _paragraph_span(item.paragraph, item.start + start, item.start + end)
        cells = list(dict.fromkeys(tc for row in item.grid for tc in row if tc is not None))
        spans = [s for s in (self._cell_span(tc, None, None) for tc in cells) if s is not None]
        return (spans[0][0], spans[-1][1]) if spans else None  # a nested table: all of it

    def fallback(self, finding: Finding) -> Span:
        """Where a finding without a usable location goes: the line naming its goal, else the first
        line with text (a comment about the whole report)."""
        line = self._goal_line(finding.goal) if finding.goal else None
        line = line or next((x for x in self.lines if x.text.strip()), None)
        line = line or (self.lines[0] if self.lines else None)
        if line is None:
            raise ValueError("dokumentet har inget stycke att fästa en kommentar vid")
        return self._line_span(line, 0, len(line.text))

    def _goal_line(self, goal: str) -> Line | None:
        if goal not in self._goal_lines:  # each goal looked up once, however many findings name it
            wanted = fold_name(goal)
            self._goal_lines[goal] = next(
                (x for x in self.lines if wanted and wanted in fold_name(x.text)), None
            )
        return self._goal_lines[goal]


def _span(start: int | None, end: int | None, length: int) -> tuple[int, int]:
    """[start, end) of a location in a text of `length`: all of it without a start, to the end without
    an end after the start."""
    if start is None:
        return 0, length
    return start, end if end is not None and end > start else length


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
    author: str = AUTHOR,
    initials: str = INITIALS,
    limits: ParseLimits = DEFAULT_LIMITS,
) -> AnnotationResult:
    """A copy of the .docx `data` with one Word comment per finding, read under `limits` as the reader
    reads it. Raises the reader's `InputError`s for a file it cannot read (too costly, corrupt)."""
    budget = ReadBudget(limits)
    with package_errors(), DocxPackage(data, budget) as package:
        main = package.main_part()
        document = package.parse(main.lstrip("/"))
        body = document.find(w("body"))
        if body is None:
            body = etree.SubElement(document, w("body"))
        existing = comments_part(package, main)
        comments = Comments(
            package.parse(existing.lstrip("/")) if existing else None, author=author, initials=initials
        )
        anchors = _Body(body, budget, private_use=package.private_use)
        placed = fallback = 0
        for finding in findings:
            loc = _location_for(finding)
            span = anchors.anchor(loc) if loc is not None else None
            if span is None:
                span = anchors.fallback(finding)
                fallback += 1
            else:
                placed += 1
            comments.add(*span, _xml_safe(comment_text(finding)))
        out = write_with_comments(package, main, document, comments, existing)
    return AnnotationResult(out, placed, fallback)


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
    limits: ParseLimits = DEFAULT_LIMITS,
) -> Path:
    """Write an annotated copy of the .docx `source` into `out_dir`; return its path."""
    result = annotate_docx(Path(source).read_bytes(), findings, limits=limits)
    target = annotated_path(Path(source), Path(out_dir), taken)
    write_atomic(target, result.data)
    return target
