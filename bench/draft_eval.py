"""Draft every enhetsmål of the samples with its Analys removed, compare with the real Analys, and print:

- numbers: drafts with an unsupported number or a number in the wrong role (meaning), both must be 0;
  indicator outcomes and targets restated correctly in the draft, beside how often the real Analys does,
- claims: activities said to be carried out against their own text, assessments contradicting the
  reported status (both must be 0),
- skeletons: drafts with under 30 words outside gaps and suggestions, overall and where the document
  holds something on the goal (linked indicators with an outcome, judged targets, activity texts),
- words per draft, latency p50/p95 in process,
- citations (with --sources): relevant (same nämndmål or a measuring indicator), later-year ones,
- the checker on the drafted documents: errors the drafts add (must be 0).

    .venv/bin/python bench/draft_eval.py [PATHS ...] [--sources] [--llm] [--api] [--show N]

PATHS are report files or folders (default: tests/data, the Word samples). `--sources` cites from the
index in VBASSIST_DATA_DIR (built from the corpus first if empty); `--llm` drafts with VBASSIST_LLM;
`--api` also times every draft through a real `vbassist serve` (uvicorn) on loopback; `--show N` prints
N drafts beside the real analysis, for reading.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SKELETON_WORDS = 30


@dataclass
class Tally:
    goals: int = 0
    unsupported: int = 0
    meaning: int = 0
    activity_claims: int = 0
    contradictions: int = 0
    skeletons: int = 0
    with_content: int = 0
    skeletons_with_content: int = 0
    restated: Counter[str] = field(default_factory=Counter)  # "utfall/draft", "utfall/real", "utfall/all" ...
    words: list[int] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    citations: int = 0
    relevant: int = 0
    later: int = 0
    drafters: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)


def _files(paths: list[Path]) -> list[Path]:
    from vbassist.parsing.files import expand_paths

    return [
        p for p in expand_paths(paths) if p.suffix.lower() != ".pdf" or not p.with_suffix(".docx").exists()
    ]


def _states(text: str, value: float | None) -> bool:
    """Whether `text` writes `value` (rounding-aware)."""
    from vbassist.numbers import find_numbers, matches_rounded

    if value is None:
        return False
    return any(
        matches_rounded(abs(m.value), m.decimals, abs(value)) for m in find_numbers(text) if not m.is_year
    )


def _has_content(facts: Any) -> bool:
    return (
        any(f.utfall is not None for f in facts.indicators)
        or any(t.met is not None for t in facts.stated_targets)
        or any(a.analys or a.avvikelse is not None for a in facts.activities)
    )


def _relevant(citation: Any, facts: Any) -> bool:
    """Same nämndmål or a measuring indicator, judged here from the citation's own fields."""
    from vbassist.linking import content_stems, coverage

    if citation.namndmal and facts.namndmal:
        a, b = content_stems(citation.namndmal), content_stems(facts.namndmal)
        if min(coverage(a, b), coverage(b, a)) >= 0.8:
            return True
    names = {f.name for f in facts.indicators}
    return any(s.removeprefix("indikator: ") in names for s in citation.shares if s.startswith("indikator: "))


def _later(citation: Any, facts: Any) -> bool:
    order = {"VP": 0, "T1": 1, "T2": 2, "VB": 3}
    if citation.year is None or facts.year is None:
        return False
    if citation.year != facts.year:
        return citation.year > facts.year
    return order.get(citation.kind or "", 9) > order.get(facts.kind, 9)


