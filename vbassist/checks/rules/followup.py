"""missing, as follow-up: a numeric target in Förväntat resultat that no indicator measures and no text
reports on ("Tiden som barn är i jourhem halveras" with not a word about the time), and an Analys that
still holds the drafter's gaps ("[Beskriv orsaken till ...]") — a draft inserted and never completed."""

from __future__ import annotations

from collections.abc import Iterator

from vbassist.checks.claims import TargetClaim, sentences, target_claims
from vbassist.checks.common import REPORTING_KINDS, short
from vbassist.checks.examples import followup as examples
from vbassist.checks.facts import ACCOUNT_KINDS, Place, ReportFacts, facts_of
from vbassist.checks.registry import CheckContext, rule
from vbassist.gaps import GAP_RE
from vbassist.linking import concepts_in, content_stems
from vbassist.model import Evidence, Finding, Goal, Report


def _stems_meet(a: str, b: str) -> bool:
    """The same word in another form: the stems share all but the last two letters of the longer
    ("konsulentstöt"/"konsulentstöd"); a compound's first part is another word ("uppdrag" is not
    "uppdragstagare")."""
    if a == b:
        return True
    common = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return common >= 6 and common >= max(len(a), len(b)) - 2


Said = list[tuple[str, str]]  # per sentence: its text and its text in lower case


def _said(texts: list[str]) -> Said:
    return [(s.text, s.text.lower()) for t in texts for s in sentences(t)]


def _followed_up(subject: str, said: Said) -> bool:
    """Whether any sentence reports on what `subject` names: its head word (the measured thing) and
    half of its words, or its topic."""
    stems = list(dict.fromkeys(content_stems(subject)))
    topics = concepts_in(subject)
    if not stems:
        return True  # nothing to look for: not ours to flag
    # a stem begins its word: a sentence without the head's beginning cannot hold the head (cheap test first)
    head = stems[0][: max(1, len(stems[0]) - 2)]
    for text, lowered in said:
        if topics and topics & concepts_in(text):
            return True
        if head not in lowered:
            continue
        words = set(content_stems(text))
        found = [s for s in stems if any(_stems_meet(s, w) for w in words)]
        if stems[0] in found and len(found) >= max(1, len(stems) / 2):
            return True
    return False


def _unfollowed(facts: ReportFacts, goal: Goal, summary: Said) -> Iterator[tuple[Place, TargetClaim]]:
    bound = {id(t.bullet) for t in facts.bullet_targets(goal)}
    said: Said | None = None
    for bullet in facts.goal_places(goal, frozenset({"forvantat"})):
        if id(bullet) in bound:
            continue
        for claim in target_claims(bullet.text):
            if claim.kind.startswith("dir_"):
                continue  # a direction alone ("Fler familjehem ...") is a wish, not a figure to follow up
            if said is None:
                said = _said([p.text for p in facts.goal_places(goal, ACCOUNT_KINDS)]) + summary
            subject = bullet.text[: claim.start].strip() or bullet.text
            if not _followed_up(subject, said):
                yield bullet, claim
            break  # one finding per bullet


@rule(
    "VB-MISSING-005",
    category="missing",
    severity="warning",
    title="Ett siffersatt förväntat resultat som ingen indikator mäter och ingen text följer upp",
    evidence=("Förväntat resultat", "Enhetsmål"),
    examples=examples.MISSING_005,
)
def target_not_followed_up(report: Report, context: CheckContext) -> Iterator[Finding]:
    if report.kind not in REPORTING_KINDS:
        return
    facts = facts_of(report, context)
    summary: Said | None = None
    for goal in report.enhetsmal():
        if not facts.goal_places(goal, frozenset({"forvantat"})):
            continue
        if summary is None:
            summary = _said([p.text for p in facts.places_of(frozenset({"avsnitt"}))])
        for bullet, claim in _unfollowed(facts, goal, summary):
            loc = bullet.at(claim.start, claim.end)
            yield target_not_followed_up.finding(
                report=report,
                goal=goal,
                message=(
                    f'Förväntat resultat "{short(bullet.text, 90)}" har ett mål ("{claim.raw}") som ingen '
                    "indikator mäter och som analysen inte följer upp: målet följs inte upp."
                ),
                evidence=[
                    Evidence(
                        label="Förväntat resultat", text=short(bullet.text), value=claim.value, location=loc
                    ),
                    Evidence(label="Enhetsmål", text=short(goal.title), location=goal.location),
                ],
                location=loc,
                suggestion="Redovisa utfallet för det förväntade resultatet i analysen, eller ange hur det följs upp.",
            )


@rule(
    "VB-MISSING-006",
    category="missing",
    severity="warning",
    title='Analysen innehåller kvar luckor från ett utkast ("[Beskriv …]")',
    evidence=("lucka", "lucka?"),
    examples=examples.MISSING_006,
)
def draft_gaps_left(report: Report, context: CheckContext) -> Iterator[Finding]:
    """One finding per goal, at its first gap, every gap as evidence."""
    if report.kind not in REPORTING_KINDS:
        return
    by_goal: dict[int, list[tuple[Place, int, int]]] = {}
    for place in facts_of(report, context).places_of(frozenset({"analys", "aktivitet_analys", "kommentar"})):
        for m in GAP_RE.finditer(place.text):
            by_goal.setdefault(id(place.goal), []).append((place, m.start(), m.end()))
    for gaps in by_goal.values():
        place, start, end = gaps[0]
        more = f" och {len(gaps) - 1} till" if len(gaps) > 1 else ""
        yield draft_gaps_left.finding(
            report=report,
            goal=place.goal,
            goal_title=place.section,
            message=(
                f'Analysen innehåller en lucka från utkastet som inte är ifylld: "{short(place.text[start:end], 80)}"'
                f"{more}."
            ),
            evidence=[
                Evidence(label="lucka", text=short(p.text[s:e], 120), location=p.at(s, e))
                for p, s, e in gaps[:10]
            ],
            location=place.at(start, end),
            suggestion="Skriv in det som luckan efterfrågar (orsaker, åtgärder) eller ta bort den.",
        )
