"""How a table's width is shared between its columns: the fewest lines for its rows, every word whole.

A fixed share per column leaves a column of short numbers wide and squeezes a period such as
"Year ending March 2023" onto four lines. Instead, as a browser lays out a table, each column
starts as wide as its longest word and the rest of the width goes, a little at a time, to the
column where it saves the most lines. Text is measured in characters of an average width: the
renderers keep every word whole in their own typeface (see render/docx_tables.py and
statement.typ), so this needs only to be about right.
"""

from __future__ import annotations

from collections.abc import Sequence

# The table's width in average characters of table text, each column's cell margins included
# (16 cm of 11-point Liberation Sans), and what a column's margins take of it.
TABLE_CHARACTERS = 80
MARGIN_CHARACTERS = 2
# Headers and row headers are bold, and bold is wider.
_BOLD = 1.1
# A value this long or shorter is never broken over two lines.
_SHORT_NUMBER = 16
# More cells than any table has in a row: one line of a row's height outweighs any cell's lines.
_CELLS_PER_ROW = 100


def column_shares(columns: Sequence[Sequence[str]], numeric: Sequence[bool]) -> tuple[float, ...]:
    """Each column's share of the width, summing to 1. `columns` holds each column's texts, its
    heading first; a numeric column keeps each short value on one line ("£1 million")."""
    needed = []
    for texts, number in zip(columns, numeric, strict=True):
        whole = max((len(t) for t in texts[1:] if len(t) <= _SHORT_NUMBER), default=0)
        needed.append(max(_widest_word(texts), whole if number else 0) + MARGIN_CHARACTERS)
    widths = list(needed)
    spare = TABLE_CHARACTERS - sum(widths)
    while spare > 0:
        current = _height(columns, widths)
        best, best_rate, best_step = -1, 0.0, 0
        for i in range(len(widths)):
            # The least widening of this column that saves a line, and how many it saves a character.
            for step in range(1, spare + 1):
                widths[i] += step
                gain = current - _height(columns, widths)
                widths[i] -= step
                if gain > 0:
                    if gain / step > best_rate:
                        best, best_rate, best_step = i, gain / step, step
                    break
        if best < 0:
            break
        widths[best] += best_step
        spare -= best_step
    if spare > 0:
        # Nothing more saves a line: the rest goes where the text is longest, as it looks best.
        natural = [max(len(text) for text in texts) for texts in columns]
        extra = [spare * n / sum(natural) for n in natural]
        return _shares([w + e for w, e in zip(widths, extra, strict=True)])
    return _shares(widths)


def _shares(widths: Sequence[float]) -> tuple[float, ...]:
    total = sum(widths)
    return tuple(round(width / total, 3) for width in widths)


def _widest_word(texts: Sequence[str]) -> int:
    return max((round(len(word) * _BOLD) for text in texts for word in text.split()), default=1)


def _height(columns: Sequence[Sequence[str]], widths: Sequence[int]) -> int:
    """The table's height in lines (each row as tall as its tallest cell), then, to tell apart
    widths that give the same height, the lines of all its cells: a row's height falls only once
    every cell that makes it tall is widened."""
    rows = [
        [_lines(text, width - MARGIN_CHARACTERS) for text, width in zip(row, widths, strict=True)]
        for row in zip(*columns, strict=True)
    ]
    return sum(max(row) for row in rows) * _CELLS_PER_ROW + sum(sum(row) for row in rows)


def _lines(text: str, width: int) -> int:
    lines, used = 1, 0
    for word in text.split():
        size = len(word)
        if used and used + 1 + size > width:
            lines, used = lines + 1, size
        else:
            used += (1 if used else 0) + size
    return lines
