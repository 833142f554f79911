"""PDF -> `Document` of blocks, through the text reader.

pypdf opens the file first: it tells a broken file from an encrypted one, which the user must hear
differently. pdfplumber (pdfminer underneath) then gives each page's text lines with their positions and
the tables it can see by their ruling lines (`pdf_layout`); page furniture goes (`pdf_furniture`); the
tables become tab-separated rows, the vertical gaps between lines become empty lines (paragraph ends),
and the result goes through `read_text_blocks(..., wrapped=True)`, which reflows the hard-wrapped lines
and rebuilds the tables that a borderless layout flattened into lines (the VP template).
"""

from __future__ import annotations

import io
import logging
import re
import statistics
from dataclasses import dataclass

from vbassist.errors import CorruptFileError, EmptyFileError, EncryptedFileError, FileTooLargeError
from vbassist.model import Document
from vbassist.parsing.limits import DEFAULT_LIMITS, ParseLimits, limit_text
from vbassist.parsing.pdf_budget import pdf_budget, start_page, stream_too_large
from vbassist.parsing.pdf_furniture import drop_furniture, drop_table_of_contents
from vbassist.parsing.pdf_layout import (
    PageItem,
    PdfGrid,
    PdfLine,
    merge_across_pages,
    page_items,
    paragraph_break,
    right_edge,
)
from vbassist.parsing.text import read_text_blocks
from vbassist.parsing.wordbreaks import join_fragments, vocabulary_key

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PdfText:
    text: str
    warnings: list[str]


def _open_checked(data: bytes, source: str, limits: ParseLimits) -> None:
    """Raise the user error for a file that is not a readable PDF, or has more pages than the limit."""
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import LimitReachedError, PdfReadError

    if not data.strip():
        raise EmptyFileError("filen är tom", source=source)
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise CorruptFileError("filen är inte en PDF (början av filen saknar %PDF)", source=source)
    stream_bytes = int(limits.max_pdf_stream_mb * 1024 * 1024)
    try:
        with apply_configuration(
            zlib_maximum_output_length=stream_bytes,
            lzw_maximum_output_length=stream_bytes,
            run_length_maximum_output_length=stream_bytes,
            array_based_stream_maximum_output_length=stream_bytes,
        ):
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise EncryptedFileError(
                    "PDF-filen är lösenordsskyddad; spara en kopia utan lösenord", source=source
                )
            pages = len(reader.pages)
    except EncryptedFileError:
        raise
    except LimitReachedError:
        raise FileTooLargeError(stream_too_large(limits.max_pdf_stream_mb), source=source) from None
    except PdfReadError as exc:
        if "decrypt" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise EncryptedFileError("PDF-filen är krypterad och kan inte läsas", source=source) from exc
        raise CorruptFileError("PDF-filen är trasig och kan inte läsas", source=source) from exc
    except Exception as exc:  # pypdf raises many kinds on garbage; all mean the same to the user
        raise CorruptFileError("PDF-filen är trasig och kan inte läsas", source=source) from exc
    if pages == 0:
        raise CorruptFileError("PDF-filen har inga sidor", source=source)
    if pages > limits.max_pdf_pages:
        raise FileTooLargeError(
            f"PDF-filen har för många sidor ({pages}, högst {limit_text(limits.max_pdf_pages)})",
            source=source,
        )


def _read_pages(data: bytes, source: str, limits: ParseLimits, warnings: list[str]) -> list[list[PageItem]]:
    """Every page's items, read one page at a time within the budget (a page's layout is let go as
    soon as its items are taken, so memory follows one page, not the document)."""
    import pdfplumber

    pages: list[list[PageItem]] = []
    with pdf_budget(limits) as budget:
        try:
            with pdfplumber.open(io.BytesIO(data), password="") as pdf:
                for number, page in enumerate(pdf.pages, 1):
                    start_page()
                    items, tables_read = page_items(page)
                    if not tables_read:
                        warnings.append(
                            f"sidan {number} har för många linjer för att tabeller ska läsas; dess text "
                            "läses som löptext"
                        )
                    pages.append(items)
                    page.close()
        except Exception as exc:  # pdfminer's errors on a damaged content stream, or the budget spent
            if budget.exceeded is not None:
                raise FileTooLargeError(budget.exceeded, source=source) from None
            raise CorruptFileError("PDF-filen är trasig och kan inte läsas", source=source) from exc
    return pages


def pdf_text(data: bytes, source: str, *, limits: ParseLimits = DEFAULT_LIMITS) -> PdfText:
    """The text of a PDF as the text reader expects it: lines, empty lines at paragraph gaps and page
    breaks, tables as tab-separated rows; with the reader's warnings."""
    _open_checked(data, source, limits)
    warnings: list[str] = []
    pages = _read_pages(data, source, limits, warnings)
    drop_furniture(pages)
    drop_table_of_contents(pages)
    vocabulary = {
        vocabulary_key(word)
        for items in pages
        for item in items
        if isinstance(item, PdfLine)
        for word in re.split(r"[\s/]+", item.text)
    }
    for items in pages:
        for item in items:
            if isinstance(item, PdfGrid):
                item.rows = [[join_fragments(cell, vocabulary) for cell in row] for row in item.cells]
    merge_across_pages(pages, vocabulary)
    return PdfText(_assemble(pages, source), warnings)


def _assemble(pages: list[list[PageItem]], source: str) -> str:
    heights = [it.bottom - it.top for items in pages for it in items if isinstance(it, PdfLine)]
    line_height = statistics.median(heights) if heights else 10.0
    edge = right_edge(pages)
    out: list[str] = []
    previous: PdfLine | None = None
    for items in pages:
        for item in items:
            if isinstance(item, PdfGrid):
                out.append("")
                out.extend("\t".join(cell.replace("\n", " ") for cell in row) for row in item.rows)
                out.append("")
                previous = None
                continue
            if previous is not None and paragraph_break(previous, item, line_height, edge):
                out.append("")
            out.append(item.text)
            previous = item
    text = "\n".join(out)
    if not text.strip():
        raise EmptyFileError(
            "PDF-filen innehåller ingen text (en skannad bild utan textlager?)", source=source
        )
    return text


def read_pdf_blocks(data: bytes, source: str, *, limits: ParseLimits = DEFAULT_LIMITS) -> Document:
    """A PDF's bytes -> blocks. Raises `EncryptedFileError`, `CorruptFileError`, `EmptyFileError` or
    `FileTooLargeError` (over a limit: pages, a stream inflated, characters, objects on a page)."""
    extracted = pdf_text(data, source, limits=limits)
    log.debug("pdf: %d characters of text", len(extracted.text))
    document = read_text_blocks(
        extracted.text, source, "text", wrapped=True, breaks_marked=True, source_format="pdf"
    )
    document.warnings.extend(extracted.warnings)
    return document
