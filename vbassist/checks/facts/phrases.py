"""The phrase lists of the facts layer (`vbassist/data/check_phrases.json`), each compiled once into
one case-insensitive alternation."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

_FILE = Path(__file__).resolve().parent.parent.parent / "data" / "check_phrases.json"


@lru_cache(maxsize=1)
def _lists() -> dict[str, list[str]]:
    data = json.loads(_FILE.read_text(encoding="utf-8"))
    return {name: patterns for name, patterns in data.items() if not name.startswith("_")}


@lru_cache(maxsize=32)
def phrase_pattern(name: str) -> re.Pattern[str]:
    """The phrases of list `name` as one pattern (KeyError for a list the file does not have)."""
    return re.compile("|".join(f"(?:{p})" for p in _lists()[name]), re.IGNORECASE)
