"""Which way is better for an indicator: most are higher-is-better, some (sick leave, re-referrals,
costs ...) lower-is-better. Polarity is data, not code: a bundled lexicon of name patterns
(`vbassist/data/polarity.json`) plus per-indicator overrides a user edits (`settings.polarity_file`,
JSON or YAML with the same keys: `lower`, `higher` pattern lists and an `overrides` name -> polarity map).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from vbassist.errors import ConfigurationError

Polarity = Literal["higher", "lower"]
DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class PolarityLexicon:
    """Patterns and overrides. `higher` patterns are tried before `lower` ones, so an exception such as
    "avhysningar som kunnat avvärjas" beats the general "avhysning" pattern."""

    higher: tuple[re.Pattern[str], ...] = ()
    lower: tuple[re.Pattern[str], ...] = ()
    overrides: dict[str, Polarity] = field(default_factory=dict)

    def polarity_of(self, indicator_name: str) -> Polarity:
        name = _normalise(indicator_name)
        if name in self.overrides:
            return self.overrides[name]
        if any(p.search(name) for p in self.higher):
            return "higher"
        if any(p.search(name) for p in self.lower):
            return "lower"
        return "higher"


def _normalise(name: str) -> str:
    # Table cells carry soft hyphens, symbols ("Sjukfrånvaro ♀") and broken lines ("nämnd/styr else").
    name = name.replace("\u00ad", "").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", name).strip(" ♀♂*").lower()


def _read_mapping(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigurationError(
            f"polaritetsfilen kan inte läsas ({exc.strerror})", source=str(path)
        ) from exc
    try:
        if path.suffix.lower() in {".yaml", ".yml"}:
            import yaml

            data = yaml.safe_load(text) or {}
        else:
            data = json.loads(text)
    except Exception as exc:  # both parsers raise their own error types
        raise ConfigurationError(
            f"polaritetsfilen är inte giltig JSON/YAML: {exc}", source=str(path)
        ) from exc
    if not isinstance(data, dict):
        raise ConfigurationError("polaritetsfilen ska vara ett objekt med nycklarna lower/higher/overrides")
    return data


def _patterns(entries: list[Any], source: str) -> tuple[re.Pattern[str], ...]:
    out = []
    for entry in entries or []:
        pattern = entry["pattern"] if isinstance(entry, dict) else str(entry)
        try:
            out.append(re.compile(pattern, re.IGNORECASE))
        except re.error as exc:
            raise ConfigurationError(f"ogiltigt mönster {pattern!r}: {exc}", source=source) from exc
    return tuple(out)


def build_lexicon(base: dict[str, Any], user: dict[str, Any] | None = None) -> PolarityLexicon:
    """Merge the bundled lexicon with a user's file: user patterns come first, user overrides win."""
    user = user or {}
    overrides: dict[str, Polarity] = {}
    for mapping in (base.get("overrides") or {}, user.get("overrides") or {}):
        for name, pol in mapping.items():
            if pol not in ("higher", "lower"):
                raise ConfigurationError(
                    f"polaritet för {name!r} ska vara 'higher' eller 'lower', inte {pol!r}"
                )
            overrides[_normalise(name)] = pol
    return PolarityLexicon(
        higher=_patterns([*(user.get("higher") or []), *(base.get("higher") or [])], "polarity"),
        lower=_patterns([*(user.get("lower") or []), *(base.get("lower") or [])], "polarity"),
        overrides=overrides,
    )


@lru_cache(maxsize=8)
def load_lexicon(user_file: Path | None = None) -> PolarityLexicon:
    """The bundled lexicon, merged with `user_file` when given (cached per path)."""
    base = json.loads((DATA_DIR / "polarity.json").read_text(encoding="utf-8"))
    user = _read_mapping(Path(user_file)) if user_file else None
    return build_lexicon(base, user)


def polarity_of(indicator_name: str, lexicon: PolarityLexicon | None = None) -> Polarity:
    """ "lower" when a smaller value is better for this indicator (sjukfrånvaro, kostnad ...), else "higher".
    `lexicon` None = the bundled lexicon without a user's overrides (callers with settings pass
    `load_lexicon(settings.polarity_file)`)."""
    return (lexicon or load_lexicon(None)).polarity_of(indicator_name)


def meets_target(utfall: float, arsmal: float, polarity: Polarity, *, decimals: int = 0) -> bool:
    """Whether an outcome meets its annual target, polarity-aware. An outcome that rounds to the target at
    the target's own precision meets it: "74,6 %" against "75 %" is not a miss a reviewer would flag."""
    tol = 0.5 * 10.0**-decimals
    if polarity == "lower":
        return utfall <= arsmal + tol - 1e-9
    return utfall >= arsmal - tol + 1e-9
