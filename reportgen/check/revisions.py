"""Revisions: values an edition gives for a period an earlier edition already published, now different.

The Code of Practice for Statistics asks for every revision to be explained. A revision's reason is
the figure's ``revision.reason``, or for a comparator, the comparator's ``restated``.
``reportgen validate --against OLD`` warns about each revision that gives none, and
``reportgen diff`` reports revisions apart from ordinary changes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from reportgen import quantities
from reportgen.dates import NOT_AVAILABLE
from reportgen.problems import Problem, Severity
from reportgen.read.model import ChangeFigure, CountFigure, FigureCommon, RankFigure, RateFigure
from reportgen.read.periods import read_period
from reportgen.read.source import YamlDocument, read_yaml
from reportgen.statement import Statement

__all__ = [
    "Amount",
    "Difference",
    "RevisedValue",
    "Role",
    "amount",
    "difference",
    "figures_by_id",
    "folder_warnings",
    "revision_warnings",
    "revision_warnings_against",
    "revisions",
    "same_unit",
]

# Where an edition publishes a value: as the figure's own value, its comparator or its baseline.
Role = Literal["value", "comparator", "baseline"]

_EXPLAINED = "(the Code of Practice for Statistics asks for every revision to be explained)"


@dataclass(frozen=True)
class Amount:
    """A value as the statement prints it, with the exact number (None when not available)."""

    value: Decimal | None
    text: str


@dataclass(frozen=True)
class Difference:
    """A change from an old value to a new one, computed and formatted as the statement does."""

    absolute: Decimal | None
    percent: Decimal | None  # None where a percentage change means nothing (shares, ranks)
    text: str  # '−13 (−29.5%)', '+2.0 percentage points'


@dataclass(frozen=True)
class RevisedValue:
    """A value for a period the old edition already published, now different."""

    priority: str
    figure: str
    label: str
    period: str  # the period both editions give a value for
    old_as: Role  # where the old edition published it: the figure's value, comparator or baseline
    new_as: Role
    old: Amount
    new: Amount
    change: Difference | None
    reason: str | None  # None: the input gives no reason


def figures_by_id(statement: Statement) -> dict[str, tuple[str, FigureCommon]]:
    """Each figure of the edition by its id, with the id of the priority it is under."""
    return {
        figure.id: (priority_id, figure)
        for priority_id, content in statement.priorities.items()
        for figure in content.figures
    }


def same_unit(a: FigureCommon, b: FigureCommon) -> bool:
    """Whether values of the two figures can be compared: same kind, same base, same ranking."""
    if type(a) is not type(b):
        return False
    if isinstance(a, RateFigure) and isinstance(b, RateFigure):
        return a.per == b.per
    if isinstance(a, RankFigure) and isinstance(b, RankFigure):
        return (a.of, a.order) == (b.of, b.order)
    return True


def amount(figure: FigureCommon, value: Decimal | None, role: Role = "value") -> Amount:
    """`value` printed as the statement prints the figure's value, comparator or baseline."""
    if value is None:
        return Amount(None, NOT_AVAILABLE)
    if role == "value":
        return Amount(value, quantities.formatted_value(_with_value(figure, value)))
    if isinstance(figure, ChangeFigure):
        return Amount(value, quantities.signed_percent(value))
    return Amount(value, quantities.magnitude(figure, value))


def difference(figure: FigureCommon, old: Decimal | None, new: Decimal | None) -> Difference | None:
    """The change from `old` to `new` in the figure's unit, by quantities' one set of rules."""
    if old is None or new is None:
        return None
    found = quantities.computed_change(_with_value(figure, new), old)
    if found is None:
        return None
    return Difference(found.absolute, found.percent, quantities.change_in_table(figure, found))


def _with_value(figure: FigureCommon, value: Decimal | None) -> FigureCommon:
    """The figure as if `value` were its value, so quantities formats and compares it."""
    if value is not None and isinstance(figure, CountFigure | RankFigure):
        return figure.model_copy(update={"value": int(value)})
    return figure.model_copy(update={"value": value})


@dataclass(frozen=True)
class _Published:
    """A value an edition gives for a period: the figure's own, its comparator's or baseline's."""

    role: Role
    label: str
    end: date | None  # only a figure's own period has an end date
    value: Decimal


def _published(figure: FigureCommon) -> Iterator[_Published]:
    value = quantities.value_of(figure)
    if value is not None:
        yield _Published("value", figure.period.label, figure.period.end, value)
    if figure.comparator is not None and figure.comparator.value is not None:
        yield _Published("comparator", figure.comparator.label, None, figure.comparator.value)
    baseline = quantities.baseline_value(figure)
    if figure.baseline is not None and baseline is not None:
        yield _Published("baseline", figure.baseline.label, None, baseline)


