"""Behaviour of reportgen.render.charts on real outputs (SVG, PNG and the matplotlib Figure).

How labels are checked in the SVG: with ``svg.fonttype = "none"`` every drawn line of text is a
``<text>`` element inside a <g> whose ``id`` is the artist's ``gid``.  charts.py gives each
data-carrying artist a stable gid (``chart-<id>-label-<series>-<category>`` and so on), so the
tests read each label's text from its group.  Geometry (axis limits, overlaps, sizes) is checked
on the Figure that ``draw`` saves, built by the private ``_figure(spec)``.
"""

from __future__ import annotations

import ast
import hashlib
import io
import itertools
import os
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from reportgen.compose.charts import ChartSpec, Series, alt_text, data_table
from reportgen.paths import template_file
from reportgen.render import chart_cache, charts
from reportgen.render.chart_cache import chart_key
from reportgen.render.charts import ChartImages, draw
from tests.conftest import ROOT

PALETTES = {
    1: ["#12436d"],
    2: ["#12436d", "#f46a25"],
    3: ["#12436d", "#28a197", "#801650"],
    4: ["#12436d", "#28a197", "#801650", "#f46a25"],
}
NEUTRALS = {"#ffffff", "#0b0c0c", "#3d3d3d", "#d9d9d9"}
SERIES_NAMES = ["Year ending June 2019 (baseline)", "2022/23", "2023/24", "2024/25"]


# --------------------------------------------------------------------------------------
# Specs
# --------------------------------------------------------------------------------------


def homicide_spec() -> ChartSpec:
    return ChartSpec(
        id="homicide-1",
        kind="bar",
        title="Homicides fell by 14 in 2024/25",
        subtitle="Homicides recorded by West Midlands Police, 2023/24 and 2024/25",
        categories=("Homicides recorded by West Midlands Police",),
        series=(
            Series("2023/24", (45.0,), ("45",)),
            Series("2024/25", (31.0,), ("31",)),
        ),
        value_axis_label="Offences",
        source="Source: West Midlands Police recorded crime",
    )


def bar_spec(n_series: int) -> ChartSpec:
    categories = (
        "Neighbourhood crime (burglary, robbery, theft from the person and vehicle crime)",
        "Homicide",
        "Serious violence: hospital admissions for assault with a sharp object",
    )
    bases = (165.0, 3.2, 41.0)
    series = tuple(
        Series(
            SERIES_NAMES[k] if n_series > 1 else "2024/25",
            tuple(round(base * (1 - 0.08 * k), 1) for base in bases),
            tuple(f"{round(base * (1 - 0.08 * k), 1):,} per 100,000" for base in bases),
        )
        for k in range(n_series)
    )
    return ChartSpec(
        id=f"rates-{n_series}",
        kind="bar",
        title="Neighbourhood crime is below the baseline",
        subtitle="Offences per 100,000 population, West Midlands",
        categories=categories,
        series=series,
        value_axis_label="Per 100,000 population",
        source="Source: Office for National Statistics",
    )


def change_spec() -> ChartSpec:
    return ChartSpec(
        id="change-1",
        kind="bar",
        title="Most measures improved on the previous year",
        subtitle="Percentage change on previous year, West Midlands Police, 2024/25",
        categories=(
            "Homicide",
            "Neighbourhood crime",
            "Serious violence",
            "Customer satisfaction with police",
        ),
        series=(Series("Change", (-31.1, -9.9, 11.5, None), ("-31.1%", "-9.9%", "+11.5%", "")),),
        value_axis_label="Percentage change on previous year",
        source="Source: West Midlands Police",
    )


def missing_spec() -> ChartSpec:
    return ChartSpec(
        id="cyber-1",
        kind="bar",
        title="Cyber crime reports rose",
        subtitle="Reports to Action Fraud, West Midlands, 2023/24 and 2024/25",
        categories=("Cyber crime reported to Action Fraud", "Fraud reported to Action Fraud"),
        series=(
            Series("2023/24", (None, 9120.0), ("", "9,120")),
            Series("2024/25", (2210.0, 9874.0), ("2,210", "9,874")),
        ),
        value_axis_label="Reports",
        source="Source: Action Fraud",
    )


