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


def read_anchored_texts(data: bytes) -> dict[str, str]:
    """comment id -> the text its range covers, in document order wherever the range sits (content
    controls, layout tables, text boxes), as Word shows it: hidden runs and the fallback copy of a
    text box left out, symbols as their characters, paragraphs and line breaks as newlines."""
    from vbassist.parsing.docx_body import run_text

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    fallback = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
    texts: dict[str, list[str]] = {}
    open_ids: list[str] = []
    skip = 0
    for event, el in etree.iterwalk(root.find(f"{W}body"), events=("start", "end")):
        if el.tag == fallback:
            skip += 1 if event == "start" else -1
        if skip or (event != "start" and el.tag != f"{W}p"):
            continue
        if el.tag == f"{W}commentRangeStart":
            open_ids.append(el.get(f"{W}id"))
            texts[el.get(f"{W}id")] = []
        elif el.tag == f"{W}commentRangeEnd":
            open_ids.remove(el.get(f"{W}id"))
        elif el.tag == f"{W}r" and event == "start":
            for o in open_ids:
                texts[o].append(run_text(el))
        elif el.tag == f"{W}p" and event == "end":
            for o in open_ids:
                texts[o].append("\n")
    return {cid: "".join(parts).strip() for cid, parts in texts.items()}
