"""Small WordprocessingML helpers for python-docx, so the DOCX renderer never writes XML itself."""

from __future__ import annotations

import copy
import hashlib
import io
import posixpath
import re
import uuid
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast
from xml.sax.saxutils import quoteattr

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.oxml.text.hyperlink import CT_Hyperlink
from docx.oxml.text.run import CT_R
from docx.section import Section
from docx.shape import InlineShape
from docx.shared import Length, RGBColor
from docx.styles.style import BaseStyle, _TableStyle
from docx.table import Table, _Row
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph
from docx.text.run import Run

# Child orders from the ECMA-376 schema (Part 1, §17). Word treats a child out of order as a
# corrupt file, so every element added here goes in through `_child`, which honours them.
_STYLES_ORDER = ("w:docDefaults", "w:latentStyles", "w:style")
_DOC_DEFAULTS_ORDER = ("w:rPrDefault", "w:pPrDefault")
_STYLE_ORDER = (
    "w:name", "w:aliases", "w:basedOn", "w:next", "w:link", "w:autoRedefine", "w:hidden",
    "w:uiPriority", "w:semiHidden", "w:unhideWhenUsed", "w:qFormat", "w:locked",
    "w:personal", "w:personalCompose", "w:personalReply", "w:rsid", "w:pPr", "w:rPr",
    "w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr",
)  # fmt: skip
_PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
    "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
    "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap",
    "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
    "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_RPR_ORDER = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
    "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof",
    "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern",
    "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd",
    "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
    "w:specVanish", "w:oMath",
)  # fmt: skip
_NUMPR_ORDER = ("w:ilvl", "w:numId")
_TBLPR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
    "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
    "w:tblDescription", "w:tblPrChange",
)  # fmt: skip
_TRPR_ORDER = (
    "w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter",
    "w:cantSplit", "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden",
    "w:ins", "w:del", "w:trPrChange",
)  # fmt: skip

_CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_PACKAGE_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DATASTORE_NS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
_APP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_WORD_URI = "http://schemas.microsoft.com/office/word"
# Characters XML 1.0 cannot hold at all (most C0 controls, lone surrogates, U+FFFE, U+FFFF).
_NOT_XML_TEXT = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_CUSTOM_XML_ITEM = re.compile(r"customXml/item(\d+)\.xml")

# Parts that describe the template rather than the document: Word 2010's stylesWithEffects
# copy of styles.xml no longer matches once styles change (openxml-audit predicts a repair
# prompt), and the thumbnail is a picture of python-docx's blank template page.
_STALE_PARTS = ("word/stylesWithEffects.xml", "docProps/thumbnail.jpeg")
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)

# Twentieths of a point; 567 is 1 cm.
_LIST_INDENT = 567
_BULLET_HANGING = 360


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
    instruction_text = _element("w:instrText", {"xml:space": "preserve"})
    instruction_text.text = f" {instruction} "
    paragraph.add_run()._r.append(instruction_text)
    _add_field_char(paragraph, "separate")
    result = paragraph.add_run(placeholder)
    _add_field_char(paragraph, "end")
    return result


def page_n_of_m_footer(
    section: Section,
    before: str = "Page ",
    between: str = " of ",
    after: str = "",
    style: str | None = "Footer",
) -> Paragraph:
    """Make the section's footer read "Page N of M" (in the words given) with live PAGE and
    NUMPAGES fields."""
    footer = section.footer
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
    hyperlink = cast(CT_Hyperlink, _element("w:hyperlink", {"r:id": r_id, "w:history": "1"}))
    paragraph._p.append(hyperlink)
    r = cast(CT_R, _element("w:r"))
    hyperlink.append(r)
    run = Run(r, paragraph)
    run.style = "Hyperlink"
    run.text = text
    # None rather than False, so the run inherits from the paragraph instead of overriding it.
    run.bold = bold or None
    run.italic = italic or None
    return Hyperlink(hyperlink, paragraph)