def line_spec() -> ChartSpec:
    periods = ("2019/20", "2020/21", "2021/22", "2022/23", "2023/24", "2024/25")
    ours = (80.1, 78.0, 71.4, 74.0, 79.9, 83.0)
    average = (79.0, 77.5, 73.0, 73.2, 76.0, None)
    return ChartSpec(
        id="trend-1",
        kind="line",
        title="Satisfaction with police has recovered since 2021/22",
        subtitle="Percentage of victims satisfied with the overall service, 2019/20 to 2024/25",
        categories=periods,
        series=(
            Series("Victims satisfied", ours, tuple(f"{v:.1f}%" for v in ours)),
            Series(
                "England and Wales average",
                average,
                tuple("" if v is None else f"{v:.1f}%" for v in average),
            ),
        ),
        value_axis_label="Percentage satisfied",
        source="Source: Crime Survey for England and Wales",
    )


def busy_line_spec() -> ChartSpec:
    """Four series, seven long period names, negative values and a gap: the worst case."""

    def series(name: str, values: tuple[float | None, ...]) -> Series:
        return Series(name, values, tuple("" if v is None else f"{v:.1f}%" for v in values))

    return ChartSpec(
        id="changes-4",
        kind="line",
        title="Changes in recorded crime have narrowed since the pandemic",
        subtitle="Percentage change on previous year in offences recorded by West Midlands "
        "Police, years ending March 2019 to 2025",
        categories=tuple(f"Year ending March {year}" for year in range(2019, 2026)),
        series=(
            series("Neighbourhood crime", (2.0, -4.1, -21.3, 8.9, 3.2, -1.5, -3.0)),
            series("Violence with injury", (5.1, 1.2, -12.0, 14.2, 2.0, 0.5, -2.2)),
            series("Homicide", (1.0, -2.0, -18.0, None, 4.1, -0.8, -2.9)),
            series("Sexual offences", (9.0, 6.2, -8.1, 22.0, 5.5, 1.0, 0.2)),
        ),
        value_axis_label="Percentage change on previous year",
        source="Source: West Midlands Police recorded crime",
    )


ALL_SPECS = [
    homicide_spec(),
    *(bar_spec(n) for n in range(1, 5)),
    change_spec(),
    missing_spec(),
    line_spec(),
    busy_line_spec(),
]


def expected_label(spec: ChartSpec, k: int, i: int) -> str:
    series = spec.series[k]
    printed = "not available" if series.values[i] is None else series.labels[i]
    if spec.kind == "line" and series.values[i] is not None:
        return printed
    return f"{series.name}: {printed}" if len(spec.series) > 1 else printed


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------

_IMAGES: dict[str, ChartImages] = {}


def images(spec: ChartSpec) -> ChartImages:
    if spec.id not in _IMAGES:
        _IMAGES[spec.id] = draw(spec)
    return _IMAGES[spec.id]


SVG = "{http://www.w3.org/2000/svg}"


def parse_svg(svg: bytes) -> ET.Element:
    return ET.fromstring(svg)


def groups(root: ET.Element) -> dict[str, ET.Element]:
    return {g.attrib["id"]: g for g in root.iter() if "id" in g.attrib}


def text_lines(element: ET.Element) -> list[str]:
    """The lines of text an element draws: its <text> elements, in order."""
    return [node.text or "" for node in element.iter(f"{SVG}text")]


def group_text(group: ET.Element) -> str:
    """The text a group draws, its lines joined by spaces."""
    return " ".join(text_lines(group))


_COLOUR = re.compile(r"(?:fill|stroke):\s*(#[0-9a-fA-F]{6})")


def colours(element: ET.Element) -> set[str]:
    found: set[str] = set()
    for node in element.iter():
        found.update(c.lower() for c in _COLOUR.findall(node.attrib.get("style", "")))
    return found


@contextmanager
def built(spec: ChartSpec) -> Iterator[tuple[Any, Any]]:
    """The Figure draw() saves and an Agg renderer, measured under the chart's rcParams."""
    with charts._chart_context(spec):
        figure = charts._figure(spec)
        canvas = cast(FigureCanvasAgg, figure.canvas)
        yield figure, canvas.get_renderer()  # type: ignore[no-untyped-call]


