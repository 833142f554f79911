"""The Swedish texts of the overview's documents: templates from `vbassist/data/overview.json` (a
person may reword them without touching code) and the status distribution in words. Counts with
their noun are `vbassist.sv.count`."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from vbassist.numbers import format_sv
from vbassist.overview.model import STATUS_KEYS, StatusKey

_TEXTS = Path(__file__).resolve().parent.parent / "data" / "overview.json"
_PLACEHOLDER_RE = re.compile(r"\{([a-z_]+)\}")


@lru_cache(maxsize=1)
def _texts() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_TEXTS.read_text(encoding="utf-8"))
    return data


def text(name: str, **values: str) -> str:
    """The template `name` with its placeholders filled; a missing or unused value is a bug here."""
    template = str(_texts()[name])
    wanted = set(_PLACEHOLDER_RE.findall(template))
    if wanted != set(values):
        raise KeyError(f"overview text {name}: needs {sorted(wanted)}, got {sorted(values)}")
    return _PLACEHOLDER_RE.sub(lambda m: values[m[1]], template)


def distribution(counts: dict[StatusKey, int]) -> str:
    """ "2 uppfylls helt, 1 uppfylls delvis" (statuses with no enhetsmål left out)."""
    words: dict[str, str] = _texts()["distribution_words"]
    return ", ".join(f"{format_sv(counts[k])} {words[k]}" for k in STATUS_KEYS if counts.get(k, 0) > 0)
