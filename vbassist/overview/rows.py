"""A report's overview rows, computed where the report was parsed (a batch worker): per enhetsmål its
place in the goal tree, the status as written, the status the drafter would suggest, the measuring
indicators below their årsmål and the analysis's own assessment sentence; per indicator its numbers
and whether it meets its årsmål. Only these rows travel back to the parent, not the report."""

from __future__ import annotations

from vbassist.checks.claims import fulfilment_claims, sentences
from vbassist.checks.registry import CheckContext
from vbassist.drafting.facts import collect_facts, indicator_fact
from vbassist.model import Goal, Report, Value
from vbassist.overview.model import GoalDigest, IndicatorDigest, ReportDigest
from vbassist.sv import shorten

_MAX_QUOTE = 400  # characters of an assessment sentence kept (a run-on paragraph is cut)


def report_digest(report: Report, context: CheckContext) -> ReportDigest:
    """The rows of one report (the batch's digest hook: top-level, plain data out)."""
    lexicon = context.polarity
    goals: list[GoalDigest] = []
    for goal, parents in report.iter_goals("enhetsmal"):
        namndmal = next((p for p in reversed(parents) if p.level == "namndmal"), None)
        kf_mal = next((p for p in reversed(parents) if p.level.startswith("kf_")), None)
        facts = collect_facts(report, goal, lexicon=lexicon)  # the drafter's facts, its suggest_status
        judged = [f for f in facts.indicators if f.target_met is not None]
        goals.append(
            GoalDigest(
                kf_mal=_numbered(kf_mal) if kf_mal is not None else None,
                namndmal_number=namndmal.number if namndmal is not None else None,
                namndmal=_one_line(namndmal.title) if namndmal is not None else None,
                enhetsmal=_one_line(goal.title),
                status=goal.status,
                status_text=goal.status_text,
                suggested_status=facts.suggested_status,
                suggested_reason=facts.suggested_reason,
                indicators_measured=len(judged),
                indicators_under_target=[f.name for f in judged if f.target_met is False],
                assessment=assessment_sentence(goal),
            )
        )
    indicators: list[IndicatorDigest] = []
    for indicator, owner, _ in report.indicators():
        fact = indicator_fact(indicator, lexicon=lexicon)
        indicators.append(
            IndicatorDigest(
                goal=_numbered(owner),
                goal_level=owner.level,
                name=fact.name,
                utfall=fact.utfall,
                utfall_text=_as_written(indicator.utfall),
                arsmal=fact.arsmal,
                arsmal_text=_as_written(indicator.arsmal),
                forra_aret=fact.forra_aret,
                forra_aret_text=_as_written(indicator.utfall_forra_aret),
                forra_aret_label=indicator.utfall_forra_aret_label,
                unit=fact.unit,
                polarity=fact.polarity,
                target_met=fact.target_met,
            )
        )
    return ReportDigest(
        kind=report.kind,
        year=report.year,
        unit=report.unit,
        district=report.district,
        goals=goals,
        indicators=indicators,
    )


def assessment_sentence(goal: Goal) -> str | None:
    """The first sentence of the analysis that states the goal's fulfilment ("Enheten bedömer att
    målet är delvis uppfyllt ..."), as written; None when the analysis states none."""
    for item in goal.analys:
        claims = fulfilment_claims(item.text)
        if not claims:
            continue
        first = claims[0]
        for sentence in sentences(item.text):
            if sentence.start <= first.start < sentence.end:
                return shorten(sentence.text, _MAX_QUOTE)
        return shorten(item.text, _MAX_QUOTE)
    return None


def _numbered(goal: Goal) -> str:
    title = _one_line(goal.title)
    return f"{goal.number} {title}" if goal.number and not title.startswith(goal.number) else title


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _as_written(value: Value | None) -> str:
    return _one_line(value.raw) if value is not None else ""
