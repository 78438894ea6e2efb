"""The DOCX edition: lays the composed document tree out in the house styles of the reference DOCX.

Every word, number and order comes from the tree; this module only chooses styles, numbering and
layout. All raw WordprocessingML is written by `reportgen.render.ooxml` and its sibling
`docx_styles` and `docx_package` modules.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Mapping
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

import docx as python_docx
from docx.document import Document as WordDocument
from docx.shared import Length, Pt
from docx.text.paragraph import Paragraph as WordParagraph
from docx.text.run import Run

from reportgen.bounded import BUILT_FILE_LIMIT, UnsafeFile, load_json, read_file
from reportgen.compose.document import (
    Block,
    Chart,
    Document,
    Heading,
    Inlines,
    ItemList,
    Letterhead,
    PageFurniture,
    Paragraph,
    Table,
)
from reportgen.formats import UnreadableOutput
from reportgen.paths import template_file
from reportgen.problems import ReportgenError
from reportgen.render import docx_package, docx_styles, docx_tables, ooxml

__all__ = ["NoEmbeddedSource", "read_source", "render_docx"]

SOURCE_NAMESPACE = "urn:reportgen:source:1"
SOURCE_ROOT = "statement-source"

# Paragraph styles of templates/reference.docx for each kind of paragraph in the tree.
_PARAGRAPH_STYLES = {
    "body": "Normal",
    "subtitle": "Subtitle",
    "date": "Normal",
    "note": "Source Note",  # an explanation under a table, in the same size as table text
}
_MAX_HEADING_LEVEL = 9
# Word's spell checkers are keyed by language and region; the tree may give only the language.
_REGIONS = {"cy": "cy-GB", "en": "en-GB", "gd": "gd-GB"}


# Space between a table and the paragraph or list after it.
_AFTER_TABLE = Pt(6)


class NoEmbeddedSource(ReportgenError):
    """Raised by `read_source` when a DOCX file carries no statement source data."""


def render_docx(
    document: Document, images: Mapping[str, bytes], *, template: Path | None = None
) -> bytes:
    """Lay `document` out as a DOCX file and return its bytes.

    `images` holds the drawn charts keyed by file name (each chart's `png_name` is used);
    `template` is the reference DOCX whose styles, page set-up and numbering are used
    (default: templates/reference.docx). The same tree, images and template always give the
    same bytes. Raises ValueError if the tree cannot be laid out faithfully: text with a
    character a Word document cannot hold, a skipped heading level, paragraph numbers that
    Word's numbering would not reproduce, or a table row of the wrong length.
    """
    word = python_docx.Document(str(template or template_file("reference.docx")))
    _Renderer(word, images).render(document)
    created = datetime.combine(document.metadata.created, time(0), tzinfo=UTC)
    return docx_package.docx_bytes(word, timestamp=created)


def read_source(docx: bytes | Path) -> dict[str, Any]:
    """The statement source data embedded in a DOCX made by `render_docx`.

    Returns {"input": <the validated input>, "provenance": <where it came from>}, exactly as
    they were in the document tree. Raises NoEmbeddedSource if the file has none.
    """
    if isinstance(docx, Path):
        docx = read_file(docx, BUILT_FILE_LIMIT, "statement reportgen made")
    try:
        parts = docx_package.read_custom_xml_parts(docx)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError) as exc:
        raise UnreadableOutput(f"cannot be read as a DOCX ({exc})") from None
    except UnsafeFile as exc:
        raise UnreadableOutput(str(exc)) from None
    for xml in reversed(parts):
        fields = docx_package.read_fields_xml(xml, SOURCE_NAMESPACE, SOURCE_ROOT)
        if fields is not None and {"input", "provenance"} <= fields.keys():
            try:
                return {
                    "input": load_json(fields["input"], "its embedded input"),
                    "provenance": load_json(fields["provenance"], "its embedded provenance"),
                }
            except UnsafeFile as exc:
                raise UnreadableOutput(str(exc)) from None
    name = "the DOCX file" if isinstance(docx, bytes) else str(docx)
    raise NoEmbeddedSource(
        f"{name} carries no statement source data: only DOCX files made by reportgen "
        "(0.1.0 or later) can be compared"
    )


def _source_xml(document: Document) -> bytes:
    """The custom XML part holding the tree's source data and provenance as JSON text."""
    return docx_package.fields_xml(
        SOURCE_NAMESPACE,
        SOURCE_ROOT,
        {"input": _json(document.source_data), "provenance": _json(document.provenance)},
    )


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


class _Renderer:
    """Appends the blocks of one tree to a document opened from the reference DOCX."""

    def __init__(self, word: WordDocument, images: Mapping[str, bytes]) -> None:
        self.word = word
        self.images = images
        section = word.sections[0]
        page, left, right = section.page_width, section.left_margin, section.right_margin
        if page is None or left is None or right is None:
            raise ValueError("the template's section sets no page width or side margins")
        top, bottom = section.top_margin, section.bottom_margin
        if section.page_height is None or top is None or bottom is None:
            raise ValueError("the template's section sets no page height or top and bottom margins")
        self.text_width = Length(page - left - right)
        self.text_height = Length(section.page_height - top - bottom)
        # python-docx finds a style by name with a search of styles.xml on every use; once is enough.
        self.style_ids: dict[str, str] = {}
        self.numbering = ooxml.define_numbering(word)
        # The style numbers its paragraphs, so a paragraph added in that style in Word is numbered.
        ooxml.link_numbering_to_style(
            word, self.numbering.paragraphs, self.style_id("Numbered Paragraph")
        )
        self.paragraph_number = 0
        self.after_table = False  # the next body paragraph gets a little space above it
        self.heading_level = 0
        self.table_text_style = self.style_id("Table Text")
        self.table_text = _table_text(word)
        self.bookmarks: dict[str, str] = {}
        self.bookmark_id = 0
        self.figure_number = 0

    def style_id(self, style: str) -> str:
        if style not in self.style_ids:
            self.style_ids[style] = self.word.styles[style].style_id
        return self.style_ids[style]

    def add_paragraph(self, style: str) -> WordParagraph:
        paragraph = self.word.add_paragraph()
        ooxml.set_paragraph_style_id(paragraph, self.style_id(style))
        if self.after_table:
            paragraph.paragraph_format.space_before = _AFTER_TABLE
            self.after_table = False
        return paragraph

    def render(self, document: Document) -> None:
        # The reference document's body is empty, but a staff-edited template might not be.
        self.word.element.body.clear_content()
        self.bookmarks = _bookmark_names(document)
        if document.letterhead is not None:
            self.letterhead(document.letterhead)
        previous: Block | None = None
        body = self.word.element.body
        for block in document.blocks:
            start = len(body) - 1  # new parts go before the section properties, the last child
            if isinstance(block, Heading):
                self.heading(block)
            elif isinstance(block, Paragraph):
                self.paragraph(block)
            elif isinstance(block, ItemList):
                # A list straight after a numbered paragraph is read as part of it ("3. The
                # priorities are: 1. … 2. …"), so it is that paragraph's second level.
                nested = isinstance(previous, Paragraph) and previous.number is not None
                self.item_list(block, nested=nested)
            elif isinstance(block, Table):
                self.table(block)
                # Word sets no space after a table: the text that follows would touch its rule.
                self.after_table = True
            else:
                self.chart(block)
            if block.lang is not None:
                docx_styles.set_part_language(list(body)[start:-1], block.lang)
            previous = block
        self.page_furniture(document.furniture)
        self.properties(document)

    # Blocks -----------------------------------------------------------------------------

    def letterhead(self, letterhead: Letterhead) -> None:
        for line in letterhead.contact:
            paragraph = self.add_paragraph("Contact Block")
            self.inlines(paragraph, line)
            _require_text(paragraph, "a contact line")
        # In Normal, set in bold: it names the organisation above the title.
        office = self.add_paragraph("Normal")
        self.inlines(office, letterhead.office, bold=True)
        _require_text(office, "the office")

    def heading(self, heading: Heading) -> None:
        if not 1 <= heading.level <= min(self.heading_level + 1, _MAX_HEADING_LEVEL):
            raise ValueError(
                f"heading {heading.text!r} is at level {heading.level} after level "
                f"{self.heading_level}: headings must start at 1 and never skip a level"
            )
        self.heading_level = heading.level
        self.after_table = False  # a heading's own space above is larger
        paragraph = self.add_paragraph(f"Heading {heading.level}")
        paragraph.add_run(_text(heading.text, "heading"))
        _require_text(paragraph, "a heading")
        if heading.anchor:
            ooxml.add_bookmark(paragraph, self.bookmarks[heading.anchor], self.bookmark_id)
            self.bookmark_id += 1

    def paragraph(self, block: Paragraph) -> None:
        if block.number is None:
            paragraph = self.add_paragraph(_PARAGRAPH_STYLES[block.style])
        else:
            self.paragraph_number += 1
            if block.number != self.paragraph_number:
                raise ValueError(
                    f"paragraph numbered {block.number} follows paragraph "
                    f"{self.paragraph_number - 1}: Word numbers paragraphs consecutively from 1"
                )
            # Numbered by its style (see __init__).
            paragraph = self.add_paragraph("Numbered Paragraph")
        self.inlines(paragraph, block.inlines)
        _require_text(paragraph, "a paragraph")

    def item_list(self, block: ItemList, *, nested: bool) -> None:
        level = 0
        if block.ordered and nested:
            # The paragraphs' second level starts at 1 again under each numbered paragraph.
            style, num_id, level = "List Number", self.numbering.paragraphs, 1
        elif block.ordered:
            style = "List Number"
            # Its own count, so that every ordered list starts at 1.
            num_id = ooxml.restart_numbering(self.word, self.numbering.ordered)
        else:
            style, num_id = "List Bullet", self.numbering.bullets
        for item in block.items:
            paragraph = self.add_paragraph(style)
            ooxml.number_paragraph(paragraph, num_id, level)
            self.inlines(paragraph, item)
            _require_text(paragraph, "a list item")

    def table(self, block: Table) -> None:
        columns = len(block.header)
        if columns == 0:
            raise ValueError(f"table {block.caption!r} has no columns")
        for row in block.rows:
            if len(row) != columns:
                raise ValueError(
                    f"table {block.caption!r} has a row of {len(row)} cells under "
                    f"{columns} column headings"
                )
        if len(block.numeric) != columns:
            raise ValueError(
                f"table {block.caption!r} has {len(block.numeric)} numeric flags for "
                f"{columns} columns"
            )
        caption = self.add_paragraph("Caption")
        caption.add_run(_text(block.caption, "table caption"))
        ooxml.keep_with_next(caption)

        if block.widths and (len(block.widths) != columns or any(w <= 0 for w in block.widths)):
            raise ValueError(
                f"table {block.caption!r} has {columns} columns but widths {list(block.widths)}"
            )
        twips = docx_tables.column_widths(block, self.text_width.twips, self.table_text)
        heights = docx_tables.row_heights(block, twips, self.table_text)
        kept = docx_tables.rows_kept_with_next(heights, self.text_height.twips)
        styles = docx_tables.TableStyles(self.style_id("Statement Table"), self.table_text_style)
        self.word.element.body._insert_tbl(docx_tables.table_element(block, twips, kept, styles))

    def chart(self, chart: Chart) -> None:
        try:
            png = self.images[chart.png_name]
        except KeyError:
            raise KeyError(f"no image {chart.png_name!r} for {chart.caption!r}") from None
        self.figure_number += 1
        if chart.number != self.figure_number:
            raise ValueError(
                f"figure {chart.number} follows figure {self.figure_number - 1}: Word's "
                "caption fields number figures consecutively from 1"
            )
        for part, following in zip(chart.order, (*chart.order[1:], None), strict=True):
            paragraph: WordParagraph | None = None
            if part == "caption":
                paragraph = self.figure_caption(chart)
            elif part == "image":
                paragraph = self.word.add_paragraph()
                picture = paragraph.add_run().add_picture(io.BytesIO(png), width=self.text_width)
                ooxml.set_alt_text(
                    picture,
                    title=_text(chart.caption, "chart caption"),
                    description=_text(chart.alt, "chart alt text"),
                )
            elif part == "data":
                self.table(chart.data)
            else:
                paragraph = self.add_paragraph("Source Note")
                paragraph.add_run(_text(chart.source, "chart source"))
            # The caption, picture and source line stay together; the data table may start
            # on the next page rather than leave most of this one empty.
            if paragraph is not None and following not in (None, "data"):
                ooxml.keep_with_next(paragraph)

    def figure_caption(self, chart: Chart) -> WordParagraph:
        """The caption, its figure number a SEQ field as Word's Insert Caption writes it."""
        caption = self.add_paragraph("Caption")
        text = _text(chart.caption, "chart caption")
        number = re.search(rf"(?<!\d){chart.number}(?!\d)", text)
        if number is None:
            caption.add_run(text)
            return caption
        if number.start():
            caption.add_run(text[: number.start()])
        ooxml.add_field(caption, r"SEQ Figure \* ARABIC", number.group())
        if number.end() < len(text):
            caption.add_run(text[number.end() :])
        return caption

    def inlines(self, paragraph: WordParagraph, inlines: Inlines, *, bold: bool = False) -> None:
        for span in inlines:
            text = _text(span.text, "text")
            run: Run
            if span.href is not None and span.href.startswith("#"):
                link = ooxml.add_internal_link(
                    paragraph,
                    self.bookmark(span.href.removeprefix("#"), text),
                    text,
                    bold=bold or span.bold,
                    italic=span.italic,
                )
                (run,) = link.runs
            elif span.href is not None:
                link = ooxml.add_hyperlink(
                    paragraph,
                    _text(span.href, "link"),
                    text,
                    bold=bold or span.bold,
                    italic=span.italic,
                )
                (run,) = link.runs
            else:
                run = paragraph.add_run(text)
                # None rather than False, so the run inherits from its paragraph style.
                run.bold = bold or span.bold or None
                run.italic = span.italic or None
            if span.lang is not None:
                ooxml.set_run_language(run, _REGIONS.get(span.lang, span.lang))

    def bookmark(self, anchor: str, text: str) -> str:
        try:
            return self.bookmarks[anchor]
        except KeyError:
            raise ValueError(
                f"the link {text!r} goes to #{anchor}, but no heading has that anchor"
            ) from None

    # The page and the file ----------------------------------------------------------------

    def page_furniture(self, furniture: PageFurniture) -> None:
        section = self.word.sections[0]
        section.header.is_linked_to_previous = False
        header = section.header.paragraphs[0]
        header.style = self.word.styles["Header"]
        header.add_run(_text(furniture.running_header, "running header"))
        # The first page has no running header: the letterhead under it names the office.
        section.different_first_page_header_footer = True
        section.first_page_header.is_linked_to_previous = False
        section.first_page_header.paragraphs[0].style = self.word.styles["Header"]
        # The footer carries the page number only (see PageFurniture.running_footer).
        for first_page in (True, False):
            ooxml.page_n_of_m_footer(
                section,
                furniture.page_before,
                furniture.page_between,
                furniture.page_after,
                first_page=first_page,
            )

    def properties(self, document: Document) -> None:
        metadata = document.metadata
        created = datetime.combine(metadata.created, time(0), tzinfo=UTC)
        docx_package.set_core_properties(
            self.word,
            title=_text(metadata.title, "title"),
            subject=_text(metadata.subject, "subject"),
            author=_text(metadata.author, "author"),
            keywords=_text("; ".join(metadata.keywords), "keywords"),
            language=metadata.language,
            created=created,
            modified=created,
            last_modified_by=metadata.author,
        )
        docx_styles.set_document_language(self.word, metadata.language)
        docx_package.add_custom_xml_part(self.word, _source_xml(document))


def _bookmark_names(document: Document) -> dict[str, str]:
    """A Word bookmark name for each heading's anchor, kept apart where two would clash."""
    names: dict[str, str] = {}
    for block in document.blocks:
        if not isinstance(block, Heading) or not block.anchor:
            continue
        if block.anchor in names:
            raise ValueError(f"two headings have the anchor {block.anchor!r}")
        name, suffix = ooxml.bookmark_name(block.anchor), 1
        while name in names.values():
            suffix += 1
            name = f"{ooxml.bookmark_name(block.anchor)[: 39 - len(str(suffix))]}_{suffix}"
        names[block.anchor] = name
    return names


def _table_text(word: WordDocument) -> docx_tables.TableText:
    """The size of the "Table Text" style and the cell margins of "Statement Table"."""
    style = word.styles["Table Text"]
    size = None
    while style is not None and size is None:
        size = style.font.size
        style = style.base_style
    margins = ooxml.cell_margins(word.styles["Statement Table"])
    return docx_tables.TableText(
        size=(size or docx_styles.default_font_size(word)).pt,
        padding_x=margins["left"] + margins["right"],
        padding_y=margins["top"] + margins["bottom"],
    )


def _text(text: str, where: str) -> str:
    """`text` unchanged, after checking that a Word document can hold every character."""
    return ooxml.check_xml_text(text, where)


def _require_text(paragraph: WordParagraph, what: str) -> None:
    """Refuse an empty paragraph: screen readers announce it as "blank"."""
    if not paragraph.text.strip():
        raise ValueError(f"{what} in the document tree has no text")
