"""Helpers that open built outputs as their readers would: LibreOffice for DOCX, pikepdf for tags."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pikepdf
import pytest

Test = TypeVar("Test", bound=Callable[..., None])


def needs_libreoffice(test: Test) -> Test:
    """Mark a test slow (LibreOffice takes seconds to start), and skip it if it is not installed."""
    installed = pytest.mark.skipif(
        shutil.which("soffice") is None or shutil.which("pdftotext") is None,
        reason="LibreOffice and poppler are installed by .ci/system-packages",
    )
    return pytest.mark.slow(installed(test))


def libreoffice_pdf(docx: Path, work: Path) -> Path:
    """Open a DOCX in LibreOffice and save it as PDF in `work`, as a reader printing it would."""
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return work / f"{docx.stem}.pdf"


def libreoffice_text(docx: Path, work: Path) -> str:
    """Open a DOCX in LibreOffice, convert it to PDF, and return the PDF's text, spaces folded."""
    pdf = libreoffice_pdf(docx, work)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
        check=True,
        capture_output=True,
        timeout=60,
    ).stdout.decode()
    return " ".join(text.split())


def structure_elements(node: Any) -> Iterator[pikepdf.Dictionary]:
    """A tagged PDF's structure elements under `node`, depth first, in document order."""
    kids = node.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from structure_elements(kid)
