"""What reading one PDF may cost, counted while pdfminer reads it.

pypdf bounds its own decompression (`pypdf.Configuration`), but pdfminer, which pdfplumber reads
through, inflates every stream with a bare `zlib.decompress` and lays out every glyph a page's content
(and the forms it draws, however deeply nested) produces. So, while a `PdfBudget` is active in the
current context, pdfminer's stream decoders are bounded ones that stop at the per-stream and
per-document limits without inflating further, and its layout device counts glyphs (per document) and
layout objects (per page). The hooks are installed once and do nothing outside a budget, so other
users of pdfminer in the process are not affected.

Over a limit the hook raises `PdfBudgetExceeded`; pdfplumber may wrap it in its own exception, so the
reader asks the budget (`PdfBudget.exceeded`) what happened rather than trusting the exception type.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from vbassist.parsing.limits import ParseLimits, limit_text

_MB = 1024 * 1024
_CHUNK = 64 * 1024  # compressed bytes fed at a time: at most ~1000x that comes out


def stream_too_large(megabytes: float) -> str:
    """The one-line reason for a stream over `max_pdf_stream_mb`, whichever library found it."""
    return f"PDF-filen innehåller en del som packas upp till mer än {limit_text(megabytes)} MB"


class PdfBudgetExceeded(Exception):
    """Raised inside pdfminer when the active budget is spent; the message is the user's one line."""


@dataclass
class PdfBudget:
    stream_bytes: int  # one stream decompressed
    total_bytes: int  # all streams of the document decompressed
    glyph_limit: int  # glyphs in the document
    page_objects: int  # glyphs, paths and images on one page
    inflated: int = 0
    glyphs: int = 0
    on_page: int = 0
    exceeded: str | None = None

    @classmethod
    def from_limits(cls, limits: ParseLimits) -> PdfBudget:
        return cls(
            stream_bytes=int(limits.max_pdf_stream_mb * _MB),
            total_bytes=int(limits.max_uncompressed_mb * _MB),
            glyph_limit=limits.max_pdf_glyphs,
            page_objects=limits.max_pdf_page_objects,
        )

    def room(self) -> int:
        """How many bytes the next stream may inflate to."""
        return max(0, min(self.stream_bytes, self.total_bytes - self.inflated))

    def fail(self, message: str) -> PdfBudgetExceeded:
        self.exceeded = self.exceeded or message
        return PdfBudgetExceeded(self.exceeded)

    def take_bytes(self, n: int) -> None:
        if n > self.room():
            if n > self.stream_bytes:
                raise self.fail(stream_too_large(self.stream_bytes / _MB))
            raise self.fail(f"PDF-filen packas upp till mer än {limit_text(self.total_bytes / _MB)} MB")
        self.inflated += n

    def take_object(self, glyph: bool) -> None:
        self.on_page += 1
        if self.on_page > self.page_objects:
            raise self.fail(
                f"en sida i PDF-filen har fler än {limit_text(self.page_objects)} tecken och figurer"
            )
        if glyph:
            self.glyphs += 1
            if self.glyphs > self.glyph_limit:
                raise self.fail(f"PDF-filen har fler än {limit_text(self.glyph_limit)} tecken")


_current: ContextVar[PdfBudget | None] = ContextVar("vbassist_pdf_budget", default=None)


@contextmanager
def pdf_budget(limits: ParseLimits) -> Iterator[PdfBudget]:
    """Bound pdfminer's work in this context by `limits`."""
    _install()
    budget = PdfBudget.from_limits(limits)
    token = _current.set(budget)
    try:
        yield budget
    finally:
        _current.reset(token)


# --------------------------------------------------------------------------- bounded decoders


def _inflate(data: bytes, budget: PdfBudget, *, corrupted: bool = False) -> bytes:
    """zlib with at most `budget.room()` bytes out, fed in chunks so that nothing beyond the room is
    ever inflated. `corrupted`: keep what inflates before an error (pdfminer's fallback for streams
    with a broken checksum) instead of raising `zlib.error`."""
    room = budget.room()
    inflater = zlib.decompressobj()
    out = bytearray()
    view = memoryview(data)
    try:
        for start in range(0, len(data), _CHUNK):
            out += inflater.decompress(view[start : start + _CHUNK], room + 1 - len(out))
            if len(out) > room:
                budget.take_bytes(len(out))  # raises: the stream is larger than its room
            if inflater.eof:
                break
    except zlib.error:
        if not corrupted:
            raise
    if not (inflater.eof or corrupted):
        raise zlib.error("incomplete or truncated stream")  # what zlib.decompress says
    budget.take_bytes(len(out))
    return bytes(out)


