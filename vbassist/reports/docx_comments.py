"""Word comments written into a .docx package: the comment range markers around runs of the body, the
comments part, and the package copied with the changed parts.

Written as Word and python-docx write them (`w:commentRangeStart` before the first run,
`w:commentRangeEnd` and a `w:commentReference` run after the last, one `w:comment` per comment in
word/comments.xml), but with the next comment id kept in hand: python-docx looks up every id in the
part for each new comment, which made annotating quadratic in the number of findings.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import zipfile

from lxml import etree

from vbassist.parsing.docx_body import W_NS, w
from vbassist.parsing.docx_package import CT_NS, RELS_NS, DocxPackage, rels_member

RT_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
_ID, _VAL = w("id"), w("val")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _el(tag: str, parent: etree._Element | None = None, **attrs: str) -> etree._Element:
    e = etree.Element(w(tag)) if parent is None else etree.SubElement(parent, w(tag))
    for key, value in attrs.items():
        e.set(w(key), value)
    return e


def _text_run(parent: etree._Element, text: str) -> None:
    """Runs for `text` in a comment paragraph, tabs as w:tab."""
    r = _el("r", parent)
    for n, part in enumerate(text.split("\t")):
        if n:
            _el("tab", r)
        t = _el("t", r)
        t.text = part
        t.set(_XML_SPACE, "preserve")


class Comments:
    """The comments part of a document, existing or new, and the markers of each comment added."""

    def __init__(self, root: etree._Element | None, *, author: str, initials: str) -> None:
        if root is None:
            root = etree.Element(w("comments"), nsmap={"w": W_NS})
        self.root = root
        used = [
            int(c.get(_ID) or -1) for c in root.iterchildren(w("comment")) if (c.get(_ID) or "").isdigit()
        ]
        self.next_id = max(used, default=-1) + 1
        self.author, self.initials = author, initials
        self.date = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    def add(self, first_run: etree._Element, last_run: etree._Element, text: str) -> None:
        """A comment with `text` (one paragraph per line) on the runs from `first_run` to `last_run`."""
        cid = str(self.next_id)
        self.next_id += 1
        first_run.addprevious(_el("commentRangeStart", id=cid))
        reference = _el("r")
        _el("rStyle", _el("rPr", reference), val="CommentReference")
        _el("commentReference", reference, id=cid)
        last_run.addnext(reference)
        last_run.addnext(_el("commentRangeEnd", id=cid))

        comment = _el(
            "comment", self.root, id=cid, author=self.author, date=self.date, initials=self.initials
        )
        for n, line in enumerate(text.split("\n")):
            p = _el("p", comment)
            _el("pStyle", _el("pPr", p), val="CommentText")
            if n == 0:  # the mark Word shows at the start of the comment
                mark = _el("r", p)
                _el("rStyle", _el("rPr", mark), val="CommentReference")
                _el("annotationRef", mark)
            if line:
                _text_run(p, line)


def _xml(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def comments_part(package: DocxPackage, main: str) -> str | None:
    """The comments part of the main document part, if it has one ("/word/comments.xml")."""
    return next((r.target for r in package.relationships(main) if r.type == RT_COMMENTS), None)


def write_with_comments(
    package: DocxPackage, main: str, document: etree._Element, comments: Comments, existing: str | None
) -> bytes:
    """The package with the annotated document part and the comments part; a new comments part is
    related to the document and given its content type. Every other member is copied as it was
    (inflated under the same budget as the reading)."""
    replaced = {main.lstrip("/"): _xml(document)}
    if existing is not None:
        replaced[existing.lstrip("/")] = _xml(comments.root)
    else:
        names = set(package.zip.namelist())
        part = "/word/comments.xml"
        n = 1
        while part.lstrip("/") in names:
            n += 1
            part = f"/word/comments{n}.xml"
        replaced[part.lstrip("/")] = _xml(comments.root)
        replaced.update(_relate(package, main, part))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in package.zip.infolist():
            copied = _copy_info(info)
            if info.filename in replaced:
                target.writestr(copied, replaced.pop(info.filename))
                continue
            with target.open(copied, "w") as sink:
                for chunk in package.chunks(info, xml=False):
                    sink.write(chunk)
        for name, data in replaced.items():  # the new parts
            target.writestr(_copy_info(zipfile.ZipInfo(name, date_time=_now())), data)
    return out.getvalue()


def _now() -> tuple[int, int, int, int, int, int]:
    t = dt.datetime.now()
    return (t.year, t.month, t.day, t.hour, t.minute, t.second)


def _copy_info(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """A fresh entry for the copy: writing fills in offsets and sizes, which must not touch the source's
    own entry (it is still read from)."""
    copied = zipfile.ZipInfo(info.filename, date_time=info.date_time)
    copied.compress_type = (
        zipfile.ZIP_STORED if info.compress_type == zipfile.ZIP_STORED else zipfile.ZIP_DEFLATED
    )
    copied.external_attr = info.external_attr
    return copied


def _relate(package: DocxPackage, main: str, part: str) -> dict[str, bytes]:
    """The document's relationships and the content types, with the new comments part added."""
    rels_name = rels_member(main)
    try:
        rels = package.parse(rels_name)
    except KeyError:
        rels = etree.Element(f"{{{RELS_NS}}}Relationships", nsmap={None: RELS_NS})
    taken = {r.get("Id") for r in rels}
    n = len(taken) + 1
    while f"rId{n}" in taken:
        n += 1
    target = posixpath.relpath(part, posixpath.dirname(main))
    etree.SubElement(rels, f"{{{RELS_NS}}}Relationship", Id=f"rId{n}", Type=RT_COMMENTS, Target=target)
    types = package.parse("[Content_Types].xml")
    etree.SubElement(types, f"{{{CT_NS}}}Override", PartName=part, ContentType=CT_COMMENTS)
    return {rels_name: _xml(rels), "[Content_Types].xml": _xml(types)}
