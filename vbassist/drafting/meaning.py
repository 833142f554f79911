"""Meaning, not only membership: each number a draft states must be the value of the indicator and the
role its sentence attaches it to (outcome, target, last year, women, men, difference, change), and the
words that compute ("halverades", "ökade med 3 procentenheter", "ökade", "nåddes inte") must hold for
that indicator. A number inside a quotation (a Förväntat resultat bullet, an activity's own text) is
the document's own words and is only held to them.

Problems are Swedish sentences for a retry prompt and for `verification.meaning`; an empty list is a
draft whose numbers mean what the facts say.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from vbassist.checks.claims import sentences
from vbassist.drafting.markers import strip_markers
from vbassist.drafting.models import GoalFacts, IndicatorFact
from vbassist.drafting.wording import definite_subject, lower_first
from vbassist.linking import indicator_naming, mention_strength
from vbassist.numbers import NumberMention, find_numbers, format_sv, matches_rounded

MENTION_MIN = 0.5  # how clearly a sentence must name an indicator to be read as about it
_QUOTE_RE = re.compile(r"”[^”]*”|\"[^\"]*\"")
# a sentence that opens by saying it is about last year: its numbers are last year's unless marked
_LAST_YEAR_SENTENCE_RE = re.compile(r"^\W*(?:förra\s+året|föregående\s+år|i\s+fjol)\b", re.IGNORECASE)

# what the words right before a number say it is (the first pattern that matches wins)
_BEFORE: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (role, re.compile(pattern + r"\s*$", re.IGNORECASE))
    for role, pattern in (
        (
            "change",
            r"\b(?:ökade|ökat|ökning|minskade|minskat|minskning|steg|sjönk|förbättrades|försämrades)\s+med",
        ),
        ("difference", r"\bskillnad(?:en)?\s+(?:på|om)"),
        ("target", r"\b(?:högst|minst|lägst|max|maximalt)"),
        ("target", r"\b(?:årsmål\w*|målvärde\w*)(?:\s+(?:på|om|var|är))?"),
        ("target", r"\bmot"),
        ("women", r"\b(?:flickor|kvinnor)(?:na)?\s*(?:\(|var|:)?"),
        ("men", r"\b(?:pojkar|män|männen)(?:na)?\s*(?:\(|var|:)?"),
        (
            "last_year",
            r"\b(?:från|jämfört\s+med|jämföra\s+med|föregående\s+år|förra\s+året|(?:VB|T1|T2)\s+\d{4}\s*\(?)",
        ),
        ("outcome", r"\b(?:till|var|är|uppgick\s+till|nådde|blev)"),
    )
)
# ... and right after it
_AFTER: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (role, re.compile(r"^\s*(?:%|procent)?\s*" + pattern, re.IGNORECASE))
    for role, pattern in (
        ("women", r"(?:för|bland|hos)\s+(?:flickor|kvinnor)"),
        ("men", r"(?:för|bland|hos)\s+(?:pojkar|män)"),
        ("last_year", r"(?:vid|i|under)?\s*(?:föregående\s+år|förra\s+året)"),
    )
)
_UP_RE = re.compile(r"\b(ökade|ökat|ökning|steg|stigit|högre\s+än\s+föregående)\b", re.IGNORECASE)
_DOWN_RE = re.compile(
    r"\b(minskade|minskat|minskning|sjönk|sjunkit|lägre\s+än\s+föregående)\b", re.IGNORECASE
)
_HALVED_RE = re.compile(r"\bhalver(ades|ats|as)\b", re.IGNORECASE)
_DOUBLED_RE = re.compile(r"\bfördubbl(ades|ats|as)\b", re.IGNORECASE)
_REACHED_RE = re.compile(
    r"\b(nåddes|har\s+nåtts|uppnåddes|når)\s+(?P<neg>inte\s+)?(?:sitt\s+|sina\s+)?årsmål", re.IGNORECASE
)
_REACHED_INV_RE = re.compile(
    r"\bårsmålet\b[^.]{0,40}\b(nåddes|uppnåddes|har\s+nåtts)(?P<neg>\s+inte)?\b", re.IGNORECASE
)
# a sentence saying an activity was carried out; "inte" close before it takes the claim back
_DONE_RE = re.compile(
    r"\b(?:har\s+(?:\w+\s+)?(?:genomförts|genomfört|arbetat\s+med|införts|infört|slutförts|slutfört|"
    r"implementerats|implementerat)|genomfördes|infördes|slutfördes|arbetade\s+med|är\s+(?:genomförd|klar))\b",
    re.IGNORECASE,
)
_NEGATED_RE = re.compile(r"\b(?:inte|ej|aldrig)\b[^.]{0,25}$", re.IGNORECASE)
ACTIVITY_MENTION_MIN = 0.6  # share of an activity name's content words a sentence must hold to name it
_ROLE_WORDS = {
    "outcome": "utfallet",
    "target": "årsmålet",
    "last_year": "föregående års utfall",
    "women": "utfallet för kvinnor/flickor",
    "men": "utfallet för män/pojkar",
    "difference": "skillnaden mellan kvinnor och män",
    "change": "förändringen",
    "change_percent": "förändringen i procent",
}


def _role(text: str, mention: NumberMention) -> str:
    role = _marked_role(text, mention)
    if role == "outcome" and _LAST_YEAR_SENTENCE_RE.search(text):
        return "last_year"
    return role


def _marked_role(text: str, mention: NumberMention) -> str:
    before, after = text[max(0, mention.start - 40) : mention.start], text[mention.end : mention.end + 30]
    signed = mention.raw.lstrip()[:1] in "+\u2212\u2013-"
    if signed and before.rstrip().endswith("("):
        # "(+18 %)" after a change is the relative change; "(+3 procentenheter)" the difference
        return "change" if mention.unit == "procentenheter" else "change_percent"
    for role, pattern in _AFTER:
        if pattern.search(after):
            return role
    for role, pattern in _BEFORE:
        if pattern.search(before):
            if role == "change" and mention.unit == "%":
                # "ökade med 18 procent" is relative; "ökade med 3 procentenheter" the difference
                return "change_percent"
            return role
    return "outcome"


def _values(fact: IndicatorFact, role: str) -> tuple[float, ...]:
    change = None if fact.utfall is None or fact.forra_aret is None else fact.utfall - fact.forra_aret
    by_role: dict[str, tuple[float | None, ...]] = {
        "outcome": (fact.utfall,),
        "target": (fact.arsmal,),
        "last_year": (fact.forra_aret,),
        "women": (fact.kvinnor,),
        "men": (fact.man,),
        "difference": (fact.diff_kvinnor_man,),
        "change": (change,),
        "change_percent": (fact.change_percent,),
    }
    return tuple(abs(v) for v in by_role[role] if v is not None)


def _subjects(sentence: str, facts: GoalFacts) -> list[IndicatorFact]:
    """The indicators a sentence speaks of: those it names clearly, else the only one there is."""
    scored = [(mention_strength(sentence, f.name), f) for f in facts.indicators]
    named = [f for score, f in scored if score >= MENTION_MIN]
    if named:
        best = max(score for score, _ in scored)
        return [f for score, f in scored if score >= best - 0.05]
    return list(facts.indicators) if len(facts.indicators) == 1 else []


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` with the spans replaced by spaces (offsets kept)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _names(facts: GoalFacts) -> list[tuple[re.Pattern[str], IndicatorFact]]:
    """How each indicator is written in a draft (its name, the naming file's forms, the definite form
    a draft opens with), longest first."""
    out: dict[str, IndicatorFact] = {}
    for f in facts.indicators:
        naming = indicator_naming(f.name)
        forms = [f.name, lower_first(definite_subject(re.sub(r"\s*\([^()]*\)", "", f.name)))]
        forms += [naming.first or "", naming.short] if naming else []
        for form in forms:
            if form and not form.startswith("utfallet för"):
                out.setdefault(form.lower(), f)
    return [
        (re.compile(re.escape(n), re.IGNORECASE), f) for n, f in sorted(out.items(), key=lambda t: -len(t[0]))
    ]


def _document_texts(facts: GoalFacts) -> str:
    parts = [*facts.forvantat_resultat, *(t.text for t in facts.stated_targets)]
    for a in facts.activities:
        parts += [a.name, a.analys or "", a.avvikelse or ""]
    parts += [f.kommentar or "" for f in facts.indicators]
    return " ".join(" ".join(p.split()) for p in parts)


def _claims(
    sentence: str, named: list[tuple[int, int, IndicatorFact]], fallback: list[IndicatorFact]
) -> list[str]:
    """Words that compute, each held to the indicator named last before it (or the sentence's only
    subject): the direction of a change, halving, doubling, a target reached or not."""

    def subject(at: int) -> IndicatorFact | None:
        before = [fact for a, b, fact in sorted(named) if b <= at]
        if before:
            return before[-1]
        return fallback[0] if len(fallback) == 1 else None

    problems: list[str] = []
    for pattern, word in (
        (_UP_RE, "up"),
        (_DOWN_RE, "down"),
        (_HALVED_RE, "halved"),
        (_DOUBLED_RE, "doubled"),
    ):
        for m in pattern.finditer(sentence):
            fact = subject(m.start())
            if fact is None or fact.utfall is None or fact.forra_aret is None:
                continue
            last, now = fact.forra_aret, fact.utfall
            change = round(now - last, 2)
            moved = f"”{fact.name}” gick från {format_sv(last)} till {format_sv(now)}"
            if word == "up" and change < 0:
                problems.append(f"{moved}: texten säger att den ökade.")
            elif word == "down" and change > 0:
                problems.append(f"{moved}: texten säger att den minskade.")
            elif word == "halved" and abs(now - last / 2) > 0.05 * abs(last):
                problems.append(f"{moved}: det är ingen halvering.")
            elif word == "doubled" and abs(now - last * 2) > 0.05 * abs(last * 2):
                problems.append(f"{moved}: det är ingen fördubbling.")
    for pattern in (_REACHED_RE, _REACHED_INV_RE):
        for m in pattern.finditer(sentence):
            fact = subject(m.start())
            if fact is None or fact.target_met is None or (m["neg"] is None) == fact.target_met:
                continue
            said = "inte nås" if m["neg"] else "nås"
            problems.append(
                f"Texten säger att årsmålet för ”{fact.name}” {said}, men utfallet är "
                f"{format_sv(fact.utfall or 0)} mot årsmålet {format_sv(fact.arsmal or 0)}."
            )
    return problems


def activity_claim_problems(text: str, facts: GoalFacts) -> list[str]:
    """Sentences of the draft's own (no gaps, no suggestions, no quotations) that say an activity was
    carried out when its own text or a deviation says otherwise."""
    from vbassist.linking import content_stems, coverage

    problems: list[str] = []
    doubtful = [
        a for a in facts.activities if a.state in ("inte_genomford", "delvis") or a.avvikelse is not None
    ]
    if not doubtful:
        return problems
    for sentence in sentences(strip_markers(text)):
        body = sentence.text
        claims = [m for m in _DONE_RE.finditer(body) if not _NEGATED_RE.search(body[: m.start()])]
        if not claims:
            continue
        for activity in doubtful:  # a quoted name names the activity too: quotes are kept here
            if coverage(content_stems(activity.name), content_stems(body)) < ACTIVITY_MENTION_MIN:
                continue
            why = activity.state_words or (activity.avvikelse or "avvikelse markerad")
            problems.append(
                f"Texten säger att aktiviteten ”{activity.name}” har genomförts, men aktivitetstabellen säger: {why}."
            )
    return list(dict.fromkeys(problems))


def meaning_problems(text: str, facts: GoalFacts, earlier: Iterable[str] = ()) -> list[str]:
    """What the draft's own sentences (without gaps and marked suggestions) get wrong about the facts.
    `earlier` are the unit's own earlier texts: a last-year value the table lacks may come from them."""
    document = _document_texts(facts)
    earlier_numbers = [abs(m.value) for t in earlier for m in find_numbers(t)]
    names = _names(facts)
    problems: list[str] = []
    own = strip_markers(text)
    # a quotation is held to the words it quotes (blanked before the text is cut into sentences, so a
    # "2." inside a quoted bullet ends no sentence), and a number in a name ("dag 1–14") is no value
    unquoted = _blank(own, [(m.start(), m.end()) for m in _QUOTE_RE.finditer(own)])
    for sentence in sentences(unquoted):
        quoted = sentence.text
        sentence_subjects = _subjects(quoted, facts)
        named: list[tuple[int, int, IndicatorFact]] = []
        for pattern, fact in names:
            for m in pattern.finditer(quoted):
                if not any(a <= m.start() < b for a, b, _ in named):
                    named.append((m.start(), m.end(), fact))
        body = _blank(quoted, [(a, b) for a, b, _ in named])
        for mention in find_numbers(body):
            if mention.is_year:
                continue  # years name periods
            # a number speaks of the indicator named last before it, else of the sentence's subject
            before = [fact for a, b, fact in sorted(named) if b <= mention.start]
            subjects = before[-1:] or sentence_subjects
            window = " ".join(body[max(0, mention.start - 25) : mention.end + 10].split())
            if window and window in document:
                continue  # the document's own words, repeated
            if not subjects:
                continue  # about no indicator in particular: membership is all that can be checked
            role = _role(body, mention)
            expected = {v for f in subjects for v in _values(f, role)}
            if role == "last_year" and not expected:
                expected = set(earlier_numbers)
            if any(matches_rounded(abs(mention.value), mention.decimals, v) for v in expected):
                continue
            who = " / ".join(f"”{f.name}”" for f in subjects)
            shown = ", ".join(sorted(format_sv(v) for v in expected)) or "saknas i underlaget"
            problems.append(
                f"{mention.raw.strip()} anges som {_ROLE_WORDS[role]} för {who}, men det är {shown}."
            )
        problems.extend(_claims(quoted, named, sentence_subjects))
    problems.extend(activity_claim_problems(text, facts))
    return list(dict.fromkeys(problems))
