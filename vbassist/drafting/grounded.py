"""The grounded drafter: Swedish analysis text composed from the facts alone, in the register of the
reports ("Enheten bedömer att målet uppfylls delvis."). No model, no invented cause: what only the
manager knows is left as a marked gap ("[Beskriv orsaken till ...]").
"""

from __future__ import annotations

import re

from vbassist.drafting.models import ActivityFact, GoalFacts, IndicatorFact, StatedTarget
from vbassist.gaps import GAP_RE
from vbassist.model import Status
from vbassist.numbers import format_sv

_STATUS_WORDS: dict[str, str] = {
    "helt": "uppfylls helt",
    "delvis": "uppfylls delvis",
    "inte": "uppfylls inte",
}

# Definite forms of the head nouns indicator names start with. A name whose head is not here is
# written as 'Utfallet för ”<name>”' rather than guessing a Swedish inflection.
_DEFINITE: dict[str, str] = {
    "andel": "andelen",
    "antal": "antalet",
    "sjukfrånvaro": "sjukfrånvaron",
    "frisknärvaro": "frisknärvaron",
    "personalomsättning": "personalomsättningen",
    "klimatpåverkan": "klimatpåverkan",
    "kostnad": "kostnaden",
    "kostnader": "kostnaderna",
    "nöjdhet": "nöjdheten",
    "väntetid": "väntetiden",
    "handläggningstid": "handläggningstiden",
    "svarsfrekvens": "svarsfrekvensen",
    "medarbetarindex": "medarbetarindex",
    "energianvändning": "energianvändningen",
    "energiförbrukning": "energiförbrukningen",
    "sysselsättningsgrad": "sysselsättningsgraden",
}
# Already definite: keep as written.
_ALREADY_DEFINITE = {
    "andelen",
    "antalet",
    "sjukfrånvaron",
    "personalomsättningen",
    "kostnaden",
    "kostnaderna",
}


def definite_subject(name: str) -> str:
    """'Andel barn ...' -> 'Andelen barn ...', 'Sjukfrånvaro' -> 'Sjukfrånvaron', 'Antal SIP' ->
    'Antalet SIP'; other names -> 'Utfallet för ”<name>”'. Capitalised for a sentence start."""
    name = name.strip().rstrip(".")
    head, _, rest = name.partition(" ")
    key = head.lower()
    if key in _ALREADY_DEFINITE:
        return name[0].upper() + name[1:]
    if key in _DEFINITE:
        word = _DEFINITE[key]
        return word[0].upper() + word[1:] + (f" {rest}" if rest else "")
    return f"Utfallet för ”{name}”"


def _lower_first(text: str) -> str:
    # keep acronyms ("SIP", "AMI") as written
    if len(text) > 1 and text[:2].isupper():
        return text
    return text[:1].lower() + text[1:]


def _short(name: str, words: int = 6) -> str:
    parts = name.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _fmt(value: float, decimals: int | None = None) -> str:
    return format_sv(value, decimals)


def _with_unit(value: float, fact: IndicatorFact, decimals: int | None = None) -> str:
    text = _fmt(value, decimals)
    if fact.kind == "percent":
        return f"{text} %"
    if fact.unit and fact.unit not in ("st",):
        return f"{text} {fact.unit}"
    return text


def _gender_words(name: str) -> tuple[str, str]:
    if re.search(r"\b(barn|unga|ungdomar|elever|flickor|pojkar|placerade)\b", name, re.I):
        return "flickor", "pojkar"
    return "kvinnor", "män"


def _last_year_label(fact: IndicatorFact) -> tuple[str, str]:
    """("vid VB 2024", "VB 2024") from the column header, or ("föregående år", "föregående år")."""
    label = (fact.forra_aret_label or "").strip()
    label = re.sub(r"^utfall\s+", "", label, flags=re.I)
    return (f"vid {label}", label) if label else ("föregående år", "föregående år")


