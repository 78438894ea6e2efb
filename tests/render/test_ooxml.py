"""reportgen.render.ooxml, docx_styles and docx_package: the XML each helper writes, and the document
they build together."""

from __future__ import annotations

import importlib.util
import io
import re
import shutil
import struct
import subprocess
import zipfile
import zlib
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import ModuleType
from typing import Any

import docx
import openxml_audit
import pytest
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import nsmap, qn
from docx.shared import Cm
from lxml import etree

from reportgen.compose.document import Cell, Table
from reportgen.render import docx_package, docx_styles, docx_tables, house, ooxml

REPO = Path(__file__).resolve().parents[2]
REFERENCE = REPO / "templates" / "reference.docx"
GENERATOR = REPO / "tools" / "make_reference_docx.py"

PUBLISHED = datetime(2025, 7, 31, 9, 30, tzinfo=timezone(timedelta(hours=1)))
SOURCE_XML = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<statement xmlns="urn:reportgen:statement" edition="2025-26-Q1">'
    b"<title>Priorities &amp; progress: \xc2\xa31.2m, Gwasanaeth</title></statement>"
)
LINK = "https://www.gov.uk/government/publications/national-policing-priorities"


def build_statement() -> tuple[Document, ooxml.NumberingIds]:
    """A small statement that uses every helper the renderer will."""
    document = docx.Document(str(REFERENCE))
    docx_package.set_core_properties(
        document,
        title="National Policing Priorities Statement",
        subject="Quarter 1, 2025 to 2026",
        author="Office of the Police and Crime Commissioner",
        keywords="policing; priorities; statement",
        language="en-GB",
        created=PUBLISHED,
        modified=PUBLISHED,
        last_modified_by="reportgen",
    )
    docx_styles.set_document_language(document, "en-GB")
    ids = ooxml.define_numbering(document)

    document.add_paragraph("National Policing Priorities Statement", style="Title")
    document.add_paragraph("Quarter 1, 2025 to 2026", style="Subtitle")
    document.add_paragraph("Reducing serious violence", style="Heading 1")
    for level, text in [(0, "Homicide fell."), (1, "In the city."), (0, "Knife crime fell.")]:
        paragraph = document.add_paragraph(text, style="Numbered Paragraph")
        ooxml.number_paragraph(paragraph, ids.paragraphs, level)
    for level, text in [(0, "Neighbourhood teams"), (1, "Two new teams")]:
        paragraph = document.add_paragraph(text, style="List Bullet")
        ooxml.number_paragraph(paragraph, ids.bullets, level)

    paragraph = document.add_paragraph("Read the ")
    ooxml.add_hyperlink(paragraph, LINK, "national priorities guidance")
    paragraph.add_run(". ")
    ooxml.set_run_language(paragraph.add_run("Blaenoriaethau plismona."), "cy-GB")

    caption = document.add_paragraph("Table 1: Homicides recorded", style="Caption")
    ooxml.keep_with_next(caption)
    table = Table(
        "Homicides recorded",
        ("Year", "Homicides"),
        ((Cell("2023/24"), Cell("30")), (Cell("2024/25"), Cell("20"))),
        "figures",
        (False, True),
        "Homicides by year, 2023 to 2025",
    )
    styles = docx_tables.TableStyles("StatementTable", "TableText")
    document.element.body._insert_tbl(
        docx_tables.table_element(table, [4000, 5072], [True, True, False], styles)
    )

    document.add_paragraph("Figure 1: Homicides fell by a third", style="Caption")
    picture = document.add_paragraph().add_run().add_picture(io.BytesIO(png(40, 20)), Cm(8))
    ooxml.set_alt_text(picture, "Homicides fell by a third", "Bar chart: 30 in 2023/24, 20 later.")

    document.add_paragraph("Contact us", style="Heading 2")
    for line in ("Office of the Police and Crime Commissioner", "1 High Street, Anytown"):
        document.add_paragraph(line, style="Contact Block")

    ooxml.page_n_of_m_footer(document.sections[0], "Page ", " of ", "")
    docx_package.add_custom_xml_part(document, SOURCE_XML)
    return document, ids


