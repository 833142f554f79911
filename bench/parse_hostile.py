"""Time and peak memory of `vbassist parse` on hostile PDFs, texts and .docx files (issue 15), each built
here (the .docx ones by tests/parsing/hostile_docx.py), and on real files for comparison. One process per input; prints wall time, peak RSS, exit code and the message.

    .venv/bin/python bench/parse_hostile.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "parsing"))

from hostile_docx import HOSTILE, SAMPLE  # noqa: E402
from pdf_build import build_pdf, content, deflate_bomb, nested_forms  # noqa: E402


def _pages(n: int) -> list[bytes]:
    return [
        content([(72, 780, f"Enhetsmål: Barn i område {i} får stöd"), (72, 760, "Uppfylls helt")])
        for i in range(n)
    ]


def inputs(folder: Path) -> list[tuple[str, Path, dict[str, str]]]:
    seed = (ROOT / "corpus" / "vp2025_hagersten-alvsjo_barnenheten.txt").read_text(encoding="utf-8")
    made = {
        "pdf_2000_pages.pdf": build_pdf(_pages(2000)),
        "pdf_stream_2gb.pdf": build_pdf(_pages(1), raw=[deflate_bomb(2048)]),
        "pdf_nested_forms.pdf": nested_forms(depth=6, fanout=10),
        "text_10_1m_chars.txt": (seed * (10_100_000 // len(seed) + 1)).encode(),
        "text_utf16.txt": seed.encode("utf-16"),
        **{f"docx_{name}.docx": build() for name, (build, _) in HOSTILE.items()},
    }
    out: list[tuple[str, Path, dict[str, str]]] = []
    for name, data in made.items():
        path = folder / name
        path.write_bytes(data)
        out.append((name, path, {}))
    out.append(
        ("pdf_2000_pages.pdf (limit 2500)", folder / "pdf_2000_pages.pdf", {"VBASSIST_MAX_PDF_PAGES": "2500"})
    )
    out.append(
        (
            "real: familjehemsenheten.pdf",
            ROOT / "tests/data/vb2025_hagersten-alvsjo_familjehemsenheten.pdf",
            {},
        )
    )
    out.append(("real: familjehemsenheten.docx", SAMPLE, {}))
    out.append(
        (
            "real: socialtjanstavdelningen.txt",
            ROOT / "corpus/vb2024_kungsholmen_socialtjanstavdelningen.txt",
            {},
        )
    )
    return out


def main() -> None:
    print(f"{'input':40} {'KB':>7} {'s':>6} {'peak MB':>8} {'exit':>4}  message")
    with tempfile.TemporaryDirectory() as tmp:
        for name, path, env in inputs(Path(tmp)):
            started = time.perf_counter()
            proc = subprocess.Popen(
                [sys.executable, "-m", "vbassist.cli", "parse", str(path), "--format", "json"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                env={**os.environ, **env},
                cwd=ROOT,
            )
            assert proc.stderr is not None
            message = proc.stderr.read().decode().strip().splitlines()
            _, status, usage = os.wait4(proc.pid, 0)
            elapsed = time.perf_counter() - started
            text = message[-1].split(": ", 2)[-1][:70] if message else ""
            print(
                f"{name:40} {path.stat().st_size / 1024:7.0f} {elapsed:6.1f} {usage.ru_maxrss / 1024:8.0f} "
                f"{os.waitstatus_to_exitcode(status):4}  {text}"
            )


if __name__ == "__main__":
    main()
