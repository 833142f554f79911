"""Annotation cost against the number of findings: a .docx of N paragraphs (every fifth a table of three
rows), one finding per paragraph (a character span in every other one) and per table cell row, written as
Word comments. Prints CPU seconds (process_time) per size and per 1 000 findings: flat when annotating is
linear.

    .venv/bin/python bench/annotate_speed.py [--sizes 1000,2000,5000,10000]
"""

from __future__ import annotations

import argparse
import io
import time

import docx

from vbassist.model import Evidence, Finding, Location
from vbassist.parsing import read_blocks_bytes
from vbassist.reports.annotate import annotate_docx


def build(n: int) -> bytes:
    document = docx.Document()
    for i in range(n):
        document.add_paragraph(f"Stycke {i}: Enheten har arbetat med målet och andelen är {i % 100} procent.")
        if i % 5 == 4:
            table = document.add_table(rows=3, cols=3)
            for r in range(3):
                for c in range(3):
                    table.cell(r, c).text = f"{r}:{c} {i}"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def findings_for(data: bytes) -> list[Finding]:
    findings = []
    for block in read_blocks_bytes(data, "bench.docx").blocks:
        if block.kind == "paragraph":
            n = block.index
            loc = Location(block=n, start=7, end=20) if n % 2 else Location(block=n)
        else:
            loc = Location(block=block.index, row=1, col=2)
        findings.append(
            Finding(
                id=f"VB-BENCH-001#{len(findings) + 1}",
                rule="VB-BENCH-001",
                category="text_vs_table",
                severity="warning",
                unit="Benchenheten",
                goal="Barn får stöd",
                message=f"Fynd {len(findings) + 1}",
                evidence=[Evidence(label="text", text="andelen", value=None, location=loc)],
                location=loc,
            )
        )
    return findings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,2000,5000,10000")
    args = parser.parse_args()
    print(f"{'paragraphs':>10} {'findings':>9} {'annotate s':>10} {'s per 1000':>10} {'placed':>7}")
    for n in (int(s) for s in args.sizes.split(",")):
        data = build(n)
        findings = findings_for(data)
        t0 = time.process_time()
        result = annotate_docx(data, findings)
        seconds = time.process_time() - t0
        print(
            f"{n:10d} {len(findings):9d} {seconds:10.2f} {seconds / len(findings) * 1000:10.3f} "
            f"{result.placed:7d}"
        )


if __name__ == "__main__":
    main()
