"""Word 97-2003 (.doc) and OpenDocument (.odt) files, read by converting them to .docx with LibreOffice.

Archives hold earlier reports as .doc, and some units write in LibreOffice; both come out of the
conversion as the .docx the Word reader reads, so they end in the same model. The conversion runs
`soffice --headless` on a private copy in a private temporary folder with its own user profile (two
conversions at once, or a desktop LibreOffice, never share one), under a time limit after which the
whole process group is killed. Without LibreOffice the file is refused with the hint "spara som .docx".
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from vbassist.errors import ConversionError, CorruptFileError, UnsupportedFormatError
from vbassist.parsing.guards import CFB_MAGIC, ZIP_MAGIC

LegacyKind = Literal["doc", "odt"]

_ODT_MIMETYPE = b"mimetypeapplication/vnd.oasis.opendocument.text"
_ENCRYPTION_STREAMS = ("EncryptionInfo", "EncryptedPackage")
_NAMES: dict[LegacyKind, str] = {
    "doc": "ett gammalt Word-dokument (.doc)",
    "odt": "ett OpenDocument-dokument (.odt)",
}


def legacy_kind(data: bytes) -> LegacyKind | None:
    """ "doc" for a Word 97-2003 binary file, "odt" for an OpenDocument text; None for anything else
    (an encrypted Office file is an OLE2 container too, but it is the input guards' to refuse)."""
    if data.startswith(CFB_MAGIC):
        has = {name: name.encode("utf-16-le") in data for name in ("WordDocument", *_ENCRYPTION_STREAMS)}
        if has["WordDocument"] and not any(has[name] for name in _ENCRYPTION_STREAMS):
            return "doc"
        return None
    # ODF puts an uncompressed "mimetype" member first: its local header is 30 bytes, then the name
    if data.startswith(ZIP_MAGIC) and data[30 : 30 + len(_ODT_MIMETYPE)] == _ODT_MIMETYPE:
        return "odt"
    return None


def find_soffice() -> str | None:
    """LibreOffice's command line, when installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def run_soffice(sources: Sequence[Path], target: str, outdir: Path, *, timeout_s: float) -> None:
    """`soffice --headless --convert-to target` for `sources` into `outdir`, with a private profile
    and HOME in a temporary folder. Raises `subprocess.TimeoutExpired` (after killing the process
    group), `subprocess.CalledProcessError` or `FileNotFoundError` when soffice is not installed."""
    soffice = find_soffice()
    if soffice is None:
        raise FileNotFoundError("soffice")
    with tempfile.TemporaryDirectory(prefix="vbassist-soffice-") as private:
        home = Path(private)
        command = [
            soffice,
            f"-env:UserInstallation={(home / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            *map(str, sources),
        ]
        env = {**os.environ, "HOME": str(home)}
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            start_new_session=True,  # its own process group: a timeout kills soffice.bin too
        )
        try:
            code = process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            raise
        finally:
            if process.poll() is None:
                _kill_group(process)
        if code != 0:
            raise subprocess.CalledProcessError(code, command[:1])


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def convert_to_docx(data: bytes, kind: LegacyKind, *, timeout_s: float) -> bytes:
    """The .docx LibreOffice makes of a .doc or .odt file's bytes. Raises `UnsupportedFormatError`
    when LibreOffice is not installed and `ConversionError` when the conversion fails or is too slow."""
    what = _NAMES[kind]
    if find_soffice() is None:
        raise UnsupportedFormatError(
            f"filen är {what} och LibreOffice (soffice) finns inte här för att läsa den; spara som .docx"
        )
    with tempfile.TemporaryDirectory(prefix="vbassist-convert-") as work:
        source = Path(work) / f"dokument.{kind}"  # never the user's file name: soffice sees a plain one
        source.write_bytes(data)
        outdir = Path(work) / "out"
        try:
            run_soffice([source], "docx:MS Word 2007 XML", outdir, timeout_s=timeout_s)
        except subprocess.TimeoutExpired:
            raise ConversionError(
                f"LibreOffice hann inte konvertera filen ({what}) inom {timeout_s:g} s; spara som .docx"
            ) from None
        except (subprocess.CalledProcessError, OSError):
            raise ConversionError(
                f"LibreOffice kunde inte konvertera filen ({what}); spara som .docx"
            ) from None
        converted = outdir / "dokument.docx"
        if not converted.is_file():  # soffice exits 0 when it cannot load a file (damaged, password)
            raise CorruptFileError(
                f"filen är {what} som LibreOffice inte kan öppna (trasig eller lösenordsskyddad?); "
                f"spara som .docx"
            )
        return converted.read_bytes()
