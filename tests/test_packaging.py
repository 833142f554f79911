"""The wheel carries what an installed vbassist needs at run time: the prompt files (drafting and the
LLM check pass load them) and the bundled data. Built from a copy of the checkout, installed into a
folder of its own, and imported from there with the checkout out of reach."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def _copy_checkout(target: Path) -> None:
    """The files a fresh clone has (no .venv, no node_modules); the prompts link stays a link."""
    listed = (
        subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True)
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, listed):
        source, dest = REPO / name, target / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            dest.symlink_to(source.readlink())
        elif source.is_file():
            shutil.copy2(source, dest)


def test_an_installed_wheel_finds_its_prompts(tmp_path: Path) -> None:
    checkout, dist, site = tmp_path / "checkout", tmp_path / "dist", tmp_path / "site"
    _copy_checkout(checkout)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", dist, checkout], check=True)
    (wheel,) = dist.glob("vbassist-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    prompts = sorted(p.name for p in (REPO / "prompts").glob("*.md"))
    assert prompts and all(f"vbassist/prompts/{p}" in names for p in prompts)
    assert "vbassist/data/polarity.json" in names
    subprocess.run([*pip, "install", "--no-deps", "--target", site, wheel], check=True)
    probe = (
        "import vbassist, pathlib, sys\n"
        "from vbassist.settings import Settings\n"
        "from vbassist.llm.prompts import load_prompt\n"
        f"site = pathlib.Path({str(site)!r}).resolve()\n"
        "assert pathlib.Path(vbassist.__file__).resolve().is_relative_to(site), vbassist.__file__\n"
        "d = Settings().prompts_dir\n"
        "assert d.resolve().is_relative_to(site), d\n"
        f"for name in {[p[:-3] for p in prompts]!r}:\n"
        "    assert load_prompt(name, d).body.strip()\n"
        "print('ok')\n"
    )
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    run = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "ok"
