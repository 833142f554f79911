"""missing: an enhetsmål without status (or "Inga data" without a word of explanation), without
analysis; an indicator without outcome whose comment does not say why; an indicator missing its
target with no word about it in any analysis. The texts are the report's facts (`checks.facts`)."""

from __future__ import annotations

from collections.abc import Iterator

from vbassist.checks.claims import sentences
from vbassist.checks.common import (
    REPORTING_KINDS,
    arsmal_of,
    cell_evidence,
    cell_location,
    decimals_of,
    fmt,
    fmt_for,
    num,
    numbers_in,
    outcome_is_current,
    short,
    show,
    show_cell,
    thresholds,
)
from vbassist.checks.examples import missing as examples
from vbassist.checks.facts import ACCOUNT_KINDS, PlaceKind, facts_of
from vbassist.checks.facts.binding import comment_turns_away
from vbassist.checks.facts.phrases import phrase_pattern
from vbassist.checks.registry import CheckContext, rule
from vbassist.linking import text_mentions_indicator
from vbassist.model import Evidence, Finding, Goal, Indicator, Location, Report
from vbassist.polarity import meets_target, polarity_of

_ANALYSES: frozenset[PlaceKind] = frozenset({"analys", "aktivitet_analys"})


def _has_analysis(goal: Goal) -> bool:
    return any(item.text.strip() for item in goal.analys)


def _has_any_explanation(goal: Goal) -> bool:
    # an activity's Analys row may explain a missing assessment, but it is not the goal's analysis
    return _has_analysis(goal) or any((a.analys or "").strip() for a in goal.activities)


@rule(
    "VB-MISSING-001",
    category="missing",
    severity="error",
    title='Enhetsmål utan status, eller "Inga data" utan förklaring',
    evidence=("Enhetsmål|status",),
    examples=examples.MISSING_001,
)
def goal_without_status(report: Report, context: CheckContext) -> Iterator[Finding]:
    if report.kind not in REPORTING_KINDS:
        return
    for goal in report.enhetsmal():
        if goal.status is None:
            yield goal_without_status.finding(
                report=report,
                goal=goal,
                message="Enhetsmålet saknar status (Uppfylls helt/delvis/inte).",
                evidence=[Evidence(label="Enhetsmål", text=short(goal.title), location=goal.location)],
                location=goal.location,
                suggestion="Ange status för målet och motivera den i analysen.",
            )
        elif goal.status == "inga_data":
            explained = _has_any_explanation(goal)
            yield goal_without_status.finding(
                severity="warning" if explained else "error",
                report=report,
                goal=goal,
                message=(
                    'Enhetsmålet har status "Inga data"'
                    + (
                        ". Kontrollera att analysen förklarar varför målet inte kan bedömas."
                        if explained
                        else " och ingen analys som förklarar varför."
                    )
                ),
                evidence=[
                    Evidence(
                        label="status",
                        text=goal.status_text or "Inga data",
                        value=goal.status,
                        location=goal.status_location,
                    )
                ],
                location=goal.status_location or goal.location,
                suggestion="Bedöm måluppfyllelsen, eller förklara i analysen varför underlag saknas.",
            )


@rule(
    "VB-MISSING-002",
    category="missing",
    severity="error",
    title="Enhetsmål utan analys",
    evidence=("Enhetsmål",),
    examples=examples.MISSING_002,
)
def goal_without_analysis(report: Report, context: CheckContext) -> Iterator[Finding]:
    if report.kind not in REPORTING_KINDS:
        return
    for goal in report.enhetsmal():
        if _has_analysis(goal):
            continue
        yield goal_without_analysis.finding(
            report=report,
            goal=goal,
            message="Enhetsmålet saknar analys.",
            evidence=[Evidence(label="Enhetsmål", text=short(goal.title), location=goal.location)],
            location=goal.status_location or goal.location,
            suggestion="Skriv en analys: bedömningen, indikatorerna mot målen, vad som gjorts och vad som händer framåt.",
        )


