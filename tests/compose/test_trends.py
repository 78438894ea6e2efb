"""Trends across editions join only comparable values, at regular intervals, and say where they break.

tests/fixtures/trends/ holds four annual editions of one measure; the 2023-24 edition restates the
2022/23 figure under a new definition (1,000 where 1,300 was first published).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from reportgen.check import validate_editions
from reportgen.compose import compose
from reportgen.compose.document import Chart, Document, Heading, ItemList
from reportgen.statement import Statement
from tests.conftest import FIXTURES

TRENDS = FIXTURES / "trends"
EDITIONS = ("2021-22-Q4", "2022-23-Q4", "2023-24-Q4", "2024-25-Q4")


def _statements(folder: Path, *editions: str) -> list[Statement]:
    result = validate_editions([folder / f"{e}.yaml" for e in editions])
    assert result.errors == []
    return sorted(result.statements, key=lambda s: s.label)


def _latest(folder: Path = TRENDS, editions: tuple[str, ...] = EDITIONS) -> Document:
    *history, latest = _statements(folder, *editions)
    return compose(latest, history)


def _trend(document: Document) -> Chart:
    (chart,) = [c for c in document.charts if c.spec.kind == "line"]
    return chart


def _notes(document: Document) -> list[str]:
    """The notes under Sources and notes, the statement's last heading."""
    last = max(i for i, b in enumerate(document.blocks) if isinstance(b, Heading))
    lists = [b for b in document.blocks[last:] if isinstance(b, ItemList)]
    return ["".join(s.text for s in item) for block in lists for item in block.items]


@pytest.fixture
def trends(tmp_path: Path) -> Path:
    """A working copy of the trend fixtures, to edit."""
    shutil.copytree(TRENDS, tmp_path / "trends")
    return tmp_path / "trends"


def test_a_trend_breaks_where_the_comparator_was_restated_under_a_new_definition() -> None:
    document = _latest()
    chart = _trend(document)
    assert chart.spec.categories == ("2021/22", "2022/23", "2023/24", "2024/25")
    current, earlier = chart.spec.series
    # The current definition runs from the restated 2022/23 value; the old one is never joined to it.
    assert (current.name, current.values) == ("Current definition", (None, 1000, 1100, 1050))
    assert (earlier.name, earlier.values) == ("Earlier definition", (1400, 1300, None, None))
    assert [[c.text for c in row] for row in chart.data.rows] == [
        ["2021/22", "–", "1,400"],
        ["2022/23", "1,000", "1,300"],
        ["2023/24", "1,100", "–"],
        ["2024/25", "1,050", "–"],
    ]


def test_the_headline_claims_no_fall_across_the_break() -> None:
    chart = _trend(_latest())
    # 1,400 (old definition) to 1,050 (new) would read as a fall; on one definition it rose.
    assert chart.spec.title == "Neighbourhood crimes recorded rose from 2022/23 to 2024/25"
    assert "fell" not in chart.spec.title
    assert chart.spec.subtitle == (
        "Neighbourhood crimes recorded, 2021/22 to 2024/25, Example Police, the earlier "
        "definition drawn apart"
    )


def test_the_notes_say_why_the_trend_breaks() -> None:
    assert _notes(_latest()) == [
        "Neighbourhood crimes recorded: figures from 2022/23 onwards follow a new definition. "
        "Restated under the new definition of neighbourhood crime, which no longer counts "
        "criminal damage to vehicles. Figure 1 shows the figures before then as a separate "
        "line, not joined to the later ones."
    ]


def test_without_a_restatement_the_series_runs_through(trends: Path) -> None:
    edition = trends / "2023-24-Q4.yaml"
    text = edition.read_text()
    start = text.index("          restated: >-")
    end = text.index("        source:", start)
    edition.write_text(text[:start] + text[end:])
    chart = _trend(_latest(trends))
    (series,) = chart.spec.series
    # 2022/23 as the latest edition to give it (here, as the comparator is not restated, the
    # value first published stands).
    assert series.values == (1400, 1300, 1100, 1050)
    assert chart.spec.title == "Neighbourhood crimes recorded fell from 2021/22 to 2024/25"
    assert _notes(_latest(trends)) == []


