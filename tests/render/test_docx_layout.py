"""reportgen.render.docx: how the DOCX edition is laid out for editing in Word, checked in its XML.

Links to headings, the nested list, page one's header, tables that keep together and fit their
words, and figure captions; the last test opens the file in LibreOffice.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from docx.oxml.ns import nsmap, qn
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
from lxml import etree

from reportgen.compose.document import Cell, Document, Heading, ItemList, Paragraph, Table
from reportgen.paths import template_file
from reportgen.render.docx import render_docx
from reportgen.render.docx_tables import (
    FONT_FILES,
    METRICS_FILE,
    _shipped_metrics,
    font_metrics,
    measure_font,
)
from tests.outputs import libreoffice_pdf, needs_libreoffice
from tests.sample_document import sample_document, sample_images, tables_in

TEXT_WIDTH_TWIPS = 11906 - 2 * 1417  # A4 less two 2.5 cm margins
CELL_PADDING = 2 * 113  # the house table style's 0.2 cm either side
LINKED = ("homicide", "neighbourhood-crime")


def xp(element: Any, expression: str) -> Any:
    return element.xpath(expression, namespaces=nsmap)


def document_xml(data: bytes) -> Any:
    """The document's w:body."""
    (body,) = xp(part(data, "word/document.xml"), "w:body")
    return body


def part(data: bytes, name: str) -> Any:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


def text(element: Any) -> str:
    return "".join(xp(element, ".//w:t/text()"))


def replaced(tree: Document, index: int, *blocks: Any) -> Document:
    """`tree` with its block at `index` replaced by `blocks`."""
    return dataclasses.replace(
        tree, blocks=(*tree.blocks[:index], *blocks, *tree.blocks[index + 1 :])
    )


def linked_tree() -> Document:
    """The sample, its ordered list moved under numbered paragraph 1 and linking to headings."""
    tree = sample_document()
    at = next(i for i, b in enumerate(tree.blocks) if isinstance(b, ItemList) and b.ordered)
    listed = tree.blocks[at]
    assert isinstance(listed, ItemList)
    items = tuple(
        tuple(dataclasses.replace(span, href=f"#{anchor}") for span in item)
        for item, anchor in zip(listed.items, LINKED, strict=True)
    )
    tree = replaced(tree, at)  # removed here, put back after paragraph 1
    first = next(i for i, b in enumerate(tree.blocks) if isinstance(b, Paragraph) and b.number)
    return replaced(tree, first, tree.blocks[first], ItemList(items, ordered=True))


@pytest.fixture(scope="module")
def images() -> dict[str, bytes]:
    return sample_images()


@pytest.fixture(scope="module")
def linked(images: dict[str, bytes]) -> bytes:
    return render_docx(linked_tree(), images)


@pytest.fixture(scope="module")
def sample(images: dict[str, bytes]) -> bytes:
    return render_docx(sample_document(), images)


# Links and bookmarks ------------------------------------------------------------------------


def test_links_to_headings_are_internal_hyperlinks_to_bookmarks_around_the_headings(
    linked: bytes,
) -> None:
    body = document_xml(linked)
    anchors = xp(body, "//w:hyperlink/@w:anchor")
    assert len(anchors) == len(LINKED)
    assert xp(body, "//w:hyperlink[@w:anchor]/@r:id") == []
    headings = {b.anchor: b.text for b in linked_tree().blocks if isinstance(b, Heading)}
    for anchor, name in zip(LINKED, anchors, strict=True):
        (start,) = xp(body, f"//w:bookmarkStart[@w:name='{name}']")
        heading = start.getparent()
        assert xp(heading, "string(w:pPr/w:pStyle/@w:val)").startswith("Heading")
        assert text(heading) == headings[anchor]
        (end,) = xp(heading, f"w:bookmarkEnd[@w:id='{start.get(qn('w:id'))}']")
        assert heading.index(start) < heading.index(end)
    names = xp(body, "//w:bookmarkStart/@w:name")
    assert len(names) == len(headings)
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,39}", name) for name in names)
    ids = xp(body, "//w:bookmarkStart/@w:id")
    assert sorted(ids) == sorted(xp(body, "//w:bookmarkEnd/@w:id")) and len(set(ids)) == len(ids)
    rels = part(linked, "word/_rels/document.xml.rels")
    assert not [rel for rel in rels if rel.get("Target", "").startswith("#")]


