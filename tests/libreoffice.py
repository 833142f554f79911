"""LibreOffice (headless soffice) for the tests that open or convert Word files the way a user's office
suite does. The tool is installed by `scripts/setup.sh --test`; on CI a missing tool fails the test."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def require(tool: str | None, name: str) -> str:
    if tool is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} saknas: scripts/setup.sh installerar det")
        pytest.skip(f"{name} is not installed (apt-get install libreoffice-writer poppler-utils)")
    return tool


def convert(sources: list[Path], target: str, out_dir: Path, work: Path) -> list[Path]:
    """Each of `sources` converted by soffice to `target` (an extension, or "ext:Filter{options}") in
    `out_dir`; one soffice run for them all, with its own profile (parallel runs must not share one)."""
    soffice = require(SOFFICE, "LibreOffice")
    env = {**os.environ, "HOME": str(work / "home")}
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(work / 'lo-profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(out_dir),
            *map(str, sources),
        ],
        check=True,
        capture_output=True,
        timeout=300,
        env=env,
    )
    suffix = "." + target.split(":")[0]
    converted = [out_dir / (s.stem + suffix) for s in sources]
    missing = [p for p in converted if not p.is_file()]
    assert not missing, f"soffice did not write {missing}"
    return converted
