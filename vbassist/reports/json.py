"""The JSON rendering: `{"documents": [...], "summary": {...}}` as documented in docs/check.md."""

from __future__ import annotations

import json

from vbassist.checks.result import CheckResult


def render_json(result: CheckResult, *, indent: int | None = 2) -> str:
    """The documented JSON interface as text (UTF-8, Swedish characters kept as they are)."""
    return json.dumps(result.to_json(), ensure_ascii=False, indent=indent)
