"""Reading comment anchors back out of a .docx's XML: which body block holds a comment's range and
what text lies between its `w:commentRangeStart` and `w:commentRangeEnd`."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_comments(data: bytes) -> dict[str, dict[str, str]]:
    """comment id -> {"author", "initials", "text"} from word/comments.xml."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/comments.xml"))
    out = {}
    for c in root.iter(f"{W}comment"):
        paragraphs = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in c.iter(f"{W}p")]
        out[c.get(f"{W}id")] = {
            "author": c.get(f"{W}author"),
            "initials": c.get(f"{W}initials"),
            "text": "\n".join(paragraphs),
        }
    return out


def read_anchors(data: bytes) -> dict[str, tuple[int, int, str]]:
    """comment id -> (block of the range start, block of the range end, anchored text). Blocks count
    the body's `w:p` and `w:tbl` children, as `Location.block` does."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    body = root.find(f"{W}body")
    starts: dict[str, int] = {}
    ends: dict[str, int] = {}
    texts: dict[str, list[str]] = {}
    open_ids: set[str] = set()
    block = -1
    for child in body:
        if child.tag not in (f"{W}p", f"{W}tbl"):
            continue
        block += 1
        for el in child.iter():
            cid = el.get(f"{W}id")
            if el.tag == f"{W}commentRangeStart":
                starts[cid] = block
                open_ids.add(cid)
                texts.setdefault(cid, [])
            elif el.tag == f"{W}commentRangeEnd":
                ends[cid] = block
                open_ids.discard(cid)
            elif el.tag == f"{W}t":
                for o in open_ids:
                    texts[o].append(el.text or "")
            elif el.tag == f"{W}p":
                for o in open_ids:
                    if texts[o]:
                        texts[o].append("\n")
    return {cid: (starts[cid], ends[cid], "".join(texts[cid]).strip()) for cid in starts}