def text_artists(figure: Any) -> list[Any]:
    artists = list(figure.texts)
    for axes in figure.axes:
        artists += list(axes.texts)
        for axis in (axes.xaxis, axes.yaxis):
            if axis.get_visible():
                artists += [t for t in axis.get_ticklabels() if t.get_text()]
    return [a for a in artists if a.get_visible() and a.get_text()]


def overlap(a: Any, b: Any) -> bool:
    return bool(a.x0 < b.x1 - 0.5 and b.x0 < a.x1 - 0.5 and a.y0 < b.y1 - 0.5 and b.y0 < a.y1 - 0.5)


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


# --------------------------------------------------------------------------------------
# Palette and direct labels, read from the SVG
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("n_series", [1, 2, 3, 4])
def test_bars_take_the_afcharts_palette_in_series_order(n_series: int) -> None:
    spec = bar_spec(n_series)
    root = parse_svg(images(spec).svg)
    by_id = groups(root)
    for k in range(n_series):
        for i in range(len(spec.categories)):
            assert colours(by_id[f"chart-{spec.id}-bar-{k}-{i}"]) == {PALETTES[n_series][k]}
    used = colours(root)
    assert used - NEUTRALS == set(PALETTES[n_series])


@pytest.mark.parametrize("n_series", [1, 2, 3, 4])
def test_every_bar_carries_its_printed_label(n_series: int) -> None:
    spec = bar_spec(n_series)
    by_id = groups(parse_svg(images(spec).svg))
    for k in range(n_series):
        for i in range(len(spec.categories)):
            label = group_text(by_id[f"chart-{spec.id}-label-{k}-{i}"])
            assert label == expected_label(spec, k, i)
            if n_series > 1:
                assert label.startswith(f"{spec.series[k].name}: ")


def test_two_series_use_the_duo_palette_and_name_the_series_in_each_label() -> None:
    spec = homicide_spec()
    by_id = groups(parse_svg(images(spec).svg))
    assert colours(by_id["chart-homicide-1-bar-0-0"]) == {"#12436d"}
    assert colours(by_id["chart-homicide-1-bar-1-0"]) == {"#f46a25"}
    assert group_text(by_id["chart-homicide-1-label-0-0"]) == "2023/24: 45"
    assert group_text(by_id["chart-homicide-1-label-1-0"]) == "2024/25: 31"


@pytest.mark.parametrize("spec", ALL_SPECS, ids=lambda s: s.id)
def test_the_image_carries_axis_label_and_categories_but_no_title_subtitle_or_source(
    spec: ChartSpec,
) -> None:
    root = parse_svg(images(spec).svg)
    by_id = groups(root)
    assert group_text(by_id[f"chart-{spec.id}-value-axis-label"]) == spec.value_axis_label
    for i, category in enumerate(spec.categories):
        assert group_text(by_id[f"chart-{spec.id}-category-{i}"]) == category
    ticks = [group_text(g) for name, g in by_id.items() if name.startswith(f"chart-{spec.id}-tick")]
    assert "0" in ticks and len(ticks) >= 3
    for part in ("title", "subtitle", "source"):
        assert f"chart-{spec.id}-{part}" not in by_id
    drawn = " ".join(text_lines(root))
    for words in (spec.title, spec.subtitle, spec.source):
        assert words not in drawn


def test_title_subtitle_and_source_do_not_change_the_image_or_its_cache_key() -> None:
    spec = change_spec()
    reworded = replace(
        spec, title="A different headline", subtitle="Another subtitle", source="Source: elsewhere"
    )
    assert draw(reworded) == images(spec)
    assert chart_key(reworded) == chart_key(spec)
    assert chart_key(replace(spec, value_axis_label="Per cent")) != chart_key(spec)


