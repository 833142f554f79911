"""Draft every enhetsmål of the corpus VBs with its analysis removed, and print:

- share of drafts with no unsupported number (must be 100 %),
- share whose assessment sentence matches the reported status,
- share of goals where the status suggested from indicators/targets matches the reported one,
- median words per draft, p50/p95 latency per draft.

    .venv/bin/python bench/draft_eval.py [PATHS ...] [--sources] [--llm]

PATHS are report files or folders (default: the corpus folder, else ../shared/seeds and
../shared/samples). `--sources` adds retrieval from the built index (its query embedding cost counts
in the latency); `--llm` uses the model in VBASSIST_LLM instead of the grounded drafter.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SUFFIXES = {".docx", ".md", ".txt", ".pdf"}


def _files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES))
        elif path.is_file():
            out.append(path)
    return out


def _default_paths() -> list[Path]:
    from vbassist.settings import get_settings

    corpus = get_settings().corpus_dir
    if corpus.is_dir() and _files([corpus]):
        return [corpus]
    shared = ROOT.parent / "shared"
    return [shared / "seeds", shared / "samples"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--sources", action="store_true", help="cite from the built index")
    parser.add_argument("--llm", action="store_true", help="draft with the configured VBASSIST_LLM")
    args = parser.parse_args()

    from vbassist.checks.claims import fulfilment_claims
    from vbassist.drafting import draft_goal
    from vbassist.drafting.verify import verify_text
    from vbassist.errors import VbassistError
    from vbassist.parsing import parse_file
    from vbassist.settings import get_settings

    settings = get_settings()
    if not args.llm:
        settings = settings.model_copy(update={"llm": None})
    index = None
    search_time = [0.0]
    if args.sources:
        from vbassist.index import get_index

        real = get_index(settings)

        class TimedIndex:
            """Adds up the time spent in retrieval (query embedding + search) per draft."""

            def search(self, *a: object, **kw: object) -> list:
                start = time.perf_counter()
                try:
                    return real.search(*a, **kw)
                finally:
                    search_time[0] += time.perf_counter() - start

        index = TimedIndex()

    files = _files(args.paths or _default_paths())
    latencies: list[float] = []
    without_retrieval: list[float] = []
    words: list[int] = []
    supported = assessed = assessment_match = suggested = suggested_match = total = 0
    drafters: dict[str, int] = {}
    for path in files:
        try:
            reports = parse_file(path)
        except VbassistError as exc:
            print(f"skip {path.name}: {exc.code}", file=sys.stderr)
            continue
        for report in reports:
            if report.kind != "VB":
                continue
            for position, goal in enumerate(report.enhetsmal()):
                # draft from a copy with this goal's analysis removed, as a manager would start
                copy = report.model_copy(deep=True)
                target = copy.enhetsmal()[position]
                target.analys = []
                search_time[0] = 0.0
                start = time.perf_counter()
                draft = draft_goal(copy, target, settings=settings, index=index)
                latencies.append(time.perf_counter() - start)
                without_retrieval.append(latencies[-1] - search_time[0])
                total += 1
                drafters[draft.verification.drafter] = drafters.get(draft.verification.drafter, 0) + 1
                words.append(len(draft.text.split()))
                # re-verify independently of the drafter's own verdict
                if verify_text(draft.text, draft.facts, draft.citations).ok:
                    supported += 1
                else:
                    print(f"UNSUPPORTED {path.name} / {goal.title[:60]}", file=sys.stderr)
                if goal.status in ("helt", "delvis", "inte"):
                    assessed += 1
                    claims = fulfilment_claims(draft.text)
                    if claims and claims[0].status == goal.status:
                        assessment_match += 1
                    if draft.suggested_status is not None:
                        suggested += 1
                        suggested_match += draft.suggested_status == goal.status

    if not total:
        print("no enhetsmål found in", ", ".join(str(p) for p in files) or "(no files)")
        return 1

    def p95(values: list[float]) -> float:
        values = sorted(values)
        return values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]

    print(f"files: {len(files)}  enhetsmål drafted: {total}  drafters: {drafters}")
    print(f"no unsupported number:          {supported}/{total} = {100 * supported / total:.1f} %")
    if assessed:
        print(
            f"assessment matches status:      {assessment_match}/{assessed} = {100 * assessment_match / assessed:.1f} %"
        )
    if suggested:
        print(
            f"suggested status matches:       {suggested_match}/{suggested} = {100 * suggested_match / suggested:.1f} %"
            f"  (goals with a measurable suggestion: {suggested}/{assessed})"
        )
    print(f"median words:                   {statistics.median(words):.0f}")
    print(
        f"latency p50 / p95:              {1000 * statistics.median(latencies):.1f} ms / {1000 * p95(latencies):.1f} ms"
    )
    if args.sources:
        print(
            f"  without retrieval p50 / p95:  {1000 * statistics.median(without_retrieval):.1f} ms"
            f" / {1000 * p95(without_retrieval):.1f} ms"
        )
    return 0 if supported == total else 2


if __name__ == "__main__":
    raise SystemExit(main())
