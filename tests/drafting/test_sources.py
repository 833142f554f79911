"""Sources from a real index (real Chroma, the bundled embedding model): the unit's own earlier analysis,
another unit's analysis under the same nämndmål, never the report itself or a later one, never a text
that shares neither the nämndmål nor a measuring indicator; offered inside the draft as marked
suggestions with their source; cited numbers count as supported only inside their suggestion.

The corpus is sliced from the real seed VBs (the header and KF goal 2 only, to keep embedding cheap);
the unit's "earlier" report is the same slice with its year moved back one, its "later" report the
slice moved forward one, and its plan the same slice as a VP, since the seeds hold no two years and no
plan of one unit."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from vbassist.checks.claims import fulfilment_claims
from vbassist.drafting import draft_goal, find_goal
from vbassist.drafting.markers import strip_markers, suggestions_in
from vbassist.drafting.verify import verify_text
from vbassist.model import Report
from vbassist.settings import Settings

SEEDS = Path(__file__).resolve().parents[2] / "corpus"  # the seeds as shipped
FAMILJEHEM = "vb2025_hagersten-alvsjo_familjehemsenheten.md"
UNGDOM = "vb2025_hagersten-alvsjo_ungdomsenheten.md"
GOAL = "Enheten köper i ökad utsträckning in ekologiska"
CLIMATE = "Enheten arbetar klimatsmart och minskar sitt klimatavtryck"


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
    # a later report of the unit, marked so a citation of it would show
    later = familjehem.replace("2025", "2026").replace("45% av alla inköp", "SENARE ÅR: 52% av alla inköp")
    (corpus / "vb2026_familjehemsenheten.md").write_text(later, encoding="utf-8")
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


def test_chunks_carry_unit_goal_namndmal_and_indicators(indexed) -> None:
    _, index, _ = indexed
    own = index.goal_chunks(
        unit_key="familjehemsenheten", goal_key="enheten koper i okad utstrackning in ekologiska livsmedel"
    )
    assert sorted((h.metadata["year"], h.metadata["kind"]) for h in own) == [
        (2024, "VB"),
        (2025, "VB"),
        (2025, "VP"),
        (2026, "VB"),
    ]
    meta = next(h.metadata for h in own if h.metadata["year"] == 2024)
    assert (
        meta["namndmal_key"] == "stadsdelsnamndens verksamheter bidrar till att oka den biologiska mangfalden"
    )
    assert meta["indicators"] == "Andel inköpta ekologiska livsmedel i kronor"
    assert meta["has_analysis"] is True


def test_citations_are_own_earlier_and_other_unit_never_self_or_later(indexed) -> None:
    settings, index, report = indexed
    draft = draft_goal(report, find_goal(report, GOAL), settings=settings, index=index)
    relations = {(c.relation, c.unit, c.year) for c in draft.citations}
    assert ("own_earlier", "Familjehemsenheten", 2024) in relations
    assert ("other_unit", "Ungdomsenheten", 2025) in relations
    assert ("plan", "Familjehemsenheten", 2025) in relations
    plan = next(c for c in draft.citations if c.relation == "plan")
    assert plan.kind == "VP" and "andelen ekologiska inköp ökar" in plan.snippet
    # never the report itself, never a later year
    assert not any(
        c.unit == "Familjehemsenheten" and (c.year, c.kind) == (2025, "VB") for c in draft.citations
    )
    assert all((c.year or 0) <= 2025 for c in draft.citations)
    assert "SENARE ÅR" not in draft.text
    own = next(c for c in draft.citations if c.relation == "own_earlier")
    assert own.snippet.startswith("45% av alla inköp är ekologiska")  # the Analys part, not the whole chunk
    assert own.goal and own.goal.startswith("Enheten köper") and own.location is not None
    assert own.shares == ["nämndmål", "indikator: Andel inköpta ekologiska livsmedel i kronor"]
    # offered inside the draft as marked suggestions with their source, never as the draft's own words
    sources = [source for source, _ in suggestions_in(draft.text)]
    assert sources == ["VB 2024, Familjehemsenheten", "VB 2025, Ungdomsenheten"]
    assert "[Formulering från VB 2024, Familjehemsenheten: ”45% av alla inköp är ekologiska." in draft.text
    assert own.snippet[:40] not in strip_markers(draft.text)
    assert draft.verification.ok


def test_no_citation_shares_neither_namndmal_nor_indicator(indexed) -> None:
    settings, index, report = indexed
    for title in (GOAL, CLIMATE):
        draft = draft_goal(report, find_goal(report, title), settings=settings, index=index)
        for citation in draft.citations:
            assert citation.shares, (title, citation.goal)
        others = [c for c in draft.citations if c.relation == "other_unit"]
        assert others, title
        # another unit's own assessment ("Enhetsmål har delvis uppnåtts.") is no wording for this unit
        assert not any(fulfilment_claims(c.snippet) for c in others), [c.snippet[:80] for c in others]
        # the climate goal's other-unit text is Ungdomsenheten's climate goal, not its ekologisk one
        if title == CLIMATE:
            assert all("klimat" in (c.goal or "").lower() for c in others)
            assert all(c.shares == ["nämndmål"] for c in others)


def test_cited_numbers_support_only_their_suggestion_and_lookup_is_fast(indexed) -> None:
    settings, index, report = indexed
    goal = find_goal(report, GOAL)
    draft_goal(report, goal, settings=settings, index=index)  # warm: the keyword side is loaded
    start = time.perf_counter()
    draft = draft_goal(report, goal, settings=settings, index=index)
    assert time.perf_counter() - start < 0.5  # metadata lookup: no query is embedded
    # another unit's number stated as the draft's own claim is not supported by its citation
    ungdom = next(c for c in draft.citations if c.unit == "Ungdomsenheten")
    assert "52,23 %" in ungdom.snippet and "52,23" not in draft.facts.model_dump_json()
    claim = " Enheten nådde 52,23 % ekologiska inköp."
    assert not verify_text(draft.text + claim, draft.facts, draft.citations).ok
    # inside a marked suggestion from that unit it is
    quoted = " [Formulering från VB 2025, Ungdomsenheten: ”Enheten nådde 52,23 % ekologiska inköp.”]"
    assert verify_text(draft.text + quoted, draft.facts, draft.citations).ok
    # ... but not inside a suggestion said to come from another source
    misattributed = (
        " [Formulering från VB 2024, Familjehemsenheten: ”Enheten nådde 52,23 % ekologiska inköp.”]"
    )
    assert not verify_text(draft.text + misattributed, draft.facts, draft.citations).ok
    # the unit's own earlier report may support a claim about the unit
    assert verify_text(draft.text + " Förra året var andelen 45 %.", draft.facts, draft.citations).ok


def test_llm_claiming_another_units_number_for_this_unit_falls_back(indexed, fake_llm) -> None:
    # a scripted fake chat model (no LLM can run here) writes Ungdomsenheten's figure as this unit's
    settings, index, report = indexed
    goal = find_goal(report, GOAL)
    borrowed = "Enheten bedömer att målet inte uppfylls. Andelen ekologiska inköp var 52,23 %."
    model = fake_llm.scripted(fake_llm.answer(borrowed, "inte"), fake_llm.answer(borrowed, "inte"))
    cloud = settings.model_copy(update={"llm": "openai:gpt-4o-mini", "llm_timeout_s": 5.0})
    draft = draft_goal(report, goal, settings=cloud, index=index, model=model)
    assert any(c.unit == "Ungdomsenheten" and "52,23 %" in c.snippet for c in draft.citations)
    assert "52,23 %" in model.prompts[1][-1].content  # named in the retry as not in the facts
    assert draft.verification.drafter == "grounded" and "52,23" not in strip_markers(draft.text)
