"""Small WordprocessingML helpers for python-docx, so the DOCX renderer never writes XML itself.

This module covers the body: paragraphs, runs, numbering, fields, alt text and tables, and the
element helpers that keep every child in schema order. `docx_styles` sets up styles and document
defaults; `docx_package` handles the package: properties, custom XML parts and reproducible zips.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.hyperlink import CT_Hyperlink
from docx.oxml.text.run import CT_R
from docx.section import Section
from docx.shape import InlineShape
from docx.styles.style import BaseStyle
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph
from docx.text.run import Run

# Child orders from the ECMA-376 schema (Part 1, §17). Word treats a child out of order as a
# corrupt file, so every element added here goes in through `child_in_order`, which honours them.
STYLES_ORDER = ("w:docDefaults", "w:latentStyles", "w:style")
DOC_DEFAULTS_ORDER = ("w:rPrDefault", "w:pPrDefault")
STYLE_ORDER = (
    "w:name", "w:aliases", "w:basedOn", "w:next", "w:link", "w:autoRedefine", "w:hidden",
    "w:uiPriority", "w:semiHidden", "w:unhideWhenUsed", "w:qFormat", "w:locked",
    "w:personal", "w:personalCompose", "w:personalReply", "w:rsid", "w:pPr", "w:rPr",
    "w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr",
)  # fmt: skip
PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
    "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
    "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap",
    "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
    "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
RPR_ORDER = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
    "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof",
    "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern",
    "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd",
    "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
    "w:specVanish", "w:oMath",
)  # fmt: skip
NUMPR_ORDER = ("w:ilvl", "w:numId")
LVL_ORDER = (
    "w:start", "w:numFmt", "w:lvlRestart", "w:pStyle", "w:isLgl", "w:suff", "w:lvlText",
    "w:lvlPicBulletId", "w:legacy", "w:lvlJc", "w:pPr", "w:rPr",
)  # fmt: skip
TBLPR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
    "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
    "w:tblDescription", "w:tblPrChange",
)  # fmt: skip
TRPR_ORDER = (
    "w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter",
    "w:cantSplit", "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden",
    "w:ins", "w:del", "w:trPrChange",
)  # fmt: skip

# Characters XML 1.0 cannot hold at all (most C0 controls, lone surrogates, U+FFFE, U+FFFF).
_NOT_XML_TEXT = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

# Twentieths of a point; 567 is 1 cm.
_LIST_INDENT = 567
_BULLET_HANGING = 360
_BOOKMARK_LENGTH = 40
_DEFAULT_CELL_MARGIN = 108


@dataclass(frozen=True)
class NumberingIds:
    """The `w:numId` values `define_numbering` made, for `number_paragraph`."""

    paragraphs: int
    """Consecutively numbered paragraphs: 1., then (a), then (i)."""
    bullets: int
    """Bulleted lists: • then ◦."""
    ordered: int
    """Ordered lists: 1. then (a). Give each list `restart_numbering(document, ordered)`."""


def set_alt_text(inline_shape: InlineShape, title: str, description: str) -> None:
    """Give a picture its accessible name (`title`) and alternative text (`description`)."""
    doc_pr = inline_shape._inline.docPr
    doc_pr.set("title", title)
    doc_pr.set("descr", description)


def add_field(paragraph: Paragraph, instruction: str, placeholder: str) -> Run:
    """Append a complex field such as ``PAGE`` and return the run holding its shown result.

    Word and LibreOffice recalculate page fields on layout; `placeholder` is what a reader
    that does not (a text extractor, for instance) shows.
    """
    _add_field_char(paragraph, "begin")
    instruction_text = xml_element("w:instrText", {"xml:space": "preserve"})
    instruction_text.text = f" {instruction} "
    paragraph.add_run()._r.append(instruction_text)
    _add_field_char(paragraph, "separate")
    result = paragraph.add_run(placeholder)
    _add_field_char(paragraph, "end")
    return result


def page_n_of_m_footer(
    section: Section,
    before: str,
    between: str,
    after: str,
    style: str | None = "Footer",
    *,
    first_page: bool = False,
) -> Paragraph:
    """Make the section's footer (its first page's, if `first_page`) read "Page N of M" (in
    the words given) with live PAGE and NUMPAGES fields."""
    footer = section.first_page_footer if first_page else section.footer
    footer.is_linked_to_previous = False
    paragraph: Paragraph = footer.paragraphs[0]
    paragraph.clear()  # type: ignore[no-untyped-call]  # python-docx 1.2 leaves it unannotated
    if style is not None:
        paragraph.style = style
    if before:
        paragraph.add_run(before)
    add_field(paragraph, "PAGE", "1")
    paragraph.add_run(between)
    add_field(paragraph, "NUMPAGES", "1")
    if after:
        paragraph.add_run(after)
    return paragraph


def add_hyperlink(
    paragraph: Paragraph, url: str, text: str, *, bold: bool = False, italic: bool = False
) -> Hyperlink:
    """Append an external link to `url` shown as `text` in the ``Hyperlink`` character style.

    Raises KeyError if the document has no ``Hyperlink`` style (build it from
    templates/reference.docx).
    """
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    return _link(paragraph, {"r:id": r_id, "w:history": "1"}, text, bold=bold, italic=italic)


def add_internal_link(
    paragraph: Paragraph, bookmark: str, text: str, *, bold: bool = False, italic: bool = False
) -> Hyperlink:
    """Append a link to the bookmark `bookmark` in the same document, shown as `text`."""
    return _link(
        paragraph, {"w:anchor": bookmark, "w:history": "1"}, text, bold=bold, italic=italic
    )


def bookmark_name(anchor: str) -> str:
    """A name Word accepts for a bookmark made from `anchor` ("serious-violence").

    Word's names are letters, digits and underscores, start with a letter and run to 40
    characters at most; a name starting with an underscore would be a hidden bookmark. Two
    anchors may give the same name: the caller keeps them apart.
    """
    name = re.sub(r"[^0-9A-Za-z]", "_", anchor)
    if not name[:1].isalpha():
        name = f"h_{name}"
    return name[:_BOOKMARK_LENGTH]


def add_bookmark(paragraph: Paragraph, name: str, bookmark_id: int) -> None:
    """Bookmark the whole of `paragraph` as `name`; `bookmark_id` must be unique in the document."""
    ids = {"w:id": str(bookmark_id)}
    start = xml_element("w:bookmarkStart", {**ids, "w:name": name})
    p_pr = paragraph._p.pPr
    if p_pr is None:
        paragraph._p.insert(0, start)
    else:
        p_pr.addnext(start)
    paragraph._p.append(xml_element("w:bookmarkEnd", ids))


def _link(
    paragraph: Paragraph, attributes: dict[str, str], text: str, *, bold: bool, italic: bool
) -> Hyperlink:
    hyperlink = cast(CT_Hyperlink, xml_element("w:hyperlink", attributes))
    paragraph._p.append(hyperlink)
    r = cast(CT_R, xml_element("w:r"))
    hyperlink.append(r)
    run = Run(r, paragraph)
    run.style = "Hyperlink"
    run.text = text
    # None rather than False, so the run inherits from the paragraph instead of overriding it.
    run.bold = bold or None
    run.italic = italic or None
    return Hyperlink(hyperlink, paragraph)


def define_numbering(document: Document) -> NumberingIds:
    """Add the numbered-paragraph and list definitions; call once per document.

    Every list marker sits on the text edge of the numbered paragraphs, whose numbers hang in
    the margin of their text, as in the PDF. A list read as part of a numbered paragraph ("3.
    The priorities are:") is that numbering's second level, counted 1., 2., … again under each
    numbered paragraph; other lists have definitions of their own. The indents live in these
    levels only and the list styles have none: Word and LibreOffice weigh a style's indent
    against a level's differently, but agree on a level's own.
    """
    paragraph_levels = [
        _level(0, "decimal", "%1.", _LIST_INDENT, _LIST_INDENT),
        _level(1, "decimal", "%2.", 2 * _LIST_INDENT, _LIST_INDENT),
        _level(2, "lowerLetter", "(%3)", 3 * _LIST_INDENT, _LIST_INDENT),
    ]
    bullet_levels = [
        _level(0, "bullet", "\u2022", _LIST_INDENT + _BULLET_HANGING, _BULLET_HANGING),
        _level(1, "bullet", "\u25e6", 2 * _LIST_INDENT + _BULLET_HANGING, _BULLET_HANGING),
    ]
    ordered_levels = [
        _level(0, "decimal", "%1.", 2 * _LIST_INDENT, _LIST_INDENT),
        _level(1, "lowerLetter", "(%2)", 3 * _LIST_INDENT, _LIST_INDENT),
    ]
    return NumberingIds(
        paragraphs=_add_numbering(document, "reportgen paragraphs", "multilevel", paragraph_levels),
        bullets=_add_numbering(document, "reportgen bullets", "hybridMultilevel", bullet_levels),
        ordered=_add_numbering(document, "reportgen ordered lists", "multilevel", ordered_levels),
    )


def link_numbering_to_style(document: Document, num_id: int, style_id: str) -> None:
    """Let the paragraph style `style_id` carry the first level of numbering `num_id`.

    Its paragraphs are then numbered without a `w:numPr` of their own, and applying the style
    in Word numbers a new paragraph in the same count. The level names the style back, as Word
    writes a list linked to a style.
    """
    styles = document.styles.element
    style = styles.get_by_id(style_id)
    if style is None or style.type != WD_STYLE_TYPE.PARAGRAPH:
        raise ValueError(f"the document has no paragraph style with id {style_id!r}")
    level = _abstract_num(document, num_id).find(f"{qn('w:lvl')}[@{qn('w:ilvl')}='0']")
    child_in_order(level, "w:pStyle", LVL_ORDER).set(qn("w:val"), style_id)
    num_pr = child_in_order(style.get_or_add_pPr(), "w:numPr", PPR_ORDER)
    child_in_order(num_pr, "w:numId", NUMPR_ORDER).set(qn("w:val"), str(num_id))


def restart_numbering(document: Document, num_id: int) -> int:
    """Add a `w:num` that counts like `num_id` but starts again at 1; return its numId.

    Word continues one count across every `w:num` of a list definition unless the num says
    where to start, so each ordered list needs its own num with a `w:startOverride`.
    """
    abstract_id = _abstract_num(document, num_id).get(qn("w:abstractNumId"))
    num = document.part.numbering_part.element.add_num(int(abstract_id))
    override = xml_element(
        "w:lvlOverride", {"w:ilvl": "0"}, xml_element("w:startOverride", {"w:val": "1"})
    )
    num.append(override)
    return int(num.numId)


def number_paragraph(paragraph: Paragraph, num_id: int, level: int = 0) -> None:
    """Number `paragraph` in sequence `num_id` (from `define_numbering`) at `level` (0-based)."""
    if not 0 <= level <= 8:
        raise ValueError(f"numbering level must be 0 to 8, got {level}")
    num_pr = child_in_order(paragraph._p.get_or_add_pPr(), "w:numPr", PPR_ORDER)
    child_in_order(num_pr, "w:ilvl", NUMPR_ORDER).set(qn("w:val"), str(level))
    child_in_order(num_pr, "w:numId", NUMPR_ORDER).set(qn("w:val"), str(num_id))


def cell_margins(table_style: BaseStyle) -> dict[str, int]:
    """The cell margins a table style sets, in twips, by side ("top", "left", …).

    A side the style leaves out has Word's default: 108 twips left and right, none above or
    below.
    """
    margins = {"top": 0, "left": _DEFAULT_CELL_MARGIN, "bottom": 0, "right": _DEFAULT_CELL_MARGIN}
    for side in margins:
        width = table_style.element.find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}/{qn('w:' + side)}")
        if width is not None and width.get(qn("w:type")) in (None, "dxa"):
            margins[side] = int(width.get(qn("w:w")))
    return margins


def set_paragraph_style_id(paragraph: Paragraph, style_id: str) -> None:
    """Apply a paragraph style by its id.

    python-docx's `paragraph.style = …` looks the style up by name in styles.xml on every call,
    which dominated the time to write tables with a few hundred cells.
    """
    paragraph._p.style = style_id


def keep_with_next(paragraph: Paragraph) -> None:
    """Keep `paragraph` on the same page as the next one (a caption with its table, say)."""
    paragraph.paragraph_format.keep_with_next = True


def check_xml_text(text: str, where: str) -> str:
    """Return `text` unchanged, or raise ValueError if XML cannot hold one of its characters.

    lxml refuses most such characters itself, but not all (U+FFFE, U+FFFF), and its message
    does not say where the text came from.
    """
    bad = _NOT_XML_TEXT.search(text)
    if bad is not None:
        raise ValueError(
            f"{where} contains U+{ord(bad.group()):04X} at position {bad.start()}, "
            "which a Word document cannot hold: remove it from the input"
        )
    return text


def set_run_language(run: Run, language: str) -> None:
    """Mark a passage in another language (Welsh: "cy-GB") so it is read and checked as such."""
    child_in_order(run._r.get_or_add_rPr(), "w:lang", RPR_ORDER).set(qn("w:val"), language)


def xml_element(tag: str, attributes: dict[str, str] | None = None, *children: Any) -> Any:
    """A new element `tag` ("w:lvl") with prefixed attribute names and `children`."""
    element = OxmlElement(tag, {qn(name): value for name, value in (attributes or {}).items()})
    element.extend(children)
    return element


def child_in_order(parent: Any, tag: str, order: Iterable[str]) -> Any:
    """The first `tag` child of `parent`, added in schema `order` if there is none."""
    found = parent.find(qn(tag))
    return found if found is not None else insert_in_order(parent, xml_element(tag), order)


def insert_in_order(parent: Any, child: Any, order: Iterable[str]) -> Any:
    """Insert `child` before the first sibling that `order` puts after it."""
    tags = [qn(tag) for tag in order]
    later = set(tags[tags.index(child.tag) + 1 :])
    successor = next((element for element in parent if element.tag in later), None)
    if successor is None:
        parent.append(child)
    else:
        successor.addprevious(child)
    return child


def _abstract_num(document: Document, num_id: int) -> Any:
    """The `w:abstractNum` that numbering `num_id` counts with."""
    numbering = document.part.numbering_part.element
    found = numbering.xpath(f"./w:num[@w:numId={int(num_id)}]/w:abstractNumId/@w:val")
    if not found:
        raise ValueError(f"no numbering definition has numId {num_id}")
    return numbering.find(f"{qn('w:abstractNum')}[@{qn('w:abstractNumId')}='{found[0]}']")


def _add_field_char(paragraph: Paragraph, kind: str) -> None:
    paragraph.add_run()._r.append(xml_element("w:fldChar", {"w:fldCharType": kind}))


def _level(level: int, number_format: str, text: str, left: int, hanging: int) -> Any:
    return xml_element(
        "w:lvl",
        {"w:ilvl": str(level)},
        xml_element("w:start", {"w:val": "1"}),
        xml_element("w:numFmt", {"w:val": number_format}),
        xml_element("w:lvlText", {"w:val": text}),
        xml_element("w:lvlJc", {"w:val": "left"}),
        xml_element(
            "w:pPr", {}, xml_element("w:ind", {"w:left": str(left), "w:hanging": str(hanging)})
        ),
    )


def _add_numbering(document: Document, name: str, kind: str, levels: list[Any]) -> int:
    """Add one w:abstractNum and a w:num using it; return the numId."""
    numbering = document.part.numbering_part.element
    ids = [int(value) for value in numbering.xpath("./w:abstractNum/@w:abstractNumId")]
    abstract_id = max(ids, default=-1) + 1
    # w:nsid identifies the list when text is pasted between documents; derive it from the
    # name so that it is stable across builds.
    nsid = f"{zlib.crc32(name.encode()):08X}"
    abstract = xml_element(
        "w:abstractNum",
        {"w:abstractNumId": str(abstract_id)},
        xml_element("w:nsid", {"w:val": nsid}),
        xml_element("w:multiLevelType", {"w:val": kind}),
        *levels,
    )
    num = numbering.add_num(abstract_id)
    # Schema order: every w:abstractNum precedes the first w:num.
    numbering.find(qn("w:num")).addprevious(abstract)
    return int(num.numId)