def score_draft(tally: Tally, goal: Any, draft: Any, where: str) -> None:
    """Every measure of one draft against its facts and the goal's real Analys."""
    from vbassist.checks.claims import fulfilment_claims
    from vbassist.drafting.markers import strip_markers
    from vbassist.drafting.meaning import activity_claim_problems
    from vbassist.drafting.verify import verify_text

    facts, text = draft.facts, draft.text
    own = strip_markers(text)
    tally.goals += 1
    tally.drafters[draft.verification.drafter] += 1
    # re-verified here, independently of the drafter's own verdict
    check = verify_text(text, facts, draft.citations)
    if check.unsupported:
        tally.unsupported += 1
        tally.problems.append(f"UNSUPPORTED {where}: {[u.raw for u in check.unsupported]}")
    if check.meaning:
        tally.meaning += 1
        tally.problems.append(f"MEANING {where}: {check.meaning}")
    activity = activity_claim_problems(text, facts)
    if activity:
        tally.activity_claims += 1
        tally.problems.append(f"ACTIVITY {where}: {activity}")
    if goal.status in ("helt", "delvis", "inte"):
        claimed = {c.status for c in fulfilment_claims(own)}
        if claimed - {goal.status}:
            tally.contradictions += 1
            tally.problems.append(f"STATUS {where}: {goal.status} vs {sorted(claimed)}")
    words = len(own.split())
    tally.words.append(words)
    content = _has_content(facts)
    tally.with_content += content
    if words < SKELETON_WORDS:
        tally.skeletons += 1
        tally.skeletons_with_content += content
    real = goal.analys_text
    for fact in facts.indicators:
        for role, value in (("utfall", fact.utfall), ("årsmål", fact.arsmal)):
            if value is None:
                continue
            tally.restated[f"{role}/all"] += 1
            tally.restated[f"{role}/draft"] += _states(own, value) and not check.meaning
            tally.restated[f"{role}/real"] += _states(real, value)
    for citation in draft.citations:
        tally.citations += 1
        tally.relevant += _relevant(citation, facts)
        tally.later += _later(citation, facts)


def _with_drafts(report: Any, texts: dict[int, str], *, body: bool = True) -> Any:
    """A copy of `report` whose enhetsmål analyses are the given drafts (by position; others empty), as
    `vbassist draft --all --out` writes them (`body`: the paragraphs it puts in the document body, the
    suggestions being Word comments; else the whole text, suggestions included)."""
    from vbassist.drafting.docx_out import draft_paragraphs
    from vbassist.model import Location, TextItem

    copy = report.model_copy(deep=True)
    for position, goal in enumerate(copy.enhetsmal()):
        anchor = goal.status_location or goal.location
        text = texts.get(position, "")
        paragraphs = draft_paragraphs(text) if body else [p for p in text.split("\n\n") if p.strip()]
        goal.analys = [
            TextItem(text=p.strip(), location=Location(block=anchor.block, line=anchor.line))
            for p in paragraphs
        ]
    return copy


def added_errors(report: Any, texts: dict[int, str], *, body: bool = True) -> list[str]:
    """Checker errors on the report with the drafts as analyses that neither the report without analyses
    nor the real report (its own analyses) has. An error the real report has too is the status's fault,
    not the draft's: a goal with no analysis at all is not judged by every rule, one with a draft is."""
    from vbassist.checks import CheckContext, run_checks

    def errors(r: Any) -> set[tuple[str, str, str]]:
        return {
            (f.rule, f.goal or "", f.message) for f in run_checks(r, CheckContext()) if f.severity == "error"
        }

    before = errors(_with_drafts(report, {})) | errors(report)
    after = errors(_with_drafts(report, texts, body=body))
    return [f"{rule} {goal[:50]}: {message[:160]}" for rule, goal, message in sorted(after - before)]