def test_clashing_anchors_get_distinct_bookmarks(images: dict[str, bytes]) -> None:
    tree = sample_document()
    at = len(tree.blocks)
    tree = dataclasses.replace(
        tree,
        blocks=(
            *tree.blocks,
            Heading(2, "A hyphen", "a-b"),
            Heading(2, "An underscore", "a_b"),
            Heading(2, "A digit first", "2024-25"),
        ),
    )
    body = document_xml(render_docx(tree, images))
    names = [xp(p, "string(w:bookmarkStart/@w:name)") for p in xp(body, "w:p")[-at - 3 :]]
    assert names[-3:] == ["a_b", "a_b_2", "h_2024_25"]


def test_a_link_to_an_anchor_no_heading_has_is_refused(images: dict[str, bytes]) -> None:
    tree = linked_tree()
    blocks = [b for b in tree.blocks if not (isinstance(b, Heading) and b.anchor == "homicide")]
    with pytest.raises(ValueError, match="#homicide, but no heading has that anchor"):
        render_docx(dataclasses.replace(tree, blocks=tuple(blocks)), images)


def test_two_headings_with_one_anchor_are_refused(images: dict[str, bytes]) -> None:
    tree = sample_document()
    twice = dataclasses.replace(tree, blocks=(*tree.blocks, Heading(2, "Again", "homicide")))
    with pytest.raises(ValueError, match="two headings have the anchor 'homicide'"):
        render_docx(twice, images)


# Lists ---------------------------------------------------------------------------------------


def levels(data: bytes, num_id: str) -> dict[str, Any]:
    numbering = part(data, "word/numbering.xml")
    (abstract_id,) = xp(numbering, f"w:num[@w:numId='{num_id}']/w:abstractNumId/@w:val")
    (abstract,) = xp(numbering, f"w:abstractNum[@w:abstractNumId='{abstract_id}']")
    return {lvl.get(qn("w:ilvl")): lvl for lvl in xp(abstract, "w:lvl")}


def indent(level: Any) -> tuple[int, int]:
    """Where a level's number and its text start, in twips from the margin."""
    (ind,) = xp(level, "w:pPr/w:ind")
    left, hanging = int(ind.get(qn("w:left"))), int(ind.get(qn("w:hanging")))
    return left - hanging, left


def test_a_list_after_a_numbered_paragraph_is_its_second_level(linked: bytes) -> None:
    body = document_xml(linked)
    styles = part(linked, "word/styles.xml")
    paragraphs = xp(styles, "string(//w:style[@w:styleId='NumberedParagraph']//w:numId/@w:val)")
    items = xp(body, "w:p[w:pPr/w:pStyle/@w:val='ListNumber']")
    assert len(items) == len(LINKED)
    assert {xp(p, "string(w:pPr/w:numPr/w:numId/@w:val)") for p in items} == {paragraphs}
    assert {xp(p, "string(w:pPr/w:numPr/w:ilvl/@w:val)") for p in items} == {"1"}
    assert xp(items[0], "preceding-sibling::w:p[1]/w:pPr/w:pStyle/@w:val") == ["NumberedParagraph"]
    by_level = levels(linked, paragraphs)
    second = by_level["1"]
    assert xp(second, "w:numFmt/@w:val|w:lvlText/@w:val") == ["decimal", "%2."]
    # It counts from 1 again under each numbered paragraph (no w:lvlRestart: the default).
    assert xp(second, "w:start/@w:val") == ["1"] and xp(second, "w:lvlRestart") == []
    # Its number sits where the numbered paragraph's text starts.
    assert indent(second)[0] == indent(by_level["0"])[1] > indent(by_level["0"])[0]


def test_other_lists_have_their_markers_on_the_numbered_paragraphs_text_edge(
    sample: bytes,
) -> None:
    body = document_xml(sample)
    styles = part(sample, "word/styles.xml")
    paragraphs = xp(styles, "string(//w:style[@w:styleId='NumberedParagraph']//w:numId/@w:val)")
    text_edge = indent(levels(sample, paragraphs)["0"])[1]
    for style in ("ListNumber", "ListBullet"):
        item = xp(body, f"w:p[w:pPr/w:pStyle/@w:val='{style}']")[0]
        assert xp(item, "string(w:pPr/w:numPr/w:ilvl/@w:val)") == "0"
        num_id = xp(item, "string(w:pPr/w:numPr/w:numId/@w:val)")
        assert num_id != paragraphs
        assert indent(levels(sample, num_id)["0"])[0] == text_edge


