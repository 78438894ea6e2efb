"""reportgen.render.docx: the DOCX edition of the sample tree, checked in its XML."""

from __future__ import annotations

import dataclasses
import io
import itertools
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import openxml_audit
import pytest
from docx.oxml.ns import nsmap, qn
from lxml import etree

from reportgen.compose.document import (
    Document,
    Heading,
    ItemList,
    Paragraph,
    Span,
)
from reportgen.render.docx import NoEmbeddedSource, read_source, render_docx
from tests.outputs import libreoffice_text, needs_libreoffice
from tests.sample_document import HOSTILE, WELSH, sample_document, sample_images, tables_in

REFERENCE = Path(__file__).resolve().parents[2] / "templates" / "reference.docx"
TEXT_WIDTH_TWIPS = 11906 - 2 * 1417  # A4 less two 2.5 cm margins
EMU_PER_TWIP = 635
NS = {**nsmap, "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}


@pytest.fixture(scope="module")
def tree() -> Document:
    return sample_document()


@pytest.fixture(scope="module")
def images() -> dict[str, bytes]:
    return sample_images()


@pytest.fixture(scope="module")
def rendered(tree: Document, images: dict[str, bytes]) -> bytes:
    return render_docx(tree, images)


@pytest.fixture(scope="module")
def rendered_path(rendered: bytes, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("docx") / "statement.docx"
    path.write_bytes(rendered)
    return path


@pytest.fixture(scope="module")
def body(rendered: bytes) -> Any:
    (found,) = xp(part(rendered, "word/document.xml"), "w:body")
    return found


def xp(element: Any, expression: str) -> Any:
    return element.xpath(expression, namespaces=NS)


def part(data: bytes, name: str) -> Any:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


def text(element: Any) -> str:
    """The text of a paragraph as Word shows it: its runs' w:t joined, links included."""
    return "".join(xp(element, ".//w:t/text()"))


def style(paragraph: Any) -> str:
    return str(xp(paragraph, "string(w:pPr/w:pStyle/@w:val)"))


def spans_text(inlines: tuple[Span, ...]) -> str:
    return "".join(span.text for span in inlines)


def body_paragraphs(body: Any, style_id: str) -> list[Any]:
    return list(xp(body, f"w:p[w:pPr/w:pStyle/@w:val='{style_id}']"))


def abstract_level(numbering: Any, num_id: str, level: int = 0) -> Any:
    (abstract_id,) = xp(numbering, f"w:num[@w:numId='{num_id}']/w:abstractNumId/@w:val")
    (lvl,) = xp(
        numbering, f"w:abstractNum[@w:abstractNumId='{abstract_id}']/w:lvl[@w:ilvl={level}]"
    )
    return lvl


# Structure -----------------------------------------------------------------------------


def test_headings_follow_the_tree_with_heading_styles_and_no_skipped_level(
    tree: Document, body: Any
) -> None:
    headings = [p for p in xp(body, "w:p") if style(p).startswith("Heading")]
    expected = [(f"Heading{b.level}", b.text) for b in tree.blocks if isinstance(b, Heading)]
    assert [(style(p), text(p)) for p in headings] == expected
    levels = [int(style(p).removeprefix("Heading")) for p in headings]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))


def test_numbered_paragraphs_are_numbered_by_their_style_counting_as_the_tree_does(
    tree: Document, rendered: bytes, body: Any
) -> None:
    numbered = body_paragraphs(body, "NumberedParagraph")
    tree_numbered = [b for b in tree.blocks if isinstance(b, Paragraph) and b.number is not None]
    assert [text(p) for p in numbered] == [spans_text(b.inlines) for b in tree_numbered]
    # The style carries the numbering, so a paragraph given the style in Word is numbered too.
    assert all(xp(p, "w:pPr/w:numPr") == [] for p in numbered)
    styles = part(rendered, "word/styles.xml")
    (num_id,) = xp(styles, "w:style[@w:styleId='NumberedParagraph']/w:pPr/w:numPr/w:numId/@w:val")
    numbering = part(rendered, "word/numbering.xml")
    level = abstract_level(numbering, num_id)
    assert xp(level, "w:start/@w:val|w:numFmt/@w:val|w:lvlText/@w:val") == ["1", "decimal", "%1."]
    assert xp(level, "w:pStyle/@w:val") == ["NumberedParagraph"]
    # One sequence, never restarted: Word shows 1, 2, 3, ... which must be the tree's numbers.
    assert not xp(numbering, f"w:num[@w:numId='{num_id}']/w:lvlOverride")
    assert not xp(body, f"//w:p[w:pPr/w:numPr[w:numId/@w:val='{num_id}' and w:ilvl/@w:val='0']]")
    word_numbers = list(range(1, len(numbered) + 1))
    assert word_numbers == [b.number for b in tree_numbered]


