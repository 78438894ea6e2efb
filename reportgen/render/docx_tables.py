"""Table layout for the DOCX edition: column widths that fit every word, and which rows stay together.

Word breaks a word that is wider than its column in the middle ("Compare|d with"), so every
column is made at least as wide as its longest word, measured in the shipped Liberation Sans,
which has Arial's metrics. Word cannot be asked how tall a table will be, so the height is
estimated from the same measurements to decide whether the table is kept on one page.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from reportgen.compose.document import Table
from reportgen.paths import template_file

_FONT_FILES = {False: "LiberationSans-Regular.ttf", True: "LiberationSans-Bold.ttf"}
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


@functools.cache
def _font(bold: bool) -> _Font:
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    # Lazily, so that only the tables read here are parsed.
    with TTFont(template_file("fonts") / _FONT_FILES[bold], lazy=True) as font:
        units = font["head"].unitsPerEm
        metrics = font["hmtx"]
        advances = {code: metrics[glyph][0] / units for code, glyph in font.getBestCmap().items()}
        hhea = font["hhea"]
        line = (hhea.ascent - hhea.descent + hhea.lineGap) / units
        return _Font(advances, metrics[".notdef"][0] / units, line)


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
