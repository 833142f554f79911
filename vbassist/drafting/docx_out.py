"""Write drafts into a copy of the user's .docx: each draft becomes new paragraphs right after the goal's
Analys heading (or after Förväntat resultat / the status line when there is no Analys heading), marked by
a Word comment "Utkast från vbassist — granska" by author "vbassist"; each marked suggestion of earlier
wording becomes a comment of its own, with its source. The output is written atomically.

Paragraphs are found by their text near the goal's recorded block, so a small difference in how a reader
counts blocks (content controls, section breaks) cannot put a draft under the wrong goal.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vbassist.drafting.goals import goal_key
from vbassist.drafting.markers import strip_suggestions, suggestions_in
from vbassist.drafting.models import Draft
from vbassist.model import Goal
from vbassist.outputs import write_atomic

COMMENT_TEXT = "Utkast från vbassist — granska"
SUGGESTION_PREFIX = "Formulering att återanvända, från"
COMMENT_AUTHOR = "vbassist"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_GOAL_START_RE = re.compile(r"^\s*(enhetsmål|nämndmål|kf:s\s+(inriktningsmål|mål))\b", re.I)
_STATUS_RE = re.compile(r"uppfylls\s+(helt|delvis|inte)|inga\s+data", re.I)


# python-docx's XML elements (lxml) carry no type information: they are Any here
Element = Any


def _text(el: Element) -> str:
    return "".join(t.text or "" for t in el.iter(f"{_W}t"))


def _blocks(body: Element) -> list[Element]:
    return [el for el in body.iterchildren() if el.tag in (f"{_W}p", f"{_W}tbl")]


@dataclass
class Placement:
    goal_title: str
    anchor_text: str  # "Analys", "Förväntat resultat", "status" or "rubrik": what the draft follows
    paragraphs: int


def _find_goal_block(blocks: list[Element], goal: Goal) -> int | None:
    wanted = goal_key(goal.title)[:80]
    candidates = [
        i for i, el in enumerate(blocks) if el.tag == f"{_W}p" and wanted and wanted in goal_key(_text(el))
    ]
    if not candidates:
        return None
    hint = goal.location.block
    return min(candidates, key=lambda i: abs(i - hint))


def _anchor(blocks: list[Element], start: int) -> tuple[int, str]:
    """The block after which the draft goes, and what it is."""
    end = len(blocks)
    for i in range(start + 1, len(blocks)):
        if blocks[i].tag == f"{_W}p" and _GOAL_START_RE.match(_text(blocks[i])):
            end = i
            break
    last_forvantat = last_status = None
    in_forvantat = False
    for i in range(start + 1, end):
        el = blocks[i]
        if el.tag != f"{_W}p":
            in_forvantat = False
            continue
        text = _text(el).strip().strip("*:").strip()
        low = text.lower()
        if low == "analys":
            return i, "Analys"
        if low.startswith("förväntat resultat"):
            in_forvantat, last_forvantat = True, i
            continue
        if in_forvantat and text:
            last_forvantat = i
        if _STATUS_RE.search(text) and len(text) < 40:
            last_status = i
    if last_forvantat is not None:
        return last_forvantat, "Förväntat resultat"
    if last_status is not None:
        return last_status, "status"
    return start, "rubrik"


def _new_paragraph_after(anchor: Element, document: Any, text: str) -> tuple[Element, Any]:
    from docx.oxml import OxmlElement
    from docx.text.paragraph import Paragraph

    p = OxmlElement("w:p")
    anchor.addnext(p)
    paragraph = Paragraph(p, document._body)
    run = paragraph.add_run(text)
    return p, run


def draft_paragraphs(text: str) -> list[str]:
    """The paragraphs a draft puts into the document body: its text and gaps, without the marked
    suggestions (those become Word comments)."""
    return [p for p in strip_suggestions(text).split("\n\n") if p.strip()]


def insert_drafts(source: Path, drafts: Sequence[tuple[Goal, Draft]], out: Path) -> list[Placement]:
    """Copy `source` to `out` with each draft inserted under its goal; returns where each went.
    Drafts whose goal cannot be found in the document are skipped (not in the returned list); when
    none is placed, nothing is written."""
    import docx

    document = docx.Document(str(source))
    blocks = _blocks(document.element.body)
    plan: list[tuple[Element, Goal, Draft, str]] = []
    for goal, draft in drafts:
        start = _find_goal_block(blocks, goal)
        if start is None:
            continue
        index, what = _anchor(blocks, start)
        plan.append((blocks[index], goal, draft, what))
    if not plan:
        return []
    placements: list[Placement] = []
    for anchor, goal, draft, what in plan:
        paragraphs = draft_paragraphs(draft.text)
        runs = []
        previous = anchor
        for text in paragraphs:
            previous, run = _new_paragraph_after(previous, document, text)
            runs.append(run)
        if runs:
            document.add_comment([runs[0], runs[-1]], text=COMMENT_TEXT, author=COMMENT_AUTHOR, initials="VB")
            # earlier wording is offered beside the text, as the reviewer's comments are: never body
            # text the checker would read as this unit's own claims
            for origin, snippet in suggestions_in(draft.text):
                note = f"{SUGGESTION_PREFIX} {origin}: ”{snippet}”"
                document.add_comment([runs[-1]], text=note, author=COMMENT_AUTHOR, initials="VB")
        placements.append(Placement(goal_title=goal.title, anchor_text=what, paragraphs=len(paragraphs)))
    buffer = io.BytesIO()
    document.save(buffer)
    write_atomic(Path(out), buffer.getvalue())
    return placements
