"""Number verification: every number in a draft must be in the facts or in a cited snippet.

Comparison is rounding-aware ("73,3 %" is 73,33 rounded, "24 %" is 24,2 rounded), and a difference may
be written without its sign ("minskade med 1,3 procentenheter" for a change of -1,3). Years are numbers
too: a draft may name the report year, the years next to it and any year written in the facts.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from vbassist.drafting.models import Citation, GoalFacts, UnsupportedNumber, Verification
from vbassist.numbers import find_numbers, matches_rounded

# fields that hold machinery numbers, not facts a draft may state
_NOT_FACT_FIELDS = {"confidence", "utfall_decimals", "score", "block", "row", "col", "start", "end", "line"}


def _walk(data: Any, numbers: list[float], texts: list[str]) -> None:
    if isinstance(data, dict):
        for key, value in data.items():
            if key in _NOT_FACT_FIELDS:
                continue
            _walk(value, numbers, texts)
    elif isinstance(data, list | tuple):
        for value in data:
            _walk(value, numbers, texts)
    elif isinstance(data, bool) or data is None:
        return
    elif isinstance(data, int | float):
        numbers.append(float(data))
    elif isinstance(data, str):
        texts.append(data)


def supported_numbers(facts: GoalFacts, citations: Iterable[Citation] = ()) -> list[float]:
    """Every number a draft may state: numeric facts, numbers written in fact texts (names, Förväntat
    resultat, activities, labels) and in citation snippets, the report year and its neighbours."""
    numbers: list[float] = []
    texts: list[str] = []
    # the existing analysis is not a source for a new draft (the bench drafts with it removed)
    _walk(facts.model_dump(exclude={"existing_analysis"}), numbers, texts)
    for citation in citations:
        texts.append(citation.snippet)
        if citation.year is not None:
            numbers.append(float(citation.year))
    for text in texts:
        numbers.extend(m.value for m in find_numbers(text))
    if facts.year is not None:
        numbers.extend(float(facts.year + d) for d in (-1, 0, 1))
    # signs are the draft's wording ("minskade med 1,3"), not a different number
    return sorted({abs(n) for n in numbers})


def verify_text(
    text: str, facts: GoalFacts, citations: Iterable[Citation] = (), *, drafter: str = "grounded"
) -> Verification:
    """Check every number in `text`; `ok` is False when any is not backed by the facts or a citation."""
    allowed = supported_numbers(facts, citations)
    mentions = find_numbers(text)
    unsupported: list[UnsupportedNumber] = []
    for m in mentions:
        value = abs(m.value)
        if any(matches_rounded(value, m.decimals, a) for a in allowed):
            continue
        unsupported.append(UnsupportedNumber(raw=m.raw, value=m.value, start=m.start, end=m.end))
    return Verification(
        ok=not unsupported,
        drafter=drafter,  # type: ignore[arg-type]
        checked_numbers=len(mentions),
        unsupported=unsupported,
    )
