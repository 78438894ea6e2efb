"""Spreadsheets read as plain cell values (XLSX, ODS, CSV), as untrusted input: bounded, no formula run."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportgen.problems import ReportgenError, display_path

CellValue = str | int | Decimal | date | bool | None

TABLE_SUFFIXES = (".xlsx", ".xlsm", ".ods", ".csv")
# The Home Office's police force area tables run to tens of megabytes; a figures workbook to a few
# kilobytes. Beyond these a file is not what it claims to be.
MAX_FILE_BYTES = 100 * 1024 * 1024
# What a spreadsheet may inflate to: an XLSX or ODS is a zip, and a small zip can hold gigabytes.
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
MAX_ROWS = 2_000_000
MAX_COLUMNS = 200
_FIXED_DECIMALS = re.compile(r"0\.(0+)")


class UnreadableTable(ReportgenError):
    """A spreadsheet that cannot be read: missing, damaged, too large or of an unknown kind."""


@dataclass(frozen=True)
class Cell:
    """A cell's value as the spreadsheet shows it, and where it is (1-based row and column)."""

    value: CellValue
    row: int
    column: int


@dataclass(frozen=True)
class CellLocation:
    """Where a value read from a spreadsheet is: its file, the cell in words, row and column."""

    file: str
    place: str
    row: int
    column: int


@dataclass
class Sheet:
    name: str
    rows: list[list[Cell]] = field(default_factory=list)


@dataclass
class Table:
    """A spreadsheet's sheets, in order. A CSV file is one sheet with no name."""

    path: Path
    sheets: list[Sheet]

    @property
    def name(self) -> str:
        return display_path(self.path)

    @property
    def is_csv(self) -> bool:
        return self.path.suffix.lower() == ".csv"


def column_letter(column: int) -> str:
    """1 -> A, 27 -> AA, as Excel and LibreOffice name columns."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_place(table: Table, sheet: Sheet, row: int, column: int) -> str:
    """'sheet Figures, cell E12' (or 'cell E12' in a CSV file), as staff find it on screen."""
    cell = f"cell {column_letter(column)}{row}"
    return cell if table.is_csv else f"sheet {sheet.name}, {cell}"


def read_table(path: Path) -> Table:
    """Every sheet's values. Formulas are never calculated: a formula cell gives the result the
    spreadsheet program saved with the file, and links to other files are not followed."""
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise UnreadableTable(
            f"{display_path(path)} is not a spreadsheet reportgen reads — save it as .xlsx, .ods "
            "or .csv"
        )
    try:
        size = path.stat().st_size
    except OSError:
        raise UnreadableTable(f"there is no file '{display_path(path)}'") from None
    if size > MAX_FILE_BYTES:
        raise UnreadableTable(
            f"{display_path(path)} is {size // (1024 * 1024)} MB, larger than any spreadsheet "
            f"reportgen reads ({MAX_FILE_BYTES // (1024 * 1024)} MB) — check it is the right file"
        )
    try:
        if suffix == ".csv":
            return Table(path, [Sheet("", _csv_rows(path.read_bytes()))])
        _check_unpacked_size(path)
        if suffix == ".ods":
            return Table(path, _ods_sheets(path))
        return Table(path, _xlsx_sheets(path))
    except UnreadableTable:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError) as exc:
        raise UnreadableTable(
            f"{display_path(path)} cannot be read as a spreadsheet: it is damaged, or not the "
            f"kind its name ends in ({type(exc).__name__}) — open it in Excel or LibreOffice and "
            "save it again"
        ) from None


def _check_unpacked_size(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnreadableTable(
            f"{display_path(path)} unpacks to more than {MAX_UNPACKED_BYTES // 1024**3} GB — it is "
            "not a table reportgen can read safely"
        )


def _csv_rows(data: bytes) -> list[list[Cell]]:
    """A CSV file as Excel writes it: UTF-8 (with or without its mark), or Windows-1252."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    rows: list[list[Cell]] = []
    for number, record in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
        _bounded(number, len(record))
        rows.append(
            [Cell(value.strip() or None, number, col) for col, value in enumerate(record, 1)]
        )
    return rows


def _bounded(row: int, columns: int) -> None:
    if row > MAX_ROWS or columns > MAX_COLUMNS:
        raise UnreadableTable(
            f"the table has more than {MAX_ROWS:,} rows or {MAX_COLUMNS} columns — it is not a "
            "table reportgen can read"
        )


