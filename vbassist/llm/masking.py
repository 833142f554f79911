"""Mask personal data before text leaves the machine, and put it back in the answer.

Masked: personnummer and samordningsnummer (only when the Luhn check digit holds, so an invoice or case
number of the same shape stays), Swedish phone numbers, e-mail addresses and the names a user lists in
`settings.mask_names_file`. Each distinct value gets a stable placeholder ("[PERSONNUMMER_1]") so the
model can still refer to "the same person"; `MaskResult.items` says what kinds were masked without
repeating the values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

MaskKind = Literal["personnummer", "telefon", "epost", "namn"]
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


# YYMMDD or YYYYMMDD, optional - or + separator, then 4 digits; not inside a longer digit run.
_PNR_RE = re.compile(
    r"(?<![\d\w])(?P<century>(?:19|20)?)(?P<date>\d{6})(?P<sep>[-+ ]?)(?P<tail>\d{4})(?![\d\w])"
)
_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+(?![\w-])")
# Swedish numbers: +46 / 0046 / 0 then area code and groups of digits separated by space or hyphen.
# Not after "digit + space": "2 056 000 000 kr" is an amount whose second group starts with 0.
_PHONE_RE = re.compile(
    r"(?<![\w+,])(?<!\d[ \u00a0])(?:\+46|0046|0)[\s-]?(?:\(0\))?\d{1,3}(?:[\s-]?\d{2,4}){1,4}(?![\w,])"
)


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
        cleaned = {n.strip() for n in names if n.strip()}
        # longest first so "Anna Svensson" wins over "Anna"
        self._names = sorted(cleaned, key=len, reverse=True)
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
        for name in self._names:
            pattern = re.compile(rf"(?<![\wåäöÅÄÖ]){re.escape(name)}(?![\wåäöÅÄÖ])")
            text = pattern.sub(lambda m, n=name: self._placeholder("namn", n), text)
        return text


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
