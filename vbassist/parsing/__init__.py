"""Reading reports: file -> blocks (one reader per format) -> `build_reports` -> `list[Report]`.

`parse_file` / `parse_bytes` pick the reader by magic bytes first and suffix second, run the input
guards (empty, too large, zip bomb, encrypted, corrupt) and raise `vbassist.errors.InputError`
subclasses whose message is one Swedish line; `str(error)` is "<file>: <reason>". A .doc or
.odt is converted to .docx by LibreOffice first (`legacy`); text files are decoded by `encoding`.
"""

from __future__ import annotations

from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from vbassist.errors import CorruptFileError, FileTooLargeError, InputError, UnsupportedFormatError
from vbassist.parsing import guards
from vbassist.parsing.encoding import decode_text
from vbassist.parsing.files import SUPPORTED_SUFFIXES, expand_paths
from vbassist.parsing.legacy import convert_to_docx, legacy_kind
from vbassist.parsing.limits import DEFAULT_LIMITS, ParseLimits, too_many_chars

if TYPE_CHECKING:
    from vbassist.model import Document, Report
    from vbassist.parsing.text import TextFormat

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
    return _reports(read_blocks(path, limits=limits))


def parse_bytes(data: bytes, filename: str, *, limits: ParseLimits = DEFAULT_LIMITS) -> list[Report]:
    """Every unit's report in `data`; `filename` names the source (its suffix helps pick the reader)."""
    return _reports(read_blocks_bytes(data, filename, limits=limits))


def _reports(document: Document) -> list[Report]:
    from vbassist.parsing.builder import build_reports

    reports = build_reports(document)
    for report in reports:  # what the reader repaired holds for every report the file yields
        report.warnings = list(document.warnings)
    return reports


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
    suffix = PurePath(filename).suffix.lower()
    kind = legacy_kind(data)
    if kind is not None:
        guards.check_size(len(data), max_mb=limits.max_file_mb)
        data = convert_to_docx(data, kind, timeout_s=limits.convert_timeout_s)
    guards.check_bytes(data, limits)
    if data.startswith((guards.ZIP_MAGIC, guards.EMPTY_ZIP_MAGIC)):
        return _read_docx(data, filename, limits)
    if data.startswith(guards.PDF_MAGIC):
        return _read_pdf(data, filename, limits)
    if suffix == ".docx":
        raise CorruptFileError(
            "filen är inte ett giltigt Word-dokument (.docx); den är trasig eller har fel filändelse"
        )
    if suffix == ".pdf":
        raise CorruptFileError("filen är inte en giltig PDF")
    decoded = decode_text(data)
    if decoded is None:
        raise UnsupportedFormatError("okänt filformat; vbassist läser .docx, .doc, .odt, .md, .txt och .pdf")
    if len(decoded.text) > limits.max_chars:
        raise FileTooLargeError(too_many_chars(limits.max_chars))
    fmt: TextFormat = "markdown" if suffix in (".md", ".markdown") else "text"
    document = _read_text(decoded.text, filename, fmt)
    document.warnings.extend(decoded.warnings)
    return document


def _read_docx(data: bytes, filename: str, limits: ParseLimits) -> Document:
    from vbassist.parsing.docx_package import package_errors
    from vbassist.parsing.docx_reader import read_docx_blocks

    with package_errors():
        return read_docx_blocks(data, name=filename, limits=limits)


def _read_pdf(data: bytes, filename: str, limits: ParseLimits) -> Document:
    try:
        from vbassist.parsing.pdf import read_pdf_blocks
    except ImportError:
        raise UnsupportedFormatError(
            "PDF kan inte läsas i den här installationen (pdfplumber saknas)"
        ) from None
    return read_pdf_blocks(data, filename, limits=limits)


def _read_text(text: str, filename: str, fmt: TextFormat) -> Document:
    try:
        from vbassist.parsing.text import read_text_blocks
    except ImportError:
        raise UnsupportedFormatError("text kan inte läsas i den här installationen") from None
    return read_text_blocks(text, filename, fmt)


def _with_source(exc: InputError, source: str) -> InputError:
    if exc.source is not None:
        return exc
    return type(exc)(exc.message, source=source)