def define_numbering(document: Document) -> NumberingIds:
    """Add the numbered-paragraph and bullet list definitions; call once per document.

    Numbering is set on each paragraph by `number_paragraph` rather than linked from the
    "Numbered Paragraph" and "List Bullet" styles. Direct `w:numPr` is the form Word and
    LibreOffice render alike; style-linked numbering would still need a direct `w:ilvl` for
    sub-levels and a direct `w:numId` to restart a list, and the two applications weigh a
    style's indent against the level's differently. So the indents live only in the levels
    defined here, and those styles have none.
    """
    paragraph_levels = [
        _level(0, "decimal", "%1.", _LIST_INDENT, _LIST_INDENT),
        _level(1, "lowerLetter", "(%2)", 2 * _LIST_INDENT, _LIST_INDENT),
        _level(2, "lowerRoman", "(%3)", 3 * _LIST_INDENT, _LIST_INDENT),
    ]
    bullet_levels = [
        _level(0, "bullet", "\u2022", _LIST_INDENT, _BULLET_HANGING),
        _level(1, "bullet", "\u25e6", 2 * _LIST_INDENT, _BULLET_HANGING),
    ]
    ordered_levels = [
        _level(0, "decimal", "%1.", _LIST_INDENT, _LIST_INDENT),
        _level(1, "lowerLetter", "(%2)", 2 * _LIST_INDENT, _LIST_INDENT),
    ]
    return NumberingIds(
        paragraphs=_add_numbering(document, "reportgen paragraphs", "multilevel", paragraph_levels),
        bullets=_add_numbering(document, "reportgen bullets", "hybridMultilevel", bullet_levels),
        ordered=_add_numbering(document, "reportgen ordered lists", "multilevel", ordered_levels),
    )


def restart_numbering(document: Document, num_id: int) -> int:
    """Add a `w:num` that counts like `num_id` but starts again at 1; return its numId.

    Word continues one count across every `w:num` of a list definition unless the num says
    where to start, so each ordered list needs its own num with a `w:startOverride`.
    """
    numbering = document.part.numbering_part.element
    found = numbering.xpath(f"./w:num[@w:numId={int(num_id)}]/w:abstractNumId/@w:val")
    if not found:
        raise ValueError(f"no numbering definition has numId {num_id}")
    num = numbering.add_num(int(found[0]))
    override = _element(
        "w:lvlOverride", {"w:ilvl": "0"}, _element("w:startOverride", {"w:val": "1"})
    )
    num.append(override)
    return int(num.numId)


def number_paragraph(paragraph: Paragraph, num_id: int, level: int = 0) -> None:
    """Number `paragraph` in sequence `num_id` (from `define_numbering`) at `level` (0-based)."""
    if not 0 <= level <= 8:
        raise ValueError(f"numbering level must be 0 to 8, got {level}")
    num_pr = _child(paragraph._p.get_or_add_pPr(), "w:numPr", _PPR_ORDER)
    _child(num_pr, "w:ilvl", _NUMPR_ORDER).set(qn("w:val"), str(level))
    _child(num_pr, "w:numId", _NUMPR_ORDER).set(qn("w:val"), str(num_id))


def repeat_header_row(row: _Row) -> None:
    """Mark `row` as a header row, repeated on each page and read as headers by assistive tech."""
    # A bare element means "on"; w:val="true" is flagged by schema validation.
    _child(row._tr.get_or_add_trPr(), "w:tblHeader", _TRPR_ORDER)


def prevent_row_split(row: _Row) -> None:
    """Keep `row` on one page."""
    _child(row._tr.get_or_add_trPr(), "w:cantSplit", _TRPR_ORDER)


def set_table_look(table: Table, *, first_row: bool, first_column: bool) -> None:
    """Say whether the table style's header-row and first-column formatting apply.

    python-docx turns both on; a table without row headers should not look as if it had them.
    Banding stays off because the house table style has none.
    """
    flags = {
        "w:firstRow": first_row,
        "w:lastRow": False,
        "w:firstColumn": first_column,
        "w:lastColumn": False,
        "w:noHBand": True,
        "w:noVBand": True,
    }
    # Word 2007 reads only the bitmask in w:val; later versions read the named attributes.
    bits = {"w:firstRow": 0x20, "w:firstColumn": 0x80, "w:noHBand": 0x200, "w:noVBand": 0x400}
    mask = sum(bit for name, bit in bits.items() if flags[name])
    look = _child(table._tbl.tblPr, "w:tblLook", _TBLPR_ORDER)
    look.set(qn("w:val"), f"{mask:04X}")
    for name, on in flags.items():
        look.set(qn(name), "1" if on else "0")


