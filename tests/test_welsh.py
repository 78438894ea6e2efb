"""Welsh and bilingual statements: paired text, missing Welsh, Welsh dates and wording, and the
language declared in every format for separate Welsh editions and for a bilingual document."""

from __future__ import annotations

import re
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pikepdf
import pytest
import yaml

from reportgen.dates import long_date, month_span
from tests.conftest import ROOT, Run
from tests.outputs import structure_elements

EXAMPLE = ROOT / "examples" / "welsh"
EDITION = "2024-25-Q4"


def _copy(tmp_path: Path, editions: str = "separate", first: str = "welsh") -> Path:
    folder = tmp_path / "inputs"
    shutil.copytree(EXAMPLE, folder)
    profile = folder / "profile.yaml"
    text = profile.read_text(encoding="utf-8")
    text = text.replace("editions: separate", f"editions: {editions}")
    profile.write_text(text.replace("first: welsh", f"first: {first}"), encoding="utf-8")
    return folder


def _build(run: Run, folder: Path, out: Path) -> Path:
    code, _, err = run("build", str(folder / f"{EDITION}.yaml"), "--out", str(out), "-q")
    assert code == 0, err
    return out / EDITION


def _pdf_language(path: Path) -> str:
    with pikepdf.open(path) as pdf:
        return str(pdf.Root.Lang)


def _docx_languages(path: Path) -> set[str]:
    with zipfile.ZipFile(path) as package:
        xml = package.read("word/document.xml").decode() + package.read("word/styles.xml").decode()
    return set(re.findall(r'<w:lang w:val="([^"]+)"', xml))


def test_welsh_dates_and_months() -> None:
    assert long_date(date(2025, 6, 30), "cy") == "30 Mehefin 2025"
    assert month_span(date(2025, 1, 1), date(2025, 3, 31), "cy") == "Ionawr i Fawrth 2025"
    assert long_date(date(2025, 6, 30)) == "30 June 2025"


def test_the_welsh_wording_has_every_sentence_of_the_english() -> None:
    english = yaml.safe_load((ROOT / "templates" / "wording.yaml").read_text(encoding="utf-8"))
    welsh = yaml.safe_load((ROOT / "templates" / "wording.cy.yaml").read_text(encoding="utf-8"))
    assert set(english) - set(welsh) == set()
    for key, text in english.items():
        if isinstance(text, list):
            assert len(welsh[key]) == len(text), key


def test_the_welsh_sample_validates(run: Run) -> None:
    code, out, err = run("validate", str(EXAMPLE / f"{EDITION}.yaml"))
    assert (code, err) == (0, ""), err
    assert "no problems found" in out


def test_a_text_without_its_welsh_is_an_error_where_it_is_typed(run: Run, tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    edition = folder / f"{EDITION}.yaml"
    text = edition.read_text(encoding="utf-8")
    edition.write_text(
        text.replace("label: {en: Burglary, cy: Byrgleriaeth}", "label: Burglary"), encoding="utf-8"
    )
    line = next(
        n for n, row in enumerate(edition.read_text().splitlines(), 1) if "label: Burglary" in row
    )
    code, out, _ = run("validate", str(edition))
    assert code == 1
    assert (
        f"{EDITION}.yaml:{line}:16: error: figure 'burglary': 'label' has no Welsh, and the profile "
        "publishes the statement in Welsh too" in out
    )


def test_english_only_profiles_need_no_welsh(run: Run, tmp_path: Path) -> None:
    folder = _copy(tmp_path, editions="english")
    edition = folder / f"{EDITION}.yaml"
    text = edition.read_text(encoding="utf-8")
    edition.write_text(text.replace("{en: Burglary, cy: Byrgleriaeth}", "Burglary"), "utf-8")
    code, out, _ = run("validate", str(edition))
    assert code == 0, out


def test_separate_editions_declare_welsh_and_link_to_each_other(run: Run, tmp_path: Path) -> None:
    built = _build(run, _copy(tmp_path), tmp_path / "out")
    welsh = built / f"national-priorities-statement-{EDITION.lower()}-cy"
    english = built / f"national-priorities-statement-{EDITION.lower()}"
    page = welsh.with_suffix(".html").read_text(encoding="utf-8")
    assert '<html lang="cy-GB">' in page
    assert "Cyhoeddwyd 30 Mehefin 2025" in page
    assert f'href="{english.name}.html"' in page
    assert f'href="{welsh.name}.html"' in english.with_suffix(".html").read_text("utf-8")
    assert _pdf_language(welsh.with_suffix(".pdf")) == "cy-GB"
    assert _pdf_language(english.with_suffix(".pdf")) == "en-GB"
    assert "cy-GB" in _docx_languages(welsh.with_suffix(".docx"))
    assert "cy-GB" not in _docx_languages(english.with_suffix(".docx")) - {"cy-GB"}
    charts = sorted(p.name for p in (built / "charts").glob("*.svg"))
    assert len(charts) == 2 and any(name.endswith("-cy.svg") for name in charts)


@pytest.mark.parametrize(("first", "document", "part"), [("welsh", "cy-GB", "en-GB")])
def test_a_bilingual_document_tags_each_part(
    run: Run, tmp_path: Path, first: str, document: str, part: str
) -> None:
    built = _build(run, _copy(tmp_path, "bilingual", first), tmp_path / "out")
    stem = built / f"national-priorities-statement-{EDITION.lower()}"
    page = stem.with_suffix(".html").read_text(encoding="utf-8")
    assert f'<html lang="{document}">' in page
    assert f'<div lang="{part}">' in page
    assert page.index("Cyflwyniad") < page.index("Introduction") < page.index("Amlder adrodd")
    assert 'id="introduction"' in page and 'id="introduction-en"' in page
    assert _pdf_language(stem.with_suffix(".pdf")) == document
    with pikepdf.open(stem.with_suffix(".pdf")) as pdf:
        tagged = {str(e.Lang) for e in structure_elements(pdf.Root.StructTreeRoot) if "/Lang" in e}
    assert part in tagged
    assert {document, part} <= _docx_languages(stem.with_suffix(".docx"))
