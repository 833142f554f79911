"""Small PDFs written by hand for the tests: pages of text lines at given positions (Helvetica, the
fonts every PDF reader knows), and hostile variants (thousands of pages, a stream that inflates to
gigabytes) built in a few lines instead of stored as binaries."""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence

Line = tuple[float, float, str]  # x, y from the bottom of an A4 page, text
A4 = (595, 842)


def _text(s: str) -> bytes:
    """A PDF literal string in WinAnsiEncoding (å, ä, ö are in it)."""
    escaped = s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("cp1252") + b")"


def content(lines: Iterable[Line], size: float = 11) -> bytes:
    ops = [b"BT"]
    for x, y, text in lines:
        ops.append(b"/F1 %g Tf 1 0 0 1 %g %g Tm %s Tj" % (size, x, y, _text(text)))
    ops.append(b"ET")
    return b"\n".join(ops)


def build_pdf(
    streams: Sequence[bytes], *, compressed: bool = True, raw: Sequence[bytes] | None = None
) -> bytes:
    """One page per content stream. `raw`: content streams given already Flate-encoded (hostile ones)."""
    objects: list[bytes] = []
    n_pages = len(streams) + len(raw or [])
    first_page = 4
    kids = b" ".join(b"%d 0 R" % (first_page + 2 * i) for i in range(n_pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n_pages))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    encoded = [(zlib.compress(s, 9) if compressed else s, compressed) for s in streams]
    encoded += [(r, True) for r in raw or []]
    for i, (data, flate) in enumerate(encoded):
        page_obj = first_page + 2 * i
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents %d 0 R >>" % (*A4, page_obj + 1)
        )
        filter_ = b" /Filter /FlateDecode" if flate else b""
        objects.append(b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(data), filter_, data))
    return _write(objects)


def _write(objects: list[bytes]) -> bytes:
    """Numbered objects (1 is the catalog) with their cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def deflate_bomb(megabytes: int) -> bytes:
    """A valid zlib stream of `megabytes` MiB of spaces in about a thousandth of that: one compressed
    MiB, cut by a full flush so that it can be repeated, and the checksum of the whole."""
    chunk = b" " * (1 << 20)
    compressor = zlib.compressobj(9)
    header_and_first = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    final = compressor.flush(zlib.Z_FINISH)[:-4]  # the last (empty) block without its checksum
    checksum = 1
    for _ in range(megabytes):
        checksum = zlib.adler32(chunk, checksum)
    body = header_and_first + block * (megabytes - 1) + final
    return body + checksum.to_bytes(4, "big")


def nested_forms(depth: int, fanout: int) -> bytes:
    """One page that draws a form `fanout` times, which draws the next form `fanout` times, `depth`
    levels down to a form with a line of text: fanout**depth lines from a file of a few hundred bytes
    (the PDF form of "billion laughs")."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /XObject << /X 6 0 R >> >> "
        b"/Contents 5 0 R >>" % A4,
    ]
    draw = b" ".join([b"/X Do"] * fanout)
    objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(draw), draw))
    for level in range(depth):
        number = 6 + level
        if level < depth - 1:
            body, resources = draw, b"/XObject << /X %d 0 R >>" % (number + 1)
        else:
            body, resources = content([(72, 700, "Enhetsmål: Barn får stöd")]), b"/Font << /F1 3 0 R >>"
        objects.append(
            b"<< /Type /XObject /Subtype /Form /BBox [0 0 %d %d] /Resources << %s >> /Length %d >>\n"
            b"stream\n%s\nendstream" % (*A4, resources, len(body), body)
        )
    return _write(objects)