def test_an_ordered_list_has_its_own_decimal_numbering_restarting_at_one(
    tree: Document, rendered: bytes, body: Any
) -> None:
    (ordered,) = [b for b in tree.blocks if isinstance(b, ItemList) and b.ordered]
    items = body_paragraphs(body, "ListNumber")
    assert [text(p) for p in items] == [spans_text(item) for item in ordered.items]
    (num_id,) = {xp(p, "string(w:pPr/w:numPr/w:numId/@w:val)") for p in items}
    styles = part(rendered, "word/styles.xml")
    paragraph_num_id = xp(
        styles, "string(//w:style[@w:styleId='NumberedParagraph']//w:numId/@w:val)"
    )
    assert num_id != paragraph_num_id
    numbering = part(rendered, "word/numbering.xml")
    assert xp(
        numbering, f"w:num[@w:numId='{num_id}']/w:lvlOverride[@w:ilvl='0']/w:startOverride/@w:val"
    ) == ["1"]
    assert xp(abstract_level(numbering, num_id), "w:numFmt/@w:val") == ["decimal"]


def test_bulleted_list_items_carry_bullet_numbering(
    tree: Document, rendered: bytes, body: Any
) -> None:
    (bulleted,) = [b for b in tree.blocks if isinstance(b, ItemList) and not b.ordered]
    items = body_paragraphs(body, "ListBullet")
    assert [text(p) for p in items] == [spans_text(item) for item in bulleted.items]
    numbering = part(rendered, "word/numbering.xml")
    for item in items:
        num_id = xp(item, "string(w:pPr/w:numPr/w:numId/@w:val)")
        assert xp(abstract_level(numbering, num_id), "w:numFmt/@w:val") == ["bullet"]


def test_every_abstract_num_precedes_the_first_num(rendered: bytes) -> None:
    tags = [child.tag for child in part(rendered, "word/numbering.xml")]
    last_abstract = max(i for i, tag in enumerate(tags) if tag == qn("w:abstractNum"))
    assert last_abstract < tags.index(qn("w:num"))


def test_paragraph_styles_follow_the_tree(tree: Document, body: Any) -> None:
    by_text = {text(p): p for p in xp(body, "w:p")}
    assert tree.letterhead is not None
    for line in tree.letterhead.contact:
        assert style(by_text[spans_text(line)]) == "ContactBlock"
    assert style(by_text["2024-25 Q4 Update"]) == "Subtitle"
    office = by_text[spans_text(tree.letterhead.office)]
    assert style(office) in ("", "Normal")
    assert xp(office, "w:r/w:rPr/w:b") != []


def test_the_letterhead_opens_the_document(tree: Document, body: Any) -> None:
    assert tree.letterhead is not None
    lines = [*tree.letterhead.contact, tree.letterhead.office]
    opening = [text(p) for p in xp(body, "w:p")[: len(lines)]]
    assert opening == [spans_text(line) for line in lines]


def test_no_body_paragraph_is_empty(body: Any) -> None:
    empty = [
        etree.tostring(p)[:200]
        for p in xp(body, "w:p")
        if not text(p).strip() and not xp(p, ".//w:drawing")
    ]
    assert empty == []


# Tables ----------------------------------------------------------------------------------


def test_each_table_marks_only_its_first_row_as_a_bare_repeating_header(body: Any) -> None:
    for table in xp(body, "w:tbl"):
        rows = xp(table, "w:tr")
        headers = [xp(row, "w:trPr/w:tblHeader") for row in rows]
        assert [h != [] for h in headers] == [True] + [False] * (len(rows) - 1)
        assert dict(headers[0][0].attrib) == {}
        assert all(xp(row, "w:trPr/w:cantSplit") for row in rows)


def test_each_table_has_a_kept_caption_before_it_and_an_accessible_caption(
    tree: Document, body: Any
) -> None:
    word_tables = xp(body, "w:tbl")
    assert len(word_tables) == len(tables_in(tree))
    for word_table, table in zip(word_tables, tables_in(tree), strict=True):
        (caption,) = xp(word_table, "preceding-sibling::*[1]")
        assert caption.tag == qn("w:p") and style(caption) == "Caption"
        assert text(caption) == table.caption
        assert xp(caption, "w:pPr/w:keepNext") != []
        assert xp(word_table, "w:tblPr/w:tblCaption/@w:val") == [table.caption]
        assert xp(word_table, "w:tblPr/w:tblDescription/@w:val") != [""]
        assert xp(word_table, "w:tblPr/w:tblStyle/@w:val") == ["StatementTable"]


