"""Errors a user can hit. Each carries a stable `code` (API) and a one-line Swedish message that names
the file and the reason; surfaces turn them into exit code 2 or an HTTP 4xx, never a traceback."""

from __future__ import annotations


class VbassistError(Exception):
    """Base for errors caused by input or configuration, not by a bug."""

    code: str = "fel"
    http_status: int = 422

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.message = message
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


class InputError(VbassistError):
    """The file cannot be read as a report (corrupt, encrypted, empty, too large, unknown layout)."""

    code = "ogiltig_fil"


class EmptyFileError(InputError):
    code = "tom_fil"


class FileTooLargeError(InputError):
    code = "for_stor_fil"
    http_status = 413


class CorruptFileError(InputError):
    code = "trasig_fil"


class EncryptedFileError(InputError):
    code = "krypterad_fil"


class UnsupportedFormatError(InputError):
    code = "okant_format"
    http_status = 415


class ConversionError(InputError):
    """LibreOffice could not turn a .doc/.odt into a .docx in time (or at all)."""

    code = "konverteringsfel"


class NotAReportError(InputError):
    code = "inte_en_rapport"


class ConfigurationError(VbassistError):
    code = "konfigurationsfel"
    http_status = 500


class UnknownRuleError(VbassistError):
    """A rule id or prefix (`--rules`, `--skip-rules`, VBASSIST_RULES) that names no registered rule."""

    code = "okand_regel"
    http_status = 422


class StorageError(VbassistError):
    """Something could not be written: the folder is read-only, not permitted, or the disk failed."""

    code = "lagring_ej_skrivbar"
    http_status = 503


class DiskFullError(StorageError):
    """The disk (or the user's quota) is full."""

    code = "disken_full"
    http_status = 507
