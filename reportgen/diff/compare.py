"""Comparing two editions: the statement's details, revisions, and every priority's changes.

Each priority's figures, applicability, narrative and charts are compared. Both editions are
composed as the statement would be, so the narrative is compared as readers saw it (figure
references filled in) and the charts through their data tables. Revisions are kept apart from
ordinary changes, as the Code of Practice for Statistics expects (see
:mod:`reportgen.check.revisions`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from reportgen.check.revisions import RevisedValue, figures_by_id, revisions
from reportgen.compose import compose, load_wording
from reportgen.compose.document import Chart
from reportgen.dates import long_date
from reportgen.diff.changes import (
    HISTORY,
    ApplicabilityChange,
    Diff,
    FieldChange,
    PriorityDiff,
    Status,
    changed_field,
)
from reportgen.diff.charts import chart_changes, charts_by_priority
from reportgen.diff.figures import figure_change, figure_summary
from reportgen.diff.languages import untranslated_changes
from reportgen.diff.narrative import narrative_changes
from reportgen.diff.redline import redline
from reportgen.diff.sources import Source, open_statement
from reportgen.read.model import Assessment, FigureCommon, PriorityContent
from reportgen.statement import Statement

__all__ = ["compare", "compare_paths"]

_Figures = dict[str, tuple[str, FigureCommon]]


def compare_paths(old: Path, new: Path) -> Diff:
    """What changed from the edition at `old` to the edition at `new`.

    Each may be an edition's input file, a build folder, or a statement reportgen built (see
    :func:`~reportgen.diff.sources.open_statement`, whose errors this raises).
    """
    old_source, old_statement = open_statement(old)
    new_source, new_statement = open_statement(new)
    return compare(old_source, old_statement, new_source, new_statement)


def compare(old_source: Source, old: Statement, new_source: Source, new: Statement) -> Diff:
    """What changed from one validated edition to another."""
    wording = load_wording()
    old_charts = charts_by_priority(compose(old, (), wording))
    new_charts = charts_by_priority(compose(new, (), wording))
    revised = tuple(revisions(old, new))
    old_figures = figures_by_id(old)
    new_figures = figures_by_id(new)
    priorities = tuple(
        _priority(priority_id, old, new, old_figures, new_figures, revised, old_charts, new_charts)
        for priority_id in _priority_ids(old, new)
    )
    details = (*_details(old, new), *_history(old_source, new_source))
    untranslated = tuple(untranslated_changes(old, new))
    return Diff(old_source, new_source, details, revised, priorities, untranslated)


def _priority_ids(old: Statement, new: Statement) -> list[str]:
    """Every priority either edition covers, in the register's order."""
    covered = set(old.priorities) | set(new.priorities)
    ordered = [p.id for p in new.register.priorities if p.id in covered]
    return ordered + sorted(covered - set(ordered))


def _heading(statement: Statement, priority_id: str) -> str:
    try:
        return statement.heading(statement.register.get(priority_id))
    except KeyError:
        return priority_id


def _details(old: Statement, new: Statement) -> Iterator[FieldChange]:
    yield from changed_field("edition", str(old.label), str(new.label))
    yield from changed_field(
        "published", long_date(old.edition.published), long_date(new.edition.published)
    )
    old_profile = old.profile.model_dump(mode="json", exclude={"headings", "applicability"})
    new_profile = new.profile.model_dump(mode="json", exclude={"headings", "applicability"})
    for name in new_profile:
        old_value, new_value = old_profile.get(name), new_profile.get(name)
        if isinstance(new_value, dict) and isinstance(old_value, dict):
            for part in new_value:
                yield from changed_field(
                    f"{name}.{part}", _plain_text(old_value.get(part)), _plain_text(new_value[part])
                )
        else:
            yield from changed_field(name, _plain_text(old_value), _plain_text(new_value))


def _history(old: Source, new: Source) -> Iterator[FieldChange]:
    """The earlier editions each statement read for trends: one added, dropped or changed."""
    for name in sorted(old.history.keys() | new.history.keys()):
        yield from changed_field(f"{HISTORY}.{name}", old.history.get(name), new.history.get(name))


def _plain_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _priority(
    priority_id: str,
    old: Statement,
    new: Statement,
    old_figures: _Figures,
    new_figures: _Figures,
    revised: Sequence[RevisedValue],
    old_charts: dict[str, list[Chart]],
    new_charts: dict[str, list[Chart]],
) -> PriorityDiff:
    old_content = old.priorities.get(priority_id)
    new_content = new.priorities.get(priority_id)
    empty = PriorityContent()
    old_part, new_part = old_content or empty, new_content or empty
    heading = _heading(new if new_content else old, priority_id)
    heading_change = None
    if old_content and new_content:
        heading_change = next(
            changed_field("heading", _heading(old, priority_id), _heading(new, priority_id)), None
        )
    changed = []
    for figure in new_part.figures:
        if figure.id in old_figures:
            old_priority, old_figure = old_figures[figure.id]
            # A value revised in the same place is reported with the revisions, not here.
            where = {r.new_as for r in revised if r.figure == figure.id and r.old_as == r.new_as}
            moved = None
            if old_priority != priority_id:
                moved = next(
                    changed_field(
                        "priority", _heading(old, old_priority), _heading(new, priority_id)
                    ),
                    None,
                )
            found = figure_change(old_figure, figure, frozenset(where), moved)
            if found:
                changed.append(found)
    added = [figure_summary(f) for f in new_part.figures if f.id not in old_figures]
    removed = [figure_summary(f) for f in old_part.figures if f.id not in new_figures]
    applicability = _applicability(old, new, priority_id)
    narrative = tuple(narrative_changes(old_part, new_part))
    charts = tuple(chart_changes(old_charts.get(priority_id, []), new_charts.get(priority_id, [])))
    status: Status
    if not old_content:
        status = "added"
    elif not new_content:
        status = "removed"
    elif changed or added or removed or applicability or narrative or charts or heading_change:
        status = "changed"
    else:
        status = "unchanged"
    return PriorityDiff(
        priority_id,
        heading,
        status,
        heading_change,
        applicability,
        tuple(changed),
        tuple(added),
        tuple(removed),
        narrative,
        charts,
    )


def _applicability(old: Statement, new: Statement, priority_id: str) -> ApplicabilityChange | None:
    before = _assessment(old, priority_id)
    after = _assessment(new, priority_id)
    old_pair = (before.applicable, before.reason) if before else (None, None)
    new_pair = (after.applicable, after.reason) if after else (None, None)
    if old_pair == new_pair:
        return None
    return ApplicabilityChange(
        old_pair[0],
        new_pair[0],
        old_pair[1],
        new_pair[1],
        redline(old_pair[1] or "", new_pair[1] or ""),
    )


def _assessment(statement: Statement, priority_id: str) -> Assessment | None:
    if priority_id not in statement.priorities:
        return None
    try:
        return statement.assessment(priority_id)
    except KeyError:
        return None
