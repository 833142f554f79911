"""Hostile inputs built at run time (no big binaries in the repository), shared by the tests and
bench/api_load.py: a real sample .docx with one table cell changed the way an attacker would."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "vb2025_hagersten-alvsjo_familjehemsenheten.docx"


def _with_document_xml(base: bytes, edit: str, where: str) -> bytes:
    """`base` with `edit` inserted before the first `where` of word/document.xml."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                at = xml.index(where)
                data = (xml[:at] + edit + xml[at:]).encode("utf-8")
            zout.writestr(info, data)
    return out.getvalue()


def span_bomb(span: int = 30_000_000, *, before: bool = False, base: bytes | None = None) -> bytes:
    """The sample (57 kB) with one cell spanning `span` grid columns (`gridSpan`), or with one row
    starting `span` columns in (`gridBefore`): a reader that trusts spans builds a row that wide."""
    base = base if base is not None else SAMPLE.read_bytes()
    if before:
        return _with_document_xml(base, f'<w:trPr><w:gridBefore w:val="{span}"/></w:trPr>', "<w:tc>")
    cell = f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr><w:p/></w:tc>'
    return _with_document_xml(base, cell, "<w:tc>")


# tasks for the worker pool's tests (run in a worker process, so top-level and importable)
_kept: list[bytearray] = []


def bad_file_task(grow_mb: int) -> int:
    """What a task that read a file over a parser limit does: say so, after holding `grow_mb` MB."""
    from vbassist.api.processes import recycle_after_this_task

    _kept.append(bytearray(grow_mb * 1024 * 1024))
    recycle_after_this_task()
    return grow_mb