# Tables --------------------------------------------------------------------------------------


def kept(row: Any) -> bool:
    """Whether every paragraph of the row is kept with the next (and so the row with the next)."""
    flags = [xp(p, "w:pPr/w:keepNext") != [] for p in xp(row, "w:tc/w:p")]
    assert len(set(flags)) == 1, "a row is kept with the next only if all its paragraphs are"
    return flags[0]


def test_a_short_table_is_kept_on_one_page(sample: bytes) -> None:
    tables = xp(document_xml(sample), "w:tbl")
    assert tables
    for table in tables:
        rows = xp(table, "w:tr")
        assert [kept(row) for row in rows] == [True] * (len(rows) - 1) + [False]
        assert all(xp(row, "w:trPr/w:cantSplit") for row in rows)
        (caption,) = xp(table, "preceding-sibling::w:p[1]")
        assert xp(caption, "w:pPr/w:keepNext") != []


def long_table(rows: int) -> Table:
    return Table(
        caption="Every month",
        header=("Month", "Crimes recorded"),
        rows=tuple((Cell(f"Month {n}", row_header=True), Cell(str(n * 10))) for n in range(rows)),
        purpose="chart-data",
        numeric=(False, True),
    )


def test_a_tall_table_keeps_its_header_with_two_rows_and_its_last_two_rows_together(
    images: dict[str, bytes],
) -> None:
    tree = sample_document()
    tree = dataclasses.replace(tree, blocks=(*tree.blocks, long_table(30)))
    rows = xp(document_xml(render_docx(tree, images)), "w:tbl[last()]/w:tr")
    assert len(rows) == 31
    assert [n for n, row in enumerate(rows) if kept(row)] == [0, 1, 29]
    assert xp(rows[0], "w:trPr/w:tblHeader") != []
    assert all(xp(row, "w:trPr/w:cantSplit") for row in rows)


def test_a_table_of_a_third_of_a_page_is_kept_whole_a_taller_one_is_not(
    images: dict[str, bytes],
) -> None:
    # One-line rows of 11 pt text with 0.08 cm cell margins above and below are about 17 pt
    # high; a third of the 24.7 cm text height is 233 pt.
    tree = sample_document()
    tree = dataclasses.replace(tree, blocks=(*tree.blocks, long_table(7), long_table(16)))
    shorter, taller = xp(document_xml(render_docx(tree, images)), "w:tbl")[-2:]
    assert all(kept(row) for row in xp(shorter, "w:tr")[:-1])
    assert not all(kept(row) for row in xp(taller, "w:tr")[:-1])


def word_width(word: str, bold: bool) -> float:
    """The width of `word` in 11 pt Liberation Sans (Arial's metrics), in twips."""
    name = "LiberationSans-Bold.ttf" if bold else "LiberationSans-Regular.ttf"
    font = TTFont(template_file("fonts") / name)
    cmap, metrics = font.getBestCmap(), font["hmtx"]
    units = sum(metrics[cmap[ord(c)]][0] for c in word)
    return float(units / font["head"].unitsPerEm * 11 * 20)


def grid(table: Any) -> list[int]:
    return [int(w) for w in xp(table, "w:tblGrid/w:gridCol/@w:w")]


def test_every_column_is_wide_enough_for_its_longest_word(sample: bytes) -> None:
    tree = sample_document()
    for word_table, table in zip(xp(document_xml(sample), "w:tbl"), tables_in(tree), strict=True):
        widths = grid(word_table)
        assert sum(widths) == TEXT_WIDTH_TWIPS
        assert xp(word_table, "w:tblPr/w:tblLayout/@w:type") == ["fixed"]
        assert [int(w) for w in xp(word_table, "w:tr[1]/w:tc/w:tcPr/w:tcW/@w:w")] == widths
        for column, width in enumerate(widths):
            cells = [(table.header[column], True)] + [
                (row[column].text, row[column].row_header) for row in table.rows
            ]
            widest = max(word_width(w, bold) for t, bold in cells for w in t.split())
            assert width >= widest + CELL_PADDING, (table.caption, table.header[column])


