"""A .docx package (OPC zip) opened for reading under a budget: the reader takes its body and styles
from here, the annotator its document part and the rest of the package to copy.

The package is read with zipfile + lxml directly, not through python-docx: `docx.Document()` parses
every part (settings, numbering, headers, fonts ...). Only what python-docx itself consults to hand over
the body and the style names is read: [Content_Types].xml, the package and document relationships, the
main document part and the styles part, with python-docx's parser settings (blank text removed, no
entity resolution), so the text is the same.

Every member is inflated in chunks and counted as it comes (`ReadBudget.add_inflated`): the sizes in
the zip directory are a claim, not a measure, and a member that inflates past its limit is refused
after at most one chunk too many. XML is fed to the parser chunk by chunk, so a part is never held twice,
and its tags are counted from the bytes before the tree is built.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import IO, NamedTuple

from lxml import etree

from vbassist.errors import CorruptFileError
from vbassist.parsing.docx_body import w
from vbassist.parsing.limits import ReadBudget

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
RT_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
RT_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
CT_DOCUMENT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_BODY = w("body")
_CHUNK = 1048576
# U+F000-U+F0FF in UTF-8, or its first bytes at the end of a chunk (the rest in the next one)
_PRIVATE_USE_BYTES = re.compile(rb"\xef(?:[\x80-\x83]|\Z|.\Z)", re.DOTALL)


def xml_parser() -> etree.XMLParser:
    """python-docx's own parser settings (docx.oxml.parser.oxml_parser) without its element classes."""
    return etree.XMLParser(remove_blank_text=True, resolve_entities=False)


class Relationship(NamedTuple):
    id: str
    type: str
    target: str  # the absolute part name ("/word/styles.xml")


def rels_member(part: str) -> str:
    """The zip member holding the relationships of `part` ("/" = the package)."""
    base, filename = posixpath.split(part)
    return posixpath.join(base, "_rels", f"{filename}.rels").lstrip("/")


class DocxPackage:
    """A .docx zip: members read under `budget`, the main document part found as python-docx finds it.
    Raises what a broken package makes zipfile and lxml raise (KeyError for a missing part, ValueError
    for a package that is not a Word document, XMLSyntaxError, BadZipFile): the dispatcher
    (`vbassist.parsing.parse_bytes`) turns that into a user error."""

    def __init__(self, source: str | Path | bytes | IO[bytes], budget: ReadBudget) -> None:
        if isinstance(source, bytes):
            stream: str | IO[bytes] = io.BytesIO(source)
        elif isinstance(source, Path):
            stream = str(source)
        else:
            stream = source
        self.zip = zipfile.ZipFile(stream)
        self.budget = budget
        # whether a part parsed so far may hold a private-use character (a symbol-font code: U+F0xx in
        # UTF-8, or a character reference): when none does, the walk need not look for them
        self.private_use = False

    def __enter__(self) -> DocxPackage:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.zip.close()

    # ------------------------------------------------------------------ members

    def chunks(self, member: str | zipfile.ZipInfo, *, xml: bool = True) -> Iterator[bytes]:
        """The inflated bytes of `member`, chunk by chunk, each counted before it is handed on. An XML
        part is held to the per-part limit; any member counts toward the package's total."""
        total = 0
        with self.zip.open(member) as stream:
            while chunk := stream.read(_CHUNK):
                total += len(chunk)
                self.budget.add_inflated(len(chunk), total if xml else 0)
                yield chunk

    def read(self, member: str) -> bytes:
        return b"".join(self.chunks(member))

    def parse(self, member: str) -> etree._Element:
        """The XML of `member` as a tree, fed to the parser as it inflates."""
        parser = xml_parser()
        for chunk in self.chunks(member):
            # every tag counted in the bytes (a C-speed count): a tree too large is refused before it
            # is built, whatever the bytes of its part
            self.budget.add_tags(chunk.count(b"<"))
            if not self.private_use and (
                (b"\xef" in chunk and _PRIVATE_USE_BYTES.search(chunk))
                or (b"&" in chunk and (b"&#" in chunk or chunk.endswith(b"&")))
            ):
                self.private_use = True
            parser.feed(chunk)
        return parser.close()

    def relationships(self, part: str) -> list[Relationship]:
        """The internal relationships of `part` ("/" = the package), targets resolved to absolute part
        names as python-docx resolves them; a part without a .rels member has none."""
        try:
            root = self.parse(rels_member(part))
        except KeyError:
            return []
        base = posixpath.dirname(part)
        out: list[Relationship] = []
        for rel in root.iterchildren(f"{{{RELS_NS}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = posixpath.normpath(posixpath.join(base or "/", rel.get("Target") or ""))
            out.append(Relationship(rel.get("Id") or "", rel.get("Type") or "", target))
        return out

    # ------------------------------------------------------------------ the parts a reader needs

    def main_part(self) -> str:
        """The absolute name of the main document part ("/word/document.xml")."""
        types = self.parse("[Content_Types].xml")  # KeyError when absent
        overrides = {
            (o.get("PartName") or "").lower(): o.get("ContentType")
            for o in types.iterchildren(f"{{{CT_NS}}}Override")
        }
        defaults = {
            (d.get("Extension") or "").lower(): d.get("ContentType")
            for d in types.iterchildren(f"{{{CT_NS}}}Default")
        }
        main = next((r.target for r in self.relationships("/") if r.type == RT_OFFICE_DOCUMENT), None)
        if main is None:
            raise KeyError("no relationship of type officeDocument")
        content_type = overrides.get(main.lower()) or defaults.get(posixpath.splitext(main)[1][1:].lower())
        if content_type is None:
            raise KeyError(f"no content type for part {main!r}")
        if content_type != CT_DOCUMENT_MAIN:  # a template, a macro document: python-docx refuses them too
            raise ValueError(f"not a Word document, content type is {content_type!r}")
        return main

    def body(self, main: str) -> etree._Element:
        """The `w:body` of the main part (an empty one when the document has none)."""
        body = self.parse(main.lstrip("/")).find(_BODY)
        return body if body is not None else etree.Element(_BODY)

    def styles_xml(self, main: str) -> bytes:
        """The styles part's XML; python-docx's default styles when the package has none, which is what
        `docx.Document().styles` gives then."""
        styles = next((r.target for r in self.relationships(main) if r.type == RT_STYLES), None)
        if styles is None:
            return _default_styles()
        return self.read(styles.lstrip("/"))


_BROKEN = (
    KeyError,
    ValueError,
    IndexError,
    EOFError,
    OSError,
    NotImplementedError,  # zipfile: an unsupported zip version or compression method
    struct.error,
    zlib.error,  # a damaged deflate stream inside an otherwise valid zip directory
    zipfile.BadZipFile,  # also a member whose inflated bytes do not match its CRC (a lying directory)
    etree.XMLSyntaxError,
)


@contextmanager
def package_errors() -> Iterator[None]:
    """What a broken package makes zipfile and lxml raise, as the one user error for it."""
    try:
        yield
    except _BROKEN as exc:
        raise CorruptFileError(
            f"filen är trasig och kan inte läsas som Word-dokument ({type(exc).__name__})"
        ) from None


@lru_cache(maxsize=1)
def _default_styles() -> bytes:
    import importlib.util

    # found without importing python-docx (a heavy import a worker does not otherwise need)
    spec = importlib.util.find_spec("docx")
    if spec is None or not spec.submodule_search_locations:
        return b""
    return (
        Path(next(iter(spec.submodule_search_locations))) / "templates" / "default-styles.xml"
    ).read_bytes()