def set_table_width(table: Table, width: Length) -> None:
    """Give `table` a fixed overall width; column widths come from its grid and cells."""
    table_width = _child(table._tbl.tblPr, "w:tblW", _TBLPR_ORDER)
    table_width.set(qn("w:w"), str(width.twips))
    table_width.set(qn("w:type"), "dxa")


def set_table_caption(table: Table, caption: str, description: str) -> None:
    """Give a table the title and description Word offers to screen readers (Alt Text)."""
    table_pr = table._tbl.tblPr
    _child(table_pr, "w:tblCaption", _TBLPR_ORDER).set(qn("w:val"), caption)
    _child(table_pr, "w:tblDescription", _TBLPR_ORDER).set(qn("w:val"), description)


def set_paragraph_style_id(paragraph: Paragraph, style_id: str) -> None:
    """Apply a paragraph style by its id.

    python-docx's `paragraph.style = …` looks the style up by name in styles.xml on every call,
    which dominated the time to write tables with a few hundred cells.
    """
    paragraph._p.style = style_id


def keep_with_next(paragraph: Paragraph) -> None:
    """Keep `paragraph` on the same page as the next one (a caption with its table, say)."""
    paragraph.paragraph_format.keep_with_next = True


def set_document_language(document: Document, language: str) -> None:
    """Declare `language` (a BCP 47 tag such as "en-GB") for the text and the metadata.

    Only `w:val` changes: `w:eastAsia` and `w:bidi` name the languages assumed for East Asian
    and complex-script characters, which an English statement does not contain; setting them
    to en-GB would mislabel any that did appear.
    """
    _child(_default_run_properties(document), "w:lang", _RPR_ORDER).set(qn("w:val"), language)
    document.core_properties.language = language


def set_compatibility_mode(document: Document, version: int = 15) -> None:
    """Lay the document out as Word `version` does (15: Word 2013 and later).

    A lower mode makes current Word open the file in Compatibility Mode.
    """
    compat = document.settings.element.find(qn("w:compat"))
    if compat is None:
        raise ValueError("the document settings have no w:compat element")
    for setting in compat.findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            break
    else:
        setting = _element("w:compatSetting", {"w:name": "compatibilityMode", "w:uri": _WORD_URI})
        compat.append(setting)
    setting.set(qn("w:val"), str(version))


def set_application(document: Document, application: str) -> None:
    """Replace the extended properties (docProps/app.xml) with just the producing application.

    The template's copy names another program and counts pages and words of a different
    document; Word recounts them when it saves.
    """
    check_xml_text(application, "application name")
    package = document.part.package
    (app,) = (
        rel.target_part for rel in package.rels.values() if rel.reltype == RT.EXTENDED_PROPERTIES
    )
    properties = parse_xml(f"<Properties xmlns={quoteattr(_APP_NS)}/>")
    name = properties.makeelement(f"{{{_APP_NS}}}Application", {})
    name.text = application
    properties.append(name)
    app._blob = serialize_part_xml(properties)


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


def fields_xml(namespace: str, root: str, fields: Mapping[str, str]) -> bytes:
    """A small XML document: element `root` in `namespace` holding one text element per field.

    Raises ValueError if a field's text has a character XML cannot hold.
    """
    element = parse_xml(f"<{root} xmlns={quoteattr(namespace)}/>")
    for name, text in fields.items():
        child = element.makeelement(f"{{{namespace}}}{name}", {})
        child.text = check_xml_text(text, name)
        element.append(child)
    return serialize_part_xml(element)


def read_fields_xml(xml: bytes, namespace: str, root: str) -> dict[str, str] | None:
    """The fields of a `fields_xml` document, or None if `xml` has another root element."""
    try:
        element = parse_xml(xml)
    except SyntaxError:  # lxml's XMLSyntaxError
        return None
    if element.tag != f"{{{namespace}}}{root}":
        return None
    return {
        child.tag.rpartition("}")[2]: child.text or ""
        for child in element
        if isinstance(child.tag, str)  # not a comment or processing instruction
    }


