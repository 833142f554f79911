"""The grounded drafter: Swedish analysis text composed from the facts alone, in the register of the
reports ("Enheten bedömer att målet uppfylls delvis."), with the sentences of
`vbassist/data/draft_texts.toml`. It writes what the document already says (indicators against target
and last year, each Förväntat resultat bullet, the activity table's Analys rows and Avvikelse) and
offers earlier wording with its source; what only the manager knows is a marked gap ("[Beskriv ...]").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from vbassist.drafting.facts import Verdict, drafting_data, judged_parts
from vbassist.drafting.markers import suggestion_snippet
from vbassist.drafting.models import ActivityFact, Citation, GoalFacts, IndicatorFact, StatedTarget
from vbassist.drafting.texts import DraftTexts, load_texts
from vbassist.drafting.wording import (
    Namer,
    definite_subject,
    gender_words,
    join_sv,
    last_year_label,
    lower_first,
    shown_decimals,
    upper_first,
    value_text,
)
from vbassist.gaps import GAP_RE
from vbassist.model import STATUS_LABELS, Status
from vbassist.numbers import format_sv
from vbassist.sv import shorten

__all__ = ["GAP_RE", "Writer", "compose", "definite_subject"]

MAX_EVIDENCE = 3  # judged parts named in the assessment
# how long a quoted bullet, an activity's name and a name inside a gap may be (characters; cut at a word)
QUOTE_BULLET, QUOTE_NAME, QUOTE_SHORT = 100, 70, 50
MAX_OWN_SUGGESTIONS = 2
MAX_OTHER_SUGGESTIONS = 1
_COUNT_WORDS = {2: "Båda", 3: "Alla tre", 4: "Alla fyra"}
_ENUMERATOR_RE = re.compile(r"^\s*(?:\d+|[a-z])[.)]\s+")  # "1. Medarbetare har ..." quoted without its "1."


class Writer:
    """One draft being written: the texts, the indicator names introduced so far, the variant taken
    next for each kind of sentence, and the gaps left."""

    def __init__(self, facts: GoalFacts, texts: DraftTexts | None = None) -> None:
        self.facts = facts
        self.texts = texts or load_texts()
        self.namer = Namer()
        self.gaps: list[str] = []
        self._turns: Counter[str] = Counter()

    def say(self, key: str, **values: str) -> str:
        n = self._turns[key]
        self._turns[key] += 1
        return self.texts.text(key, n, **values)

    def gap(self, key: str, **values: str) -> str:
        text = self.say(key, **values)
        self.gaps.append(text)
        return text

    def value(self, fact: IndicatorFact, value: float) -> str:
        decimals = shown_decimals(fact, self.facts.text_decimals, fact.arsmal, fact.forra_aret)
        return value_text(value, fact, decimals)

    def target(self, fact: IndicatorFact) -> str:
        assert fact.arsmal is not None
        bound = "högst " if fact.polarity == "lower" else ""
        return f"{bound}{value_text(fact.arsmal, fact)}"


# --------------------------------------------------------------------------- the assessment


def _verdicts(facts: GoalFacts) -> list[Verdict]:
    return judged_parts(facts.indicators, facts.stated_targets)


def _evidence(w: Writer, part: IndicatorFact | StatedTarget, met: bool) -> str:
    if isinstance(part, StatedTarget):
        bullet = _bullet_quote(part.text, QUOTE_NAME)
        return w.say("evidence.target_met" if met else "evidence.target_missed", bullet=bullet)
    assert part.utfall is not None
    return w.say(
        "evidence.met" if met else "evidence.missed",
        name=w.namer.name(part),
        value=w.value(part, part.utfall),
        target=w.target(part),
    )


def assessment(w: Writer) -> tuple[str, list[str], set[str]]:
    """The opening paragraph, notes for beside the draft, and the indicators whose verdict it gave."""
    facts = w.facts
    notes: list[str] = []
    said: set[str] = set()
    status, suggested = facts.status, facts.suggested_status
    verdicts = _verdicts(facts)

    def evidence(parts: Sequence[Verdict]) -> str:
        # both sides of a mixed verdict, the misses first; three parts at most
        missed, met = [v for v in parts if not v[0]], [v for v in parts if v[0]]
        chosen = [*missed[:2], *met[:2]][:MAX_EVIDENCE] if missed and met else parts[:MAX_EVIDENCE]
        said.update(p.name for _, p in chosen if isinstance(p, IndicatorFact))
        return join_sv([_evidence(w, p, ok) for ok, p in chosen])

    def pointing_to(target: Status) -> list[Verdict]:
        # the parts that make the suggestion: the misses for a lower status, the hits for a higher one
        wanted = target == "helt" or (target == "delvis" and status == "inte")
        return [v for v in verdicts if v[0] == wanted] or verdicts

    if status is None:
        text = w.gap("assessment.no_status")
        if suggested is not None:
            notes.append(
                f"Status saknas i underlaget; föreslagen status: {STATUS_LABELS[suggested]}. {facts.suggested_reason}"
            )
            text += " " + w.say(
                "assessment.suggested_only", suggested=STATUS_LABELS[suggested], evidence=evidence(verdicts)
            )
        return text, notes, said
    if status == "inga_data":
        opening = w.say("assessment.no_data")
        w.gaps.extend(GAP_RE.findall(opening))
        return opening, notes, said
    key = "assessment.forecast" if facts.kind in ("T1", "T2") else "assessment.vb"
    clause = w.say(f"assessment.{'forecast_clause' if key == 'assessment.forecast' else 'clause'}.{status}")
    sentences = [w.say(key, clause=clause)]
    if suggested is not None and suggested != status:
        notes.append(
            f"Rapporterad status ({STATUS_LABELS[status]}) skiljer sig från den indikatorerna och de numeriska "
            f"målen pekar på ({STATUS_LABELS[suggested]}): {facts.suggested_reason}"
        )
        divergent = w.say(
            "assessment.divergent",
            suggested=STATUS_LABELS[suggested],
            evidence=evidence(pointing_to(suggested)),
            clause=w.texts.text(f"assessment.clause.{status}"),
        )
        w.gaps.extend(GAP_RE.findall(divergent))
        sentences.append(divergent)
    elif suggested is not None:
        sentences.append(w.say("assessment.supported", evidence=evidence(verdicts)))
    diverges = suggested is not None and suggested != status
    if (
        status in ("delvis", "inte")
        and not diverges
        and not any(not m for m, _ in verdicts)
        and not _shortfalls(facts)
    ):
        # nothing in the document says what falls short: ask for it once
        sentences.append(w.gap(f"assessment.gap_{status}"))
    return " ".join(sentences), notes, said


def _shortfalls(facts: GoalFacts) -> list[ActivityFact]:
    return [a for a in facts.activities if a.avvikelse is not None or a.state in ("inte_genomford", "delvis")]


# --------------------------------------------------------------------------- indicators


def indicator_sentences(w: Writer, fact: IndicatorFact, *, verdict_given: bool = False) -> list[str]:
    """The sentences for one indicator: outcome against last year, against its target (unless the
    assessment already gave that verdict), a notable women/men difference."""
    name = w.namer.name(fact)
    if fact.utfall is None:
        why = f" ({fact.utfall_note})" if fact.utfall_note else ""
        return [
            w.say("indicator.no_outcome", name=f"”{fact.name}”", why=why),
            w.gap("indicator.gap_no_outcome", short=w.namer.short(fact)),
        ]
    out: list[str] = []
    now = w.value(fact, fact.utfall)
    subject = upper_first(name)
    if fact.forra_aret is not None:
        before = w.value(fact, fact.forra_aret)
        label, bare = last_year_label(fact)
        delta = round(fact.utfall - fact.forra_aret, 2)
        if delta == 0 or before == now:
            out.append(w.say("indicator.unchanged", subject=subject, now=now, bare=bare))
        else:
            sentence = w.say(
                "indicator.up" if delta > 0 else "indicator.down",
                subject=subject,
                subject_lc=name,
                before=before,
                label=label,
                bare=bare,
                now=now,
            )
            if fact.polarity == "lower":
                suffix = w.say("indicator.better" if delta < 0 else "indicator.worse")
                sentence = sentence[:-1] + suffix + "."
            out.append(sentence)
    else:
        out.append(w.say("indicator.level", subject=subject, now=now))
    if fact.arsmal is not None and fact.target_met is not None and not verdict_given:
        strictly = fact.utfall >= fact.arsmal if fact.polarity == "higher" else fact.utfall <= fact.arsmal
        if fact.target_met and not strictly:
            # within rounding of the target: the checker accepts it, but "nåddes" would overstate it
            out.append(w.say("indicator.target_level", target=w.target(fact)))
        else:
            out.append(
                w.say(
                    "indicator.target_met" if fact.target_met else "indicator.target_missed",
                    target=w.target(fact),
                )
            )
    if fact.target_met is False:
        out.append(w.gap("indicator.gap_missed", short=w.namer.short(fact)))
    out.extend(_gender(w, fact))
    return out


def _gender(w: Writer, fact: IndicatorFact) -> list[str]:
    if fact.kvinnor is None or fact.man is None or fact.kvinnor == fact.man:
        return []
    data = drafting_data()
    diff = abs(fact.kvinnor - fact.man)
    if fact.kind == "percent":
        notable = diff >= float(data["gender_notable_pp"])
    else:
        notable = diff >= float(data["gender_notable_relative"]) * max(abs(fact.kvinnor), abs(fact.man), 1.0)
    if not notable:
        return []
    women, men = gender_words(fact.name)
    (higher, hv), (lower, lv) = sorted([(women, fact.kvinnor), (men, fact.man)], key=lambda t: -t[1])
    return [
        w.say(
            "indicator.gender",
            short=upper_first(w.namer.short(fact)),
            higher=higher,
            higher_value=w.value(fact, hv),
            lower=lower,
            lower_value=w.value(fact, lv),
        ),
        w.gap("indicator.gender_gap", women=women, men=men),
    ]


def indicators_paragraph(w: Writer, said: set[str]) -> str:
    """All measuring indicators; indicators of one topic together, with one sentence when all of them
    reach their targets."""
    from vbassist.linking import concepts_in

    groups: dict[str, list[IndicatorFact]] = {}
    for fact in w.facts.indicators:
        topic = min(concepts_in(fact.name), default=fact.name)
        groups.setdefault(topic, []).append(fact)
    sentences: list[str] = []
    for group in groups.values():
        together = len(group) in _COUNT_WORDS and all(f.target_met and f.utfall is not None for f in group)
        for fact in group:
            sentences.extend(indicator_sentences(w, fact, verdict_given=together or fact.name in said))
        if together and not all(f.name in said for f in group):
            targets = join_sv([w.target(f) for f in group], "respektive")
            sentences.append(w.say("indicator.group_met", count=_COUNT_WORDS[len(group)], targets=targets))
    return " ".join(sentences)


# --------------------------------------------------------------------------- Förväntat resultat


def _bullet_quote(bullet: str, limit: int) -> str:
    """A Förväntat resultat bullet as a draft quotes it: without its "1." and final stop, cut at a word."""
    return shorten(_ENUMERATOR_RE.sub("", bullet).rstrip("."), limit)


def _bullet_evidence(w: Writer, target: StatedTarget, fact: IndicatorFact) -> str:
    short = w.namer.name(fact)
    if fact.utfall is None:
        return w.say("forvantat.evidence_no_outcome", short=short)
    now = w.value(fact, fact.utfall)
    if target.comparator in ("minst", "högst", "lika"):
        return w.say("forvantat.evidence_level", short=short, now=now)
    if fact.forra_aret is None:
        return w.say("forvantat.evidence_no_last_year", short=short, now=now)
    before = w.value(fact, fact.forra_aret)
    delta = fact.utfall - fact.forra_aret
    if round(delta, 2) == 0:
        return w.say("forvantat.evidence_unchanged", short=short, now=now)
    verb = "ökade" if delta > 0 else "minskade"
    sign = "+" if delta > 0 else "−"
    if target.comparator in ("ökar_med", "minskar_med") and fact.change_percent is not None:
        size = sign + format_sv(round(abs(fact.change_percent)), 0)
        return w.say("forvantat.evidence_relative", short=short, verb=verb, size=size, before=before, now=now)
    if target.comparator in ("ökar_med_pe", "minskar_med_pe"):
        size = sign + format_sv(abs(round(delta, 2)))
        return w.say("forvantat.evidence_points", short=short, verb=verb, size=size, before=before, now=now)
    return w.say("forvantat.evidence_direction", short=short, verb=verb, before=before, now=now)


def forvantat_paragraph(w: Writer) -> str:
    """One sentence per Förväntat resultat bullet: reached, not reached or not followed up, with the
    indicator it rests on; a bullet with nothing in the document to judge it by gets a gap."""
    facts = w.facts
    by_name = {f.name: f for f in facts.indicators}
    sentences: list[str] = []
    for bullet in facts.forvantat_resultat:
        quoted = _bullet_quote(bullet, QUOTE_BULLET)
        targets = [t for t in facts.stated_targets if t.text == bullet and t.indicator in by_name]
        judged = next((t for t in targets if t.met is not None), None)
        target = judged or next(iter(targets), None)
        if target is None:
            sentences.append(w.gap("forvantat.gap_no_data", bullet=quoted))
            continue
        fact = by_name[target.indicator or ""]
        if target.met is not None and target.comparator in ("minst", "högst") and target.value == fact.arsmal:
            verdict = "nåtts" if target.met else "inte nåtts"
            sentences.append(w.say("forvantat.restated", bullet=quoted, verdict=verdict))
            continue
        evidence = _bullet_evidence(w, target, fact)
        if target.met is True:
            sentences.append(w.say("forvantat.met", bullet=quoted, evidence=evidence))
        elif target.met is False:
            sentences.append(w.say("forvantat.not_met", bullet=quoted, evidence=evidence))
            sentences.append(w.gap("forvantat.gap_not_met", bullet=shorten(quoted, QUOTE_SHORT)))
        else:
            sentences.append(w.say("forvantat.not_followed_up", bullet=quoted, evidence=evidence))
    return " ".join(sentences)


# --------------------------------------------------------------------------- activities


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else f"{text}."


def activity_sentences(w: Writer, activities: list[ActivityFact]) -> list[str]:
    """What the activity tables say: each activity's Analys row and deviation, with its table as the
    source; activities a table says nothing about are named together, with one gap for what they led to."""
    if not activities:
        return [w.gap("activity.gap_none")]
    out: list[str] = []
    silent: dict[str, list[ActivityFact]] = {}
    for a in activities:
        name = shorten(a.name.rstrip("."), QUOTE_NAME)
        table = w.say("activity.table" if a.table == "enhetsmal" else "activity.table_namndmal")
        if a.analys and a.avvikelse == "":
            # a marked deviation with the activity's own analysis: the analysis is what it says
            out.append(w.say("activity.text_deviation", name=name, text=_sentence(a.analys), table=table))
        elif a.analys:
            out.append(w.say("activity.text", name=name, text=_sentence(a.analys), table=table))
        if a.avvikelse and a.avvikelse != a.analys:
            out.append(w.say("activity.deviation_text", name=name, text=_sentence(a.avvikelse), table=table))
        elif a.avvikelse == "" and not a.analys:
            out.append(w.say("activity.deviation_marker", name=name, table=table))
            out.append(w.gap("activity.gap_deviation", name=shorten(name, QUOTE_SHORT)))
        if not a.analys and a.avvikelse is None:
            silent.setdefault(table, []).append(a)
    for table, group in silent.items():
        names = join_sv([f"”{shorten(a.name.rstrip('.'), QUOTE_NAME)}”" for a in group])
        key = "activity.no_deviation_many" if len(group) > 1 else "activity.no_deviation_one"
        out.append(w.say(key, names=names, table=table))
    if silent:
        many = sum(len(g) for g in silent.values()) > 1
        out.append(w.gap("activity.gap_results_many" if many else "activity.gap_results_one"))
    return out


# --------------------------------------------------------------------------- reuse and the whole draft


def suggestions(w: Writer, citations: Iterable[Citation]) -> list[str]:
    """Earlier wording offered inside the draft, marked with its source: the unit's own earlier
    report first, then other units' analyses under the same nämndmål."""
    picked = [c for c in citations if c.relation == "own_earlier"][:MAX_OWN_SUGGESTIONS]
    picked += [c for c in citations if c.relation == "other_unit"][:MAX_OTHER_SUGGESTIONS]
    return [
        w.say(
            "suggestion.text",
            kind=c.kind or "rapport",
            year=str(c.year or ""),
            unit=c.unit or "okänd enhet",
            snippet=suggestion_snippet(c.snippet),
        )
        for c in picked
    ]


def compose(facts: GoalFacts, citations: Iterable[Citation] = ()) -> tuple[str, list[str], list[str]]:
    """The grounded draft: paragraphs separated by blank lines, the gaps it leaves, and notes."""
    w = Writer(facts)
    opening, notes, said = assessment(w)
    paragraphs = [opening, indicators_paragraph(w, said), forvantat_paragraph(w)]
    paragraphs.append(" ".join(activity_sentences(w, facts.activities)))
    paragraphs.extend(suggestions(w, citations))
    paragraphs.append(w.gap("closing.next"))
    return "\n\n".join(p for p in paragraphs if p.strip()), list(dict.fromkeys(w.gaps)), notes


__all__ += ["activity_sentences", "assessment", "forvantat_paragraph", "indicator_sentences", "lower_first"]