def test_svg_text_is_real_text_in_liberation_sans_with_arial_fallback() -> None:
    svg = images(bar_spec(2)).svg
    root = parse_svg(svg)
    assert root.tag == f"{SVG}svg"
    assert root.attrib["id"] == "chart-rates-2"
    texts = list(root.iter(f"{SVG}text"))
    assert texts and not list(root.iter(f"{SVG}image"))
    for text in texts:
        assert "font-family: 'Liberation Sans', 'Arial', sans-serif" in text.attrib["style"]
    # Words are text, not glyph outlines: no glyph definitions, and the file stays small.
    assert b"LiberationSans-" not in svg and b"DejaVuSans" not in svg
    assert len(svg) < 15_000
    assert b"<dc:date>" not in svg


def _pdf_fonts(resources: Any, found: set[str]) -> set[str]:
    """The base fonts a PDF page's resources use, form XObjects included."""
    resources = resources.get_object() if resources is not None else None
    if resources:
        for font in (resources.get("/Font") or {}).values():
            found.add(str(font.get_object()["/BaseFont"]))
        for xobject in (resources.get("/XObject") or {}).values():
            _pdf_fonts(xobject.get_object().get("/Resources"), found)
    return found


def test_typst_sets_the_chart_text_as_text_in_the_shipped_liberation_sans() -> None:
    import typst
    from pypdf import PdfReader

    spec = line_spec()
    page = (
        b"#set page(width: 17cm, height: auto, margin: 0.5cm)\n"
        b'#image(bytes(sys.inputs.svg), format: "svg", width: 100%)\n'
    )
    pdf, warnings = typst.compile_with_warnings(
        page,
        font_paths=[template_file("fonts")],
        ignore_system_fonts=True,
        sys_inputs={"svg": images(spec).svg.decode("utf-8")},
    )
    assert not warnings
    (first,) = PdfReader(io.BytesIO(pdf)).pages
    fonts = {name.split("+")[-1] for name in _pdf_fonts(first["/Resources"], set())}
    assert fonts == {"LiberationSans", "LiberationSans-Bold"}  # the series names are bold
    text = first.extract_text()
    for words in (spec.value_axis_label, *spec.categories, *spec.series[0].labels):
        assert words in text


def test_png_is_150_dpi_at_the_a4_text_width() -> None:
    width, height = png_size(images(bar_spec(2)).png)
    assert width == round(6.3 * 150)
    assert height > 300


# --------------------------------------------------------------------------------------
# Geometry, read from the Figure
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("n_series", [1, 2, 3, 4])
def test_bar_value_axis_starts_at_zero(n_series: int) -> None:
    with built(bar_spec(n_series)) as (figure, _renderer):
        (axes,) = figure.axes
        assert axes.get_xlim()[0] == 0
        assert all(patch.get_x() == 0 for patch in axes.patches)


def test_negative_changes_get_both_signs_and_a_visible_zero_line() -> None:
    spec = change_spec()
    with built(spec) as (figure, renderer):
        (axes,) = figure.axes
        low, high = axes.get_xlim()
        assert low < -31.1 and high > 11.5
        zero_lines = [
            line
            for line in axes.get_lines()
            if list(line.get_xdata()) == [0, 0] and line.get_linewidth() >= 1
        ]
        assert zero_lines and zero_lines[0].get_color().lower() == "#3d3d3d"
        # Labels of falls sit left of their bar, labels of rises right of theirs.
        for i, value in enumerate(spec.series[0].values):
            label = next(t for t in axes.texts if t.get_gid() == f"chart-change-1-label-0-{i}")
            box = label.get_window_extent(renderer)
            zero_x = axes.transData.transform((0, 0))[0]
            if value is not None and value < 0:
                assert box.x1 < zero_x
            else:
                assert box.x0 > zero_x
    by_id = groups(parse_svg(images(spec).svg))
    assert group_text(by_id["chart-change-1-label-0-0"]) == "-31.1%"


def test_missing_values_are_labelled_not_available_and_draw_no_bar() -> None:
    spec = missing_spec()
    by_id = groups(parse_svg(images(spec).svg))
    assert "chart-cyber-1-bar-0-0" not in by_id
    assert group_text(by_id["chart-cyber-1-label-0-0"]) == "2023/24: not available"
    assert "chart-cyber-1-bar-1-0" in by_id
    single = replace(
        change_spec(),
        series=(Series("Change", (None, -9.9, 11.5, 2.0), ("", "-9.9%", "+11.5%", "+2.0%")),),
    )
    assert group_text(groups(parse_svg(draw(single).svg))["chart-change-1-label-0-0"]) == (
        "not available"
    )


