"""The PDF renderer on the sample document: standards, tags, metadata, attachments, text, bytes.

The sample is rendered once per module. Structure is read with pikepdf (catalog, structure tree,
XMP, attachments, fonts, images); text is read with pypdf in content-stream order, which for a
Typst file is reading order, together with the marked-content sequence each piece of text sits in
(so the tests can tell page furniture, marked /Artifact, from tagged content, and find the /Lang
of a passage).
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import page
import pikepdf
import pypdf
import pytest
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

from reportgen.compose.document import (
    Cell,
    Document,
    Heading,
    ItemList,
    Paragraph,
    Span,
    Table,
)
from reportgen.paths import packaged_templates_dir, template_file
from reportgen.render.pdf import (
    INPUT_ATTACHMENT,
    PROVENANCE_ATTACHMENT,
    NoSourceAttached,
    PdfRenderFailed,
    read_source,
    render_pdf,
)
from tests.outputs import structure_elements
from tests.sample_document import HOSTILE, WELSH, sample_document, sample_images, tables_in

# --------------------------------------------------------------------------------------------
# The rendered sample, and ways of reading it
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rendered:
    document: Document
    images: dict[str, bytes]
    data: bytes
    path: Path


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    document, images = sample_document(), sample_images()
    data = render_pdf(document, images)
    path = tmp_path_factory.mktemp("pdf") / "statement.pdf"
    path.write_bytes(data)
    return Rendered(document, images, data, path)


@pytest.fixture
def pdf(rendered: Rendered) -> Iterator[pikepdf.Pdf]:
    with pikepdf.open(rendered.path) as opened:
        yield opened


def _children(element: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    kids = element.get("/K")
    if kids is None:
        return []
    items = kids if isinstance(kids, pikepdf.Array) else [kids]
    return [kid for kid in items if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]


def _attributes(element: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    attributes = element.get("/A")
    if attributes is None:
        return []
    items = attributes if isinstance(attributes, pikepdf.Array) else [attributes]
    return [item for item in items if isinstance(item, pikepdf.Dictionary)]


def _scope(cell: pikepdf.Dictionary) -> str | None:
    for attributes in _attributes(cell):
        if attributes.get("/O") == "/Table" and "/Scope" in attributes:
            return str(attributes.Scope)
    return None


@dataclass(frozen=True)
class Piece:
    """A piece of text as drawn, with the marked-content sequences it sits in (outermost first)."""

    text: str
    marks: tuple[tuple[str, str | None], ...]  # (tag, /Lang of its property list or None)

    @property
    def artifact(self) -> bool:
        return any(tag == "/Artifact" for tag, _ in self.marks)

    @property
    def lang(self) -> str | None:
        langs = [lang for _, lang in self.marks if lang is not None]
        return langs[-1] if langs else None


def _page_pieces(pdf_page: pypdf.PageObject) -> list[Piece]:
    """One page's text in content-stream order, with its marked-content context."""
    stack: list[tuple[str, str | None]] = []
    found: list[Piece] = []

    def before(operator: bytes, args: list[Any], *_: Any) -> None:
        if operator in (b"BDC", b"BMC"):
            properties = args[1] if len(args) > 1 else None
            lang = properties.get("/Lang") if isinstance(properties, dict) else None
            if isinstance(lang, bytes):
                lang = lang.decode()
            stack.append((str(args[0]), None if lang is None else str(lang)))
        elif operator == b"EMC":
            stack.pop()

    def text(content: str, *_: Any) -> None:
        if content.strip():
            found.append(Piece(content, tuple(stack)))

    pdf_page.extract_text(visitor_operand_before=before, visitor_text=text)
    return found


def _pieces(path: Path) -> list[list[Piece]]:
    return [_page_pieces(pdf_page) for pdf_page in pypdf.PdfReader(path).pages]


def _words(text: str) -> str:
    """Whitespace collapsed, so text wrapped over several lines compares with the tree's."""
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def pieces(rendered: Rendered) -> list[list[Piece]]:
    return _pieces(rendered.path)