def set_run_language(run: Run, language: str) -> None:
    """Mark a passage in another language (Welsh: "cy-GB") so it is read and checked as such."""
    _child(run._r.get_or_add_rPr(), "w:lang", _RPR_ORDER).set(qn("w:val"), language)


def set_core_properties(
    document: Document,
    *,
    title: str,
    subject: str,
    author: str,
    keywords: str,
    language: str,
    created: datetime,
    modified: datetime,
    last_modified_by: str,
    revision: int = 1,
    description: str = "",
) -> None:
    """Set the document metadata; dates must be timezone-aware and are stored in UTC.

    `description` replaces python-docx's "generated by python-docx" comment.
    """
    properties = document.core_properties
    properties.title = title
    properties.subject = subject
    properties.author = author
    properties.keywords = keywords
    properties.language = language
    properties.comments = description
    properties.last_modified_by = last_modified_by
    properties.revision = revision
    # python-docx writes the wall-clock digits followed by "Z", so convert to UTC first.
    properties.created = _utc(created, "created")
    properties.modified = _utc(modified, "modified")


def add_custom_xml_part(document: Document, xml: bytes) -> str:
    """Embed `xml` unchanged as the next free customXml/itemN.xml and return its part name.

    It is related from the main document part with an itemProps part, as Word writes them.
    Raises ValueError if `xml` is not well-formed, since Word would refuse to open the file.
    """
    try:
        root = parse_xml(xml)
    except SyntaxError as error:
        raise ValueError(f"custom XML part is not well-formed XML: {error}") from error
    package = document.part.package
    partname = package.next_partname("/customXml/item%d.xml")
    item = Part(partname, CT.XML, xml, package)
    props_partname = PackURI(f"/customXml/itemProps{partname.idx}.xml")
    # A stable itemID keeps the output reproducible; Word needs it only to be unique.
    digest = hashlib.sha256(partname.encode() + b"\0" + xml).hexdigest()
    item_id = "{" + str(uuid.UUID(digest[:32])).upper() + "}"
    namespace = root.nsmap.get(root.prefix)
    schema_refs = f"<ds:schemaRef ds:uri={quoteattr(namespace)}/>" if namespace else ""
    props_xml = (
        "<?xml version='1.0' encoding='UTF-8' standalone='no'?>\n"
        f'<ds:datastoreItem ds:itemID="{item_id}" xmlns:ds="{_DATASTORE_NS}">'
        f"<ds:schemaRefs>{schema_refs}</ds:schemaRefs></ds:datastoreItem>"
    )
    props = Part(props_partname, CT.OFC_CUSTOM_XML_PROPERTIES, props_xml.encode(), package)
    item.relate_to(props, RT.CUSTOM_XML_PROPS)
    document.part.relate_to(item, RT.CUSTOM_XML)
    return str(partname)


def read_custom_xml_parts(docx_file: str | Path | bytes) -> list[bytes]:
    """Return the customXml/itemN.xml parts of a saved DOCX, in item-number order."""
    source = io.BytesIO(docx_file) if isinstance(docx_file, bytes) else docx_file
    with zipfile.ZipFile(source) as package:
        items = {
            int(match.group(1)): name
            for name in package.namelist()
            if (match := _CUSTOM_XML_ITEM.fullmatch(name))
        }
        return [package.read(items[number]) for number in sorted(items)]


def docx_bytes(document: Document, *, timestamp: datetime | None = None) -> bytes:
    """Save `document` and return reproducible bytes (see `normalise_docx`)."""
    buffer = io.BytesIO()
    document.save(buffer)
    return normalise_docx(buffer.getvalue(), timestamp=timestamp)