@pytest.mark.parametrize("spec", ALL_SPECS, ids=lambda s: s.id)
def test_text_never_overlaps_and_stays_inside_the_image(spec: ChartSpec) -> None:
    with built(spec) as (figure, renderer):
        page = figure.bbox
        boxes = [
            (t.get_gid() or t.get_text(), t.get_window_extent(renderer))
            for t in text_artists(figure)
        ]
        for name, box in boxes:
            assert page.x0 <= box.x0 and box.x1 <= page.x1, name
            assert page.y0 <= box.y0 and box.y1 <= page.y1, name
        for (a_name, a), (b_name, b) in itertools.combinations(boxes, 2):
            assert not overlap(a, b), (a_name, b_name)
        bars = [p.get_window_extent(renderer) for axes in figure.axes for p in axes.patches]
        for name, box in boxes:
            for bar in bars:
                assert not overlap(box, bar), name


@pytest.mark.parametrize("spec", ALL_SPECS, ids=lambda s: s.id)
def test_gridlines_break_around_labels_instead_of_running_through_them(spec: ChartSpec) -> None:
    from matplotlib.collections import LineCollection

    with built(spec) as (figure, renderer):
        (axes,) = figure.axes
        (grid,) = [c for c in axes.collections if isinstance(c, LineCollection)]
        assert {tuple(round(v, 3) for v in c) for c in grid.get_colors()} == {
            (0.851, 0.851, 0.851, 1.0)  # house GRID, #d9d9d9
        }
        segments = [axes.transData.transform(segment) for segment in grid.get_segments()]
        assert segments
        boxes = [t.get_window_extent(renderer) for t in text_artists(figure)]
        for (xa, ya), (xb, yb) in segments:
            for box in boxes:
                crosses_x = min(xa, xb) < box.x1 - 0.5 and max(xa, xb) > box.x0 + 0.5
                crosses_y = min(ya, yb) < box.y1 - 0.5 and max(ya, yb) > box.y0 + 0.5
                assert not (crosses_x and crosses_y)


@pytest.mark.parametrize("spec", ALL_SPECS, ids=lambda s: s.id)
def test_text_is_horizontal_dark_and_at_least_9_point(spec: ChartSpec) -> None:
    from matplotlib import font_manager

    with built(spec) as (figure, _renderer):
        for text in text_artists(figure):
            assert text.get_rotation() == 0
            assert text.get_fontsize() >= 9
            assert text.get_color().lower() in {"#0b0c0c", "#3d3d3d"}
            font_file = Path(font_manager.findfont(text.get_fontproperties()))
            bold = text.get_fontweight() == "bold"
            name = "LiberationSans-Bold.ttf" if bold else "LiberationSans-Regular.ttf"
            assert font_file == template_file("fonts") / name


@pytest.mark.parametrize("spec", ALL_SPECS, ids=lambda s: s.id)
def test_chart_is_a4_text_width_and_starts_just_above_its_plot(spec: ChartSpec) -> None:
    with built(spec) as (figure, renderer):
        assert figure.get_size_inches()[0] == pytest.approx(6.3)
        (axes,) = figure.axes
        assert not axes.spines["top"].get_visible()
        assert not axes.spines["right"].get_visible()
        # No headline above the plot any more: the top of the image is the plot (a bar chart)
        # or the value-axis label over it (a line chart), a small padding from the edge.
        tops = [t.get_window_extent(renderer).y1 for t in text_artists(figure)]
        top = max([axes.get_window_extent(renderer).y1, *tops])
        assert 0 < figure.bbox.y1 - top <= 0.2 * figure.dpi


def test_long_category_names_wrap_at_about_28_characters_unabbreviated() -> None:
    spec = bar_spec(1)
    by_id = groups(parse_svg(images(spec).svg))
    lines = text_lines(by_id["chart-rates-1-category-0"])
    assert len(lines) > 1 and all(len(line) <= 28 for line in lines)
    assert " ".join(lines) == spec.categories[0]