def _same_period(a: _Published, b: _Published) -> bool:
    """The same period however it is written: '2023/24' and 'year ending March 2024' are one."""
    dates_a, dates_b = read_period(a.label), read_period(b.label)
    if dates_a is not None and dates_b is not None:
        return (dates_a.start, dates_a.end) == (dates_b.start, dates_b.end)
    if a.label != b.label:
        return False
    return a.end is None or b.end is None or a.end == b.end


def _reason(figure: FigureCommon, role: Role) -> str | None:
    if role == "comparator" and figure.comparator and figure.comparator.restated:
        return figure.comparator.restated
    return figure.revision.reason if figure.revision else None


def revisions(old: Statement, new: Statement) -> Iterator[RevisedValue]:
    """Values NEW gives for a period OLD already published, that differ from what OLD published."""
    old_figures = figures_by_id(old)
    for priority_id, content in new.priorities.items():
        for after in content.figures:
            if after.id not in old_figures:
                continue
            before = old_figures[after.id][1]
            if not same_unit(before, after):
                continue  # a new definition, reported as a change of kind, not a revision
            earlier = list(_published(before))
            for point in _published(after):
                match = next((e for e in earlier if _same_period(e, point)), None)
                if match is None or match.value == point.value:
                    continue
                yield RevisedValue(
                    priority=priority_id,
                    figure=after.id,
                    label=after.label,
                    period=point.label,
                    old_as=match.role,
                    new_as=point.role,
                    old=amount(before, match.value, match.role),
                    new=amount(after, point.value, point.role),
                    change=difference(after, match.value, point.value),
                    reason=_reason(after, point.role),
                )


def revision_warnings(new_statement: Statement, old_statement: Statement) -> list[Problem]:
    """A warning, located at the value in NEW's input file, for each revised value with no reason."""
    missing = [r for r in revisions(old_statement, new_statement) if r.reason is None]
    if not missing:
        return []
    doc = read_yaml(new_statement.path)
    problems = []
    for revision in missing:
        figure_path = _figure_path(doc, new_statement, revision.priority, revision.figure)
        at = (
            (*figure_path, "value")
            if revision.new_as == "value"
            else (*figure_path, revision.new_as, "value")
        )
        what = "" if revision.new_as == "value" else f" (its {revision.new_as})"
        if revision.new_as == "comparator":
            fix = (
                "add restated: to the comparator, saying why it differs from what was published "
                + _EXPLAINED
            )
        else:
            fix = (
                "add revision: with a reason: saying why it differs from what was published "
                + _EXPLAINED
            )
        problems.append(
            doc.problem(
                at,
                f"figure '{revision.figure}': the {revision.period} value{what} is "
                f"{revision.new.text}, but the {old_statement.label} edition published "
                f"{revision.old.text} — a revision with no reason given",
                fix,
                code="revision-without-reason",
                severity=Severity.WARNING,
            )
        )
    return sorted(problems)


def revision_warnings_against(statements: Sequence[Statement], old: Statement) -> list[Problem]:
    """The warnings of ``reportgen validate --against OLD`` for every validated statement."""
    return sorted({p for s in statements for p in revision_warnings(s, old)})


def folder_warnings(statements: Sequence[Statement]) -> list[Problem]:
    """The revision warnings between every two editions validated together, each against every
    earlier one: a baseline or comparator given different values in two editions of a folder."""
    ordered = sorted(statements, key=lambda s: s.label)
    return sorted(
        {
            p
            for i, new in enumerate(ordered)
            for old in ordered[:i]
            for p in revision_warnings(new, old)
        }
    )


def _figure_path(
    doc: YamlDocument, statement: Statement, priority_id: str, figure_id: str
) -> tuple[str | int, ...]:
    """Where a figure is written in the input file (the priority's key may be an alias)."""
    priorities = doc.data.get("priorities") if isinstance(doc.data, dict) else None
    for key, content in (priorities or {}).items():
        found = statement.register.resolve(str(key))
        if found is None or found.id != priority_id or not isinstance(content, dict):
            continue
        figures = content.get("figures")
        for index, figure in enumerate(figures if isinstance(figures, list) else []):
            if isinstance(figure, dict) and figure.get("id") == figure_id:
                return ("priorities", key, "figures", index)
        return ("priorities", key)
    return ()
