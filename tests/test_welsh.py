"""Welsh and bilingual statements: paired text, missing Welsh, Welsh dates and wording, the language
declared in every format, the accessibility and archiving checks, diff and publish."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import openxml_audit
import pikepdf
import pytest
import yaml
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

from reportgen.dates import long_date, month_span
from reportgen.read.characters import character_problems
from tests.browser import axe_violations, describe_violations
from tests.conftest import ROOT, Run
from tests.outputs import structure_elements

EXAMPLE = ROOT / "examples" / "welsh"
EDITION = "2024-25-Q4"
STEM = f"national-priorities-statement-{EDITION.lower()}"
WELSH_LETTERS = "âêîôûŵŷÂÊÎÔÛŴŶäëïöüẅÿáéíóúẃýàèìòùẁỳ"


def _copy(folder: Path, editions: str = "separate", first: str = "welsh") -> Path:
    shutil.copytree(EXAMPLE, folder)
    profile = folder / "profile.yaml"
    text = profile.read_text(encoding="utf-8")
    text = text.replace("editions: separate", f"editions: {editions}")
    profile.write_text(text.replace("first: welsh", f"first: {first}"), encoding="utf-8")
    return folder


def _build(folder: Path, out: Path) -> Path:
    from reportgen.cli import main

    assert main(["build", str(folder / f"{EDITION}.yaml"), "--out", str(out), "-q"]) == 0
    return out / EDITION


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The Welsh sample built as separate editions, and as bilingual documents either way round."""
    work = tmp_path_factory.mktemp("welsh")
    return {
        mode: _build(_copy(work / mode, *mode.split("-")), work / f"{mode}-out")
        for mode in ("separate", "bilingual-welsh", "bilingual-english")
    }


def _pdf_language(path: Path) -> str:
    with pikepdf.open(path) as pdf:
        return str(pdf.Root.Lang)


def _tagged_languages(path: Path) -> set[str]:
    with pikepdf.open(path) as pdf:
        return {str(e.Lang) for e in structure_elements(pdf.Root.StructTreeRoot) if "/Lang" in e}


def _docx_languages(path: Path) -> set[str]:
    with zipfile.ZipFile(path) as package:
        xml = package.read("word/document.xml").decode() + package.read("word/styles.xml").decode()
    return set(re.findall(r'<w:lang w:val="([^"]+)"', xml))


# -- what reportgen writes in Welsh ----------------------------------------------------------------


def test_welsh_dates_and_months() -> None:
    assert long_date(date(2025, 6, 30), "cy") == "30 Mehefin 2025"
    assert month_span(date(2025, 1, 1), date(2025, 3, 31), "cy") == "Ionawr i Fawrth 2025"
    assert month_span(date(2024, 10, 1), date(2024, 12, 31), "cy") == "Hydref i Ragfyr 2024"
    assert long_date(date(2025, 6, 30)) == "30 June 2025"


def test_the_welsh_wording_has_every_sentence_of_the_english() -> None:
    english = yaml.safe_load((ROOT / "templates" / "wording.yaml").read_text(encoding="utf-8"))
    welsh = yaml.safe_load((ROOT / "templates" / "wording.cy.yaml").read_text(encoding="utf-8"))
    assert set(english) - set(welsh) == set()
    for key, text in english.items():
        if isinstance(text, list):
            assert len(welsh[key]) == len(text), key


def test_the_register_names_every_priority_in_welsh() -> None:
    from reportgen.read.register import load_register

    register = load_register()
    assert all(p.name_cy for p in register.priorities)
    assert register.resolve("Lleihau trais difrifol") == register.get("serious-violence")


def test_every_welsh_letter_is_accepted_and_in_the_typeface() -> None:
    assert character_problems(f"Mae’r {WELSH_LETTERS} yn gywir") == []
    for style in ("Regular", "Bold", "Italic", "BoldItalic"):
        font = TTFont(ROOT / "templates" / "fonts" / f"LiberationSans-{style}.ttf")
        assert set(map(ord, WELSH_LETTERS)) <= set(font.getBestCmap()), style


# -- validate --------------------------------------------------------------------------------------


def test_the_welsh_sample_validates(run: Run) -> None:
    code, out, err = run("validate", str(EXAMPLE / f"{EDITION}.yaml"))
    assert (code, err) == (0, ""), err
    assert "no problems found" in out


