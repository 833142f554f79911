"""The grounded drafter's sentences, read from `vbassist/data/draft_texts.toml` and checked strictly when
loaded: every key the drafter uses must be there, no other key may be, and a text may use only the
variables its key declares (a typo in an edited file fails at load, not as a stray "{namn}" in a draft).
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from vbassist.errors import ConfigurationError
from vbassist.linking import DATA_DIR

TEXTS_FILE = DATA_DIR / "draft_texts.toml"
_PLACEHOLDER_RE = re.compile(r"\{([a-z_]+)\}")
_STATUSES = ("helt", "delvis", "inte")

# every key of the file and the variables its texts may use
VARIABLES: dict[str, frozenset[str]] = {
    key: frozenset(names.split())
    for key, names in {
        "assessment.vb": "clause",
        "assessment.forecast": "clause",
        "assessment.no_status": "",
        "assessment.no_data": "",
        "assessment.supported": "evidence",
        "assessment.divergent": "suggested evidence clause",
        "assessment.suggested_only": "suggested evidence",
        "assessment.gap_delvis": "",
        "assessment.gap_inte": "",
        **{f"assessment.clause.{s}": "" for s in _STATUSES},
        **{f"assessment.forecast_clause.{s}": "" for s in _STATUSES},
        "evidence.met": "name value target",
        "evidence.missed": "name value target",
        "evidence.improving": "name before now",
        "evidence.target_met": "bullet",
        "evidence.target_missed": "bullet",
        "indicator.up": "subject subject_lc before label bare now",
        "indicator.down": "subject subject_lc before label bare now",
        "indicator.unchanged": "subject now bare",
        "indicator.level": "subject now",
        "indicator.better": "",
        "indicator.worse": "",
        "indicator.target_met": "target",
        "indicator.target_level": "target",
        "indicator.target_missed": "target",
        "indicator.group_met": "count targets",
        "indicator.no_outcome": "name why",
        "indicator.gap_no_outcome": "short",
        "indicator.gap_missed": "short",
        "indicator.gender": "short higher higher_value lower lower_value",
        "indicator.gender_gap": "women men",
        "forvantat.met": "bullet evidence",
        "forvantat.not_met": "bullet evidence",
        "forvantat.not_followed_up": "bullet evidence",
        "forvantat.gap_not_met": "bullet",
        "forvantat.gap_no_data": "bullet",
        "forvantat.evidence_level": "short now",
        "forvantat.evidence_relative": "short verb size before now",
        "forvantat.evidence_points": "short verb size before now",
        "forvantat.evidence_direction": "short verb before now",
        "forvantat.evidence_unchanged": "short now",
        "forvantat.evidence_no_outcome": "short",
        "forvantat.evidence_no_last_year": "short now",
        "forvantat.restated": "bullet verdict",
        "activity.text": "name text table",
        "activity.deviation_text": "name text table",
        "activity.text_deviation": "name text table",
        "activity.deviation_marker": "name table",
        "activity.gap_deviation": "name",
        "activity.no_deviation_one": "names table",
        "activity.no_deviation_many": "names table",
        "activity.table": "",
        "activity.table_namndmal": "",
        "activity.gap_results_one": "",
        "activity.gap_results_many": "",
        "activity.gap_none": "",
        "suggestion.text": "kind year unit snippet",
        "closing.next": "",
    }.items()
}


def _leaves(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_leaves(value, f"{path}."))
        else:
            out[path] = value
    return out


def parse_texts(data: dict[str, Any], *, source: str) -> dict[str, tuple[str, ...]]:
    """The texts of a parsed file as key -> variants; ConfigurationError naming every problem."""
    leaves = _leaves(data)
    problems = [f"okänd nyckel {key}" for key in sorted(set(leaves) - set(VARIABLES))]
    problems += [f"nyckeln {key} saknas" for key in sorted(set(VARIABLES) - set(leaves))]
    texts: dict[str, tuple[str, ...]] = {}
    for key, value in leaves.items():
        variants = value if isinstance(value, list) else [value]
        if not variants or not all(isinstance(v, str) for v in variants):
            problems.append(f"{key}: ska vara en text eller en lista med texter")
            continue
        for variant in variants:
            unknown = set(_PLACEHOLDER_RE.findall(variant)) - VARIABLES.get(key, frozenset())
            if unknown and key in VARIABLES:
                problems.append(f"{key}: okända variabler {', '.join(sorted(unknown))}")
        texts[key] = tuple(variants)
    if problems:
        raise ConfigurationError(f"ogiltig textfil för utkast: {'; '.join(problems)}", source=source)
    return texts


@lru_cache(maxsize=4)
def load_texts(path: Path = TEXTS_FILE) -> DraftTexts:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigurationError(f"textfilen för utkast kan inte läsas: {exc}", source=str(path)) from exc
    return DraftTexts(parse_texts(data, source=str(path)))


class DraftTexts:
    """The loaded texts. `text(key, n, **values)` fills variant `n` (taken in turn) of `key`."""

    def __init__(self, texts: dict[str, tuple[str, ...]]) -> None:
        self._texts = texts

    def text(self, key: str, n: int = 0, **values: str) -> str:
        variants = self._texts[key]
        wanted = VARIABLES[key]
        if set(values) != wanted:
            # a drafter bug, not a user error: the code and the declared variables disagree
            raise KeyError(f"{key}: värden {sorted(values)}, deklarerade {sorted(wanted)}")
        return _PLACEHOLDER_RE.sub(lambda m: values[m.group(1)], variants[n % len(variants)])
