"""missing: an enhetsmål without status (or "Inga data" without a word of explanation), without
analysis; an indicator without outcome and without comment; an indicator missing its target with no
word about it in any analysis."""

from __future__ import annotations

from collections.abc import Iterator

from vbassist.checks.claims import sentences
from vbassist.checks.registry import CheckContext, rule
from vbassist.checks.rules._common import (
    REPORTING_KINDS,
    arsmal_of,
    cell_evidence,
    cell_location,
    decimals_of,
    fmt,
    fmt_for,
    goal_texts,
    make_finding,
    num,
    numbers_in,
    outcome_is_current,
    report_texts,
    short,
    show,
    show_cell,
    thresholds,
    with_span,
)
from vbassist.linking import text_mentions_indicator
from vbassist.model import Evidence, Finding, Goal, Indicator, Location, Report
from vbassist.polarity import meets_target, polarity_of


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
)
def goal_without_status(report: Report, context: CheckContext) -> Iterator[Finding]:
    if report.kind not in REPORTING_KINDS:
        return
    for goal in report.enhetsmal():
        if goal.status is None:
            yield make_finding(
                "VB-MISSING-001",
                "missing",
                "error",
                report=report,
                goal=goal,
                message="Enhetsmålet saknar status (Uppfylls helt/delvis/inte).",
                evidence=[Evidence(label="Enhetsmål", text=short(goal.title), location=goal.location)],
                location=goal.location,
                suggestion="Ange status för målet och motivera den i analysen.",
            )
        elif goal.status == "inga_data":
            explained = _has_any_explanation(goal)
            yield make_finding(
                "VB-MISSING-001",
                "missing",
                "warning" if explained else "error",
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


@rule("VB-MISSING-002", category="missing", severity="error", title="Enhetsmål utan analys")
def goal_without_analysis(report: Report, context: CheckContext) -> Iterator[Finding]:
    if report.kind not in REPORTING_KINDS:
        return
    for goal in report.enhetsmal():
        if _has_analysis(goal):
            continue
        yield make_finding(
            "VB-MISSING-002",
            "missing",
            "error",
            report=report,
            goal=goal,
            message="Enhetsmålet saknar analys.",
            evidence=[Evidence(label="Enhetsmål", text=short(goal.title), location=goal.location)],
            location=goal.status_location or goal.location,
            suggestion="Skriv en analys: bedömningen, indikatorerna mot målen, vad som gjorts och vad som händer framåt.",
        )


@rule(
    "VB-MISSING-003", category="missing", severity="warning", title="Indikator utan utfall och utan kommentar"
)
def indicator_without_outcome(report: Report, context: CheckContext) -> Iterator[Finding]:
    if report.kind not in REPORTING_KINDS:
        return
    for ind, goal, _ in report.indicators():
        if num(ind.utfall) is not None or (ind.kommentar or "").strip():
            continue
        # words in the outcome cell ("Mäts ej i år") are a comment of sorts; an empty cell is not
        if ind.utfall is not None and ind.utfall.kind == "text":
            continue
        evidence = [
            Evidence(label="Periodens utfall", text=show(ind.utfall), location=cell_location(ind, "utfall"))
        ]
        stated = _outcome_stated_in_text(report, ind)
        message = f'Indikatorn "{short(ind.name, 80)}" saknar utfall och har ingen kommentar.'
        if stated is not None:
            sentence, value, location = stated
            evidence.append(Evidence(label="text", text=short(sentence), value=value, location=location))
            message = (
                f'Indikatorn "{short(ind.name, 80)}" saknar utfall i tabellen, men texten anger {fmt(value)}.'
            )
        yield make_finding(
            "VB-MISSING-003",
            "missing",
            "warning",
            report=report,
            goal=goal,
            message=message,
            evidence=evidence,
            location=cell_location(ind, "utfall"),
            suggestion="Fyll i utfallet i tabellen, eller skriv i en analysrad varför det saknas.",
        )


def _outcome_stated_in_text(report: Report, ind: Indicator) -> tuple[str, float, Location] | None:
    """A sentence that names the indicator with a number that is not last year's value or a target:
    the outcome the table lacks ("AMI har ökat från 70 till 74 procent")."""
    known = [v for v in (num(ind.utfall_forra_aret), num(ind.arsmal), num(ind.kf_arsmal)) if v is not None]
    for place in report_texts(report):
        for sent in sentences(place.text):
            # the numbers first: most sentences hold none that qualify, and naming is the costly test
            numbers = [
                n
                for n in numbers_in(sent.text)
                if not (n.is_year or n.kind == "amount" or any(abs(n.value - k) < 1e-9 for k in known))
            ]
            if not numbers or text_mentions_indicator(sent.text, ind)[0] < 0.75:
                continue
            n = numbers[0]
            loc = with_span(place.location, sent.start + n.start, sent.start + n.end)
            return sent.text, n.value, loc
    return None


@rule(
    "VB-MISSING-004",
    category="missing",
    severity="warning",
    title="Indikator som inte når årsmålet utan ett ord om det i analysen",
)
def missed_target_not_discussed(report: Report, context: CheckContext) -> Iterator[Finding]:
    if report.kind not in REPORTING_KINDS:
        return
    minimum = thresholds()["sentence_min"]
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
        texts = [p.text for g in _branch(goal) for p in goal_texts(g)]
        if any(text_mentions_indicator(s.text, ind)[0] >= minimum for t in texts for s in sentences(t)):
            continue
        yield make_finding(
            "VB-MISSING-004",
            "missing",
            "warning",
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