def assessment_sentence(facts: GoalFacts) -> tuple[str, list[str]]:
    """The opening: the assessment and what it rests on. Returns the text and any notes."""
    notes: list[str] = []
    status: Status | None = facts.status
    if status is None and facts.suggested_status is not None:
        status = facts.suggested_status
        notes.append(f"Status saknas i underlaget; bedömningen är föreslagen: {facts.suggested_reason}")
    elif status is not None and facts.suggested_status not in (None, status) and status != "inga_data":
        notes.append(
            f"Rapporterad status ({_STATUS_WORDS.get(status, status)}) skiljer sig från den indikatorerna och "
            f"de numeriska målen pekar på ({_STATUS_WORDS[facts.suggested_status]}): {facts.suggested_reason}"
        )
    if status is None:
        return "[Ange enhetens bedömning: uppfylls helt, delvis eller inte.]", notes
    if status == "inga_data":
        return (
            "Enheten kan inte bedöma måluppfyllelsen eftersom data saknas. "
            "[Beskriv varför data saknas och när målet kan följas upp.]",
            notes,
        )
    basis = []
    if any(f.target_met is not None for f in facts.indicators):
        basis.append("indikatorernas utfall i förhållande till årsmålen")
    if facts.forvantat_resultat:
        basis.append("de förväntade resultaten")
    if facts.kind in ("T1", "T2"):
        # a tertial report's status is a forecast for the year
        forecast = {
            "helt": "målet kommer att uppfyllas helt",
            "delvis": "målet kommer att uppfyllas delvis",
            "inte": "målet inte kommer att uppfyllas",
        }
        sentence = f"Enheten bedömer att {forecast[status]} under året."
    else:
        sentence = f"Enheten bedömer att målet {_STATUS_WORDS[status]}."
    if basis:
        sentence += f" Bedömningen grundar sig på {' och '.join(basis)}."
    return sentence, notes


def indicator_sentences(fact: IndicatorFact) -> tuple[list[str], list[str]]:
    """Sentences for one indicator, and the gaps it opens."""
    subject = definite_subject(fact.name)
    gaps: list[str] = []
    out: list[str] = []
    if fact.utfall is None:
        why = f" ({fact.utfall_note})" if fact.utfall_note else ""
        out.append(f"För ”{fact.name}” finns inget utfall för perioden{why}.")
        gap = f"[Beskriv varför utfallet för {_short(fact.name)} saknas.]"
        out.append(gap)
        gaps.append(gap)
        return out, gaps
    decimals = fact.utfall_decimals
    now = _with_unit(fact.utfall, fact, decimals)
    if fact.forra_aret is not None:
        before = _with_unit(fact.forra_aret, fact)
        label, bare = _last_year_label(fact)
        delta = round(fact.utfall - fact.forra_aret, 2)
        if delta == 0:
            out.append(f"{subject} var {now}, oförändrat jämfört med {bare}.")
        else:
            verb = "ökade" if delta > 0 else "minskade"
            better = (delta > 0) == (fact.polarity == "higher")
            if fact.kind == "percent":
                size = f"{_fmt(abs(delta))} procentenheter"
            elif fact.change_percent is not None:
                size = f"{_fmt(abs(delta))} ({_fmt(abs(fact.change_percent), 1)} procent)"
            else:
                size = _fmt(abs(delta))
            out.append(
                f"{subject} {verb} från {before} {label} till {now}, med {size}. "
                f"Resultatet {'förbättrades' if better else 'försämrades'} därmed."
            )
    else:
        out.append(f"{subject} var {now}.")
    if fact.arsmal is not None and fact.target_met is not None:
        bound = "högst " if fact.polarity == "lower" else ""
        target = f"Årsmålet på {bound}{_with_unit(fact.arsmal, fact)}"
        strictly = fact.utfall >= fact.arsmal if fact.polarity == "higher" else fact.utfall <= fact.arsmal
        if fact.target_met and not strictly:
            # within rounding of the target: the checker accepts it, but "nåddes" would overstate it
            out.append(f"Utfallet ligger i nivå med årsmålet på {bound}{_with_unit(fact.arsmal, fact)}.")
        elif fact.target_met:
            out.append(f"{target} nåddes.")
        else:
            out.append(f"{target} nåddes inte.")
            gap = f"[Beskriv orsaken till att årsmålet för {_lower_first(_short(fact.name))} inte nåddes.]"
            out.append(gap)
            gaps.append(gap)
    if fact.kvinnor is not None and fact.man is not None:
        women, men = _gender_words(fact.name)
        diff = abs(fact.diff_kvinnor_man or 0.0)
        sentence = f"Utfallet var {_with_unit(fact.kvinnor, fact)} för {women} och {_with_unit(fact.man, fact)} för {men}"
        if fact.kind == "percent" and diff:
            sentence += f", en skillnad på {_fmt(diff)} procentenheter"
        out.append(sentence + ".")
        notable = (
            diff >= 3 if fact.kind == "percent" else diff >= 0.1 * max(abs(fact.kvinnor), abs(fact.man), 1)
        )
        if notable:
            gap = f"[Kommentera skillnaden mellan {women} och {men}.]"
            out.append(gap)
            gaps.append(gap)
    return out, gaps


