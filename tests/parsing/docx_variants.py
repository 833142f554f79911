"""Rewrites of the Word samples with the constructs real producers write, each applied everywhere it
can be: built at test time from the samples' own XML (no binaries in the repository).

`rewrite(sample, names)` returns the sample's package with word/document.xml rewritten by the named
variants, in order. Every variant keeps what Word would show: a reader that walks the document the way
Word lays it out must read the same report from it. `HEADING` is the one text a variant adds (the
headings put inside analyses).
"""

from __future__ import annotations

import copy
import io
import itertools
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NS = {
    "w": W_NS,
    "mc": MC_NS,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
}
HEADING = "Bakgrund och fördjupning"
STATUS_STARTS = ("● Uppfylls", "◆ Uppfylls", "■ Uppfylls", "— Inga data")
SUBHEADINGS = ("Analys", "Förväntat resultat", "Beskrivning")
WINGDINGS = {"●": "6C", "◆": "75", "■": "6E"}

_ids = itertools.count(1)


def q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def el(name: str, /, *children: etree._Element, **attrs: str) -> etree._Element:
    """An element `w:name` (or another prefix's); attributes of a w: element are w: attributes, those of
    DrawingML, VML and markup-compatibility elements unqualified."""
    qname = q(name if ":" in name else f"w:{name}")
    # the document root declares every prefix used here but DrawingML's a:
    e = etree.Element(qname, nsmap={"a": NS["a"]} if name.startswith("a:") else None)
    in_w = qname.startswith(f"{{{W_NS}}}")
    for key, value in attrs.items():
        e.set(q(f"w:{key}") if in_w else key, value)
    e.extend(children)
    return e


def run(text: str, *props: etree._Element) -> etree._Element:
    t = el("t")
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = text
    return el("r", el("rPr", *props), t) if props else el("r", t)


def text_of(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(q("w:t")))


def style_of(p: etree._Element) -> str | None:
    style = p.find("w:pPr/w:pStyle", NS)
    return style.get(q("w:val")) if style is not None else None


def body(root: etree._Element) -> etree._Element:
    found = root.find("w:body", NS)
    assert found is not None
    return found


def blocks(root: etree._Element) -> list[etree._Element]:
    return [c for c in body(root) if c.tag in (q("w:p"), q("w:tbl"))]


def wrap(target: etree._Element, wrapper: etree._Element, into: etree._Element | None = None) -> None:
    """Put `wrapper` where `target` is and `target` inside it (inside `into`, a descendant of it)."""
    target.addprevious(wrapper)
    (into if into is not None else wrapper).append(target)


def sdt(alias: str) -> tuple[etree._Element, etree._Element]:
    content = el("sdtContent")
    control = el("sdt", el("sdtPr", el("alias", val=alias), el("id", val=str(next(_ids)))), content)
    return control, content


def custom_xml(element: str) -> etree._Element:
    return el("customXml", uri="urn:vbassist:test", element=element)


def all_runs(root: etree._Element) -> list[etree._Element]:
    return list(body(root).iter(q("w:r")))


# --------------------------------------------------------------------------- the variants


def block_sdt(root: etree._Element) -> None:
    """Every paragraph and table of the body in a block-level content control."""
    for block in blocks(root):
        control, content = sdt("Block")
        wrap(block, control, content)


def row_sdt(root: etree._Element) -> None:
    """Every row in a row-level content control; the rows after the header also in one repeating
    section around them all (Word's repeating section content control)."""
    for tbl in list(body(root).iter(q("w:tbl"))):
        rows = tbl.findall("w:tr", NS)
        for tr in rows:
            control, content = sdt("Rad")
            wrap(tr, control, content)
        controls = [tr.getparent().getparent() for tr in rows[1:]]
        if controls:
            section, content = sdt("Upprepad sektion")
            controls[0].addprevious(section)
            content.extend(controls)


def cell_sdt(root: etree._Element) -> None:
    """Every cell in a cell-level content control."""
    for tc in list(body(root).iter(q("w:tc"))):
        control, content = sdt("Cell")
        wrap(tc, control, content)


def run_sdt(root: etree._Element) -> None:
    """Every run in an inline content control."""
    for r in all_runs(root):
        control, content = sdt("Text")
        wrap(r, control, content)


def custom_xml_everywhere(root: etree._Element) -> None:
    """Custom XML around every paragraph and table, every row, every cell and every run."""
    for r in all_runs(root):
        wrap(r, custom_xml("text"))
    for tc in list(body(root).iter(q("w:tc"))):
        wrap(tc, custom_xml("cell"))
    for tr in list(body(root).iter(q("w:tr"))):
        wrap(tr, custom_xml("row"))
    for block in blocks(root):
        wrap(block, custom_xml("block"))


