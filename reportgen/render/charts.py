"""Draws each chart to the Government Analysis Function guidance, as SVG and PNG.

:func:`draw` turns a :class:`~reportgen.compose.charts.ChartSpec` into the picture: an SVG whose
words are real text in Liberation Sans, and a 150 dpi PNG for the DOCX, drawn with the same font
file. Both are byte-identical for the same spec, the same shipped fonts and the same library
versions.

Drawing rules (afcharts palette, direct labels so colour is never the only carrier of meaning,
horizontal unabbreviated text, bar axes from zero, no dual axes, no 3-D) are applied here so that
every output format gets the same chart.  The image carries no title, subtitle or source line:
each format prints the chart's caption and source as text beside it, and the spec keeps them for
that and for the alt text only.

matplotlib is imported lazily inside the drawing functions, so importing this module (for
validation, alt text or tables) stays cheap.  Only the object-oriented API is used (no pyplot),
and every rcParam the drawing needs is set inside :func:`matplotlib.rc_context`, so the caller's
global matplotlib state is left alone.

Every artist that carries data or words has a stable ``gid``:
``chart-<id>-bar-<series>-<category>``, ``chart-<id>-label-<series>-<category>``,
``chart-<id>-line-<series>``, ``chart-<id>-series-key-<series>``,
``chart-<id>-series-name-<series>``, ``chart-<id>-category-<category>``,
``chart-<id>-value-axis-label`` and ``chart-<id>-axes``. matplotlib writes it as the ``id`` of
the SVG group holding the artist; with ``svg.fonttype = "none"`` each drawn line of text is a
``<text>`` element in that group, so the words can be selected, searched and enlarged wherever
the SVG is shown inline, Typst sets them in the PDF with the embedded Liberation Sans, and the
file stays small.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reportgen.compose.charts import ChartSpec
from reportgen.render.bar_chart import BarChart
from reportgen.render.chart_layout import FIG_WIDTH, MEASURE_DPI, PNG_DPI
from reportgen.render.house import CHART_FALLBACK_FONT, CHART_FONT, INK, SECONDARY_INK
from reportgen.render.line_chart import LineChart

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["ChartImages", "draw", "draw_svg_first"]


@dataclass(frozen=True)
class ChartImages:
    """The drawn chart: SVG (vector, text in Liberation Sans) and PNG (150 dpi, for the DOCX)."""

    svg: bytes
    png: bytes


def _rc(spec: ChartSpec) -> dict[str, Any]:
    return {
        "svg.fonttype": "none",
        "svg.hashsalt": f"reportgen-chart-{spec.id}",
        "svg.id": f"chart-{spec.id}",
        # Every text names the shipped font file (chart_layout.font_of); this is the family list
        # the SVG's text carries, with Arial (metric-compatible) for viewers without Liberation.
        "font.family": "sans-serif",
        "font.sans-serif": [CHART_FONT, CHART_FALLBACK_FONT],
        "text.parse_math": False,  # a "$" in a label must print as itself
        # Unhinted glyphs: text widths no longer depend on the dpi, so what is measured is what
        # the PNG draws and what a viewer sets from the SVG's text; it is also faster.
        "text.hinting": "no_hinting",
        "text.color": INK,
        "axes.unicode_minus": True,
        "axes.edgecolor": SECONDARY_INK,
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
    _headless()
    with _chart_context(spec):
        figure = _figure(spec)
        return ChartImages(svg=_svg(figure), png=_png(figure))


def draw_svg_first(specs: Sequence[ChartSpec]) -> Iterator[list[bytes]]:
    """Every chart's SVG, then every chart's PNG: the same bytes as :func:`draw`, the SVGs first
    because the PDF and the web page need only them (the chart process sends them on at once)."""
    _headless()
    figures = []
    svgs = []
    for spec in specs:
        with _chart_context(spec):
            figures.append(_figure(spec))
            svgs.append(_svg(figures[-1]))
    yield svgs
    pngs = []
    for spec, figure in zip(specs, figures, strict=True):
        with _chart_context(spec):
            pngs.append(_png(figure))
    yield pngs


def _headless() -> None:
    import matplotlib

    # The figure gets its own Agg canvas, so no backend is ever needed; selecting Agg just
    # keeps a headless run headless.  If pyplot is already in use (a notebook, say),
    # switching its backend would close the user's figures, so leave it alone then.
    if "matplotlib.pyplot" not in sys.modules:
        matplotlib.use("Agg")


def _svg(figure: Figure) -> bytes:
    svg = io.BytesIO()
    figure.savefig(svg, format="svg", metadata={"Date": None})
    return svg.getvalue()


def _png(figure: Figure) -> bytes:
    png = io.BytesIO()
    # zlib level 3 rather than Pillow's 6: a third less time for a file a few per cent larger.
    figure.savefig(
        png,
        format="png",
        dpi=PNG_DPI,
        metadata={"Software": None},
        pil_kwargs={"compress_level": 3},
    )
    return png.getvalue()


def _figure(spec: ChartSpec) -> Figure:
    """Build the matplotlib Figure for *spec* (also used by the tests to inspect axes)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with _chart_context(spec):
        figure = Figure(figsize=(FIG_WIDTH, 4.0), dpi=MEASURE_DPI)
        FigureCanvasAgg(figure)
        if spec.kind == "bar":
            BarChart(spec, figure).build()
        else:
            LineChart(spec, figure).build()
    return figure
