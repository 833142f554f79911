"""Throughput of `vbassist check` over a batch: the sample drafts copied into a temp folder until there
are --n of them (default 200: five samples x 40), checked with --jobs processes. Prints docs/s and
the split between parsing, checking and writing the reports (JSON, HTML, xlsx).

Every copy is parsed and checked (no de-duplication of identical files unless --dedupe): the headline
"throughput" is that honest per-document rate. The copies still share text with each other, so the
parser's and rules' small caches of pure per-line work (label matching, stems, numbers per sentence)
are warm after the first five documents; the "cold" line measures each sample's first sight in a fresh
process (imports and lexicons loaded, no text seen yet): the cost of a batch of all-different drafts.
The machine's load average is printed: other processes on the two cores lower the measured rate.

    .venv/bin/python bench/check_throughput.py [--n 200] [--jobs 2] [--samples tests/data] [--dedupe]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from itertools import cycle, islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200, help="drafts in the batch")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--samples", type=Path, default=ROOT / "tests" / "data")
    ap.add_argument(
        "--dedupe",
        action="store_true",
        help="parse and check identical files once (what `vbassist check` does); off: every copy is done",
    )
    ap.add_argument("--no-dedupe", action="store_true", help="the default; kept for old command lines")
    ap.add_argument("--cold-probe", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.cold_probe:
        _cold_probe(sorted(args.samples.glob("*.docx")))
        return
    dedupe = args.dedupe and not args.no_dedupe

    from vbassist.batch import check_documents
    from vbassist.reports.html import render_html
    from vbassist.reports.json import render_json
    from vbassist.reports.xlsx import render_xlsx
    from vbassist.settings import Settings

    samples = sorted(args.samples.glob("*.docx"))
    if not samples:
        raise SystemExit(f"no .docx samples in {args.samples}")
    with tempfile.TemporaryDirectory(prefix="vbassist-bench-") as tmp:
        paths = []
        for i, sample in enumerate(islice(cycle(samples), args.n)):
            target = Path(tmp) / f"{i:04d}_{sample.name}"
            shutil.copy(sample, target)
            paths.append(target)

        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        main_cpu = time.process_time()
        result = check_documents([tmp], settings=Settings(), jobs=args.jobs, use_corpus=False, dedupe=dedupe)
        main_cpu = time.process_time() - main_cpu
        checked = time.perf_counter()
        load_after = os.getloadavg()[0]
        json_text = render_json(result)
        t_json = time.perf_counter()
        html_text = render_html(result)
        t_html = time.perf_counter()
        xlsx = render_xlsx(result)
        done = time.perf_counter()

    s = result.summary
    total = done - started
    print(f"samples            {len(samples)} distinct, {s.documents} documents, {s.reports} reports")
    print(f"jobs               {args.jobs} (cores: {os.cpu_count()})")
    print(
        f"load average       {load_before:.2f} before, {load_after:.2f} after the check (2 = both cores busy)"
    )
    print(
        f"parsed / checked   {s.timings['parsed']} files / {s.timings['checked']} reports (dedupe: {dedupe})"
    )
    print(f"failed documents   {s.failed}")
    print(f"findings           {s.findings} {s.by_severity}")
    t = s.timings
    print(f"corpus wall        {t['corpus_wall']:.2f} s")
    print(f"parse+check wall   {t['first_pass_wall']:.2f} s  (each file parsed and checked in one worker)")
    print(
        f"context wall       {t['second_pass_wall']:.2f} s  (reports checked again with a plan/last year in the batch)"
    )
    print(
        f"parse  cpu         {t['parse_cpu']:.2f} s  ({t['parse_cpu'] / max(1, t['parsed']) * 1000:.0f} ms CPU per file)"
    )
    print(
        f"check  cpu         {t['check_cpu']:.2f} s  ({t['check_cpu'] / max(1, t['checked']) * 1000:.0f} ms CPU per report)"
    )
    print(f"main process cpu   {main_cpu:.2f} s  (collecting results, second pass planning)")
    print(
        f"report wall        {done - checked:.2f} s  (json {t_json - checked:.2f}, html {t_html - t_json:.2f}, "
        f"xlsx {done - t_html:.2f}; {len(json_text) // 1024} KB, {len(html_text) // 1024} KB, {len(xlsx) // 1024} KB)"
    )
    print(f"total              {total:.2f} s")
    per_doc = t["parse_cpu"] / max(1, t["parsed"]) + t["check_cpu"] / max(
        1, t["checked"]
    )  # one distinct draft
    print(
        f"cpu per draft      {per_doc * 1000:.0f} ms parse+check -> at most {args.jobs / per_doc:.1f} distinct docs/s on "
        f"{args.jobs} idle cores (other load on the machine lowers the measured rate below)"
    )
    cold = _run_cold_probe(args.samples)
    if cold is not None:
        cold_doc = cold["parse"] + cold["check"]
        print(
            f"cold cpu per draft {cold_doc * 1000:.0f} ms (parse {cold['parse'] * 1000:.0f} + check "
            f"{cold['check'] * 1000:.0f}, each sample's first sight) -> at most {args.jobs / cold_doc:.1f} "
            f"all-different docs/s on {args.jobs} idle cores"
        )
    print(
        f"throughput         {s.documents / total:.1f} docs/s (check incl. parsing: {s.documents / (checked - started):.1f})"
    )


def _run_cold_probe(samples: Path) -> dict[str, float] | None:
    """The cold per-document CPU, measured in a fresh interpreter (its caches empty)."""
    proc = subprocess.run(
        [sys.executable, __file__, "--cold-probe", "--samples", str(samples)],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        return json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        return None


def _cold_probe(samples: list[Path]) -> None:
    from vbassist.checks import CheckContext, run_checks
    from vbassist.parsing import parse_file

    # one round loads imports, lexicons and compiled patterns; then the caches of per-text work (those
    # with room for 1024+ entries; the loaders keep one) are emptied, as for a batch of new drafts
    for sample in samples:
        for report in parse_file(sample):
            run_checks(report, CheckContext())
    for name, module in list(sys.modules.items()):
        if not name.startswith("vbassist"):
            continue
        for value in vars(module).values():
            params = getattr(value, "cache_parameters", None)
            if callable(params) and (params().get("maxsize") or 0) >= 1024:
                value.cache_clear()
    parse = check = 0.0
    for sample in samples:
        t0 = time.process_time()
        reports = parse_file(sample)
        t1 = time.process_time()
        for report in reports:
            run_checks(report, CheckContext())
        parse += t1 - t0
        check += time.process_time() - t1
    n = max(1, len(samples))
    print(json.dumps({"parse": parse / n, "check": check / n}))


if __name__ == "__main__":
    main()