def target_sentence(target: StatedTarget) -> tuple[str | None, str | None]:
    """A stated target not already covered by an indicator sentence."""
    if target.met is True:
        return f"Det förväntade resultatet ”{target.text.rstrip('.')}” har uppnåtts.", None
    if target.met is False:
        gap = f"[Beskriv orsaken till att det förväntade resultatet ”{target.text.rstrip('.')}” inte har uppnåtts.]"
        return f"Det förväntade resultatet ”{target.text.rstrip('.')}” har inte uppnåtts. {gap}", gap
    gap = f"[Beskriv hur det förväntade resultatet ”{target.text.rstrip('.')}” har följts upp och vad det visar.]"
    return gap, gap


def activity_sentences(activities: list[ActivityFact]) -> tuple[list[str], list[str]]:
    gaps: list[str] = []
    if not activities:
        gap = "[Beskriv vilka aktiviteter, arbetssätt och samarbeten som har bidragit till resultatet.]"
        return [gap], [gap]
    names = [f"”{a.name.rstrip('.')}”" for a in activities]
    if len(names) == 1:
        out = [f"Under året har enheten arbetat med aktiviteten {names[0]}."]
    else:
        out = [f"Under året har enheten arbetat med aktiviteterna {', '.join(names[:-1])} och {names[-1]}."]
    for a in activities:
        if a.avvikelse is not None:
            what = f": {a.avvikelse.rstrip('.')}" if a.avvikelse else ""
            out.append(f"För aktiviteten ”{a.name.rstrip('.')}” rapporteras en avvikelse{what}.")
            gap = f"[Beskriv orsaken till avvikelsen för {_lower_first(_short(a.name))} och vad som görs.]"
            out.append(gap)
            gaps.append(gap)
    gap = "[Beskriv vad aktiviteterna har lett till och vad som inte blev genomfört och varför.]"
    out.append(gap)
    gaps.append(gap)
    return out, gaps


def compose(facts: GoalFacts) -> tuple[str, list[str], list[str]]:
    """The grounded draft: paragraphs separated by blank lines, the gaps it leaves, and notes."""
    paragraphs: list[str] = []
    gaps: list[str] = []
    opening, notes = assessment_sentence(facts)
    gaps.extend(GAP_RE.findall(opening))
    status = facts.effective_status
    if status in ("delvis", "inte"):
        # worded so the checker's fulfilment reader does not take the gap for a second assessment
        gap = (
            "[Beskriv vad som saknas för full måluppfyllelse och varför.]"
            if status == "delvis"
            else "[Beskriv orsakerna till att målet inte uppfylls.]"
        )
        opening += f" {gap}"
        gaps.append(gap)
    paragraphs.append(opening)

    indicator_text: list[str] = []
    covered = {f.name for f in facts.indicators}
    for fact in facts.indicators:
        sentences, fact_gaps = indicator_sentences(fact)
        indicator_text.extend(sentences)
        gaps.extend(fact_gaps)
    for target in facts.stated_targets:
        if target.indicator in covered and target.met is not None:
            continue  # the indicator sentence already says whether it was reached
        sentence, gap = target_sentence(target)
        if sentence:
            indicator_text.append(sentence)
        if gap:
            gaps.append(gap)
    if indicator_text:
        paragraphs.append(" ".join(indicator_text))

    activity_text, activity_gaps = activity_sentences(facts.activities)
    paragraphs.append(" ".join(activity_text))
    gaps.extend(activity_gaps)

    closing = "[Beskriv nästa steg: vad enheten gör under nästa år för att nå eller behålla målet.]"
    paragraphs.append(closing)
    gaps.append(closing)
    return "\n\n".join(paragraphs), list(dict.fromkeys(gaps)), notes
