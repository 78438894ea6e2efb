"""Chart layout shared by every kind of chart: sizes, type scale, typeface, ticks and text sizes."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.compose.charts import ChartSpec
from reportgen.paths import template_file
from reportgen.render.house import CHART_FONT, GRID, SECONDARY_INK

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.transforms import Transform

# The colours, palettes and typeface come from reportgen.render.house.
MARKERS = ("o", "s", "^", "D")  # a second, non-colour cue for lines

FIG_WIDTH = 6.3  # inches: A4 (21 cm) less two 2.5 cm margins
# The PNG only goes into the DOCX, at about 16 cm wide: 150 dpi is print quality there and takes
# about half the time of 200 dpi to draw and compress.
PNG_DPI = 150
MEASURE_DPI = PNG_DPI  # text is measured at the resolution the PNG is drawn at

PAD_LEFT = 0.06  # inches between the image edge and the text
PAD_RIGHT = 0.1
PAD_TOP = 0.08
PAD_BOTTOM = 0.08

CATEGORY_SIZE = 10.0
DATA_LABEL_SIZE = 10.0
LINE_LABEL_SIZE = 9.5
TICK_SIZE = 9.0
AXIS_LABEL_SIZE = 9.5

CATEGORY_WRAP = 28  # characters
SERIES_NAME_WRAP = 22
LABEL_GAP_PT = 4.0  # between a bar end and its label
SLACK = 0.04  # inches added to measured text so rounding never causes a clash
GRID_CLEARANCE = 0.03  # inches between a label and a gridline broken around it
TICK_PAD = 3.5 / 72  # inches between the plot and the value axis's labels


FONT_FILES = {"normal": "LiberationSans-Regular.ttf", "bold": "LiberationSans-Bold.ttf"}


def font_files() -> dict[str, Path]:
    """The shipped typeface's files by weight (the project's own templates/fonts if it has one)."""
    folder = template_file("fonts")
    return {weight: folder / name for weight, name in FONT_FILES.items()}


@cache
def _checked_font_file(path: Path) -> str:
    from matplotlib.ft2font import FT2Font

    try:
        family = FT2Font(str(path)).family_name
    except OSError as error:
        raise FileNotFoundError(f"the chart typeface {path} cannot be read: {error}") from None
    if family != CHART_FONT:
        raise ValueError(f"the chart typeface {path} is {family!r}, not {CHART_FONT!r}")
    return str(path)


def font_of(size: float, weight: str = "normal") -> FontProperties:
    """The chart typeface at *size* points, drawn from the shipped file.

    The file is named, not looked up by family: matplotlib's font manager takes the first font of
    a family it knows, so a different version of Liberation Sans installed on the machine would
    otherwise be drawn instead of the one the PDF embeds.  The family stays "sans-serif", which
    the SVG writes out as the house list (Liberation Sans, then Arial, metric-compatible).
    """
    from matplotlib.font_manager import FontProperties

    file = _checked_font_file(font_files()[weight])
    return FontProperties(family="sans-serif", size=size, weight=weight, fname=file)


def wrap_chars(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(" ".join(text.split()), width, break_long_words=False))


def format_tick(value: float, step: float) -> str:
    if abs(value) < abs(step) * 1e-6:
        return "0"
    decimals = 0
    while decimals < 4 and abs(step * 10**decimals - round(step * 10**decimals)) > 1e-6:
        decimals += 1
    return f"{value:,.{decimals}f}".replace("-", "\N{MINUS SIGN}")


def nice_ticks(low: float, high: float, bins: int = 5) -> list[float]:
    from matplotlib.ticker import MaxNLocator

    locator = MaxNLocator(nbins=bins, steps=[1, 2, 2.5, 5, 10], min_n_ticks=3)
    return [float(t) for t in locator.tick_values(low, high)]


def draw_gridlines(
    axes: Axes,
    positions: Sequence[float],
    span: tuple[float, float],
    labels: Sequence[tuple[float, float, float, float]],
    *,
    vertical: bool,
) -> None:
    """Gridlines at *positions* (data units) across *span*, broken wherever a label sits.

    A label is (across from, across to, along from, along to) in data units: a gridline at p with
    across from < p < across to leaves out the stretch along it, so no line runs through text.
    All the lines are one collection, under the bars and lines.
    """
    from matplotlib.collections import LineCollection

    segments: list[list[tuple[float, float]]] = []
    for position in positions:
        pieces: list[tuple[float, float]] = []
        start = span[0]
        for low, high in sorted((a0, a1) for c0, c1, a0, a1 in labels if c0 < position < c1):
            if low > start:
                pieces.append((start, low))
            start = max(start, high)
        if start < span[1]:
            pieces.append((start, span[1]))
        for a, b in pieces:
            ends = [(position, a), (position, b)] if vertical else [(a, position), (b, position)]
            segments.append(ends)
    lines = LineCollection(segments, colors=GRID, linewidths=0.8, zorder=0.5)
    axes.add_collection(lines, autolim=False)


@dataclass(frozen=True)
class Size:
    width: float  # inches
    height: float


@cache
def _measuring_figure() -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(FIG_WIDTH, 4.0), dpi=MEASURE_DPI)
    FigureCanvasAgg(figure)
    return figure


# Charts share most of their words and numbers (ticks, series names, periods), and a process may
# draw many charts: text is measured once per process.  Measuring happens inside the charts'
# rcParams (unhinted), so the sizes do not depend on the caller's matplotlib settings.
@lru_cache(maxsize=4096)
def _measure(text: str, file: str, size: float, weight: str) -> Size:
    from matplotlib.font_manager import FontProperties
    from matplotlib.text import Text

    figure = _measuring_figure()
    font = FontProperties(family="sans-serif", size=size, weight=weight, fname=file)
    artist = Text(0, 0, text, fontproperties=font, parse_math=False)
    artist.set_figure(figure)
    box = artist.get_window_extent(_renderer(figure))
    return Size(float(box.width) / MEASURE_DPI, float(box.height) / MEASURE_DPI)


@lru_cache(maxsize=4096)
def _line_width(text: str, file: str, size: float, weight: str) -> float:
    from matplotlib.font_manager import FontProperties

    font = FontProperties(family="sans-serif", size=size, weight=weight, fname=file)
    renderer = _renderer(_measuring_figure())
    pixels, _height, _descent = renderer.get_text_width_height_descent(text, font, ismath=False)
    return float(pixels) / MEASURE_DPI


def _renderer(figure: Figure) -> RendererBase:
    get_renderer = getattr(figure.canvas, "get_renderer", None)
    if get_renderer is None:  # pragma: no cover - the figures here always have an Agg canvas
        raise RuntimeError("the figure needs an Agg canvas")
    renderer: RendererBase = get_renderer()
    return renderer


def _font_key(font: FontProperties) -> tuple[str, float, str]:
    return (str(font.get_file()), font.get_size_in_points(), str(font.get_weight()))


class Layout:
    """Measures text in inches, as the Agg renderer draws it, and names the chart's artists."""

    def __init__(self, spec: ChartSpec, figure: Figure) -> None:
        self.spec = spec
        self.figure = figure
        self.axis_label_font = font_of(AXIS_LABEL_SIZE)
        self.tick_font = font_of(TICK_SIZE)
        self.text_width = FIG_WIDTH - PAD_LEFT - PAD_RIGHT

    def gid(self, *parts: object) -> str:
        return "-".join(["chart", self.spec.id, *(str(p) for p in parts)])

    def measure(self, text: str, font: FontProperties) -> Size:
        """Size in inches of *text* (which may have several lines) as a Text draws it."""
        return _measure(text, *_font_key(font))

    def line_width(self, text: str, font: FontProperties) -> float:
        """Width in inches of one line of text."""
        return _line_width(text, *_font_key(font))

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
        # The value axis's labels are drawn by value_ticks as plain text: matplotlib's tick
        # machinery took about a third of the time of drawing a chart, for text that never moves.
        axes.xaxis.set_visible(False)
        axes.yaxis.set_visible(False)
        return axes

    def value_ticks(
        self, axes: Axes, ticks: Sequence[float], labels: Sequence[str], *, below: bool
    ) -> None:
        """Label the value axis at *ticks*: under the plot (a bar chart) or left of it (a line chart)."""
        from matplotlib.transforms import ScaledTranslation, blended_transform_factory

        inches = self.figure.dpi_scale_trans
        transform: Transform
        if below:
            transform = blended_transform_factory(axes.transData, axes.transAxes)
            transform = transform + ScaledTranslation(0, -TICK_PAD, inches)
        else:
            transform = blended_transform_factory(axes.transAxes, axes.transData)
            transform = transform + ScaledTranslation(-TICK_PAD, 0, inches)
        for i, (tick, label) in enumerate(zip(ticks, labels, strict=True)):
            axes.text(
                tick if below else 0,
                0 if below else tick,
                label,
                transform=transform,
                fontproperties=self.tick_font,
                color=SECONDARY_INK,
                ha="center" if below else "right",
                va="top" if below else "center_baseline",
                gid=self.gid("tick", i),
                parse_math=False,
            )
