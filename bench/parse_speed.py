"""Parse throughput: every Word sample and corpus seed, read and built N times; prints per-file medians
of CPU time (process_time: stable while other jobs share the cores), split into reading blocks and
building reports.

    .venv/bin/python bench/parse_speed.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from vbassist.parsing import read_blocks
from vbassist.parsing.builder import build_reports

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    files = sorted((REPO / "tests" / "data").glob("*.docx")) + sorted(
        p for p in (REPO / "corpus").iterdir() if p.suffix in (".md", ".txt") and p.name != "README.md"
    )
    print(f"{'file':58} {'KB':>6} {'blocks':>6} {'rep':>3} {'read ms':>8} {'build ms':>8} {'total ms':>8}")
    totals: list[float] = []
    for path in files:
        reads, builds = [], []
        for _ in range(args.runs):
            t0 = time.process_time()
            document = read_blocks(path)
            t1 = time.process_time()
            reports = build_reports(document)
            t2 = time.process_time()
            reads.append(t1 - t0)
            builds.append(t2 - t1)
        read_ms, build_ms = statistics.median(reads) * 1000, statistics.median(builds) * 1000
        totals.append(read_ms + build_ms)
        print(
            f"{path.name[:58]:58} {path.stat().st_size / 1024:6.0f} {len(document.blocks):6d} {len(reports):3d} "
            f"{read_ms:8.1f} {build_ms:8.1f} {read_ms + build_ms:8.1f}"
        )
    print(
        f"median per file: {statistics.median(totals):.1f} ms; all {len(files)} files: {sum(totals):.0f} ms"
    )


if __name__ == "__main__":
    main()
