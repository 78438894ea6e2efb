"""The HTML renderer: structure read back with a real HTML5 parser (html5lib), then the page in a
real browser (headless Chromium) for axe-core's WCAG checks, phone width, focus and print styles."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import html5lib  # type: ignore[import-untyped]
import pytest

from reportgen.compose.document import (
    Chart,
    ChartPart,
    Document,
    Heading,
    ItemList,
    Paragraph,
    Span,
    Table,
)
from reportgen.render import house
from reportgen.render.html import MissingChartImage, NoStatementSource, read_source, render_html
from tests.browser import (
    DESKTOP,
    PHONE,
    axe_violations,
    describe_violations,
    idle_scroll_regions,
    outside_the_column,
    rgb,
)
from tests.sample_document import HOSTILE, WELSH, sample_document, sample_images

if TYPE_CHECKING:
    from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]
SVG = "{http://www.w3.org/2000/svg}"

# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def document() -> Document:
    return sample_document()


@pytest.fixture(scope="module")
def images() -> dict[str, bytes]:
    return sample_images()


@pytest.fixture(scope="module")
def html(document: Document, images: dict[str, bytes]) -> bytes:
    return render_html(document, images)


@pytest.fixture(scope="module")
def tree(html: bytes) -> ET.Element:
    return parse(html)


def parse(html: bytes) -> ET.Element:
    """The page as the HTML5 parsing algorithm (the one browsers use) builds it."""
    root: ET.Element = html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=False)
    return root


def text(element: ET.Element) -> str:
    return "".join(element.itertext())


def one(tree: ET.Element, path: str) -> ET.Element:
    found = tree.findall(path)
    assert len(found) == 1, f"expected one {path}, found {len(found)}"
    return found[0]


def spans_text(spans: tuple[Span, ...]) -> str:
    return "".join(span.text for span in spans)


def paragraph_text(paragraph: Paragraph) -> str:
    prefix = f"{paragraph.number}. " if paragraph.number is not None else ""
    return prefix + spans_text(paragraph.inlines)


def table_by_caption(tree: ET.Element, caption: str) -> ET.Element:
    found = [t for t in tree.iter("table") if text(one(t, "caption")) == caption]
    assert len(found) == 1, f"expected one table captioned {caption!r}, found {len(found)}"
    return found[0]


def tables_of(document: Document) -> list[Table]:
    return [
        block.data if isinstance(block, Chart) else block
        for block in document.blocks
        if isinstance(block, Table | Chart)
    ]


def everything_hostile(document: Document) -> Document:
    """The sample with the hostile text in every field the page prints."""
    hostile = HOSTILE + ' "quoted" \\ back </style></script><!-- -->'

    def block(b: Any) -> Any:
        if isinstance(b, Heading):
            return replace(b, text=hostile + b.text)
        if isinstance(b, Paragraph):
            return replace(b, inlines=(*b.inlines, Span(hostile)))
        if isinstance(b, ItemList):
            return replace(b, items=tuple((*item, Span(hostile)) for item in b.items))
        if isinstance(b, Table):
            return replace(
                b,
                caption=hostile + b.caption,
                header=tuple(hostile + h for h in b.header),
                rows=tuple(tuple(replace(c, text=hostile + c.text) for c in row) for row in b.rows),
            )
        if isinstance(b, Chart):
            return replace(
                b,
                alt=hostile + b.alt,
                caption=hostile + b.caption,
                source=hostile + b.source,
                data=block(b.data),
            )
        raise AssertionError(b)

    return replace(
        document,
        metadata=replace(
            document.metadata,
            title=hostile,
            subject=hostile,
            author=hostile,
            keywords=(hostile, hostile),
        ),
        furniture=replace(document.furniture, running_header=hostile, running_footer=hostile),
        blocks=tuple(block(b) for b in document.blocks),
        source_data={"narrative": hostile, "nested": [{"x": hostile, "£": 1.5, "n": None}]},
        provenance={"template": hostile},
    )


# --------------------------------------------------------------------------------------
# The page's structure
# --------------------------------------------------------------------------------------


def test_page_declares_language_title_and_metadata(tree: ET.Element, document: Document) -> None:
    metadata = document.metadata
    assert tree.get("lang") == "en-GB"
    assert one(tree, "head/meta[@charset]").get("charset") == "utf-8"
    assert text(one(tree, "head/title")) == metadata.title
    meta = {m.get("name"): m.get("content") for m in tree.iter("meta") if m.get("name")}
    assert meta["description"] == metadata.subject
    assert meta["author"] == metadata.author
    assert meta["keywords"] == ", ".join(metadata.keywords)
    assert meta["viewport"] == "width=device-width, initial-scale=1"


def test_letterhead_is_the_header_landmark_with_contact_block_and_office(
    tree: ET.Element, document: Document
) -> None:
    body = one(tree, "body")
    assert [child.tag for child in body] == ["a", "header", "main", "footer"]
    header = one(body, "header")
    assert document.letterhead is not None
    assert [text(p) for p in one(header, ".//address").findall("p")] == [
        spans_text(line) for line in document.letterhead.contact
    ]
    assert text(one(header, ".//p[@class='office']")) == spans_text(document.letterhead.office)
    mail = one(header, ".//a")
    assert mail.get("href") == "mailto:wmpcc@west-midlands.pnn.police.uk"
    # Nothing of the statement itself is outside <main>.
    assert not header.findall(".//h1") and not one(body, "footer").findall(".//h1")


def test_skip_link_is_the_first_focusable_element_and_targets_main(tree: ET.Element) -> None:
    focusable = [
        e
        for e in one(tree, "body").iter()
        if (e.tag == "a" and e.get("href")) or (e.get("tabindex") not in (None, "-1"))
    ]
    skip = focusable[0]
    assert skip.get("class") == "skip-link"
    assert skip.get("href") == "#main"
    assert one(tree, ".//main").get("id") == "main"


def test_one_h1_and_headings_in_tree_order_without_skipped_levels(
    tree: ET.Element, document: Document
) -> None:
    headings = [e for e in tree.iter() if re.fullmatch(r"h[1-6]", e.tag)]
    expected = [b for b in document.blocks if isinstance(b, Heading)]
    assert [(e.tag, text(e), e.get("id")) for e in headings] == [
        (f"h{h.level}", h.text, h.anchor) for h in expected
    ]
    levels = [int(e.tag[1]) for e in headings]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


def test_numbered_paragraphs_print_their_numbers_in_order_as_text(
    tree: ET.Element, document: Document
) -> None:
    main = one(tree, ".//main")
    numbered = main.findall(".//p[@class='numbered']")
    expected = [b for b in document.blocks if isinstance(b, Paragraph) and b.number is not None]
    assert [p.get("id") for p in numbered] == [f"paragraph-{b.number}" for b in expected]
    assert [text(one(p, "span[@class='paragraph-number']")) for p in numbered] == [
        f"{b.number}." for b in expected
    ]
    # The number is the paragraph's first text, so it is read aloud and copied with it.
    assert [text(p) for p in numbered] == [paragraph_text(b) for b in expected]


def test_every_paragraph_and_list_item_is_printed_exactly_in_tree_order(
    tree: ET.Element, document: Document
) -> None:
    main = one(tree, ".//main")
    printed = [
        text(e)
        for e in main.iter()
        if (e.tag == "p" and "chart" not in (e.get("class") or "")) or e.tag == "li"
    ]
    expected: list[str] = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            expected.append(paragraph_text(block))
        elif isinstance(block, ItemList):
            expected.extend(spans_text(item) for item in block.items)
    assert printed == expected


def test_hostile_text_is_printed_as_written_not_run_as_markup_or_template(
    tree: ET.Element, html: bytes
) -> None:
    assert HOSTILE in text(one(tree, ".//main"))
    assert [s.get("id") for s in tree.iter("script")] == ["statement-source"]
    assert b"{{ 1 + 1 }}" in html
    assert b"<script>alert" not in html


def test_spans_keep_their_language_emphasis_and_links(tree: ET.Element) -> None:
    main = one(tree, ".//main")
    assert [(e.get("lang"), text(e)) for e in main.iter() if e.get("lang")] == [("cy", WELSH)]
    assert [text(e) for e in main.iter("strong")] == ["31"]
    assert [text(e) for e in main.iter("em")] == ["italic"]
    links = [(a.get("href"), a.get("class"), text(a)) for a in main.iter("a")]
    assert links == [
        ("https://www.westmidlands-pcc.gov.uk/plan", "external", "Police and Crime Plan")
    ]


def test_consecutive_spans_with_one_address_make_one_link(images: dict[str, bytes]) -> None:
    document = sample_document()
    href = "https://example.org/plan"
    paragraph = Paragraph(
        (Span("See the "), Span("Police and ", href=href), Span("Crime Plan", bold=True, href=href))
    )
    html = render_html(replace(document, blocks=(*document.blocks, paragraph)), images)
    links = [a for a in parse(html).iter("a") if a.get("href") == href]
    assert [(text(a), [e.tag for e in a]) for a in links] == [("Police and Crime Plan", ["strong"])]


def test_tables_have_caption_scoped_headers_aligned_numbers_and_column_widths(
    tree: ET.Element, document: Document
) -> None:
    expected = tables_of(document)
    assert len(list(tree.iter("table"))) == len(expected)
    for table in expected:
        element = table_by_caption(tree, table.caption)
        head = one(element, "thead/tr").findall("*")
        assert [
            (e.tag, e.get("scope"), "numeric" in (e.get("class") or ""), text(e)) for e in head
        ] == [
            ("th", "col", numeric, h)
            for h, numeric in zip(table.header, table.numeric, strict=True)
        ]
        rows = one(element, "tbody").findall("tr")
        assert len(rows) == len(table.rows)
        for row, cells in zip(rows, table.rows, strict=True):
            assert [
                (e.tag, e.get("scope"), "numeric" in (e.get("class") or ""), text(e)) for e in row
            ] == [
                ("th" if c.row_header else "td", "row" if c.row_header else None, numeric, c.text)
                for c, numeric in zip(cells, table.numeric, strict=True)
            ]
        widths = [col.get("style") for col in element.findall("colgroup/col")]
        assert widths == [f"width: {w * 100:.4g}%" for w in table.widths]


def test_nothing_is_put_in_a_focusable_region(tree: ET.Element) -> None:
    # Tables reflow and charts scale to the column, so nothing scrolls sideways: a region the
    # keyboard stops at that does not scroll would be one tab stop too many.
    assert [e.tag for e in tree.iter() if e.get("tabindex") not in (None, "-1")] == []
    assert [e.tag for e in tree.iter() if e.get("role") == "region"] == []


def test_wide_tables_label_every_value_with_its_column_heading_for_a_phone(
    tree: ET.Element, document: Document
) -> None:
    kinds = set()
    for table in tables_of(document):
        element = table_by_caption(tree, table.caption)
        stacks = "stacks" in (element.get("class") or "").split()
        assert stacks == (table.purpose in ("applicability", "figures") or len(table.header) > 3)
        kinds.add(stacks)
        for row in one(element, "tbody").findall("tr"):
            assert [cell.get("data-label") for cell in row] == [
                heading if stacks and cell.tag == "td" else None
                for cell, heading in zip(row, table.header, strict=True)
            ]
    assert kinds == {True, False}


@pytest.mark.parametrize(
    "order",
    [
        ("caption", "image", "source", "data"),
        ("caption", "image", "data", "source"),
        ("caption", "source", "image", "data"),
    ],
)
def test_each_chart_is_a_figure_of_caption_picture_source_and_data_in_the_trees_order(
    document: Document, images: dict[str, bytes], order: tuple[ChartPart, ...]
) -> None:
    blocks = tuple(replace(b, order=order) if isinstance(b, Chart) else b for b in document.blocks)
    ordered = replace(document, blocks=blocks)
    figures = list(parse(render_html(ordered, images)).iter("figure"))
    assert len(figures) == len(ordered.charts)
    for figure, chart in zip(figures, ordered.charts, strict=True):
        assert figure.get("id") == f"figure-{chart.number}"
        children = list(figure)
        part = {
            "figcaption": "caption",
            f"{SVG}svg": "image",
            "p": "source",
            "details": "data",
        }
        assert tuple(part[child.tag] for child in children) == order
        assert text(one(figure, "figcaption")) == chart.caption
        assert text(one(figure, "p[@class='chart-source']")) == chart.source
        details = one(figure, "details")
        assert text(one(details, "summary")) == chart.data.caption
        assert table_by_caption(details, chart.data.caption) is not None


def test_each_chart_is_an_inline_svg_named_by_its_alt_text_and_scaled_by_its_viewbox(
    tree: ET.Element, document: Document, images: dict[str, bytes]
) -> None:
    for figure, chart in zip(tree.iter("figure"), document.charts, strict=True):
        svg = one(figure, f"{SVG}svg")
        assert (svg.get("role"), svg.get("aria-label")) == ("img", chart.alt)
        drawn = ET.fromstring(images[chart.svg_name])
        assert svg.get("viewBox") == drawn.get("viewBox")
        assert svg.get("width") is None and svg.get("height") is None
        assert not figure.findall(".//img")


def test_every_id_on_the_page_is_unique_and_every_chart_reference_resolves(
    tree: ET.Element, html: bytes
) -> None:
    ids = [e.get("id") for e in tree.iter() if e.get("id")]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    for figure in tree.iter("figure"):
        inside = {e.get("id") for e in figure.iter() if e.get("id")} - {figure.get("id")}
        prefix = f"{figure.get('id')}-"
        assert inside and all(i.startswith(prefix) for i in inside if i)
        references = {
            value[1:] if name == "href" else value[5:-1]
            for e in one(figure, f"{SVG}svg").iter()
            for name, value in e.attrib.items()
            if name == "href" or value.startswith("url(#")
        }
        assert references and references <= inside
    assert b"<?xml" not in html and b"<!DOCTYPE svg" not in html


def test_the_page_references_no_external_resource(tree: ET.Element, html: bytes) -> None:
    for element in tree.iter():
        for attribute in ("src", "srcset", "poster", "data", "action", "formaction", "background"):
            value = element.get(attribute)
            assert value is None, (element.tag, attribute, value)
        href = element.get("href")
        if href is not None:
            # A link, or a chart's use of its own glyphs and markers.
            assert element.tag == "a" or href.startswith("#figure-"), (element.tag, href)
    assert not list(tree.iter("link"))
    style = text(one(tree, "head/style"))
    assert "@import" not in style and "url(" not in style
    assert not re.search(rb"""(?:src|srcset)=["']?(?:https?:)?//""", html)


