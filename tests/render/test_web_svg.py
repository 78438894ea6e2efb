"""A drawn chart made part of the web page (reportgen.render.web_svg), read back as browsers read it.

Charts are drawn both ways matplotlib can write words in an SVG, glyph outlines
(``svg.fonttype = "path"``) and ``<text>`` (``"none"``), so the page takes either drawing.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

import html5lib  # type: ignore[import-untyped]
import pytest

from reportgen.compose.charts import ChartSpec
from reportgen.render import charts
from reportgen.render.web_svg import web_svg
from tests.sample_document import HOMICIDE_CHART

if TYPE_CHECKING:
    from playwright.sync_api import Page

SVG = "{http://www.w3.org/2000/svg}"
# A chart label from the edition's input that tries to be markup.
LABEL = '<script>alert(1)</script> & "Homicides" </svg><!-- recorded'
SPEC = replace(HOMICIDE_CHART.spec, categories=(LABEL, HOMICIDE_CHART.spec.categories[1]))

Draw = Callable[[ChartSpec], bytes]


@pytest.fixture(params=["path", "none"])
def fonttype(request: pytest.FixtureRequest) -> str:
    """How the drawing writes words: glyph outlines ("path") or <text> ("none")."""
    value: str = request.param
    return value


@pytest.fixture
def draw(fonttype: str, monkeypatch: pytest.MonkeyPatch) -> Draw:
    """Draws a chart's SVG with its words written as `fonttype` says."""
    drawing_settings = charts._rc

    def settings(spec: ChartSpec) -> dict[str, object]:
        return {**drawing_settings(spec), "svg.fonttype": fonttype}

    monkeypatch.setattr(charts, "_rc", settings)
    return lambda spec: charts.draw(spec).svg


def in_page(svg: str) -> ET.Element:
    """The <svg> element as the HTML5 parsing algorithm builds it inside a page."""
    root = html5lib.parse(
        f"<!DOCTYPE html><title>t</title><p>{svg}<p>after",
        treebuilder="etree",
        namespaceHTMLElements=False,
    )
    found: ET.Element = root.find(f".//p/{SVG}svg")
    return found


def test_either_drawing_becomes_one_named_svg_scaled_by_its_viewbox(draw: Draw) -> None:
    drawn = draw(SPEC)
    written = web_svg(drawn, "figure-7-", "What the chart shows.")
    assert written.startswith("<svg ") and written.endswith("</svg>")
    svg = in_page(written)
    original = ET.fromstring(drawn)
    assert svg.get("role") == "img"
    assert svg.get("aria-label") == "What the chart shows."
    assert svg.get("viewBox") == " ".join((original.get("viewBox") or "").split())
    assert svg.get("width") is None and svg.get("height") is None
    # No prolog, DOCTYPE, comment or metadata reaches the page; the paragraph after it is intact.
    assert "<?xml" not in written and "<!" not in written and "metadata" not in written
    assert not list(svg.iter(f"{SVG}style"))


def test_kept_ids_are_prefixed_and_every_reference_inside_resolves(draw: Draw) -> None:
    svg = in_page(web_svg(draw(SPEC), "figure-7-", "alt"))
    ids = [e.get("id") for e in svg.iter() if e.get("id")]
    assert ids and all(i.startswith("figure-7-") for i in ids)
    assert len(ids) == len(set(ids))
    references = [
        target
        for e in svg.iter()
        for name, value in e.attrib.items()
        for target in ([value[1:]] if name == "href" else re.findall(r"url\(#([^)]+)\)", value))
    ]
    assert references and set(references) == set(ids)


def test_a_label_that_looks_like_markup_stays_text(draw: Draw, fonttype: str) -> None:
    written = web_svg(draw(SPEC), "figure-7-", LABEL)
    svg = in_page(written)
    # Nothing broke out of the picture: every element in it is an SVG element, none a script.
    assert all(e.tag.startswith(SVG) for e in svg.iter())
    assert "script" not in {e.tag.removeprefix(SVG) for e in svg.iter()}
    assert "<script" not in written and "</svg><!--" not in written
    assert svg.get("aria-label") == LABEL
    texts = ["".join(e.itertext()) for e in svg.iter(f"{SVG}text")]
    # Drawn as <text>, the label is there word for word (wrapped into lines); drawn as
    # outlines, there is no text.
    assert (LABEL in " ".join(texts)) == (fonttype == "none")
    assert bool(texts) == (fonttype == "none")


