"""The shipped Q4 edition built as DOCX: the statement a reader opens, checked part by part."""

from __future__ import annotations

from pathlib import Path

import docx
import openxml_audit
import pytest
from docx.oxml.ns import qn

from reportgen.check import validate_editions
from reportgen.compose import source_data
from reportgen.render.docx import read_source
from tests.compose.test_compose import PRIORITY_HEADINGS
from tests.conftest import SampleBuild
from tests.outputs import libreoffice_text, needs_libreoffice


@pytest.fixture
def statement_docx(sample_build: SampleBuild) -> Path:
    return sample_build.q4 / "national-priorities-statement-2024-25-q4.docx"


def test_every_section_and_heading_is_in_order(statement_docx: Path) -> None:
    document = docx.Document(str(statement_docx))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings == [
        ("Heading 1", "National Policing Priorities Statement"),
        ("Heading 2", "Introduction"),
        ("Heading 2", "National Policing Priorities"),
        *[("Heading 2", h) for h in PRIORITY_HEADINGS],
        ("Heading 2", "Reporting frequency"),
        ("Heading 2", "Sources and notes"),
    ]


def test_numbered_paragraphs_use_one_real_numbering_definition(statement_docx: Path) -> None:
    document = docx.Document(str(statement_docx))
    numbered = [p for p in document.paragraphs if p.style.name == "Numbered Paragraph"]
    assert len(numbered) == 20
    # The style carries the numbering; the paragraphs carry none of their own.
    assert all(p._p.pPr.numPr is None for p in numbered)
    num_id = str(document.styles["Numbered Paragraph"].element.pPr.numPr.numId.val)
    numbering = document.part.numbering_part.element
    (num,) = [n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id]
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    assert any(
        a.get(qn("w:abstractNumId")) == abstract_id for a in numbering.findall(qn("w:abstractNum"))
    )
    assert not any(p.text[:3].rstrip(".").isdigit() for p in numbered)  # no typed numbers
    # The list of priorities is the second level of paragraph 3.
    listed = [p for p in document.paragraphs if p.style.name == "List Number"]
    assert [p.text for p in listed] == PRIORITY_HEADINGS
    assert {(str(p._p.pPr.numPr.numId.val), p._p.pPr.numPr.ilvl.val) for p in listed} == {
        (num_id, 1)
    }


def test_the_list_of_priorities_links_to_bookmarked_headings(statement_docx: Path) -> None:
    document = docx.Document(str(statement_docx))
    body = document.element.body
    anchors = [link.get(qn("w:anchor")) for link in body.iter(qn("w:hyperlink"))]
    anchors = [anchor for anchor in anchors if anchor is not None]
    assert len(anchors) == len(PRIORITY_HEADINGS)
    bookmarks = {
        start.get(qn("w:name")): start.getparent() for start in body.iter(qn("w:bookmarkStart"))
    }
    for anchor, heading in zip(anchors, PRIORITY_HEADINGS, strict=True):
        paragraph = bookmarks[anchor]
        assert "".join(paragraph.xpath(".//w:t/text()")) == heading


def test_every_chart_picture_has_short_alt_text_pointing_to_its_data(
    statement_docx: Path,
) -> None:
    document = docx.Document(str(statement_docx))
    descriptions = [d.get("descr") for d in document.element.body.iter(qn("wp:docPr"))]
    assert descriptions == [
        "Bar chart of percentage change on each measure's earlier period, West Midlands Police. "
        "Violence with injury, serious youth violence, knife crime and gun crime all fell. The "
        "data table after the chart gives the values."
    ]


def test_table_header_rows_repeat(statement_docx: Path) -> None:
    document = docx.Document(str(statement_docx))
    assert len(document.tables) == 8  # applicability, five key-figures, one chart's data, sources
    for table in document.tables:
        header = table.rows[0]._tr
        assert header.trPr is not None and header.trPr.find(qn("w:tblHeader")) is not None


def test_core_properties_and_language(statement_docx: Path) -> None:
    document = docx.Document(str(statement_docx))
    core = document.core_properties
    assert core.title == "National Policing Priorities Statement: 2024-25 Q4 Update"
    assert core.author == "Office of the West Midlands Police and Crime Commissioner"
    assert core.language == "en-GB"
    assert core.created.isoformat().startswith("2025-06-30")
    assert core.modified == core.created
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(f".//{qn('w:lang')}").get(qn("w:val")) == "en-GB"


def test_the_embedded_input_equals_the_validated_input(
    statement_docx: Path, sample_build: SampleBuild
) -> None:
    earlier, statement = validate_editions(
        [sample_build.inputs / "2023-24-Q2.yaml", sample_build.inputs / "2024-25-Q4.yaml"]
    ).statements
    embedded = read_source(statement_docx)
    assert embedded["input"] == source_data(statement, [earlier])
    assert embedded["provenance"]["edition"] == "2024-25 Q4"


def test_openxml_audit_reports_nothing(statement_docx: Path) -> None:
    result = openxml_audit.OpenXmlValidator().validate(statement_docx)
    assert (result.error_count, result.warning_count) == (0, 0), [str(e) for e in result.errors]
    assert openxml_audit.predict(result).prediction == openxml_audit.AppPrediction.OPENS_CLEAN


@needs_libreoffice
def test_libreoffice_opens_and_converts_it(statement_docx: Path, tmp_path: Path) -> None:
    flat = libreoffice_text(statement_docx, tmp_path)
    for heading in PRIORITY_HEADINGS:
        assert heading in flat
    assert "a reduction of 14 (31.1%)" in flat
    assert "Page 1 of" in flat
    office = "Office of the West Midlands Police and Crime Commissioner"
    first_page = flat[: flat.index("Page 1 of")]
    assert first_page.count(office) == 1  # the letterhead's; page 1 has no running header
