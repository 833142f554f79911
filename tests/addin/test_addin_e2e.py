"""The Word add-in's own tests (TypeScript type check, unit tests with office-addin-mock, and the
end-to-end run in Debian's Chromium against the real service), run from pytest so one test
command covers them. Nothing is skipped: a missing Node, node_modules or Chromium fails with
what to install."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ADDIN = Path(__file__).resolve().parents[2] / "addin"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def _npm(script: str, timeout: int) -> None:
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        pytest.fail("Node.js and npm are needed for the add-in tests: apt-get install -y nodejs npm")
    if not (ADDIN / "node_modules").is_dir():
        pytest.fail(f"{ADDIN / 'node_modules'} is missing: run `npm ci` in {ADDIN}")
    # the e2e starts the service with this interpreter, so it runs the checkout's vbassist
    env = {**os.environ, "VBASSIST_PYTHON": sys.executable, "CHROMIUM": CHROMIUM}
    # own session: on a timeout the whole tree (node, the service, Chromium) is stopped, and what
    # it printed so far is shown
    proc = subprocess.Popen(
        [npm, "run", "--silent", script],
        cwd=ADDIN,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        stdout, stderr = proc.communicate()
        pytest.fail(f"npm run {script} took over {timeout} s:\n{stdout[-6000:]}\n{stderr[-3000:]}")
    if proc.returncode != 0:
        pytest.fail(f"npm run {script} failed ({proc.returncode}):\n{stdout[-6000:]}\n{stderr[-3000:]}")
    assert "# fail 0" in stdout or script == "typecheck", stdout[-3000:]


def test_addin_typecheck() -> None:
    _npm("typecheck", timeout=300)


def test_addin_unit() -> None:
    _npm("test:unit", timeout=300)


@pytest.mark.slow
def test_addin_e2e_chromium() -> None:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is needed at {CHROMIUM}: apt-get install -y chromium")
    _npm("test:e2e", timeout=540)
