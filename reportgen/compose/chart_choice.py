"""Which charts a priority gets, and what each says: its measures, headline, series and trend.

A chart is drawn only where it shows what the key-figures table cannot (docs/statement-design.md):
a trend across editions, or a comparison the edition asks for by naming figures under `chart`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from reportgen import quantities
from reportgen.compose.charts import NO_VALUE, ChartSpec, Series, alt_text, data_table
from reportgen.compose.document import Cell, Chart, Table
from reportgen.compose.headlines import (
    change_headline,
    comparison_headline,
    level_headline,
    trend_headline,
)
from reportgen.compose.phrases import and_list, compared
from reportgen.compose.trends import Point, Restatement, find_trend
from reportgen.compose.wording import Phrasebook
from reportgen.dates import NOT_AVAILABLE
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

__all__ = ["TREND_EDITIONS", "ChartChoice", "PlannedChart", "chart_block"]

# A trend shows at most this many periods (two years of quarters): more points stop being legible.
TREND_EDITIONS = 8
# Series names where the measures' periods differ, so no one period can name the series.
EARLIER_FIGURE = "Earlier figure"
LATEST_FIGURE = "Latest figure"
PERCENTAGE_CHANGE = "Percentage change"
# A trend chart shows at most this many measures, each a line.
TREND_MEASURES = 4
CURRENT_DEFINITION = "Current definition"
EARLIER_DEFINITION = "Earlier definition"


@dataclass(frozen=True)
class PlannedChart:
    """A chart to draw and, for a trend across a change of definition, that change."""

    spec: ChartSpec
    restatement: Restatement | None = None
    measure: str = ""  # the restated measure's label


class ChartChoice:
    """Chooses and words the charts of one edition; `history` holds earlier editions, for trends."""

    def __init__(self, statement: Statement, history: Sequence[Statement], say: Phrasebook) -> None:
        self.force = statement.profile.force
        self.say = say
        self.history = sorted(
            (s for s in history if s.label < statement.label), key=lambda s: s.label
        )

    def _source_line(self, figures: Sequence[FigureCommon]) -> str:
        """'Source: A; B.', worded as under a key-figures table."""
        sources: list[str] = []
        for figure in figures:
            if figure.source and figure.source not in sources:
                sources.append(figure.source)
        return self.say("shared_source", source="; ".join(sources) or "not stated")

    def charts(self, priority: Priority, content: PriorityContent) -> list[PlannedChart]:
        """The comparison the edition asks for (if any), then the trend (if there is one)."""
        if content.chart is False:
            return []
        choice = content.chart
        planned = [
            PlannedChart(spec)
            for spec in self.comparisons(priority, content, choice.figures if choice else None)
        ]
        # A headline set in the edition replaces the generated one of the chart it names: the
        # comparison's first chart, or the trend.
        if planned and choice and choice.title:
            planned[0] = _retitled(planned[0], choice.title)
        trend = self.trend_chart(priority, content.figures, len(planned) + 1)
        if trend is not None:
            if choice and choice.trend_title:
                trend = _retitled(trend, choice.trend_title)
            planned.append(trend)
        return planned

    def comparisons(
        self, priority: Priority, content: PriorityContent, chosen: Sequence[str] | None
    ) -> list[ChartSpec]:
        """The charts of the figures the edition names: levels against their comparator or
        baseline, one chart per unit; figures known by a percentage change on one chart."""
        if not chosen:
            return []
        by_id = {f.id: f for f in content.figures}
        eligible = [
            by_id[i]
            for i in chosen
            if quantities.value_of(by_id[i]) is not None and not isinstance(by_id[i], RankFigure)
        ]
        changes = [f for f in eligible if not _has_comparison(f) and _percent_change(f) is not None]
        groups: dict[tuple[str, int], list[FigureCommon]] = {}
        for figure in eligible:
            if _is_level(figure) and figure not in changes:
                groups.setdefault(_unit(figure), []).append(figure)
        # Measures of very different size are drawn on charts of their own: on one axis, a
        # count in the hundreds would be a sliver beside one in the tens of thousands.
        parts = [part for group in groups.values() for part in _by_size(group)]
        specs = [self.level_chart(priority, part, i + 1) for i, part in enumerate(parts)]
        if changes:
            specs.append(self.change_chart(priority, changes, len(specs) + 1))
        return specs

    def level_chart(self, priority: Priority, figures: list[FigureCommon], index: int) -> ChartSpec:
        first = figures[0]
        series: list[Series] = []
        if all(f.baseline and quantities.baseline_value(f) is not None for f in figures):
            series.append(
                self._series(
                    [f.baseline.label if f.baseline else "" for f in figures],
                    "Baseline",
                    [quantities.baseline_value(f) for f in figures],
                    figures,
                )
            )
        if all(f.comparator and f.comparator.value is not None for f in figures):
            series.append(
                self._series(
                    [f.comparator.label if f.comparator else "" for f in figures],
                    EARLIER_FIGURE,
                    [f.comparator.value if f.comparator else None for f in figures],
                    figures,
                )
            )
        series.append(
            self._series(
                [f.period.label for f in figures],
                LATEST_FIGURE,
                [quantities.value_of(f) for f in figures],
                figures,
            )
        )
        return ChartSpec(
            id=f"{priority.id}-{index}",
            kind="bar",
            # With an earlier value, the lead measure's change is the message; with none, the
            # chart sets measures side by side and the headline names them all.
            title=level_headline(first) if len(series) > 1 else comparison_headline(figures),
            subtitle=_level_subtitle(_unit_words(first), [s.name for s in series], self.force),
            categories=tuple(f.label for f in figures),
            series=tuple(series),
            value_axis_label=_axis_label(first),
            source=self._source_line(figures),
        )

    def _series(
        self,
        periods: list[str],
        fallback: str,
        values: list[Decimal | None],
        figures: list[FigureCommon],
    ) -> Series:
        """A series named by its period; where the bars' periods differ, each bar names its own."""
        name = _common_label(periods, fallback)
        return Series(
            name,
            tuple(None if v is None else float(v) for v in values),
            tuple(
                NOT_AVAILABLE
                if v is None
                else _chart_label(f, v) + ("" if name == period else f" ({period})")
                for f, v, period in zip(figures, values, periods, strict=True)
            ),
        )

    def change_chart(
        self, priority: Priority, figures: Sequence[FigureCommon], index: int
    ) -> ChartSpec:
        percents = [_percent_change(f) for f in figures]
        period = _common_label([f.period.label for f in figures], "")
        earlier = _common_label([f.comparator.label for f in figures if f.comparator], "")
        span = compared(earlier, period) if period and earlier else None
        if span and all(f.comparator for f in figures):
            what = f"Percentage change {span}, by measure"
        else:
            what = "Percentage change on each measure's earlier period"
        return ChartSpec(
            id=f"{priority.id}-{index}",
            kind="bar",
            title=change_headline(figures, percents),
            subtitle=f"{what}, {self.force}",
            categories=tuple(_with_period(f, period) for f in figures),
            series=(
                Series(
                    PERCENTAGE_CHANGE,
                    tuple(None if p is None else float(p) for p in percents),
                    tuple(
                        NOT_AVAILABLE if p is None else quantities.signed_percent(p)
                        for p in percents
                    ),
                ),
            ),
            value_axis_label=f"Percentage change on {earlier}" if earlier else "Percentage change",
            source=self._source_line(figures),
        )

    def trend_chart(
        self, priority: Priority, figures: Sequence[FigureCommon], index: int
    ) -> PlannedChart | None:
        """The priority's first measure with a trend, across editions. Measures with trends over
        the same periods, of one unit and a comparable size, join it (at most four lines); a trend
        across a change of definition is drawn alone, as two lines that never join."""
        trends = [t for f in figures if (t := find_trend(f, self.history, TREND_EDITIONS))]
        if not trends:
            return None
        lead = trends[0]
        ends = [p.end for p in lead.periods]
        group = [lead]
        if lead.restatement is None:
            group += [
                t
                for t in trends[1:]
                if t.restatement is None
                and [p.end for p in t.periods] == ends
                and _unit(t.figure) == _unit(lead.figure)
                and _comparable(t.figure, lead.figure)
            ][: TREND_MEASURES - 1]
        periods = [p.period for p in lead.periods]
        # Long period labels cannot sit side by side under the axis: name each by its last month.
        short = len(periods) > 4 or any(len(label) > 14 for label in periods)
        categories = [f"{p.end:%b %Y}" if short else p.period for p in lead.periods]
        if lead.restatement is not None:
            series = [
                _trend_series(CURRENT_DEFINITION, lead.figure, lead.points, ends),
                _trend_series(EARLIER_DEFINITION, lead.figure, lead.earlier, ends),
            ]
        else:
            series = [_trend_series(t.figure.label, t.figure, t.points, ends) for t in group]
        first, last = lead.points[0], lead.points[-1]
        what = lead.figure.label if len(group) == 1 else f"{_unit_words(lead.figure)}, by measure"
        apart = ", the earlier definition drawn apart" if lead.restatement else ""
        spec = ChartSpec(
            id=f"{priority.id}-{index}",
            kind="line",
            title=trend_headline(
                lead.figure.label, (first.period, first.value), (last.period, last.value)
            ),
            subtitle=f"{what}, {periods[0]} to {periods[-1]}, {self.force}{apart}",
            categories=tuple(categories),
            series=tuple(series),
            value_axis_label=_axis_label(lead.figure),
            source=self._source_line([t.figure for t in group]),
        )
        return PlannedChart(spec, lead.restatement, lead.figure.label)


