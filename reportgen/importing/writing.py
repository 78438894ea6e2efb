"""Writes what `reportgen import` found back into the edition file and its figures workbook, whole."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportgen.files import write_atomic
from reportgen.problems import DataPath, ReportgenError
from reportgen.read.source import YamlDocument
from reportgen.read.workbook import COLUMNS, FIGURES_SHEET, WORKBOOK_FIELD, Column, header_key

# The parts of a figure import writes; everything else stays as staff typed it.
_WRITTEN = (
    ("value",),
    ("comparator", "label"),
    ("comparator", "value"),
    ("source",),
    ("imported", "file"),
    ("imported", "sha256"),
    ("imported", "rows"),
)
_HEADER_SEARCH = 20

Item = tuple[DataPath, dict[str, Any], bool]


def write_back(doc: YamlDocument, edition: Path, items: Sequence[Item]) -> list[Path]:
    """Write the figures' new values where each was typed; returns the files written. Every file
    is made in memory first, so a mistake found in one leaves all of them as they were."""
    outputs: list[tuple[Path, bytes]] = []
    in_workbook = [i for i in items if i[2]]
    if in_workbook:
        path = edition.parent / str(doc.data[WORKBOOK_FIELD])
        outputs.append((path, _workbook(doc, path, in_workbook)))
    in_file = [i for i in items if not i[2]]
    if in_file:
        outputs.append((edition, _edition(edition, in_file)))
    for path, data in outputs:
        write_atomic(path, data)
    return [path for path, _ in outputs]


def _get(data: Any, steps: Sequence[str]) -> Any:
    for step in steps:
        data = data.get(step) if isinstance(data, dict) else None
    return data


def _edition(edition: Path, items: Sequence[Item]) -> bytes:
    from ruamel.yaml.comments import CommentedMap

    from reportgen.new import round_trip

    yaml = round_trip()
    data = yaml.load(edition.read_text(encoding="utf-8-sig"))
    for path, figure, _ in items:
        target = data
        for step in path:
            target = target[step]
        for steps in _WRITTEN:
            value = _get(figure, steps)
            if value is None:
                continue
            part = target
            for step in steps[:-1]:
                if not isinstance(part.get(step), dict):
                    part[step] = CommentedMap()
                part = part[step]
            if steps == ("value",) and "value" not in part and "label" in part:
                part.insert(list(part).index("label") + 1, "value", value)  # where staff look
            else:
                part[steps[-1]] = value
    text = io.StringIO()
    yaml.dump(data, text)
    return text.getvalue().encode("utf-8")


def _workbook(doc: YamlDocument, path: Path, items: Sequence[Item]) -> bytes:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv(doc, path, items)
    if suffix not in (".xlsx", ".xlsm"):
        raise ReportgenError(
            f"reportgen import can write into an .xlsx or .csv workbook, not {path.name} — save "
            "it as .xlsx (Excel Workbook) and change figures_workbook to the new name"
        )
    from openpyxl import load_workbook
    from openpyxl.styles import PatternFill

    book = load_workbook(path, keep_links=False)
    named = [s for s in book.worksheets if s.title.lower() == FIGURES_SHEET.lower()]
    sheet = (named or book.worksheets)[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows(max_row=_HEADER_SEARCH)]
    header_row, columns = _header(rows)
    for row_path, figure, _ in items:
        row = doc.cells[row_path].row
        for column in _columns_for(figure):
            position = columns.get(column.header)
            if position is None:
                position = max([*columns.values(), 0]) + 1
                columns[column.header] = position
                sheet.cell(header_row, position, column.header)
            cell = sheet.cell(row, position)
            cell.value = _get(figure, column.path)
            if column.text:
                cell.number_format = "@"
            else:
                cell.fill = PatternFill(fill_type=None)  # no longer a cell to fill in
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _columns_for(figure: dict[str, Any]) -> list[Column]:
    return [c for c in COLUMNS if c.path in _WRITTEN and _get(figure, c.path) is not None]


def _header(rows: Sequence[Sequence[Any]]) -> tuple[int, dict[str, int]]:
    for number, row in enumerate(rows, start=1):
        keys = {header_key(str(v)): n for n, v in enumerate(row, start=1) if v is not None}
        if "id" in keys and "priority" in keys:
            return number, keys
    raise ReportgenError("the figures workbook has no row naming the columns 'priority' and 'id'")


def _csv(doc: YamlDocument, path: Path, items: Sequence[Item]) -> bytes:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header_row, columns = _header(rows[:_HEADER_SEARCH])
    header = rows[header_row - 1]
    for row_path, figure, _ in items:
        row = rows[doc.cells[row_path].row - 1]
        for column in _columns_for(figure):
            if column.header not in columns:
                header.append(column.header)
                columns[column.header] = len(header)
            position = columns[column.header]
            row.extend([""] * (position - len(row)))
            row[position - 1] = str(_get(figure, column.path))
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    # With its byte order mark, Excel opens the file as UTF-8 and shows £ and – as typed.
    return out.getvalue().encode("utf-8-sig")