def _layout_table(*widths: int) -> tuple[etree._Element, list[etree._Element]]:
    """A one-row table of cells `widths` (twips) wide, as templates lay a page out."""
    cells = [el("tc", el("tcPr", el("tcW", w=str(wd), type="dxa"))) for wd in widths]
    grid = el("tblGrid", *[el("gridCol", w=str(wd)) for wd in widths])
    tbl = el("tbl", el("tblPr", el("tblW", w=str(sum(widths)), type="dxa")), grid, el("tr", *cells))
    return tbl, cells


def layout_tables(root: etree._Element) -> None:
    """Every table of the body in the wide left cell of a two-column layout table (the narrow right one,
    a margin, empty)."""
    for tbl in [b for b in blocks(root) if b.tag == q("w:tbl")]:
        layout, (left, right) = _layout_table(9000, 400)
        tbl.addprevious(layout)
        left.extend([tbl, el("p")])  # a cell ends with a paragraph, after a table too
        right.append(el("p"))


def _goal_blocks(root: etree._Element) -> Iterator[list[etree._Element]]:
    """Each enhetsmål block: its label paragraph up to the next heading-styled paragraph."""
    items = blocks(root)
    for i, item in enumerate(items):
        if item.tag == q("w:p") and text_of(item).startswith("Enhetsmål:"):
            end = i + 1
            while end < len(items) and not (
                items[end].tag == q("w:p")
                and (style_of(items[end]) or "").startswith(("Heading1", "Heading2", "Heading3", "Heading4"))
            ):
                end += 1
            yield items[i:end]


def layout_goals(root: etree._Element) -> None:
    """Every enhetsmål block (label, status, sub-headings, text, tables) in a one-cell layout table."""
    for group in list(_goal_blocks(root)):
        layout, (cell,) = _layout_table(9200)
        group[0].addprevious(layout)
        cell.extend(group)
        if group[-1].tag == q("w:tbl"):
            cell.append(el("p"))


def line_breaks(root: etree._Element) -> None:
    """Every status line and every sub-heading's first paragraph joined to the paragraph before with a
    line break (Shift+Enter): "Enhetsmål: … ↵ ● Uppfylls helt", "Analys ↵ Det är …"."""
    items = blocks(root)
    for before, after in itertools.pairwise(items):
        if before.tag != q("w:p") or after.tag != q("w:p") or not text_of(before).strip():
            continue
        joins = text_of(after).startswith(STATUS_STARTS) or text_of(before).strip() in SUBHEADINGS
        if joins and text_of(after).strip() and before.getparent() is not None:
            before.append(el("r", el("br")))
            before.extend(after.findall("w:r", NS))
            after.getparent().remove(after)


def hidden_text(root: etree._Element) -> None:
    """Hidden runs at the start and the end of every paragraph with text (cells too), a hidden goal
    label after every enhetsmål label, and w:vanish w:val="0" (shown) on every run that was there."""
    for r in all_runs(root):
        props = r.find("w:rPr", NS)
        if props is None:
            props = el("rPr")
            r.insert(0, props)
        props.append(el("vanish", val="0"))
    for p in list(body(root).iter(q("w:p"))):
        runs = p.findall("w:r", NS)
        if not runs or not text_of(p).strip():
            continue
        runs[0].addprevious(run("DOLT UTKAST ", el("vanish")))
        runs[-1].addnext(run(" (dold kommentar 99 %)", el("vanish")))
        if text_of(p).startswith("DOLT UTKAST Enhetsmål:"):
            hidden = el("p", el("pPr", el("rPr", el("vanish"))), run("Enhetsmål: Dolt utkast", el("vanish")))
            p.addnext(hidden)


def symbols(root: etree._Element) -> None:
    """Every status symbol ● ◆ ■ written as a Wingdings w:sym (Insert > Symbol)."""
    _status_symbols(root, lambda mark: el("r", el("sym", font="Wingdings", char=f"F0{WINGDINGS[mark]}")))


def symbol_font(root: etree._Element) -> None:
    """Every status symbol as a character of a run in the Wingdings font: the letter ("l" is ●) and, in
    every other line, the private-use character Word also writes (U+F06C)."""
    toggle = itertools.cycle([False, True])

    def marker(mark: str) -> etree._Element:
        code = WINGDINGS[mark]
        char = chr(0xF000 + int(code, 16)) if next(toggle) else chr(int(code, 16))
        return run(char, el("rFonts", ascii="Wingdings", hAnsi="Wingdings"))

    _status_symbols(root, marker)