def _p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--sources", action="store_true", help="cite from the index (built if empty)")
    parser.add_argument("--llm", action="store_true", help="draft with the configured VBASSIST_LLM")
    parser.add_argument("--api", action="store_true", help="time each draft through a real vbassist serve")
    parser.add_argument("--show", type=int, default=0, help="print N drafts beside the real analysis")
    args = parser.parse_args()

    from vbassist.drafting import draft_goal
    from vbassist.errors import VbassistError
    from vbassist.parsing import parse_file
    from vbassist.settings import get_settings

    settings = get_settings()
    if not args.llm:
        settings = settings.model_copy(update={"llm": None})
    index = None
    if args.sources:
        from vbassist.index import get_index

        index = get_index(settings)
        if index.count() == 0:
            print(
                f"building the index in {settings.data_dir} from {settings.corpus_dir} ...", file=sys.stderr
            )
            index.index_paths([Path(settings.corpus_dir)])

    tally = Tally()
    shown = 0
    documents: list[tuple[Any, Any]] = []  # (report with all analyses, the goal positions' drafts)
    doc_errors: list[str] = []
    inline_errors = 0  # with the suggestions left in the body text instead of in comments
    files = _files(args.paths or [ROOT / "tests" / "data"])
    for path in files:
        try:
            reports = parse_file(path)
        except VbassistError as exc:
            print(f"skip {path.name}: {exc.code}", file=sys.stderr)
            continue
        for report in reports:
            if report.kind != "VB":
                continue
            texts: dict[int, str] = {}
            for position, goal in enumerate(report.enhetsmal()):
                # draft from a copy with this goal's analysis removed, as a manager would start
                copy = report.model_copy(deep=True)
                target = copy.enhetsmal()[position]
                target.analys = []
                start = time.perf_counter()
                draft = draft_goal(copy, target, settings=settings, index=index)
                tally.latencies.append(time.perf_counter() - start)
                texts[position] = draft.text
                score_draft(tally, goal, draft, f"{path.name} / {goal.title[:60]}")
                if shown < args.show and goal.analys_text.strip():
                    shown += 1
                    print(f"\n##### {report.unit} | {goal.title} | {goal.status}\n--- draft:\n{draft.text}")
                    print(f"--- real analysis:\n{goal.analys_text}")
            doc_errors += [f"{path.name}: {e}" for e in added_errors(report, texts)]
            if args.sources:
                inline_errors += len(added_errors(report, texts, body=False))
            documents.append((report, texts))

    if not tally.goals:
        print("no enhetsmål found in", ", ".join(str(p) for p in files) or "(no files)")
        return 1
    for line in tally.problems:
        print(line, file=sys.stderr)
    for line in doc_errors:
        print(f"ADDED ERROR {line}", file=sys.stderr)
    n = tally.goals

    def share(k: int, of: int) -> str:
        return f"{k}/{of} = {100 * k / of:.1f} %" if of else f"{k}/0"

    print(f"files: {len(files)}  enhetsmål drafted: {n}  drafters: {dict(tally.drafters)}")
    print(f"drafts with an unsupported number:    {share(tally.unsupported, n)}")
    print(f"drafts with a number in a wrong role: {share(tally.meaning, n)}")
    for role in ("utfall", "årsmål"):
        all_ = tally.restated[f"{role}/all"]
        print(
            f"{role} of measuring indicators stated correctly: draft {share(tally.restated[f'{role}/draft'], all_)}, "
            f"real analysis {share(tally.restated[f'{role}/real'], all_)}"
        )
    print(f"wrong activity claims:                {share(tally.activity_claims, n)}")
    print(f"assessment contradicting the status:  {share(tally.contradictions, n)}")
    print(f"skeletons (< {SKELETON_WORDS} own words):          {share(tally.skeletons, n)}")
    print(
        f"  where the document holds something on the goal: {share(tally.skeletons_with_content, tally.with_content)}"
        f"; goals it holds nothing on: {n - tally.with_content}"
    )
    print(
        f"own words per draft: median {statistics.median(tally.words):.0f}, mean {statistics.fmean(tally.words):.0f}"
    )
    print(
        f"latency in process p50 / p95:         {1000 * statistics.median(tally.latencies):.1f} ms"
        f" / {1000 * _p95(tally.latencies):.1f} ms"
    )
    if args.sources:
        print(
            f"citations: {tally.citations}  relevant: {share(tally.relevant, tally.citations)}  later-year: {tally.later}"
        )
    print(
        f"checker errors added by the drafts:   {len(doc_errors)}  (drafted .docx: suggestions as comments)"
    )
    if args.sources:
        print(f"  if the suggestions stood in the analysis text: {inline_errors} errors")
    if args.api:
        from draft_api import time_through_api

        for line in time_through_api(documents, settings, sources=args.sources):
            print(line)
    bad = tally.unsupported + tally.meaning + tally.activity_claims + tally.contradictions + len(doc_errors)
    return 0 if bad == 0 and tally.later == 0 else 2


if __name__ == "__main__":
    raise SystemExit(main())
