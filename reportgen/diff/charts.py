"""The charts of two editions compared through their data tables (exactly the plotted values)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from reportgen.compose.document import Chart, Document, Heading
from reportgen.diff.changes import CellChange, ChartChange, changed_field

__all__ = ["chart_changes", "charts_by_priority"]


def charts_by_priority(document: Document) -> dict[str, list[Chart]]:
    """The charts of each priority section (a section starts at its level-2 heading)."""
    found: dict[str, list[Chart]] = {}
    section = ""
    for block in document.blocks:
        if isinstance(block, Heading) and block.level == 2:
            section = block.anchor
        elif isinstance(block, Chart):
            found.setdefault(section, []).append(block)
    return found


def chart_changes(old: list[Chart], new: list[Chart]) -> Iterator[ChartChange]:
    """Each chart (matched by id) added, removed, or with a changed title or data cell."""
    before = {c.spec.id: c for c in old}
    after = {c.spec.id: c for c in new}
    for chart_id in _union(list(after), list(before)):
        was, now = before.get(chart_id), after.get(chart_id)
        old_columns, old_rows, old_cells = _cells(was)
        new_columns, new_rows, new_cells = _cells(now)
        changes = tuple(
            CellChange(row, column, old_cells.get((row, column)), new_cells.get((row, column)))
            for row in _union(new_rows, old_rows)
            for column in _union(new_columns, old_columns)
            if old_cells.get((row, column)) != new_cells.get((row, column))
        )
        old_title = was.spec.title if was else None
        new_title = now.spec.title if now else None
        title_change = next(changed_field("title", old_title, new_title), None)
        if was and now and not changes and title_change is None:
            continue
        status: Literal["added", "removed", "changed"] = (
            "added" if was is None else "removed" if now is None else "changed"
        )
        title = new_title or old_title or chart_id
        yield ChartChange(
            chart_id, status, title, title_change if status == "changed" else None, changes
        )


def _cells(chart: Chart | None) -> tuple[list[str], list[str], dict[tuple[str, str], str]]:
    """A chart's data table: its columns, its rows (by first cell) and the cells by (row, column)."""
    if chart is None:
        return [], [], {}
    columns = list(chart.data.header[1:])
    rows = [row[0].text for row in chart.data.rows]
    cells = {
        (row[0].text, column): cell.text
        for row in chart.data.rows
        for column, cell in zip(columns, row[1:], strict=False)
    }
    return columns, rows, cells


def _union(first: list[str], second: list[str]) -> list[str]:
    return first + [item for item in second if item not in first]
