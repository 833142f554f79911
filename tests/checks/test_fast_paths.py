"""Speed rewrites must find exactly what the plain forms find: sentence boundaries (a look-ahead regex
for the look-behind one), stem coverage (set lookups for a pass of `stems_match` over the haystack).
Random strings over the characters that matter, plus the real seeds' text."""

from __future__ import annotations

import random
from pathlib import Path

from vbassist.checks.claims.sentences import _SENT_END, _SENT_END_FAST, sentences
from vbassist.linking import _affixes, _found, content_stems, coverage, stems_match

SEEDS = Path(__file__).resolve().parent.parent / "reports" / "data"


def _boundaries(text: str) -> list[tuple[int, int]]:
    return [
        (m.start(1) if m.group(1) is not None else m.start(2), m.end()) for m in _SENT_END_FAST.finditer(text)
    ]


def test_sentence_boundaries_equal_the_look_behind_form() -> None:
    rng = random.Random(5)
    alphabet = ["a", "B", ".", "!", "?", "]", " ", "\n", "\t", "Å", "1", "(", '"', "“", "[", "\u00a0"]
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25)))
        assert _boundaries(text) == [m.span() for m in _SENT_END.finditer(text)], repr(text)
    for path in SEEDS.glob("*.txt"):
        text = path.read_text(encoding="utf-8")
        assert _boundaries(text) == [m.span() for m in _SENT_END.finditer(text)]
        assert len(sentences(text)) > 10


def test_stem_coverage_equals_pairwise_stems_match() -> None:
    rng = random.Random(1)

    def word() -> str:
        return "".join(rng.choice("abcde") for _ in range(rng.randint(1, 10)))

    for _ in range(20000):
        hay = tuple(word() for _ in range(rng.randint(0, 6)))
        needle = word() if rng.random() < 0.5 or not hay else rng.choice(hay)[: rng.randint(1, 10)]
        if rng.random() < 0.3 and hay:
            needle += rng.choice(hay)
        expected = any(stems_match(needle, h) for h in set(hay))
        assert _found(needle, *_affixes(hay)) == expected, (needle, hay)
    # real stems: "familjehem" ~ "familjehemsplacer", "barn" is not "barnsekreter"
    text = content_stems("Familjehemsplaceringar och barnsekreterare i familjehem")
    assert coverage(content_stems("familjehem"), text) == 1.0
    assert coverage(content_stems("barn"), content_stems("barnsekreterare")) == 0.0


def test_concept_groups_on_lowered_text_equal_case_insensitive_search() -> None:
    from vbassist.linking import _concept_alternations, concepts_in

    rng = random.Random(3)
    pieces = [
        "Sjukfrånvaron", "FRISKNÄRVARO", "frånvaro", "Våld i nära relationer", "VÅLDSUTSATTA", "nöjd",
        "Nöjdhet", "återaktualiseras", "CO2", "ami", "AMI-index", "heltid", "Tillsvidareanställda",
        " – ", "”", "µ", "ß", "İ", "K", "ſ", " ", "\u00a0", "och", "2024", "%",
    ]  # fmt: skip
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))
        expected = frozenset(n for n, p in _concept_alternations().items() if p.search(text))
        assert concepts_in(text) == expected, repr(text)
