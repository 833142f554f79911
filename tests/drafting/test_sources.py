"""Sources from a real index (real Chroma, the bundled embedding model): the unit's own earlier analysis,
another unit's analysis of the same goal, never the report itself; cited numbers count as supported.

The corpus is sliced from the real seed VBs (the header and KF goal 2 only, to keep embedding cheap);
the unit's "earlier" report is the same slice with its year moved back one, and its plan the same slice
as a VP, since the seeds hold no two years and no plan of one unit."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from vbassist.drafting import draft_goal, find_goal
from vbassist.drafting.verify import verify_text
from vbassist.model import Report
from vbassist.settings import Settings

SEEDS = Path(__file__).resolve().parents[2] / "corpus"  # the seeds as shipped
FAMILJEHEM = "vb2025_hagersten-alvsjo_familjehemsenheten.md"
UNGDOM = "vb2025_hagersten-alvsjo_ungdomsenheten.md"
GOAL = "Enheten köper i ökad utsträckning in ekologiska"


def _slice(text: str) -> str:
    lines = text.splitlines()
    summary = next(i for i, line in enumerate(lines) if re.match(r"#+\s*\**\s*Sammanfattande analys", line))
    kf2 = next(
        i for i, line in enumerate(lines) if line.startswith("#") and "KF:s inriktningsmål: 2." in line
    )
    kf3 = next(
        i for i, line in enumerate(lines) if line.startswith("#") and "KF:s inriktningsmål: 3." in line
    )
    return "\n".join(lines[:summary] + lines[kf2:kf3]) + "\n"


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, object, Report]:
    from vbassist.index.corpus import CorpusIndex
    from vbassist.parsing import parse_file

    root = tmp_path_factory.mktemp("sources")
    corpus = root / "corpus"
    corpus.mkdir()
    familjehem = _slice((SEEDS / FAMILJEHEM).read_text(encoding="utf-8"))
    (corpus / FAMILJEHEM).write_text(familjehem, encoding="utf-8")
    (corpus / "vb2024_familjehemsenheten.md").write_text(familjehem.replace("2025", "2024"), encoding="utf-8")
    # the unit's plan for the year: the same slice as a VP, without the analyses a plan cannot have
    plan = re.sub(r"#+ \**Analys\**\n(?:(?!#|\*Enhetsmål|\|).*\n)*", "", familjehem)
    (corpus / "vp2025_familjehemsenheten.md").write_text(
        plan.replace("Verksamhetsberättelse VB 2025", "Verksamhetsplan 2025"), encoding="utf-8"
    )
    (corpus / UNGDOM).write_text(_slice((SEEDS / UNGDOM).read_text(encoding="utf-8")), encoding="utf-8")
    settings = Settings(data_dir=root / "data", corpus_dir=corpus, llm=None)
    index = CorpusIndex(settings)
    result = index.index_paths([corpus])
    assert not result.failed
    [report] = parse_file(corpus / FAMILJEHEM)
    return settings, index, report


def test_citations_are_own_earlier_and_other_unit_never_self(indexed) -> None:
    settings, index, report = indexed
    draft = draft_goal(report, find_goal(report, GOAL), settings=settings, index=index)
    relations = {(c.relation, c.unit, c.year) for c in draft.citations}
    assert ("own_earlier", "Familjehemsenheten", 2024) in relations
    assert ("other_unit", "Ungdomsenheten", 2025) in relations
    assert ("plan", "Familjehemsenheten", 2025) in relations
    plan = next(c for c in draft.citations if c.relation == "plan")
    assert plan.kind == "VP" and "andelen ekologiska inköp ökar" in plan.snippet
    assert not any(
        c.unit == "Familjehemsenheten" and (c.year, c.kind) == (2025, "VB") for c in draft.citations
    )
    own = next(c for c in draft.citations if c.relation == "own_earlier")
    assert own.snippet.startswith("45% av alla inköp är ekologiska")  # the Analys part, not the whole chunk
    assert own.goal and own.goal.startswith("Enheten köper") and own.location is not None
    # citations are offered beside the draft, never pasted into it
    assert own.snippet[:40] not in draft.text
    assert draft.verification.ok


def test_cited_numbers_are_supported_and_retrieval_is_fast(indexed) -> None:
    settings, index, report = indexed
    goal = find_goal(report, GOAL)
    draft_goal(report, goal, settings=settings, index=index)  # warm: model loaded, query embedded
    start = time.perf_counter()
    draft = draft_goal(report, goal, settings=settings, index=index)
    assert time.perf_counter() - start < 1.0
    sentence = " Ungdomsenheten nådde 52,23 % ekologiska inköp."
    assert verify_text(draft.text + sentence, draft.facts, draft.citations).ok
    assert not verify_text(draft.text + sentence, draft.facts, []).ok
