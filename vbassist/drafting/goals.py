"""Finding the enhetsmål a user means by the start of its title: one goal, or an error that says why
not (no goal matches, or several do and the user must say which)."""

from __future__ import annotations

import re
from collections.abc import Callable

from vbassist.errors import VbassistError
from vbassist.model import Goal, Report
from vbassist.names import fold_name

MAX_LISTED = 12  # candidates named in an error message; the count says how many there were


class GoalNotFoundError(VbassistError):
    """No enhetsmål starts with (or contains) the given title."""

    code = "mal_saknas"
    http_status = 404


class GoalAmbiguousError(VbassistError):
    """Several enhetsmål match the given title; `candidates` names them ("Enhet: rubrik")."""

    code = "mal_tvetydigt"
    http_status = 422

    def __init__(self, message: str, *, candidates: list[str], source: str | None = None) -> None:
        super().__init__(message, source=source)
        self.candidates = candidates


def goal_key(title: str) -> str:
    """A title as a comparison key: without a leading "Enhetsmål:", case, diacritics and punctuation."""
    return fold_name(re.sub(r"^\s*enhetsmål\s*:\s*", "", title, flags=re.I))


def _label(report: Report, goal: Goal, several_units: bool) -> str:
    title = " ".join(goal.title.split())
    return f"{report.unit or '(okänd enhet)'}: {title}" if several_units else title


def find_goal_in(reports: list[Report], title_prefix: str) -> tuple[Report, Goal]:
    """The one enhetsmål of `reports` the title means: the goal whose title is `title_prefix` (case,
    diacritics and spacing ignored), else the one whose title starts with it, else the one containing
    it. Raises GoalNotFoundError when none matches and GoalAmbiguousError (listing them) when several
    match at the first of those steps that finds any."""
    wanted = goal_key(title_prefix)
    source = reports[0].source if reports else None
    if not wanted:
        raise GoalNotFoundError("ange början av målets rubrik", source=source)
    goals = [(r, g) for r in reports for g in r.enhetsmal()]
    tests: tuple[Callable[[str], bool], ...] = (
        lambda key: key == wanted,
        lambda key: key.startswith(wanted),
        lambda key: wanted in key,
    )
    several_units = len({r.unit for r in reports}) > 1
    for test in tests:
        matches = [(r, g) for r, g in goals if test(goal_key(g.title))]
        if len(matches) == 1:
            return matches[0]
        if matches:
            labels = [_label(r, g, several_units) for r, g in matches]
            listed = "; ".join(f"”{label[:90]}”" for label in labels[:MAX_LISTED])
            more = f" och {len(labels) - MAX_LISTED} till" if len(labels) > MAX_LISTED else ""
            raise GoalAmbiguousError(
                f"”{title_prefix}” passar {len(labels)} enhetsmål: {listed}{more}. "
                "Skriv mer av rubriken (eller ange --unit).",
                candidates=labels,
                source=source,
            )
    titles = "; ".join(" ".join(g.title.split())[:60] for _, g in goals[:8]) or "inga enhetsmål hittades"
    raise GoalNotFoundError(f"inget enhetsmål börjar med ”{title_prefix}”. Målen är: {titles}", source=source)


def find_goal(report: Report, title_prefix: str) -> Goal:
    """`find_goal_in` for one report."""
    return find_goal_in([report], title_prefix)[1]
