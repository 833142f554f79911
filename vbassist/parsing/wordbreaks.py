"""Where a line break fell inside a word: a line that ends in a hyphen ("Hägersten-" / "Älvsjö"), or a
word a narrow column cut without one ("Relation" / "svårdsc" / "entrum"). Such a break is rejoined
without a space only on evidence: a hyphen followed by a word that is not a conjunction, or a joined
form that is a word written whole elsewhere in the same document."""

from __future__ import annotations

# After a line-final hyphen these words show a Swedish shared-ending compound ("risk- och skydds-"),
# where the space is real.
_AFTER_SHARED_HYPHEN = {"och", "eller", "samt", "respektive", "resp.", "till", "som", "med", "och/eller"}


def hyphen_joins(next_text: str) -> bool:
    """Does a line ending in "-" join the next line without a space? "Hägersten-" + "Älvsjö", "meo-" +
    "filmning", "1-" + "14": yes; "risk-" + "och skyddsbedömningar": no."""
    first = next_text.strip().split(" ", 1)[0].lower()
    return bool(first) and first not in _AFTER_SHARED_HYPHEN


Fragment = tuple[str, float]  # one line of a table cell and the room left after it, in characters
Vocabulary = set[str]  # the words of a document's running text, as `vocabulary_key` gives them

_EDGE_PUNCTUATION = ".,;:!?()\"'”“"


def vocabulary_key(word: str) -> str:
    return word.strip(_EDGE_PUNCTUATION).lower()


def join_fragments(fragments: list[Fragment], vocabulary: Vocabulary) -> str:
    """A cell's lines as one line. PDF line breaks inside a cell are layout, not content: they become
    spaces, except inside a hyphenated name ("Hägersten-" + "Älvsjö") and after a word that was broken
    because it is wider than the column ("familjeh" + "em"). A broken word is recognised by the words of
    the document's running text: the joined word is one of them and the fragment is not, or (words seen
    nowhere else) the fragment fills the line to the last character."""
    text = ""
    previous: Fragment | None = None
    for part, room in fragments:
        if previous is None:
            text = part
        else:
            last_word = previous[0].rsplit(" ", 1)[-1]
            first_word = part.split(" ", 1)[0]
            joined = vocabulary_key(last_word + first_word)
            alone = vocabulary_key(last_word)
            rest = vocabulary_key(first_word)
            lower = part[:1].islower()
            known = lower and joined in vocabulary and (alone not in vocabulary or rest not in vocabulary)
            filled = (
                lower
                and alone not in vocabulary
                and (rest not in vocabulary or len(rest) <= 2)
                and previous[1] < 1.0
                and " " not in previous[0]
            )
            hyphen = text.endswith("-") and hyphen_joins(part)
            punctuation = part[:1] in ".,;:!?)"
            if known or filled or hyphen or punctuation:
                text += part
            else:
                text = f"{text} {part}"
        previous = (part, room)
    return text
