"""Tables of the DOCX edition: column widths that fit every word, which rows stay together, their XML.

Word breaks a word that is wider than its column in the middle ("Compare|d with"), so every
column is made at least as wide as its longest word, measured in the shipped Liberation Sans,
which has Arial's metrics. Word cannot be asked how tall a table will be, so the height is
estimated from the same measurements to decide whether the table is kept on one page.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from reportgen.compose.document import Cell, Table
from reportgen.paths import template_file
from reportgen.render.ooxml import check_xml_text

FONT_FILES = {False: "LiberationSans-Regular.ttf", True: "LiberationSans-Bold.ttf"}
# Word's kerning and rounding can make a line a little wider than the sum of its advances.
_SLACK = 1.03
# Twentieths of a point per point.
_TWIPS = 20


@dataclass(frozen=True)
class TableText:
    """How a table's text is set: its size and the cell margins around it, in twips."""

    size: float  # points
    padding_x: int  # left plus right cell margin
    padding_y: int  # top plus bottom cell margin


@dataclass(frozen=True)
class _Font:
    advances: dict[int, float]  # code point -> advance, in em
    missing: float  # the advance of a character the font lacks, in em
    line: float  # the height of one line, in em


# Advance widths of the shipped faces, measured once by tools/make_font_metrics.py: reading them
# from the fonts with fontTools costs every cold build about 60 ms.
METRICS_FILE = "metrics.json"


@functools.cache
def _font(bold: bool) -> _Font:
    face = template_file("fonts") / FONT_FILES[bold]
    return _shipped_metrics(face) or measure_font(face)


def _shipped_metrics(face: Path) -> _Font | None:
    """The face's metrics from metrics.json, if they were measured from these very bytes (a
    project that puts other fonts in its templates/fonts gets them measured afresh)."""
    try:
        entry = json.loads((face.parent / METRICS_FILE).read_text(encoding="utf-8"))[face.name]
        if entry["sha256"] != hashlib.sha256(face.read_bytes()).hexdigest():
            return None
        return _in_em(entry)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _in_em(entry: dict[str, Any]) -> _Font:
    units = entry["units_per_em"]
    advances = {int(code): width / units for code, width in entry["advances"].items()}
    return _Font(advances, entry["missing"] / units, entry["line"] / units)


def font_metrics(face: Path) -> dict[str, Any]:
    """What metrics.json records of a face, in font units, read with fontTools."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    # Lazily, so that only the tables read here are parsed.
    with TTFont(face, lazy=True) as font:
        metrics = font["hmtx"]
        hhea = font["hhea"]
        return {
            "sha256": hashlib.sha256(face.read_bytes()).hexdigest(),
            "units_per_em": font["head"].unitsPerEm,
            "missing": metrics[".notdef"][0],
            "line": hhea.ascent - hhea.descent + hhea.lineGap,
            "advances": {
                str(code): metrics[glyph][0] for code, glyph in sorted(font.getBestCmap().items())
            },
        }


def measure_font(face: Path) -> _Font:
    """A face's metrics, in em, read from the font itself."""
    return _in_em(font_metrics(face))


def text_width(text: str, size: float, *, bold: bool = False) -> int:
    """The width of `text` on one line at `size` points, in twips."""
    font = _font(bold)
    em = sum(font.advances.get(ord(character), font.missing) for character in text)
    return round(em * size * _TWIPS * _SLACK)


def _cells(table: Table, column: int) -> list[tuple[str, bool]]:
    """Each cell of a column as (text, bold): headers and row headers are set in bold."""
    return [(table.header[column], True)] + [
        (row[column].text, row[column].row_header) for row in table.rows
    ]


def _widest_word(cells: list[tuple[str, bool]], size: float) -> int:
    return max(
        (text_width(word, size, bold=bold) for text, bold in cells for word in text.split()),
        default=0,
    )


def column_widths(table: Table, total: int, text: TableText) -> list[int]:
    """Column widths in twips summing to `total`.

    The tree's relative widths are followed, or, when it gives none, widths in proportion to
    each column's longest text. A column too narrow for its longest word gets just enough,
    taken from the columns with room to spare in proportion to their spare room (as the PDF
    does). If the words cannot all fit, every column gets the same share of its need.
    """
    columns = range(len(table.header))
    needed = [_widest_word(_cells(table, i), text.size) + text.padding_x for i in columns]
    if table.widths:
        shares = list(table.widths)
    else:
        shares = [
            max(needed[i], *(text_width(t, text.size, bold=b) for t, b in _cells(table, i)))
            for i in columns
        ]
    wanted = [total * share / sum(shares) for share in shares]
    short = [max(0.0, needed[i] - wanted[i]) for i in columns]
    spare = [0.0 if short[i] else wanted[i] - needed[i] for i in columns]
    deficit, room = sum(short), sum(spare)
    if room < deficit:
        widths = [total * need / sum(needed) for need in needed]
    elif deficit:
        widths = [needed[i] if short[i] else wanted[i] - spare[i] / room * deficit for i in columns]
    else:
        widths = wanted
    twips = [round(width) for width in widths]
    twips[-1] = total - sum(twips[:-1])  # no rounding gap at the edge
    return twips


