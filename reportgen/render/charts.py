"""Draws each chart to the Government Analysis Function guidance, as SVG and PNG.

:func:`draw` turns a :class:`~reportgen.compose.charts.ChartSpec` into the picture: a
self-contained SVG (text drawn as paths) and a 200 dpi PNG, both byte-identical for the same
spec and the same library versions.

Drawing rules (afcharts palette, direct labels so colour is never the only carrier of
meaning, horizontal unabbreviated text, bar axes from zero, no dual axes, no 3-D, a
source line under the chart) are applied here so that every output format gets the
same chart.

matplotlib is imported lazily inside the drawing functions, so importing this module
(for validation, alt text or tables) stays cheap.  Only the object-oriented API is used
(no pyplot), and every rcParam the drawing needs is set inside
:func:`matplotlib.rc_context`, so the caller's global matplotlib state is left alone.

Every artist that carries data or words has a stable ``gid``:
``chart-<id>-bar-<series>-<category>``, ``chart-<id>-label-<series>-<category>``,
``chart-<id>-line-<series>``, ``chart-<id>-series-key-<series>``,
``chart-<id>-series-name-<series>``, ``chart-<id>-category-<category>``, and
``chart-<id>-title``, ``-subtitle``, ``-source``, ``-value-axis-label``, ``-axes``.
matplotlib writes it as the ``id`` of the SVG group holding the artist, and with
``svg.fonttype = "path"`` it writes each drawn line of text as an XML comment just before
the glyph paths, so the SVG stays checkable (and navigable) even though it needs no fonts.
"""

from __future__ import annotations

import io
import itertools
import math
import sys
import textwrap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reportgen.compose.charts import NOT_AVAILABLE, ChartSpec, printed
from reportgen.render.house import CHART_FONT as FONT_FAMILY
from reportgen.render.house import CHART_PALETTES as _PALETTES
from reportgen.render.house import GRID as GRID_COLOUR
from reportgen.render.house import INK as TEXT_COLOUR
from reportgen.render.house import SECONDARY_INK as SECONDARY_TEXT_COLOUR

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

__all__ = ["ChartImages", "draw"]


@dataclass(frozen=True)
class ChartImages:
    """The drawn chart: SVG (vector, no fonts needed) and PNG (200 dpi fallback)."""

    svg: bytes
    png: bytes


# --------------------------------------------------------------------------------------
# Drawing: constants
# --------------------------------------------------------------------------------------

# The colours, palettes and typeface come from reportgen.render.house.
_MARKERS = ("o", "s", "^", "D")  # a second, non-colour cue for lines

FIG_WIDTH = 6.3  # inches: A4 (21 cm) less two 2.5 cm margins
PNG_DPI = 200
_MEASURE_DPI = PNG_DPI  # shares matplotlib's text-metrics cache with the PNG

_PAD_LEFT = 0.06  # inches between the image edge and the text
_PAD_RIGHT = 0.1
_PAD_TOP = 0.08
_PAD_BOTTOM = 0.08

_TITLE_SIZE = 13.0
_SUBTITLE_SIZE = 11.0
_CATEGORY_SIZE = 10.0
_DATA_LABEL_SIZE = 10.0
_LINE_LABEL_SIZE = 9.5
_TICK_SIZE = 9.0
_AXIS_LABEL_SIZE = 9.5
_SOURCE_SIZE = 9.0

_CATEGORY_WRAP = 28  # characters
_SERIES_NAME_WRAP = 22
_LABEL_GAP_PT = 4.0  # between a bar end and its label
_SLACK = 0.04  # inches added to measured text so rounding never causes a clash


# --------------------------------------------------------------------------------------
# Drawing: entry points
# --------------------------------------------------------------------------------------


