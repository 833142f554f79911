""".docx -> `Document` of blocks, in the order Word lays the body out.

The walk (`vbassist.parsing.docx_body`) decides what a block is: a logical line of a paragraph, or a
table that holds data; content controls, custom XML, layout tables and text boxes are read through. The
annotator walks the same way, so block N here is block N there. The package is read under the file's
budget (`vbassist.parsing.docx_package`); the style lookup is lazy (`vbassist.parsing.docx_styles`).
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

from lxml import etree

from vbassist.model import Document, ParagraphBlock, TableBlock
from vbassist.parsing.docx_body import BodyWalk, Table
from vbassist.parsing.docx_package import DocxPackage
from vbassist.parsing.docx_styles import ParagraphStyle, StyleNames, paragraph_style
from vbassist.parsing.limits import DEFAULT_LIMITS, ParseLimits, ReadBudget

__all__ = ["read_docx_blocks"]


def read_docx_blocks(
    source: str | Path | bytes | IO[bytes], name: str | None = None, *, limits: ParseLimits = DEFAULT_LIMITS
) -> Document:
    """Read a .docx (path, bytes or binary file) into blocks. Raises `FileTooLargeError` when the file
    costs more than `limits` allow, and what a broken package makes zipfile and lxml raise (see
    `DocxPackage`)."""
    budget = ReadBudget(limits)
    with DocxPackage(source, budget) as package:
        main = package.main_part()
        body = package.body(main)
        styles = StyleNames(package.styles_xml(main))
    walk = BodyWalk(budget, private_use=package.private_use)
    blocks: list[ParagraphBlock | TableBlock] = []
    paragraph: etree._Element | None = None
    props = ParagraphStyle(None, None, False)
    for item in walk.items(body):
        index = len(blocks)
        if isinstance(item, Table):
            blocks.append(TableBlock(index=index, rows=walk.table_texts(item)))
            continue
        if item.paragraph is not paragraph:  # the lines of one paragraph share its style
            paragraph = item.paragraph
            props = paragraph_style(paragraph, styles)
        blocks.append(
            ParagraphBlock(
                index=index,
                text=item.text,
                style=props.style,
                heading_level=props.heading_level,
                is_list_item=props.is_list_item,
            )
        )
    label = name or (str(source) if isinstance(source, (str, Path)) else "document.docx")
    return Document(source=label, format="docx", blocks=blocks)
