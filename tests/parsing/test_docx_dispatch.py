"""`parse_bytes` / `parse_file`: the entry points the API and the CLI use; errors carry a stable code and
name the file."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from vbassist.errors import (
    CorruptFileError,
    EmptyFileError,
    EncryptedFileError,
    FileTooLargeError,
    InputError,
    NotAReportError,
    UnsupportedFormatError,
)
from vbassist.parsing import parse_bytes, parse_file
from vbassist.settings import Settings

DATA = Path(__file__).resolve().parent.parent / "data"
SAMPLE = DATA / "vb2025_hagersten-alvsjo_ungdomsenheten.docx"


def test_bytes_and_file_give_the_same_reports() -> None:
    from_bytes = parse_bytes(SAMPLE.read_bytes(), "utkast.docx")
    from_file = parse_file(SAMPLE)
    assert from_bytes[0].source == "utkast.docx" and from_file[0].source == str(SAMPLE)
    assert from_bytes[0].model_dump(exclude={"source"}) == from_file[0].model_dump(exclude={"source"})


def test_magic_bytes_win_over_the_suffix() -> None:
    # a .docx saved with the wrong extension is still read as Word
    (report,) = parse_bytes(SAMPLE.read_bytes(), "rapport.txt")
    assert report.source_format == "docx" and len(report.enhetsmal()) == 13


@pytest.mark.parametrize(
    ("data", "name", "error", "code"),
    [
        (b"", "tom.docx", EmptyFileError, "tom_fil"),
        (b"\x00\x01\x02garbage" * 100, "fel.docx", CorruptFileError, "trasig_fil"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600) + "EncryptionInfo".encode("utf-16-le"),
            "l.docx",
            EncryptedFileError,
            "krypterad_fil",
        ),
        (bytes(range(256)) * 4, "data.bin", UnsupportedFormatError, "okant_format"),
        (b"Bara ett brev utan rubriker.\n", "brev.txt", NotAReportError, "inte_en_rapport"),
    ],
)
def test_errors_have_codes_and_name_the_file(
    data: bytes, name: str, error: type[InputError], code: str
) -> None:
    with pytest.raises(error) as caught:
        parse_bytes(data, name)
    assert caught.value.code == code
    assert caught.value.source == name
    assert str(caught.value).startswith(f"{name}: ")
    assert "\n" not in str(caught.value)


def test_limits_come_from_settings(tmp_path: Path) -> None:
    strict = Settings(max_file_mb=0.01, max_uncompressed_mb=0.05)
    with pytest.raises(FileTooLargeError) as caught:
        parse_file(SAMPLE, limits=strict.parse_limits())  # 60 kB against a 10 kB limit
    assert caught.value.http_status == 413
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", "<w:document/>")
        z.writestr("word/media/fyllnad.bin", bytes(100_000))  # 100 kB unpacked, under 1 kB packed
    with pytest.raises(FileTooLargeError, match="zip-bomb"):
        parse_bytes(packed.getvalue(), "liten_bomb.docx", limits=strict.parse_limits())
    # near miss: the same package under the default limits is only refused for what it is (no Word body)
    with pytest.raises(CorruptFileError):
        parse_bytes(packed.getvalue(), "liten_bomb.docx", limits=Settings().parse_limits())