def test_coordinates_are_rounded_to_hundredths_but_scale_factors_are_kept() -> None:
    drawn = (
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 453.6 221.823984">'
        b'<path d="M 121.888125 164.401875 \nL 446.4 -0.004 z" '
        b'transform="translate(119.025 174.739766) scale(0.015625 -0.09)"/>'
        b'<text x="39.514375" y="293.383623">1.23456</text></svg>'
    )
    svg = in_page(web_svg(drawn, "p-", "alt"))
    path, text = list(svg)
    assert path.get("d") == "M121.89 164.4L446.4 0z"
    assert path.get("transform") == "translate(119.03 174.74) scale(0.015625 -0.09)"
    assert (text.get("x"), text.get("y"), text.text) == ("39.51", "293.38", "1.23456")


def test_ids_nothing_points_to_and_groups_that_set_nothing_are_left_out() -> None:
    drawn = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        b' viewBox="0 0 10 10" id="chart-x"><defs><style type="text/css">'
        b"*{stroke-linejoin: round; stroke-linecap: butt}</style></defs>"
        b'<g id="figure_1"><g id="patch_1"><defs><path id="glyph" d="M 0 0"/></defs>'
        b'<use xlink:href="#glyph"/></g><g id="group" style="clip-path: url(#clip)"/>'
        b'<clipPath id="clip"><rect width="5.001" height="5"/></clipPath></g></svg>'
    )
    written = web_svg(drawn, "figure-2-", "alt")
    assert written == (
        '<svg viewBox="0 0 10 10" role="img" aria-label="alt"'
        ' style="stroke-linejoin:round;stroke-linecap:butt">'
        '<defs><path id="figure-2-glyph" d="M0 0"/></defs><use href="#figure-2-glyph"/>'
        '<g style="clip-path:url(#figure-2-clip)"/>'
        '<clipPath id="figure-2-clip"><rect width="5" height="5"/></clipPath></svg>'
    )


@pytest.mark.parametrize(
    ("inside", "message"),
    [
        ("<script>alert(1)</script>", "<script> element"),
        ("<foreignObject><p>x</p></foreignObject>", "<foreignObject> element"),
        ('<rect onclick="alert(1)"/>', "event handler: onclick"),
        ('<use xlink:href="https://example.org/x.svg#a"/>', "links outside itself"),
        ('<image xlink:href="data:image/png;base64,AAAA"/>', "<image> element"),
        ("<style>text { fill: red }</style>", "stylesheet the page cannot take"),
    ],
)
def test_what_could_run_fetch_or_style_the_page_is_refused(inside: str, message: str) -> None:
    drawn = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        f' viewBox="0 0 10 10">{inside}</svg>'
    ).encode()
    with pytest.raises(ValueError, match=re.escape(message)):
        web_svg(drawn, "p-", "alt")


@pytest.mark.parametrize(
    "drawn", [b"not xml", b"<svg/>", b'<html xmlns="http://www.w3.org/1999/xhtml"/>']
)
def test_a_picture_that_is_not_an_svg_drawing_is_refused(drawn: bytes) -> None:
    with pytest.raises(ValueError, match=r"not XML|not an SVG"):
        web_svg(drawn, "p-", "alt")


def test_the_page_draws_the_picture_as_the_drawn_file_is_drawn(draw: Draw, page: Page) -> None:
    from PIL import Image, ImageChops

    def screenshot(svg: str) -> Image.Image:
        page.set_content(
            '<!DOCTYPE html><html lang="en"><title>t</title><body style="margin: 0">'
            f"<style>svg {{ display: block; width: 600px; height: auto }}</style>{svg}"
        )
        return Image.open(io.BytesIO(page.locator("svg").screenshot())).convert("L")

    drawn = draw(SPEC)
    # The drawn file as it is, and as the page writes it, both laid out by the browser inline.
    as_drawn, as_written = screenshot(drawn.decode("utf-8")), screenshot(web_svg(drawn, "f-", "a"))
    assert as_written.size == as_drawn.size
    changed = sum(ImageChops.difference(as_drawn, as_written).histogram()[65:])
    # Coordinates rounded to a hundredth of a point move an edge's anti-aliasing, nothing more.
    assert changed / (as_drawn.size[0] * as_drawn.size[1]) < 0.001
