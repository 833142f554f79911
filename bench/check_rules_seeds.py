"""Run every check rule over the seeds and samples and print each finding, then counts per file and
severity. For reading findings by hand (is each one true?), and for the rule time per report.

    .venv/bin/python bench/check_rules_seeds.py [PATH ...] [--quiet]
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from vbassist.checks import CheckContext, run_checks
from vbassist.parsing import parse_file

DEFAULT = [Path("/work/shared/seeds"), Path("/work/shared/samples")]


def main(argv: list[str]) -> None:
    quiet = "--quiet" in argv
    paths = [Path(a) for a in argv if not a.startswith("--")] or DEFAULT
    files = sorted(p for root in paths for p in ([root] if root.is_file() else root.iterdir()) if p.is_file())
    parsed = []
    for path in files:
        try:
            parsed.append((path, parse_file(path)))
        except Exception as exc:  # a bad file is reported, not fatal
            print(f"{path.name}: PARSE ERROR {exc}")
    # every report of the run is context for the others (the unit's VP, last year's VB)
    everything = [r for _, reports in parsed for r in reports]
    rows = []
    total_time, total_reports = 0.0, 0
    for path, reports in parsed:
        for report in reports:
            t0 = time.perf_counter()
            findings = run_checks(report, CheckContext(related=[r for r in everything if r is not report]))
            total_time += time.perf_counter() - t0
            total_reports += 1
            counts = Counter(f.severity for f in findings)
            rows.append((path.name, report.kind, report.year, report.unit, counts))
            if quiet:
                continue
            print(
                f"\n=== {path.name} :: {report.kind} {report.year} {report.unit} ({len(findings)} findings)"
            )
            for f in findings:
                loc = f.location
                where = (
                    f"b{loc.block}" + (f" r{loc.row}c{loc.col}" if loc and loc.row is not None else "")
                    if loc
                    else "-"
                )
                conf = f" conf={f.confidence}" if f.confidence is not None else ""
                print(f"  [{f.severity}] {f.id} {where}{conf} | {f.goal or ''}"[:200])
                print(f"      {f.message}")
    print("\nfile | kind | year | unit | error | warning | info")
    for name, kind, year, unit, counts in rows:
        print(
            f"{name} | {kind} | {year} | {unit} | {counts['error']} | {counts['warning']} | {counts['info']}"
        )
    if total_reports:
        print(
            f"\nrules: {total_reports} reports in {total_time:.2f} s ({total_time / total_reports * 1000:.1f} ms/report)"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
