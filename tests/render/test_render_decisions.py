"""Decisions made once in the tree and followed by every renderer: numeric columns, the letterhead,
and the order of a chart's parts."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import replace
from typing import Any

import html5lib  # type: ignore[import-untyped]
import pypdf
import pytest
from docx.oxml.ns import nsmap
from lxml import etree

from reportgen.compose.document import (
    Cell,
    Chart,
    ChartPart,
    Document,
    Table,
)
from reportgen.render.docx import render_docx
from reportgen.render.html import render_html
from reportgen.render.pdf import render_pdf
from tests.sample_document import HOMICIDE_CHART, sample_document, sample_images

SOURCE_FIRST: tuple[ChartPart, ...] = ("caption", "source", "image", "data")
NS = {"w": nsmap["w"], "wp": nsmap["wp"]}
# A numeric column whose only cell is a placeholder: aligned right because the tree says so.
PLACEHOLDER_TABLE = Table(
    caption="Placeholders",
    header=("Measure", "Value"),
    rows=((Cell("Knife crime", row_header=True), Cell("Not available")),),
    purpose="figures",
    numeric=(False, True),
)


@pytest.fixture(scope="module")
def images() -> dict[str, bytes]:
    return sample_images()


def _with_charts(**order: tuple[ChartPart, ...]) -> Document:
    document = sample_document()
    return replace(
        document,
        blocks=tuple(replace(b, **order) if isinstance(b, Chart) else b for b in document.blocks),
    )


def _docx_body(data: bytes) -> Any:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read("word/document.xml")).find("w:body", NS)


def _docx_text(element: Any) -> str:
    return "".join(element.xpath(".//w:t/text()", namespaces=NS))


def _html(data: bytes) -> ET.Element:
    root: ET.Element = html5lib.parse(data, treebuilder="etree", namespaceHTMLElements=False)
    return root


def test_a_chart_order_must_start_with_the_caption_over_the_picture() -> None:
    with pytest.raises(ValueError, match="caption first"):
        replace(HOMICIDE_CHART, order=("image", "caption", "data", "source"))
    with pytest.raises(ValueError, match="every part once"):
        replace(HOMICIDE_CHART, order=("caption", "image", "data"))
    with pytest.raises(ValueError, match="image next"):
        replace(HOMICIDE_CHART, order=("caption", "data", "image", "source"))


def test_the_docx_follows_the_trees_chart_order(images: dict[str, bytes]) -> None:
    body = _docx_body(render_docx(_with_charts(order=SOURCE_FIRST), images))
    blocks = list(body)
    caption = next(i for i, b in enumerate(blocks) if _docx_text(b) == HOMICIDE_CHART.caption)
    source, picture, data_caption, table = blocks[caption + 1 : caption + 5]
    assert _docx_text(source) == HOMICIDE_CHART.source
    assert picture.xpath(".//wp:docPr/@descr", namespaces=NS) == [HOMICIDE_CHART.alt]
    assert _docx_text(data_caption) == HOMICIDE_CHART.data.caption
    assert table.tag == f"{{{NS['w']}}}tbl"


def test_the_web_page_follows_the_trees_chart_order(images: dict[str, bytes]) -> None:
    page = _html(render_html(_with_charts(order=SOURCE_FIRST), images))
    for figure in page.iter("figure"):
        figcaption, source, image, data = list(figure)
        assert (figcaption.tag, figcaption.get("class")) == ("figcaption", "chart-caption")
        assert (source.tag, source.get("class")) == ("p", "chart-source")
        assert image.tag == "{http://www.w3.org/2000/svg}svg"
        assert (data.tag, data.get("class")) == ("details", "chart-data")


def test_the_pdf_follows_the_trees_chart_order(images: dict[str, bytes]) -> None:
    pdf = render_pdf(_with_charts(order=SOURCE_FIRST), images)
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    text = re.sub(r"\s+", " ", text)
    caption = text.index(HOMICIDE_CHART.caption)
    source = text.index(HOMICIDE_CHART.source, caption)
    assert caption < source < text.index(HOMICIDE_CHART.data.caption, caption)


def test_numeric_columns_are_aligned_as_the_tree_marks_them(images: dict[str, bytes]) -> None:
    document = replace(sample_document(), blocks=(PLACEHOLDER_TABLE,))
    body = _docx_body(render_docx(document, images))
    alignments = [
        [
            str(tc.xpath("string(w:p/w:pPr/w:jc/@w:val)", namespaces=NS))
            for tc in row.xpath("w:tc", namespaces=NS)
        ]
        for row in body.xpath("w:tbl/w:tr", namespaces=NS)
    ]
    assert alignments == [["", "right"], ["", "right"]]
    page = _html(render_html(document, images))
    classes = [[cell.get("class") for cell in row] for row in page.iter("tr")]
    assert classes == [[None, "numeric"], [None, "numeric"]]


def test_a_document_without_a_letterhead_opens_with_its_first_block(
    images: dict[str, bytes],
) -> None:
    document = replace(sample_document(), letterhead=None)
    first = _docx_body(render_docx(document, images))[0]
    assert _docx_text(first) == "National Policing Priorities Statement"
    header = _html(render_html(document, images)).find(".//header")
    assert header is not None and not header.findall(".//p")
    assert render_pdf(document, images).startswith(b"%PDF-")
