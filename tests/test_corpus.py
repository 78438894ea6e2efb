"""Every broken or hostile input in tests/corpus/ ends in a clean build or in clear messages.

tests/corpus/index.yaml says, for each file, what it tests and what the user must see. Each is
built as the 2024-25 Q4 edition of a fresh project with `reportgen build`. An error must be exit
code 1 and located messages only (no traceback), with nothing written; a build must produce all
three formats with the text exactly as written.
"""

from __future__ import annotations

import io
import re
import shutil
import unicodedata
from pathlib import Path
from typing import Any

import docx
import html5lib
import pytest
import yaml
from pypdf import PdfReader

from reportgen.cli import main
from tests.conftest import FIXTURES

CORPUS = Path(__file__).resolve().parent / "corpus"
INDEX: list[dict[str, Any]] = yaml.safe_load((CORPUS / "index.yaml").read_text(encoding="utf-8"))
STEM = "national-priorities-statement-2024-25-q4"
LOCATED = re.compile(r"^inputs/2024-25-Q4\.yaml:\d+:\d+: (error|warning): .+ — .+$")


def test_the_corpus_has_at_least_forty_inputs_and_an_entry_for_each() -> None:
    files = sorted(p.name for p in CORPUS.iterdir() if p.name != "index.yaml")
    generated = [e["file"] for e in INDEX if "generate" in e]
    assert sorted([*files, *generated]) == sorted(e["file"] for e in INDEX)
    assert len(INDEX) >= 40


def _project(tmp_path: Path, entry: dict[str, Any]) -> Path:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    shutil.copy(FIXTURES / "profile.yaml", inputs / "profile.yaml")
    edition = inputs / "2024-25-Q4.yaml"
    if entry.get("generate") == "symlink":
        outside = tmp_path.parent / f"{tmp_path.name}-outside.yaml"
        shutil.copy(FIXTURES / "minimal.yaml", outside)
        edition.symlink_to(outside)
    else:
        shutil.copy(CORPUS / entry["file"], edition)
    return tmp_path


def _docx_text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def _html_text(path: Path) -> str:
    tree = html5lib.parse(path.read_bytes(), namespaceHTMLElements=False)
    main_element = tree.find(".//main")
    assert main_element is not None
    return "".join(main_element.itertext())


def _pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


@pytest.mark.parametrize("entry", INDEX, ids=[e["file"] for e in INDEX])
def test_each_input_gets_a_clear_answer(
    entry: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path, entry)
    monkeypatch.chdir(project)
    out, err = io.StringIO(), io.StringIO()
    code = main(["build", "-q", "--out", "build"], stdout=out, stderr=err)
    printed = out.getvalue() + err.getvalue()
    assert "Traceback" not in printed
    folder = project / "build" / "2024-25-Q4"
    if entry["expect"] == "error":
        assert code == 1, printed
        lines = out.getvalue().splitlines()
        assert lines and all(LOCATED.match(line) for line in lines), printed
        assert any(entry["message"] in line for line in lines), printed
        assert not folder.exists()
    else:
        assert (code, err.getvalue()) == (0, ""), printed
        # Warnings may be printed (a typed number such as '£5' matching no figure), all located.
        assert all(LOCATED.match(line) for line in out.getvalue().splitlines()), printed
        exact = entry.get("exact")
        for extension in ("docx", "html", "pdf"):
            assert (folder / f"{STEM}.{extension}").stat().st_size > 0
        if exact:
            assert exact in _docx_text(folder / f"{STEM}.docx")
            assert exact in _html_text(folder / f"{STEM}.html")
            # The PDF draws invisible format characters (a zero-width space is a line-break
            # opportunity to Typst) but leaves them out of its text layer.
            visible = "".join(c for c in exact if unicodedata.category(c) != "Cf")
            assert " ".join(visible.split()) in _pdf_text(folder / f"{STEM}.pdf")
    # Nothing is ever written outside the output folder (or the project).
    written = {p for p in project.rglob("*") if p.is_file() and "build" not in p.parts}
    assert written == set((project / "inputs").iterdir()) - {
        d for d in (project / "inputs").iterdir() if d.is_dir()
    }
