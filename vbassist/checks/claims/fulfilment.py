"""Statements of a goal's own fulfilment: "målet bedöms vara delvis uppfyllt", "Sammantaget har målet
inte uppnåtts", "Delvis uppnått." opening an analysis."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from vbassist.model import Status


@dataclass(frozen=True)
class FulfilmentClaim:
    status: Status
    raw: str
    start: int
    end: int


_FULFIL_RE = re.compile(
    r"\b(?:målet|enhetsmålet|enhetsmål)\b(?P<mid>[^.!?\n]{0,50}?)"
    r"(?P<verb>\buppfylls\b|\buppfylldes\b|\bär\s+(?:(?:helt|delvis|inte|ej)\s+){0,2}(?:uppfyllt|uppnått|nått)\b"
    r"|\b(?:anses|bedöms)\s+(?:vara\s+|som\s+)?(?:(?:helt|delvis|inte|ej)\s+){0,2}(?:uppfyllt|uppnått|nått)\b"
    r"|\bhar\s+(?:(?:helt|delvis|inte|ej)\s+){0,2}(?:uppfyllts|uppnåtts|uppnås|nåtts)\b)"
    r"(?P<after>[^.!?\n]{0,20})",
    re.IGNORECASE,
)
# a forecast: "Enhetens bedömning är att målet kommer att uppfyllas delvis", "målet bedöms uppnås helt"
_FULFIL_FUTURE_RE = re.compile(
    r"\b(?:målet|enhetsmålet)\b(?P<mid>[^.!?\n]{0,25}?)\b(?:kommer\s+(?:inte\s+|ej\s+)?att|bedöms|beräknas)\s+(?:att\s+)?"
    r"(?:uppfyllas|uppnås|nås)\b(?P<after>[^.!?\n]{0,20})",
    re.IGNORECASE,
)
# inverted order after an adverb: "Sammantaget har målet inte uppnåtts", "därmed uppfylls målet delvis"
_FULFIL_INV_RE = re.compile(
    r"\b(?P<v1>har|är|bedöms|anses|uppfylls|uppfylldes)\s+(?:enhets)?målet\s+"
    r"(?P<rest>(?:vara\s+|som\s+)?(?:(?:helt|delvis|inte|ej)\s+){0,2}"
    r"(?:uppfyllts|uppnåtts|nåtts|uppfyllt|uppnått|nått|helt|delvis|inte|ej)\b(?:\s+(?:uppfyllt|uppnått|nått))?)",
    re.IGNORECASE,
)
_PARTLY_RE = re.compile(r"\bdelvis\b|\b(?:inte|ej|icke)\s+helt\b", re.IGNORECASE)
_NOT_RE = re.compile(r"\b(?:inte|ej|icke)\b", re.IGNORECASE)


def _status_in(words: str) -> Status:
    """The status a fulfilment phrase states: "delvis" (also "inte helt"), "inte", else the plain
    verb: "helt". One reading for every phrase form, so "inte helt uppfyllt" is never "inte"."""
    if _PARTLY_RE.search(words):
        return "delvis"
    return "inte" if _NOT_RE.search(words) else "helt"


# "Målet att minska sammanbrott ... har inte nåtts" speaks of a sub-target, not the goal itself.
_SUBTARGET_RE = re.compile(r"\b(att|om|för|med|gällande|kring)\b|[,:;]", re.IGNORECASE)
# the status a lone word gives ("Delvis uppnått.", "Uppfylls inte")
_STATUS_WORD: dict[str, Status] = {"helt": "helt", "delvis": "delvis", "inte": "inte", "ej": "inte"}
# a line that is only the status words, as when the marker is repeated in the analysis
_BARE_STATUS_RE = re.compile(r"^\W*uppfylls\s+(helt|delvis|inte)\W*$", re.IGNORECASE)
# "Delvis uppnått." opening an analysis
_LEAD_STATUS_RE = re.compile(r"^\W*(helt|delvis|inte|ej)\s+(?:uppnått|uppfyllt|nått)\s*[.!]", re.IGNORECASE)


@lru_cache(maxsize=8192)
def fulfilment_claims(text: str) -> list[FulfilmentClaim]:
    """Statements of the goal's own fulfilment in `text`."""
    out: list[FulfilmentClaim] = []
    for m in _FULFIL_RE.finditer(text):
        if _SUBTARGET_RE.search(m["mid"]):
            continue
        words = f"{m['mid']} {m['verb']} {m['after']}"
        out.append(FulfilmentClaim(_status_in(words), m.group(0).strip(), m.start(), m.end()))
    for m in _FULFIL_FUTURE_RE.finditer(text):
        if _SUBTARGET_RE.search(m["mid"]):
            continue
        words = f"{m['mid']} {m.group(0)} {m['after']}"
        out.append(FulfilmentClaim(_status_in(words), m.group(0).strip(), m.start(), m.end()))
    for m in _FULFIL_INV_RE.finditer(text):
        words = m.group(0).lower()
        if m["v1"].lower() in ("har", "är") and not re.search(
            r"uppfyllt|uppnått|nått|uppfyllts|uppnåtts|nåtts", words
        ):
            continue
        out.append(FulfilmentClaim(_status_in(words), m.group(0).strip(), m.start(), m.end()))
    for line_match in re.finditer(r"[^\n]+", text):
        lead = _LEAD_STATUS_RE.match(line_match.group(0))
        if lead:
            out.append(
                FulfilmentClaim(
                    _STATUS_WORD[lead[1].lower()],
                    lead.group(0).strip(),
                    line_match.start(),
                    line_match.start() + lead.end(),
                )
            )
        bare = _BARE_STATUS_RE.match(line_match.group(0))
        if bare:
            out.append(
                FulfilmentClaim(
                    _STATUS_WORD[bare[1].lower()],
                    line_match.group(0).strip(),
                    line_match.start(),
                    line_match.end(),
                )
            )
    out.sort(key=lambda c: c.start)
    return out


