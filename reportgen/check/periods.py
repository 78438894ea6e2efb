"""Checks periods: labels against their dates, and comparisons made like for like."""

from __future__ import annotations

from collections.abc import Iterator

from reportgen.dates import long_date
from reportgen.problems import DataPath, Problem, Severity
from reportgen.read.model import Edition, FigureCommon, Period
from reportgen.read.periods import PeriodDates, read_period
from reportgen.read.source import YamlDocument

WARNING = Severity.WARNING


def label_problems(
    doc: YamlDocument, path: DataPath, period: Period, name: str
) -> Iterator[Problem]:
    """A label that names other dates than the ones written beside it: one of them is wrong."""
    read = read_period(period.label)
    if read is None or read.agrees(period.end, period.start):
        return
    written = long_date(period.end)
    if period.start is not None and period.start != read.start:
        written = f"{long_date(period.start)} to {written}"
        what = "its dates are"
    else:
        what = "its end date is"
    yield doc.problem(
        (*path, "label"),
        f"{name}: the period '{period.label}' {_reads_as(read)}, but {what} {written}",
        "correct the label or the dates (leave the dates out when the label says them)",
        code="period-label-dates",
    )


def edition_period_problems(doc: YamlDocument, edition: Edition) -> Iterator[Problem]:
    if edition.period is not None:
        yield from label_problems(doc, ("period",), edition.period, "the edition")


def like_for_like(doc: YamlDocument, path: DataPath, figure: FigureCommon) -> Iterator[Problem]:
    """Warn where a figure is compared with a period of another length, or one it overlaps."""
    name = f"figure '{figure.id}'"
    own = read_period(figure.period.label)
    if own is None:
        own = PeriodDates(figure.period.start, figure.period.end)
    for part, reference in (("comparator", figure.comparator), ("baseline", figure.baseline)):
        if reference is None:
            continue
        other = read_period(reference.label)
        if other is None or own.start is None or other.start is None:
            continue  # a point in time, or a label only a reader can interpret
        where_: DataPath = (*path, part, "label")
        if not own.same_length(other):
            yield doc.problem(
                where_,
                f"{name}: the {part} period '{reference.label}' ({_length(other)}) is not the "
                f"same length as the period '{figure.period.label}' ({_length(own)})",
                "compare like with like: give the same length of period a year earlier, or "
                "say so in the figure's note",
                code="unlike-periods",
                severity=WARNING,
            )
        elif own.overlaps(other):
            yield doc.problem(
                where_,
                f"{name}: the {part} period '{reference.label}' ({other}) overlaps the period "
                f"'{figure.period.label}' ({own})",
                "compare with a period that ends before this one starts, such as the same "
                "period a year earlier",
                code="overlapping-periods",
                severity=WARNING,
            )


def _reads_as(read: PeriodDates) -> str:
    if read.start is None:
        if read.earliest_end is not None:
            return f"names a day from {long_date(read.earliest_end)} to {long_date(read.end)}"
        return f"is {long_date(read.end)}"
    return f"runs from {long_date(read.start)} to {long_date(read.end)}"


def _length(period: PeriodDates) -> str:
    months = period.months
    if months is not None:
        return "1 month" if months == 1 else f"{months} months"
    return f"{period.days} days"
