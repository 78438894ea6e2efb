"""The line chart: trends across editions, each line labelled at its end so no key is needed."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reportgen.compose.charts import NO_VALUE, ChartSpec
from reportgen.dates import NOT_AVAILABLE
from reportgen.render.chart_layout import (
    CATEGORY_SIZE,
    FIG_WIDTH,
    GRID_CLEARANCE,
    LINE_LABEL_SIZE,
    MARKERS,
    PAD_BOTTOM,
    PAD_LEFT,
    PAD_RIGHT,
    PAD_TOP,
    SERIES_NAME_WRAP,
    Layout,
    Size,
    draw_gridlines,
    font_of,
    format_tick,
    nice_ticks,
    wrap_chars,
)
from reportgen.render.house import CHART_PALETTES, INK, SECONDARY_INK

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in inches


def _overlap(a: _Rect, b: _Rect) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return width * height if width > 0 and height > 0 else 0.0


def _segment_hits(rect: _Rect, p: tuple[float, float], q: tuple[float, float]) -> bool:
    """Whether segment p-q passes through *rect* (Liang-Barsky clipping)."""
    x0, y0, x1, y1 = rect
    dx, dy = q[0] - p[0], q[1] - p[1]
    low, high = 0.0, 1.0
    for step, distance in ((-dx, p[0] - x0), (dx, x1 - p[0]), (-dy, p[1] - y0), (dy, y1 - p[1])):
        if step == 0:
            if distance < 0:
                return False
            continue
        t = distance / step
        if step < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return False
    return True


@dataclass(frozen=True)
class _Frame:
    """Where a line chart's data sit, in inches from the axes' lower-left corner."""

    x0: float
    x1: float
    width: float
    bottom: float
    top: float
    height: float

    def to_inches(self, x: float, y: float) -> tuple[float, float]:
        return (
            (x - self.x0) * self.width / (self.x1 - self.x0),
            (y - self.bottom) * self.height / (self.top - self.bottom),
        )

    def to_data(self, x: float, y: float) -> tuple[float, float]:
        return (
            self.x0 + x * (self.x1 - self.x0) / self.width,
            self.bottom + y * (self.top - self.bottom) / self.height,
        )


@dataclass(frozen=True)
class _LinePlan:
    frame: _Frame
    labels: dict[tuple[int, int], _Rect]  # (series, period) -> where its label goes
    names: dict[int, float]  # series -> vertical centre of its end name
    conflicts: int  # labels that touch another label, a marker or a line
    cost: float


class LineChart:
    _SWATCH = 0.24  # a short stretch of the series' line and marker before its end name
    _NAME_OFFSET = 0.1  # from the last point to the swatch
    _NAME_GAP = 0.06  # from the swatch to the name
    _MARKER_RADIUS = 3.5 / 72

    def __init__(self, spec: ChartSpec, figure: Figure) -> None:
        self.spec = spec
        self.figure = figure
        self.layout = Layout(spec, figure)
        self.label_font = font_of(LINE_LABEL_SIZE)
        self.name_font = font_of(CATEGORY_SIZE, "bold")
        self.category_font = font_of(CATEGORY_SIZE)
        self.colours = CHART_PALETTES[len(spec.series)]

    def build(self) -> None:
        spec, layout = self.spec, self.layout
        n_series = len(spec.series)
        n_points = len(spec.categories)
        several = n_series > 1

        # Value range: from zero (both signs if there are negative values).
        values = [v for s in spec.series for v in s.values if v is not None]
        low = min([0.0, *values])
        high = max([0.0, *values])
        if high == low:
            high = low + 1.0
        ticks = nice_ticks(low, high)
        bottom = max(t for t in ticks if t <= low + 1e-12)
        top = min(t for t in ticks if t >= high - 1e-12)
        step = ticks[1] - ticks[0]
        tick_width = max(layout.line_width(format_tick(t, step), layout.tick_font) for t in ticks)

        # Horizontal geometry: y tick labels | plot | swatch and series name.
        names = [wrap_chars(s.name, SERIES_NAME_WRAP) for s in spec.series]
        name_sizes = [layout.measure(n, self.name_font) for n in names]
        name_block = self._SWATCH + self._NAME_GAP + max(size.width for size in name_sizes)
        axes_left = PAD_LEFT + tick_width + 0.1
        room = FIG_WIDTH - PAD_RIGHT - axes_left
        half_label = (
            max(
                (
                    layout.measure(s.labels[i], self.label_font).width
                    for s in spec.series
                    for i in range(n_points)
                    if s.values[i] is not None
                ),
                default=0.0,
            )
            / 2
            + 0.03
        )
        axes_width = room - self._NAME_OFFSET - name_block + half_label
        if n_points > 1:
            per_point = (axes_width - 2 * half_label) / (n_points - 1)
            x0, x1 = -half_label / per_point, n_points - 1 + half_label / per_point
            column = per_point * 0.95
        else:
            x0, x1 = -1.0, 1.0
            column = axes_width

        # Labels: the printed value, or "not available" (naming the series if there are
        # several, since there is no line there to tell which series is missing).
        label_texts = [
            [
                self.layout.wrap_to_width(
                    f"{s.name}: {NOT_AVAILABLE}" if several else NOT_AVAILABLE,
                    self.label_font,
                    max(column, 1.4),
                )
                if s.values[i] is None
                else s.labels[i]
                for i in range(n_points)
            ]
            for s in spec.series
        ]
        label_sizes = [[layout.measure(t, self.label_font) for t in row] for row in label_texts]

        # Vertical geometry: try taller plots until every label has a clear place.
        label_line = layout.measure("Ag", self.label_font).height
        headroom = label_line + self._MARKER_RADIUS + 0.08
        # Short enough to sit on a page with its text; taller only if labels would clash.
        base_height = 2.4 if n_series <= 2 else 2.9
        plan: _LinePlan | None = None
        for stretch in (1.0, 1.3, 1.7):
            axes_height = base_height * stretch
            # Room above the highest point for its label: top' - high >= headroom / scale.
            top_here = top
            if (top - high) * axes_height / (top - bottom) < headroom:
                top_here = (high - headroom * bottom / axes_height) / (1 - headroom / axes_height)
            frame = _Frame(x0, x1, axes_width, bottom, top_here, axes_height)
            attempt = self._plan(frame, label_sizes, name_sizes, name_block)
            if plan is None or (attempt.conflicts, attempt.cost) < (plan.conflicts, plan.cost):
                plan = attempt
            if attempt.conflicts == 0:
                break
        assert plan is not None
        frame = plan.frame
        shown_ticks = [t for t in ticks if frame.bottom - 1e-12 <= t <= frame.top + 1e-12]

        # Period labels under the axis, wrapped to their column.
        categories = [layout.wrap_to_width(c, self.category_font, column) for c in spec.categories]
        category_height = max(layout.measure(c, self.category_font).height for c in categories)
        axis_label = layout.wrap_to_width(
            spec.value_axis_label, layout.axis_label_font, layout.text_width
        )
        axis_label_height = layout.measure(axis_label, layout.axis_label_font).height

        # The caption above and the source line below are the document's, not the image's.
        above = PAD_TOP + axis_label_height + 0.1
        below = 0.08 + category_height + PAD_BOTTOM
        figure_height = above + frame.height + below
        self.figure.set_size_inches(FIG_WIDTH, figure_height)
        axes_bottom = below
        axes = layout.add_axes(axes_left, axes_bottom, frame.width, frame.height)
        axes.set_xlim(frame.x0, frame.x1)
        axes.set_ylim(frame.bottom, frame.top)
        layout.value_ticks(
            axes, shown_ticks, [format_tick(t, step) for t in shown_ticks], below=False
        )
        axes.spines["left"].set_visible(False)
        axes.spines["bottom"].set_color(SECONDARY_INK)
        label_boxes = self._grid_gaps(plan, name_sizes, name_block)
        draw_gridlines(axes, shown_ticks, (frame.x0, frame.x1), label_boxes, vertical=False)
        if frame.bottom < 0:
            axes.axhline(0, color=SECONDARY_INK, linewidth=1.0, zorder=1.5)

        self.figure.text(
            PAD_LEFT,
            axes_bottom + frame.height + 0.1,
            axis_label,
            transform=self.figure.dpi_scale_trans,
            fontproperties=layout.axis_label_font,
            color=SECONDARY_INK,
            ha="left",
            va="bottom",
            gid=layout.gid("value-axis-label"),
            parse_math=False,
        )
        from matplotlib.transforms import blended_transform_factory

        category_transform = blended_transform_factory(axes.transData, axes.transAxes)
        for i, text in enumerate(categories):
            # A label centred on the first or last point may run off the image: anchor it at
            # the point instead, reading inwards.
            point = axes_left + (i - frame.x0) / (frame.x1 - frame.x0) * frame.width
            half = layout.measure(text, self.category_font).width / 2
            align = "center"
            if point - half < PAD_LEFT:
                align = "left"
            elif point + half > FIG_WIDTH - PAD_RIGHT:
                align = "right"
            axes.text(
                i,
                -0.08 / frame.height,
                text,
                transform=category_transform,
                fontproperties=self.category_font,
                color=INK,
                ha=align,
                va="top",
                multialignment="center",
                gid=layout.gid("category", i),
                parse_math=False,
            )

        line_style: dict[str, Any] = {
            "linewidth": 2.0,
            "markersize": 6.0,
            "markeredgewidth": 0,
            "solid_capstyle": "round",
            "clip_on": False,
        }
        for k, series in enumerate(spec.series):
            (line,) = axes.plot(
                range(n_points),
                [math.nan if v is None else v for v in series.values],
                color=self.colours[k],
                marker=MARKERS[k],
                label=series.name,
                zorder=3 + (n_series - k) / 10,
                **line_style,
            )
            line.set_gid(layout.gid("line", k))

        name_x = frame.to_inches(n_points - 1, 0)[0] + self._NAME_OFFSET
        for k, name in enumerate(names):
            centre = plan.names[k]
            (key,) = axes.plot(
                [frame.to_data(name_x + self._SWATCH * f, centre)[0] for f in (0.0, 0.5, 1.0)],
                [frame.to_data(name_x, centre)[1]] * 3,
                color=self.colours[k],
                marker=MARKERS[k],
                markevery=[1],
                **line_style,
            )
            key.set_gid(layout.gid("series-key", k))
            x_data, y_data = frame.to_data(name_x + self._SWATCH + self._NAME_GAP, centre)
            axes.text(
                x_data,
                y_data,
                name,
                fontproperties=self.name_font,
                color=INK,
                ha="left",
                va="center",
                multialignment="left",
                clip_on=False,
                gid=layout.gid("series-name", k),
                parse_math=False,
            )

        for (k, i), rect in sorted(plan.labels.items()):
            x_data, y_data = frame.to_data((rect[0] + rect[2]) / 2, (rect[1] + rect[3]) / 2)
            axes.text(
                x_data,
                y_data,
                label_texts[k][i],
                fontproperties=self.label_font,
                color=SECONDARY_INK,
                ha="center",
                va="center",
                multialignment="center",
                clip_on=False,
                gid=layout.gid("label", k, i),
                parse_math=False,
            )

    def _grid_gaps(
        self, plan: _LinePlan, name_sizes: list[Size], name_block: float
    ) -> list[tuple[float, float, float, float]]:
        """Where the gridlines must break: every value label and end name, in data units."""
        frame = plan.frame
        name_x = frame.to_inches(len(self.spec.categories) - 1, 0)[0] + self._NAME_OFFSET
        rects = [*plan.labels.values()]
        for k, centre in plan.names.items():
            half = name_sizes[k].height / 2
            rects.append((name_x, centre - half, name_x + name_block, centre + half))
        gaps = []
        for x_from, y_from, x_to, y_to in rects:
            low = frame.to_data(x_from - GRID_CLEARANCE, y_from - GRID_CLEARANCE)
            high = frame.to_data(x_to + GRID_CLEARANCE, y_to + GRID_CLEARANCE)
            gaps.append((low[1], high[1], low[0], high[0]))
        return gaps

    def _plan(
        self,
        frame: _Frame,
        label_sizes: list[list[Size]],
        name_sizes: list[Size],
        name_block: float,
    ) -> _LinePlan:
        """Place end names and value labels (greedily) for one plot height."""
        spec = self.spec
        n_series = len(spec.series)
        n_points = len(spec.categories)
        radius = self._MARKER_RADIUS

        points = [
            [None if v is None else frame.to_inches(i, v) for i, v in enumerate(s.values)]
            for s in spec.series
        ]
        obstacles: list[_Rect] = []
        for row in points:
            for point in row:
                if point is not None:
                    r = radius + 0.01
                    obstacles.append((point[0] - r, point[1] - r, point[0] + r, point[1] + r))
        segments = [
            (a, b)
            for row in points
            for a, b in itertools.pairwise(row)
            if a is not None and b is not None
        ]

        # Series names at the end of each line, spread vertically so they never collide.
        ends: list[tuple[float, int]] = []
        for k, row in enumerate(points):
            last = next((p for p in reversed(row) if p is not None), None)
            ends.append((last[1] if last is not None else frame.to_inches(0, 0)[1], k))
        names: dict[int, float] = {}
        previous_top = -math.inf
        for y, k in sorted(ends):
            half = name_sizes[k].height / 2
            names[k] = max(y, previous_top + half + 0.03)
            previous_top = names[k] + half
        overflow = max(names[k] + name_sizes[k].height / 2 for k in names) - frame.height - 0.3
        if overflow > 0:
            names = {k: y - overflow for k, y in names.items()}
        name_x = frame.to_inches(n_points - 1, 0)[0] + self._NAME_OFFSET
        for k, centre in names.items():
            half = name_sizes[k].height / 2
            obstacles.append((name_x, centre - half, name_x + name_block, centre + half))

        # Value labels, period by period, highest point first: the first clear place
        # among above, below, right, left and further above or below.
        placed: list[_Rect] = []
        labels: dict[tuple[int, int], _Rect] = {}
        conflicts = 0
        total = 0.0
        gap = radius + 0.05
        for i in range(n_points):
            present = sorted(
                (k for k in range(n_series) if points[k][i] is not None),
                key=lambda k: -(spec.series[k].values[i] or 0.0),
            )
            # A series that does not cover this period on purpose (a definition break) shows
            # nothing there; only a value the source did not publish is labelled.
            missing = [
                k
                for k in range(n_series)
                if points[k][i] is None and spec.series[k].labels[i] != NO_VALUE
            ]
            for rank, k in enumerate([*present, *missing]):
                size = label_sizes[k][i]
                w, h = size.width + 0.02, size.height
                point = points[k][i]
                candidates: list[tuple[float, float]]
                if point is None:
                    x = frame.to_inches(i, 0)[0]
                    x = min(max(x - w / 2, 0.0), frame.width - w)
                    candidates = [(x, 0.06 + j * (h + 0.03) / 2) for j in range(16)]
                else:
                    x, y = point
                    above = (x - w / 2, y + gap)
                    below = (x - w / 2, y - gap - h)
                    right = (x + gap + 0.02, y - h / 2)
                    left = (x - gap - 0.02 - w, y - h / 2)
                    bottom_rank = n_series > 1 and rank == len(present) - 1
                    near = [below, above] if bottom_rank else [above, below]
                    further = [(x - w / 2, y + gap + j * h * 0.5) for j in range(1, 6)] + [
                        (x - w / 2, y - gap - h - j * h * 0.5) for j in range(1, 6)
                    ]
                    further.sort(key=lambda c: abs(c[1] + h / 2 - y))
                    candidates = [*near, right, left, *further]
                best: tuple[float, bool, _Rect] | None = None
                for index, (cx, cy) in enumerate(candidates):
                    rect: _Rect = (cx, cy, cx + w, cy + h)
                    serious = 0.0
                    serious += sum(100 + 1000 * a for o in placed if (a := _overlap(rect, o)))
                    serious += sum(50.0 for o in obstacles if _overlap(rect, o))
                    serious += sum(20.0 for a, b in segments if _segment_hits(rect, a, b))
                    outside = (
                        max(0.0, -rect[0])
                        + max(0.0, rect[2] - frame.width - 0.05)
                        + max(0.0, -rect[1])
                        + max(0.0, rect[3] - frame.height - 0.05)
                    )
                    cost = serious + 10 * outside + 0.001 * index
                    if best is None or cost < best[0]:
                        best = (cost, serious > 0, rect)
                    if serious == 0 and outside == 0:
                        break
                assert best is not None
                cost, clash, rect = best
                placed.append(rect)
                labels[(k, i)] = rect
                conflicts += clash
                total += cost
        return _LinePlan(frame, labels, names, conflicts, total)