def _rc(spec: ChartSpec) -> dict[str, Any]:
    return {
        "svg.fonttype": "path",
        "svg.hashsalt": f"reportgen-chart-{spec.id}",
        "svg.id": f"chart-{spec.id}",
        "font.family": "sans-serif",
        "font.sans-serif": [FONT_FAMILY],
        "text.parse_math": False,  # a "$" in a label must print as itself
        # Unhinted glyphs: text widths no longer depend on the dpi, so what is measured
        # is what the PNG (200 dpi) and the SVG (outlines) draw; it is also faster.
        "text.hinting": "no_hinting",
        "text.color": TEXT_COLOUR,
        "axes.unicode_minus": True,
        "axes.edgecolor": SECONDARY_TEXT_COLOUR,
        "axes.linewidth": 0.8,
        "figure.facecolor": "white",
        "savefig.facecolor": "white",
        "savefig.edgecolor": "white",
        "savefig.bbox": None,
        "savefig.pad_inches": 0.0,
        "path.simplify": True,
        "image.composite_image": True,
    }


@contextmanager
def _chart_context(spec: ChartSpec) -> Iterator[None]:
    import matplotlib

    # Typed as dict[Any, Any]: matplotlib's stubs want a dict keyed by a Literal of every
    # rcParam name; the keys are checked against rcParams here instead.
    rc: dict[Any, Any] = {k: v for k, v in _rc(spec).items() if k in matplotlib.rcParams}
    with matplotlib.rc_context(rc):
        yield


