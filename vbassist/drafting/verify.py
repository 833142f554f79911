"""Verification: every number in a draft must be in the facts or in a source that may support it, and
(`vbassist.drafting.meaning`) mean what the facts say.

Where a number may come from depends on where it stands. In the draft's own sentences: the facts, the
unit's own earlier reports and its plan (they speak of this unit). Inside a marked suggestion
("[Formulering från VB 2024, Familjeenheten: ”...”]"): the citation it names. Another unit's citation
never supports a claim about this unit. Comparison is rounding-aware ("73,3 %" is 73,33 rounded) and a
difference may be written without its sign. Years are numbers too: a draft may name the report year,
the years next to it and any year written in the facts.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from vbassist.drafting.meaning import meaning_problems
from vbassist.drafting.models import Citation, Drafter, GoalFacts, UnsupportedNumber, Verification
from vbassist.gaps import SUGGESTION_RE
from vbassist.numbers import find_numbers, matches_rounded

# fields that hold machinery numbers, not facts a draft may state
_NOT_FACT_FIELDS = {
    "confidence",
    "utfall_decimals",
    "text_decimals",
    "score",
    "block",
    "row",
    "col",
    "start",
    "end",
    "line",
}
_ABOUT_THIS_UNIT = ("own_earlier", "plan")


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


def _cited(citations: Iterable[Citation]) -> tuple[list[float], list[str]]:
    numbers: list[float] = []
    texts: list[str] = []
    for citation in citations:
        texts.append(citation.snippet)
        if citation.year is not None:
            numbers.append(float(citation.year))
    return numbers, texts


@lru_cache(maxsize=8192)
def _values_in(text: str) -> tuple[float, ...]:
    # cached: every draft of a goal reads the same fact texts and citations
    return tuple(m.value for m in find_numbers(text))


def _allowed(numbers: list[float], texts: list[str]) -> list[float]:
    for text in texts:
        numbers.extend(_values_in(text))
    # signs are the draft's wording ("minskade med 1,3"), not a different number
    return sorted({abs(n) for n in numbers})


def supported_numbers(facts: GoalFacts, citations: Iterable[Citation] = ()) -> list[float]:
    """Every number the draft's own sentences may state: numeric facts, numbers written in fact texts
    (names, Förväntat resultat, activities, labels), the unit's own earlier reports and plan, the report
    year and its neighbours."""
    numbers: list[float] = []
    texts: list[str] = []
    # the existing analysis is not a source for a new draft (the bench drafts with it removed)
    _walk(facts.model_dump(exclude={"existing_analysis"}), numbers, texts)
    cited_numbers, cited_texts = _cited(c for c in citations if c.relation in _ABOUT_THIS_UNIT)
    if facts.year is not None:
        numbers.extend(float(facts.year + d) for d in (-1, 0, 1))
    return _allowed(numbers + cited_numbers, texts + cited_texts)


def _source_of(citation: Citation) -> str:
    """How a suggestion mark names its citation: "VB 2024, Familjeenheten"."""
    return f"{citation.kind or 'rapport'} {citation.year or ''}, {citation.unit or 'okänd enhet'}"


def _unsupported(text: str, offset: int, allowed: list[float]) -> list[UnsupportedNumber]:
    out = []
    for m in find_numbers(text):
        if not any(matches_rounded(abs(m.value), m.decimals, a) for a in allowed):
            out.append(
                UnsupportedNumber(raw=m.raw, value=m.value, start=offset + m.start, end=offset + m.end)
            )
    return out


def verify_text(
    text: str, facts: GoalFacts, citations: Iterable[Citation] = (), *, drafter: Drafter = "grounded"
) -> Verification:
    """Check every number in `text`; `ok` is False when any is not backed by a source it may come from,
    or (`meaning`) is not the value its sentence gives it."""
    citations = list(citations)
    own_allowed = supported_numbers(facts, citations)
    unsupported: list[UnsupportedNumber] = []
    checked = 0
    outside: list[str] = []
    last = 0
    for match in SUGGESTION_RE.finditer(text):
        outside.append(text[last : match.start()])
        last = match.end()
        # a suggestion's numbers come from the citation it names (and the source line's year)
        named = [c for c in citations if _source_of(c) == match["source"].strip()]
        allowed = _allowed(*_cited(named)) if named else []
        start = match.start("snippet")
        unsupported += _unsupported(match["snippet"], start, allowed)
        unsupported += _unsupported(match["source"], match.start("source"), [*allowed, *own_allowed])
        checked += len(find_numbers(match.group(0)))
    outside.append(text[last:])
    position = 0
    for part in outside:
        start = text.index(part, position) if part else position
        unsupported += _unsupported(part, start, own_allowed)
        checked += len(find_numbers(part))
        position = start + len(part)
    meaning = meaning_problems(text, facts, [c.snippet for c in citations if c.relation == "own_earlier"])
    unsupported.sort(key=lambda u: u.start)
    return Verification(
        ok=not unsupported and not meaning,
        drafter=drafter,
        checked_numbers=checked,
        unsupported=unsupported,
        meaning=meaning,
    )