def test_table_cells_hold_the_tree_text_with_row_headers_bold_and_numbers_right(
    tree: Document, body: Any
) -> None:
    for word_table, table in zip(xp(body, "w:tbl"), tables_in(tree), strict=True):
        header, *rows = xp(word_table, "w:tr")
        assert [text(tc) for tc in xp(header, "w:tc")] == list(table.header)
        right = [xp(tc, "string(w:p/w:pPr/w:jc/@w:val)") == "right" for tc in xp(header, "w:tc")]
        assert right == list(table.numeric)
        for word_row, row in zip(rows, table.rows, strict=True):
            for tc, cell, numeric in zip(xp(word_row, "w:tc"), row, table.numeric, strict=True):
                assert text(tc) == cell.text
                assert (xp(tc, "w:p/w:r/w:rPr/w:b") != []) == cell.row_header
                assert (xp(tc, "string(w:p/w:pPr/w:jc/@w:val)") == "right") == numeric


# Charts ----------------------------------------------------------------------------------


def test_every_picture_has_the_trees_alt_text_and_is_the_drawn_png(
    tree: Document, images: dict[str, bytes], rendered: bytes, body: Any
) -> None:
    pictures = xp(body, ".//w:drawing/wp:inline")
    assert len(pictures) == len(tree.charts)
    rels = {
        rel.get("Id"): rel.get("Target") for rel in part(rendered, "word/_rels/document.xml.rels")
    }
    with zipfile.ZipFile(io.BytesIO(rendered)) as package:
        for picture, chart in zip(pictures, tree.charts, strict=True):
            (doc_pr,) = xp(picture, "wp:docPr")
            assert doc_pr.get("descr") == chart.alt
            assert doc_pr.get("title") == chart.caption
            (embed,) = xp(picture, ".//a:blip/@r:embed")
            assert package.read(f"word/{rels[embed]}") == images[chart.png_name]
            assert int(xp(picture, "string(wp:extent/@cx)")) == TEXT_WIDTH_TWIPS * EMU_PER_TWIP


def test_a_charts_parts_follow_the_trees_order(tree: Document, body: Any) -> None:
    for chart in tree.charts:
        (picture,) = [
            p for p in xp(body, "w:p[.//w:drawing]") if xp(p, ".//wp:docPr/@descr") == [chart.alt]
        ]
        at = chart.order.index("image")
        before = xp(picture, f"preceding-sibling::*[position() <= {at}]")
        # The data table is its caption paragraph and the table.
        after = xp(picture, f"following-sibling::*[position() <= {len(chart.order) - at}]")
        found: list[str] = []
        for element in [*before, picture, *after]:
            if element.tag == qn("w:tbl"):
                continue
            if element is picture:
                found.append("image")
            elif (style(element), text(element)) == ("Caption", chart.caption):
                found.append("caption")
            elif (style(element), text(element)) == ("Caption", chart.data.caption):
                found.append("data")
            elif (style(element), text(element)) == ("SourceNote", chart.source):
                found.append("source")
        assert tuple(found) == chart.order
        (data_caption,) = [e for e in after if text(e) == chart.data.caption]
        assert xp(data_caption, "following-sibling::*[1]")[0].tag == qn("w:tbl")


# Text ------------------------------------------------------------------------------------


def test_hostile_text_is_written_exactly_as_in_the_tree(tree: Document, body: Any) -> None:
    (paragraph,) = [b for b in tree.blocks if isinstance(b, Paragraph) and b.number == 2]
    texts = [text(p) for p in xp(body, "w:p")]
    assert spans_text(paragraph.inlines) in texts
    assert any(HOSTILE in t for t in texts)


def test_every_block_text_appears_in_tree_order(tree: Document, body: Any) -> None:
    assert tree.letterhead is not None
    expected = [spans_text(line) for line in (*tree.letterhead.contact, tree.letterhead.office)]
    for block in tree.blocks:
        if isinstance(block, Heading):
            expected.append(block.text)
        elif isinstance(block, Paragraph):
            expected.append(spans_text(block.inlines))
        elif isinstance(block, ItemList):
            expected.extend(spans_text(item) for item in block.items)
    outside_tables = [text(p) for p in xp(body, "w:p") if style(p) not in ("Caption", "SourceNote")]
    assert [t for t in outside_tables if t] == expected