def _lines(text: str, width: int, size: float, bold: bool) -> int:
    """How many lines `text` takes in a column `width` twips wide, broken at spaces."""
    space = text_width(" ", size, bold=bold)
    lines, used = 1, 0
    for word in text.split():
        word_width = text_width(word, size, bold=bold)
        if used and used + space + word_width > width:
            lines, used = lines + 1, word_width
        else:
            used += (space if used else 0) + word_width
    return lines


def row_heights(table: Table, widths: Sequence[int], text: TableText) -> list[int]:
    """The estimated height of each row, the header row first, in twips."""
    rows = [[(h, True) for h in table.header]] + [
        [(cell.text, cell.row_header) for cell in row] for row in table.rows
    ]
    heights = []
    for row in rows:
        lines = max(
            _lines(cell, width - text.padding_x, text.size, bold)
            for (cell, bold), width in zip(row, widths, strict=True)
        )
        line = max(_font(bold).line for _, bold in row) * text.size * _TWIPS
        heights.append(round(lines * line) + text.padding_y)
    return heights


def rows_kept_with_next(heights: Sequence[int], page: int) -> list[bool]:
    """For each row (the header first), whether it is kept on the page of the row after it.

    A table no taller than a third of the page (`page`, the text height in twips) is kept
    whole: moved to the next page, it leaves at most a third of a page empty. A taller one
    may break, but never leaves its header with fewer than two rows or its last row alone.
    """
    count = len(heights)
    if sum(heights) <= page / 3:
        return [row < count - 1 for row in range(count)]
    return [row in (0, 1, count - 2) and row < count - 1 for row in range(count)]


@dataclass(frozen=True)
class TableStyles:
    """The style ids a table is set in: the table style and its cells' paragraph style."""

    table: str
    text: str


def table_element(
    block: Table, widths: Sequence[int], kept: Sequence[bool], styles: TableStyles
) -> Any:
    """The table as one w:tbl element, cell text already checked.

    Written as XML here rather than cell by cell through python-docx, which looks up every
    child element's place in the schema on each call: that took a tenth of a second a build.
    """

    def child(parent: Any, tag: str, **attributes: str) -> Any:
        element = OxmlElement(tag)
        for name, value in attributes.items():
            element.set(qn(f"w:{name}"), value)
        parent.append(element)
        return element

    tbl = OxmlElement("w:tbl")
    properties = child(tbl, "w:tblPr")
    child(properties, "w:tblStyle", val=styles.table)
    child(properties, "w:tblW", type="dxa", w=str(sum(widths)))
    child(properties, "w:tblLayout", type="fixed")
    row_headers = any(row[0].row_header for row in block.rows if row)
    # Word 2007 reads only the bitmask in w:val; later versions read the named attributes.
    # Banding stays off because the house table style has none.
    mask = 0x20 | (0x80 if row_headers else 0) | 0x200 | 0x400
    child(
        properties,
        "w:tblLook",
        firstColumn="1" if row_headers else "0",
        firstRow="1",
        lastColumn="0",
        lastRow="0",
        noHBand="1",
        noVBand="1",
        val=f"{mask:04X}",
    )
    child(properties, "w:tblCaption", val=check_xml_text(block.caption, "table caption"))
    description = check_xml_text(block.description, "table description")
    child(properties, "w:tblDescription", val=description)
    grid = child(tbl, "w:tblGrid")
    for width in widths:
        child(grid, "w:gridCol", w=str(width))
    rows = [[Cell(text) for text in block.header], *block.rows]
    for number, (row, keep) in enumerate(zip(rows, kept, strict=True)):
        tr = child(tbl, "w:tr")
        row_properties = child(tr, "w:trPr")
        child(row_properties, "w:cantSplit")
        if number == 0:
            # Repeated on each page and read as headers; a bare element means "on".
            child(row_properties, "w:tblHeader")
        for cell, width, numeric in zip(row, widths, block.numeric, strict=True):
            tc = child(tr, "w:tc")
            child(child(tc, "w:tcPr"), "w:tcW", type="dxa", w=str(width))
            paragraph = child(tc, "w:p")
            paragraph_properties = child(paragraph, "w:pPr")
            child(paragraph_properties, "w:pStyle", val=styles.text)
            if keep:
                # Word keeps rows together through their paragraphs.
                child(paragraph_properties, "w:keepNext")
            if numeric:
                child(paragraph_properties, "w:jc", val="right")
            run = child(paragraph, "w:r")
            if cell.row_header:
                child(child(run, "w:rPr"), "w:b")
            text = child(run, "w:t")
            text.text = check_xml_text(cell.text, "table cell")
            if text.text != text.text.strip():
                text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return tbl
