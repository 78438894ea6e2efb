"""The shipped Q4 edition built in all three formats, checked as the web team and auditors would."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import docx
import html5lib  # type: ignore[import-untyped]
import page as page_validation
import pikepdf
import pytest
from pypdf import PdfReader

from reportgen.build import build
from reportgen.check import validate_editions
from reportgen.compose import compose, source_data
from reportgen.compose.charts import ChartSpec
from reportgen.compose.document import Document, Table
from reportgen.render import charts
from reportgen.render.html import read_source as read_html_source
from reportgen.render.pdf import read_source as read_pdf_source
from tests.browser import (
    DESKTOP,
    PHONE,
    axe_violations,
    describe_violations,
    idle_scroll_regions,
    outside_the_column,
)
from tests.compose.test_compose import PRIORITY_HEADINGS
from tests.conftest import INPUTS, SampleBuild
from tests.outputs import structure_elements

STEM = "national-priorities-statement-2024-25-q4"
HOSTILE = "<script>alert(1)</script> {{ 1 + 1 }} {% raw %} #set * $ @ & < “curly” £5 – en dash ŵ ŷ"


@pytest.fixture
def built(sample_build: SampleBuild) -> Path:
    return sample_build.q4


@pytest.fixture(scope="module")
def tree(sample_build: SampleBuild) -> Document:
    q2, q4 = validate_editions(sorted(sample_build.inputs.glob("20*.yaml"))).statements
    return compose(q4, [q2])


def _pdf_text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


# -- PDF ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("profile", ["ua1", "3a"])
def test_the_pdf_is_pdf_ua_1_and_pdf_a_3a(built: Path, profile: str) -> None:
    report = page_validation.validate_pdf(str(built / f"{STEM}.pdf"), profile=profile)
    assert report.is_compliant, report.failures


def test_the_pdf_is_tagged_in_english_with_its_title_shown(built: Path, tree: Document) -> None:
    with pikepdf.open(built / f"{STEM}.pdf") as pdf:
        assert str(pdf.Root.Lang) == "en-GB"
        assert bool(pdf.Root.MarkInfo.Marked)
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        with pdf.open_metadata() as meta:
            assert meta["dc:title"] == tree.metadata.title
        elements = list(structure_elements(pdf.Root.StructTreeRoot))
        assert [e for e in elements if e.S == "/H1"].__len__() == 1
        assert len([e for e in elements if e.S == "/H2"]) == 10
        figures = [e for e in elements if e.S == "/Figure"]
        assert [str(f.Alt) for f in figures] == [c.alt for c in tree.charts]
        header_cells = [e for e in elements if e.S == "/TH"]
        assert header_cells
        for cell in header_cells:
            attributes = cell.get("/A")
            items = attributes if isinstance(attributes, pikepdf.Array) else [attributes]
            assert any(a.get("/Scope") is not None for a in items if a is not None)


def test_the_pdf_carries_the_validated_input(built: Path, sample_build: SampleBuild) -> None:
    earlier, statement = validate_editions(
        [sample_build.inputs / "2023-24-Q2.yaml", sample_build.inputs / "2024-25-Q4.yaml"]
    ).statements
    attached = read_pdf_source(built / f"{STEM}.pdf")
    assert attached["input"] == source_data(statement, [earlier])
    assert set(attached["provenance"]["inputs"]) == {"2024-25-Q4.yaml", "profile.yaml"}


def test_every_font_is_embedded(built: Path) -> None:
    listing = subprocess.run(
        ["pdffonts", str(built / f"{STEM}.pdf")], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    assert listing
    assert all(" yes " in line.split("Type", 1)[-1] for line in listing), listing


def test_the_pdf_text_has_every_heading_and_every_figure_value(built: Path, tree: Document) -> None:
    text = _pdf_text(built / f"{STEM}.pdf")
    positions = [text.index(h) for h in PRIORITY_HEADINGS]
    assert positions == sorted(positions)  # in reading order
    tables = [b for b in tree.blocks if isinstance(b, Table) and b.purpose == "figures"]
    for table in tables:
        for row in table.rows:
            assert row[2].text in text


# -- HTML --------------------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_html_page_passes_axe_and_fits_the_screen(
    built: Path, page: Any, viewport: dict[str, int]
) -> None:
    page.set_viewport_size(viewport)
    page.goto((built / f"{STEM}.html").as_uri())
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)
    page.eval_on_selector_all("details", "all => all.forEach(d => { d.open = true; })")
    assert outside_the_column(page) == []
    assert idle_scroll_regions(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") == viewport["width"]


def test_the_html_page_weighs_at_most_150_kb(built: Path) -> None:
    assert (built / f"{STEM}.html").stat().st_size <= 150 * 1024


def test_the_html_page_has_ordered_headings_tables_and_figures(
    built: Path,
    tree: Document,
    page: Any,
) -> None:
    page.goto((built / f"{STEM}.html").as_uri())
    headings = page.eval_on_selector_all(
        "h1, h2, h3", "els => els.map(e => [e.tagName, e.textContent.trim()])"
    )
    assert headings[0] == ["H1", "National Policing Priorities Statement"]
    assert [h[1] for h in headings if h[0] == "H2"][2:8] == PRIORITY_HEADINGS
    alts = page.eval_on_selector_all(
        "figure svg[role=img]", "els => els.map(e => e.getAttribute('aria-label'))"
    )
    assert alts == [c.alt for c in tree.charts]
    assert page.eval_on_selector_all(
        "table", "els => els.every(t => t.caption && t.querySelector('th[scope=col]'))"
    )
    assert read_html_source(built / f"{STEM}.html")["input"] == tree.source_data


# -- narrative exactly as written, in all three formats ----------------------------------------


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(INPUTS, root / "inputs")
    edition = root / "inputs" / "2024-25-Q4.yaml"
    # Braces meant as text are escaped; unescaped, they would be reported as references.
    quoted = HOSTILE.replace("'", "''").replace("{", "\\{").replace("}", "\\}")
    edition.write_text(
        edition.read_text().replace(
            "      - >-\n        The appointment is intended",
            f"      - '{quoted}'\n      - >-\n        The appointment is intended",
        )
    )
    return build(edition, out=root / "build").folder


def test_hostile_narrative_comes_out_of_the_docx_exactly(hostile_build: Path) -> None:
    document = docx.Document(str(hostile_build / f"{STEM}.docx"))
    assert any(p.text == HOSTILE for p in document.paragraphs)


def test_hostile_narrative_comes_out_of_the_pdf_exactly(hostile_build: Path) -> None:
    assert HOSTILE in _pdf_text(hostile_build / f"{STEM}.pdf")


def test_hostile_narrative_comes_out_of_the_html_exactly(hostile_build: Path, page: Any) -> None:
    page.goto((hostile_build / f"{STEM}.html").as_uri())
    assert HOSTILE in page.inner_text("main")
    assert page.evaluate("() => document.scripts.length") == 1
    assert not re.search(r"<script>alert", (hostile_build / f"{STEM}.html").read_text())


# -- a chart label from the input, in the web page's inline chart --------------------------------

HOSTILE_LABEL = "<script>alert(2)</script> & </svg> Homicides recorded"


@pytest.mark.parametrize("fonttype", ["path", "none"])
def test_a_chart_label_that_looks_like_markup_stays_text_in_the_html_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fonttype: str
) -> None:
    # Drawn both ways matplotlib writes words in an SVG: as outlines ("path") or as <text>.
    drawing_settings = charts._rc

    def settings(spec: ChartSpec) -> dict[str, object]:
        return {**drawing_settings(spec), "svg.fonttype": fonttype}

    monkeypatch.setattr(charts, "_rc", settings)
    shutil.copytree(INPUTS, tmp_path / "inputs")
    edition = tmp_path / "inputs" / "2024-25-Q4.yaml"
    edition.write_text(
        edition.read_text().replace(
            "label: Violence with injury offences\n", f"label: '{HOSTILE_LABEL}'\n"
        )
    )
    folder = build(edition, out=tmp_path / "build", formats=("html",)).folder
    html = (folder / f"{STEM}.html").read_bytes()
    page = html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=False)
    assert [s.get("id") for s in page.iter("script")] == ["statement-source"]
    assert b"<script>alert(2)" not in html
    svg_tag = "{http://www.w3.org/2000/svg}"
    figure = next(page.iter("figure"))
    svg = next(figure.iter(f"{svg_tag}svg"))
    assert all(e.tag.startswith(svg_tag) for e in svg.iter())
    words = " ".join("".join(t.itertext()) for t in svg.iter(f"{svg_tag}text"))
    assert (HOSTILE_LABEL in words) == (fonttype == "none")
    # The alt text says what the chart shows; the data table names every measure as written.
    assert "<" not in (svg.get("aria-label") or "")
    assert any(HOSTILE_LABEL in "".join(th.itertext()) for th in figure.iter("th"))
