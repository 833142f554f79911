"""Run the CLI on a file in a child process whose address space is capped (`resource.RLIMIT_AS`), and
measure what the command cost: exit code, stderr, CPU seconds and peak memory growth. A file that tries
to take more memory than the cap makes the command fail instead of taking the machine."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

_CHILD = r"""
import json, resource, sys, time
from vbassist.cli import app
import vbassist.parsing.builder, vbassist.parsing.docx_reader  # imported before the cap: not what is measured

def vm_size():
    with open("/proc/self/status") as status:
        return next(int(l.split()[1]) * 1024 for l in status if l.startswith("VmSize:"))

cap = vm_size() + int(sys.argv[1]) * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.process_time()
try:
    app(sys.argv[3:], prog_name="vbassist")
    code = 0
except SystemExit as exit:
    code = exit.code if isinstance(exit.code, int) else 1
cpu = time.process_time() - t0
grew = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0) / 1024
with open(sys.argv[2], "w") as out:
    json.dump({"exit": code, "cpu_s": cpu, "grew_mb": grew}, out)
"""


@dataclass
class Run:
    exit: int
    stdout: str
    stderr: str
    cpu_s: float  # CPU the command took, imports not counted
    grew_mb: float  # how much the peak resident memory grew while it ran


def run_cli(
    args: list[str], *, memory_mb: int, work: Path, env: dict[str, str] | None = None, timeout_s: float = 120
) -> Run:
    """`vbassist <args>` in a child process allowed `memory_mb` of address space beyond its imports,
    with `env` added to the environment (settings: VBASSIST_...)."""
    result = work / "cost.json"
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(memory_mb), str(result), *args],
        capture_output=True,
        text=True,
        timeout=timeout_s,
        cwd=work,
        env={**os.environ, **(env or {})},
    )
    assert result.is_file(), f"the child died: {done.returncode}\n{done.stderr[-2000:]}"
    cost = json.loads(result.read_text())
    result.unlink()
    return Run(cost["exit"], done.stdout, done.stderr, cost["cpu_s"], cost["grew_mb"])