class _BoundedZlib:
    """Stands in for the `zlib` module inside `pdfminer.pdftypes`."""

    error = zlib.error

    def decompress(self, data: bytes) -> bytes:
        budget = _current.get()
        return zlib.decompress(data) if budget is None else _inflate(data, budget)

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)


def _bounded(original: Callable[..., bytes], bounded: Callable[..., bytes]) -> Callable[..., bytes]:
    def decode(data: bytes, *args: Any) -> bytes:
        return original(data, *args) if _current.get() is None else bounded(data, *args)

    return decode


def _decompress_corrupted(data: bytes) -> bytes:
    budget = _current.get()
    assert budget is not None
    return _inflate(data, budget, corrupted=True)


def _lzwdecode(data: bytes) -> bytes:
    from pdfminer.lzw import LZWDecoder

    budget = _current.get()
    assert budget is not None
    out = bytearray()
    for chunk in LZWDecoder(io.BytesIO(data)).run():
        out += chunk
        if len(out) > budget.room():
            budget.take_bytes(len(out))  # raises
    budget.take_bytes(len(out))
    return bytes(out)


def _rldecode(data: bytes) -> bytes:
    from pdfminer.runlength import rldecode

    budget = _current.get()
    assert budget is not None
    size, i = 0, 0
    while i < len(data) and data[i] != 128:  # the length bytes alone say how long the output is
        size += data[i] + 1 if data[i] < 128 else 257 - data[i]
        i += data[i] + 2 if data[i] < 128 else 2
    budget.take_bytes(size)
    return rldecode(data)


def _ccittfaxdecode(data: bytes, params: dict[str, object]) -> bytes:
    from pdfminer.ccitt import CCITTFaxDecoder
    from pdfminer.pdfexceptions import PDFValueError

    current = _current.get()
    assert current is not None
    budget: PdfBudget = current

    class Bounded(CCITTFaxDecoder):
        def output_line(self, y: int, bits: Sequence[int]) -> None:
            super().output_line(y, bits)
            if len(self._buf) > budget.room():
                budget.take_bytes(len(self._buf))  # raises

    if params.get("K") != -1:
        raise PDFValueError(params.get("K"))
    columns = params.get("Columns")
    decoder = Bounded(
        columns if isinstance(columns, int) else 1728,
        bytealign=bool(params.get("EncodedByteAlign")),
        reversed=bool(params.get("BlackIs1")),
    )
    decoder.feedbytes(data)
    out = decoder.close()
    budget.take_bytes(len(out))
    return out


# --------------------------------------------------------------------------- layout counting


def _counting(method: Callable[..., Any], glyph: bool) -> Callable[..., Any]:
    def counted(self: object, *args: Any, **kwargs: Any) -> Any:
        budget = _current.get()
        if budget is not None:
            budget.take_object(glyph)
        return method(self, *args, **kwargs)

    return counted


def start_page() -> None:
    """A new page: its own allowance of layout objects."""
    budget = _current.get()
    if budget is not None:
        budget.on_page = 0


_installed = False


def _install() -> None:
    global _installed
    if _installed:
        return
    from pdfminer import pdftypes
    from pdfminer.converter import PDFLayoutAnalyzer

    # pdftypes calls these by their module-level names, so replacing the names reroutes its decoding
    setattr(pdftypes, "zlib", _BoundedZlib())  # noqa: B010  # a stand-in with zlib's calls, not a module
    for name, bounded in (
        ("decompress_corrupted", _decompress_corrupted),
        ("lzwdecode", _lzwdecode),
        ("rldecode", _rldecode),
        ("ccittfaxdecode", _ccittfaxdecode),
    ):
        setattr(pdftypes, name, _bounded(getattr(pdftypes, name), bounded))
    for name, glyph in (("render_char", True), ("paint_path", False), ("render_image", False)):
        setattr(PDFLayoutAnalyzer, name, _counting(getattr(PDFLayoutAnalyzer, name), glyph))
    _installed = True
