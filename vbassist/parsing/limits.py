"""What reading one file may cost. The defaults are far above any real report; `Settings.parse_limits()`
builds the values in force from the environment at the edges (CLI, service), and library callers pass
their own or take these defaults."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ParseLimits:
    max_file_mb: float = 50.0  # the file's own size
    max_uncompressed_mb: float = 200.0  # a .docx package, or all streams of a PDF, inflated
    # PDF, text and converted formats (docs/parsing-text.md says how far real reports are from each)
    max_pdf_pages: int = 300  # pages of one PDF
    max_pdf_stream_mb: float = 64.0  # one PDF stream (page content, font) decompressed
    max_pdf_page_objects: int = 100_000  # glyphs, paths and images laid out on one PDF page
    max_pdf_glyphs: int = 2_000_000  # glyphs laid out in one PDF (pdfminer's work: about a minute)
    max_chars: int = 10_000_000  # characters of text in one document
    convert_timeout_s: float = 60.0  # LibreOffice converting one .doc/.odt to .docx


DEFAULT_LIMITS = ParseLimits()


def limit_text(value: float) -> str:
    """A limit as a Swedish reader writes it: "100 000", "25"."""
    return f"{value:,.0f}".replace(",", " ") if value >= 1000 else f"{value:g}"


def too_many_chars(limit: int) -> str:
    """The one-line reason for a document over `max_chars` (the .docx reader words it the same)."""
    return f"dokumentet har fler än {limit_text(limit)} tecken"
