"""Property-based tests: any valid edition builds, and any text a user could type comes back out."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import html5lib
import openxml_audit
import page as page_validation
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from reportgen.build import build
from reportgen.new import dump
from reportgen.read.characters import _typeface
from tests.conftest import FIXTURES

# Each example is a whole build, checked by the PDF and DOCX validators.
pytestmark = pytest.mark.slow

PRIORITIES = [
    "homicide",
    "serious-violence",
    "drugs",
    "neighbourhood-crime",
    "victim-satisfaction",
    "cyber-crime",
]
STEM = "national-priorities-statement-2024-25-q4"
PERIOD = {"label": "2024/25", "end": date(2025, 3, 31)}
SETTINGS = settings(
    max_examples=8,
    deadline=None,
    derandomize=True,  # the same examples on every run, so CI is repeatable
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Characters a person could type that the statement keeps as text: everything the PDF typeface
# can draw, less Markdown's own marks (*, _, [, ], \\ and { } are markup in narrative), controls,
# invisible format characters and combining marks (which a PDF's text layer may reorder).
_MARKUP = set("*_[]\\{}`")


def _typeable(char: str) -> bool:
    category = unicodedata.category(char)
    return (
        char not in _MARKUP
        and not char.isspace()
        and category[0] not in "CMZ"
        and unicodedata.name(char, "")
    )


ALPHABET = "".join(sorted(c for c in _typeface() if _typeable(c)))
words = st.text(alphabet=ALPHABET, min_size=1, max_size=12)
sentences = st.lists(words, min_size=1, max_size=12).map(lambda ws: "Note " + " ".join(ws))


def _decimal(low: int, high: int) -> st.SearchStrategy[Decimal]:
    return st.integers(low * 10, high * 10).map(lambda n: Decimal(n) / 10)


def _figure(kind: str, index: int, priority: str, draw: Callable[[Any], Any]) -> dict[str, Any]:
    figure: dict[str, Any] = {
        "id": f"{priority}-{index}",
        "kind": kind,
        "label": f"Measure {index + 1} of {priority}",
        "period": dict(PERIOD),
        "source": "Police recorded crime",
    }
    values = {
        "count": st.integers(0, 2_000_000),
        "rate": _decimal(0, 2000),
        "percentage": _decimal(0, 100),
        "money": st.integers(0, 50_000_000),
        "duration": st.integers(1, 20_000),
        "rank": st.integers(1, 43),
        "change": _decimal(-99, 500),
    }[kind]
    figure["value"] = draw(values)
    if kind == "rate":
        figure["per"] = draw(st.sampled_from([1000, 100000, 1000000]))
    if kind == "rank":
        figure |= {"of": 43, "order": draw(st.sampled_from(["highest", "lowest"]))}
    if kind == "change":
        figure["comparator"] = {"label": "2023/24"}
    elif draw(st.booleans()):
        figure["comparator"] = {"label": "2023/24", "value": draw(values)}
    return figure


@st.composite
def editions(draw: Callable[[Any], Any]) -> dict[str, Any]:
    priorities: dict[str, Any] = {}
    for priority in PRIORITIES:
        kinds = draw(
            st.lists(
                st.sampled_from(
                    ["count", "rate", "percentage", "money", "duration", "rank", "change"]
                ),
                max_size=3,
            )
        )
        figures = [_figure(kind, i, priority, draw) for i, kind in enumerate(kinds)]
        narrative = [draw(sentences)]
        narrative += [f"It stood at {{{f['id']}}}." for f in figures]
        priorities[priority] = {"narrative": narrative, "figures": figures}
    return {
        "financial_year": "2024-25",
        "quarter": 4,
        "published": date(2025, 6, 30),
        "priorities": priorities,
    }


def _project(root: Path, edition: dict[str, Any]) -> Path:
    inputs = root / "inputs"
    inputs.mkdir(parents=True, exist_ok=True)
    (inputs / "profile.yaml").write_bytes((FIXTURES / "profile.yaml").read_bytes())
    path = inputs / "2024-25-Q4.yaml"
    path.write_text(dump(edition), encoding="utf-8")
    return path


@given(edition=editions())
@SETTINGS
def test_any_valid_edition_builds_and_passes_the_format_checks(
    edition: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = tmp_path_factory.mktemp("edition")
    result = build(_project(root, edition), out=root / "build")
    folder = result.folder
    pdf = folder / f"{STEM}.pdf"
    for profile in ("ua1", "3a"):
        report = page_validation.validate_pdf(str(pdf), profile=profile)
        assert report.is_compliant, report.failures
    audit = openxml_audit.OpenXmlValidator().validate(folder / f"{STEM}.docx")
    assert (audit.error_count, audit.warning_count) == (0, 0)
    tree = html5lib.parse((folder / f"{STEM}.html").read_bytes(), namespaceHTMLElements=False)
    assert len(tree.findall(".//h1")) == 1
    assert tree.get("lang") == "en-GB"


@given(text=sentences)
@SETTINGS
def test_any_typed_narrative_comes_back_out_exactly(
    text: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = tmp_path_factory.mktemp("narrative")
    edition = {
        "financial_year": "2024-25",
        "quarter": 4,
        "published": date(2025, 6, 30),
        "priorities": {p: {"narrative": ["Context."]} for p in PRIORITIES},
    }
    edition["priorities"]["drugs"]["narrative"] = ["NARRATIVE-UNDER-TEST"]
    path = _project(root, edition)
    # Written as a JSON string, YAML's double-quoted form, so no character is YAML syntax.
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "NARRATIVE-UNDER-TEST", json.dumps(text, ensure_ascii=False)
        ),
        encoding="utf-8",
    )
    folder = build(path, out=root / "build").folder
    paragraphs = [p.text for p in docx.Document(str(folder / f"{STEM}.docx")).paragraphs]
    assert text in paragraphs
    tree = html5lib.parse((folder / f"{STEM}.html").read_bytes(), namespaceHTMLElements=False)
    html_text = "".join(tree.find(".//main").itertext())
    assert text in html_text
    pdf_text = " ".join(p.extract_text() for p in PdfReader(folder / f"{STEM}.pdf").pages)
    assert " ".join(text.split()) in " ".join(pdf_text.split())
