"""How a draft writes names and numbers: an indicator's first mention and its short name afterwards
(`vbassist/data/indicator_names.json`), values with their unit at the precision the document's own
running text uses, Swedish list joins and the words for women/girls and men/boys."""

from __future__ import annotations

import re

from vbassist.drafting.models import IndicatorFact
from vbassist.linking import indicator_naming
from vbassist.numbers import format_sv

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
_ALREADY_DEFINITE = {
    "andelen",
    "antalet",
    "sjukfrånvaron",
    "personalomsättningen",
    "kostnaden",
    "kostnaderna",
}
_CHILDREN_RE = re.compile(r"\b(barn|unga|ungdomar|elever|flickor|pojkar|placerade)\b", re.IGNORECASE)
_BRACKETS_RE = re.compile(r"\s*\([^()]*\)")


def definite_subject(name: str) -> str:
    """'Andel barn ...' -> 'Andelen barn ...', 'Sjukfrånvaro' -> 'Sjukfrånvaron', 'Antal SIP' ->
    'Antalet SIP'; other names -> 'Utfallet för ”<name>”'. Capitalised for a sentence start."""
    name = name.strip().rstrip(".").strip()
    head, _, rest = name.partition(" ")
    key = head.lower()
    if key in _ALREADY_DEFINITE:
        return name[0].upper() + name[1:]
    if key in _DEFINITE:
        word = _DEFINITE[key]
        return word[0].upper() + word[1:] + (f" {rest}" if rest else "")
    return f"Utfallet för ”{name}”"


def lower_first(text: str) -> str:
    """The first letter in lower case, unless the text opens with an acronym ("AMI", "SIP")."""
    if len(text) > 1 and text[:2].isupper():
        return text
    return text[:1].lower() + text[1:]


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def join_sv(items: list[str], last: str = "och") -> str:
    """'a', 'a och b', 'a, b och c'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def gender_words(name: str) -> tuple[str, str]:
    """("flickor", "pojkar") for indicators about children, else ("kvinnor", "män")."""
    return ("flickor", "pojkar") if _CHILDREN_RE.search(name) else ("kvinnor", "män")


class Namer:
    """Names indicators in the order a draft mentions them: the first mention in full (or as the
    naming file writes it, "aktivt medskapandeindex (AMI)"), every later one by its short name."""

    def __init__(self) -> None:
        self._introduced: set[str] = set()

    def name(self, fact: IndicatorFact) -> str:
        """The indicator as a sentence subject, in lower case (`upper_first` for a sentence start)."""
        if fact.name in self._introduced:
            return self.short(fact)
        self._introduced.add(fact.name)
        naming = indicator_naming(fact.name)
        if naming is not None and naming.first:
            return naming.first
        return lower_first(definite_subject(_BRACKETS_RE.sub("", fact.name)))

    def short(self, fact: IndicatorFact) -> str:
        naming = indicator_naming(fact.name)
        if naming is not None:
            return naming.short
        return lower_first(definite_subject(_BRACKETS_RE.sub("", fact.name)))


def _decimals_of(value: float) -> int:
    text = format_sv(value)
    return len(text.partition(",")[2])


def shown_decimals(fact: IndicatorFact, text_decimals: int | None, *others: float | None) -> int | None:
    """The decimals to write `fact`'s values with: the document's running-text precision for a percent
    the table writes with two decimals or more ("73,33" where the text writes "73 %"), unless rounding
    would make the outcome look equal to its target or last year's value (then the table's precision)."""
    if text_decimals is None or fact.kind != "percent" or fact.utfall is None:
        return None
    if _decimals_of(fact.utfall) < 2 or _decimals_of(fact.utfall) <= text_decimals:
        return None
    rounded = round(fact.utfall, text_decimals)
    for other in others:
        if other is not None and other != fact.utfall and round(other, text_decimals) == rounded:
            return None
    return text_decimals


def value_text(value: float, fact: IndicatorFact, decimals: int | None = None) -> str:
    """A value with its unit: "73,33 %", "2 418 kr", "78" (an index or a count)."""
    if decimals is not None and _decimals_of(value) > decimals:
        text = format_sv(round(value, decimals), decimals)
    else:
        text = format_sv(value)
    if fact.kind == "percent":
        return f"{text} %"
    if fact.unit and fact.unit not in ("st",):
        return f"{text} {fact.unit}"
    return text


def last_year_label(fact: IndicatorFact) -> tuple[str, str]:
    """("vid VB 2024", "VB 2024") from the column header, or ("föregående år", "föregående år")."""
    label = re.sub(r"^utfall\s+", "", (fact.forra_aret_label or "").strip(), flags=re.IGNORECASE)
    return (f"vid {label}", label) if label else ("föregående år", "föregående år")
