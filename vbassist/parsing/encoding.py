"""The characters of a text file, in the encodings reports come in: UTF-8 (with or without BOM, also with
a few stray bytes from a legacy editor), UTF-16 with or without BOM (Word's and Notepad's
"Unicode-text"), and Windows-1252 (older Word text exports). Binary data is not text."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

_SAMPLE = 65536
_REPLACEMENT = "\ufffd"


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def decode_text(data: bytes) -> DecodedText | None:
    """The text of `data`, or None when it is binary (NUL bytes outside UTF-16, control noise).

    UTF-8 is taken whenever the file is mostly UTF-8: stray bytes that are not (a "å" typed in an
    editor set to Windows-1252) are each replaced by U+FFFD and named in a warning, so one bad byte no
    longer turns a whole report into mojibake. A file with no UTF-8 sequences at all is Windows-1252."""
    utf16 = _utf16_codec(data)
    if utf16 is not None:
        return _checked(_decode_utf16(data, utf16))
    if b"\x00" in data[:_SAMPLE]:
        return None
    try:
        return _checked(DecodedText(data.decode("utf-8-sig"), "utf-8"))
    except UnicodeDecodeError:
        pass
    replaced = data.decode("utf-8-sig", errors="replace")
    stray = replaced.count(_REPLACEMENT) - data.count(_REPLACEMENT.encode())
    multibyte = sum(1 for c in replaced if ord(c) > 127) - replaced.count(_REPLACEMENT)
    if multibyte >= stray:
        return _checked(DecodedText(replaced, "utf-8", [_stray_warning(replaced, stray)]))
    try:
        return _checked(DecodedText(data.decode("cp1252"), "cp1252"))
    except UnicodeDecodeError:
        return None


def _utf16_codec(data: bytes) -> str | None:
    """ "utf-16" (BOM), "utf-16-le" or "utf-16-be" (no BOM: text whose every other byte is NUL, as
    Latin-script UTF-16 is); None for anything else."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not data.startswith(
        codecs.BOM_UTF32_LE
    ):
        return "utf-16"
    sample = data[: min(len(data), _SAMPLE) & ~1]  # whole code units only
    half = len(sample) // 2
    if half < 2:
        return None
    even_nul = sample[0::2].count(0)
    odd_nul = sample[1::2].count(0)
    if odd_nul >= 0.3 * half and even_nul <= 0.02 * half:
        return "utf-16-le"
    if even_nul >= 0.3 * half and odd_nul <= 0.02 * half:
        return "utf-16-be"
    return None


def _decode_utf16(data: bytes, codec: str) -> DecodedText:
    try:
        return DecodedText(data.decode(codec), "utf-16")
    except UnicodeDecodeError:  # an odd byte at the end, a lone surrogate: replace, and say so
        text = data.decode(codec, errors="replace")
        return DecodedText(text, "utf-16", [_stray_warning(text, text.count(_REPLACEMENT))])


def _stray_warning(text: str, count: int) -> str:
    lines: list[int] = []
    position = text.find(_REPLACEMENT)
    while position != -1 and len(lines) < 5:
        line = text.count("\n", 0, position) + 1
        if line not in lines:
            lines.append(line)
        position = text.find(_REPLACEMENT, position + 1)
    where = ", ".join(map(str, lines)) + (" …" if count > len(lines) else "")
    return f"{count} tecken var inte giltig text i filens teckenkodning och ersattes med � (rad {where})"


def _checked(decoded: DecodedText) -> DecodedText | None:
    """None when the characters are control noise (a binary file that happened to decode)."""
    head = decoded.text[:_SAMPLE]
    controls = sum(1 for c in head if ord(c) < 32 and c not in "\t\n\r\f")
    if head and controls / len(head) > 0.01:
        return None
    return decoded
