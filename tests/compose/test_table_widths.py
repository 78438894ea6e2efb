"""reportgen.compose.table_widths: columns share the width so that rows take the fewest lines."""

from __future__ import annotations

import pytest

from reportgen.compose.table_widths import (
    MARGIN_CHARACTERS,
    TABLE_CHARACTERS,
    _lines,
    column_shares,
)

MEASURES = [
    "Measure",
    "Neighbourhood crimes recorded",
    "Theft from the person",
    "Home Office funding to tackle anti-social behaviour",
]
PERIODS = ["Period", "Year ending March 2023", "Year ending March 2023", "2023/24 allocation"]
VALUES = ["Value", "66,850", "–", "£1 million"]
CHANGES = ["Change", "+13.7%", "+17.5%", "–"]
SOURCES = [
    "Source",
    "West Midlands Police recorded crime",
    "West Midlands Police recorded crime",
    "Office of the Police and Crime Commissioner",
]
TABLE = [MEASURES, PERIODS, VALUES, CHANGES, SOURCES]
NUMERIC = [False, False, True, True, False]


def characters(shares: tuple[float, ...]) -> list[float]:
    return [share * TABLE_CHARACTERS - MARGIN_CHARACTERS for share in shares]


def test_the_shares_sum_to_one_and_follow_the_columns() -> None:
    shares = column_shares(TABLE, NUMERIC)
    assert len(shares) == 5
    assert sum(shares) == pytest.approx(1, abs=0.005)


def test_a_period_takes_at_most_two_lines_and_a_short_value_one() -> None:
    period, value = characters(column_shares(TABLE, NUMERIC))[1:3]
    assert all(_lines(text, int(period)) <= 2 for text in PERIODS)
    assert _lines("£1 million", int(value)) == 1


def test_every_column_is_at_least_as_wide_as_its_longest_word() -> None:
    widths = characters(column_shares(TABLE, NUMERIC))
    for texts, width in zip(TABLE, widths, strict=True):
        assert width + 0.5 >= max(len(word) for text in texts for word in text.split())


def test_a_column_of_short_numbers_is_narrower_than_one_of_words() -> None:
    shares = column_shares(TABLE, NUMERIC)
    assert shares[3] < shares[1] < shares[0]


def test_fewer_lines_than_equal_shares() -> None:
    def height(widths: list[float]) -> int:
        return sum(
            max(_lines(t, int(w)) for t, w in zip(row, widths, strict=True))
            for row in zip(*TABLE, strict=True)
        )

    equal = [TABLE_CHARACTERS / 5 - MARGIN_CHARACTERS] * 5
    assert height(characters(column_shares(TABLE, NUMERIC))) < height(equal)


def test_words_too_long_for_the_table_still_give_every_column_a_share() -> None:
    long = [["Heading", "x" * 60], ["Other", "y" * 50]]
    shares = column_shares(long, [False, False])
    assert all(share > 0 for share in shares)
    assert sum(shares) == pytest.approx(1, abs=0.005)
