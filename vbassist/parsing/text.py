"""Markdown and plain text -> `Document` of blocks (paragraphs and tables in source order).

The seeds in `corpus/` show what this reader meets: markdown converted from Word (pipe tables with
`<br>` and `<b>` inside cells, `**bold**` and `*italic*` lines for headings), plain text exported from
Word (tables as tab-separated rows) and text extracted from PDF (hard-wrapped lines, page furniture,
tables flattened into lines, lost diacritics, OCR noise). The reader only rebuilds blocks: which
paragraph is a goal or a status is the structure builder's business. Words are never "corrected".

Every block keeps `line`, the 1-based source line of its first line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from vbassist.model import Document, ParagraphBlock, SourceFormat, TableBlock
from vbassist.names import fold
from vbassist.parsing.headings import match_goal_label
from vbassist.parsing.text_flat_tables import flat_table_at
from vbassist.parsing.text_lines import (
    BOLD_LINE_RE,
    BULLET_RE,
    HTML_BOLD_LINE_RE,
    ITALIC_LINE_RE,
    LOGO_SECOND_LINE,
    MD_HEADING_RE,
    MD_SEPARATOR_RE,
    TextTable,
    clean_cell,
    is_furniture,
    is_label,
    starts_lower,
    strip_markup,
)
from vbassist.parsing.wordbreaks import hyphen_joins

__all__ = ["TextFormat", "is_furniture", "read_text_blocks"]

TextFormat = Literal["markdown", "text"]

# --------------------------------------------------------------------------- paragraph assembly


@dataclass
class _Para:
    text: str
    line: int
    style: str | None = None
    heading_level: int | None = None
    is_list_item: bool = False
    closed: bool = False  # headings, labels: never continued by a following line
    last_len: int = 0  # length of its last source line (to judge voluntary line breaks)


class _Reader:
    def __init__(
        self, text: str, fmt: TextFormat, *, wrapped: bool | None = None, breaks_marked: bool = False
    ) -> None:
        self.breaks_marked = breaks_marked
        raw = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
        # Trailing tabs are kept: they are the empty cells of a tab-separated row.
        self.lines = [line.rstrip(" \u00a0") for line in raw.split("\n")]
        self.fmt = fmt
        self._drop_furniture()
        self.width = _typical_width(self.lines)
        self.wrapped = _looks_wrapped(self.lines) if wrapped is None else wrapped
        self.items: list[_Para | TextTable] = []
        self.blank_before = False  # a blank line since the last item

    # ---- furniture

    def _drop_furniture(self) -> None:
        for i, line in enumerate(self.lines):
            if is_furniture(line):
                self.lines[i] = ""
                logo = fold(line.strip()).endswith("stockholms") and i + 1 < len(self.lines)
                if logo and fold(self.lines[i + 1].strip()) == LOGO_SECOND_LINE:
                    self.lines[i + 1] = ""

    # ---- main loop

    def run(self) -> list[_Para | TextTable]:
        i = 0
        n = len(self.lines)
        while i < n:
            line = self.lines[i]
            if not line.strip():
                self.blank_before = True
                i += 1
                continue
            if line.lstrip().startswith("|") and (self.fmt == "markdown" or self._separator_follows(i)):
                i = self._pipe_table(i)
            elif "\t" in line:
                i = self._tab_table(i)
            elif (flat := flat_table_at(self.lines, i)) is not None:
                table, i = flat
                self.add_table(table)
            else:
                self._text_line(line, i + 1)
                i += 1
        return self.items

    def _separator_follows(self, i: int) -> bool:
        """A pipe table in a .txt file (markdown saved as text) shows itself by its |---| row."""
        return (
            i + 1 < len(self.lines)
            and bool(MD_SEPARATOR_RE.match(self.lines[i + 1]))
            and "-" in self.lines[i + 1]
        )

    def add_table(self, table: TextTable) -> None:
        # A table repeated after a page break (same header row, nothing in between) is one table.
        previous = self.items[-1] if self.items else None
        if (
            isinstance(previous, TextTable)
            and previous.kind == table.kind
            and table.kind != "pipe"
            and table.rows
            and previous.rows
            and _row_key(table.rows[0]) == _row_key(previous.rows[0])
        ):
            _continue_table(previous, table.rows[1:])
        else:
            self.items.append(table)
        self.blank_before = False

    # ---- tables

    def _pipe_table(self, start: int) -> int:
        rows: list[list[str]] = []
        i = start
        while i < len(self.lines) and self.lines[i].lstrip().startswith("|"):
            line = self.lines[i].strip()
            i += 1
            if MD_SEPARATOR_RE.match(line):
                # An empty header row above the separator is conversion debris (the .docx has none).
                if len(rows) == 1 and not any(rows[0]):
                    rows.clear()
                continue
            body = line[1:]
            if body.endswith("|") and not body.endswith("\\|"):
                body = body[:-1]
            rows.append([clean_cell(c) for c in re.split(r"(?<!\\)\|", body)])
        if rows:
            self.add_table(TextTable(rows=_pad(rows), line=start + 1, kind="pipe"))
        return i

    def _tab_table(self, start: int) -> int:
        rows: list[list[str]] = []
        i = start
        while i < len(self.lines) and "\t" in self.lines[i]:
            line = self.lines[i]
            i += 1
            if not line.strip():  # only tabs: an empty row
                continue
            rows.append([clean_cell(c) for c in line.split("\t")])
        rows = _pad(rows)
        # Trailing columns that are empty in every row are padding of the export, not columns.
        while rows and len(rows[0]) > 1 and all(not r[-1] for r in rows):
            rows = [r[:-1] for r in rows]
        if rows:
            self.add_table(TextTable(rows=rows, line=start + 1, kind="tab"))
        return i

    # ---- text

    def _text_line(self, line: str, lineno: int) -> None:
        para = self._classify(line, lineno)
        previous = self.items[-1] if self.items else None
        if isinstance(previous, _Para) and self._continues(previous, para, blank=self.blank_before):
            hyphen = previous.text.endswith("-") and not previous.text.endswith(" -")
            sep = "" if hyphen and hyphen_joins(para.text) else " "
            previous.text = f"{previous.text}{sep}{para.text}"
            previous.last_len = len(line.strip())
            if para.closed:
                previous.closed = True
        else:
            self.items.append(para)
        self.blank_before = False

    def _classify(self, line: str, lineno: int) -> _Para:
        stripped = line.strip()
        if self.fmt == "markdown":
            m = MD_HEADING_RE.match(line)
            if m:
                level = len(m.group(1))
                return _Para(
                    text=strip_markup(m.group(2)).strip(),
                    line=lineno,
                    style=f"Heading{level}",
                    heading_level=level,
                    closed=True,
                )
            m = BOLD_LINE_RE.match(stripped) or HTML_BOLD_LINE_RE.match(stripped)
            if m and "**" not in m.group("t"):
                return _Para(
                    text=strip_markup(m.group("t")).strip(), line=lineno, style="Strong", closed=True
                )
            m = ITALIC_LINE_RE.match(stripped)
            if m:
                return _Para(
                    text=strip_markup(m.group("t")).strip(), line=lineno, style="Emphasis", closed=True
                )
        m = BULLET_RE.match(line)
        if m and len(stripped) > 1:
            text = strip_markup(line[m.end() :]).strip()
            return _Para(
                text=text, line=lineno, style="ListBullet", is_list_item=True, last_len=len(stripped)
            )
        text = strip_markup(stripped).strip()
        return _Para(
            text=text,
            line=lineno,
            closed=is_label(text) and not match_goal_label(text),
            last_len=len(stripped),
        )

    def _continues(self, previous: _Para, para: _Para, *, blank: bool) -> bool:
        """Is `para` (one source line) the continuation of `previous`? Only plain text continues."""
        if previous.closed or para.closed or para.heading_level or para.style in ("Strong", "Emphasis"):
            return False
        if para.is_list_item or is_label(para.text) or not previous.text:
            return False
        goal = match_goal_label(previous.text) is not None
        if starts_lower(para.text):
            # A sentence cut by a page break or an empty line ("... De" / "har bidragit ..."), a goal title
            # wrapped onto the next line. A title is not continued across an empty line.
            if blank and goal:
                return False
            if previous.text.endswith((".", "!", "?")):
                return self.wrapped and not blank
            return True
        if blank or not self.wrapped:
            return False
        if self.breaks_marked:
            return True  # the PDF reader measured the lines: every intended break is an empty line
        # Hard-wrapped text: the line broke although the next word would have fit -> the break was meant.
        first_word = para.text.split(" ", 1)[0]
        return previous.last_len + 1 + len(first_word) >= 0.85 * self.width


def _typical_width(lines: list[str]) -> int:
    lengths = sorted(len(line.strip()) for line in lines if len(line.strip()) > 20 and "\t" not in line)
    if not lengths:
        return 80
    return max(40, lengths[int(len(lengths) * 0.9)])


def _looks_wrapped(lines: list[str]) -> bool:
    """Hard-wrapped text (extracted from PDF): paragraphs run over many short lines. Text exported
    from Word keeps one paragraph per line, so long lines are common there."""
    text_lines = [
        line for line in lines if line.strip() and "\t" not in line and not line.lstrip().startswith("|")
    ]
    if len(text_lines) < 10:
        return False
    long_lines = sum(1 for line in text_lines if len(line.strip()) > 130)
    return long_lines / len(text_lines) < 0.01


def _pad(rows: list[list[str]]) -> list[list[str]]:
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def _row_key(row: list[str]) -> tuple[str, ...]:
    return tuple(re.sub(r"\s+", " ", fold(c)).strip() for c in row)


def _continue_table(table: TextTable, rows: list[list[str]]) -> None:
    """Append the rows after a repeated header. Rows at the top of the continuation that hold text in the
    first cell only finish the last such row before the break (an "Analys" comment cut by the page)."""
    width = max(len(table.rows[0]), *(len(r) for r in rows)) if rows else len(table.rows[0])
    table.rows = _pad(table.rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    last = table.rows[-1] if table.rows else None
    while rows and last is not None and _first_cell_only(rows[0]) and _first_cell_only(last):
        sep = "\n" if last[0].rstrip().endswith((".", "!", "?")) else " "
        last[0] = f"{last[0]}{sep}{rows.pop(0)[0]}"
    table.rows.extend(rows)


def _first_cell_only(row: list[str]) -> bool:
    return bool(row and row[0].strip()) and not any(c.strip() for c in row[1:])


# --------------------------------------------------------------------------- public API


def read_text_blocks(
    text: str,
    source: str,
    fmt: TextFormat,
    *,
    wrapped: bool | None = None,
    breaks_marked: bool = False,
    source_format: SourceFormat | None = None,
) -> Document:
    """Markdown or plain text -> blocks. `wrapped` forces (True) or forbids (False) reflowing hard-wrapped
    lines into paragraphs; None = decide from the line lengths (text extracted from PDF is wrapped).
    `breaks_marked`: every intended line break is an empty line, so wrapped lines always join (the PDF
    reader knows this from the page geometry; without it the reader guesses from line lengths).
    `source_format` overrides the document's format label (the PDF reader passes "pdf")."""
    items = _Reader(text, fmt, wrapped=wrapped, breaks_marked=breaks_marked).run()
    blocks: list[ParagraphBlock | TableBlock] = []
    for item in items:
        index = len(blocks)
        if isinstance(item, TextTable):
            rows = [r for r in item.rows if any(c.strip() for c in r)]
            if rows:
                blocks.append(TableBlock(index=index, rows=rows, line=item.line))
        elif item.text:
            blocks.append(
                ParagraphBlock(
                    index=index,
                    text=re.sub(r"[ \t]{2,}", " ", item.text).strip(),
                    style=item.style,
                    heading_level=item.heading_level,
                    is_list_item=item.is_list_item,
                    line=item.line,
                )
            )
    return Document(source=source, format=source_format or fmt, blocks=blocks)
