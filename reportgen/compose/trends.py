"""Which values a trend may join: one measure, defined and sourced alike, at regular intervals.

A trend is true before it is pretty. A line joins two values only when they measure the same
thing the same way: the same figure id, kind and unit, the same source, and no change of definition
between them. An edition whose comparator is restated (``comparator.restated``) marks such a change:
its own value and every later one follow the new definition, and so does the restated comparator
value it gives; the values before it follow the old one. A trend needs at least three values on the
current definition at regular intervals: periods of one length, each following the last with none
skipped. Values of the previous definition on the same grid are kept apart, as a separate line the
chart never joins to the current one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from reportgen import quantities
from reportgen.compose.phrases import period_months
from reportgen.read.model import ChangeFigure, FigureCommon, RankFigure, RateFigure
from reportgen.statement import Statement

__all__ = ["MIN_POINTS", "Point", "Restatement", "Trend", "find_figure", "find_trend"]

# Fewer values than this are a comparison, not a trend: two points say nothing about a direction
# that a key-figures table cannot say.
MIN_POINTS = 3


@dataclass(frozen=True)
class Point:
    """One value of a trend: the period it covers and the value the latest edition gave it."""

    period: str
    end: date
    value: Decimal


@dataclass(frozen=True)
class Restatement:
    """Where the measure's definition changed: the first period on the new one, and why."""

    first_period: str
    edition: str
    reason: str


@dataclass(frozen=True)
class Trend:
    """A figure's values across editions: the current definition's, and the previous one's apart."""

    figure: FigureCommon  # as this edition reports it: its label, unit and source
    points: tuple[Point, ...]  # the current definition, oldest first; at least MIN_POINTS
    earlier: tuple[Point, ...]  # the previous definition on the same grid, oldest first
    restatement: Restatement | None

    @property
    def periods(self) -> tuple[Point, ...]:
        """Every period the trend covers, oldest first, each once."""
        by_end = {p.end: p for p in (*self.earlier, *self.points)}
        return tuple(by_end[end] for end in sorted(by_end))


def find_figure(statement: Statement, figure_id: str) -> FigureCommon | None:
    for content in statement.priorities.values():
        for figure in content.figures:
            if figure.id == figure_id:
                return figure
    return None


def find_trend(figure: FigureCommon, history: Sequence[Statement], limit: int) -> Trend | None:
    """The figure's trend across the earlier editions in `history` and this one, or None.

    `history` holds only editions earlier than the figure's, oldest first; `limit` is the most
    periods a chart shows.
    """
    if not _plottable(figure):
        return None
    found: list[tuple[str, FigureCommon]] = [
        (str(s.label), match)
        for s in history
        if (match := find_figure(s, figure.id)) is not None and _same_measure(match, figure)
    ]
    found.append(("this", figure))
    breaks = [i for i, (_, f) in enumerate(found) if f.comparator and f.comparator.restated]
    last_break = breaks[-1] if breaks else 0
    previous_break = breaks[-2] if len(breaks) > 1 else 0
    current = _points(found[last_break:])
    earlier = _points(found[previous_break:last_break])
    restatement = None
    if breaks:
        edition, changed = found[last_break]
        comparator = changed.comparator
        assert comparator is not None and comparator.restated is not None
        first = changed.period.label
        old = earlier.get(comparator.label)
        if comparator.value is not None and old is not None:
            # The edition gives the previous period on the new definition too: a current value.
            current[comparator.label] = Point(comparator.label, old.end, comparator.value)
            first = comparator.label
        restatement = Restatement(first, edition, comparator.restated)
    run = _regular_run(sorted(current.values(), key=lambda p: p.end))[-limit:]
    if len(run) < MIN_POINTS:
        return None
    before = _continuing(run, sorted(earlier.values(), key=lambda p: p.end))
    room = limit - len(run) + (1 if before and before[-1].end == run[0].end else 0)
    before = before[len(before) - room :] if room > 0 else []
    # The change of definition is told wherever the chart shows it: a separate line, or a
    # restated value where an earlier edition first published another.
    shown = restatement is not None and (
        bool(before) or any(p.period == restatement.first_period for p in run[:1])
    )
    return Trend(figure, tuple(run), tuple(before), restatement if shown else None)


def _plottable(figure: FigureCommon) -> bool:
    """A level with a value: approximate figures ('more than 4,500') are not a series to plot."""
    return (
        not isinstance(figure, ChangeFigure | RankFigure)
        and quantities.value_of(figure) is not None
        and getattr(figure, "qualifier", None) is None
    )


def _same_measure(other: FigureCommon, figure: FigureCommon) -> bool:
    """Measured alike: same kind and unit (a rate's base and population) and the same source."""
    if type(other) is not type(figure) or other.source != figure.source or not _plottable(other):
        return False
    if isinstance(other, RateFigure) and isinstance(figure, RateFigure):
        return (other.per, other.population) == (figure.per, figure.population)
    return True


def _points(found: Sequence[tuple[str, FigureCommon]]) -> dict[str, Point]:
    """Each period's value; a later edition's value for a period replaces an earlier one's."""
    points: dict[str, Point] = {}
    for _, figure in found:
        value = quantities.value_of(figure)
        assert value is not None
        points[figure.period.label] = Point(figure.period.label, figure.period.end, value)
    return points


def _months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def _regular_run(points: Sequence[Point]) -> list[Point]:
    """The longest run ending with the latest point whose periods are of one length and follow
    each other at one interval, none skipped (an interval no longer than a period)."""
    if not points:
        return []
    latest = points[-1]
    length = period_months(latest.period)
    if length is None:
        return [latest]
    run = [latest]
    step: int | None = None
    for point in reversed(points[:-1]):
        gap = _months_between(point.end, run[0].end)
        if period_months(point.period) != length or gap <= 0 or gap > length:
            break
        if step is None:
            step = gap
        elif gap != step:
            break
        run.insert(0, point)
    return run


def _continuing(run: Sequence[Point], earlier: Sequence[Point]) -> list[Point]:
    """The previous definition's points that carry the run's grid back, oldest first: the period
    the run starts with (its value as first published), then one interval at a time."""
    if len(run) < 2 or not earlier:
        return []
    step = _months_between(run[0].end, run[1].end)
    length = period_months(run[0].period)
    kept: list[Point] = []
    anchor = run[0].end
    for point in reversed(earlier):
        if period_months(point.period) != length:
            break
        gap = _months_between(point.end, anchor)
        if gap == 0 and not kept:
            kept.insert(0, point)
            continue
        if gap != step:
            break
        kept.insert(0, point)
        anchor = point.end
    return kept
