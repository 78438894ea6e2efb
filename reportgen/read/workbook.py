"""The figures workbook: one row per figure, read into an edition's figures, each value with its cell."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePath
from typing import Any

from reportgen.dates import long_date
from reportgen.problems import DataPath, Problem, Severity, display_path
from reportgen.read.register import load_register
from reportgen.read.source import YamlDocument
from reportgen.read.tables import (
    Cell,
    CellLocation,
    Sheet,
    Table,
    UnreadableTable,
    cell_place,
    column_letter,
    read_table,
)

WORKBOOK_FIELD = "figures_workbook"
FIGURES_SHEET = "Figures"
# A figures workbook lists a few dozen figures; the header may sit below a few lines of notes.
MAX_FIGURE_ROWS = 5000
_HEADER_SEARCH = 20


@dataclass(frozen=True)
class Column:
    """A column of the figures workbook: its header, where its value goes in a figure, and what to
    type in it. A text column is formatted as text, so Excel does not turn 'June 2025' into a date."""

    header: str
    path: tuple[str, ...]
    about: str
    text: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("priority", (), "the national priority's id, e.g. homicide", text=True),
    Column("id", ("id",), "the figure's id, lower case words joined by hyphens", text=True),
    Column("kind", ("kind",), "count, rate, percentage, duration, money, rank or change", True),
    Column("label", ("label",), "what is measured, as the table row label", text=True),
    Column("value", ("value",), "the figure's value, e.g. 31 or 12.6"),
    Column("qualifier", ("qualifier",), "for approximate figures: 'more than', 'about'", True),
    Column("period", ("period", "label"), "the period as printed, e.g. 2024/25", text=True),
    Column("period end", ("period", "end"), "the period's last day, when the label does not say"),
    Column("period start", ("period", "start"), "the period's first day, when the label does not"),
    Column("comparator period", ("comparator", "label"), "the period compared with", text=True),
    Column("comparator value", ("comparator", "value"), "the value for the comparator period"),
    Column("comparator restated", ("comparator", "restated"), "why it was restated", text=True),
    Column("published change", ("published_change", "absolute"), "the change as published"),
    Column("published change percent", ("published_change", "percent"), "the % change published"),
    Column("baseline period", ("baseline", "label"), "a fixed reference period", text=True),
    Column("baseline value", ("baseline", "value"), "the value for the baseline period"),
    Column("baseline change", ("baseline", "published_change", "absolute"), "published change"),
    Column(
        "baseline change percent",
        ("baseline", "published_change", "percent"),
        "the % change since the baseline, as published",
    ),
    Column("per", ("per",), "for a rate: 1000, 100000 or 1000000"),
    Column("population", ("population",), "for a rate: who it is of, e.g. people", text=True),
    Column("of", ("of",), "for a rank: how many are ranked, e.g. 43"),
    Column("order", ("order",), "for a rank: highest or lowest", text=True),
    Column("among", ("among",), "for a rank: what is ranked, e.g. forces", text=True),
    Column("absolute", ("absolute",), "for a change figure: the change in its own unit"),
    Column("not available", ("not_available", "reason"), "why it cannot be reported", text=True),
    Column("proxy", ("not_available", "proxy"), "the figure reported in its place", text=True),
    Column("revision", ("revision", "reason"), "why a published value was revised", text=True),
    Column("source", ("source",), "where the figure comes from", text=True),
    Column("note", ("note",), "a note printed under Sources and notes", text=True),
    Column("imported from", ("imported", "file"), "filled in by reportgen import", text=True),
    Column("imported sha256", ("imported", "sha256"), "filled in by reportgen import", text=True),
    Column("imported rows", ("imported", "rows"), "filled in by reportgen import", text=True),
)
_BY_HEADER = {c.header: c for c in COLUMNS}
_ALIASES = {
    "figure id": "id",
    "priority id": "priority",
    "comparator": "comparator period",
    "comparator label": "comparator period",
    "period label": "period",
    "baseline": "baseline period",
    "baseline label": "baseline period",
    "notes": "note",
    "change": "published change",
    "change percent": "published change percent",
    "published change absolute": "published change",
    "sources": "source",
}
REQUIRED = ("priority", "id", "kind", "label")
# The code of a problem that kept the workbook's figures from being read at all: the narrative's
# references to them are then not reported as well.
UNREAD = "workbook-unread"


def header_key(text: str) -> str:
    """A header as typed ('Comparator value', 'comparator_value', 'Published change %') made one."""
    words = re.sub(r"[^a-z0-9]+", " ", text.lower().replace("%", " percent ")).strip()
    return _ALIASES.get(words, words)


def missing_cell_fix(doc: YamlDocument, path: DataPath) -> str:
    """How to give a field missing from a workbook row: fill in its cell, or add its column."""
    column = next((c for c in COLUMNS if c.path and path[-len(c.path) :] == c.path), None)
    if column is None:
        return "see docs/figures-from-spreadsheets.md for the columns"
    if path in doc.cells:
        return f"fill in the figure's '{column.header}' cell"
    return f"add a column headed '{column.header}' and fill it in for this figure"


def merge_workbook(doc: YamlDocument) -> None:
    """Add the figures of the workbook an edition names to its priorities, each value located at
    its cell. Problems with the workbook itself are added to the document's problems."""
    data = doc.data
    name = data.get(WORKBOOK_FIELD) if isinstance(data, dict) else None
    if not isinstance(name, str) or not name.strip():
        return
    path = _workbook_path(doc, name.strip())
    if path is None:
        return
    try:
        table = read_table(path)
    except UnreadableTable as exc:
        message, _, fix = str(exc).replace(display_path(path), name).partition(" — ")
        doc.problems.append(doc.problem((WORKBOOK_FIELD,), message, fix, code=UNREAD))
        return
    reader = _Reader(doc, table)
    reader.read()


