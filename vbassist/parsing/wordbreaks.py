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


# Room after a line, in average characters, below which the line counts as full (the measure is rough:
# cell padding is estimated and a narrow "i" leaves room a wide "m" would not fit in).
_FULL_LINE_ROOM = 1.5
_ONE_LETTER_WORDS = {"i", "å", "ö", "o"}

Fragment = tuple[str, float]  # one line of a table cell and the room left after it, in characters
Vocabulary = set[str]  # the words of a document's running text, as `vocabulary_key` gives them

_EDGE_PUNCTUATION = ".,;:!?()\"'”“"


def vocabulary_key(word: str) -> str:
    return word.strip(_EDGE_PUNCTUATION).lower()


def _first_word(part: str) -> str:
    return part.split(" ", 1)[0]


def _known_chain(word: str, parts: list[str], k: int, vocabulary: Vocabulary) -> int:
    """How many of the lines from k on continue `word` into a word of the document: `word` plus the
    first word of line k (plus the next line's, while a line is a single word, as when a column broke
    "Relation" / "svårdsc" / "entrum") is a word written whole elsewhere, and not every piece is a word
    on its own. 0 when no such chain exists; the longest one wins."""
    pieces = [word]
    best = 0
    for n, part in enumerate(parts[k : k + 3], 1):
        first = _first_word(part)
        if not first[:1].islower():
            break
        pieces.append(first)
        if vocabulary_key("".join(pieces)) in vocabulary and not all(
            vocabulary_key(p) in vocabulary for p in pieces
        ):
            best = n
        if " " in part:
            break
    return best


def join_fragments(fragments: list[Fragment], vocabulary: Vocabulary) -> str:
    """A cell's lines as one line. PDF line breaks inside a cell are layout, not content: they become
    spaces, except inside a hyphenated name ("Hägersten-" + "Älvsjö") and inside a word that was broken
    because it is wider than the column ("familjeh" + "em"). A broken word is recognised by the words of
    the document's running text: the joined word is one of them (over as many lines as the column cut
    it into) and its pieces are not all words; or, for words seen nowhere else, the line is a single
    word that fills the column to the last character and the next line does not start a known word."""
    parts = [part for part, _ in fragments]
    glued = [False] * max(0, len(parts) - 1)  # glued[j]: no space between parts[j] and parts[j + 1]
    j = 0
    while j < len(glued):
        chain = _known_chain(parts[j].rsplit(" ", 1)[-1], parts, j + 1, vocabulary)
        if chain:
            glued[j : j + chain] = [True] * chain
            j += chain
            continue
        glued[j] = _glued(parts, fragments[j][1], j, vocabulary)
        j += 1
    text = parts[0] if parts else ""
    for j, part in enumerate(parts[1:]):
        text += part if glued[j] else f" {part}"
    return text


def _glued(parts: list[str], room: float, j: int, vocabulary: Vocabulary) -> bool:
    """No space between parts[j] and parts[j + 1], on the evidence of hyphen, punctuation or a full line."""
    previous, part = parts[j], parts[j + 1]
    # punctuation never starts a wrapped line; a line starting with "/" is the rest of "svenska/svenska"
    # that a column too narrow for it cut before the slash
    if part[:1] in ".,;:!?)/" or (previous.endswith("-") and hyphen_joins(part)):
        return True
    alone = vocabulary_key(previous.rsplit(" ", 1)[-1])
    first = _first_word(part)
    rest = vocabulary_key(first)
    next_is_word = (rest in vocabulary and len(rest) > 2) or (
        " " not in part and _known_chain(first, parts, j + 2, vocabulary) > 0
    )
    # a lone letter that is no Swedish word ("delaktig" / "t") is always the end of a broken word
    stray_letter = len(rest) == 1 and rest not in _ONE_LETTER_WORDS
    return (
        part[:1].islower()
        and (alone not in vocabulary or stray_letter)
        and (not next_is_word or stray_letter)
        and room < _FULL_LINE_ROOM
        and " " not in previous
    )