@pytest.mark.slow
def test_same_tree_and_images_give_the_same_bytes_in_another_process(
    html: bytes, document: Document, images: dict[str, bytes]
) -> None:
    assert render_html(document, images) == html
    script = (
        "import hashlib, sys\n"
        "from reportgen.render.html import render_html\n"
        "from tests.sample_document import sample_document, sample_images\n"
        "sys.stdout.write(hashlib.sha256(render_html(sample_document(), sample_images())).hexdigest())\n"
    )
    # Two processes with different hash seeds: no set or dict order can leak into the page.
    for seed in ("1", "2"):
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        )
        assert result.stdout == hashlib.sha256(html).hexdigest()


def test_read_source_gives_back_the_input_and_provenance(
    html: bytes, document: Document, tmp_path: Path
) -> None:
    expected = {"input": document.source_data, "provenance": document.provenance}
    assert read_source(html) == expected
    path = tmp_path / "statement.html"
    path.write_bytes(html)
    assert read_source(path) == expected
    script = one(parse(html), ".//script[@id='statement-source']")
    assert script.get("type") == "application/json"
    assert json.loads(text(script)) == expected


def test_hostile_text_anywhere_stays_text_and_cannot_close_the_script_or_style(
    document: Document, images: dict[str, bytes]
) -> None:
    hostile_document = everything_hostile(document)
    html = render_html(hostile_document, images)
    tree = parse(html)
    assert read_source(html) == {
        "input": hostile_document.source_data,
        "provenance": hostile_document.provenance,
    }
    assert [s.get("id") for s in tree.iter("script")] == ["statement-source"]
    assert len(list(tree.iter("style"))) == 1
    assert "</" not in text(one(tree, "head/style"))
    assert [e.tag for e in one(tree, "body")] == ["a", "header", "main", "footer"]
    hostile = hostile_document.furniture.running_header
    assert text(one(tree, "head/title")) == hostile
    assert text(one(tree, ".//footer")).count(hostile) == 2
    headings = [text(e) for e in tree.iter() if re.fullmatch(r"h[1-6]", e.tag)]
    assert all(h.startswith(hostile) for h in headings)
    for table in tables_of(hostile_document):
        element = table_by_caption(tree, table.caption)
        assert [text(e) for e in one(element, "thead/tr")] == list(table.header)
    for figure, chart in zip(tree.iter("figure"), hostile_document.charts, strict=True):
        assert one(figure, f"{SVG}svg").get("aria-label") == chart.alt
        assert text(one(figure, "figcaption")) == chart.caption
    main = text(one(tree, ".//main"))
    assert main.count(hostile) > 10
    assert "{{" not in main.replace(hostile, "").replace(HOSTILE, "")