@pytest.fixture(scope="module")
def reading_text(pieces: list[list[Piece]]) -> str:
    """The document's text (page furniture left out) in reading order, whitespace collapsed."""
    return _words(
        "\n".join(p.text for page_pieces in pieces for p in page_pieces if not p.artifact)
    )


# --------------------------------------------------------------------------------------------
# Standards
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("profile", ["ua1", "3a"])
def test_sample_passes_pdf_ua1_and_pdf_a3a(rendered: Rendered, profile: str) -> None:
    result = page.validate_pdf(str(rendered.path), profile=profile)
    if not result.is_compliant:
        print(result.failures)
    assert result.is_compliant, result.failures


def test_catalog_declares_language_tagging_and_title_display(pdf: pikepdf.Pdf) -> None:
    root = pdf.Root
    assert str(root.Lang) == "en-GB"
    assert bool(root.MarkInfo.Marked) is True
    assert bool(root.ViewerPreferences.DisplayDocTitle) is True


def test_xmp_metadata_names_title_and_standards(pdf: pikepdf.Pdf, rendered: Rendered) -> None:
    metadata = rendered.document.metadata
    xmp = pdf.open_metadata()
    assert xmp.get("dc:title") == metadata.title
    assert xmp.get("dc:creator") == [metadata.author]
    assert xmp.get("dc:description") == metadata.subject
    assert xmp.get("pdf:Keywords") == ", ".join(metadata.keywords)
    assert xmp.get("pdfaid:part") == "3"
    assert xmp.get("pdfaid:conformance") == "A"
    assert xmp.get("pdfuaid:part") == "1"


def test_every_date_is_the_publication_date(pdf: pikepdf.Pdf, rendered: Rendered) -> None:
    published = rendered.document.metadata.created
    xmp = pdf.open_metadata()
    for key in ("xmp:CreateDate", "xmp:ModifyDate"):
        assert str(xmp.get(key)).startswith(published.isoformat()), key
    assert str(pdf.docinfo["/CreationDate"]).startswith(f"D:{published:%Y%m%d}")
    for spec in pdf.attachments.values():
        assert str(spec.get_file().obj.Params.ModDate).startswith(f"D:{published:%Y%m%d}")


# --------------------------------------------------------------------------------------------
# Structure tree
# --------------------------------------------------------------------------------------------


def test_headings_are_tagged_one_h1_then_an_h2_per_section(
    pdf: pikepdf.Pdf, rendered: Rendered
) -> None:
    tagged = [
        (str(e.S), str(e.get("/T", "")))
        for e in structure_elements(pdf.Root.StructTreeRoot)
        if re.fullmatch(r"/H\d", str(e.S))
    ]
    headings = [b for b in rendered.document.blocks if isinstance(b, Heading)]
    assert tagged == [(f"/H{h.level}", h.text) for h in headings]
    assert [tag for tag, _ in tagged].count("/H1") == 1
    assert [tag for tag, _ in tagged].count("/H2") == sum(h.level == 2 for h in headings)


def test_bookmarks_follow_the_headings(pdf: pikepdf.Pdf, rendered: Rendered) -> None:
    headings = [b for b in rendered.document.blocks if isinstance(b, Heading)]
    with pdf.open_outline() as outline:
        (top,) = outline.root
        assert top.title == headings[0].text
        assert [item.title for item in top.children] == [h.text for h in headings[1:]]


def test_each_chart_is_one_figure_with_its_alt_text(pdf: pikepdf.Pdf, rendered: Rendered) -> None:
    figures = [e for e in structure_elements(pdf.Root.StructTreeRoot) if e.S == "/Figure"]
    assert [str(f.get("/Alt", "")) for f in figures] == [c.alt for c in rendered.document.charts]
    assert all(str(f.Alt).strip() for f in figures)


