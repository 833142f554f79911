"""Throughput of `vbassist check` over a batch: the sample drafts copied into a temp folder until there
are --n of them (default 200: five samples x 40), checked with --jobs processes. Prints docs/s and
the split between parsing, checking and writing the reports (JSON, HTML, xlsx).

    .venv/bin/python bench/check_throughput.py [--n 200] [--jobs 2] [--samples tests/data]
"""

from __future__ import annotations

import argparse
import os
import shutil
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
        "--no-dedupe",
        action="store_true",
        help="parse and check every copy (the true per-document cost); by default identical files are done once",
    )
    args = ap.parse_args()

    from vbassist.checks.batch import check_documents
    from vbassist.reports.html import render_html
    from vbassist.reports.json import render_json
    from vbassist.reports.xlsx import render_xlsx

    samples = sorted(args.samples.glob("*.docx"))
    if not samples:
        raise SystemExit(f"no .docx samples in {args.samples}")
    with tempfile.TemporaryDirectory(prefix="vbassist-bench-") as tmp:
        paths = []
        for i, sample in enumerate(islice(cycle(samples), args.n)):
            target = Path(tmp) / f"{i:04d}_{sample.name}"
            shutil.copy(sample, target)
            paths.append(target)

        started = time.perf_counter()
        result = check_documents([tmp], jobs=args.jobs, use_corpus=False, dedupe=not args.no_dedupe)
        checked = time.perf_counter()
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
        f"parsed / checked   {s.timings['parsed']} files / {s.timings['checked']} reports (dedupe: {not args.no_dedupe})"
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
    print(
        f"throughput         {s.documents / total:.1f} docs/s (check incl. parsing: {s.documents / (checked - started):.1f})"
    )


if __name__ == "__main__":
    main()