def test_the_trees_widths_are_kept_except_to_fit_a_word(sample: bytes) -> None:
    tree = sample_document()
    (applicability,) = [t for t in tables_in(tree) if t.purpose == "applicability"]
    word_table = xp(document_xml(sample), "w:tbl")[0]
    widths = grid(word_table)
    wanted = [TEXT_WIDTH_TWIPS * share for share in applicability.widths]
    # "Assessment" in bold does not fit 15% of the text width: that column alone is widened,
    # and the other two give up the difference in proportion to their spare room.
    assert applicability.header[1] == "Assessment"
    assert widths[1] > wanted[1]
    assert widths[0] < wanted[0] and widths[2] < wanted[2]
    (sources,) = [t for t in tables_in(tree) if t.purpose == "sources"]
    assert grid(xp(document_xml(sample), "w:tbl")[-1]) == pytest.approx(
        [TEXT_WIDTH_TWIPS * share for share in sources.widths], abs=2
    )


def test_without_widths_from_the_tree_columns_share_by_their_content(sample: bytes) -> None:
    tree = sample_document()
    data = tree.charts[0].data
    assert not data.widths
    index = tables_in(tree).index(data)
    measure, *values = grid(xp(document_xml(sample), "w:tbl")[index])
    assert all(measure > 2 * value for value in values)


def test_words_that_cannot_all_fit_share_the_width_by_need(images: dict[str, bytes]) -> None:
    crowded = Table(
        caption="Crowded",
        header=tuple(f"Commissioner {n}" for n in range(7)),  # 7 x bold "Commissioner" > 16 cm
        rows=(tuple(Cell("x") for _ in range(7)),),
        purpose="figures",
        numeric=(False,) * 7,
        widths=(0.4, *(0.1,) * 6),
    )
    tree = sample_document()
    tree = dataclasses.replace(tree, blocks=(*tree.blocks, crowded))
    widths = grid(xp(document_xml(render_docx(tree, images)), "w:tbl[last()]")[0])
    assert sum(widths) == TEXT_WIDTH_TWIPS
    assert max(widths) - min(widths) <= 1


# Figures -------------------------------------------------------------------------------------


def test_figure_captions_number_figures_with_a_seq_field(sample: bytes) -> None:
    body = document_xml(sample)
    for chart in sample_document().charts:
        (caption,) = [
            p for p in xp(body, "w:p[w:pPr/w:pStyle/@w:val='Caption']") if text(p) == chart.caption
        ]
        assert [t.text for t in xp(caption, ".//w:instrText")] == [" SEQ Figure \\* ARABIC "]
        (result,) = xp(
            caption,
            "w:r[preceding-sibling::w:r[w:fldChar/@w:fldCharType='separate']]"
            "[following-sibling::w:r[w:fldChar/@w:fldCharType='end']]",
        )
        assert text(result) == str(chart.number)


def test_a_caption_without_its_number_has_no_field(images: dict[str, bytes]) -> None:
    tree = sample_document()
    at = tree.blocks.index(tree.charts[0])
    chart = dataclasses.replace(tree.charts[0], caption="Homicides fell")
    body = document_xml(render_docx(replaced(tree, at, chart), images))
    (caption,) = [p for p in xp(body, "w:p") if text(p) == "Homicides fell"]
    assert xp(caption, ".//w:instrText") == []


def test_figures_out_of_sequence_are_refused(images: dict[str, bytes]) -> None:
    tree = sample_document()
    at = tree.blocks.index(tree.charts[0])
    chart = dataclasses.replace(tree.charts[0], number=3, caption="Figure 3: Homicides fell")
    with pytest.raises(ValueError, match="figure 3 follows figure 0"):
        render_docx(replaced(tree, at, chart), images)


@pytest.mark.parametrize(
    ("order", "kept_parts"),
    [
        (("caption", "image", "source", "data"), ["caption", "image"]),
        (("caption", "image", "data", "source"), ["caption"]),
        (("caption", "source", "image", "data"), ["caption", "source"]),
    ],
)
def test_a_charts_caption_picture_and_source_stay_together_but_not_its_data(
    images: dict[str, bytes], order: tuple[str, ...], kept_parts: list[str]
) -> None:
    tree = sample_document()
    at = tree.blocks.index(tree.charts[0])
    chart = dataclasses.replace(tree.charts[0], order=order)
    body = document_xml(render_docx(replaced(tree, at, chart), images))
    picture = xp(body, "w:p[.//wp:docPr]")[0]
    paragraphs = {
        "caption": next(p for p in xp(body, "w:p") if text(p) == chart.caption),
        "image": picture,
        "source": xp(
            picture,
            "(preceding-sibling::w:p|following-sibling::w:p)[w:pPr/w:pStyle/@w:val='SourceNote']",
        )[0],
    }
    assert sorted(name for name, p in paragraphs.items() if xp(p, "w:pPr/w:keepNext")) == sorted(
        kept_parts
    )