def test_tables_have_captions_and_column_header_cells(pdf: pikepdf.Pdf, rendered: Rendered) -> None:
    tables = [e for e in structure_elements(pdf.Root.StructTreeRoot) if e.S == "/Table"]
    expected = tables_in(rendered.document)
    assert len(tables) == len(expected)
    for element, table in zip(tables, expected, strict=True):
        assert [str(k.S) for k in _children(element)] == ["/Caption", "/THead", "/TBody"]
        head = _children(element)[1]
        (header_row,) = _children(head)
        header_cells = _children(header_row)
        assert [str(c.S) for c in header_cells] == ["/TH"] * len(table.header)
        assert {_scope(c) for c in header_cells} == {"/Column"}
        body_rows = _children(_children(element)[2])
        assert len(body_rows) == len(table.rows)
        for row in body_rows:
            for cell in _children(row):
                # Typst 0.15 tags body cells TD (its row-header API needs a feature flag the
                # Python binding does not enable). Should a row header ever come out as TH,
                # it must be scoped to its row.
                assert cell.S in ("/TD", "/TH")
                if cell.S == "/TH":
                    assert _scope(cell) == "/Row"


def test_page_header_and_footer_are_artifacts(
    pieces: list[list[Piece]], rendered: Rendered
) -> None:
    office = rendered.document.furniture.running_header
    for number, page_pieces in enumerate(pieces, start=1):
        furniture = [p.text.strip() for p in page_pieces if p.artifact]
        assert f"Page {number} of {len(pieces)}" in furniture
        if number > 1:
            assert office in furniture
        # Everything else is tagged content: inside a marked-content sequence, not an artifact.
        assert all(p.marks for p in page_pieces)
    assert len(pieces) >= 2


def test_welsh_passage_is_tagged_welsh(pieces: list[list[Piece]]) -> None:
    welsh = [p for page_pieces in pieces for p in page_pieces if p.lang in ("cy", "cy-GB")]
    assert _words(" ".join(p.text for p in welsh)) == WELSH
    assert all(not p.artifact for p in welsh)


# --------------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------------


def test_text_reads_in_order_with_every_heading_and_the_title(
    reading_text: str, rendered: Rendered
) -> None:
    at = 0
    for heading in (b for b in rendered.document.blocks if isinstance(b, Heading)):
        found = reading_text.find(heading.text, at)
        assert found >= 0, f"{heading.text!r} missing or out of order"
        at = found + len(heading.text)
    assert reading_text.startswith("Please ask for: Arron Cullen")
    assert "National Policing Priorities Statement 2024-25 Q4 Update" in reading_text


def test_text_has_every_table_cell_caption_and_source(
    reading_text: str, rendered: Rendered
) -> None:
    for table in tables_in(rendered.document):
        assert _words(table.caption) in reading_text
        for text in table.header:
            assert _words(text) in reading_text
        row_texts = [_words(" ".join(cell.text for cell in row)) for row in table.rows]
        for row, row_text in zip(table.rows, row_texts, strict=True):
            for cell in row:
                assert _words(cell.text) in reading_text
            # Cells are read row by row, left to right.
            assert row_text in reading_text, row_text
    for chart in rendered.document.charts:
        assert chart.caption in reading_text
        assert chart.source in reading_text


def test_hostile_text_prints_exactly_as_written(reading_text: str) -> None:
    assert HOSTILE in reading_text


def test_numbered_paragraphs_show_the_trees_numbers(reading_text: str) -> None:
    assert "1. This statement meets paragraph 7A" in reading_text
    assert "2. West Midlands Police recorded 31 homicides" in reading_text
    assert "5. This statement is reported to the Strategic Policing" in reading_text


def test_anchor_links_go_to_their_headings(rendered: Rendered) -> None:
    """A "#anchor" href links inside the document to the heading with that anchor."""
    document = rendered.document
    blocks = list(document.blocks)
    at = next(i for i, b in enumerate(blocks) if isinstance(b, ItemList) and b.ordered)
    listed = blocks[at]
    assert isinstance(listed, ItemList)
    anchors = ("homicide", "neighbourhood-crime")
    blocks[at] = replace(
        listed,
        items=tuple(
            tuple(replace(span, href=f"#{anchor}") for span in item)
            for item, anchor in zip(listed.items, anchors, strict=True)
        ),
    )
    linked = render_pdf(replace(document, blocks=tuple(blocks)), rendered.images)
    with pikepdf.open(io.BytesIO(linked)) as pdf:
        destinations = pikepdf.NameTree(pdf.Root.Names.Dests)
        headings = [b for b in document.blocks if isinstance(b, Heading)]
        assert set(destinations.keys()) == {h.anchor for h in headings}
        links = [
            str(annotation.Dest)
            for pdf_page in pdf.pages
            for annotation in pdf_page.get("/Annots", [])
            if "/Dest" in annotation
        ]
        assert links == list(anchors)
        pages = {pdf_page.obj.objgen: n for n, pdf_page in enumerate(pdf.pages)}
        for anchor in anchors:
            target = pages[destinations[anchor][0].objgen]
            text = pypdf.PdfReader(io.BytesIO(linked)).pages[target].extract_text()
            heading = next(h for h in headings if h.anchor == anchor)
            assert heading.text in text


