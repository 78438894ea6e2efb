"""Which charts a priority gets, and what each says: its measures, headline, series and trend."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from reportgen import quantities
from reportgen.compose.charts import ChartSpec, Series, alt_text, data_table
from reportgen.compose.document import Cell, Chart, Table
from reportgen.read.model import (
    ChangeFigure,
    DurationFigure,
    FigureCommon,
    MoneyFigure,
    PercentageFigure,
    PriorityContent,
    RankFigure,
    RateFigure,
)
from reportgen.read.register import Priority
from reportgen.statement import Statement

__all__ = ["TREND_EDITIONS", "ChartChoice", "chart_block"]

# A trend shows at most this many editions (two years of quarters): more points stop being legible.
TREND_EDITIONS = 8


class ChartChoice:
    """Chooses and words the charts of one edition; `history` holds earlier editions, for trends."""

    def __init__(self, statement: Statement, history: Sequence[Statement]) -> None:
        self.force = statement.profile.force
        self.history = sorted(
            (s for s in history if s.label < statement.label), key=lambda s: s.label
        )

    def chart_specs(self, priority: Priority, content: PriorityContent) -> list[ChartSpec]:
        if content.chart is False:
            return []
        chosen = content.chart.figures if content.chart else None
        by_id = {f.id: f for f in content.figures}
        candidates: list[FigureCommon] = (
            [by_id[i] for i in chosen] if chosen else list(content.figures)
        )
        eligible: list[FigureCommon] = [
            f
            for f in candidates
            if quantities.value_of(f) is not None and not isinstance(f, RankFigure)
        ]
        title = content.chart.title if content.chart else None
        specs: list[ChartSpec] = []
        # A level with a comparator or baseline is drawn against it; a figure known only by its
        # percentage change joins the change chart; a chosen level with neither stands alone.
        changes = [f for f in eligible if not _has_comparison(f) and _percent_change(f) is not None]
        levels = [
            f
            for f in eligible
            if _is_level(f) and f not in changes and (_has_comparison(f) or chosen)
        ]
        groups: dict[tuple[str, int], list[FigureCommon]] = {}
        for figure in levels:
            groups.setdefault(_unit(figure), []).append(figure)
        for group in groups.values():
            specs.append(self.level_chart(priority, group, len(specs) + 1, title))
        if len(changes) >= 2 or (chosen and changes):
            specs.append(self.change_chart(priority, changes, len(specs) + 1, title))
        trend = self.trend_chart(priority, content.figures, len(specs) + 1)
        if trend:
            specs.append(trend)
        return specs

    def level_chart(
        self, priority: Priority, figures: list[FigureCommon], index: int, title: str | None
    ) -> ChartSpec:
        first = figures[0]
        series: list[Series] = []
        if all(f.baseline for f in figures):
            series.append(
                self._series(
                    _common_label([f.baseline.label for f in figures if f.baseline], "Baseline"),
                    [f.baseline.value if f.baseline else None for f in figures],
                    figures,
                )
            )
        if all(f.comparator and f.comparator.value is not None for f in figures):
            labels = [f.comparator.label for f in figures if f.comparator]
            series.append(
                self._series(
                    _common_label(labels, "Previous period"),
                    [f.comparator.value if f.comparator else None for f in figures],
                    figures,
                )
            )
        series.append(
            self._series(
                _common_label([f.period.label for f in figures], "Latest period"),
                [quantities.value_of(f) for f in figures],
                figures,
            )
        )
        return ChartSpec(
            id=f"{priority.id}-{index}",
            kind="bar",
            title=title or self.level_headline(figures),
            subtitle=f"{_unit_words(first)}, {self.force}, " + " and ".join(s.name for s in series),
            categories=tuple(f.label for f in figures),
            series=tuple(series),
            value_axis_label=_axis_label(first),
            source=_source_line(figures),
        )

    def _series(
        self, name: str, values: list[Decimal | None], figures: list[FigureCommon]
    ) -> Series:
        return Series(
            name,
            tuple(None if v is None else float(v) for v in values),
            tuple(
                quantities.NOT_AVAILABLE if v is None else _chart_label(f, v)
                for f, v in zip(figures, values, strict=True)
            ),
        )

    def level_headline(self, figures: list[FigureCommon]) -> str:
        """The message of the first (lead) measure, which the narrative is usually about."""
        figure = figures[0]
        found = quantities.change(figure)
        period = figure.period.label
        if found is None:
            value = quantities.value_of(figure)
            assert value is not None
            return f"{figure.label}: {quantities.formatted_value(figure)} in {period}"
        if found.direction == 0:
            return f"{figure.label} unchanged in {period}"
        verb = "fell" if found.direction < 0 else "rose"
        if found.absolute is not None:
            amount = quantities.change_amount(figure, found.absolute)
        else:
            assert found.percent is not None
            amount = f"{quantities.round_half_up(abs(found.percent)):f}%"
        return f"{figure.label} {verb} by {amount} in {period}"

    def change_chart(
        self, priority: Priority, figures: list[FigureCommon], index: int, title: str | None
    ) -> ChartSpec:
        percents = [_percent_change(f) for f in figures]
        period = _common_label([f.period.label for f in figures], "the latest period")
        directions = [0 if p is None or p == 0 else (1 if p > 0 else -1) for p in percents]
        comparators = [f.comparator.label for f in figures if f.comparator]
        compared = _common_label(comparators, "the previous period")
        return ChartSpec(
            id=f"{priority.id}-{index}",
            kind="bar",
            title=title or _direction_headline(directions, period),
            subtitle=f"Percentage change on {compared}, {self.force}",
            categories=tuple(_with_period(f, period) for f in figures),
            series=(
                Series(
                    period if period != "the latest period" else "Latest period",
                    tuple(None if p is None else float(p) for p in percents),
                    tuple(
                        quantities.NOT_AVAILABLE if p is None else quantities.signed_percent(p)
                        for p in percents
                    ),
                ),
            ),
            value_axis_label=f"Percentage change on {compared}",
            source=_source_line(figures),
        )

    def trend_chart(
        self, priority: Priority, figures: Sequence[FigureCommon], index: int
    ) -> ChartSpec | None:
        """The priority's lead measures across editions, where earlier editions report them the
        same way (same id, kind, unit and source). Up to four measures of one unit and a
        comparable size share one chart; the first measure with a history leads."""
        histories = [(f, h) for f in figures if (h := self._history(f))]
        if not histories:
            return None
        lead, _ = histories[0]
        group = [(f, h) for f, h in histories if _unit(f) == _unit(lead) and _comparable(f, lead)][
            :4
        ]
        ends: dict[str, date] = {}
        for _, points in group:
            for point in points:
                ends.setdefault(point.period.label, point.period.end)
        periods = sorted(ends, key=lambda label: ends[label])[-TREND_EDITIONS:]
        # Long period labels cannot sit side by side under the axis: name each by its last month.
        short = len(periods) > 4 or any(len(label) > 14 for label in periods)
        categories = [f"{ends[p]:%b %Y}" if short else p for p in periods]
        if short:
            span = f"periods ending {categories[0]} to {categories[-1]}"
        else:
            span = f"{periods[0]} to {periods[-1]}"
        series = []
        for figure, points in group:
            by_period = {p.period.label: p for p in points}
            values = [
                quantities.value_of(by_period[p]) if p in by_period else None for p in periods
            ]
            series.append(
                Series(
                    figure.label,
                    tuple(None if v is None else float(v) for v in values),
                    tuple(
                        quantities.NOT_AVAILABLE if v is None else _chart_label(figure, v)
                        for v in values
                    ),
                )
            )
        lead_points = [p for p in group[0][1] if p.period.label in periods]
        first, last = quantities.value_of(lead_points[0]), quantities.value_of(lead)
        assert first is not None and last is not None
        if last == first:
            title = f"{lead.label} unchanged at {_chart_label(lead, last)}"
        else:
            verb = "fell" if last < first else "rose"
            title = f"{lead.label} {verb} from {_chart_label(lead, first)} to {_chart_label(lead, last)}"
        return ChartSpec(
            id=f"{priority.id}-{index}",
            kind="line",
            title=title,
            subtitle=f"{_unit_words(lead)}, {self.force}, {span}, as reported in each "
            "edition of this statement",
            categories=tuple(categories),
            series=tuple(series),
            value_axis_label=_axis_label(lead),
            source=_source_line([p for _, points in group for p in points]),
        )

    def _history(self, figure: FigureCommon) -> list[FigureCommon]:
        """The figure as earlier editions reported it, then now; empty if it has no history."""
        # Approximate figures ('more than 4,500') are targets or estimates, not a series to plot.
        approximate = getattr(figure, "qualifier", None) is not None
        if not _is_level(figure) or quantities.value_of(figure) is None or approximate:
            return []
        points: list[FigureCommon] = []
        for earlier in self.history:
            match = _find_figure(earlier, figure.id)
            if (
                match is not None
                and type(match) is type(figure)
                and _unit(match) == _unit(figure)
                and match.source == figure.source
                and quantities.value_of(match) is not None
                and match.period.label not in [p.period.label for p in points]
                and match.period.label != figure.period.label
            ):
                points.append(match)
        return [*points[-(TREND_EDITIONS - 1) :], figure] if points else []


def chart_block(spec: ChartSpec, number: int, data_caption: str) -> Chart:
    """A chart with its caption, alt text and the table of exactly its plotted values."""
    header, rows = data_table(spec)
    return Chart(
        spec=spec,
        alt=alt_text(spec),
        caption=f"Figure {number}: {spec.title}",
        number=number,
        data=Table(
            caption=data_caption,
            header=header,
            rows=tuple(
                tuple(Cell(text, row_header=i == 0) for i, text in enumerate(row)) for row in rows
            ),
            purpose="chart-data",
            # The first column names the measure or period; every other holds a series' values.
            numeric=tuple(i > 0 for i in range(len(header))),
        ),
        source=spec.source,
        svg_name=f"figure-{number}-{spec.id}.svg",
        png_name=f"figure-{number}-{spec.id}.png",
    )


def _comparable(figure: FigureCommon, lead: FigureCommon) -> bool:
    """Within a factor of ten of the lead measure, so neither line is flattened by the other."""
    a, b = quantities.value_of(figure), quantities.value_of(lead)
    if a is None or b is None or a <= 0 or b <= 0:
        return a == b
    return max(a, b) / min(a, b) <= 10


def _is_level(figure: FigureCommon) -> bool:
    """A figure whose value can stand as a bar: a level, not a change or a position."""
    return not isinstance(figure, ChangeFigure | RankFigure)


def _has_comparison(figure: FigureCommon) -> bool:
    has_comparator = figure.comparator is not None and figure.comparator.value is not None
    return _is_level(figure) and (has_comparator or figure.baseline is not None)


def _percent_change(figure: FigureCommon) -> Decimal | None:
    found = quantities.change(figure)
    return found.percent if found else None


def _unit(figure: FigureCommon) -> tuple[str, int]:
    return (type(figure).__name__, figure.per if isinstance(figure, RateFigure) else 0)


def _unit_words(figure: FigureCommon) -> str:
    match figure:
        case RateFigure():
            return f"Rate per {quantities.RATE_BASES[figure.per]} {figure.population}"
        case PercentageFigure():
            return "Percentage"
        case MoneyFigure():
            return "Amount in pounds"
        case DurationFigure():
            return "Time in seconds"
        case _:
            return "Number"


def _axis_label(figure: FigureCommon) -> str:
    match figure:
        case RateFigure():
            return f"Per {quantities.RATE_BASES[figure.per]} {figure.population}"
        case PercentageFigure():
            return "Per cent"
        case MoneyFigure():
            return "Pounds"
        case DurationFigure():
            return "Seconds"
        case _:
            return "Number"


def _chart_label(figure: FigureCommon, value: Decimal) -> str:
    """A value as a direct label: the number in the figure's format, without the rate's words."""
    if isinstance(figure, RateFigure):
        return quantities.change_amount(figure, value)
    return quantities.magnitude(figure, value)


def _common_label(labels: list[str], fallback: str) -> str:
    return labels[0] if labels and all(label == labels[0] for label in labels) else fallback


def _with_period(figure: FigureCommon, common: str) -> str:
    return (
        figure.label if figure.period.label == common else f"{figure.label} ({figure.period.label})"
    )


def _direction_headline(directions: list[int], period: str) -> str:
    total = len(directions)
    falls = directions.count(-1)
    rises = directions.count(1)
    if falls == total:
        return (
            f"Every measure shown fell in {period}"
            if total > 1
            else f"The measure fell in {period}"
        )
    if rises == total:
        return (
            f"Every measure shown rose in {period}"
            if total > 1
            else f"The measure rose in {period}"
        )
    if falls + rises == 0:
        return f"No measure shown changed in {period}"
    return f"{falls} of {total} measures shown fell in {period}"


def _source_line(figures: Sequence[FigureCommon]) -> str:
    sources: list[str] = []
    for figure in figures:
        if figure.source and figure.source not in sources:
            sources.append(figure.source)
    return "Source: " + "; ".join(sources) if sources else "Source: not stated"


def _find_figure(statement: Statement, figure_id: str) -> FigureCommon | None:
    for content in statement.priorities.values():
        for figure in content.figures:
            if figure.id == figure_id:
                return figure
    return None
