"""The horizontal grouped bar chart: bars from zero, each labelled with its value."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from reportgen.compose.charts import ChartSpec, printed
from reportgen.render.chart_layout import (
    CATEGORY_SIZE,
    CATEGORY_WRAP,
    DATA_LABEL_SIZE,
    FIG_WIDTH,
    GRID_CLEARANCE,
    LABEL_GAP_PT,
    PAD_BOTTOM,
    PAD_LEFT,
    PAD_RIGHT,
    PAD_TOP,
    SLACK,
    Layout,
    draw_gridlines,
    font_of,
    format_tick,
    nice_ticks,
    wrap_chars,
)
from reportgen.render.house import CHART_PALETTES, INK, SECONDARY_INK

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def _solve_bar_scale(
    items: Sequence[tuple[float, float]], width: float, gap: float
) -> tuple[float, float]:
    """Largest scale (inches per unit) at which every bar and its label fit *width*.

    *items* are (value, label width in inches); a label sits *gap* inches beyond the
    bar end, to the right of positive bars and to the left of negative ones (missing
    values count as 0).  Returns (scale, zero position in inches from the axes' left).
    """
    positive = [(v, w) for v, w in items if v >= 0]
    negative = [(-v, w) for v, w in items if v < 0]
    bounds = [(width - gap - w) / v for v, w in positive if v > 0]
    bounds += [(width - gap - w) / a for a, w in negative]
    bounds += [(width - 2 * gap - wn - wp) / (a + v) for a, wn in negative for v, wp in positive]
    biggest = max((abs(v) for v, _w in items), default=0.0)
    # With nothing but zeros the axis shows 0 to 1.  Otherwise bars never vanish: if the
    # labels are too long for the space (the caller tries two-line labels first), the
    # longest bar keeps a third of the width.
    scale = width if not bounds or biggest == 0 else max(min(bounds), width / (3 * biggest))
    zero = max([0.0, *(gap + w + a * scale for a, w in negative)])
    return scale, min(zero, width)


class BarChart:
    def __init__(self, spec: ChartSpec, figure: Figure) -> None:
        self.spec = spec
        self.figure = figure
        self.layout = Layout(spec, figure)
        self.label_font = font_of(DATA_LABEL_SIZE)
        self.category_font = font_of(CATEGORY_SIZE)
        self.colours = CHART_PALETTES[len(spec.series)]

    def label_text(self, k: int, i: int, two_lines: bool) -> str:
        series = self.spec.series[k]
        value = printed(series, i)
        if len(self.spec.series) == 1:
            return value
        return f"{series.name}:{chr(10) if two_lines else ' '}{value}"

    def build(self) -> None:
        spec, layout = self.spec, self.layout
        n_series = len(spec.series)
        gap = LABEL_GAP_PT / 72

        categories = [wrap_chars(c, CATEGORY_WRAP) for c in spec.categories]
        category_sizes = [layout.measure(c, self.category_font) for c in categories]
        category_width = max(s.width for s in category_sizes)
        axes_left = PAD_LEFT + category_width + 0.14
        axes_width = FIG_WIDTH - PAD_RIGHT - axes_left

        def attempt(two_lines: bool) -> tuple[float, float, list[list[str]]]:
            texts = [
                [self.label_text(k, i, two_lines) for i in range(len(spec.categories))]
                for k in range(n_series)
            ]
            items = [
                (
                    spec.series[k].values[i] or 0.0,
                    layout.measure(texts[k][i], self.label_font).width + SLACK,
                )
                for k in range(n_series)
                for i in range(len(spec.categories))
            ]
            scale, zero = _solve_bar_scale(items, axes_width, gap)
            return scale, zero, texts

        values = [abs(v) for s in spec.series for v in s.values if v is not None]
        biggest = max(values, default=0.0)
        scale, zero, texts = attempt(two_lines=False)
        two_lines = False
        if n_series > 1 and biggest > 0 and scale * biggest < 0.45 * axes_width:
            scale2, zero2, texts2 = attempt(two_lines=True)
            if scale2 > scale * 1.15:
                scale, zero, texts, two_lines = scale2, zero2, texts2, True

        # Vertical geometry, in inches: the y data unit is one inch (axes height = total).
        label_line = layout.measure("Ag", self.label_font).height
        bar_height = max(0.24, label_line * (2.1 if two_lines else 1.0) + 0.07)
        bar_gap = 0.04
        group_pad = 0.26
        edge_pad = 0.14
        positions: list[list[float]] = []
        centres: list[float] = []
        y = edge_pad
        for size in category_sizes:
            inner = n_series * bar_height + (n_series - 1) * bar_gap
            group = max(inner, size.height + 0.04)
            top = y + (group - inner) / 2
            positions.append(
                [top + k * (bar_height + bar_gap) + bar_height / 2 for k in range(n_series)]
            )
            centres.append(y + group / 2)
            y += group + group_pad
        axes_height = y - group_pad + edge_pad

        # Value axis ticks and labels below the plot.
        x0, x1 = -zero / scale, (axes_width - zero) / scale
        step_ticks = nice_ticks(x0, x1)
        step = step_ticks[1] - step_ticks[0] if len(step_ticks) > 1 else 1.0
        ticks: list[float] = []
        tick_labels: list[str] = []
        for tick in step_ticks:
            if tick < x0 - 1e-9 * step or tick > x1 + 1e-9 * step:
                continue
            text = format_tick(tick, step)
            half = layout.line_width(text, layout.tick_font) / 2
            where = axes_left + (tick - x0) * scale
            if where + half > FIG_WIDTH - 0.02:
                continue
            ticks.append(tick)
            tick_labels.append(text)
        tick_height = layout.measure("0", layout.tick_font).height + 4 / 72
        axis_label = layout.wrap_to_width(spec.value_axis_label, layout.axis_label_font, axes_width)
        axis_label_height = layout.measure(axis_label, layout.axis_label_font).height

        # The caption above and the source line below are the document's, not the image's.
        below = tick_height + 0.08 + axis_label_height + PAD_BOTTOM
        figure_height = PAD_TOP + axes_height + below
        self.figure.set_size_inches(FIG_WIDTH, figure_height)
        axes = layout.add_axes(axes_left, below, axes_width, axes_height)
        axes.set_xlim(x0, x1)
        axes.set_ylim(axes_height, 0)
        layout.value_ticks(axes, ticks, tick_labels, below=True)
        axes.spines["left"].set_visible(False)
        axes.spines["bottom"].set_visible(False)
        gaps = self._grid_gaps(texts, positions, scale)
        draw_gridlines(axes, ticks, (0.0, axes_height), gaps, vertical=True)

        self.figure.text(
            axes_left + axes_width / 2,
            PAD_BOTTOM,
            axis_label,
            transform=self.figure.dpi_scale_trans,
            fontproperties=layout.axis_label_font,
            color=SECONDARY_INK,
            ha="center",
            va="bottom",
            multialignment="center",
            gid=layout.gid("value-axis-label"),
            parse_math=False,
        )

        from matplotlib.transforms import blended_transform_factory

        category_transform = blended_transform_factory(axes.transAxes, axes.transData)
        for i, (text, centre) in enumerate(zip(categories, centres, strict=True)):
            axes.text(
                -0.12 / axes_width,
                centre,
                text,
                transform=category_transform,
                fontproperties=self.category_font,
                color=INK,
                ha="right",
                va="center",
                multialignment="right",
                gid=layout.gid("category", i),
                parse_math=False,
            )

        for k, series in enumerate(spec.series):
            colour = self.colours[k]
            for i, value in enumerate(series.values):
                y_centre = positions[i][k]
                if value is not None:
                    (bar,) = axes.barh(
                        [y_centre],
                        [value],
                        height=bar_height,
                        left=0,
                        color=colour,
                        linewidth=0,
                    ).patches
                    bar.set_gid(layout.gid("bar", k, i))
                negative = value is not None and value < 0
                axes.annotate(
                    texts[k][i],
                    xy=(value or 0.0, y_centre),
                    xytext=(-LABEL_GAP_PT if negative else LABEL_GAP_PT, 0),
                    textcoords="offset points",
                    ha="right" if negative else "left",
                    va="center",
                    multialignment="right" if negative else "left",
                    fontproperties=self.label_font,
                    color=SECONDARY_INK,
                    annotation_clip=False,
                    gid=layout.gid("label", k, i),
                    parse_math=False,
                )
        axes.axvline(0, color=SECONDARY_INK, linewidth=1.0, zorder=2.5)

    def _grid_gaps(
        self, texts: list[list[str]], positions: list[list[float]], scale: float
    ) -> list[tuple[float, float, float, float]]:
        """Where the gridlines must break: every value label, in data units."""
        gaps = []
        for k, series in enumerate(self.spec.series):
            for i, value in enumerate(series.values):
                end = value or 0.0
                size = self.layout.measure(texts[k][i], self.label_font)
                near = LABEL_GAP_PT / 72 - GRID_CLEARANCE
                far = LABEL_GAP_PT / 72 + size.width + GRID_CLEARANCE
                across = (end - far / scale, end - near / scale)
                if end >= 0:
                    across = (end + near / scale, end + far / scale)
                half = size.height / 2 + GRID_CLEARANCE
                gaps.append((*across, positions[i][k] - half, positions[i][k] + half))
        return gaps