def test_running_header_is_written_as_an_escaped_css_string(
    document: Document, images: dict[str, bytes]
) -> None:
    office = 'Office "A" \\ </style> – ŵ'
    furniture = replace(document.furniture, running_header=office)
    html = render_html(replace(document, furniture=furniture), images)
    style = text(one(parse(html), "head/style"))
    match = re.search(r"@top-left \{ content: (\"[^\"]*\"); \}", style)
    assert match is not None
    escaped = match.group(1)
    decoded = re.sub(r"\\([0-9a-f]{1,6}) ", lambda m: chr(int(m.group(1), 16)), escaped[1:-1])
    assert decoded == office


def test_source_data_that_is_not_json_is_refused(
    document: Document, images: dict[str, bytes]
) -> None:
    from datetime import date

    with pytest.raises(TypeError):
        render_html(replace(document, source_data={"published": date(2025, 6, 30)}), images)


def test_a_page_without_embedded_source_is_reported() -> None:
    with pytest.raises(NoStatementSource, match="no embedded statement source"):
        read_source(b"<!DOCTYPE html><html lang='en-GB'><title>x</title></html>")
    with pytest.raises(NoStatementSource, match="not UTF-8"):
        read_source(b"\xff\xfe<html>")
    with pytest.raises(NoStatementSource, match="not readable JSON"):
        read_source(b'<script type="application/json" id="statement-source">{</script>')


