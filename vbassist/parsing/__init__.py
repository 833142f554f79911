"""Reading reports: file -> blocks (one reader per format) -> `build_reports` -> `list[Report]`.

`parse_file` / `parse_bytes` pick the reader by magic bytes first and suffix second, run the input
guards (empty, too large, zip bomb, encrypted, corrupt) and raise `vbassist.errors.InputError`
subclasses whose message is one Swedish / English line; `str(error)` is "<file>: <reason>".
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from vbassist.errors import CorruptFileError, InputError, UnsupportedFormatError
from vbassist.parsing import guards
from vbassist.parsing.files import SUPPORTED_SUFFIXES, expand_paths
from vbassist.parsing.limits import DEFAULT_LIMITS, ParseLimits

if TYPE_CHECKING:
    from vbassist.model import Document, Report

__all__ = [
    "DEFAULT_LIMITS",
    "SUPPORTED_SUFFIXES",
    "ParseLimits",
    "expand_paths",
    "parse_bytes",
    "parse_file",
    "read_blocks",
    "read_blocks_bytes",
]


def parse_file(path: str | Path, *, limits: ParseLimits = DEFAULT_LIMITS) -> list[Report]:
    """Every unit's report in the file at `path` (one `Report` per unit)."""
    from vbassist.parsing.builder import build_reports

    return build_reports(read_blocks(path, limits=limits))


def parse_bytes(data: bytes, filename: str, *, limits: ParseLimits = DEFAULT_LIMITS) -> list[Report]:
    """Every unit's report in `data`; `filename` names the source (its suffix helps pick the reader)."""
    from vbassist.parsing.builder import build_reports

    return build_reports(read_blocks_bytes(data, filename, limits=limits))


def read_blocks(path: str | Path, *, limits: ParseLimits = DEFAULT_LIMITS) -> Document:
    """The blocks of the file at `path`, before any domain structure is found."""
    path = Path(path)
    source = str(path)
    try:
        guards.check_path(path, max_mb=limits.max_file_mb)
        data = path.read_bytes()
    except InputError as exc:
        raise _with_source(exc, source) from None
    except OSError as exc:
        raise UnsupportedFormatError(
            f"filen kan inte läsas ({exc.strerror or type(exc).__name__})", source=source
        ) from None
    return read_blocks_bytes(data, source, limits=limits)


def read_blocks_bytes(data: bytes, filename: str, *, limits: ParseLimits = DEFAULT_LIMITS) -> Document:
    """The blocks of `data`; raises `InputError` with `filename` as the source."""
    try:
        return _dispatch(data, filename, limits)
    except InputError as exc:
        raise _with_source(exc, filename) from None


# --------------------------------------------------------------------------- dispatch


def _dispatch(data: bytes, filename: str, limits: ParseLimits) -> Document:
    guards.check_bytes(data, limits)
    suffix = PurePath(filename).suffix.lower()
    if data.startswith((guards.ZIP_MAGIC, guards.EMPTY_ZIP_MAGIC)):
        return _read_docx(data, filename)
    if data.startswith(guards.PDF_MAGIC):
        return _read_pdf(data, filename)
    if suffix == ".docx":
        raise CorruptFileError(
            "filen är inte ett giltigt Word-dokument (.docx); den är trasig eller har fel filändelse"
        )
    if suffix == ".pdf":
        raise CorruptFileError("filen är inte en giltig PDF")
    text = _decode_text(data)
    if text is None:
        raise UnsupportedFormatError("okänt filformat; vbassist läser .docx, .md, .txt och .pdf")
    fmt = "markdown" if suffix in (".md", ".markdown") else "text"
    return _read_text(text, filename, fmt)


def _read_docx(data: bytes, filename: str) -> Document:
    from lxml.etree import XMLSyntaxError

    from vbassist.parsing.docx_reader import read_docx_blocks

    try:
        return read_docx_blocks(data, name=filename)
    except (
        KeyError,
        ValueError,
        IndexError,
        EOFError,
        OSError,
        NotImplementedError,  # zipfile: an unsupported zip version or compression method
        struct.error,
        zlib.error,  # a damaged deflate stream inside an otherwise valid zip directory
        zipfile.BadZipFile,
        XMLSyntaxError,
    ) as exc:
        raise CorruptFileError(
            f"filen är trasig och kan inte läsas som Word-dokument ({type(exc).__name__})"
        ) from None
    except Exception as exc:  # python-docx raises its own PackageNotFoundError and friends
        if type(exc).__module__.startswith("docx"):
            raise CorruptFileError(
                f"filen är trasig och kan inte läsas som Word-dokument ({type(exc).__name__})"
            ) from None
        raise


def _read_pdf(data: bytes, filename: str) -> Document:
    try:
        from vbassist.parsing.pdf import read_pdf_blocks
    except ImportError:
        raise UnsupportedFormatError(
            "PDF kan inte läsas i den här installationen (pdfplumber saknas)"
        ) from None
    return read_pdf_blocks(data, filename)


def _read_text(text: str, filename: str, fmt: str) -> Document:
    try:
        from vbassist.parsing.text import read_text_blocks
    except ImportError:
        raise UnsupportedFormatError("text kan inte läsas i den här installationen") from None
    return read_text_blocks(text, filename, fmt)


def _decode_text(data: bytes) -> str | None:
    """UTF-8 (with or without BOM), else Windows-1252; None for binary data (NUL bytes, control noise)."""
    sample = data[:65536]
    if b"\x00" in sample:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            return None
    head = text[:65536]
    controls = sum(1 for c in head if ord(c) < 32 and c not in "\t\n\r\f")
    if head and controls / len(head) > 0.01:
        return None
    return text


def _with_source(exc: InputError, source: str) -> InputError:
    if exc.source is not None:
        return exc
    return type(exc)(exc.message, source=source)
