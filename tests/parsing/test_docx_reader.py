"""The .docx reader on documents built with python-docx: body order, merged cells on the layout grid,
rows starting late, nested tables, content controls, heading and list detection."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from vbassist.model import ParagraphBlock, TableBlock
from vbassist.parsing.docx_reader import read_docx_blocks


@pytest.fixture
def built(tmp_path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Verksamhetsberättelse VB 2025 för Testenheten", style="Title")  # 0
    document.add_heading("KF:s inriktningsmål: 1. Ett Stockholm", level=1)  # 1
    document.add_paragraph("Vanlig text.")  # 2
    document.add_paragraph("En punkt", style="List Bullet")  # 3

    table = document.add_table(rows=3, cols=3)  # 4
    for r in range(3):
        for c in range(3):
            table.cell(r, c).text = f"r{r}c{c}"
    table.cell(0, 0).merge(table.cell(0, 1)).text = "rubrik"  # horizontal span over two columns
    table.cell(1, 2).merge(table.cell(2, 2)).text = "lodrätt"  # vertical span over two rows
    nested = table.cell(2, 0).add_table(rows=1, cols=2)
    nested.cell(0, 0).text = "inre a"
    nested.cell(0, 1).text = "inre b"

    swedish = document.styles.add_style("Rubrik 2", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("Nämndmål: Barn har det bra", style=swedish)  # 5
    outlined = document.add_paragraph("Enhetsmål: Med dispositionsnivå")  # 6
    outlined._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="3"/>'))
    numbered = document.add_paragraph("Numrerad rad")  # 7
    numbered._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>')
    )

    # a content control (w:sdt) around a paragraph and a table, as Word wraps a table of contents
    sdt = parse_xml(f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent/></w:sdt>")
    inside = document.add_paragraph("I innehållskontroll")
    inner_table = document.add_table(rows=1, cols=2)
    inner_table.cell(0, 0).text = "x"
    inner_table.cell(0, 1).text = "y"
    content = sdt.find(qn("w:sdtContent"))
    content.append(inside._p)  # moves the elements out of the body
    content.append(inner_table._tbl)
    document.element.body.insert(len(document.element.body) - 1, sdt)  # 8, 9 (before sectPr)

    late = document.add_table(rows=2, cols=3)  # 10
    for c in range(3):
        late.cell(0, c).text = f"h{c}"
        late.cell(1, c).text = f"v{c}"
    row = late.rows[1]._tr
    row.remove(row.tc_lst[0])  # the second row starts one column late
    tr_pr = row.get_or_add_trPr()
    tr_pr.append(parse_xml(f'<w:gridBefore {nsdecls("w")} w:val="1"/>'))
    document.add_paragraph("Sist")  # 11

    path = tmp_path / "byggd.docx"
    document.save(str(path))
    return path


def test_body_order_and_indexes(built: Path) -> None:
    doc = read_docx_blocks(built)
    kinds = [b.kind for b in doc.blocks]
    assert kinds == ["paragraph"] * 4 + ["table"] + ["paragraph"] * 4 + ["table", "table", "paragraph"]
    assert [b.index for b in doc.blocks] == list(range(12))
    assert doc.format == "docx" and doc.source == str(built)
    assert doc.blocks[8].text == "I innehållskontroll"  # inside the content control, in place
    assert doc.blocks[9].rows == [["x", "y"]]
    assert doc.blocks[11].text == "Sist"


def test_styles_headings_and_lists(built: Path) -> None:
    blocks = read_docx_blocks(built).blocks
    paragraphs = {b.index: b for b in blocks if isinstance(b, ParagraphBlock)}
    assert (paragraphs[0].style, paragraphs[0].heading_level) == ("Title", 1)
    assert (paragraphs[1].style, paragraphs[1].heading_level) == ("Heading 1", 1)
    assert (paragraphs[2].style, paragraphs[2].heading_level, paragraphs[2].is_list_item) == (
        None,
        None,
        False,
    )
    assert paragraphs[3].is_list_item and paragraphs[3].heading_level is None
    assert (paragraphs[5].style, paragraphs[5].heading_level) == ("Rubrik 2", 2)  # Swedish Word style name
    assert paragraphs[6].heading_level == 4  # outline level 3 (0-based)
    assert paragraphs[7].is_list_item and paragraphs[7].style is None  # numbering without a list style


def test_merged_cells_fill_their_grid_positions(built: Path) -> None:
    table = read_docx_blocks(built).blocks[4]
    assert isinstance(table, TableBlock)
    assert table.rows[0] == ["rubrik", "rubrik", "r0c2"]
    assert table.rows[1] == ["r1c0", "r1c1", "lodrätt"]
    assert table.rows[2][2] == "lodrätt"
    # a nested table is flattened into its cell, one line per row
    assert table.rows[2][0] == "r2c0\ninre a | inre b"


def test_rows_starting_late_are_padded(built: Path) -> None:
    table = read_docx_blocks(built).blocks[10]
    assert isinstance(table, TableBlock)
    assert table.rows == [["h0", "h1", "h2"], ["", "v1", "v2"]]


def test_bytes_and_name(built: Path) -> None:
    doc = read_docx_blocks(built.read_bytes(), name="uppladdad.docx")
    assert doc.source == "uppladdad.docx" and len(doc.blocks) == 12


def test_sample_has_body_order_of_word() -> None:
    # the real sample: paragraphs and tables interleave exactly as python-docx's own walk sees them
    sample = (
        Path(__file__).resolve().parent.parent / "data" / "vb2025_hagersten-alvsjo_familjehemsenheten.docx"
    )
    ours = read_docx_blocks(sample).blocks
    theirs = list(docx.Document(str(sample)).iter_inner_content())
    assert len(ours) == len(theirs)
    for block, item in zip(ours, theirs, strict=True):
        if isinstance(block, ParagraphBlock):
            assert block.text == item.text
        else:
            assert block.rows[0][0] == item.rows[0].cells[0].text.strip()


def test_tracked_changes_content_controls_and_text_boxes(tmp_path: Path) -> None:
    """Drafts come with tracked changes: inserted text is read, deleted text is not; runs inside inline
    content controls and hyperlinks count; a text box anchored in the paragraph is not its text but a
    block of its own after it."""
    document = docx.Document()
    paragraph = document.add_paragraph("Enhetsmål: ")
    w = nsdecls("w")
    paragraph._p.append(
        parse_xml(f'<w:ins {w} w:id="1" w:author="A"><w:r><w:t>Barn får </w:t></w:r></w:ins>')
    )
    paragraph._p.append(
        parse_xml(f'<w:del {w} w:id="2" w:author="A"><w:r><w:delText>inte </w:delText></w:r></w:del>')
    )
    paragraph._p.append(
        parse_xml(f"<w:sdt {w}><w:sdtPr/><w:sdtContent><w:r><w:t>stöd</w:t></w:r></w:sdtContent></w:sdt>")
    )
    paragraph._p.append(
        parse_xml(
            f'<w:r {w}><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox><w:txbxContent>'
            "<w:p><w:r><w:t>RUTA</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        )
    )
    paragraph._p.append(parse_xml(f"<w:hyperlink {w}><w:r><w:t> i tid</w:t></w:r></w:hyperlink>"))
    path = tmp_path / "spårade.docx"
    document.save(str(path))
    block, box = read_docx_blocks(path).blocks
    assert isinstance(block, ParagraphBlock) and isinstance(box, ParagraphBlock)
    assert block.text == "Enhetsmål: Barn får stöd i tid"
    assert box.text == "RUTA"
    # python-docx alone would have lost the insertion and the content control
    assert docx.Document(str(path)).paragraphs[0].text == "Enhetsmål:  i tid"