def test_height_grows_with_the_number_of_bars() -> None:
    heights = []
    for n_series in (1, 2, 4):
        with built(bar_spec(n_series)) as (figure, _renderer):
            heights.append(figure.get_size_inches()[1])
    assert heights == sorted(heights) and heights[0] < heights[-1]


# --------------------------------------------------------------------------------------
# Line charts
# --------------------------------------------------------------------------------------


def test_line_chart_draws_one_marked_line_per_series_in_palette_order() -> None:
    spec = line_spec()
    by_id = groups(parse_svg(images(spec).svg))
    for k in range(2):
        assert PALETTES[2][k] in colours(by_id[f"chart-trend-1-line-{k}"])
    with built(spec) as (figure, _renderer):
        (axes,) = figure.axes
        lines = {line.get_gid(): line for line in axes.get_lines()}
        for k in range(2):
            line = lines[f"chart-trend-1-line-{k}"]
            assert line.get_marker() not in (None, "", "None")
            assert line.get_color().lower() == PALETTES[2][k]
        markers = {lines[f"chart-trend-1-line-{k}"].get_marker() for k in range(2)}
        assert len(markers) == 2  # shape as well as colour tells the lines apart
        assert axes.get_ylim()[0] == 0


def test_line_chart_labels_every_point_and_names_each_line_at_its_end() -> None:
    spec = line_spec()
    by_id = groups(parse_svg(images(spec).svg))
    for k, series in enumerate(spec.series):
        for i in range(len(spec.categories)):
            assert group_text(by_id[f"chart-trend-1-label-{k}-{i}"]) == expected_label(spec, k, i)
        assert group_text(by_id[f"chart-trend-1-series-name-{k}"]) == series.name
    assert (
        group_text(by_id["chart-trend-1-label-1-5"]) == "England and Wales average: not available"
    )
    with built(spec) as (figure, renderer):
        (axes,) = figure.axes
        last_x = axes.transData.transform((len(spec.categories) - 1, 0))[0]
        for k in range(2):
            name = next(t for t in axes.texts if t.get_gid() == f"chart-trend-1-series-name-{k}")
            assert name.get_window_extent(renderer).x0 > last_x


def test_line_labels_do_not_cover_markers_or_lines() -> None:
    spec = line_spec()
    with built(spec) as (figure, renderer):
        (axes,) = figure.axes
        labels = [t for t in axes.texts if "-label-" in (t.get_gid() or "")]
        lines = [line for line in axes.get_lines() if "-line-" in (line.get_gid() or "")]
        for line in lines:
            xy = [p for p in line.get_xydata() if p[1] == p[1]]  # drop NaN gaps
            points = axes.transData.transform(xy)
            # Sample each segment densely; no sample may fall inside a label.
            samples = [
                a + (b - a) * t / 20
                for a, b in itertools.pairwise(points)
                if not (a[0] != a[0] or b[0] != b[0])
                for t in range(21)
            ] + list(points)
            for label in labels:
                box = label.get_window_extent(renderer)
                for x, y in samples:
                    assert not (box.x0 < x < box.x1 and box.y0 < y < box.y1), label.get_text()


def test_four_series_line_chart_with_falls_shows_both_signs_and_every_label() -> None:
    spec = busy_line_spec()
    by_id = groups(parse_svg(images(spec).svg))
    for k in range(4):
        assert PALETTES[4][k] in colours(by_id[f"chart-changes-4-line-{k}"])
        assert group_text(by_id[f"chart-changes-4-series-name-{k}"]) == spec.series[k].name
        for i in range(len(spec.categories)):
            assert group_text(by_id[f"chart-changes-4-label-{k}-{i}"]) == expected_label(spec, k, i)
    assert group_text(by_id["chart-changes-4-label-2-3"]) == "Homicide: not available"
    with built(spec) as (figure, _renderer):
        (axes,) = figure.axes
        low, high = axes.get_ylim()
        assert low <= -21.3 and high >= 22.0
        assert any(list(line.get_ydata()) == [0, 0] for line in axes.get_lines())


def test_a_missing_point_leaves_a_gap_in_the_line() -> None:
    with built(line_spec()) as (figure, _renderer):
        (axes,) = figure.axes
        line = next(ln for ln in axes.get_lines() if ln.get_gid() == "chart-trend-1-line-1")
        y = list(line.get_ydata())
        assert y[-1] != y[-1]  # NaN: matplotlib breaks the line there