def normalise_docx(data: bytes, *, timestamp: datetime | None = None) -> bytes:
    """Re-zip a DOCX so the same content always gives the same bytes.

    Every entry gets the same date (`timestamp`, timezone-aware, or 1980-01-01), the same
    attributes and deflate compression, in a fixed order: [Content_Types].xml, _rels/.rels,
    then by name. Stale template parts (stylesWithEffects.xml, the thumbnail) are dropped
    with their relationships and content types. The bytes also depend on the zlib build.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = {name: source.read(name) for name in source.namelist()}
    for name in _STALE_PARTS:
        if name in entries:
            _drop_part(entries, name)
    date_time = _ZIP_EPOCH if timestamp is None else _utc(timestamp, "timestamp").timetuple()[:6]
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for name in sorted(entries, key=_entry_order):
            info = zipfile.ZipInfo(name, date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            # Fixed, rather than taken from the saving machine's platform and umask.
            info.create_system = 3
            info.external_attr = 0o644 << 16
            target.writestr(info, entries[name])
    return output.getvalue()


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
    fonts = _child(run_pr, "w:rFonts", _RPR_ORDER)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), font)
    _child(run_pr, "w:color", _RPR_ORDER).set(qn("w:val"), str(colour))
    half_points = str(round(size.pt * 2))
    _child(run_pr, "w:sz", _RPR_ORDER).set(qn("w:val"), half_points)
    _child(run_pr, "w:szCs", _RPR_ORDER).set(qn("w:val"), half_points)


def reset_style(style: BaseStyle) -> None:
    """Remove all paragraph, run and table formatting from `style`, keeping its identity."""
    for tag in ("w:pPr", "w:rPr", "w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr"):
        for element in style.element.findall(qn(tag)):
            style.element.remove(element)


def set_outline_level(style: BaseStyle, level: int) -> None:
    """Put a heading style at outline `level` (0 for Heading 1) for navigation and bookmarks."""
    _child(_style_pr(style), "w:outlineLvl", _PPR_ORDER).set(qn("w:val"), str(level))


def set_contextual_spacing(style: BaseStyle) -> None:
    """Drop the space between consecutive paragraphs of `style` (list items, address lines)."""
    _child(_style_pr(style), "w:contextualSpacing", _PPR_ORDER)


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
            _insert(linked, copy.deepcopy(run_pr), _STYLE_ORDER)


def add_table_style(
    document: Document,
    name: str,
    *,
    border_colour: RGBColor,
    header_fill: RGBColor,
    cell_margin: Length,
) -> _TableStyle:
    """Add a table style with thin borders, cell margins and a bold, shaded header row.

    The header formatting applies to tables whose `set_table_look` has `first_row=True`.
    """
    style = cast(_TableStyle, document.styles.add_style(name, WD_STYLE_TYPE.TABLE))
    style.base_style = document.styles["Normal Table"]
    border = {"w:val": "single", "w:sz": "4", "w:space": "0", "w:color": str(border_colour)}
    sides = ("w:top", "w:left", "w:bottom", "w:right")
    margin = str(cell_margin.twips)
    table_pr = _element(
        "w:tblPr",
        {},
        _element(
            "w:tblBorders",
            {},
            *(_element(side, border) for side in (*sides, "w:insideH", "w:insideV")),
        ),
        _element(
            "w:tblCellMar",
            {},
            *(_element(side, {"w:w": margin, "w:type": "dxa"}) for side in sides),
        ),
    )
    header_row = _element(
        "w:tblStylePr",
        {"w:type": "firstRow"},
        _element("w:rPr", {}, _element("w:b"), _element("w:bCs")),
        _element(
            "w:tcPr",
            {},
            _element("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": str(header_fill)}),
        ),
    )
    _insert(style.element, table_pr, _STYLE_ORDER)
    _insert(style.element, header_row, _STYLE_ORDER)
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


def _element(tag: str, attributes: dict[str, str] | None = None, *children: Any) -> Any:
    """A new element `tag` ("w:lvl") with prefixed attribute names and `children`."""
    element = OxmlElement(tag, {qn(name): value for name, value in (attributes or {}).items()})
    element.extend(children)
    return element


def _child(parent: Any, tag: str, order: Iterable[str]) -> Any:
    """The first `tag` child of `parent`, added in schema `order` if there is none."""
    found = parent.find(qn(tag))
    return found if found is not None else _insert(parent, _element(tag), order)


def _insert(parent: Any, child: Any, order: Iterable[str]) -> Any:
    """Insert `child` before the first sibling that `order` puts after it."""
    tags = [qn(tag) for tag in order]
    later = set(tags[tags.index(child.tag) + 1 :])
    successor = next((element for element in parent if element.tag in later), None)
    if successor is None:
        parent.append(child)
    else:
        successor.addprevious(child)
    return child


def _add_field_char(paragraph: Paragraph, kind: str) -> None:
    paragraph.add_run()._r.append(_element("w:fldChar", {"w:fldCharType": kind}))


def _level(level: int, number_format: str, text: str, left: int, hanging: int) -> Any:
    return _element(
        "w:lvl",
        {"w:ilvl": str(level)},
        _element("w:start", {"w:val": "1"}),
        _element("w:numFmt", {"w:val": number_format}),
        _element("w:lvlText", {"w:val": text}),
        _element("w:lvlJc", {"w:val": "left"}),
        _element("w:pPr", {}, _element("w:ind", {"w:left": str(left), "w:hanging": str(hanging)})),
    )


def _add_numbering(document: Document, name: str, kind: str, levels: list[Any]) -> int:
    """Add one w:abstractNum and a w:num using it; return the numId."""
    numbering = document.part.numbering_part.element
    ids = [int(value) for value in numbering.xpath("./w:abstractNum/@w:abstractNumId")]
    abstract_id = max(ids, default=-1) + 1
    # w:nsid identifies the list when text is pasted between documents; derive it from the
    # name so that it is stable across builds.
    nsid = f"{zlib.crc32(name.encode()):08X}"
    abstract = _element(
        "w:abstractNum",
        {"w:abstractNumId": str(abstract_id)},
        _element("w:nsid", {"w:val": nsid}),
        _element("w:multiLevelType", {"w:val": kind}),
        *levels,
    )
    num = numbering.add_num(abstract_id)
    # Schema order: every w:abstractNum precedes the first w:num.
    numbering.find(qn("w:num")).addprevious(abstract)
    return int(num.numId)


def _style_pr(style: BaseStyle) -> Any:
    return _child(style.element, "w:pPr", _STYLE_ORDER)


def _default_run_properties(document: Document) -> Any:
    doc_defaults = _child(document.styles.element, "w:docDefaults", _STYLES_ORDER)
    return _child(_child(doc_defaults, "w:rPrDefault", _DOC_DEFAULTS_ORDER), "w:rPr", ["w:rPr"])


def _utc(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None:
        raise ValueError(f"{name} must be timezone-aware, got {moment.isoformat()}")
    return moment.astimezone(UTC).replace(tzinfo=None)


def _entry_order(name: str) -> tuple[int, str]:
    leading = {"[Content_Types].xml": 0, "_rels/.rels": 1}
    return leading.get(name, 2), name


def _drop_part(entries: dict[str, bytes], name: str) -> None:
    """Remove part `name`, its own relationships, its content type and relationships to it."""
    del entries[name]
    folder, base = posixpath.split(name)
    entries.pop(posixpath.join(folder, "_rels", f"{base}.rels"), None)
    content_types = parse_xml(entries["[Content_Types].xml"])
    for override in content_types.findall(f"{{{_CONTENT_TYPES_NS}}}Override"):
        if override.get("PartName") == f"/{name}":
            content_types.remove(override)
    entries["[Content_Types].xml"] = serialize_part_xml(content_types)
    for rels_name in [entry for entry in entries if entry.endswith(".rels")]:
        source_folder = posixpath.dirname(posixpath.dirname(rels_name))
        relationships = parse_xml(entries[rels_name])
        dropped = False
        for relationship in relationships.findall(f"{{{_PACKAGE_RELS_NS}}}Relationship"):
            target = relationship.get("Target")
            if relationship.get("TargetMode") == "External":
                continue
            resolved = (
                target[1:]
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(source_folder, target))
            )
            if resolved == name:
                relationships.remove(relationship)
                dropped = True
        if dropped:
            entries[rels_name] = serialize_part_xml(relationships)