def _bold_width(word: str, size: float) -> float:
    """The width of ``word`` set in the shipped bold typeface, in points."""
    font = TTFont(packaged_templates_dir() / "fonts" / "LiberationSans-Bold.ttf")
    cmap, metrics = font.getBestCmap(), font["hmtx"]
    units = sum(metrics[cmap[ord(c)]][0] for c in word)
    return float(units / font["head"].unitsPerEm * size)


def _x_positions(pdf_page: pypdf.PageObject) -> dict[str, float]:
    """Where each piece of text on the page starts, from the left edge, in points."""
    found: dict[str, float] = {}

    def text(content: str, cm: list[float], tm: list[float], *_: Any) -> None:
        if content.strip():
            found.setdefault(content.strip(), tm[4] * cm[0] + tm[5] * cm[2] + cm[4])

    pdf_page.extract_text(visitor_text=text)
    return found


def test_a_column_too_narrow_for_its_longest_word_is_widened(rendered: Rendered) -> None:
    narrow = Table(
        caption="Narrow",
        header=("Who", "Text"),
        rows=((Cell("Commissioner", row_header=True), Cell("next column")),),
        purpose="figures",
        numeric=(False, False),
        widths=(0.08, 0.92),  # 3.6 cm of text width: too narrow for the word in bold 11 pt
    )
    document = replace(rendered.document, blocks=(*rendered.document.blocks, narrow))
    last = pypdf.PdfReader(io.BytesIO(render_pdf(document, rendered.images))).pages[-1]
    x = _x_positions(last)
    assert x["next column"] - x["Commissioner"] >= _bold_width("Commissioner", 11) + 5


def test_sample_header_words_fit_their_columns(rendered: Rendered) -> None:
    """The applicability table's 15% column is widened just enough for "Assessment"."""
    x = _x_positions(pypdf.PdfReader(rendered.path).pages[0])
    assert x["Reason"] - x["Assessment"] >= _bold_width("Assessment", 11) + 5


def test_words_that_cannot_all_fit_are_hyphenated_not_overrun(rendered: Rendered) -> None:
    word = "Commissioner"
    crowded = Table(
        caption="Crowded",
        header=tuple(f"{word} {n}" for n in range(7)),  # 7 x bold "Commissioner" > 16 cm
        rows=(tuple(Cell("x") for _ in range(7)),),
        purpose="figures",
        numeric=(False,) * 7,
        widths=(1 / 7,) * 7,
    )
    document = replace(rendered.document, blocks=(*rendered.document.blocks, crowded))
    last = pypdf.PdfReader(io.BytesIO(render_pdf(document, rendered.images))).pages[-1]
    assert re.search(r"Com-?\s*mis-\s*sioner", last.extract_text())


# --------------------------------------------------------------------------------------------
# Fonts, images, attachments, bytes
# --------------------------------------------------------------------------------------------


def _fonts(resources: Any, seen: set[tuple[int, int]]) -> Iterator[pikepdf.Dictionary]:
    if not isinstance(resources, pikepdf.Dictionary):
        return
    fonts = resources.get("/Font")
    if isinstance(fonts, pikepdf.Dictionary):
        for font in fonts.values():
            assert isinstance(font, pikepdf.Dictionary)
            yield font
    for xobject in (resources.get("/XObject") or {}).values():
        if xobject.objgen in seen:
            continue
        seen.add(xobject.objgen)
        if xobject.get("/Subtype") == "/Form":
            yield from _fonts(xobject.get("/Resources"), seen)