def png(width: int, height: int) -> bytes:
    """A plain dark-blue PNG, so the test needs no image library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        checksum = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + checksum

    rows = b"".join(b"\x00" + b"\x12\x43\x6d" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def xp(element: Any, expression: str) -> Any:
    return element.xpath(expression, namespaces=nsmap)


def oxml_xp(element: Any, expression: str) -> Any:
    """XPath on an element python-docx made, which brings its own prefixes."""
    return element.xpath(expression)


def part(data: bytes, name: str) -> Any:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


def entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_reference_docx", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built() -> tuple[bytes, ooxml.NumberingIds]:
    document, ids = build_statement()
    return docx_package.docx_bytes(document, timestamp=PUBLISHED), ids


@pytest.fixture(scope="module")
def statement(built: tuple[bytes, ooxml.NumberingIds]) -> bytes:
    return built[0]


@pytest.fixture(scope="module")
def ids(built: tuple[bytes, ooxml.NumberingIds]) -> ooxml.NumberingIds:
    return built[1]


@pytest.fixture(scope="module")
def statement_path(statement: bytes, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("statement") / "statement.docx"
    path.write_bytes(statement)
    return path


def test_it_sets_title_and_descr_on_the_picture(statement: bytes) -> None:
    (doc_pr,) = xp(part(statement, "word/document.xml"), "//wp:docPr")
    assert doc_pr.get("title") == "Homicides fell by a third"
    assert doc_pr.get("descr") == "Bar chart: 30 in 2023/24, 20 later."


def test_it_writes_page_n_of_m_with_real_fields_in_the_footer(statement: bytes) -> None:
    footer = part(statement, "word/footer1.xml")
    assert [t.text for t in xp(footer, "//w:instrText")] == [" PAGE ", " NUMPAGES "]
    kinds = xp(footer, "//w:fldChar/@w:fldCharType")
    assert kinds == ["begin", "separate", "end"] * 2
    assert "".join(xp(footer, "//w:t/text()")) == "Page 1 of 1"
    assert xp(footer, "//w:pStyle/@w:val") == ["Footer"]


def test_it_puts_every_abstract_num_before_the_first_num(statement: bytes) -> None:
    numbering = part(statement, "word/numbering.xml")
    tags = [child.tag for child in numbering]
    last_abstract = max(i for i, tag in enumerate(tags) if tag == qn("w:abstractNum"))
    assert last_abstract < tags.index(qn("w:num"))


def test_it_defines_decimal_paragraphs_and_bullets(
    statement: bytes, ids: ooxml.NumberingIds
) -> None:
    numbering = part(statement, "word/numbering.xml")

    def level(num_id: int, ilvl: int) -> Any:
        abstract_id = xp(numbering, f"w:num[@w:numId={num_id}]/w:abstractNumId/@w:val")[0]
        (lvl,) = xp(
            numbering, f"w:abstractNum[@w:abstractNumId={abstract_id}]/w:lvl[@w:ilvl={ilvl}]"
        )
        return lvl

    first = level(ids.paragraphs, 0)
    assert xp(first, "w:numFmt/@w:val|w:lvlText/@w:val") == ["decimal", "%1."]
    assert xp(first, "w:pPr/w:ind/@w:hanging") == ["567"]
    assert xp(level(ids.bullets, 0), "w:lvlText/@w:val") == ["\u2022"]
    assert xp(level(ids.bullets, 1), "w:lvlText/@w:val") == ["\u25e6"]


def test_it_numbers_each_numbered_paragraph_with_num_pr(
    statement: bytes, ids: ooxml.NumberingIds
) -> None:
    body = part(statement, "word/document.xml")
    numbered = xp(body, "//w:p[w:pPr/w:pStyle/@w:val='NumberedParagraph']")
    assert [xp(p, "string(w:pPr/w:numPr/w:numId/@w:val)") for p in numbered] == [
        str(ids.paragraphs)
    ] * 3
    assert [xp(p, "string(w:pPr/w:numPr/w:ilvl/@w:val)") for p in numbered] == ["0", "1", "0"]


def test_number_paragraph_refuses_a_level_word_does_not_have() -> None:
    paragraph = docx.Document(str(REFERENCE)).add_paragraph("x")
    with pytest.raises(ValueError, match="level"):
        ooxml.number_paragraph(paragraph, 1, 9)


def test_it_marks_the_header_row_with_a_bare_tbl_header(statement: bytes) -> None:
    rows = xp(part(statement, "word/document.xml"), "//w:tbl/w:tr")
    (header,) = xp(rows[0], "w:trPr/w:tblHeader")
    assert dict(header.attrib) == {}
    assert all(xp(row, "w:trPr/w:cantSplit") for row in rows)
    assert [xp(row, "w:trPr/w:tblHeader") != [] for row in rows] == [True, False, False]
    assert [qn("w:cantSplit"), qn("w:tblHeader")] == [c.tag for c in xp(rows[0], "w:trPr/*")]


def test_it_gives_the_table_a_caption_description_and_header_look(statement: bytes) -> None:
    (table_pr,) = xp(part(statement, "word/document.xml"), "//w:tbl/w:tblPr")
    assert xp(table_pr, "w:tblCaption/@w:val") == ["Homicides recorded"]
    assert xp(table_pr, "w:tblDescription/@w:val") == ["Homicides by year, 2023 to 2025"]
    (look,) = xp(table_pr, "w:tblLook")
    assert look.get(qn("w:firstRow")) == "1"
    assert look.get(qn("w:firstColumn")) == "0"
    assert look.get(qn("w:val")) == "0620"
    assert xp(table_pr, "w:tblStyle/@w:val") == ["StatementTable"]


def test_it_declares_en_gb_in_doc_defaults_and_core_properties(statement: bytes) -> None:
    styles = part(statement, "word/styles.xml")
    assert xp(styles, "w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val") == ["en-GB"]
    core = part(statement, "docProps/core.xml")
    assert xp(core, "dc:language/text()") == ["en-GB"]


def test_it_marks_a_welsh_passage_as_welsh(statement: bytes) -> None:
    body = part(statement, "word/document.xml")
    assert xp(body, "//w:r[w:rPr/w:lang/@w:val='cy-GB']/w:t/text()") == ["Blaenoriaethau plismona."]


def test_it_stores_core_property_dates_in_utc(statement: bytes) -> None:
    core = part(statement, "docProps/core.xml")
    assert xp(core, "dcterms:created/text()") == ["2025-07-31T08:30:00Z"]
    assert xp(core, "dcterms:modified/text()") == ["2025-07-31T08:30:00Z"]
    assert xp(core, "dc:description/text()") == []
    assert xp(core, "cp:revision/text()") == ["1"]


def test_set_core_properties_refuses_a_date_without_a_timezone() -> None:
    document = docx.Document(str(REFERENCE))
    with pytest.raises(ValueError, match="created must be timezone-aware"):
        docx_package.set_core_properties(
            document,
            title="t",
            subject="s",
            author="a",
            keywords="k",
            language="en-GB",
            created=datetime(2025, 1, 1),
            modified=PUBLISHED,
            last_modified_by="m",
        )


def test_the_hyperlink_is_external_and_uses_the_hyperlink_style(statement: bytes) -> None:
    body = part(statement, "word/document.xml")
    (hyperlink,) = xp(body, "//w:hyperlink")
    assert xp(hyperlink, "w:r/w:rPr/w:rStyle/@w:val") == ["Hyperlink"]
    assert xp(hyperlink, "string(.)") == "national priorities guidance"
    rels = part(statement, "word/_rels/document.xml.rels")
    (rel,) = [r for r in rels if r.get("Id") == hyperlink.get(qn("r:id"))]
    assert rel.get("TargetMode") == "External"
    assert rel.get("Target") == LINK
    assert rel.get("Type").endswith("/hyperlink")


def test_the_custom_xml_part_round_trips_exactly(statement: bytes) -> None:
    assert docx_package.read_custom_xml_parts(statement)[-1] == SOURCE_XML
    reopened = docx_package.docx_bytes(docx.Document(io.BytesIO(statement)), timestamp=PUBLISHED)
    assert docx_package.read_custom_xml_parts(reopened)[-1] == SOURCE_XML


def test_the_custom_xml_part_takes_the_next_free_name_with_item_props(statement: bytes) -> None:
    document = docx.Document(str(REFERENCE))
    assert docx_package.add_custom_xml_part(document, SOURCE_XML) == "/customXml/item2.xml"
    rels = part(statement, "word/_rels/document.xml.rels")
    targets = [r.get("Target") for r in rels if r.get("Type").endswith("/customXml")]
    assert targets == ["../customXml/item1.xml", "../customXml/item2.xml"]
    (props_rel,) = part(statement, "customXml/_rels/item2.xml.rels")
    assert props_rel.get("Target") == "itemProps2.xml"
    props = part(statement, "customXml/itemProps2.xml")
    ds = "{http://schemas.openxmlformats.org/officeDocument/2006/customXml}"
    assert props.find(f"{ds}schemaRefs/{ds}schemaRef").get(f"{ds}uri") == "urn:reportgen:statement"
    overrides = {o.get("PartName") for o in part(statement, "[Content_Types].xml")}
    assert "/customXml/itemProps2.xml" in overrides


def test_add_custom_xml_part_refuses_xml_word_could_not_open() -> None:
    with pytest.raises(ValueError, match="not well-formed"):
        docx_package.add_custom_xml_part(docx.Document(str(REFERENCE)), b"<statement>")


def test_two_saves_are_byte_identical_after_normalising(statement: bytes) -> None:
    again, _ = build_statement()
    assert docx_package.docx_bytes(again, timestamp=PUBLISHED) == statement


def test_normalised_entries_have_fixed_dates_and_order(statement: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(statement)) as package:
        infos = package.infolist()
    names = [info.filename for info in infos]
    assert names[:2] == ["[Content_Types].xml", "_rels/.rels"]
    assert names[2:] == sorted(names[2:])
    assert {info.date_time for info in infos} == {(2025, 7, 31, 8, 30, 0)}
    assert {info.compress_type for info in infos} == {zipfile.ZIP_DEFLATED}
    buffer = io.BytesIO()
    docx.Document(str(REFERENCE)).save(buffer)
    with zipfile.ZipFile(io.BytesIO(docx_package.normalise_docx(buffer.getvalue()))) as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_normalising_drops_stale_template_parts_and_stays_valid(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    assert "word/stylesWithEffects.xml" in entries(buffer.getvalue())
    normalised = docx_package.normalise_docx(buffer.getvalue())
    parts = entries(normalised)
    assert "word/stylesWithEffects.xml" not in parts
    assert "docProps/thumbnail.jpeg" not in parts
    assert b"stylesWithEffects" not in parts["[Content_Types].xml"]
    assert b"stylesWithEffects" not in parts["word/_rels/document.xml.rels"]
    assert b"thumbnail" not in parts["_rels/.rels"]
    path = tmp_path / "default.docx"
    path.write_bytes(normalised)
    assert audit_errors(path) == []


def test_the_reference_generator_is_deterministic() -> None:
    generator = load_generator()
    assert generator.build_reference_docx() == generator.build_reference_docx()


def test_the_committed_reference_docx_is_what_the_generator_makes() -> None:
    # Compares the parts, not the zip bytes, which also depend on the zlib build.
    built = load_generator().build_reference_docx()
    assert entries(built) == entries(REFERENCE.read_bytes()), (
        "templates/reference.docx is stale: run python tools/make_reference_docx.py"
    )


HOUSE_STYLES = [
    "Normal",
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "Numbered Paragraph",
    "List Bullet",
    "Caption",
    "Contact Block",
    "Table Text",
    "Statement Table",
    "Header",
    "Footer",
    "Hyperlink",
]


def test_the_reference_docx_has_the_house_styles() -> None:
    styles = docx.Document(str(REFERENCE)).styles
    assert set(HOUSE_STYLES) <= {style.name for style in styles}
    assert [styles[f"Heading {n}"].font.size.pt for n in (1, 2, 3)] == [18, 14, 12]
    assert all(styles[f"Heading {n}"].paragraph_format.keep_with_next for n in (1, 2, 3))
    assert str(styles["Hyperlink"].font.color.rgb) == "1D70B8"
    assert not any(styles[name].font.italic or styles[name].font.all_caps for name in HOUSE_STYLES)


def test_the_reference_docx_defaults_to_arial_12_pt_dark_text() -> None:
    stylesheet = part(REFERENCE.read_bytes(), "word/styles.xml")
    (run_defaults,) = xp(stylesheet, "w:docDefaults/w:rPrDefault/w:rPr")
    assert xp(run_defaults, "w:rFonts/@w:ascii|w:color/@w:val|w:sz/@w:val") == [
        "Arial",
        "0B0C0C",
        "24",
    ]
    # A theme font reference would override Arial in Word.
    assert not xp(stylesheet, "//w:rFonts/@w:asciiTheme|//w:rFonts/@w:hAnsiTheme")


def audit_errors(path: Path) -> list[str]:
    result = openxml_audit.OpenXmlValidator().validate(path)
    verdict = openxml_audit.predict(result)
    findings = [str(error) for error in result.errors]
    if verdict.prediction != openxml_audit.AppPrediction.OPENS_CLEAN:
        findings.append(verdict.headline)
    return findings


def test_openxml_audit_finds_nothing_wrong(statement_path: Path) -> None:
    assert audit_errors(statement_path) == []


def test_openxml_audit_finds_nothing_wrong_with_the_reference_docx() -> None:
    assert audit_errors(REFERENCE) == []


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_converts_it_to_pdf(statement_path: Path, tmp_path: Path) -> None:
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(statement_path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    assert (tmp_path / "statement.pdf").read_bytes().startswith(b"%PDF-")


def test_restart_numbering_adds_a_num_that_starts_again_at_one() -> None:
    document = docx.Document(str(REFERENCE))
    ids = ooxml.define_numbering(document)
    first = ooxml.restart_numbering(document, ids.ordered)
    second = ooxml.restart_numbering(document, ids.ordered)
    assert len({first, second, ids.ordered, ids.paragraphs, ids.bullets}) == 5
    numbering = etree.fromstring(document.part.numbering_part.element.xml.encode())
    abstract = xp(numbering, f"w:num[@w:numId={ids.ordered}]/w:abstractNumId/@w:val")
    for num_id in (first, second):
        (num,) = xp(numbering, f"w:num[@w:numId={num_id}]")
        assert xp(num, "w:abstractNumId/@w:val") == abstract
        assert xp(num, "w:lvlOverride[@w:ilvl='0']/w:startOverride/@w:val") == ["1"]
    (abstract_num,) = xp(numbering, f"w:abstractNum[@w:abstractNumId={abstract[0]}]")
    assert xp(abstract_num, "w:lvl[@w:ilvl='0']/w:numFmt/@w:val") == ["decimal"]


def test_restart_numbering_refuses_an_unknown_num_id() -> None:
    with pytest.raises(ValueError, match="numId 999"):
        ooxml.restart_numbering(docx.Document(str(REFERENCE)), 999)


def test_the_reference_docx_opens_outside_compatibility_mode_and_names_reportgen() -> None:
    settings = part(REFERENCE.read_bytes(), "word/settings.xml")
    mode = "w:compat/w:compatSetting[@w:name='compatibilityMode']"
    assert xp(settings, f"{mode}/@w:val") == ["15"]
    assert xp(settings, f"{mode}/@w:uri") == ["http://schemas.microsoft.com/office/word"]
    app = part(REFERENCE.read_bytes(), "docProps/app.xml")
    assert [(etree.QName(child).localname, child.text) for child in app] == [
        ("Application", "reportgen")
    ]


def test_set_compatibility_mode_adds_the_setting_when_missing() -> None:
    document = docx.Document(str(REFERENCE))
    compat = document.settings.element.find(qn("w:compat"))
    for setting in compat.findall(qn("w:compatSetting")):
        compat.remove(setting)
    docx_package.set_compatibility_mode(document, 15)
    assert xp(compat, "w:compatSetting[@w:name='compatibilityMode']/@w:val") == ["15"]


def test_a_table_has_a_fixed_width_and_grid_in_twentieths_of_a_point(statement: bytes) -> None:
    (table,) = xp(part(statement, "word/document.xml"), "//w:tbl")
    assert xp(table, "w:tblPr/w:tblW/@w:w") == ["9072"]
    assert xp(table, "w:tblPr/w:tblW/@w:type") == ["dxa"]
    assert xp(table, "w:tblPr/w:tblLayout/@w:type") == ["fixed"]
    assert xp(table, "w:tblGrid/w:gridCol/@w:w") == ["4000", "5072"]
    assert xp(table, "w:tr/w:tc/w:tcPr/w:tcW/@w:w") == ["4000", "5072"] * 3


def test_a_table_keeps_rows_with_the_next_and_aligns_numbers_right(statement: bytes) -> None:
    rows = xp(part(statement, "word/document.xml"), "//w:tbl/w:tr")
    kept = [all(xp(p, "w:pPr/w:keepNext") for p in xp(row, "w:tc/w:p")) for row in rows]
    assert kept == [True, True, False]
    assert [xp(row, "w:tc/w:p/w:pPr/w:jc/@w:val") for row in rows] == [["right"]] * 3
    assert xp(rows[1], "w:tc/w:p/w:r/w:t/text()") == ["2023/24", "30"]


@pytest.mark.parametrize("character", ["\x00", "\x08", "\x1b", "\ud83d", "\ufffe", "\uffff"])
def test_check_xml_text_names_a_character_xml_cannot_hold(character: str) -> None:
    with pytest.raises(
        ValueError, match=rf"the title contains U\+{ord(character):04X} at position 2"
    ):
        ooxml.check_xml_text(f"ab{character}", "the title")


def test_check_xml_text_returns_text_xml_can_hold_unchanged() -> None:
    text = "tab\there\r\nline £5 – ŵ “curly” 😀 \x7f \u2028"
    assert ooxml.check_xml_text(text, "text") is text


def test_fields_xml_round_trips_text_that_xml_escapes() -> None:
    fields = {"input": '<a href="x">&amp;</a> ]]> \r\n\t £ 😀', "provenance": "", "z": "  "}
    xml = docx_package.fields_xml("urn:example:1", "source", fields)
    assert xml.startswith(b"<?xml")
    assert docx_package.read_fields_xml(xml, "urn:example:1", "source") == fields


def test_read_fields_xml_answers_none_for_another_document() -> None:
    xml = docx_package.fields_xml("urn:example:1", "source", {"input": "x"})
    assert docx_package.read_fields_xml(xml, "urn:example:2", "source") is None
    assert docx_package.read_fields_xml(xml, "urn:example:1", "other") is None
    assert docx_package.read_fields_xml(b"<unclosed>", "urn:example:1", "source") is None


def test_fields_xml_refuses_text_xml_cannot_hold() -> None:
    with pytest.raises(ValueError, match=r"input contains U\+FFFF"):
        docx_package.fields_xml("urn:example:1", "source", {"input": "\uffff"})


@pytest.mark.parametrize(
    ("anchor", "name"),
    [
        ("serious-violence", "serious_violence"),
        ("homicide", "homicide"),
        ("2024-25", "h_2024_25"),
        ("_hidden", "h__hidden"),
        ("é-accent", "h___accent"),
        ("a" * 50, "a" * 40),
    ],
)
def test_bookmark_name_makes_a_name_word_accepts(anchor: str, name: str) -> None:
    assert ooxml.bookmark_name(anchor) == name


def test_a_bookmark_wraps_the_paragraph_and_an_internal_link_names_it() -> None:
    document = docx.Document(str(REFERENCE))
    heading = document.add_paragraph("Serious violence", style="Heading 2")
    ooxml.add_bookmark(heading, "serious_violence", 7)
    plain = document.add_paragraph("No style")
    ooxml.add_bookmark(plain, "plain", 8)
    link = ooxml.add_internal_link(
        document.add_paragraph("See "), "serious_violence", "the section", italic=True
    )
    tags = [etree.QName(child).localname for child in heading._p]
    assert tags == ["pPr", "bookmarkStart", "r", "bookmarkEnd"]
    assert plain._p[0].tag == qn("w:bookmarkStart")
    (start,) = oxml_xp(heading._p, "w:bookmarkStart")
    assert (start.get(qn("w:id")), start.get(qn("w:name"))) == ("7", "serious_violence")
    assert oxml_xp(heading._p, "w:bookmarkEnd/@w:id") == ["7"]
    hyperlink = link._hyperlink
    assert hyperlink.get(qn("w:anchor")) == "serious_violence"
    assert hyperlink.get(qn("r:id")) is None
    assert oxml_xp(hyperlink, "w:r/w:rPr/w:rStyle/@w:val") == ["Hyperlink"]
    assert oxml_xp(hyperlink, "w:r/w:rPr/w:i") != []


def test_a_style_can_carry_the_first_level_of_a_numbering() -> None:
    document = docx.Document(str(REFERENCE))
    ids = ooxml.define_numbering(document)
    style_id = document.styles["Numbered Paragraph"].style_id
    ooxml.link_numbering_to_style(document, ids.paragraphs, style_id)
    style = document.styles["Numbered Paragraph"].element
    assert oxml_xp(style, "w:pPr/w:numPr/w:numId/@w:val") == [str(ids.paragraphs)]
    numbering = document.part.numbering_part.element
    abstract = oxml_xp(numbering, f"w:num[@w:numId={ids.paragraphs}]/w:abstractNumId/@w:val")[0]
    (level,) = oxml_xp(numbering, f"w:abstractNum[@w:abstractNumId={abstract}]/w:lvl[@w:ilvl='0']")
    assert [etree.QName(c).localname for c in level][:4] == ["start", "numFmt", "pStyle", "lvlText"]
    assert xp(level, "w:pStyle/@w:val") == [style_id]
    with pytest.raises(ValueError, match="no paragraph style with id 'Hyperlink'"):
        ooxml.link_numbering_to_style(document, ids.paragraphs, "Hyperlink")
    with pytest.raises(ValueError, match="numId 999"):
        ooxml.link_numbering_to_style(document, 999, style_id)


def test_cell_margins_reads_the_table_style_or_words_defaults() -> None:
    styles = docx.Document(str(REFERENCE)).styles
    assert ooxml.cell_margins(styles["Statement Table"]) == {
        "top": Cm(0.08).twips,
        "left": Cm(0.2).twips,
        "bottom": Cm(0.08).twips,
        "right": Cm(0.2).twips,
    }
    assert ooxml.cell_margins(styles["Normal Table"]) == {
        "top": 0,
        "left": 108,
        "bottom": 0,
        "right": 108,
    }


def test_the_reference_docx_theme_and_headings_match_the_house() -> None:
    theme = part(REFERENCE.read_bytes(), "word/theme/theme1.xml")
    drawing = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    fonts = theme.xpath("//a:fontScheme/*/a:latin/@typeface", namespaces=drawing)
    assert fonts == ["Arial", "Arial"]
    styles = docx.Document(str(REFERENCE)).styles
    navy = house.ACCENT.removeprefix("#").upper()
    for name in ("Title", *(f"Heading {n}" for n in range(1, 10))):
        assert str(styles[name].font.color.rgb) == navy
    assert styles["Footer"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert styles["Header"].paragraph_format.alignment is None  # left, as Normal
    assert styles["Header"].font.size.pt == styles["Footer"].font.size.pt == 10


def test_set_theme_fonts_refuses_a_theme_without_latin_fonts() -> None:
    document = docx.Document(str(REFERENCE))
    theme = document.part.part_related_by(RT.THEME)
    theme._blob = re.sub(rb"<a:latin [^>]*/>", b"", theme.blob)
    with pytest.raises(ValueError, match="no a:majorFont for Latin text"):
        docx_styles.set_theme_fonts(document, "Arial")
