"""Each Word construct the reader walks through, on a small document built with python-docx, with the
near miss beside it (what must stay as it is)."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from vbassist.model import ParagraphBlock, TableBlock
from vbassist.parsing.docx_reader import read_docx_blocks

W = nsdecls("w")
MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'


def _read(document: docx.document.Document, tmp_path: Path) -> list[ParagraphBlock | TableBlock]:
    path = tmp_path / "byggd.docx"
    document.save(str(path))
    return list(read_docx_blocks(path).blocks)


def _paragraph(xml: str) -> object:
    return parse_xml(f"<w:p {W} {MC}>{xml}</w:p>")


def test_line_breaks_make_lines_with_the_paragraph_style(tmp_path: Path) -> None:
    document = docx.Document()
    heading = document.add_heading("Enhetsmål: Barn får stöd", level=4)
    heading._p.append(parse_xml(f"<w:r {W}><w:br/><w:t>■ Uppfylls inte</w:t></w:r>"))
    heading._p.append(
        parse_xml(f'<w:r {W}><w:br w:type="page"/><w:t>Sida två</w:t><w:cr/><w:t>sist</w:t></w:r>')
    )
    document.add_paragraph("Utan radbrytning")  # near miss: one line, one block
    blocks = _read(document, tmp_path)
    assert [(b.text, b.heading_level) for b in blocks if isinstance(b, ParagraphBlock)] == [
        ("Enhetsmål: Barn får stöd", 4),
        ("■ Uppfylls inte", 4),
        ("Sida två", 4),
        ("sist", 4),
        ("Utan radbrytning", None),
    ]
    assert [b.index for b in blocks] == [0, 1, 2, 3, 4]


def test_hidden_text_symbols_and_symbol_fonts(tmp_path: Path) -> None:
    document = docx.Document()
    body = document.element.body
    rows = [
        # hidden run left out; w:vanish w:val="0" is shown
        '<w:r><w:rPr><w:vanish/></w:rPr><w:t>DOLT </w:t></w:r><w:r><w:rPr><w:vanish w:val="0"/></w:rPr>'
        "<w:t>Synlig</w:t></w:r>",
        # Wingdings and Symbol as w:sym, a real code point in a text font
        '<w:r><w:sym w:font="Wingdings" w:char="F06C"/><w:sym w:font="Symbol" w:char="F0B7"/>'
        '<w:sym w:font="Arial" w:char="2013"/></w:r>',
        # runs in symbol fonts: Wingdings "n" is ■, Symbol "a" is α and its digits are digits
        '<w:r><w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/></w:rPr><w:t>n</w:t></w:r>'
        '<w:r><w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol"/></w:rPr><w:t>a2</w:t></w:r>',
        # a private-use character without a font is read as Wingdings; an unknown symbol font's is dropped
        '<w:r><w:t>\uf0fc klart</w:t></w:r><w:r><w:sym w:font="Webdings" w:char="F021"/></w:r>',
    ]
    for xml in rows:
        body.insert(len(body) - 1, _paragraph(xml))
    texts = [b.text for b in _read(document, tmp_path) if isinstance(b, ParagraphBlock)]
    assert texts[-4:] == ["Synlig", "●•–", "■α2", "✓ klart"]


def test_content_controls_and_custom_xml_at_row_cell_and_run_level(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    for r in range(2):
        for c in range(2):
            table.cell(r, c).text = f"r{r}c{c}"
    tbl = table._tbl
    row = tbl.tr_lst[1]
    control = parse_xml(f"<w:sdt {W}><w:sdtPr/><w:sdtContent/></w:sdt>")
    row.addprevious(control)
    control[1].append(row)  # the second row inside a row-level content control
    cell = tbl.tr_lst[0].tc_lst[1]
    wrapper = parse_xml(f'<w:customXml {W} w:element="cell"/>')
    cell.addprevious(wrapper)
    wrapper.append(cell)  # a cell inside custom XML
    paragraph = document.add_paragraph("Före ")
    paragraph._p.append(parse_xml(f'<w:customXml {W} w:element="x"><w:r><w:t>mitt</w:t></w:r></w:customXml>'))
    blocks = _read(document, tmp_path)
    assert isinstance(blocks[0], TableBlock)
    assert blocks[0].rows == [["r0c0", "r0c1"], ["r1c0", "r1c1"]]
    assert blocks[1].text == "Före mitt"


def test_layout_tables_are_read_through_data_tables_are_not(tmp_path: Path) -> None:
    document = docx.Document()
    box = document.add_table(rows=1, cols=1)  # a one-cell frame around a goal: read through
    box.cell(0, 0).text = "Enhetsmål: I en ram"
    box.cell(0, 0).add_paragraph("● Uppfylls helt")
    layout = document.add_table(rows=1, cols=2)  # a page laid out: text left, an indicator table right
    layout.cell(0, 0).text = "Vänster text"
    inner = layout.cell(0, 1).add_table(rows=2, cols=2)
    for r in range(2):
        for c in range(2):
            inner.cell(r, c).text = ["Indikator", "Utfall", "Andel", "50 %"][r * 2 + c]
    data = document.add_table(rows=1, cols=2)  # near miss: data with a one-row table in a cell stays a table
    data.cell(0, 0).text = "a"
    data.cell(0, 1).add_table(rows=1, cols=2).cell(0, 0).text = "inre"
    blocks = _read(document, tmp_path)
    shapes = [b.text if isinstance(b, ParagraphBlock) else b.rows for b in blocks]
    assert shapes[:2] == ["Enhetsmål: I en ram", "● Uppfylls helt"]
    assert "Vänster text" in shapes
    assert [["Indikator", "Utfall"], ["Andel", "50 %"]] in shapes
    assert shapes[-1] == [["a", "inre"]]  # the cell's empty paragraph, then the nested row "inre"


def test_a_text_box_is_read_once(tmp_path: Path) -> None:
    document = docx.Document()
    box = "<w:txbxContent><w:p><w:r><w:t>I rutan</w:t></w:r></w:p></w:txbxContent>"
    document.element.body.insert(
        0,
        _paragraph(
            "<w:r><w:t>Ankare</w:t></w:r><w:r><mc:AlternateContent>"
            f'<mc:Choice Requires="wps"><w:drawing><wps:txbx xmlns:wps="urn:wps">{box}</wps:txbx></w:drawing>'
            "</mc:Choice>"
            f'<mc:Fallback><w:pict><v:textbox xmlns:v="urn:schemas-microsoft-com:vml">{box}</v:textbox></w:pict>'
            "</mc:Fallback></mc:AlternateContent></w:r>"
        ),
    )
    texts = [b.text for b in _read(document, tmp_path) if isinstance(b, ParagraphBlock)]
    assert texts == ["Ankare", "I rutan"]