@dataclass(frozen=True)
class NamedFulfilmentClaim:
    """A statement of the fulfilment of a goal named in the sentence, as a summary writes it: "Målet att
    fråga och informera brukare om våldsutsatthet är delvis uppfyllt", "Arbetsmiljömålet är delvis
    uppfyllt". `subject` is how the goal is named ("fråga och informera brukare om våldsutsatthet",
    "Arbetsmiljö")."""

    status: Status
    subject: str
    raw: str
    start: int
    end: int


_NAMED_FULFIL_RE = re.compile(
    r"(?:\bmålet\s+(?:att|om|för|gällande|kring|avseende)\s+(?P<about>[^.!?\n]{5,140}?)"
    r"|\b(?P<compound>[a-zåäö]{4,}?)målet)\s+"
    r"(?P<verb>(?:är|har|bedöms|anses)\s+(?:vara\s+)?(?:(?:helt|delvis|inte|ej)\s+){0,2}"
    r"(?:uppfyllt|uppnått|nått|uppfyllts|uppnåtts|nåtts)\b"
    r"|uppfylls(?:\s+(?:helt|delvis|inte|ej))?\b|har\s+(?:inte|ej)\s+kunnat\s+(?:uppnås|nås|uppfyllas)\b)",
    re.IGNORECASE,
)


@lru_cache(maxsize=8192)
def named_fulfilment_claims(text: str) -> list[NamedFulfilmentClaim]:
    """Statements of a named goal's fulfilment in `text` (a summary's "Målet att ... är delvis uppfyllt")."""
    out: list[NamedFulfilmentClaim] = []
    for m in _NAMED_FULFIL_RE.finditer(text):
        status = _status_in(m["verb"])
        subject = (m["about"] or m["compound"] or "").strip()
        out.append(NamedFulfilmentClaim(status, subject, m.group(0).strip(), m.start(), m.end()))
    return out
