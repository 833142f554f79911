"""LibreOffice for the tests that open or convert Word files the way a user's office suite does, through
the one soffice runner (`vbassist.parsing.legacy.run_soffice`). The tools are installed by
`scripts/setup.sh --test`; on CI a missing tool fails the test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from vbassist.parsing.legacy import find_soffice, run_soffice


def require(tool: str | None, name: str) -> str:
    if tool is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} saknas: scripts/setup.sh installerar det")
        pytest.skip(f"{name} is not installed (apt-get install libreoffice-writer poppler-utils)")
    return tool


def convert(sources: list[Path], target: str, out_dir: Path) -> list[Path]:
    """Each of `sources` converted by soffice to `target` (an extension, or "ext:Filter{options}") in
    `out_dir`, one soffice run for them all."""
    require(find_soffice(), "LibreOffice")
    out_dir.mkdir(parents=True, exist_ok=True)
    run_soffice(sources, target, out_dir, timeout_s=300)
    suffix = "." + target.split(":")[0]
    converted = [out_dir / (s.stem + suffix) for s in sources]
    missing = [p for p in converted if not p.is_file()]
    assert not missing, f"soffice did not write {missing}"
    return converted
