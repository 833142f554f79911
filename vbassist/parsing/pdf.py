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

from vbassist.errors import CorruptFileError, EmptyFileError, EncryptedFileError
from vbassist.model import Document
from vbassist.parsing.pdf_furniture import drop_furniture
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


def _open_checked(data: bytes, source: str) -> None:
    """Raise the user error for a file that is not a readable PDF."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not data.strip():
        raise EmptyFileError("filen är tom", source=source)
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise CorruptFileError("filen är inte en PDF (början av filen saknar %PDF)", source=source)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise EncryptedFileError(
                "PDF-filen är lösenordsskyddad; spara en kopia utan lösenord", source=source
            )
        if len(reader.pages) == 0:
            raise CorruptFileError("PDF-filen har inga sidor", source=source)
    except (EncryptedFileError, CorruptFileError):
        raise
    except PdfReadError as exc:
        if "decrypt" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise EncryptedFileError("PDF-filen är krypterad och kan inte läsas", source=source) from exc
        raise CorruptFileError("PDF-filen är trasig och kan inte läsas", source=source) from exc
    except Exception as exc:  # pypdf raises many kinds on garbage; all mean the same to the user
        raise CorruptFileError("PDF-filen är trasig och kan inte läsas", source=source) from exc


def pdf_text(data: bytes, source: str) -> str:
    """The text of a PDF as the text reader expects it: lines, empty lines at paragraph gaps and page
    breaks, tables as tab-separated rows."""
    import pdfplumber

    _open_checked(data, source)
    try:
        with pdfplumber.open(io.BytesIO(data), password="") as pdf:
            pages = [page_items(page) for page in pdf.pages]
    except Exception as exc:  # pdfminer's errors on a damaged content stream
        raise CorruptFileError("PDF-filen är trasig och kan inte läsas", source=source) from exc
    drop_furniture(pages)
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
    return _assemble(pages, source)


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


def read_pdf_blocks(data: bytes, source: str) -> Document:
    """A PDF's bytes -> blocks. Raises `EncryptedFileError`, `CorruptFileError` or `EmptyFileError`."""
    text = pdf_text(data, source)
    log.debug("pdf %s: %d characters of text", source, len(text))
    return read_text_blocks(text, source, "text", wrapped=True, breaks_marked=True, source_format="pdf")
