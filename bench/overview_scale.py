"""Scale of `vbassist overview`: --n drafts (default 500), copies of the Word samples made distinct (each
copy's unit gets its own name, so the batch's de-duplication of identical files cannot hide the cost),
read and checked with --jobs processes into one overview, then written as xlsx, HTML and Word. Prints
the wall time of each step, the CPU split (parse, check, overview rows in the workers; the parent's
own), and the peak memory of the parent and of the largest worker. The issue's target is under 30 s
for 500 drafts on two cores. The machine's load average is printed: other processes on the two cores
slow the wall-clock time.

    .venv/bin/python bench/overview_scale.py [--n 500] [--jobs 2] [--samples tests/data]
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import string
import tempfile
import time
import zipfile
from itertools import cycle, islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def distinct_copy(sample: bytes, unit: str, suffix: str) -> bytes:
    """The sample with every occurrence of its unit's name in the body renamed "<unit> <suffix>"."""
    src = zipfile.ZipFile(io.BytesIO(sample))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = data.decode("utf-8").replace(unit, f"{unit} {suffix}").encode("utf-8")
            dst.writestr(info, data)
    return out.getvalue()


def letters(n: int) -> str:
    """0 -> "Aa", 1 -> "Ab", ...: a name part without digits (a digit in the text could read as a figure)."""
    first, second = divmod(n, 26)
    return string.ascii_uppercase[first % 26] + string.ascii_lowercase[second]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=500, help="drafts in the batch")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--samples", type=Path, default=ROOT / "tests" / "data")
    args = ap.parse_args()

    from vbassist.batch import run_batch
    from vbassist.overview import assemble, render_overview
    from vbassist.overview.rows import report_digest
    from vbassist.parsing import parse_file
    from vbassist.settings import Settings

    samples = sorted(args.samples.glob("*.docx"))
    if not samples:
        raise SystemExit(f"no .docx samples in {args.samples}")
    units = {s: parse_file(s)[0].unit or "" for s in samples}
    with tempfile.TemporaryDirectory(prefix="vbassist-overview-bench-") as tmp:
        for i, sample in enumerate(islice(cycle(samples), args.n)):
            data = distinct_copy(sample.read_bytes(), units[sample], letters(i // len(samples)))
            (Path(tmp) / f"{i:04d}_{sample.name}").write_bytes(data)

        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        main_cpu = time.process_time()
        # what build_overview does, with the batch's timings kept for the CPU split
        run = run_batch([tmp], settings=Settings(), jobs=args.jobs, use_corpus=False, digest=report_digest)
        overview = assemble(run)
        built = time.perf_counter()
        main_cpu = time.process_time() - main_cpu
        built_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        timings = {}
        for suffix in (".xlsx", ".html", ".docx"):
            t, cpu = time.perf_counter(), time.process_time()
            size = len(render_overview(overview, suffix))
            timings[suffix] = (time.perf_counter() - t, time.process_time() - cpu, size)
        done = time.perf_counter()
        load_after = os.getloadavg()[0]

    parent_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"drafts                 {args.n} (distinct copies of {len(samples)} samples), jobs {args.jobs}")
    print(f"load average           {load_before:.1f} before, {load_after:.1f} after (2 cores)")
    print(
        f"overview               {len(overview.reports)} reports, {len(overview.goals)} enhetsmål, "
        f"{len(overview.indicators)} indicator rows, {len(overview.namndmal)} nämndmål groups, "
        f"{len(overview.failed)} failed, {len(overview.left_out)} left out"
    )
    print(f"read + check + rows    {built - started:.1f} s wall ({args.n / (built - started):.1f} drafts/s)")
    for suffix, (seconds, cpu, size) in timings.items():
        print(f"write {suffix:<5}            {seconds:.2f} s wall, {cpu:.2f} s cpu ({size / 1024:.0f} kB)")
    print(f"total                  {done - started:.1f} s wall for all three formats (target < 30 s for one)")
    t = run.result.summary.timings
    worker_cpu = t["parse_cpu"] + t["check_cpu"] + t.get("digest_cpu", 0)
    one = max(cpu for _, cpu, _ in timings.values())
    print(
        f"on {args.jobs} idle cores      about {worker_cpu / args.jobs + main_cpu + one:.1f} s "
        f"(worker cpu / {args.jobs} + parent cpu + the slowest format's cpu)"
    )
    print(
        f"worker cpu             parse {t['parse_cpu']:.1f} s, check {t['check_cpu']:.1f} s, "
        f"overview rows {t.get('digest_cpu', 0):.1f} s ({1000 * t.get('digest_cpu', 0) / args.n:.0f} ms per draft)"
    )
    print(f"parent cpu             {main_cpu:.1f} s (collecting, joining findings, grouping)")
    print(
        f"peak memory            parent {built_mb:.0f} MB after the batch, {parent_mb:.0f} MB after writing; "
        f"largest worker {child_mb:.0f} MB"
    )


if __name__ == "__main__":
    main()
