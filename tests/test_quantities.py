"""Changes are computed one way and every figure is formatted one way."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from pydantic import TypeAdapter

from reportgen import quantities
from reportgen.read.model import Figure, FigureCommon, RankFigure

PERIOD = {"label": "2024/25", "end": date(2025, 3, 31)}


def figure(**fields: Any) -> FigureCommon:
    data = {"id": "f", "label": "F", "period": PERIOD, **fields}
    result: FigureCommon = TypeAdapter(Figure).validate_python(data)
    return result


@pytest.mark.parametrize(
    ("fields", "value", "change", "table"),
    [
        (
            {"kind": "count", "value": 31, "comparator": {"label": "2023/24", "value": 45}},
            "31",
            "a reduction of 14 (31.1%)",
            "−14 (−31.1%)",
        ),
        (
            {"kind": "count", "value": 48938, "comparator": {"label": "p", "value": 41000}},
            "48,938",
            "an increase of 7,938 (19.4%)",
            "+7,938 (+19.4%)",
        ),
        (
            {"kind": "count", "value": 9, "comparator": {"label": "p", "value": 9}},
            "9",
            "no change",
            "0 (0.0%)",
        ),
        (
            {"kind": "percentage", "value": "83.0", "comparator": {"label": "p", "value": "81.0%"}},
            "83.0%",
            "an increase of 2.0 percentage points",
            "+2.0 percentage points",
        ),
        (
            {
                "kind": "rate",
                "value": 165,
                "per": 100000,
                "comparator": {"label": "p", "value": 177.9},
            },
            "165 per 100,000 population",
            "a reduction of 12.9 (7.3%)",
            "−12.9 (−7.3%)",
        ),
        (
            {
                "kind": "duration",
                "value": "90 seconds",
                "comparator": {"label": "p", "value": "10 minutes"},
            },
            "90 seconds",
            "a reduction of 8 minutes 30 seconds (85.0%)",
            "−8 minutes 30 seconds (−85.0%)",
        ),
        (
            {"kind": "money", "value": 2000000},
            "£2 million",
            "no comparison available",
            "–",
        ),
        (
            {
                "kind": "rank",
                "value": 2,
                "of": 43,
                "order": "highest",
                "comparator": {"label": "p", "value": 1},
            },
            "second-highest of 43 forces",
            "previously highest",
            "+1 place",
        ),
        (
            {"kind": "change", "value": -12.6, "comparator": {"label": "2023/24"}},
            "−12.6%",
            "a reduction of 12.6%",
            "−12.6%",
        ),
        (
            {
                "kind": "count",
                "value": 11241,
                "comparator": {"label": "p"},
                "published_change": {"percent": -9.6},
            },
            "11,241",
            "a reduction of 9.6%",
            "−9.6%",
        ),
        (
            {"kind": "count", "value": 60, "qualifier": "more than"},
            "more than 60",
            "no comparison available",
            "–",
        ),
    ],
    ids=[
        "fall",
        "rise",
        "unchanged",
        "share",
        "rate",
        "duration",
        "money",
        "rank",
        "change",
        "as-published",
        "qualified",
    ],
)
def test_each_kind_is_formatted_one_way(
    fields: dict[str, Any], value: str, change: str, table: str
) -> None:
    item = figure(**fields)
    found = quantities.change(item)
    assert quantities.formatted_value(item) == value
    assert quantities.change_in_words(item, found) == change
    assert quantities.change_in_table(item, found) == table


def test_percentages_round_half_up_like_published_statistics() -> None:
    # 1/8 = 12.5% exactly; 0.05 must round up, not to even.
    assert quantities.round_half_up(Decimal("12.25")) == Decimal("12.3")
    assert quantities.round_half_up(Decimal("-0.05")) == Decimal("-0.1")


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (5, "5 seconds"),
        (1, "1 second"),
        (90, "90 seconds"),
        (134, "2 minutes 14 seconds"),
        (600, "10 minutes"),
        (3900, "1 hour 5 minutes"),
    ],
)
def test_durations_read_as_words(seconds: int, words: str) -> None:
    assert quantities.duration(Decimal(seconds)) == words


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (43, "43rd"),
    ],
)
def test_ordinals(n: int, text: str) -> None:
    assert quantities.ordinal(n) == text


def test_first_place_reads_as_the_highest_not_first_highest() -> None:
    first = figure(kind="rank", value=1, of=43, order="highest")
    assert quantities.formatted_value(first) == "highest of 43 forces"


def test_numbers_keep_the_decimal_places_they_were_given() -> None:
    assert quantities.formatted_value(figure(kind="rate", value=Decimal("12.70"), per=1000000)) == (
        "12.70 per million population"
    )


@pytest.mark.parametrize(
    ("typed", "printed"), [("90", "90%"), ("90.0", "90.0%"), ("83.25", "83.3%"), ("7", "7%")]
)
def test_a_share_is_printed_as_precisely_as_it_was_published(typed: str, printed: str) -> None:
    assert quantities.formatted_value(figure(kind="percentage", value=typed)) == printed


@pytest.mark.parametrize(
    ("position", "printed"),
    [(1, "highest"), (2, "second-highest"), (9, "ninth-highest"), (10, "10th highest")],
)
def test_a_rank_spells_out_first_to_ninth(position: int, printed: str) -> None:
    rank = figure(kind="rank", value=position, of=43, order="highest")
    assert isinstance(rank, RankFigure)
    assert quantities.rank_position(rank, position) == printed