# In LibreOffice ------------------------------------------------------------------------------


@needs_libreoffice
def test_libreoffice_links_to_headings_indents_the_list_and_names_the_office_once_on_page_one(
    linked: bytes, tmp_path: Path
) -> None:
    import pypdf

    source = tmp_path / "linked.docx"
    source.write_bytes(linked)
    pdf_path = libreoffice_pdf(source, tmp_path)
    tree = linked_tree()
    headings = {b.anchor: b.text for b in tree.blocks if isinstance(b, Heading)}
    reader = pypdf.PdfReader(pdf_path)
    with pikepdf.open(pdf_path) as pdf:
        pages = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}
        targets = [
            pages[annotation.Dest[0].objgen]
            for page in pdf.pages
            for annotation in page.get("/Annots", [])
            if "/Dest" in annotation
        ]
    assert len(targets) == len(LINKED)
    for anchor in LINKED:
        assert any(headings[anchor] in reader.pages[n].extract_text() for n in targets)
    first_page = reader.pages[0].extract_text()
    assert tree.letterhead is not None
    office = "".join(span.text for span in tree.letterhead.office)
    assert first_page.count(office) == 1
    assert office in reader.pages[1].extract_text()  # the running header from page 2

    starts: dict[str, float] = {}

    def where(content: str, cm: list[float], tm: list[float], *_: Any) -> None:
        if content.strip():
            starts.setdefault(content.strip(), tm[4] * cm[0] + tm[5] * cm[2] + cm[4])

    reader.pages[0].extract_text(visitor_text=where)
    listed = next(b for b in tree.blocks if isinstance(b, ItemList) and b.ordered)
    first_item = listed.items[0][0].text
    paragraph = next(b for b in tree.blocks if isinstance(b, Paragraph) and b.number == 1)
    opening = paragraph.inlines[0].text.split()[0]
    item_start = next(x for t, x in starts.items() if t.startswith(first_item[:10]))
    text_start = next(x for t, x in starts.items() if t.startswith(opening))
    # The item's number sits on the paragraph's text edge, so its text starts further in.
    assert item_start > text_start + 20


def test_text_after_a_table_has_room_above_it_but_a_heading_keeps_its_own(
    images: dict[str, bytes],
) -> None:
    from reportgen.compose.document import Span

    tree = sample_document()
    note = Paragraph((Span("Source: the force's own data."),), style="note")
    blocks = (*tree.blocks, long_table(3), note, long_table(3), Heading(2, "Next", "next"))
    body = document_xml(render_docx(dataclasses.replace(tree, blocks=blocks), images))
    after = [table.getnext() for table in xp(body, "w:tbl")[-2:]]
    assert [xp(p, "w:pPr/w:spacing/@w:before") for p in after] == [["120"], []]


@pytest.mark.parametrize("face", sorted(FONT_FILES.values()))
def test_the_shipped_metrics_are_the_fonts_own(face: str) -> None:
    """metrics.json must be regenerated (tools/make_font_metrics.py) whenever a font changes."""
    fonts = template_file("fonts")
    shipped = json.loads((fonts / METRICS_FILE).read_text(encoding="utf-8"))[face]
    assert shipped == font_metrics(fonts / face)


def test_a_font_the_metrics_were_not_measured_from_is_measured_afresh(tmp_path: Path) -> None:
    fonts = template_file("fonts")
    face = tmp_path / FONT_FILES[False]
    face.write_bytes((fonts / FONT_FILES[False]).read_bytes())
    recorded = json.loads((fonts / METRICS_FILE).read_text(encoding="utf-8"))
    recorded[face.name]["advances"]["65"] = 1  # "A", as if measured from another font
    recorded[face.name]["sha256"] = "0" * 64
    (tmp_path / METRICS_FILE).write_text(json.dumps(recorded), encoding="utf-8")
    assert _shipped_metrics(face) is None
    assert measure_font(face).advances[ord("A")] == pytest.approx(1366 / 2048)
    recorded[face.name]["sha256"] = hashlib.sha256(face.read_bytes()).hexdigest()
    (tmp_path / METRICS_FILE).write_text(json.dumps(recorded), encoding="utf-8")
    shipped = _shipped_metrics(face)
    assert shipped is not None and shipped.advances[ord("A")] == 1 / 2048
