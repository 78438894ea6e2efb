"""WordprocessingML helpers for styles and document defaults: the house styles of the reference DOCX."""

from __future__ import annotations

import copy
from typing import Any, cast

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Length, Pt, RGBColor
from docx.styles.style import BaseStyle, _TableStyle

from reportgen.render.ooxml import (
    DOC_DEFAULTS_ORDER,
    PPR_ORDER,
    RPR_ORDER,
    STYLE_ORDER,
    STYLES_ORDER,
    child_in_order,
    insert_in_order,
    xml_element,
)

_DRAWING = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}


def set_document_language(document: Document, language: str) -> None:
    """Declare `language` (a BCP 47 tag such as "en-GB") for the text and the metadata.

    Only `w:val` changes: `w:eastAsia` and `w:bidi` name the languages assumed for East Asian
    and complex-script characters, which an English statement does not contain; setting them
    to en-GB would mislabel any that did appear.
    """
    child_in_order(_default_run_properties(document), "w:lang", RPR_ORDER).set(
        qn("w:val"), language
    )
    document.core_properties.language = language


def set_part_language(elements: list[Any], language: str) -> None:
    """Declare `language` on every run of a part of the body (a block of a bilingual document),
    its drawings' text aside, so Word reads and checks the part in its own language."""
    for element in elements:
        for run in element.iter(qn("w:r")):
            child_in_order(run.get_or_add_rPr(), "w:lang", RPR_ORDER).set(qn("w:val"), language)


def set_default_run_properties(
    document: Document, *, font: str, size: Length, colour: RGBColor
) -> None:
    """Make `font`, `size` and `colour` the defaults every style inherits.

    Theme font references are removed from all styles as well: in Word a theme attribute
    beats a named font, so a heading still pointing at the theme would keep Calibri or
    Cambria. East Asian text keeps the theme's East Asian font, as `font` may lack CJK glyphs.
    """
    for fonts in list(document.styles.element.iter(qn("w:rFonts"))):
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)
        if not fonts.attrib:
            fonts.getparent().remove(fonts)
    run_pr = _default_run_properties(document)
    fonts = child_in_order(run_pr, "w:rFonts", RPR_ORDER)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), font)
    child_in_order(run_pr, "w:color", RPR_ORDER).set(qn("w:val"), str(colour))
    half_points = str(round(size.pt * 2))
    child_in_order(run_pr, "w:sz", RPR_ORDER).set(qn("w:val"), half_points)
    child_in_order(run_pr, "w:szCs", RPR_ORDER).set(qn("w:val"), half_points)


def set_theme_fonts(document: Document, font: str) -> None:
    """Make `font` the theme's heading and body typeface for Latin text.

    Word offers the theme fonts first in its font list ("Arial (Headings)", "Arial (Body)"), and
    text a user adds in them then matches the house typeface.
    """
    theme = document.part.part_related_by(RT.THEME)
    root = parse_xml(theme.blob)
    for scheme in ("a:majorFont", "a:minorFont"):
        latin = root.find(f"a:themeElements/a:fontScheme/{scheme}/a:latin", _DRAWING)
        if latin is None:
            raise ValueError(f"the template's theme has no {scheme} for Latin text")
        latin.set("typeface", font)
    theme._blob = serialize_part_xml(root)


def default_font_size(document: Document) -> Length:
    """The size of text no style sizes: the document default, or Word's own 10 pt."""
    size = _default_run_properties(document).find(qn("w:sz"))
    return Pt(int(size.get(qn("w:val"))) / 2 if size is not None else 10)


def reset_style(style: BaseStyle) -> None:
    """Remove all paragraph, run and table formatting from `style`, keeping its identity."""
    for tag in ("w:pPr", "w:rPr", "w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr"):
        for element in style.element.findall(qn(tag)):
            style.element.remove(element)


def set_outline_level(style: BaseStyle, level: int) -> None:
    """Put a heading style at outline `level` (0 for Heading 1) for navigation and bookmarks."""
    child_in_order(_style_pr(style), "w:outlineLvl", PPR_ORDER).set(qn("w:val"), str(level))