def test_a_text_without_its_welsh_is_an_error_where_it_is_typed(run: Run, tmp_path: Path) -> None:
    folder = _copy(tmp_path / "inputs")
    edition = folder / f"{EDITION}.yaml"
    text = edition.read_text(encoding="utf-8")
    edition.write_text(
        text.replace("label: {en: Burglary, cy: Byrgleriaeth}", "label: Burglary"), encoding="utf-8"
    )
    line = 1 + edition.read_text(encoding="utf-8").splitlines().index("        label: Burglary")
    code, out, _ = run("validate", str(edition))
    assert code == 1
    assert (
        f"{EDITION}.yaml:{line}:16: error: figure 'burglary': 'label' has no Welsh, and the profile "
        "publishes the statement in Welsh too — write it as a pair, 'en:' with the English and "
        "'cy:' with the Welsh on the lines under it (see docs/welsh.md)" in out
    )


def test_a_profile_text_without_its_welsh_is_an_error(run: Run, tmp_path: Path) -> None:
    folder = _copy(tmp_path / "inputs")
    profile = folder / "profile.yaml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(
        text.replace(
            "police_and_crime_plan:\n  en: Police and Crime Plan 2025–2029\n"
            "  cy: Cynllun Heddlu a Throseddu 2025–2029",
            "police_and_crime_plan: Police and Crime Plan 2025–2029",
        ),
        encoding="utf-8",
    )
    lines = profile.read_text(encoding="utf-8").splitlines()
    line = 1 + lines.index("police_and_crime_plan: Police and Crime Plan 2025–2029")
    code, out, _ = run("validate", str(folder / f"{EDITION}.yaml"))
    assert code == 1
    assert f"profile.yaml:{line}:24: error: 'police_and_crime_plan' has no Welsh" in out


def test_welsh_without_english_is_an_error_whatever_the_profile(run: Run, tmp_path: Path) -> None:
    folder = _copy(tmp_path / "inputs", editions="english")
    edition = folder / f"{EDITION}.yaml"
    text = edition.read_text(encoding="utf-8")
    edition.write_text(
        text.replace("{en: Burglary, cy: Byrgleriaeth}", "{cy: Byrgleriaeth}"), "utf-8"
    )
    code, out, _ = run("validate", str(edition))
    assert code == 1
    assert "error: figure 'burglary': 'label' has Welsh but no English" in out


def test_english_only_profiles_need_no_welsh(run: Run, tmp_path: Path) -> None:
    folder = _copy(tmp_path / "inputs", editions="english")
    edition = folder / f"{EDITION}.yaml"
    text = edition.read_text(encoding="utf-8")
    edition.write_text(text.replace("{en: Burglary, cy: Byrgleriaeth}", "Burglary"), "utf-8")
    code, out, _ = run("validate", str(edition))
    assert code == 0, out


def test_a_rank_is_refused_in_a_welsh_statement(run: Run, tmp_path: Path) -> None:
    folder = _copy(tmp_path / "inputs")
    edition = folder / f"{EDITION}.yaml"
    text = edition.read_text(encoding="utf-8")
    edition.write_text(
        text.replace(
            "      - id: lines\n        kind: count",
            "      - id: lines\n        kind: rank\n        of: 43\n        order: highest",
        ),
        encoding="utf-8",
    )
    code, out, _ = run("validate", str(edition))
    assert code == 1
    assert "error: figure 'lines': a rank cannot yet be written in Welsh" in out


# -- separate editions -----------------------------------------------------------------------------


def test_separate_editions_declare_their_language_and_link_to_each_other(
    builds: dict[str, Path],
) -> None:
    built = builds["separate"]
    welsh, english = built / f"{STEM}-cy", built / STEM
    page = welsh.with_suffix(".html").read_text(encoding="utf-8")
    assert '<html lang="cy-GB">' in page
    assert "Cyhoeddwyd 30 Mehefin 2025" in page
    assert (
        f'<a href="{english.name}.html"><span lang="en-GB">Read this statement in English' in page
    )
    english_page = english.with_suffix(".html").read_text(encoding="utf-8")
    assert '<html lang="en-GB">' in english_page
    assert f'href="{welsh.name}.html"><span lang="cy-GB">Darllenwch' in english_page
    assert _pdf_language(welsh.with_suffix(".pdf")) == "cy-GB"
    assert _pdf_language(english.with_suffix(".pdf")) == "en-GB"
    with pikepdf.open(welsh.with_suffix(".pdf")) as pdf:
        links = [
            a.A.URI for p in pdf.pages for a in p.get("/Annots", []) if "/URI" in a.get("/A", {})
        ]
    assert f"{english.name}.pdf" in [str(uri) for uri in links]
    assert "cy-GB" in _docx_languages(welsh.with_suffix(".docx"))
    with zipfile.ZipFile(welsh.with_suffix(".docx")) as package:
        assert "<dc:language>cy-GB</dc:language>" in package.read("docProps/core.xml").decode()
    charts = sorted(p.name for p in (built / "charts").glob("*.svg"))
    assert charts == ["figure-1-neighbourhood-crime-1-cy.svg", "figure-1-neighbourhood-crime-1.svg"]