def _workbook_path(doc: YamlDocument, name: str) -> Path | None:
    if PurePath(name).is_absolute() or ".." in PurePath(name).parts or "\\" in name:
        doc.problems.append(
            doc.problem(
                (WORKBOOK_FIELD,),
                f"the figures workbook '{name}' should be named from this file's folder",
                "put the workbook beside the edition file and give its name, e.g. figures.xlsx",
                code=UNREAD,
            )
        )
        return None
    path = doc.path.parent / name
    if not path.is_file():
        here = sorted(
            p.name for p in doc.path.parent.glob("*") if p.suffix in (".xlsx", ".ods", ".csv")
        )
        close = difflib.get_close_matches(name, here, n=1)
        doc.problems.append(
            doc.problem(
                (WORKBOOK_FIELD,),
                f"there is no figures workbook '{name}' beside this file",
                f"did you mean '{close[0]}'?"
                if close
                else "save the workbook in the same folder, or correct the name",
                code=UNREAD,
            )
        )
        return None
    return path


class _Reader:
    """Reads one figures workbook into the document's data."""

    def __init__(self, doc: YamlDocument, table: Table) -> None:
        self.doc = doc
        self.table = table
        self.register = load_register()

    def problem(
        self, sheet: Sheet, row: int, column: int, message: str, fix: str, code: str = "workbook"
    ) -> None:
        place = cell_place(self.table, sheet, row, column)
        self.doc.problems.append(
            Problem(self.table.name, row, column, Severity.ERROR, message, fix, code, place)
        )

    def location(self, sheet: Sheet, row: int, column: int) -> CellLocation:
        return CellLocation(
            self.table.name, cell_place(self.table, sheet, row, column), row, column
        )

    def read(self) -> None:
        sheet = self._figures_sheet()
        if sheet is None:
            return
        found = self._header(sheet)
        if found is None:
            return
        header_row, columns = found
        rows = [r for r in sheet.rows[header_row:] if any(c.value is not None for c in r)]
        if len(rows) > MAX_FIGURE_ROWS:
            self.problem(
                sheet,
                rows[MAX_FIGURE_ROWS][0].row,
                1,
                f"the sheet lists more than {MAX_FIGURE_ROWS:,} figures",
                "a statement reports a few dozen figures: check this is the figures workbook",
            )
            return
        for row in rows:
            self._row(sheet, row, columns)

    def _figures_sheet(self) -> Sheet | None:
        sheets = self.table.sheets
        named = [s for s in sheets if s.name.strip().lower() == FIGURES_SHEET.lower()]
        if named or len(sheets) == 1:
            return (named or sheets)[0]
        self.doc.problems.append(
            self.doc.problem(
                (WORKBOOK_FIELD,),
                f"{self.table.name} has no sheet named {FIGURES_SHEET} (its sheets are: "
                f"{', '.join(s.name for s in sheets)})",
                f"name the sheet that lists the figures '{FIGURES_SHEET}'",
                code=UNREAD,
            )
        )
        return None

    def _header(self, sheet: Sheet) -> tuple[int, dict[int, Column]] | None:
        """The header row (its index) and the column each header names."""
        for index, row in enumerate(sheet.rows[:_HEADER_SEARCH]):
            keys = {c.column: header_key(str(c.value)) for c in row if c.value is not None}
            if "id" in keys.values() and "priority" in keys.values():
                return index + 1, self._columns(sheet, row, keys)
        self.problem(
            sheet,
            1,
            1,
            "there is no row naming the columns 'priority' and 'id'",
            "the first row should name the columns: " + ", ".join(c.header for c in COLUMNS[:7]),
            UNREAD,
        )
        return None

    def _columns(self, sheet: Sheet, row: list[Cell], keys: dict[int, str]) -> dict[int, Column]:
        columns: dict[int, Column] = {}
        seen: dict[str, int] = {}
        for cell in row:
            key = keys.get(cell.column)
            if key is None:
                continue
            column = _BY_HEADER.get(key)
            if column is None:
                close = difflib.get_close_matches(key, list(_BY_HEADER), n=1, cutoff=0.6)
                self.problem(
                    sheet,
                    cell.row,
                    cell.column,
                    f"'{cell.value}' is not a column of the figures workbook",
                    f"did you mean '{close[0]}'?"
                    if close
                    else "see docs/figures-from-spreadsheets.md for the columns",
                )
            elif key in seen:
                self.problem(
                    sheet,
                    cell.row,
                    cell.column,
                    f"the column '{key}' appears twice (also column {column_letter(seen[key])})",
                    "keep one of them and delete the other",
                )
            else:
                seen[key] = cell.column
                columns[cell.column] = column
        header_row = row[0].row if row else 1
        for required in REQUIRED:
            if required not in seen:
                self.problem(
                    sheet,
                    header_row,
                    max(keys, default=1) + 1,
                    f"the column '{required}' is missing",
                    f"add a column headed '{required}'",
                )
        return columns

    def _row(self, sheet: Sheet, row: list[Cell], columns: dict[int, Column]) -> None:
        by_column = {c.column: c for c in row}
        number = row[0].row
        first = min((c.column for c in row if c.value is not None), default=1)
        at = next((n for n, c in columns.items() if not c.path), first)
        priority = by_column.get(at)
        if priority is None or priority.value is None:
            self.problem(
                sheet,
                number,
                at,
                "the row has no priority",
                "write the national priority's id in the priority column, e.g. homicide",
            )
            return
        figure: dict[str, Any] = {}
        key = self._priority_key(str(priority.value))
        path = self._append(key, figure, self.location(sheet, number, at))
        if path is None:
            return
        where: dict[tuple[str, ...], CellLocation] = {}
        for column_number, column in columns.items():
            if not column.path:
                continue
            location = self.location(sheet, number, column_number)
            where.setdefault(column.path, location)
            cell = by_column.get(column_number, Cell(None, number, column_number))
            value = self._value(sheet, cell, column, (*path, *column.path))
            if value is None:
                continue
            target = figure
            for depth, step in enumerate(column.path[:-1], start=1):
                target = target.setdefault(step, {})
                where.setdefault(column.path[:depth], location)
            target[column.path[-1]] = value
        self.doc.cells[path] = where.get(("id",), self.location(sheet, number, first))
        for steps, location in where.items():
            self.doc.cells[(*path, *steps)] = location

    def _value(self, sheet: Sheet, cell: Cell, column: Column, path: DataPath) -> Any:
        value = cell.value
        if isinstance(value, date) and column.text:
            self.doc.refused.update({path, path[:-1]})
            self.problem(
                sheet,
                cell.row,
                cell.column,
                f"the spreadsheet has turned the '{column.header}' into the date "
                f"{long_date(value)}",
                "format the column as Text and type it again, or type an apostrophe first, "
                "e.g. 'June 2025",
            )
            return None
        if isinstance(value, bool):
            return "true" if value else "false"
        return value

    def _priority_key(self, written: str) -> str:
        """The edition's own key for the priority a row names, so both add to one priority."""
        priorities = self.doc.data.get("priorities")
        wanted = self.register.resolve(written)
        for key in priorities if isinstance(priorities, dict) else {}:
            if key == written or (wanted and self.register.resolve(str(key)) == wanted):
                return str(key)
        return written

    def _append(self, key: str, figure: dict[str, Any], at: CellLocation) -> DataPath | None:
        data = self.doc.data
        priorities = data.setdefault("priorities", {})
        if not isinstance(priorities, dict):
            return None
        content = priorities.get(key)
        if content is None:
            content = priorities[key] = {}
            if ("priorities", key) not in self.doc.locations:
                self.doc.cells[("priorities", key)] = at
        if not isinstance(content, dict):
            return None
        figures = content.setdefault("figures", [])
        if not isinstance(figures, list):
            return None
        figures.append(figure)
        return ("priorities", key, "figures", len(figures) - 1)
