"""Mask personal data before text leaves the process, and put it back in the answer.

Masked: personnummer and samordningsnummer (only when the Luhn check digit holds, so an invoice or case
number of the same shape stays), Swedish phone numbers, e-mail addresses and the names a user lists in
`settings.mask_names_file`, as people write them: "08-508 111 22," "(08) 508 111 22", "08–508 111 22",
"+46 70 123 45 67", "811228‑9874" with a non-breaking hyphen or an en dash, "ANNA SVENSSON",
"Anna Svenssons", "Anna\u00a0Svensson". Each distinct value gets a stable placeholder
("[PERSONNUMMER_1]") so the model can still refer to "the same person"; `Masker.items` says what kinds
were masked without repeating the values.

When to mask is one setting, `VBASSIST_MASK_PII` (`masker_for`): `external` (default) masks every text
sent to a model or embedding endpoint beyond this machine, `always` also for one on this machine,
`never` for nobody.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

from vbassist.names import fold

if TYPE_CHECKING:
    from vbassist.settings import Settings

MaskKind = Literal["personnummer", "telefon", "epost", "namn"]
MaskPolicy = Literal["always", "external", "never"]
_LABELS: dict[MaskKind, str] = {
    "personnummer": "PERSONNUMMER",
    "telefon": "TELEFON",
    "epost": "EPOST",
    "namn": "NAMN",
}


class MaskedItem(BaseModel):
    """What kind of personal data was replaced (never the value itself) and by which placeholder."""

    model_config = ConfigDict(extra="forbid")

    kind: MaskKind
    placeholder: str


# spaces as Word and PDFs write them between digit groups: plain, non-breaking, narrow, thin, figure
_SP = " \u00a0\u202f\u2009\u2007"
# what joins digit groups: hyphen, non-breaking hyphen, figure/en/em dash, minus sign, slash
_DASH = "\\-\u2010\u2011\u2012\u2013\u2014\u2212/"
_GAP = f"[{_SP}]?[{_DASH}]?[{_SP}]?"

# YYMMDD or YYYYMMDD, optional separator (- or + or a dash or space), then 4 digits; not inside a longer
# digit run.
_PNR_RE = re.compile(
    rf"(?<![\d\w])(?P<century>(?:19|20)?)(?P<date>\d{{6}})(?P<sep>[{_SP}]?[+{_DASH}]?[{_SP}]?)"
    rf"(?P<tail>\d{{4}})(?![\d\w])"
)
_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+(?![\w-])")
# Swedish numbers: +46 / (+46) / 0046 / 0 then the area code, or the area code in brackets "(08)", then
# groups of 2-4 digits joined by spaces or dashes. Not after "digit + space": "2 056 000 000 kr" is an
# amount whose second group starts with 0. A comma may follow ("ring 08-508 111 22, eller ..."), a
# decimal comma may not.
_PHONE_RE = re.compile(
    rf"(?<![\w+,])(?<!\d[{_SP}])"
    rf"(?:(?:\(\+46\)|\+[{_SP}]?46|0046|0){_GAP}(?:\(0\){_GAP})?\d{{1,3}}|\(0\d{{1,3}}\))"
    rf"(?:{_GAP}\d{{2,4}}){{1,4}}"
    r"(?!\w|,\d)"
)
# between the parts of a listed name, in the folded text (where every kind of space is " ")
_NAME_JOIN = "[\\s\u00ad]+"
# the genitive ("Annas", "Lars'", "SVT:s") and a possessive "'s"; the suffix stays outside the placeholder
_GENITIVE = "(?P<gen>:s|['’]s|['’]|s)?"


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check used by Swedish personnummer, over the 10-digit YYMMDDNNNC form."""
    if not digits.isdigit() or len(digits) != 10:
        return False
    total = 0
    for i, ch in enumerate(digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def is_personnummer(text: str) -> bool:
    """True for a Luhn-valid personnummer or samordningsnummer (day + 60) with a plausible month."""
    m = _PNR_RE.fullmatch(text.strip())
    if m is None:
        return False
    return _plausible(m["date"], m["tail"])


def _plausible(date: str, tail: str) -> bool:
    month, day = int(date[2:4]), int(date[4:6])
    if day > 60:  # samordningsnummer
        day -= 60
    return 1 <= month <= 12 and 1 <= day <= 31 and luhn_valid(date + tail)


def _name_key(text: str) -> str:
    """A listed or found name as one comparison key: folded, parts joined by one space."""
    return " ".join(re.split(_NAME_JOIN, fold(text).strip()))


def _names_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for every listed name over folded text (case, diacritics and the kind of space do
    not matter), longest first so "Anna Svensson" wins over "Anna", with the genitive."""
    keys = sorted({_name_key(n) for n in names if n.strip()}, key=len, reverse=True)
    if not keys:
        return None
    alternatives = "|".join(_NAME_JOIN.join(re.escape(part) for part in key.split(" ")) for key in keys)
    return re.compile(rf"(?<!\w)(?P<name>{alternatives}){_GENITIVE}(?!\w)")


@dataclass
class MaskResult:
    """Masked text, the placeholder -> original mapping (kept in memory only) and what was masked."""

    text: str
    mapping: dict[str, str] = field(default_factory=dict)
    items: list[MaskedItem] = field(default_factory=list)


class Masker:
    """Masks several texts with one shared numbering, so the same value gets the same placeholder
    across the system prompt, the facts and the examples of one request."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        listed = [n.strip() for n in names if n.strip()]
        # the first listed spelling is what a placeholder is put back as
        self._canonical: dict[str, str] = {}
        for name in listed:
            self._canonical.setdefault(_name_key(name), name)
        self._names = _names_pattern(listed)
        self._by_value: dict[tuple[MaskKind, str], str] = {}
        self.mapping: dict[str, str] = {}
        self.items: list[MaskedItem] = []
        self._counts: dict[MaskKind, int] = {}

    def _placeholder(self, kind: MaskKind, value: str) -> str:
        key = (kind, value)
        if key not in self._by_value:
            self._counts[kind] = self._counts.get(kind, 0) + 1
            placeholder = f"[{_LABELS[kind]}_{self._counts[kind]}]"
            self._by_value[key] = placeholder
            self.mapping[placeholder] = value
            self.items.append(MaskedItem(kind=kind, placeholder=placeholder))
        return self._by_value[key]

    def kinds(self) -> list[MaskKind]:
        """The kinds masked so far."""
        return kinds_of(self.items)

    def mask(self, text: str) -> str:
        # e-mail first: its local part may hold digits a phone pattern would take
        text = _EMAIL_RE.sub(lambda m: self._placeholder("epost", m.group(0)), text)

        def pnr(m: re.Match[str]) -> str:
            if _plausible(m["date"], m["tail"]):
                return self._placeholder("personnummer", m.group(0))
            return m.group(0)

        text = _PNR_RE.sub(pnr, text)

        def phone(m: re.Match[str]) -> str:
            digits = re.sub(r"\D", "", m.group(0))
            # 8-13 digits: shorter runs are counts or amounts ("0 st"), longer are ids
            if 8 <= len(digits) <= 13:
                return self._placeholder("telefon", m.group(0))
            return m.group(0)

        text = _PHONE_RE.sub(phone, text)
        return self._mask_names(text) if self._names is not None else text

    def _mask_names(self, text: str) -> str:
        """Listed names, found in the folded text (same length as `text`, so the spans carry over)."""
        assert self._names is not None
        out: list[str] = []
        end = 0
        for m in self._names.finditer(fold(text)):
            name = self._canonical[_name_key(m["name"])]
            out += [text[end : m.start()], self._placeholder("namn", name), text[m.end("name") : m.end()]]
            end = m.end()
        return "".join([*out, text[end:]])


def kinds_of(items: Iterable[MaskedItem]) -> list[MaskKind]:
    """The kinds among `items`, each once, in a fixed order (what a response says was masked)."""
    found = {item.kind for item in items}
    return [kind for kind in _LABELS if kind in found]


def mask(text: str, names: Iterable[str] = ()) -> MaskResult:
    """Mask one text on its own."""
    masker = Masker(names)
    masked = masker.mask(text)
    return MaskResult(text=masked, mapping=dict(masker.mapping), items=list(masker.items))


def unmask(text: str, mapping: dict[str, str]) -> str:
    """Put the originals back. Placeholders the model dropped simply stay dropped."""
    for placeholder, original in mapping.items():
        text = text.replace(placeholder, original)
    return text


def load_names(path: Path | None) -> list[str]:
    """Names to mask, one per line; '#' starts a comment. None or a missing file = no names."""
    if path is None or not Path(path).is_file():
        return []
    names = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.append(line)
    return names


def should_mask(policy: MaskPolicy, *, local: bool) -> bool:
    """Whether text for a model or endpoint is masked: `local` = it runs on this machine."""
    return policy == "always" or (policy == "external" and not local)


def masker_for(settings: Settings, *, local: bool) -> Masker | None:
    """The masker for text sent to a model or endpoint (`local`: on this machine), or None when the
    `VBASSIST_MASK_PII` policy lets it go as it is. The one decision every caller asks."""
    if not should_mask(settings.mask_pii, local=local):
        return None
    return Masker(load_names(settings.mask_names_file))