def set_contextual_spacing(style: BaseStyle) -> None:
    """Drop the space between consecutive paragraphs of `style` (list items, address lines)."""
    child_in_order(_style_pr(style), "w:contextualSpacing", PPR_ORDER)


def sync_linked_character_styles(document: Document) -> None:
    """Give each linked character style ("Heading 1 Char") its paragraph style's run formatting.

    Word keeps the pair in step when a style is edited in its user interface; a template edited
    in code has to do the same, or text styled with the character style looks different.
    """
    styles = document.styles.element
    for paragraph_style in styles.findall(qn("w:style")):
        link = paragraph_style.find(qn("w:link"))
        if paragraph_style.get(qn("w:type")) != "paragraph" or link is None:
            continue
        linked = styles.get_by_id(link.get(qn("w:val")))
        if linked is None:
            continue
        for old in linked.findall(qn("w:rPr")):
            linked.remove(old)
        run_pr = paragraph_style.find(qn("w:rPr"))
        if run_pr is not None:
            insert_in_order(linked, copy.deepcopy(run_pr), STYLE_ORDER)


def add_table_style(
    document: Document,
    name: str,
    *,
    border_colour: RGBColor,
    accent_colour: RGBColor,
    header_fill: RGBColor,
    cell_margin: Length,
    cell_margin_y: Length | None = None,
) -> _TableStyle:
    """Add a table style ruled as the PDF's and the web page's tables are: a 1 pt accent rule above
    and below the bold, shaded header row, a thin rule under every other row, no upright lines.

    The header formatting applies to tables whose tblLook has firstRow on.
    """
    style = cast(_TableStyle, document.styles.add_style(name, WD_STYLE_TYPE.TABLE))
    style.base_style = document.styles["Normal Table"]
    border = {"w:val": "single", "w:sz": "4", "w:space": "0", "w:color": str(border_colour)}
    accent = {"w:val": "single", "w:sz": "8", "w:space": "0", "w:color": str(accent_colour)}
    sides = ("w:top", "w:left", "w:bottom", "w:right")
    margin = str(cell_margin.twips)
    # Word's own tables have no space above and below cell text; a little keeps rows legible
    # without making every row a line taller than its text.
    margin_y = str((cell_margin if cell_margin_y is None else cell_margin_y).twips)
    table_pr = xml_element(
        "w:tblPr",
        {},
        xml_element(
            "w:tblBorders",
            {},
            xml_element("w:top", accent),
            xml_element("w:bottom", border),
            xml_element("w:insideH", border),
        ),
        xml_element(
            "w:tblCellMar",
            {},
            *(
                xml_element(
                    side,
                    {"w:w": margin_y if side in ("w:top", "w:bottom") else margin, "w:type": "dxa"},
                )
                for side in sides
            ),
        ),
    )
    header_row = xml_element(
        "w:tblStylePr",
        {"w:type": "firstRow"},
        xml_element("w:rPr", {}, xml_element("w:b"), xml_element("w:bCs")),
        xml_element(
            "w:tcPr",
            {},
            xml_element("w:tcBorders", {}, xml_element("w:bottom", accent)),
            xml_element("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": str(header_fill)}),
        ),
    )
    insert_in_order(style.element, table_pr, STYLE_ORDER)
    insert_in_order(style.element, header_row, STYLE_ORDER)
    return style


def strip_revision_ids(document: Document) -> None:
    """Remove Word's editing-session ids (rsid) left in the template; they mean nothing here."""
    for root in (document.element, document.styles.element, document.settings.element):
        for element in list(root.iter()):
            if element.tag in (qn("w:rsid"), qn("w:rsids")):
                element.getparent().remove(element)
                continue
            for attribute in [key for key in element.attrib if key.startswith(qn("w:rsid"))]:
                del element.attrib[attribute]


def _style_pr(style: BaseStyle) -> Any:
    return child_in_order(style.element, "w:pPr", STYLE_ORDER)


def _default_run_properties(document: Document) -> Any:
    doc_defaults = child_in_order(document.styles.element, "w:docDefaults", STYLES_ORDER)
    return child_in_order(
        child_in_order(doc_defaults, "w:rPrDefault", DOC_DEFAULTS_ORDER), "w:rPr", ["w:rPr"]
    )