def test_the_pair_across_the_restatement_is_no_trend() -> None:
    # Two values on the new definition (the 2022/23 comparator cannot be placed without the
    # edition that first gave 2022/23): a comparison for the key-figures table, not a trend.
    document = _latest(editions=("2023-24-Q4", "2024-25-Q4"))
    assert document.charts == ()


def test_a_skipped_period_is_no_trend() -> None:
    # 2021/22, 2022/23 and 2024/25: three values, but 2023/24 is missing.
    document = _latest(editions=("2021-22-Q4", "2022-23-Q4", "2024-25-Q4"))
    assert document.charts == ()


def test_a_value_from_another_source_is_not_joined(trends: Path) -> None:
    edition = trends / "2022-23-Q4.yaml"
    edition.write_text(
        edition.read_text().replace("source: Police recorded crime", "source: Crime survey")
    )
    # Without that edition's 2022/23, the restated 2022/23 cannot be placed: the new definition
    # has two values, and 2021/22 is on the old one. No trend.
    assert _latest(trends).charts == ()


def test_three_regular_values_are_a_trend_and_staff_can_set_its_headline(trends: Path) -> None:
    edition = trends / "2024-25-Q4.yaml"
    text = edition.read_text().replace(
        "        source: Police recorded crime\n",
        "        source: Police recorded crime\n"
        "    chart:\n"
        "      trend_title: Neighbourhood crime is back above its level under the new definition\n",
    )
    edition.write_text(text)
    document = _latest(trends, ("2022-23-Q4", "2023-24-Q4", "2024-25-Q4"))
    chart = _trend(document)
    assert (
        chart.spec.title == "Neighbourhood crime is back above its level under the new definition"
    )
    assert chart.spec.categories == ("2022/23", "2023/24", "2024/25")
    assert [s.values for s in chart.spec.series] == [(1000, 1100, 1050), (1300, None, None)]


def test_the_editions_read_for_trends_are_in_the_provenance() -> None:
    with_history = _latest()
    alone = _latest(editions=("2024-25-Q4",))
    assert with_history.provenance["history"] == {
        f"{e}.yaml": "sha256:" + hashlib.sha256((TRENDS / f"{e}.yaml").read_bytes()).hexdigest()
        for e in EDITIONS[:3]
    }
    assert alone.provenance["history"] == {}
    assert with_history.provenance["inputs"] == alone.provenance["inputs"]


def test_a_later_edition_is_never_history() -> None:
    first, *later = _statements(TRENDS, *EDITIONS)
    document = compose(first, later)
    assert document.provenance["history"] == {}
    assert document.charts == ()


def test_the_history_embedded_is_what_trends_draw_on_and_makes_the_same_trend() -> None:
    """Each earlier edition is embedded with its label and the figures sharing this edition's
    ids only, and that is enough to make the same trend again."""
    from reportgen.read.model import Edition

    *history, latest = _statements(TRENDS, *EDITIONS)
    document = compose(latest, history)
    embedded = document.source_data["history"]
    ids = {f.id for content in latest.edition.priorities.values() for f in content.figures}
    assert [(e["financial_year"], e["quarter"]) for e in embedded] == [
        (s.edition.financial_year, s.edition.quarter) for s in history
    ]
    for edition in embedded:
        assert set(edition) == {"financial_year", "quarter", "published", "priorities"}
        for content in edition["priorities"].values():
            assert set(content) == {"figures"}
            assert {f["id"] for f in content["figures"]} <= ids
    again = [
        Statement.of(s.path, s.profile_path, Edition.model_validate(e), s.profile, s.register)
        for s, e in zip(history, embedded, strict=True)
    ]
    assert document.charts
    assert compose(latest, again).charts == document.charts
