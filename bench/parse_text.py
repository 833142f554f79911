"""Throughput of the text/markdown and PDF readers (blocks only, then the full parse), on the corpus
and on the PDF fixture, in CPU time (process_time: stable while other jobs share the cores; the readers
are single-threaded). Prints one line per file; run: `.venv/bin/python bench/parse_text.py`."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from vbassist.parsing import parse_file
from vbassist.parsing.pdf import read_pdf_blocks
from vbassist.parsing.text import read_text_blocks

ROOT = Path(__file__).resolve().parents[1]


def best_of(n: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(n):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    print(f"{'file':58} {'KB':>6} {'blocks':>6} {'read ms':>8} {'MB/s':>6} {'parse ms':>9} {'reports':>7}")
    seeds = [
        p
        for p in sorted((ROOT / "corpus").iterdir())
        if p.suffix in (".md", ".txt") and p.name != "README.md"
    ]
    for path in seeds:
        text = path.read_text(encoding="utf-8")
        fmt = "markdown" if path.suffix == ".md" else "text"
        doc = read_text_blocks(text, path.name, fmt)  # type: ignore[arg-type]
        read = best_of(5, lambda t=text, f=fmt: read_text_blocks(t, "x", f))
        full = best_of(3, lambda p=path: parse_file(p))
        size = len(text.encode()) / 1024
        reports = len(parse_file(path))
        print(
            f"{path.name:58} {size:6.0f} {len(doc.blocks):6d} {read * 1000:8.1f} {size / 1024 / read:6.2f} "
            f"{full * 1000:9.1f} {reports:7d}"
        )
    pdf = ROOT / "tests" / "data" / "vb2025_hagersten-alvsjo_familjehemsenheten.pdf"
    data = pdf.read_bytes()
    from pypdf import PdfReader

    pages = len(PdfReader(pdf).pages)
    doc = read_pdf_blocks(data, pdf.name)
    read = best_of(2, lambda: read_pdf_blocks(data, pdf.name))
    print(
        f"{pdf.name:58} {len(data) / 1024:6.0f} {len(doc.blocks):6d} {read * 1000:8.1f} "
        f"{'':6} {'':9} {'':7}  {pages} pages, {pages / read:.1f} pages/s"
    )


if __name__ == "__main__":
    main()