def test_a_welsh_edition_is_in_welsh(builds: dict[str, Path]) -> None:
    page = (builds["separate"] / f"{STEM}-cy.html").read_text(encoding="utf-8")
    for words in (
        "Lleihau trais difrifol",
        "gostyngiad o 14 (5.1%)",
        "Ffigur 1: Gostyngodd byrgleriaeth yn 2024/25",
        "Siart bar: Niferoedd, Heddlu Afon Las.",
        "Tudalen",
        "Amlder adrodd",
    ):
        assert words in page, words
    assert "Figure 1" not in page and "Reporting frequency" not in page


# -- a bilingual document --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "document", "part", "order"),
    [
        ("bilingual-welsh", "cy-GB", "en-GB", ("Cyflwyniad", "Introduction", "Amlder adrodd")),
        ("bilingual-english", "en-GB", "cy-GB", ("Introduction", "Cyflwyniad", "Reporting")),
    ],
)
def test_a_bilingual_document_declares_each_part(
    builds: dict[str, Path], mode: str, document: str, part: str, order: tuple[str, ...]
) -> None:
    stem = builds[mode] / STEM
    assert not (builds[mode] / f"{STEM}-cy.html").exists()
    page = stem.with_suffix(".html").read_text(encoding="utf-8")
    assert f'<html lang="{document}">' in page
    assert f'<div lang="{part}">' in page
    positions = [page.index(f">{words}") for words in order]
    assert positions == sorted(positions)
    second = part[:2]
    assert 'id="introduction"' in page and f'id="introduction-{second}"' in page
    assert f'href="#homicide-{second}"' in page
    assert _pdf_language(stem.with_suffix(".pdf")) == document
    assert part in _tagged_languages(stem.with_suffix(".pdf"))
    assert {document, part} <= _docx_languages(stem.with_suffix(".docx"))


# -- accessibility, archiving, reproducibility -----------------------------------------------------


@pytest.mark.parametrize(
    "name", [f"separate/{STEM}-cy", f"separate/{STEM}", f"bilingual-welsh/{STEM}"]
)
def test_the_pdf_declares_pdf_ua_and_pdf_a_and_is_sound(builds: dict[str, Path], name: str) -> None:
    mode, stem = name.split("/")
    path = builds[mode] / f"{stem}.pdf"
    with pikepdf.open(path) as pdf:
        xmp = pdf.open_metadata()
        assert (xmp.get("pdfuaid:part"), xmp.get("pdfaid:part")) == ("1", "3")
        assert xmp.get("pdfaid:conformance") == "A"
        assert pdf.Root.MarkInfo.Marked
    checked = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.parametrize("name", [f"separate/{STEM}-cy", f"bilingual-welsh/{STEM}"])
def test_openxml_audit_reports_nothing(builds: dict[str, Path], name: str) -> None:
    mode, stem = name.split("/")
    result = openxml_audit.OpenXmlValidator().validate(builds[mode] / f"{stem}.docx")
    assert (result.error_count, result.warning_count) == (0, 0), [str(e) for e in result.errors]


@pytest.mark.parametrize(
    "name", [f"separate/{STEM}-cy", f"bilingual-welsh/{STEM}", f"bilingual-english/{STEM}"]
)
def test_the_page_passes_axe(builds: dict[str, Path], page: Any, name: str) -> None:
    mode, stem = name.split("/")
    page.goto((builds[mode] / f"{stem}.html").as_uri())
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)


def test_welsh_builds_are_byte_reproducible(builds: dict[str, Path], tmp_path: Path) -> None:
    again = _build(_copy(tmp_path / "inputs"), tmp_path / "out")
    for path in sorted(builds["separate"].glob(f"{STEM}*.*")):
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name


# -- diff and publish ------------------------------------------------------------------------------