# --------------------------------------------------------------------------------------
# Text alternatives
# --------------------------------------------------------------------------------------


def test_alt_text_states_type_what_it_shows_and_message() -> None:
    assert alt_text(homicide_spec()) == (
        "Bar chart of homicides recorded by West Midlands Police, 2023/24 and 2024/25. Homicides "
        "fell by 14 in 2024/25. The data table after the chart gives the values."
    )


@pytest.mark.parametrize("spec", ALL_SPECS, ids=lambda s: s.id)
def test_alt_text_is_short_and_leaves_the_values_to_the_data_table(spec: ChartSpec) -> None:
    text = alt_text(spec)
    assert text.startswith("Bar chart of " if spec.kind == "bar" else "Line chart of ")
    assert spec.title in text
    end = " The data table after the chart gives the values."
    assert text.endswith(end)
    # However many values a chart plots, its alt text says what it shows, not each value.
    assert len(text) <= len(spec.subtitle) + len(spec.title) + len(end) + 20


@pytest.mark.parametrize("spec", ALL_SPECS, ids=lambda s: s.id)
def test_data_table_holds_exactly_the_plotted_labels(spec: ChartSpec) -> None:
    header, rows = data_table(spec)
    assert header == ("Measure" if spec.kind == "bar" else "Period", *(s.name for s in spec.series))
    assert [row[0] for row in rows] == list(spec.categories)
    for i, row in enumerate(rows):
        assert len(row) == len(header)
        for k, series in enumerate(spec.series):
            expected = "Not available" if series.values[i] is None else series.labels[i]
            assert row[k + 1] == expected
    # The chart shows the same printed numbers as the table.
    by_id = groups(parse_svg(images(spec).svg))
    for i, row in enumerate(rows):
        for k in range(len(spec.series)):
            shown = group_text(by_id[f"chart-{spec.id}-label-{k}-{i}"])
            assert shown.endswith(row[k + 1] if row[k + 1] != "Not available" else "not available")


# --------------------------------------------------------------------------------------
# The cache key
# --------------------------------------------------------------------------------------