def test_links_are_real_hyperlinks_including_mailto(rendered: bytes, body: Any) -> None:
    rels = {rel.get("Id"): rel for rel in part(rendered, "word/_rels/document.xml.rels")}
    links = {text(link): rels[link.get(qn("r:id"))] for link in xp(body, ".//w:hyperlink")}
    assert (
        links["Police and Crime Plan"].get("Target") == "https://www.westmidlands-pcc.gov.uk/plan"
    )
    mail = links["wmpcc@west-midlands.pnn.police.uk"]
    assert mail.get("Target") == "mailto:wmpcc@west-midlands.pnn.police.uk"
    assert {rel.get("TargetMode") for rel in links.values()} == {"External"}


def test_the_language_is_en_gb_with_the_welsh_passage_marked_cy_gb(
    rendered: bytes, body: Any
) -> None:
    styles = part(rendered, "word/styles.xml")
    assert xp(styles, "w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val") == ["en-GB"]
    assert xp(body, "//w:r[w:rPr/w:lang/@w:val='cy-GB']/w:t/text()") == [WELSH]


# Page and file ---------------------------------------------------------------------------


def test_the_header_names_the_office_but_not_on_page_one_and_every_footer_counts_pages(
    tree: Document, rendered: bytes, body: Any
) -> None:
    (sect_pr,) = xp(body, "w:sectPr")
    assert xp(sect_pr, "w:titlePg") != []
    rels = {
        rel.get("Id"): rel.get("Target") for rel in part(rendered, "word/_rels/document.xml.rels")
    }
    headers = {
        ref.get(qn("w:type")): rels[ref.get(qn("r:id"))] for ref in xp(sect_pr, "w:headerReference")
    }
    footers = {
        ref.get(qn("w:type")): rels[ref.get(qn("r:id"))] for ref in xp(sect_pr, "w:footerReference")
    }
    assert text(part(rendered, f"word/{headers['default']}")) == tree.furniture.running_header
    # The letterhead names the office on the first page, so its header is empty.
    first_header = part(rendered, f"word/{headers['first']}")
    assert text(first_header) == ""
    assert xp(first_header, "//w:pStyle/@w:val") == ["Header"]
    for kind in ("default", "first"):
        footer = part(rendered, f"word/{footers[kind]}")
        assert [t.text for t in xp(footer, "//w:instrText")] == [" PAGE ", " NUMPAGES "]
        assert text(footer) == "Page 1 of 1"
        assert xp(footer, "//w:pStyle/@w:val") == ["Footer"]
    styles = part(rendered, "word/styles.xml")
    assert xp(styles, "w:style[@w:styleId='Footer']/w:pPr/w:jc/@w:val") == ["right"]
    assert xp(styles, "w:style[@w:styleId='Header']/w:pPr/w:jc/@w:val") == []


def test_core_properties_come_from_the_metadata(tree: Document, rendered: bytes) -> None:
    properties = docx.Document(io.BytesIO(rendered)).core_properties
    metadata = tree.metadata
    assert properties.title == metadata.title
    assert properties.subject == metadata.subject
    assert properties.author == metadata.author
    assert properties.last_modified_by == metadata.author
    assert properties.keywords == "; ".join(metadata.keywords)
    assert properties.language == "en-GB"
    assert properties.comments == ""
    core = part(rendered, "docProps/core.xml")
    midnight = f"{metadata.created.isoformat()}T00:00:00Z"
    assert xp(core, "dcterms:created/text()|dcterms:modified/text()") == [midnight, midnight]


def test_word_opens_it_in_current_mode_made_by_reportgen(rendered: bytes) -> None:
    settings = part(rendered, "word/settings.xml")
    mode = "w:compat/w:compatSetting[@w:name='compatibilityMode']/@w:val"
    assert xp(settings, mode) == ["15"]
    app = part(rendered, "docProps/app.xml")
    assert [child.text for child in app] == ["reportgen"]


def test_read_source_returns_the_tree_source_data_and_provenance(
    tree: Document, rendered: bytes, rendered_path: Path
) -> None:
    expected = {"input": tree.source_data, "provenance": tree.provenance}
    assert read_source(rendered) == expected
    assert read_source(rendered_path) == expected


