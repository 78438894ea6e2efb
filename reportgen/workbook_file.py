"""Writes a figures workbook (XLSX, with openpyxl): one row per figure, text columns kept as text."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportgen.files import write_atomic
from reportgen.read.load import PLACEHOLDER
from reportgen.read.model import FIGURE_KINDS
from reportgen.read.tables import column_letter
from reportgen.read.workbook import COLUMNS, FIGURES_SHEET, Column

# The fill Excel users know for "type here".
_TO_FILL = "FFF2CC"
# Rows below the figures keep the text format too, so a figure added by hand is typed as text.
_SPARE_ROWS = 100
# A fixed date in the file's properties, so the same figures give the same workbook.
_WRITTEN = datetime(2000, 1, 1)


def row_values(priority: str, figure: Mapping[str, Any]) -> list[Any]:
    """A figure's row: the value under each column's path, in column order."""
    values: list[Any] = []
    for column in COLUMNS:
        if not column.path:
            values.append(priority)
            continue
        value: Any = figure
        for step in column.path:
            value = value.get(step) if isinstance(value, Mapping) else None
        values.append(value)
    return values


def used_columns(rows: Sequence[Sequence[Any]]) -> list[int]:
    """The columns to write: the ones every figure needs, and any other a figure has a value in."""
    essential = {"priority", "id", "kind", "label", "value", "period", "comparator period"}
    essential |= {"comparator value", "source", "note"}
    return [
        i
        for i, column in enumerate(COLUMNS)
        if column.header in essential or any(row[i] is not None for row in rows)
    ]


def workbook_bytes(figures: Sequence[tuple[str, Mapping[str, Any]]]) -> bytes:
    """The XLSX of figures, each a (priority, figure as plain data) pair."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    rows = [row_values(priority, figure) for priority, figure in figures]
    chosen = used_columns(rows)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = FIGURES_SHEET
    sheet.append([COLUMNS[i].header for i in chosen])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "C2"
    fill = PatternFill("solid", start_color=_TO_FILL, end_color=_TO_FILL)
    for number, row in enumerate(rows, start=2):
        for position, index in enumerate(chosen, start=1):
            _write(sheet.cell(number, position), row[index], COLUMNS[index], fill)
    for position, index in enumerate(chosen, start=1):
        column = COLUMNS[index]
        letter = column_letter(position)
        widest = max([len(column.header), *(len(str(r[index] or "")) for r in rows)])
        sheet.column_dimensions[letter].width = min(max(10, widest + 2), 60)
        if column.text:
            for number in range(len(rows) + 2, len(rows) + 2 + _SPARE_ROWS):
                sheet.cell(number, position).number_format = "@"
        if column.header == "kind":
            kinds = DataValidation(type="list", formula1=f'"{",".join(FIGURE_KINDS)}"')
            kinds.error = "Choose a kind of figure from the list"
            kinds.add(f"{letter}2:{letter}{len(rows) + 1 + _SPARE_ROWS}")
            sheet.add_data_validation(kinds)
    _guide(book)
    book.properties.created = _WRITTEN
    book.properties.modified = _WRITTEN
    book.properties.creator = "reportgen"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _write(cell: Any, value: Any, column: Column, fill: Any) -> None:
    if value is None:
        if column.text:
            cell.number_format = "@"
        return
    if isinstance(value, date):
        cell.value = value
        cell.number_format = "yyyy-mm-dd"
        return
    if isinstance(value, Decimal):
        cell.value = value
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent < 0:
            cell.number_format = "0." + "0" * -exponent  # 83.0 stays 83.0, as typed
        return
    if isinstance(value, int | float) and not isinstance(value, bool):
        cell.value = value
        return
    text = str(value)
    cell.value = text
    cell.number_format = "@"
    if PLACEHOLDER in text:
        cell.fill = fill


def _guide(book: Any) -> None:
    from openpyxl.styles import Alignment, Font

    guide = book.create_sheet("Guide")
    lines = [
        ["The figures of the statement, one row per figure, on the sheet 'Figures'."],
        ["Type over every yellow [FILL IN …] cell; 'reportgen validate' names any left by cell."],
        ["reportgen reads the values the cells show: it never calculates formulas, and a formula"],
        ["whose result was not saved reads as empty. Links to other files are not followed."],
        ["Columns may be added in any order; a column not used can be deleted or left empty."],
        [],
        ["column", "what to type"],
        *([c.header, c.about] for c in COLUMNS),
    ]
    for line in lines:
        guide.append(line)
    for cell in guide[7]:
        cell.font = Font(bold=True)
    guide.column_dimensions["A"].width = 28
    guide.column_dimensions["B"].width = 70
    for row in guide.iter_rows(min_row=8):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def write_workbook(path: Path, figures: Sequence[tuple[str, Mapping[str, Any]]]) -> None:
    """Write the workbook whole (never half-written)."""
    write_atomic(path, workbook_bytes(figures))