def _trend_series(
    name: str, figure: FigureCommon, points: Sequence[Point], ends: Sequence[date]
) -> Series:
    """A line over every period of the chart, with a gap where it has no value."""
    by_end = {p.end: p.value for p in points}
    values = [by_end.get(end) for end in ends]
    return Series(
        name,
        tuple(None if v is None else float(v) for v in values),
        tuple(NO_VALUE if v is None else _chart_label(figure, v) for v in values),
    )


def _retitled(planned: PlannedChart, title: str) -> PlannedChart:
    """The chart under the headline staff set in the edition."""
    return replace(planned, spec=replace(planned.spec, title=title))


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
    """What a chart of the figure's kind plots, as the start of its subtitle."""
    match figure:
        case RateFigure():
            return f"Rates per {quantities.RATE_BASES[figure.per]} {figure.population}"
        case PercentageFigure():
            return "Percentages"
        case MoneyFigure():
            return "Amounts in pounds"
        case DurationFigure():
            return "Times"
        case _:
            return "Numbers"


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


# Beyond this ratio of largest to smallest, bars on one axis stop being readable.
SIZE_RATIO = 20


def _by_size(figures: list[FigureCommon]) -> list[list[FigureCommon]]:
    """The figures in groups of similar size, each keeping the order the edition gave."""
    groups: list[tuple[list[FigureCommon], list[Decimal]]] = []
    for figure in figures:
        size = _size(figure)
        for members, sizes in groups:
            together = [n for n in (*sizes, size) if n > 0]
            if not together or max(together) <= SIZE_RATIO * min(together):
                members.append(figure)
                sizes.append(size)
                break
        else:
            groups.append(([figure], [size]))
    return [members for members, _ in groups]