@rule(
    "VB-MISSING-003",
    category="missing",
    severity="warning",
    title="Indikator utan utfall, och utan en kommentar som säger varför",
    evidence=("Periodens utfall", "kommentar?", "text?"),
    examples=examples.MISSING_003,
)
def indicator_without_outcome(report: Report, context: CheckContext) -> Iterator[Finding]:
    if report.kind not in REPORTING_KINDS:
        return
    for ind, goal, _ in report.indicators():
        comment = (ind.kommentar or "").strip()
        # the comment explains an empty outcome only when it says why ("frågan har inte ställts",
        # "mäts inte", "saknas"); words in the outcome cell ("Mäts ej i år") are such a comment
        if num(ind.utfall) is not None or _explains_missing(comment, ind):
            continue
        if ind.utfall is not None and ind.utfall.kind == "text":
            continue
        evidence = [
            Evidence(label="Periodens utfall", text=show(ind.utfall), location=cell_location(ind, "utfall"))
        ]
        if comment:
            where = ind.kommentar_location or ind.location
            evidence.append(Evidence(label="kommentar", text=short(comment), location=where))
        stated = _outcome_stated_in_text(report, context, ind)
        message = (
            f'Indikatorn "{short(ind.name, 80)}" saknar utfall och kommentaren säger inte varför.'
            if comment
            else f'Indikatorn "{short(ind.name, 80)}" saknar utfall och har ingen kommentar.'
        )
        if stated is not None:
            sentence, value, location = stated
            evidence.append(Evidence(label="text", text=short(sentence), value=value, location=location))
            message = (
                f'Indikatorn "{short(ind.name, 80)}" saknar utfall i tabellen, men texten anger {fmt(value)}.'
            )
        yield indicator_without_outcome.finding(
            report=report,
            goal=goal,
            message=message,
            evidence=evidence,
            location=cell_location(ind, "utfall"),
            suggestion="Fyll i utfallet i tabellen, eller skriv i en analysrad varför det saknas.",
        )


def _explains_missing(comment: str, ind: Indicator) -> bool:
    """Whether a comment says why the outcome is missing, in a sentence about its own row: not one about
    the women/men split ("rapporteras inte uppdelat på män och kvinnor") or about another survey."""
    said = sentences(comment)
    away = comment_turns_away(said, ind, minimum=thresholds()["sentence_min"])
    return any(
        phrase_pattern("explains_missing").search(s.text)
        and not phrase_pattern("gender_split").search(s.text)
        for s, elsewhere in zip(said, away, strict=True)
        if not elsewhere
    )


def _outcome_stated_in_text(
    report: Report, context: CheckContext, ind: Indicator
) -> tuple[str, float, Location] | None:
    """A sentence that names the indicator with a number that is not last year's value or a target:
    the outcome the table lacks ("AMI har ökat från 70 till 74 procent")."""
    known = [v for v in (num(ind.utfall_forra_aret), num(ind.arsmal), num(ind.kf_arsmal)) if v is not None]
    facts = facts_of(report, context)
    for place in facts.places_of(ACCOUNT_KINDS):
        for sent in facts.sentences(place):
            # the numbers first: most sentences hold none that qualify, and naming is the costly test
            numbers = [
                n
                for n in numbers_in(sent.text)
                if not (n.is_year or n.kind == "amount" or any(abs(n.value - k) < 1e-9 for k in known))
            ]
            if not numbers or text_mentions_indicator(sent.text, ind)[0] < 0.75:
                continue
            n = numbers[0]
            return sent.text, n.value, place.at(sent.start + n.start, sent.start + n.end)
    return None


@rule(
    "VB-MISSING-004",
    category="missing",
    severity="warning",
    title="Indikator som inte når årsmålet utan ett ord om det i analysen",
    evidence=("Periodens utfall", "Årsmål"),
    examples=examples.MISSING_004,
)
def missed_target_not_discussed(report: Report, context: CheckContext) -> Iterator[Finding]:
    if report.kind not in REPORTING_KINDS:
        return
    minimum = thresholds()["sentence_min"]
    facts = facts_of(report, context)
    branch_texts: dict[int, list[str]] = {}
    for ind, goal, _ in report.indicators():
        utfall = num(ind.utfall)
        target_value, field = arsmal_of(ind)
        target = num(target_value)
        # judged against the unit's own årsmål only: KF:s årsmål alone is the city's, not the unit's
        if utfall is None or target is None or field != "arsmal" or not outcome_is_current(ind, report):
            continue
        if meets_target(
            utfall, target, polarity_of(ind.name, context.polarity), decimals=decimals_of(target_value)
        ):
            continue
        if (ind.kommentar or "").strip():
            continue
        # any analysis in the goal's branch (the KF goal and everything under it) that names the indicator
        if id(goal) not in branch_texts:
            branch_texts[id(goal)] = [
                s.text
                for g in _branch(goal)
                for p in facts.goal_places(g, _ANALYSES)
                for s in facts.sentences(p)
            ]
        if any(text_mentions_indicator(t, ind)[0] >= minimum for t in branch_texts[id(goal)]):
            continue
        yield missed_target_not_discussed.finding(
            report=report,
            goal=goal,
            message=(
                f'Indikatorn "{short(ind.name, 80)}" når inte årsmålet (utfall {show_cell(ind, "utfall")}, årsmål '
                f"{fmt_for(ind, target)}) men ingen analys under målet nämner den."
            ),
            evidence=[
                cell_evidence(ind, "utfall", "Periodens utfall"),
                cell_evidence(ind, "arsmal", "Årsmål"),
            ],
            location=cell_location(ind, "utfall"),
            suggestion="Kommentera i analysen varför årsmålet inte nås och vad enheten gör åt det.",
        )


def _branch(goal: Goal) -> list[Goal]:
    out = [goal]
    for child in goal.children:
        out.extend(_branch(child))
    return out
