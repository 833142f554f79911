"""Drafting the Analys of an enhetsmål: facts -> sources -> grounded or LLM drafter -> verification.

    report = parse_file("vb.docx")[0]
    goal = find_goal(report, "Familjehem erbjuds")
    draft = draft_goal(report, goal, settings=get_settings(), index=get_index(settings))

`index=None` drafts without citations (no retrieval cost). With `settings.llm` unset the draft is the
grounded template text; with a model configured the model writes it and the grounded text is the
fallback. Either way every number in `draft.text` is backed by `draft.facts` or a citation.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from vbassist.drafting.facts import collect_facts
from vbassist.drafting.goals import GoalAmbiguousError, GoalNotFoundError, find_goal, find_goal_in, goal_key
from vbassist.drafting.grounded import compose
from vbassist.drafting.markers import strip_markers
from vbassist.drafting.models import (
    Citation,
    Draft,
    GoalFacts,
    IndicatorFact,
    StatedTarget,
    Verification,
)
from vbassist.drafting.verify import verify_text
from vbassist.gaps import GAP_RE
from vbassist.model import Goal, Location, Report, TextItem
from vbassist.settings import Settings

__all__ = [
    "Citation",
    "Draft",
    "GoalAmbiguousError",
    "GoalFacts",
    "GoalNotFoundError",
    "IndicatorFact",
    "StatedTarget",
    "Verification",
    "check_draft",
    "collect_facts",
    "draft_from_facts",
    "draft_goal",
    "find_goal",
    "find_goal_in",
]

log = logging.getLogger(__name__)

# Checker categories that judge what the analysis text says (the others judge the report's tables).
DRAFT_CATEGORIES = ("status_text_vs_marker", "text_vs_table", "derived_number", "trend_claim")


def _with_analysis(report: Report, goal: Goal, text: str) -> tuple[Report, Goal]:
    """A copy of `report` where `goal`'s analysis is `text` and no other text is left (so the checker
    reads only the draft, against every indicator table of the report). Built from shallow copies:
    nothing of the original is changed, and a draft costs no deep copy of the whole report."""
    anchor = goal.analys[0].location if goal.analys else goal.status_location or goal.location
    analysis = [
        TextItem(text=p.strip(), location=Location(block=anchor.block, line=anchor.line))
        for p in text.split("\n\n")
        if p.strip()
    ]
    found: list[Goal] = []

    def bare(g: Goal) -> Goal:
        update: dict[str, Any] = {
            "children": [bare(c) for c in g.children],
            "indicators": [i.model_copy(update={"kommentar": None}) for i in g.indicators],
        }
        if g is goal:
            update["analys"] = analysis
        else:
            update.update(
                beskrivning=[], forvantat_resultat=[], analys=[], arbetssatt=[], uppfoljning=[], activities=[]
            )
        copy = g.model_copy(update=update)
        if g is goal:
            found.append(copy)
        return copy

    copy = report.model_copy(
        update={"goals": [bare(g) for g in report.goals], "sections": [], "budget_tables": [], "tables": []}
    )
    return copy, found[0]


@lru_cache(maxsize=1)
def _draft_rule_ids() -> tuple[str, ...]:
    from vbassist.checks import all_rules

    return tuple(r.id for r in all_rules() if r.category in DRAFT_CATEGORIES)


def check_draft(report: Report, goal: Goal, text: str) -> list[str]:
    """Findings of the checker's text rules on `text` as `goal`'s analysis (messages, Swedish). Gaps and
    marked suggestions are not the draft's own claims and are left out."""
    from vbassist.checks import CheckContext, run_checks

    copy, target = _with_analysis(report, goal, strip_markers(text))
    try:
        rule_ids = _draft_rule_ids()
        if not rule_ids:
            return []
        findings = run_checks(copy, CheckContext(enabled_prefixes=rule_ids))
    except Exception as exc:  # a rule bug must not stop a draft; the draft is still verified by number
        log.warning("granskningen av utkastet misslyckades: %s", type(exc).__name__)
        return []
    title = goal_key(target.title)
    return [
        f.message
        for f in findings
        if f.category in DRAFT_CATEGORIES
        and f.severity in ("error", "warning")
        and f.goal is not None
        and goal_key(f.goal) == title
    ]


def draft_goal(
    report: Report, goal: Goal, *, settings: Settings, index: Any | None = None, model: Any | None = None
) -> Draft:
    """A draft of `goal`'s Analys. Never raises because of the model: a model failure gives the grounded
    draft with a note in `verification.notes`. `model` overrides the chat model `settings.llm` names
    (a service keeps one client; tests pass a scripted fake)."""
    from vbassist.polarity import load_lexicon

    return draft_from_facts(
        collect_facts(report, goal, lexicon=load_lexicon(settings.polarity_file)),
        settings=settings,
        index=index,
        model=model,
        check=lambda text: check_draft(report, goal, text),
    )


def draft_from_facts(
    facts: GoalFacts,
    *,
    settings: Settings,
    index: Any | None = None,
    model: Any | None = None,
    check: Callable[[str], list[str]] | None = None,
) -> Draft:
    """A draft from facts given directly (an API caller that sends the goal's fields rather than a
    document). `check` runs the checker's text rules on a draft; without it only numbers are verified."""
    from vbassist.drafting.sources import find_sources

    citations: list[Citation] = []
    notes: list[str] = []
    if index is not None:
        try:
            citations = find_sources(facts, index)
        except Exception as exc:  # a broken index must not stop a draft
            notes.append(f"Källor kunde inte hämtas ur indexet ({type(exc).__name__}).")
            log.warning("källor kunde inte hämtas ur indexet: %s", type(exc).__name__)
    grounded_text, grounded_gaps, grounded_notes = compose(facts, citations)
    notes.extend(grounded_notes)

    text, gaps, masked = grounded_text, grounded_gaps, []
    verification: Verification | None = None
    if settings.llm or model is not None:
        from vbassist.drafting.llm_drafter import draft_with_llm
        from vbassist.llm.provider import get_chat_model

        try:
            model = model if model is not None else get_chat_model(settings)
        except Exception as exc:  # configuration problems surface as a note, not a failed request
            model = None
            notes.append(f"Språkmodellen kunde inte startas ({getattr(exc, 'message', type(exc).__name__)}).")
        if model is not None:
            outcome = draft_with_llm(
                facts, citations, grounded_text, model=model, settings=settings, check=check
            )
            notes.extend(outcome.notes)
            masked = outcome.masked
            if outcome.text is not None and outcome.verification is not None:
                text, gaps, verification = outcome.text, outcome.gaps, outcome.verification
            elif outcome.attempts:
                notes.append(f"Antal försök med språkmodellen: {outcome.attempts}.")
    if verification is None:
        verification = verify_text(text, facts, citations, drafter="grounded")
        verification.findings = check(text) if check else []
    verification.notes = [*notes, *verification.notes]
    return Draft(
        text=text,
        status=facts.status,
        suggested_status=facts.suggested_status,
        facts=facts,
        citations=citations,
        gaps=gaps or GAP_RE.findall(text),
        verification=verification,
        masked=masked,
    )