def _status_symbols(root: etree._Element, marker: Callable[[str], etree._Element]) -> None:
    for t in list(body(root).iter(q("w:t"))):
        text = t.text or ""
        if text[:1] in WINGDINGS and text[1:2] == " ":
            r = t.getparent()
            t.text = text[1:]
            r.addprevious(marker(text[0]))


def _text_box(p: etree._Element) -> etree._Element:
    n = str(next(_ids))
    choice = el(
        "mc:Choice",
        el(
            "drawing",
            el(
                "wp:inline",
                el("wp:extent", cx="5400000", cy="900000"),
                el("wp:docPr", id=n, name=f"Textruta {n}"),
                el(
                    "a:graphic",
                    el(
                        "a:graphicData",
                        el(
                            "wps:wsp",
                            el("wps:cNvSpPr", txBox="1"),
                            el(
                                "wps:spPr",
                                el(
                                    "a:xfrm",
                                    el("a:off", x="0", y="0"),
                                    el("a:ext", cx="5400000", cy="900000"),
                                ),
                                el("a:prstGeom", el("a:avLst"), prst="rect"),
                            ),
                            el("wps:txbx", el("txbxContent", copy.deepcopy(p))),
                            el("wps:bodyPr", el("a:spAutoFit"), wrap="square"),
                        ),
                        uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
                    ),
                ),
            ),
        ),
        Requires="wps",
    )
    fallback = el(
        "mc:Fallback",
        el(
            "pict",
            el(
                "v:shape",
                el("v:textbox", el("txbxContent", copy.deepcopy(p))),
                style="width:425pt;height:71pt",
            ),
        ),
    )
    return el("p", el("r", el("mc:AlternateContent", choice, fallback)))


def text_boxes(root: etree._Element) -> None:
    """Every plain analysis paragraph of the body (no style, longer than a line) moved into a text box
    anchored in an empty paragraph at its place: the drawing and its VML fallback both hold it."""
    for p in [b for b in blocks(root) if b.tag == q("w:p")]:
        text = text_of(p)
        if style_of(p) is None and len(text) > 80 and not text.startswith(STATUS_STARTS):
            p.addprevious(_text_box(p))
            p.getparent().remove(p)


def headings_in_analysis(root: etree._Element) -> None:
    """A Heading 1 or Heading 2 paragraph ("Bakgrund och fördjupning") after the first text paragraph
    of every enhetsmål's analysis with no table after it: text of the goal, not a section."""
    levels = itertools.cycle(["Heading1", "Heading2"])
    for group in _goal_blocks(root):
        in_analysis = False
        for pos, item in enumerate(group):
            if item.tag != q("w:p"):
                continue
            # a short line before a table is that table's title: the heading goes where only text follows
            only_text_follows = all(later.tag == q("w:p") for later in group[pos:])
            if text_of(item).strip() == "Analys":
                in_analysis = True
            elif in_analysis and len(text_of(item)) > 40 and only_text_follows:
                heading = el("p", el("pPr", el("pStyle", val=next(levels))), run(HEADING))
                item.addnext(heading)
                break


VARIANTS: dict[str, Callable[[etree._Element], None]] = {
    "block_sdt": block_sdt,
    "row_sdt": row_sdt,
    "cell_sdt": cell_sdt,
    "run_sdt": run_sdt,
    "custom_xml": custom_xml_everywhere,
    "layout_tables": layout_tables,
    "layout_goals": layout_goals,
    "line_breaks": line_breaks,
    "hidden_text": hidden_text,
    "symbols": symbols,
    "symbol_font": symbol_font,
    "text_boxes": text_boxes,
    "headings_in_analysis": headings_in_analysis,
}
# everything at once, in an order where each construct still finds what it wraps (the headings add text,
# so they stay out: their own variant checks them)
ALL = (
    "line_breaks",
    "hidden_text",
    "symbols",
    "text_boxes",
    "layout_goals",
    "layout_tables",
    "row_sdt",
    "cell_sdt",
    "custom_xml",
    "run_sdt",
    "block_sdt",
)


def rewrite(sample: Path, names: tuple[str, ...] | list[str]) -> bytes:
    """The sample's package with its document part rewritten by the variants `names`, in order."""
    out = io.BytesIO()
    with zipfile.ZipFile(sample) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                root = etree.fromstring(data)
                for name in names:
                    VARIANTS[name](root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(info.filename, data)
    return out.getvalue()
