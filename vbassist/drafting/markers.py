"""The marks a draft leaves in its text (patterns in `vbassist.gaps`, shared with the checker): gaps the
manager fills in ("[Beskriv orsaken till ...]") and reused wording offered with its source
("[Formulering från VB 2024, Familjeenheten: ”...”]"). Neither is a claim of the draft itself; this
module takes them out of a text or reads them."""

from __future__ import annotations

from vbassist.gaps import DRAFT_MARK_RE, SUGGESTION_RE
from vbassist.sv import shorten

SUGGESTION_CHARS = 320  # a suggestion is a sentence or two to adapt, not a whole analysis


def strip_markers(text: str) -> str:
    """`text` without its gaps and suggestions (what the draft itself claims), spacing tidied."""
    kept = DRAFT_MARK_RE.sub("", text)
    return "\n\n".join(" ".join(p.split()) for p in kept.split("\n\n") if p.strip())


def strip_suggestions(text: str) -> str:
    """`text` without its marked suggestions (gaps kept), spacing tidied."""
    kept = SUGGESTION_RE.sub("", text)
    return "\n\n".join(" ".join(p.split()) for p in kept.split("\n\n") if p.strip())


def suggestions_in(text: str) -> list[tuple[str, str]]:
    """(source, snippet) of each suggestion in `text`."""
    return [(m["source"], m["snippet"]) for m in SUGGESTION_RE.finditer(text)]


def suggestion_snippet(snippet: str) -> str:
    """A cited passage made fit to sit inside a suggestion mark: one line, no brackets or closing
    quotes of its own, at most `SUGGESTION_CHARS` characters ending on a sentence or word boundary."""
    text = " ".join(snippet.replace("[", "(").replace("]", ")").replace("”", '"').split())
    if len(text) <= SUGGESTION_CHARS:
        return text
    cut = text[:SUGGESTION_CHARS]
    end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    if end > SUGGESTION_CHARS // 3:
        return cut[: end + 1]
    return shorten(text, SUGGESTION_CHARS)  # after a whole word