def test_every_font_is_the_shipped_typeface_and_embedded(pdf: pikepdf.Pdf) -> None:
    fonts = [font for p in pdf.pages for font in _fonts(p.obj.get("/Resources"), set())]
    assert fonts
    for font in fonts:
        assert "LiberationSans" in str(font.BaseFont), font.BaseFont
        descendant = font.DescendantFonts[0] if font.Subtype == "/Type0" else font
        descriptor = descendant.FontDescriptor
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font


def test_charts_are_vector_no_raster_images(pdf: pikepdf.Pdf) -> None:
    def images(resources: Any, seen: set[tuple[int, int]]) -> Iterator[Any]:
        if not isinstance(resources, pikepdf.Dictionary):
            return
        for xobject in (resources.get("/XObject") or {}).values():
            if xobject.objgen in seen:
                continue
            seen.add(xobject.objgen)
            if xobject.get("/Subtype") == "/Image":
                yield xobject
            else:
                yield from images(xobject.get("/Resources"), seen)

    assert [i for p in pdf.pages for i in images(p.obj.get("/Resources"), set())] == []


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils is not installed")
def test_poppler_agrees_fonts_embedded_and_no_images(rendered: Rendered) -> None:
    fonts = subprocess.run(
        ["pdffonts", str(rendered.path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts
    for line in fonts:
        # name type [type] encoding emb sub uni object ID: "emb" is the fifth field from the end.
        assert line.split()[-5] == "yes", line
    listed = subprocess.run(
        ["pdfimages", "-list", str(rendered.path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert listed[2:] == []


def test_source_and_provenance_are_attached_as_source_files(
    pdf: pikepdf.Pdf, rendered: Rendered
) -> None:
    attachments = pdf.attachments
    assert set(attachments) == {INPUT_ATTACHMENT, PROVENANCE_ATTACHMENT}
    for name, expected in (
        (INPUT_ATTACHMENT, rendered.document.source_data),
        (PROVENANCE_ATTACHMENT, rendered.document.provenance),
    ):
        spec = attachments[name]
        assert spec.obj.AFRelationship == "/Source"
        assert spec.get_file().mime_type == "application/json"
        assert json.loads(spec.get_file().read_bytes()) == expected
    # PDF/A-3: the document's associated files.
    assert {str(f.UF) for f in pdf.Root.AF} == {INPUT_ATTACHMENT, PROVENANCE_ATTACHMENT}


def test_read_source_round_trips_from_bytes_and_path(rendered: Rendered) -> None:
    expected = {"input": rendered.document.source_data, "provenance": rendered.document.provenance}
    assert read_source(rendered.data) == expected
    assert read_source(rendered.path) == expected


def test_read_source_refuses_a_pdf_without_attachments(tmp_path: Path) -> None:
    bare = pikepdf.new()
    bare.add_blank_page()
    buffer = io.BytesIO()
    bare.save(buffer)
    with pytest.raises(NoSourceAttached, match=INPUT_ATTACHMENT):
        read_source(buffer.getvalue())


def test_two_renders_are_byte_identical(rendered: Rendered) -> None:
    assert render_pdf(rendered.document, rendered.images) == rendered.data


def test_a4_pages(pdf: pikepdf.Pdf) -> None:
    for pdf_page in pdf.pages:
        width, height = (float(v) for v in pdf_page.mediabox[2:])
        assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)


# --------------------------------------------------------------------------------------------
# Failures
# --------------------------------------------------------------------------------------------


def test_missing_chart_image_is_a_clear_error(rendered: Rendered) -> None:
    images = {k: v for k, v in rendered.images.items() if not k.startswith("homicide")}
    with pytest.raises(PdfRenderFailed, match=r"no image 'homicide-1\.svg' .* figure 1"):
        render_pdf(rendered.document, images)


def test_typst_errors_are_raised_with_typsts_message(rendered: Rendered) -> None:
    document = rendered.document
    blocks = list(document.blocks)
    table_at = next(i for i, b in enumerate(blocks) if isinstance(b, Table))
    table = blocks[table_at]
    assert isinstance(table, Table)
    blocks[table_at] = replace(table, rows=(table.rows[0][:-1],))
    broken = replace(document, blocks=tuple(blocks))
    with pytest.raises(PdfRenderFailed) as raised:
        render_pdf(broken, rendered.images)
    message = str(raised.value)
    assert message.startswith("Typst could not set the PDF")
    assert "every row needs 3 cells" in message
    assert "statement.typ" in message  # Typst's own pointer into the template


def test_typst_warnings_are_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rendered: Rendered
) -> None:
    """A warning, such as an unknown font, would change the look: it fails the render."""
    import reportgen.render.pdf as module

    (tmp_path / "statement.typ").write_text(
        '#set document(title: "T")\n#set text(lang: "en")\n= T\n#text(font: "No Such Font")[x]\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(
        module,
        "template_file",
        lambda name: tmp_path / name if name == "statement.typ" else template_file(name),
    )
    with pytest.raises(PdfRenderFailed, match="unknown font family: no such font"):
        render_pdf(rendered.document, rendered.images)


# --------------------------------------------------------------------------------------------
# Page layout: charts, tables and empty space
# --------------------------------------------------------------------------------------------

PAGE_HEIGHT = 841.89  # A4, in points
MARGIN = 70.87  # 2.5 cm
TEXT_HEIGHT = PAGE_HEIGHT - 2 * MARGIN


def _lines(pdf_page: pypdf.PageObject) -> list[tuple[str, float]]:
    """The page's text inside the margins (no page furniture) with its baseline's height from the
    top of the page, in points."""
    found: list[tuple[str, float]] = []

    def text(content: str, cm: list[float], tm: list[float], *_: Any) -> None:
        y = PAGE_HEIGHT - (tm[4] * cm[1] + tm[5] * cm[3] + cm[5])
        if content.strip() and MARGIN < y < PAGE_HEIGHT - MARGIN:
            found.append((content.strip(), y))

    pdf_page.extract_text(visitor_text=text)
    return found


def _with_filler(rendered: Rendered, count: int, *blocks: Any) -> bytes:
    """The sample with `count` filler paragraphs and then `blocks` after its introduction."""
    tree = rendered.document
    at = next(i for i, b in enumerate(tree.blocks) if isinstance(b, Heading) and b.level == 2)
    filler = tuple(
        Paragraph((Span(f"Filler {n}: " + "words to fill the line " * 4),)) for n in range(count)
    )
    document = replace(tree, blocks=(*tree.blocks[:at], *filler, *blocks, *tree.blocks[at:]))
    return render_pdf(document, rendered.images)


def _pages(pdf: bytes) -> list[list[tuple[str, float]]]:
    return [_lines(pdf_page) for pdf_page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def _page_of(pages: list[list[tuple[str, float]]], start: str) -> list[int]:
    return [n for n, lines in enumerate(pages) for text, _ in lines if text.startswith(start)]


def _empty_below(pdf: bytes, work: Path) -> list[float]:
    """For each page, the share of the text area below the last thing drawn (text or chart)."""
    from PIL import Image

    (work / "statement.pdf").write_bytes(pdf)
    dpi = 36
    subprocess.run(
        ["pdftoppm", "-gray", "-r", str(dpi), str(work / "statement.pdf"), str(work / "page")],
        check=True,
        timeout=60,
    )
    shares = []
    for image in sorted(work.glob("page-*.pgm")):
        with Image.open(image) as page_image:
            pixels = page_image.load()
            width, height = page_image.size
            top, bottom = round(MARGIN / 72 * dpi), height - round(MARGIN / 72 * dpi)
            inked = [y for y in range(top, bottom) if any(pixels[x, y] < 200 for x in range(width))]
        shares.append((bottom - max(inked)) / (bottom - top))
    return shares


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")
@pytest.mark.parametrize("count", range(0, 40, 4))
def test_no_page_but_the_last_is_more_than_a_third_empty_unless_a_chart_follows(
    rendered: Rendered, count: int, tmp_path: Path
) -> None:
    """Tables and text fill their pages; only a chart (caption, picture and source, kept together
    and never shrunk) taller than the room left moves on, and leaves more empty."""
    pdf = _with_filler(rendered, count)
    pages = _pages(pdf)
    for number, empty in enumerate(_empty_below(pdf, tmp_path)[:-1], start=1):
        if empty <= 1 / 3:
            continue
        following = pages[number]
        opening, top = min(following, key=lambda line: line[1])
        chart = next(c for c in rendered.document.charts if c.caption.startswith(opening))
        # Its data table may follow it on the page it moved to, or start the next.
        data = [y for text, y in following if text == chart.data.caption]
        kept = (data[0] if data else PAGE_HEIGHT - MARGIN) - top
        assert kept > empty * TEXT_HEIGHT - 20, f"page {number} is {empty:.0%} empty"


@pytest.mark.parametrize("count", range(0, 40, 4))
def test_a_charts_caption_and_source_share_its_page_but_its_data_may_follow(
    rendered: Rendered, count: int
) -> None:
    (chart, *_) = rendered.document.charts
    pages = _pages(_with_filler(rendered, count))
    (caption,) = _page_of(pages, chart.caption[:20])
    source_pages = _page_of(pages, chart.source)
    assert caption in source_pages
    (data,) = _page_of(pages, chart.data.caption)
    assert data in (caption, caption + 1)


def _periods(period: str, rows: int) -> Table:
    return Table(
        caption=f"Crimes in each of {rows} {period.lower()}s",
        header=(period, "Crimes recorded"),
        rows=tuple(
            (Cell(f"{period} {n:02d}", row_header=True), Cell(str(n * 10))) for n in range(rows)
        ),
        purpose="chart-data",
        numeric=(False, True),
    )


@pytest.mark.parametrize("count", range(0, 40, 3))
def test_a_short_table_stays_whole_and_a_tall_one_opens_with_two_rows(
    rendered: Rendered, count: int
) -> None:
    short, tall = _periods("Month", 8), _periods("Week", 40)
    pages = _pages(_with_filler(rendered, count, short, tall))
    (caption,) = _page_of(pages, short.caption)
    assert [_page_of(pages, f"Month {n:02d}") for n in range(8)] == [[caption]] * 8
    (caption,) = _page_of(pages, tall.caption)
    assert _page_of(pages, "Week 00") == _page_of(pages, "Week 01") == [caption]
    assert _page_of(pages, "Week 39") != [caption]  # it did break


def test_a_stream_whose_data_ends_in_a_carriage_return_still_validates(
    rendered: Rendered, tmp_path: Path
) -> None:
    """A deflated stream ends with the Adler-32 of its text: when its last byte is CR, the bytes
    before `endstream` read CR LF, and validators took the CR for the end of line. Here the
    attached input is chosen so that its stream ends so."""
    import zlib

    def plain(value: object) -> bytes:
        return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    unlucky = next(
        {"note": "x" * n}
        for n in range(5000)
        if zlib.adler32(plain({"note": "x" * n})) & 0xFF == 13
    )
    document = replace(rendered.document, source_data=unlucky)
    pdf = tmp_path / "unlucky.pdf"
    pdf.write_bytes(render_pdf(document, rendered.images))
    with pikepdf.open(pdf) as opened:
        ends = [
            obj.read_raw_bytes()[-1:] for obj in opened.objects if isinstance(obj, pikepdf.Stream)
        ]
    assert b"\r" in ends  # the case under test really arises
    assert read_source(pdf)["input"] == unlucky
    for profile in ("ua1", "3a"):
        report = page.validate_pdf(str(pdf), profile=profile)
        assert report.is_compliant, report.failures
    # The cross-reference table still points at every object: qpdf finds nothing to repair.
    checked = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
    assert checked.returncode == 0 and "WARNING" not in checked.stdout + checked.stderr


def test_a_pdf_whose_streams_end_cleanly_is_left_byte_for_byte(rendered: Rendered) -> None:
    from reportgen.render.pdf_streams import unambiguous_stream_ends

    assert unambiguous_stream_ends(rendered.data) == rendered.data


def test_a_pdf_without_a_cross_reference_table_is_left_as_it_is() -> None:
    from reportgen.render.pdf_streams import unambiguous_stream_ends

    data = b"%PDF-1.7\n1 0 obj\n<</Length 3>>\nstream\nab\r\nendstream\nendobj\ntrailer\n%%EOF\n"
    assert unambiguous_stream_ends(data) == data
