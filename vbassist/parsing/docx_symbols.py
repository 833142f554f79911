"""Symbol fonts in Word: the character a `w:sym` (Insert > Symbol), a run set in a symbol font, or a
private-use character shows (Wingdings "l" is ●, "u" ◆, "n" ■). The table is data:
vbassist/data/symbol_fonts.json."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import NamedTuple


class Font(NamedTuple):
    codes: dict[int, str]
    ascii_as_is: bool  # the font draws ASCII as itself (Symbol's digits and punctuation)


@lru_cache(maxsize=1)
def _fonts() -> dict[str, Font]:
    raw = json.loads(resources.files("vbassist.data").joinpath("symbol_fonts.json").read_text("utf-8"))
    return {
        name: Font({int(code, 16): char for code, char in spec["codes"].items()}, spec["ascii_as_is"])
        for name, spec in raw["fonts"].items()
    }


def font(name: str | None) -> Font | None:
    """The symbol font of that name (Wingdings, Symbol), None for a text font."""
    return _fonts().get(name.strip().lower()) if name else None


def _symbol(table: Font, code: int) -> str:
    """What `table` shows for `code`; codes in Word's private-use form (U+F0xx) are the same code."""
    if 0xF000 <= code <= 0xF0FF:
        code -= 0xF000
    if code == 0x20:
        return " "
    found = table.codes.get(code)
    if found is not None:
        return found
    return chr(code) if table.ascii_as_is and 0x20 < code < 0x7F else ""


def shown(text: str, table: Font | None) -> str:
    """Characters of a run in a symbol font, or private-use characters (U+F0xx: a symbol whose font
    came from a style) read as Wingdings, the font they almost always come from."""
    if table is None:
        wingdings = _fonts()["wingdings"]
        return "".join(_symbol(wingdings, ord(c)) if "\uf000" <= c <= "\uf0ff" else c for c in text)
    return "".join(_symbol(table, ord(c)) for c in text)


def symbol(font_name: str | None, char: str | None) -> str:
    """The character of a `w:sym` (its w:font and w:char); an unknown symbol font's private-use code
    shows nothing."""
    try:
        code = int(char or "", 16)
    except ValueError:
        return ""
    table = font(font_name)
    if table is not None or 0xF000 <= code <= 0xF0FF:
        return _symbol(table or _fonts()["wingdings"], code)
    return chr(code) if 0x20 <= code <= 0x10FFFF else ""
