"""The Home Office police recorded crime open data tables: offence counts by force and quarter."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from reportgen.dates import MONTHS
from reportgen.problems import ReportgenError
from reportgen.read.import_map import OFFENCE_FIELDS, OffenceMapping
from reportgen.read.periods import PeriodDates
from reportgen.read.tables import Cell, Sheet, Table, cell_place

# The columns the tables have had, by their headers across releases.
HEADERS = {
    "financial year": "financial_year",
    "financial quarter": "quarter",
    "force name": "force",
    "offence description": "offence_description",
    "offence group": "offence_group",
    "offence subgroup": "offence_subgroup",
    "offence code": "offence_code",
    "number of offences": "count",
    "offence count": "count",
}
_WORDS = {
    "financial_year": "Financial Year",
    "quarter": "Financial Quarter",
    "force": "Force Name",
    "count": "Number of Offences (or Offence Count)",
    "offence_description": "Offence Description",
    "offence_group": "Offence Group",
    "offence_subgroup": "Offence Subgroup",
    "offence_code": "Offence Code",
}
ALWAYS_NEEDED = ("financial_year", "quarter", "force", "count")
# The ONS tables put notes above the header; a few dozen lines at most.
_HEADER_SEARCH = 40
_NOTE = re.compile(r"\s*(?:\[[^\]]*\]|\((?:note|notes)\s*[0-9, ]+\))\s*$", re.IGNORECASE)
_YEAR = re.compile(r"^(?:fy\s*)?([0-9]{4})\s*[-/_–]\s*([0-9]{2}|[0-9]{4})$", re.IGNORECASE)


class OpenDataProblem(ReportgenError):
    """The table cannot give what was asked of it: a column, a force, a period, an offence."""


@dataclass(frozen=True)
class Quarter:
    """A quarter of a financial year: (2024, 1) is April to June 2024."""

    year: int
    number: int

    @property
    def start(self) -> date:
        month = 4 + 3 * (self.number - 1)
        return date(self.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)

    def __str__(self) -> str:
        first = self.start
        last = MONTHS[(first.month + 1) % 12]
        return f"{MONTHS[first.month - 1]} to {last} {first.year}"


@dataclass(frozen=True)
class OffenceRow:
    sheet: str
    row: int
    quarter: Quarter
    force: str
    fields: Mapping[str, str]
    count: Decimal


@dataclass
class OpenData:
    """Every row of the table that counts offences, from every sheet that has them."""

    table: Table
    rows: list[OffenceRow]
    columns: frozenset[str]

    @property
    def quarters(self) -> set[Quarter]:
        return {r.quarter for r in self.rows}

    def forces(self) -> list[str]:
        return sorted({r.force for r in self.rows})


def without_notes(text: str) -> str:
    """'City of London[note 8]' -> 'City of London': footnote markers are not part of a name."""
    while True:
        stripped = _NOTE.sub("", text)
        if stripped == text:
            return text.strip()
        text = stripped


def force_key(name: str) -> str:
    """One spelling for a force: 'London, City of', 'City of London[note 8]' and 'City of London
    Police' are the same force."""
    text = without_notes(name).lower().replace("&", " and ")
    text = re.sub(r"^(.*?),\s*(city of|the)$", r"\2 \1", text)
    text = re.sub(r"\b(?:police service|police force|police|constabulary)\b", " ", text)
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def offence_key(text: str) -> str:
    return re.sub(r"\s+", " ", without_notes(text)).casefold()


def read_open_data(table: Table, needed: Iterable[str] = ()) -> OpenData:
    """The offence rows of every sheet with the table's columns, whatever the sheets are called
    ('2019-20' in one release, '2024_25' in another): each row carries its own financial year."""
    wanted = (*ALWAYS_NEEDED, *needed)
    rows: list[OffenceRow] = []
    found_any = False
    for sheet in table.sheets:
        header = _header(sheet)
        if header is None:
            continue  # a cover, contents or notes sheet
        found_any = True
        index, columns = header
        missing = [_WORDS[c] for c in wanted if c not in columns.values()]
        if missing:
            raise OpenDataProblem(
                f"{table.name}, sheet {sheet.name}: the column {missing[0]} is missing — "
                "check this is a Home Office police recorded crime open data table for police "
                "force areas"
            )
        rows.extend(_rows(table, sheet, sheet.rows[index + 1 :], columns))
    if not found_any:
        raise OpenDataProblem(
            f"{table.name} has no sheet with the columns Force Name and Number of Offences — "
            "use the Home Office police recorded crime open data table for police force areas"
        )
    return OpenData(table, rows, frozenset(wanted))


