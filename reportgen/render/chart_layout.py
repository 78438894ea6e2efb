"""Chart layout shared by every kind of chart: sizes, type scale, ticks and the space text takes."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportgen.compose.charts import ChartSpec
from reportgen.render.house import CHART_FONT, INK, SECONDARY_INK

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

# The colours, palettes and typeface come from reportgen.render.house.
MARKERS = ("o", "s", "^", "D")  # a second, non-colour cue for lines

FIG_WIDTH = 6.3  # inches: A4 (21 cm) less two 2.5 cm margins
PNG_DPI = 200
MEASURE_DPI = PNG_DPI  # shares matplotlib's text-metrics cache with the PNG

PAD_LEFT = 0.06  # inches between the image edge and the text
PAD_RIGHT = 0.1
PAD_TOP = 0.08
PAD_BOTTOM = 0.08

TITLE_SIZE = 13.0
SUBTITLE_SIZE = 11.0
CATEGORY_SIZE = 10.0
DATA_LABEL_SIZE = 10.0
LINE_LABEL_SIZE = 9.5
TICK_SIZE = 9.0
AXIS_LABEL_SIZE = 9.5
SOURCE_SIZE = 9.0

CATEGORY_WRAP = 28  # characters
SERIES_NAME_WRAP = 22
LABEL_GAP_PT = 4.0  # between a bar end and its label
SLACK = 0.04  # inches added to measured text so rounding never causes a clash


def font_of(size: float, weight: str = "normal") -> FontProperties:
    from matplotlib.font_manager import FontProperties

    return FontProperties(family=CHART_FONT, size=size, weight=weight)


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


@dataclass(frozen=True)
class Size:
    width: float  # inches
    height: float


class Layout:
    """Measures text (in inches) with the Agg renderer and places figure-level text."""

    def __init__(self, spec: ChartSpec, figure: Figure) -> None:
        self.spec = spec
        self.figure = figure
        canvas = figure.canvas
        get_renderer = getattr(canvas, "get_renderer", None)
        if get_renderer is None:  # pragma: no cover - _figure always attaches Agg
            raise RuntimeError("the figure needs an Agg canvas")
        self.renderer: RendererBase = get_renderer()
        self.title_font = font_of(TITLE_SIZE, "bold")
        self.subtitle_font = font_of(SUBTITLE_SIZE)
        self.source_font = font_of(SOURCE_SIZE)
        self.axis_label_font = font_of(AXIS_LABEL_SIZE)
        self.tick_font = font_of(TICK_SIZE)
        self.text_width = FIG_WIDTH - PAD_LEFT - PAD_RIGHT
        self._sizes: dict[tuple[str, float, str], Size] = {}
        self._widths: dict[tuple[str, float, str], float] = {}

    def gid(self, *parts: object) -> str:
        return "-".join(["chart", self.spec.id, *(str(p) for p in parts)])

    def measure(self, text: str, font: FontProperties) -> Size:
        """Size in inches of *text* (which may have several lines) as a Text draws it."""
        key = (text, font.get_size_in_points(), str(font.get_weight()))
        size = self._sizes.get(key)
        if size is None:
            from matplotlib.text import Text

            artist = Text(0, 0, text, fontproperties=font, parse_math=False)
            artist.set_figure(self.figure)
            box = artist.get_window_extent(self.renderer)
            dpi = self.figure.dpi
            size = self._sizes[key] = Size(float(box.width) / dpi, float(box.height) / dpi)
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
            PAD_TOP
            + self.measure(title, self.title_font).height
            + 0.07
            + self.measure(subtitle, self.subtitle_font).height
        )
        return title, subtitle, height

    def footer(self) -> tuple[str, float]:
        source = self.wrap_to_width(self.spec.source, self.source_font, self.text_width)
        return source, self.measure(source, self.source_font).height + PAD_BOTTOM

    def place_header(self, title: str, subtitle: str, figure_height: float) -> None:
        figure = self.figure
        top = figure_height - PAD_TOP
        figure.text(
            PAD_LEFT,
            top,
            title,
            transform=figure.dpi_scale_trans,
            fontproperties=self.title_font,
            color=INK,
            ha="left",
            va="top",
            gid=self.gid("title"),
            parse_math=False,
        )
        top -= self.measure(title, self.title_font).height + 0.07
        figure.text(
            PAD_LEFT,
            top,
            subtitle,
            transform=figure.dpi_scale_trans,
            fontproperties=self.subtitle_font,
            color=SECONDARY_INK,
            ha="left",
            va="top",
            gid=self.gid("subtitle"),
            parse_math=False,
        )

    def place_footer(self, source: str) -> None:
        self.figure.text(
            PAD_LEFT,
            PAD_BOTTOM,
            source,
            transform=self.figure.dpi_scale_trans,
            fontproperties=self.source_font,
            color=SECONDARY_INK,
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
            labelsize=TICK_SIZE,
            labelcolor=SECONDARY_INK,
        )
        axes.set_axisbelow(True)
        return axes