def test_read_source_round_trips_text_that_xml_and_json_escape(
    tree: Document, images: dict[str, bytes]
) -> None:
    awkward = {
        "narrative": "<b>&amp; \"quoted\" 'single' ]]> \r\n\t line\u2028 £5 – ŵ 😀 \x7f",
        "nested": {"z": [1, 2.5, None, True], "a": "Gwasanaeth"},
    }
    document = dataclasses.replace(tree, source_data=awkward, provenance={"ü": "✓"})
    assert read_source(render_docx(document, images)) == {
        "input": awkward,
        "provenance": {"ü": "✓"},
    }


def test_read_source_refuses_a_docx_it_did_not_make() -> None:
    with pytest.raises(NoEmbeddedSource, match="no statement source data"):
        read_source(REFERENCE)


def test_two_renders_are_byte_identical_and_dated_by_publication(
    tree: Document, images: dict[str, bytes], rendered: bytes
) -> None:
    assert render_docx(tree, images) == rendered
    with zipfile.ZipFile(io.BytesIO(rendered)) as package:
        assert {info.date_time for info in package.infolist()} == {(2025, 6, 30, 0, 0, 0)}


def test_openxml_audit_finds_nothing_wrong(rendered_path: Path) -> None:
    result = openxml_audit.OpenXmlValidator().validate(rendered_path)
    verdict = openxml_audit.predict(result)
    assert [str(error) for error in result.errors] == []
    assert (result.error_count, result.warning_count) == (0, 0)
    assert verdict.prediction == openxml_audit.AppPrediction.OPENS_CLEAN, verdict.headline


@needs_libreoffice
def test_libreoffice_converts_it_to_a_pdf_with_the_title_and_hostile_text(
    rendered_path: Path, tmp_path: Path
) -> None:
    flat = libreoffice_text(rendered_path, tmp_path)
    assert "National Policing Priorities Statement" in flat
    assert HOSTILE in flat
    assert "Page 1 of" in flat


# Refusals --------------------------------------------------------------------------------


def with_block(tree: Document, index: int, block: Any) -> Document:
    blocks = list(tree.blocks)
    blocks[index] = block
    return dataclasses.replace(tree, blocks=tuple(blocks))


def index_of_number(tree: Document, number: int) -> int:
    return next(
        i for i, b in enumerate(tree.blocks) if isinstance(b, Paragraph) and b.number == number
    )


@pytest.mark.parametrize("character", ["\x00", "\x0b", "\x1f", "\ufffe", "\uffff", "\ud800"])
def test_it_refuses_text_a_word_document_cannot_hold(
    tree: Document, images: dict[str, bytes], character: str
) -> None:
    index = index_of_number(tree, 4)
    broken = Paragraph((Span(f"Crime fell{character}."),), number=4)
    with pytest.raises(ValueError, match=f"U\\+{ord(character):04X}"):
        render_docx(with_block(tree, index, broken), images)


def test_it_refuses_source_data_a_word_document_cannot_hold(
    tree: Document, images: dict[str, bytes]
) -> None:
    document = dataclasses.replace(tree, source_data={"note": "bad \uffff"})
    with pytest.raises(ValueError, match="U\\+FFFF"):
        render_docx(document, images)


def test_it_refuses_a_skipped_heading_level(tree: Document, images: dict[str, bytes]) -> None:
    index = next(i for i, b in enumerate(tree.blocks) if isinstance(b, Heading) and b.level == 2)
    with pytest.raises(ValueError, match="never skip a level"):
        render_docx(with_block(tree, index, Heading(3, "Introduction", "intro")), images)


def test_it_refuses_paragraph_numbers_word_would_not_show(
    tree: Document, images: dict[str, bytes]
) -> None:
    index = index_of_number(tree, 4)
    paragraph = tree.blocks[index]
    assert isinstance(paragraph, Paragraph)
    renumbered = dataclasses.replace(paragraph, number=7)
    with pytest.raises(ValueError, match="numbered 7 follows paragraph 3"):
        render_docx(with_block(tree, index, renumbered), images)


def test_it_refuses_an_empty_paragraph(tree: Document, images: dict[str, bytes]) -> None:
    index = index_of_number(tree, 4)
    with pytest.raises(ValueError, match="no text"):
        render_docx(with_block(tree, index, Paragraph((Span(""),), number=4)), images)


def test_it_names_a_missing_chart_image(tree: Document, images: dict[str, bytes]) -> None:
    missing = {name: data for name, data in images.items() if name != "homicide-1.png"}
    with pytest.raises(KeyError, match=re.escape("homicide-1.png")):
        render_docx(tree, missing)