def _header(sheet: Sheet) -> tuple[int, dict[int, str]] | None:
    for index, row in enumerate(sheet.rows[:_HEADER_SEARCH]):
        columns = {}
        for cell in row:
            if isinstance(cell.value, str):
                name = HEADERS.get(re.sub(r"\s+", " ", without_notes(cell.value)).lower())
                if name:
                    columns[cell.column] = name
        if "force" in columns.values() and len(columns) >= 3:
            return index, columns
    return None


def _rows(
    table: Table, sheet: Sheet, rows: Sequence[list[Cell]], columns: Mapping[int, str]
) -> Iterable[OffenceRow]:
    for row in rows:
        values = {columns[c.column]: c for c in row if c.column in columns}
        if all(c.value is None for c in values.values()):
            continue
        year, quarter = _quarter(values.get("financial_year"), values.get("quarter"))
        force = values.get("force")
        if year is None or quarter is None or force is None or force.value is None:
            continue  # a total or a note under the table
        count = _count(table, sheet, values.get("count"))
        fields = {
            name: without_notes(str(values[name].value))
            for name in OFFENCE_FIELDS
            if name in values and values[name].value is not None
        }
        yield OffenceRow(
            sheet.name,
            row[0].row,
            Quarter(year, quarter),
            without_notes(str(force.value)),
            fields,
            count,
        )


def _quarter(year: Cell | None, quarter: Cell | None) -> tuple[int | None, int | None]:
    match = _YEAR.match(str(year.value).strip()) if year and year.value is not None else None
    first = int(match[1]) if match else None
    text = str(quarter.value).strip().upper().lstrip("Q") if quarter and quarter.value else ""
    number = int(text) if text in ("1", "2", "3", "4") else None
    return first, number


def _count(table: Table, sheet: Sheet, cell: Cell | None) -> Decimal:
    if cell is None or cell.value is None:
        return Decimal(0)
    try:
        return Decimal(str(cell.value).replace(",", "").strip())
    except InvalidOperation:
        raise OpenDataProblem(
            f"{table.name}, {cell_place(table, sheet, cell.row, cell.column)}: the number of "
            f"offences is '{cell.value}', not a number — check the table is as published"
        ) from None


def force_rows(data: OpenData, force: str) -> list[OffenceRow]:
    """The force's rows, by any of its names; an error naming the nearest when it is not there."""
    wanted = force_key(force)
    rows = [r for r in data.rows if force_key(r.force) == wanted]
    if rows:
        return rows
    names = data.forces()
    close = difflib.get_close_matches(force, names, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else "write the force as the table names it"
    raise OpenDataProblem(f"the force '{force}' is not in {data.table.name} — {hint}")


def matching(rows: Iterable[OffenceRow], mapping: OffenceMapping) -> list[OffenceRow]:
    """The rows every given offence field of the mapping matches."""
    wanted = {
        name: {offence_key(v) for v in getattr(mapping, name)}
        for name in OFFENCE_FIELDS
        if getattr(mapping, name)
    }
    return [
        r
        for r in rows
        if all(offence_key(r.fields.get(name, "")) in values for name, values in wanted.items())
    ]


def unmatched(data: OpenData, mapping: OffenceMapping) -> str:
    """Which value of a mapping matches nothing in the table, with the nearest the table has."""
    for name in OFFENCE_FIELDS:
        for value in getattr(mapping, name) or []:
            known = sorted({r.fields.get(name, "") for r in data.rows} - {""})
            if offence_key(value) not in {offence_key(k) for k in known}:
                close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'?" if close else "check the spelling in the table"
                return f"{name} '{value}' is not in the table — {hint}"
    return "no row has all of these at once — check they belong together"


def quarters_of(period: PeriodDates) -> list[Quarter] | None:
    """The financial quarters a period is made of, or None when it is not whole quarters."""
    months = period.months
    start = period.start
    if months is None or start is None or months % 3 or start.month not in (1, 4, 7, 10):
        return None
    first_year = start.year if start.month >= 4 else start.year - 1
    first = Quarter(first_year, (start.month - 4) % 12 // 3 + 1)
    quarters = []
    for step in range(months // 3):
        total = first.number - 1 + step
        quarters.append(Quarter(first.year + total // 4, total % 4 + 1))
    return quarters


def rows_in_words(rows: Sequence[OffenceRow], csv: bool) -> str:
    """'sheet 2024_25 rows 5-8, 12; sheet 2023-24 rows 3-6' — where an auditor finds them."""
    by_sheet: dict[str, list[int]] = {}
    for row in rows:
        by_sheet.setdefault(row.sheet, []).append(row.row)
    parts = []
    for sheet, numbers in by_sheet.items():
        runs: list[list[int]] = []
        for n in sorted(set(numbers)):
            if runs and n == runs[-1][-1] + 1:
                runs[-1].append(n)
            else:
                runs.append([n])
        spans = ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)
        word = "row" if len(numbers) == 1 else "rows"
        parts.append(f"{word} {spans}" if csv else f"sheet {sheet} {word} {spans}")
    return "; ".join(parts)