def test_a_chart_without_its_drawn_image_is_reported(
    document: Document, images: dict[str, bytes]
) -> None:
    chart = document.charts[0]
    without = {name: data for name, data in images.items() if name != chart.svg_name}
    with pytest.raises(MissingChartImage, match=re.escape(chart.svg_name)):
        render_html(document, without)


def test_the_page_templates_are_packaged_with_reportgen() -> None:
    import fnmatch
    import tomllib

    from reportgen.paths import packaged_templates_dir

    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]["package-data"]["reportgen.templates"]
    for name in ("statement.html.j2", "statement.css"):
        assert (packaged_templates_dir() / name).is_file()
        assert any(fnmatch.fnmatch(name, pattern) for pattern in patterns), (name, patterns)


# --------------------------------------------------------------------------------------
# In a real browser
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page_url(html: bytes, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("html") / "statement.html"
    path.write_bytes(html)
    return path.as_uri()


def open_page(page: Page, url: str) -> list[str]:
    """Load the page; returns the URLs of every request it made."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url, wait_until="load")
    return requests


def test_browser_axe_finds_no_wcag_a_or_aa_violation_on_desktop(page: Page, page_url: str) -> None:
    open_page(page, page_url)
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)


def test_browser_axe_finds_no_wcag_violation_and_no_sideways_scroll_on_a_phone(
    page: Page, page_url: str
) -> None:
    page.set_viewport_size(PHONE)
    open_page(page, page_url)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)


@pytest.mark.parametrize("width", [PHONE["width"], 641, DESKTOP["width"]])
def test_browser_everything_fits_the_column_and_no_region_takes_focus_to_scroll_nothing(
    page: Page, page_url: str, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, page_url)
    page.eval_on_selector_all("details", "all => all.forEach(d => { d.open = true; })")
    assert outside_the_column(page) == []
    assert idle_scroll_regions(page) == []
    charts = page.eval_on_selector_all(
        "figure svg",
        "all => all.map(s => [s.getBoundingClientRect().width,"
        " s.parentElement.getBoundingClientRect().width, s.getBoundingClientRect().height])",
    )
    assert len(charts) == 2
    for chart, column, height in charts:
        # The picture fills the column (up to its largest size) and keeps its proportions.
        assert (
            chart == pytest.approx(min(column, 768), abs=1) and height > chart / 4
        )  # scaled with its aspect, not squashed


def test_browser_shows_a_wide_table_on_a_phone_as_one_labelled_card_per_row(
    page: Page, page_url: str
) -> None:
    page.set_viewport_size(PHONE)
    open_page(page, page_url)
    cells = page.eval_on_selector_all(
        "table.table-figures tbody tr:first-child > *",
        "all => all.map(c => [c.textContent,"
        " getComputedStyle(c, '::before').content, c.getBoundingClientRect().width])",
    )
    labels = ["none", '"Period" / ""', '"Value" / ""']
    assert [content for _, content, _ in cells[:3]] == labels
    # Every cell, the row's heading included, takes the column's whole width: nothing is hidden.
    column = page.evaluate("document.querySelector('main .page-width').clientWidth - 32")
    assert all(width == pytest.approx(column, abs=1) for _, _, width in cells)
    # On a desktop the same table is laid out as a table, its headings above the columns.
    page.set_viewport_size(DESKTOP)
    assert page.evaluate("getComputedStyle(document.querySelector('.table-figures')).display") == (
        "table"
    )


def test_browser_headings_are_in_the_house_accent_colour_on_screen_and_in_print(
    page: Page, page_url: str
) -> None:
    open_page(page, page_url)
    script = "[...document.querySelectorAll('h1, h2')].map(h => getComputedStyle(h).color)"
    for media in ("screen", "print"):
        page.emulate_media(media=media)  # type: ignore[arg-type]
        colours = page.evaluate(script)
        assert colours and set(colours) == {rgb(house.ACCENT)}, media


def test_browser_first_tab_shows_the_skip_link_which_moves_focus_to_main(
    page: Page, page_url: str
) -> None:
    open_page(page, page_url)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    box = page.locator("a.skip-link").bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 20
    assert page.evaluate("getComputedStyle(document.activeElement).backgroundColor") == (
        "rgb(255, 221, 0)"
    )
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_browser_focused_link_gets_the_yellow_focus_style(page: Page, page_url: str) -> None:
    open_page(page, page_url)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    style = page.evaluate(
        "(() => { const e = document.activeElement; const s = getComputedStyle(e);"
        " return [e.getAttribute('href'), s.backgroundColor, s.color]; })()"
    )
    assert style == [
        "mailto:wmpcc@west-midlands.pnn.police.uk",
        "rgb(255, 221, 0)",
        "rgb(11, 12, 12)",
    ]


def test_browser_shows_hostile_text_exactly_and_loads_every_chart_offline(
    page: Page, page_url: str
) -> None:
    requests = open_page(page, page_url)
    assert HOSTILE in page.inner_text("main")
    drawn = page.eval_on_selector_all(
        "figure svg", "all => all.map(s => s.querySelectorAll('path').length)"
    )
    assert len(drawn) == 2 and all(paths > 5 for paths in drawn)
    assert requests == [page_url]


def test_browser_print_styles_hide_the_skip_link_and_write_out_link_addresses(
    page: Page, page_url: str
) -> None:
    open_page(page, page_url)
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('.skip-link')).display") == (
        "none"
    )
    after = page.evaluate(
        "getComputedStyle(document.querySelector('a.external'), '::after').content"
    )
    assert after == '" (https://www.westmidlands-pcc.gov.uk/plan)"'
    assert page.evaluate("getComputedStyle(document.querySelector('thead')).display") == (
        "table-header-group"
    )
    assert page.evaluate("getComputedStyle(document.querySelector('figure')).breakInside") == (
        "avoid"
    )
    # Paper cannot open a <details>: each chart's data table is printed.
    assert page.eval_on_selector_all(
        "details.chart-data",
        "all => all.map(d => !d.open && d.querySelector('table').checkVisibility())",
    ) == [True, True]
    pdf = page.pdf(prefer_css_page_size=True)
    # Every page is A4 (595.28 x 841.89 points, which Chromium rounds to whole CSS pixels).
    sizes = set(re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf))
    assert sizes and all(
        abs(float(w) - 595.28) < 1 and abs(float(h) - 841.89) < 1 for w, h in sizes
    ), sizes