def test_the_cache_key_hashes_every_module_the_drawing_imports() -> None:
    render = ROOT / "reportgen" / "render"
    found, todo = set(), ["charts"]
    while todo:
        module = todo.pop()
        found.add(module)
        tree = ast.parse((render / f"{module}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "reportgen.render."
            ):
                name = str(node.module).rsplit(".", 1)[1]
                if name not in found:
                    todo.append(name)
    assert {f"{name}.py" for name in found} == set(chart_cache.DRAWING_MODULES)


def test_the_cache_key_changes_with_the_font_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = homicide_spec()
    shipped = chart_key(spec)
    for project, extra in (("same", b""), ("changed", b"\0")):
        fonts = tmp_path / project / "templates" / "fonts"
        fonts.mkdir(parents=True)
        for name in ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"):
            (fonts / name).write_bytes((template_file("fonts") / name).read_bytes() + extra)
    # A project's own templates/fonts is drawn with instead of the shipped one.
    monkeypatch.chdir(tmp_path / "same")
    assert chart_key(spec) == shipped  # the same font files, wherever they are
    monkeypatch.chdir(tmp_path / "changed")
    assert chart_key(spec) != shipped


# --------------------------------------------------------------------------------------
# Reproducibility, isolation, validation
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", [bar_spec(3), change_spec(), line_spec()], ids=lambda s: s.id)
def test_outputs_are_byte_identical_in_process(spec: ChartSpec) -> None:
    first, second = draw(spec), draw(spec)
    assert first.svg == second.svg
    assert first.png == second.png


@pytest.mark.slow
def test_outputs_are_byte_identical_across_fresh_processes(tmp_path: Path) -> None:
    specs = [bar_spec(3), line_spec()]
    script = "\n".join(
        [
            "import hashlib",
            "from reportgen.compose.charts import ChartSpec, Series",
            "from reportgen.render.charts import draw",
            f"for spec in {specs!r}:",
            "    images = draw(spec)",
            "    print(hashlib.sha256(images.svg).hexdigest(), "
            "hashlib.sha256(images.png).hexdigest())",
        ]
    )
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p
        )
        result = subprocess.run(
            [sys.executable, "-c", script],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    in_process = "".join(
        f"{hashlib.sha256(draw(s).svg).hexdigest()} {hashlib.sha256(draw(s).png).hexdigest()}\n"
        for s in specs
    )
    assert outputs[0] == in_process


def test_importing_needs_no_matplotlib_and_drawing_needs_no_pyplot() -> None:
    script = "\n".join(
        [
            "import sys",
            "from reportgen.compose.charts import ChartSpec, Series, alt_text, data_table",
            "from reportgen.render.charts import draw",
            f"spec = {homicide_spec()!r}",
            "alt_text(spec), data_table(spec)",
            "print('matplotlib' in sys.modules)",
            "draw(spec)",
            "print('matplotlib.pyplot' in sys.modules)",
        ]
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert result.stdout.split() == ["False", "False"]


def test_drawing_leaves_global_matplotlib_settings_alone() -> None:
    import matplotlib

    keys: list[Any] = [
        "svg.hashsalt",
        "svg.fonttype",
        "font.family",
        "text.hinting",
        "text.parse_math",
    ]
    before = {key: matplotlib.rcParams[key] for key in keys}
    draw(bar_spec(2))
    assert {key: matplotlib.rcParams[key] for key in keys} == before


def test_dollar_signs_print_as_themselves() -> None:
    spec = replace(
        homicide_spec(),
        series=(
            Series("2023/24", (5.0,), ("$5 and $6",)),
            Series("2024/25", (6.0,), ("$6",)),
        ),
    )
    by_id = groups(parse_svg(draw(spec).svg))
    assert group_text(by_id["chart-homicide-1-label-0-0"]) == "2023/24: $5 and $6"


@pytest.mark.parametrize(
    "change",
    [
        {"id": "has spaces"},
        {"kind": "pie"},
        {"categories": ()},
        {"series": ()},
        {"series": tuple(Series(str(k), (1.0,), ("1",)) for k in range(5))},
        {"series": (Series("2024/25", (1.0, 2.0), ("1",)),)},
        {"series": (Series("2024/25", (float("nan"),), ("nan",)),)},
    ],
)
def test_invalid_specs_are_rejected(change: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="invalid chart spec"):
        replace(homicide_spec(), **change)


def test_all_zero_and_single_period_charts_still_draw() -> None:
    zeros = replace(
        homicide_spec(),
        series=(Series("2023/24", (0.0,), ("0",)), Series("2024/25", (None,), ("",))),
    )
    single = replace(
        line_spec(),
        categories=("2024/25",),
        series=(Series("Victims satisfied", (83.0,), ("83.0%",)),),
    )
    for spec in (zeros, single):
        result = draw(spec)
        assert result.svg.startswith(b"<?xml") and png_size(result.png)[0] == 945


def test_a_series_that_stops_at_a_definition_break_is_not_labelled_not_available() -> None:
    """A line that does not cover a period on purpose (its label is '–') simply stops there;
    only a value the source did not publish is labelled 'not available'."""
    from reportgen.compose.charts import NO_VALUE

    spec = ChartSpec(
        id="break-1",
        kind="line",
        title="Offences rose on the current definition",
        subtitle="Offences recorded, 2021/22 to 2024/25",
        categories=("2021/22", "2022/23", "2023/24", "2024/25"),
        series=(
            Series(
                "Earlier definition",
                (1400.0, 1300.0, None, None),
                ("1,400", "1,300", NO_VALUE, NO_VALUE),
            ),
            Series(
                "Current definition", (None, 1000.0, 1100.0, None), (NO_VALUE, "1,000", "1,100", "")
            ),
        ),
        value_axis_label="Number",
        source="Source: force data",
    )
    root = ET.fromstring(draw(spec).svg)
    words = " ".join(
        " ".join(text_lines(element)) for element in root.iter("{http://www.w3.org/2000/svg}text")
    )
    assert words.count("not available") == 1  # 2024/25 on the current definition, unpublished
    assert "1,400" in words and "1,100" in words