def test_diff_warns_when_the_english_changed_and_the_welsh_did_not(
    run: Run, tmp_path: Path
) -> None:
    old = _copy(tmp_path / "old")
    new = _copy(tmp_path / "new")
    edition = new / f"{EDITION}.yaml"
    text = edition.read_text(encoding="utf-8")
    text = text.replace("Officers closed {lines} county lines.", "Officers closed {lines} lines.")
    text = text.replace(
        "label: {en: Knife crime offences, cy: Troseddau cyllyll}",
        "label: {en: Knife offences, cy: Troseddau’n ymwneud â chyllyll}",
    )
    edition.write_text(text, encoding="utf-8")
    code, out, _ = run("diff", str(old / f"{EDITION}.yaml"), str(edition), "--format", "json")
    assert code == 0
    assert json.loads(out)["untranslated"] == [
        "narrative paragraph 1 of priority 'drugs': the English changed and the Welsh did not — "
        "check that the Welsh still says the same"
    ]


def test_publish_links_the_welsh_edition(run: Run, builds: dict[str, Path], tmp_path: Path) -> None:
    site = tmp_path / "site"
    code, _, err = run("publish", str(builds["separate"]), "--site", str(site))
    assert code == 0, err
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    languages = sorted((f["format"], f.get("language", "")) for f in manifest["files"])
    assert languages == sorted(
        (fmt, lang) for fmt in ("docx", "html", "pdf") for lang in ("", "cy")
    )
    index = (site / "index.html").read_text(encoding="utf-8")
    welsh_html = f"statements/{EDITION}/{STEM}-cy.html"
    assert f'<a href="{welsh_html}" type="text/html" hreflang="cy">HTML in Welsh, ' in index
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert f'href="{welsh_html}" type="text/html" hreflang="cy"' in feed
    assert run("verify", str(site))[0] == 0


def test_the_schema_takes_a_pair_wherever_a_reader_reads_the_text() -> None:
    from reportgen.read.schema import PAIR, json_schema

    schema = json_schema("edition")
    figure = schema["$defs"]["CountFigure"]["properties"]
    assert {"$ref": f"#/$defs/{PAIR}"} in figure["label"]["anyOf"]
    assert figure["label"]["description"] == "What is measured, as a table row label."
    narrative = schema["$defs"]["PriorityContent"]["properties"]["narrative"]["items"]
    assert {"$ref": f"#/$defs/{PAIR}"} in narrative["anyOf"]
    assert "anyOf" not in figure["id"]  # an identifier reads the same in both languages


def test_new_leaves_a_place_for_the_welsh_of_each_paragraph(run: Run, tmp_path: Path) -> None:
    folder = _copy(tmp_path / "inputs")
    code, _, err = run("new", "2025-26-Q1", "--from", str(folder / f"{EDITION}.yaml"))
    assert code == 0, err
    started = yaml.safe_load((folder / "2025-26-Q1.yaml").read_text(encoding="utf-8"))
    paragraph = started["priorities"]["drugs"]["narrative"][0]
    assert set(paragraph) == {"en", "cy"}
    assert paragraph["cy"] == "[FILL IN: the same paragraph in Welsh]"


@pytest.mark.parametrize("mode", ["separate", "bilingual-welsh"])
def test_every_welsh_file_is_confirmed_as_made_by_reportgen(
    builds: dict[str, Path], mode: str
) -> None:
    """Made again from its own embedded data, each file is the same bytes, so tamper evidence
    covers the Welsh as it does the English."""
    from reportgen.formats import by_extension
    from reportgen.render.readback import confirm, read_statement

    files = sorted(p for p in builds[mode].glob(f"{STEM}*.*"))
    assert len(files) == (6 if mode == "separate" else 3)
    for path in files:
        kind = by_extension(path.suffix)
        assert kind is not None
        assert confirm(read_statement(path, kind)) == "made by reportgen", path.name


def test_a_changed_welsh_file_is_not_published(
    run: Run, builds: dict[str, Path], tmp_path: Path
) -> None:
    build = tmp_path / EDITION
    shutil.copytree(builds["separate"], build)
    welsh = build / f"{STEM}-cy.html"
    text = welsh.read_text(encoding="utf-8")
    start = text.index(">", text.index("<p", text.index("<main"))) + 1
    welsh.write_text(text[:start] + "Nid " + text[start:], encoding="utf-8")
    code, _, err = run("publish", str(build), "--site", str(tmp_path / "site"))
    assert code == 1
    assert f"{STEM}-cy.html: this file was changed after reportgen made it" in err