def draw(spec: ChartSpec) -> ChartImages:
    """Draw the chart as SVG and PNG; both are byte-stable for the same spec."""
    import matplotlib

    # The figure gets its own Agg canvas, so no backend is ever needed; selecting Agg just
    # keeps a headless run headless.  If pyplot is already in use (a notebook, say),
    # switching its backend would close the user's figures, so leave it alone then.
    if "matplotlib.pyplot" not in sys.modules:
        matplotlib.use("Agg")
    with _chart_context(spec):
        figure = _figure(spec)
        svg = io.BytesIO()
        figure.savefig(svg, format="svg", metadata={"Date": None})
        png = io.BytesIO()
        figure.savefig(png, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return ChartImages(svg=svg.getvalue(), png=png.getvalue())


def _figure(spec: ChartSpec) -> Figure:
    """Build the matplotlib Figure for *spec* (also used by the tests to inspect axes)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with _chart_context(spec):
        figure = Figure(figsize=(FIG_WIDTH, 4.0), dpi=_MEASURE_DPI)
        FigureCanvasAgg(figure)
        if spec.kind == "bar":
            _BarChart(spec, figure).build()
        else:
            _LineChart(spec, figure).build()
    return figure


# --------------------------------------------------------------------------------------
# Drawing: shared layout helpers
# --------------------------------------------------------------------------------------


def _font(size: float, weight: str = "normal") -> FontProperties:
    from matplotlib.font_manager import FontProperties

    return FontProperties(family=FONT_FAMILY, size=size, weight=weight)


def _wrap_chars(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(" ".join(text.split()), width, break_long_words=False))


def _format_tick(value: float, step: float) -> str:
    if abs(value) < abs(step) * 1e-6:
        return "0"
    decimals = 0
    while decimals < 4 and abs(step * 10**decimals - round(step * 10**decimals)) > 1e-6:
        decimals += 1
    return f"{value:,.{decimals}f}".replace("-", "\N{MINUS SIGN}")


def _nice_ticks(low: float, high: float, bins: int = 5) -> list[float]:
    from matplotlib.ticker import MaxNLocator

    locator = MaxNLocator(nbins=bins, steps=[1, 2, 2.5, 5, 10], min_n_ticks=3)
    return [float(t) for t in locator.tick_values(low, high)]


@dataclass(frozen=True)
class _Size:
    width: float  # inches
    height: float


class _Layout:
    """Measures text (in inches) with the Agg renderer and places figure-level text."""

    def __init__(self, spec: ChartSpec, figure: Figure) -> None:
        self.spec = spec
        self.figure = figure
        canvas = figure.canvas
        get_renderer = getattr(canvas, "get_renderer", None)
        if get_renderer is None:  # pragma: no cover - _figure always attaches Agg
            raise RuntimeError("the figure needs an Agg canvas")
        self.renderer: RendererBase = get_renderer()
        self.title_font = _font(_TITLE_SIZE, "bold")
        self.subtitle_font = _font(_SUBTITLE_SIZE)
        self.source_font = _font(_SOURCE_SIZE)
        self.axis_label_font = _font(_AXIS_LABEL_SIZE)
        self.tick_font = _font(_TICK_SIZE)
        self.text_width = FIG_WIDTH - _PAD_LEFT - _PAD_RIGHT
        self._sizes: dict[tuple[str, float, str], _Size] = {}
        self._widths: dict[tuple[str, float, str], float] = {}

    def gid(self, *parts: object) -> str:
        return "-".join(["chart", self.spec.id, *(str(p) for p in parts)])

    def measure(self, text: str, font: FontProperties) -> _Size:
        """Size in inches of *text* (which may have several lines) as a Text draws it."""
        key = (text, font.get_size_in_points(), str(font.get_weight()))
        size = self._sizes.get(key)
        if size is None:
            from matplotlib.text import Text

            artist = Text(0, 0, text, fontproperties=font, parse_math=False)
            artist.set_figure(self.figure)
            box = artist.get_window_extent(self.renderer)
            dpi = self.figure.dpi
            size = self._sizes[key] = _Size(float(box.width) / dpi, float(box.height) / dpi)
        return size

    def line_width(self, text: str, font: FontProperties) -> float:
        """Width in inches of one line of text."""
        key = (text, font.get_size_in_points(), str(font.get_weight()))
        width = self._widths.get(key)
        if width is None:
            pixels, _h, _d = self.renderer.get_text_width_height_descent(text, font, ismath=False)
            width = self._widths[key] = float(pixels) / self.figure.dpi
        return width

    def wrap_to_width(self, text: str, font: FontProperties, max_width: float) -> str:
        lines: list[str] = []
        current = ""
        for word in text.split():
            candidate = f"{current} {word}" if current else word
            if current and self.line_width(candidate, font) > max_width:
                lines.append(current)
                current = word
            else:
                current = candidate
        if current:
            lines.append(current)
        return "\n".join(lines)

    # The header (title and subtitle) and the footer (source) are the same for all kinds.
    def header(self) -> tuple[str, str, float]:
        title = self.wrap_to_width(self.spec.title, self.title_font, self.text_width)
        subtitle = self.wrap_to_width(self.spec.subtitle, self.subtitle_font, self.text_width)
        height = (
            _PAD_TOP
            + self.measure(title, self.title_font).height
            + 0.07
            + self.measure(subtitle, self.subtitle_font).height
        )
        return title, subtitle, height

    def footer(self) -> tuple[str, float]:
        source = self.wrap_to_width(self.spec.source, self.source_font, self.text_width)
        return source, self.measure(source, self.source_font).height + _PAD_BOTTOM

    def place_header(self, title: str, subtitle: str, figure_height: float) -> None:
        figure = self.figure
        top = figure_height - _PAD_TOP
        figure.text(
            _PAD_LEFT,
            top,
            title,
            transform=figure.dpi_scale_trans,
            fontproperties=self.title_font,
            color=TEXT_COLOUR,
            ha="left",
            va="top",
            gid=self.gid("title"),
            parse_math=False,
        )
        top -= self.measure(title, self.title_font).height + 0.07
        figure.text(
            _PAD_LEFT,
            top,
            subtitle,
            transform=figure.dpi_scale_trans,
            fontproperties=self.subtitle_font,
            color=SECONDARY_TEXT_COLOUR,
            ha="left",
            va="top",
            gid=self.gid("subtitle"),
            parse_math=False,
        )

    def place_footer(self, source: str) -> None:
        self.figure.text(
            _PAD_LEFT,
            _PAD_BOTTOM,
            source,
            transform=self.figure.dpi_scale_trans,
            fontproperties=self.source_font,
            color=SECONDARY_TEXT_COLOUR,
            ha="left",
            va="bottom",
            gid=self.gid("source"),
            parse_math=False,
        )

    def add_axes(self, left: float, bottom: float, width: float, height: float) -> Axes:
        figure_width, figure_height = self.figure.get_size_inches()
        axes = self.figure.add_axes(
            (
                left / figure_width,
                bottom / figure_height,
                width / figure_width,
                height / figure_height,
            )
        )
        axes.set_facecolor("white")
        axes.set_gid(self.gid("axes"))
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        axes.tick_params(
            which="both",
            length=0,
            labelsize=_TICK_SIZE,
            labelcolor=SECONDARY_TEXT_COLOUR,
        )
        axes.set_axisbelow(True)
        return axes


# --------------------------------------------------------------------------------------
# Horizontal grouped bar chart
# --------------------------------------------------------------------------------------


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


class _BarChart:
    def __init__(self, spec: ChartSpec, figure: Figure) -> None:
        self.spec = spec
        self.figure = figure
        self.layout = _Layout(spec, figure)
        self.label_font = _font(_DATA_LABEL_SIZE)
        self.category_font = _font(_CATEGORY_SIZE)
        self.colours = _PALETTES[len(spec.series)]

    def label_text(self, k: int, i: int, two_lines: bool) -> str:
        series = self.spec.series[k]
        value = printed(series, i)
        if len(self.spec.series) == 1:
            return value
        return f"{series.name}:{chr(10) if two_lines else ' '}{value}"

    def build(self) -> None:
        spec, layout = self.spec, self.layout
        n_series = len(spec.series)
        gap = _LABEL_GAP_PT / 72

        categories = [_wrap_chars(c, _CATEGORY_WRAP) for c in spec.categories]
        category_sizes = [layout.measure(c, self.category_font) for c in categories]
        category_width = max(s.width for s in category_sizes)
        axes_left = _PAD_LEFT + category_width + 0.14
        axes_width = FIG_WIDTH - _PAD_RIGHT - axes_left

        def attempt(two_lines: bool) -> tuple[float, float, list[list[str]]]:
            texts = [
                [self.label_text(k, i, two_lines) for i in range(len(spec.categories))]
                for k in range(n_series)
            ]
            items = [
                (
                    spec.series[k].values[i] or 0.0,
                    layout.measure(texts[k][i], self.label_font).width + _SLACK,
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
        step_ticks = _nice_ticks(x0, x1)
        step = step_ticks[1] - step_ticks[0] if len(step_ticks) > 1 else 1.0
        ticks: list[float] = []
        tick_labels: list[str] = []
        for tick in step_ticks:
            if tick < x0 - 1e-9 * step or tick > x1 + 1e-9 * step:
                continue
            text = _format_tick(tick, step)
            half = layout.line_width(text, layout.tick_font) / 2
            where = axes_left + (tick - x0) * scale
            if where + half > FIG_WIDTH - 0.02:
                continue
            ticks.append(tick)
            tick_labels.append(text)
        tick_height = layout.measure("0", layout.tick_font).height + 4 / 72
        axis_label = layout.wrap_to_width(spec.value_axis_label, layout.axis_label_font, axes_width)
        axis_label_height = layout.measure(axis_label, layout.axis_label_font).height

        title, subtitle, header_height = layout.header()
        source, footer_height = layout.footer()
        below = tick_height + 0.08 + axis_label_height + 0.2
        figure_height = header_height + 0.22 + axes_height + below + footer_height
        self.figure.set_size_inches(FIG_WIDTH, figure_height)
        layout.place_header(title, subtitle, figure_height)
        layout.place_footer(source)
        axes_bottom = footer_height + below
        axes = layout.add_axes(axes_left, axes_bottom, axes_width, axes_height)
        axes.set_xlim(x0, x1)
        axes.set_ylim(axes_height, 0)
        axes.set_yticks([])
        axes.set_xticks(ticks, tick_labels)
        axes.spines["left"].set_visible(False)
        axes.spines["bottom"].set_visible(False)
        axes.grid(axis="x", color=GRID_COLOUR, linewidth=0.8)
        axes.grid(axis="y", visible=False)

        self.figure.text(
            axes_left + axes_width / 2,
            footer_height + 0.2,
            axis_label,
            transform=self.figure.dpi_scale_trans,
            fontproperties=layout.axis_label_font,
            color=SECONDARY_TEXT_COLOUR,
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
                color=TEXT_COLOUR,
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
                    xytext=(-_LABEL_GAP_PT if negative else _LABEL_GAP_PT, 0),
                    textcoords="offset points",
                    ha="right" if negative else "left",
                    va="center",
                    multialignment="right" if negative else "left",
                    fontproperties=self.label_font,
                    color=SECONDARY_TEXT_COLOUR,
                    annotation_clip=False,
                    gid=layout.gid("label", k, i),
                    parse_math=False,
                )
        axes.axvline(0, color=SECONDARY_TEXT_COLOUR, linewidth=1.0, zorder=2.5)


# --------------------------------------------------------------------------------------
# Line chart
# --------------------------------------------------------------------------------------

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


class _LineChart:
    _SWATCH = 0.24  # a short stretch of the series' line and marker before its end name
    _NAME_OFFSET = 0.1  # from the last point to the swatch
    _NAME_GAP = 0.06  # from the swatch to the name
    _MARKER_RADIUS = 3.5 / 72

    def __init__(self, spec: ChartSpec, figure: Figure) -> None:
        self.spec = spec
        self.figure = figure
        self.layout = _Layout(spec, figure)
        self.label_font = _font(_LINE_LABEL_SIZE)
        self.name_font = _font(_CATEGORY_SIZE, "bold")
        self.category_font = _font(_CATEGORY_SIZE)
        self.colours = _PALETTES[len(spec.series)]

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
        ticks = _nice_ticks(low, high)
        bottom = max(t for t in ticks if t <= low + 1e-12)
        top = min(t for t in ticks if t >= high - 1e-12)
        step = ticks[1] - ticks[0]
        tick_width = max(layout.line_width(_format_tick(t, step), layout.tick_font) for t in ticks)

        # Horizontal geometry: y tick labels | plot | swatch and series name.
        names = [_wrap_chars(s.name, _SERIES_NAME_WRAP) for s in spec.series]
        name_sizes = [layout.measure(n, self.name_font) for n in names]
        name_block = self._SWATCH + self._NAME_GAP + max(size.width for size in name_sizes)
        axes_left = _PAD_LEFT + tick_width + 0.1
        room = FIG_WIDTH - _PAD_RIGHT - axes_left
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
        base_height = 2.9 if n_series <= 2 else 3.3
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

        title, subtitle, header_height = layout.header()
        source, footer_height = layout.footer()
        above = 0.2 + axis_label_height + 0.1
        below = 0.08 + category_height + 0.22
        figure_height = header_height + above + frame.height + below + footer_height
        self.figure.set_size_inches(FIG_WIDTH, figure_height)
        layout.place_header(title, subtitle, figure_height)
        layout.place_footer(source)
        axes_bottom = footer_height + below
        axes = layout.add_axes(axes_left, axes_bottom, frame.width, frame.height)
        axes.set_xlim(frame.x0, frame.x1)
        axes.set_ylim(frame.bottom, frame.top)
        axes.set_xticks([])
        axes.set_yticks(shown_ticks, [_format_tick(t, step) for t in shown_ticks])
        axes.spines["left"].set_visible(False)
        axes.spines["bottom"].set_color(SECONDARY_TEXT_COLOUR)
        axes.grid(axis="y", color=GRID_COLOUR, linewidth=0.8)
        axes.grid(axis="x", visible=False)
        if frame.bottom < 0:
            axes.axhline(0, color=SECONDARY_TEXT_COLOUR, linewidth=1.0, zorder=1.5)

        self.figure.text(
            _PAD_LEFT,
            axes_bottom + frame.height + 0.1,
            axis_label,
            transform=self.figure.dpi_scale_trans,
            fontproperties=layout.axis_label_font,
            color=SECONDARY_TEXT_COLOUR,
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
            if point - half < _PAD_LEFT:
                align = "left"
            elif point + half > FIG_WIDTH - _PAD_RIGHT:
                align = "right"
            axes.text(
                i,
                -0.08 / frame.height,
                text,
                transform=category_transform,
                fontproperties=self.category_font,
                color=TEXT_COLOUR,
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
                marker=_MARKERS[k],
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
                marker=_MARKERS[k],
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
                color=TEXT_COLOUR,
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
                color=SECONDARY_TEXT_COLOUR,
                ha="center",
                va="center",
                multialignment="center",
                clip_on=False,
                gid=layout.gid("label", k, i),
                parse_math=False,
            )

    def _plan(
        self,
        frame: _Frame,
        label_sizes: list[list[_Size]],
        name_sizes: list[_Size],
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
            missing = [k for k in range(n_series) if points[k][i] is None]
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
