"""The built samples as a reader meets them: short, nothing left unfilled, one typeface, no half-empty page."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from PIL import Image
from pypdf import PdfReader

from tests.conftest import SampleBuild
from tests.outputs import libreoffice_pdf, needs_libreoffice

STEM = "national-priorities-statement-"
# A name in braces that the wording or the narrative meant to be filled in: {figure}, {office}.
UNRESOLVED = re.compile(r"\{[A-Za-z_][\w.-]*\}")
MOST_PAGES = 8
MOST_BLANK = 1 / 3


def _files(sample_build: SampleBuild) -> list[Path]:
    return sorted(
        p for folder in (sample_build.q2, sample_build.q4) for p in folder.glob(STEM + "*")
    )


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)


def _visible_text(path: Path) -> str:
    if path.suffix == ".pdf":
        return _pdf_text(path)
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as docx:
            xml = docx.read("word/document.xml").decode("utf-8")
        return " ".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))
    page = path.read_text(encoding="utf-8")
    page = re.sub(r"<script\b.*?</script>|<style\b.*?</style>", "", page, flags=re.S)
    return re.sub(r"<[^>]+>", " ", page)


def test_nothing_is_left_unfilled_in_any_output(sample_build: SampleBuild) -> None:
    files = _files(sample_build)
    assert len(files) == 6
    for path in files:
        text = _visible_text(path)
        assert not UNRESOLVED.findall(text), f"{path.name}: {UNRESOLVED.findall(text)}"
        assert "FILL IN" not in text, path.name


def test_the_pdf_uses_only_the_shipped_typeface(sample_build: SampleBuild) -> None:
    for folder in (sample_build.q2, sample_build.q4):
        pdf_path = next(folder.glob(STEM + "*.pdf"))
        names: set[str] = set()
        with pikepdf.open(pdf_path) as pdf:
            for page in pdf.pages:
                for _, font in (page.Resources.get("/Font") or {}).items():
                    names.add(str(font.get("/BaseFont")))
                for _, xobject in (page.Resources.get("/XObject") or {}).items():
                    fonts = (xobject.get("/Resources") or {}).get("/Font") or {}
                    names.update(str(f.get("/BaseFont")) for _, f in fonts.items())
        # Subset fonts are named ABCDEF+LiberationSans-Bold.
        families = {name.split("+")[-1].lstrip("/").split("-")[0] for name in names}
        assert families == {"LiberationSans"}, sorted(names)


def _blank_fractions(pdf: Path, work: Path) -> list[float]:
    """For each page, the share of its height below the last line of ink (30 dpi is enough)."""
    subprocess.run(
        ["pdftoppm", "-gray", "-r", "30", "-png", str(pdf), str(work / "page")],
        check=True,
        capture_output=True,
        timeout=120,
    )
    fractions = []
    for png in sorted(work.glob("page-*.png"), key=lambda p: int(p.stem.split("-")[-1])):
        image = Image.open(png).convert("L")
        width, height = image.size
        pixels = image.load()
        # The footer's page number is ink too: measure the body, above the bottom margin.
        body = int(height * 0.9)
        last = max(
            (y for y in range(body) if any(pixels[x, y] < 200 for x in range(width))), default=0
        )
        fractions.append((body - last) / body)
    return fractions


@pytest.mark.slow
def test_the_q4_pdf_is_short_and_no_page_but_the_last_is_a_third_empty(
    sample_build: SampleBuild, tmp_path: Path
) -> None:
    pdf = next(sample_build.q4.glob(STEM + "*.pdf"))
    fractions = _blank_fractions(pdf, tmp_path)
    assert len(fractions) <= MOST_PAGES
    for number, blank in enumerate(fractions[:-1], start=1):
        assert blank <= MOST_BLANK, f"page {number} is {blank:.0%} empty"


@needs_libreoffice
def test_the_q4_docx_as_libreoffice_lays_it_out_is_short_and_has_no_half_empty_page(
    sample_build: SampleBuild, tmp_path: Path
) -> None:
    docx = next(sample_build.q4.glob(STEM + "*.docx"))
    fractions = _blank_fractions(libreoffice_pdf(docx, tmp_path), tmp_path)
    assert len(fractions) <= MOST_PAGES
    for number, blank in enumerate(fractions[:-1], start=1):
        assert blank <= MOST_BLANK, f"page {number} is {blank:.0%} empty"
