"""Sentences of running report prose, with their character spans."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int


# "[" also starts a sentence: drafts leave gaps like "[Beskriv orsaken ...]" between sentences
_SENT_END = re.compile(r"(?<=[.!?\]])\s+(?=[A-ZÅÄÖ0-9\"“(\[])|\n+")
# The same boundaries, found faster: a pattern that starts with the punctuation itself lets the regex
# engine skip ahead to the next candidate character, where the look-behind was tried at every position.
# The boundary is group 1 (after punctuation) or group 2 (newlines); tests compare it with _SENT_END.
_SENT_END_FAST = re.compile(r"[.!?\]](\s+)(?=[A-ZÅÄÖ0-9\"“(\[])|(\n+)")


@lru_cache(maxsize=8192)
def sentences(text: str) -> list[Sentence]:
    """Split running text into sentences with their spans (good enough for report prose)."""
    out, pos = [], 0
    for m in _SENT_END_FAST.finditer(text):
        start = m.start(1) if m.group(1) is not None else m.start(2)
        if text[pos:start].strip():
            out.append(Sentence(text[pos:start], pos, start))
        pos = m.end()
    if text[pos:].strip():
        out.append(Sentence(text[pos:], pos, len(text)))
    return out
