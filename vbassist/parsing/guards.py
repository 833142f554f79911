"""Checks on an input file before any parser touches it: empty, too large, a zip bomb, encrypted, corrupt,
not a .docx at all. Each failure is one `InputError` with a one-line Swedish reason; the
caller adds the file name.

Order matters for speed: size is checked from the file system before reading (a 60 MB file is refused
without reading it), the zip central directory is read before anything is extracted.
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

from vbassist.errors import (
    CorruptFileError,
    EmptyFileError,
    EncryptedFileError,
    FileTooLargeError,
    UnsupportedFormatError,
)
from vbassist.parsing.limits import ParseLimits, limit_text

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2 compound file: encrypted OOXML or legacy .doc
PDF_MAGIC = b"%PDF-"
_MB = 1024 * 1024


def check_size(size: int, *, max_mb: float) -> None:
    """Refuse empty and oversized files from their size alone."""
    if size == 0:
        raise EmptyFileError("filen är tom")
    if size > max_mb * _MB:
        raise FileTooLargeError(f"filen är för stor ({size / _MB:.0f} MB, högst {max_mb:g} MB)")


def check_bytes(data: bytes, limits: ParseLimits) -> None:
    """Every check on a file's bytes: size, then an encrypted or legacy Word file, then a .docx package."""
    check_size(len(data), max_mb=limits.max_file_mb)
    if data.startswith(CFB_MAGIC):
        check_cfb(data)
    if data.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC)):
        check_docx_package(data, limits)


def check_path(path: Path, *, max_mb: float) -> None:
    """Size checks from the file system, before the file is read into memory."""
    if not path.exists():
        raise UnsupportedFormatError("filen finns inte")
    if path.is_dir():
        raise UnsupportedFormatError("är en mapp, inte en fil")
    check_size(path.stat().st_size, max_mb=max_mb)


def check_cfb(data: bytes) -> None:
    """An OLE2/CFB container where a .docx was expected: a password-protected Word file (the OOXML
    package is encrypted inside a CFB with an EncryptionInfo stream) or an old binary .doc."""
    if not data.startswith(CFB_MAGIC):
        return
    if _cfb_has_stream(data, "EncryptionInfo") or _cfb_has_stream(data, "EncryptedPackage"):
        raise EncryptedFileError(
            "filen är krypterad (lösenordsskyddad) och kan inte läsas; spara den utan lösenord"
        )
    if _cfb_has_stream(data, "WordDocument"):
        raise UnsupportedFormatError("filen är ett gammalt Word-dokument (.doc); spara den som .docx")
    raise EncryptedFileError(
        "filen är en OLE2-behållare, troligen krypterad (lösenordsskyddad) eller ett gammalt .doc; "
        "spara den som .docx utan lösenord"
    )


def _cfb_has_stream(data: bytes, name: str) -> bool:
    """Stream names sit in the CFB directory as UTF-16LE; a byte search is enough to tell them apart,
    and needs no OLE library."""
    return name.encode("utf-16-le") in data


def zip_members(data: bytes) -> int | None:
    """How many members the zip's end record says it has (None when there is no end record): read
    before zipfile builds an entry object for each of them."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))  # the record, after a comment of <= 64 kB
    if end < 0 or end + 22 > len(data):
        return None
    (count,) = struct.unpack_from("<H", data, end + 10)
    locator = end - 20  # zip64: the count is in the zip64 end record the locator points to
    if count == 0xFFFF and locator >= 0 and data.startswith(b"PK\x06\x07", locator):
        (record,) = struct.unpack_from("<Q", data, locator + 8)
        if record + 40 <= len(data) and data.startswith(b"PK\x06\x06", record):
            (count,) = struct.unpack_from("<Q", data, record + 32)
    return int(count)


def check_docx_package(data: bytes, limits: ParseLimits) -> None:
    """A zip with word/document.xml whose members would not unpack beyond the limit. Reads the central
    directory only: a zip bomb is refused before a byte is inflated. The sizes there are a claim: the
    reader counts what each member really inflates to (`vbassist.parsing.docx_package`)."""
    if data.startswith(EMPTY_ZIP_MAGIC):
        raise CorruptFileError("zip-arkivet är tomt, inget Word-dokument")
    members = zip_members(data)
    if members is not None and members > limits.max_zip_members:
        raise FileTooLargeError(f"zip-arkivet har fler än {limit_text(limits.max_zip_members)} delar")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise CorruptFileError("filen är trasig (ogiltigt zip-arkiv)") from None
    max_uncompressed_mb = limits.max_uncompressed_mb
    with archive:
        infos = archive.infolist()
        names = {i.filename for i in infos}
        if "word/document.xml" not in names:
            raise UnsupportedFormatError("zip-arkivet är inget Word-dokument (word/document.xml saknas)")
        total = sum(i.file_size for i in infos)
        if total > max_uncompressed_mb * _MB:
            raise FileTooLargeError(
                f"filen packas upp till {total / _MB:.0f} MB (högst {max_uncompressed_mb:g} MB), "
                "misstänkt zip-bomb"
            )
        if any(i.flag_bits & 0x1 for i in infos):
            raise EncryptedFileError("zip-arkivet är krypterat")
        # a member's declared size can lie; compression ratios beyond this are not seen in real documents
        for info in infos:
            if (
                info.compress_size
                and info.file_size / info.compress_size > 1000
                and info.file_size > 10 * _MB
            ):
                raise FileTooLargeError("filen innehåller en extremt komprimerad del, misstänkt zip-bomb")
