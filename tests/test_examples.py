"""The example editions in examples/: an annual report and a quarterly update, each with its own
profile. Both validate with no warnings, build, and compare cleanly with what they built."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, Run

EXAMPLES = ROOT / "examples"
EDITIONS = {
    "annual-report": "2024-25-Q4",
    "quarterly-update": "2025-26-Q3",
}


def _text(html: Path) -> str:
    """The page's words, without tags, on one line."""
    return " ".join(re.sub(r"<[^>]+>", " ", html.read_text(encoding="utf-8")).split())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from reportgen.cli import main

    out = tmp_path_factory.mktemp("examples")
    folders = {}
    for example, edition in EDITIONS.items():
        copy = out / example
        shutil.copytree(EXAMPLES / example, copy / "inputs")
        assert (
            main(["build", str(copy / "inputs" / f"{edition}.yaml"), "--out", str(copy), "-q"]) == 0
        )
        folders[example] = copy / edition
    return folders


@pytest.mark.parametrize("example", sorted(EDITIONS))
def test_an_example_validates_with_no_warnings(example: str, run: Run) -> None:
    code, out, err = run("validate", "--strict", str(EXAMPLES / example))
    assert (code, out, err) == (0, "Checked 1 edition: no problems found.\n", "")


@pytest.mark.parametrize("example", sorted(EDITIONS))
def test_an_example_compares_cleanly_with_what_it_built(
    example: str, built: dict[str, Path], run: Run
) -> None:
    edition = EXAMPLES / example / f"{EDITIONS[example]}.yaml"
    code, out, err = run("diff", str(edition), str(built[example]))
    assert (code, err) == (0, "")
    assert "Summary: 6 priorities · no differences" in out


def test_the_annual_report_is_titled_and_worded_as_one(built: dict[str, Path]) -> None:
    text = _text(next(built["annual-report"].glob("*.html")))
    assert "National Policing Priorities Statement Annual Report 2024/25" in text
    assert "Update" not in text
    assert "the local priorities that the Police, Fire and Crime Commissioner has set" in text
    assert "reported to the Police, Fire and Crime Panel every year" in text
    assert "This statement is published each year, after the annual crime statistics" in text


def test_the_annual_report_keeps_published_changes_as_published(built: dict[str, Path]) -> None:
    text = _text(next(built["annual-report"].glob("*.html")))
    # Comparator worked out from "12,480, up 730 (6.2%)"; baseline from its published change.
    assert "rose to 12,480 offences (an increase of 730 (6.2%))" in text
    assert "(a reduction of 1,310 (9.5%))" in text
    # A change figure with its absolute change; a whole-number percentage stays whole.
    assert "Knife crime fell (a reduction of 48 (5.1%))" in text
    assert "fell sharply (a reduction of 64%)" in text


def test_measures_of_very_different_size_get_charts_of_their_own(built: dict[str, Path]) -> None:
    charts = sorted(p.name for p in (built["annual-report"] / "charts").glob("*.svg"))
    assert charts == ["figure-1-neighbourhood-crime-1.svg", "figure-2-neighbourhood-crime-2.svg"]


def test_each_bar_names_its_period_when_the_periods_differ(built: dict[str, Path]) -> None:
    text = _text(next(built["quarterly-update"].glob("*.html")))
    assert (
        "Figure 1: Residential burglary in the quarter fell by 53 from Q3 2024-25 to Q3 2025-26"
        in text
    )
    assert "655 (Q3 2024-25)" in text
    assert "1,790 (April to December 2025)" in text
    assert "Latest period" not in text
    assert "the local priorities that the Mayor has set" in text
