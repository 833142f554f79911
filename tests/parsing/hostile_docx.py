"""Hostile .docx files built at test time from a real sample (small code, no binaries in the repository):
each holds something a file under every size guard can claim or hold, with the start of the one-line
message the reader must refuse it with."""

from __future__ import annotations

import io
import random
import struct
import zipfile
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
SAMPLE = DATA / "vb2025_hagersten-alvsjo_familjehemsenheten.docx"
SPAN = 50_000_000  # "tens of millions": what a span is allowed to claim


def package(document: bytes | Iterable[bytes], *, level: int = 6) -> bytes:
    """The sample's package with its document part replaced (streamed into the zip when it is large)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(SAMPLE) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z,
    ):
        for info in source.infolist():
            if info.filename != "word/document.xml":
                z.writestr(info.filename, source.read(info))
                continue
            with z.open("word/document.xml", "w") as part:
                for chunk in [document] if isinstance(document, bytes) else document:
                    part.write(chunk)
    return out.getvalue()


def sample_xml() -> bytes:
    with zipfile.ZipFile(SAMPLE) as z:
        return z.read("word/document.xml")


def edited(edit: Callable[[bytes], bytes]) -> bytes:
    return package(edit(sample_xml()))


def _head_tail(xml: bytes) -> tuple[bytes, bytes]:
    """The sample's document part cut where content can be added: before the section properties."""
    cut = xml.rindex(b"<w:sectPr")
    return xml[:cut], xml[cut:]


def appended(*blocks: bytes) -> bytes:
    head, tail = _head_tail(sample_xml())
    return package([head, *blocks, tail])


def table(rows: Iterable[bytes]) -> Iterable[bytes]:
    yield b'<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w="100"/></w:tblGrid>'
    yield from rows
    yield b"</w:tbl>"


def understated(data: bytes, member: str, size: int) -> bytes:
    """`data` with the zip directory (and the local header) claiming `member` unpacks to `size` bytes."""
    raw = bytearray(data)
    name = member.encode()
    for signature, field in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        pos = raw.find(signature)
        while pos >= 0:
            name_at = pos + (46 if signature == b"PK\x01\x02" else 30)
            if raw[name_at : name_at + len(name)] == name:
                struct.pack_into("<I", raw, pos + field, size)
            pos = raw.find(signature, pos + 4)
    return bytes(raw)


@cache
def _paragraph_flood() -> bytes:
    """190 MB of paragraph XML in a few MB: under the file size and compression-ratio guards."""
    rng = random.Random(11)
    block = b"".join(
        b"<w:p><w:r><w:t>Enheten har arbetat med m\xc3\xa5let, rad %d.</w:t></w:r></w:p>" % rng.randrange(100)
        for _ in range(16_000)
    )
    head, tail = _head_tail(sample_xml())
    return package([head, *[block] * (190 * 1024 * 1024 // len(block)), tail])


def _many_members() -> bytes:
    """The sample with 12 000 empty members (a file of 50 MB could hold a million: zipfile builds an
    object for each before anything is read)."""
    out = io.BytesIO(package(sample_xml()))
    with zipfile.ZipFile(out, "a", zipfile.ZIP_STORED) as z:
        for n in range(12_000):
            z.writestr(f"customXml/x{n}", b"")
    return out.getvalue()


HOSTILE: dict[str, tuple[Callable[[], bytes], str]] = {
    "gridSpan": (
        lambda: edited(lambda x: x.replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="%d"/>' % SPAN, 1)),
        "en tabell har fler än 200 kolumner",
    ),
    "gridBefore": (
        lambda: edited(
            lambda x: x.replace(b"<w:tr>", b'<w:tr><w:trPr><w:gridBefore w:val="%d"/></w:trPr>' % SPAN, 1)
        ),
        "en tabell har fler än 200 kolumner",
    ),
    "gridAfter": (
        lambda: edited(
            lambda x: x.replace(b"<w:tr>", b'<w:tr><w:trPr><w:gridAfter w:val="%d"/></w:trPr>' % SPAN, 1)
        ),
        "en tabell har fler än 200 kolumner",
    ),
    "vMerge": (  # eight tables of 4 000 rows, each row one cell merged down over 200 columns
        lambda: appended(
            *[
                b"".join(
                    table(
                        b'<w:tr><w:tc><w:tcPr><w:gridSpan w:val="200"/><w:vMerge%s/></w:tcPr><w:p/></w:tc></w:tr>'
                        % (b' w:val="restart"' if r == 0 else b"")
                        for r in range(4_000)
                    )
                )
                for _ in range(8)
            ]
        ),
        "dokumentets tabeller har fler än 1 000 000 celler",
    ),
    "rows": (
        lambda: appended(b"".join(table(b"<w:tr><w:tc><w:p/></w:tc></w:tr>" for _ in range(6_000)))),
        "en tabell har fler än 5 000 rader",
    ),
    "flood": (_paragraph_flood, "filens XML har fler än 1 000 000 taggar"),
    "paragraphs": (  # 150 000 empty paragraphs: few tags each, many paragraphs
        lambda: appended(b"<w:p/>" * 150_000),
        "dokumentet har fler än 100 000 stycken",
    ),
    "characters": (
        lambda: appended(b"<w:p><w:r><w:t>%s</w:t></w:r></w:p>" % (b"a" * 1000) * 11_000),
        "dokumentet har fler än 10 000 000 tecken",
    ),
    "tags": (  # 1.2 million runs in a hundred paragraphs: few bytes, a large tree
        lambda: appended(*[b"<w:p>" + b"<w:r><w:t>x</w:t></w:r>" * 12_000 + b"</w:p>"] * 100),
        "filens XML har fler än 1 000 000 taggar",
    ),
    "part": (  # 30 MB in one part, few tags: long attribute values
        lambda: appended(*[b'<w:p w:rsidR="%s"/>' % (b"0" * 1_000_000)] * 30),
        "en del av filen packas upp till mer än 25 MB",
    ),
    "members": (_many_members, "zip-arkivet har fler än 10 000 delar"),
    "understated": (  # the zip directory says 150 kB; the part unpacks to 190 MB
        lambda: understated(_paragraph_flood(), "word/document.xml", 150_000),
        "filen är trasig och kan inte läsas som Word-dokument",
    ),
}