def _size(figure: FigureCommon) -> Decimal:
    values = (
        quantities.value_of(figure),
        figure.comparator.value if figure.comparator else None,
        quantities.baseline_value(figure),
    )
    return max((abs(v) for v in values if v is not None), default=Decimal(0))


def _level_subtitle(unit: str, names: list[str], force: str) -> str:
    """What a level chart plots: its series by period ("numbers, 2023/24 and 2024/25, by measure")
    or, where the measures' periods differ and each bar names its own, by what they are ("numbers,
    the earlier and latest figures of each measure, each for its own period")."""
    if LATEST_FIGURE in names:
        kinds = ["baselines"] if "Baseline" in names else []
        kinds += ["earlier"] if EARLIER_FIGURE in names else []
        figures = f"the {and_list([*kinds, 'latest'])} figures"
        return f"{unit}, {figures} of each measure, each for its own period, {force}"
    return f"{unit}, {and_list([_in_subtitle(n) for n in names])}, by measure, {force}"


def _in_subtitle(name: str) -> str:
    """A series name mid-sentence: 'baseline', but '2023/24' and 'Q3 2024-25' as written."""
    words = {"Baseline": "baselines", EARLIER_FIGURE: "earlier figures"}
    return words.get(name, name)


def _common_label(labels: list[str], fallback: str) -> str:
    return labels[0] if labels and all(label == labels[0] for label in labels) else fallback


def _with_period(figure: FigureCommon, common: str) -> str:
    return (
        figure.label if figure.period.label == common else f"{figure.label} ({figure.period.label})"
    )
