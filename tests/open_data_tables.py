"""Home Office police recorded crime open data tables in their published layouts, made for tests."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

# (description, group, subgroup, code, base count per quarter)
OFFENCES = (
    ("Assault with injury", "Violence against the person", "Violence with injury", "8N", 2000),
    (
        "Assault with intent to cause serious harm",
        "Violence against the person",
        "Violence with injury",
        "5D",
        300,
    ),
    ("Robbery of business property", "Robbery", "Robbery of business property", "34A", 40),
    ("Robbery of personal property", "Robbery", "Robbery of personal property", "34B", 700),
)
# The force names as one release writes them, and as another; None: not a police force area.
FORCES = {
    "West Midlands": ("West Midlands", "West Midlands"),
    "City of London": ("London, City of", "City of London[note 8]"),
    "Metropolitan Police": ("Metropolitan Police", "Metropolitan Police"),
    None: ("Action Fraud", "British Transport Police"),
}
FORCE_OFFSET = {"West Midlands": 0, "City of London": -1900, "Metropolitan Police": 5000, None: 1}
# Financial years in the table: 2022-23 is in no sheet, so a comparator for 2023/24 is missing.
YEARS = (2023, 2024)
HEADER = [
    "Financial Year",
    "Financial Quarter",
    "Force Name",
    "Offence Description",
    "Offence Group",
    "Offence Subgroup",
    "Offence Code",
]


def count(force: str | None, year: int, quarter: int, code: str) -> int:
    """The number of offences the tables give, so tests can work out every sum."""
    base = next(o[4] for o in OFFENCES if o[3] == code)
    offset = FORCE_OFFSET[force]
    if offset < 0:  # the City of London is small
        return max(1, base // 100 + quarter)
    return base + offset + 10 * quarter + 100 * (year - 2023)


def expected(force: str, year: int, quarters: tuple[int, ...], codes: tuple[str, ...]) -> int:
    return sum(count(force, year, q, c) for q in quarters for c in codes)


def _rows(year: int, style: int) -> Iterator[list[object]]:
    for force, names in FORCES.items():
        for quarter in (1, 2, 3, 4):
            for description, group, subgroup, code, _ in OFFENCES:
                label = f"{year}/{(year + 1) % 100:02d}"
                yield [
                    label,
                    quarter,
                    names[style],
                    description,
                    group,
                    subgroup,
                    code,
                    count(force, year, quarter, code),
                ]


def _sheets() -> list[tuple[str, list[list[object]]]]:
    """A cover sheet, then a sheet per year: '2023-24' (header on row 1, 'Number of Offences') and
    '2024_25' (notes above the header, 'Offence Count', footnote markers)."""
    cover = [["Police recorded crime: police force area open data tables"], ["Contents"]]
    first = [[*HEADER, "Number of Offences"], *_rows(2023, 0)]
    second = [
        ["Police recorded crime by offence, police force area, year ending March 2025"],
        ["Source: Home Office [note 1]"],
        ["This worksheet contains one table. Some cells refer to notes."],
        [],
        [*HEADER, "Offence Count[note 2]"],
        *_rows(2024, 1),
    ]
    return [("Cover", cover), ("2023-24", first), ("2024_25", second)]


def write_xlsx(path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in _sheets():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def write_ods(path: Path) -> Path:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    for name, rows in _sheets():
        table = Table(name=name)
        for row in rows:
            element = TableRow()
            for value in row:
                if isinstance(value, int):
                    cell = TableCell(valuetype="float", value=value)
                else:
                    cell = TableCell(valuetype="string")
                cell.addElement(P(text=str(value)))
                element.addElement(cell)
            table.addElement(element)
        document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


def write_csv(path: Path) -> Path:
    """The CSV export: one table, both years, header on row 1."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*HEADER, "Number of Offences"])
    for year, style in ((2023, 0), (2024, 1)):
        writer.writerows(_rows(year, style))
    path.write_bytes(out.getvalue().encode("utf-8-sig"))
    return path
