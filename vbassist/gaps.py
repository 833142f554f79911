"""The gap markers a draft leaves for what only the manager knows ("[Beskriv orsaken till ...]",
"[Kommentera ...]", "[Ange ...]", "[Förklara ...]"): the one pattern the drafter writes them by and the
checker finds them by, so a draft inserted and not completed does not pass review silently."""

from __future__ import annotations

import re

GAP_RE = re.compile(r"\[(?:Beskriv|Kommentera|Ange|Förklara)[^\]]*\]")

# Earlier wording a draft offers with its source ("[Formulering från VB 2024, Familjeenheten: ”…”]"):
# not the unit's own claim, and not a finished analysis either.
SUGGESTION_RE = re.compile(r"\[Formulering från (?P<source>[^:\]]*): ”(?P<snippet>[^\]]*)”\]")
DRAFT_MARK_RE = re.compile(f"{GAP_RE.pattern}|{SUGGESTION_RE.pattern}")
