"""What reading one file may cost. The defaults are far above any real report; `Settings.parse_limits()`
builds the values in force from the environment at the edges (CLI, service), and library callers pass
their own or take these defaults.

Limits are checked WHILE reading, never from what a file says about itself (a zip directory's sizes, a
cell's span): `ReadBudget` counts what one .docx has cost so far and raises `FileTooLargeError` (one
Swedish line, HTTP 413) the moment a count passes its limit, before the work it would cost.
"""

from __future__ import annotations

from dataclasses import dataclass

from vbassist.errors import FileTooLargeError

_MB = 1024 * 1024


@dataclass(frozen=True)
class ParseLimits:
    max_file_mb: float = 50.0  # the file's own size
    max_uncompressed_mb: float = 200.0  # a .docx package, or all streams of a PDF, inflated
    # .docx (docs/parse.md says how far real reports are from each)
    max_zip_members: int = 10_000  # members of a .docx package (zipfile builds an object for each)
    max_part_mb: float = 25.0  # one XML part of a .docx (word/document.xml ...) inflated
    max_xml_tags: int = 1_000_000  # XML tags ("<") in the parts parsed: bounds the tree a part becomes
    max_paragraphs: int = 100_000  # paragraphs per document, in table cells and text boxes too
    max_table_rows: int = 5_000  # rows per table
    max_table_columns: int = 200  # grid columns per table, spans counted (Word itself allows 63)
    max_table_cells: int = 1_000_000  # grid positions (rows x columns, merged cells expanded) per document
    # PDF, text and converted formats (docs/parsing-text.md says how far real reports are from each)
    max_pdf_pages: int = 300  # pages of one PDF
    max_pdf_stream_mb: float = 64.0  # one PDF stream (page content, font) decompressed
    max_pdf_page_objects: int = 100_000  # glyphs, paths and images laid out on one PDF page
    max_pdf_glyphs: int = 2_000_000  # glyphs laid out in one PDF (pdfminer's work: about a minute)
    max_chars: int = 10_000_000  # characters of text in one document (every format)
    convert_timeout_s: float = 60.0  # LibreOffice converting one .doc/.odt to .docx


DEFAULT_LIMITS = ParseLimits()


def limit_text(value: float) -> str:
    """A limit as a Swedish reader writes it: "100 000", "25"."""
    return f"{value:,.0f}".replace(",", " ") if value >= 1000 else f"{value:g}"


def too_many_chars(limit: int) -> str:
    """The one-line reason for a document over `max_chars` (the .docx reader words it the same)."""
    return f"dokumentet har fler än {limit_text(limit)} tecken"


def _over(what: str, limit: int, things: str) -> FileTooLargeError:
    """The one line for a count past its limit: "dokumentet har fler än 100 000 stycken"."""
    return FileTooLargeError(f"{what} har fler än {limit_text(limit)} {things}")


class ReadBudget:
    """What one file has cost so far, against its limits. Each `add_*` / `check_*` raises
    `FileTooLargeError` when the running count passes its limit; callers count BEFORE they do the work a
    count stands for."""

    def __init__(self, limits: ParseLimits = DEFAULT_LIMITS) -> None:
        self.limits = limits
        self.inflated = 0
        self.tags = 0
        self.paragraphs = 0
        self.chars = 0
        self.cells = 0

    def add_inflated(self, n: int, part_total: int) -> None:
        """`n` more bytes inflated from a zip member that has now given `part_total` bytes (0 for a
        member that is not parsed, such as an image: only the package total holds for it)."""
        self.inflated += n
        limits = self.limits
        if part_total > limits.max_part_mb * _MB:
            raise FileTooLargeError(
                f"en del av filen packas upp till mer än {limit_text(limits.max_part_mb)} MB, misstänkt zip-bomb"
            )
        if self.inflated > limits.max_uncompressed_mb * _MB:
            raise FileTooLargeError(
                f"filen packas upp till mer än {limit_text(limits.max_uncompressed_mb)} MB, misstänkt zip-bomb"
            )

    def add_paragraph(self, chars: int, paragraphs: int = 1) -> None:
        """One more paragraph (or `paragraphs` more), of `chars` characters."""
        self.paragraphs += paragraphs
        if self.paragraphs > self.limits.max_paragraphs:
            raise _over("dokumentet", self.limits.max_paragraphs, "stycken")
        self.chars += chars
        if self.chars > self.limits.max_chars:
            raise FileTooLargeError(too_many_chars(self.limits.max_chars))

    def add_tags(self, n: int) -> None:
        """`n` more XML tags about to be parsed (a tree costs about 150 bytes per element, whatever the
        bytes of its part: dense XML is refused by its tags before its tree is built)."""
        self.tags += n
        if self.tags > self.limits.max_xml_tags:
            raise _over("filens XML", self.limits.max_xml_tags, "taggar")

    def check_row(self, rows: int) -> None:
        """A table about to get its `rows`-th row."""
        if rows > self.limits.max_table_rows:
            raise _over("en tabell", self.limits.max_table_rows, "rader")

    def check_width(self, width: int) -> None:
        """A table row about to be `width` grid columns wide (spans counted)."""
        if width > self.limits.max_table_columns:
            raise _over("en tabell", self.limits.max_table_columns, "kolumner (sammanfogade celler räknade)")

    def add_cells(self, n: int) -> None:
        """`n` more grid positions (a merged cell counts once for every position it covers)."""
        self.cells += n
        if self.cells > self.limits.max_table_cells:
            raise _over("dokumentets tabeller", self.limits.max_table_cells, "celler")