def _xlsx_sheets(path: Path) -> list[Sheet]:
    import warnings

    from openpyxl import load_workbook

    with warnings.catch_warnings():
        # openpyxl warns about features it does not read (data validation, conditional formats).
        warnings.simplefilter("ignore")
        book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    try:
        sheets = []
        for worksheet in book.worksheets:
            sheet = Sheet(worksheet.title)
            for number, row in enumerate(worksheet.iter_rows(), start=1):
                _bounded(number, len(row))
                sheet.rows.append(
                    [
                        Cell(_xlsx_value(c.value, getattr(c, "number_format", "")), number, col)
                        for col, c in enumerate(row, start=1)
                    ]
                )
            sheets.append(sheet)
        return sheets
    finally:
        book.close()


def _xlsx_value(value: Any, number_format: str | None) -> CellValue:
    """The value as the cell shows it: 12.6% is 12.6 (Excel stores 0.126), '0.0' keeps one place."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool) or value is None or isinstance(value, date):
        return value
    if isinstance(value, int | float):
        number = Decimal(str(value))
        shown = number_format or ""
        if "%" in shown:
            number *= 100
        fixed = _FIXED_DECIMALS.search(shown)
        if fixed:
            return number.quantize(Decimal(1).scaleb(-len(fixed[1])))
        return plain_number(number)
    return str(value)


def plain_number(number: Decimal) -> int | Decimal:
    """A whole number as an int (31, not 31.0); any other without trailing zeros."""
    if number == number.to_integral_value():
        return int(number)
    return number.normalize()


def _ods_sheets(path: Path) -> list[Sheet]:
    from odf.namespaces import OFFICENS, TABLENS, TEXTNS
    from odf.opendocument import load

    document = load(str(path))
    sheets = []
    for table in document.spreadsheet.getElementsByType(_ods_class("Table")):
        sheet = Sheet(str(table.getAttrNS(TABLENS, "name") or ""))
        number = 0
        for row in table.getElementsByType(_ods_class("TableRow")):
            repeat = int(row.getAttrNS(TABLENS, "number-rows-repeated") or 1)
            cells = _ods_row(row, number + 1, TABLENS, OFFICENS, TEXTNS)
            if not any(c.value is not None for c in cells):
                number += repeat  # trailing empty rows are written as one repeated row
                continue
            for _ in range(repeat):
                number += 1
                _bounded(number, len(cells))
                sheet.rows.append([Cell(c.value, number, c.column) for c in cells])
        sheets.append(sheet)
    return sheets


def _ods_class(name: str) -> Any:
    from odf import table

    return getattr(table, name)


def _ods_row(row: Any, number: int, tablens: str, officens: str, textns: str) -> list[Cell]:
    cells: list[Cell] = []
    column = 0
    for element in row.childNodes:
        if element.qname[1] not in ("table-cell", "covered-table-cell"):
            continue
        repeat = int(element.getAttrNS(tablens, "number-columns-repeated") or 1)
        value = _ods_value(element, officens, textns)
        if value is None:
            column += repeat
            continue
        for _ in range(min(repeat, MAX_COLUMNS)):
            column += 1
            cells.append(Cell(value, number, column))
    return cells


def _ods_value(element: Any, officens: str, textns: str) -> CellValue:
    kind = element.getAttrNS(officens, "value-type")
    if kind in ("float", "percentage", "currency"):
        number = Decimal(str(element.getAttrNS(officens, "value")))
        if kind == "percentage":
            number *= 100
        return plain_number(number)
    if kind == "date":
        return date.fromisoformat(str(element.getAttrNS(officens, "date-value"))[:10])
    if kind == "boolean":
        return str(element.getAttrNS(officens, "boolean-value")) == "true"
    paragraphs = [
        _text_of(p) for p in element.childNodes if getattr(p, "qname", ("", ""))[1] == "p"
    ]
    text = "\n".join(p for p in paragraphs if p).strip()
    return text or None


def _text_of(node: Any) -> str:
    if node.nodeType == node.TEXT_NODE:
        return str(node.data)
    if getattr(node, "qname", (None, None))[1] == "s":
        return " "
    return "".join(_text_of(child) for child in node.childNodes)
