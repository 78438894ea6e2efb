"""The period grammar: every label form OPCCs write, read as the dates it names."""

from __future__ import annotations

import re
from datetime import date

import pytest

from reportgen.read.periods import EXAMPLES, read_period
from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("label", "start", "end", "months"),
    [
        ("2024/25", date(2024, 4, 1), date(2025, 3, 31), 12),
        ("2024-25", date(2024, 4, 1), date(2025, 3, 31), 12),
        ("2024–25", date(2024, 4, 1), date(2025, 3, 31), 12),
        ("FY 2024/2025", date(2024, 4, 1), date(2025, 3, 31), 12),
        ("Q1 2025-26", date(2025, 4, 1), date(2025, 6, 30), 3),
        ("Quarter 3 2024/25", date(2024, 10, 1), date(2024, 12, 31), 3),
        ("2025-26 Q4", date(2026, 1, 1), date(2026, 3, 31), 3),
        ("April to June 2025", date(2025, 4, 1), date(2025, 6, 30), 3),
        ("Apr-Jun 2025", date(2025, 4, 1), date(2025, 6, 30), 3),
        ("October to March 2025", date(2024, 10, 1), date(2025, 3, 31), 6),
        ("July 2024 to June 2025", date(2024, 7, 1), date(2025, 6, 30), 12),
        ("April to December 2023", date(2023, 4, 1), date(2023, 12, 31), 9),
        ("12 months to June 2025", date(2024, 7, 1), date(2025, 6, 30), 12),
        ("twelve months ending June 2025", date(2024, 7, 1), date(2025, 6, 30), 12),
        ("rolling 12 months to March 2022", date(2021, 4, 1), date(2022, 3, 31), 12),
        ("the year ending March 2023", date(2022, 4, 1), date(2023, 3, 31), 12),
        ("year to March 2025.", date(2024, 4, 1), date(2025, 3, 31), 12),
        ("YE Mar 23", date(2022, 4, 1), date(2023, 3, 31), 12),
        ("quarter to June 2024", date(2024, 4, 1), date(2024, 6, 30), 3),
        ("3 months to June 2024", date(2024, 4, 1), date(2024, 6, 30), 3),
        ("year ending 31 March 2023", date(2022, 4, 1), date(2023, 3, 31), 12),
        ("12 months to 15 August 2024", date(2023, 8, 16), date(2024, 8, 15), None),
        ("2024", date(2024, 1, 1), date(2024, 12, 31), 12),
        ("calendar year 2024", date(2024, 1, 1), date(2024, 12, 31), 12),
        ("June 2025", date(2025, 6, 1), date(2025, 6, 30), 1),
        ("Jun 25", date(2025, 6, 1), date(2025, 6, 30), 1),
        ("1 April 2024 to 31 March 2025", date(2024, 4, 1), date(2025, 3, 31), 12),
        ("as at 31 March 2025", None, date(2025, 3, 31), None),
    ],
)
def test_a_label_reads_as_its_dates(
    label: str, start: date | None, end: date, months: int | None
) -> None:
    read = read_period(label)
    assert read is not None
    assert (read.start, read.end, read.months) == (start, end, months)


@pytest.mark.parametrize(
    "label",
    ["Q1 2025", "2024/26", "since April 2023", "Operation Fearless to date", "31 February 2025"],
)
def test_a_label_that_names_no_dates_or_is_ambiguous_is_not_read(label: str) -> None:
    assert read_period(label) is None


def test_as_of_a_month_agrees_with_any_day_of_it() -> None:
    read = read_period("as of September 2024")
    assert read is not None
    assert read.agrees(date(2024, 9, 1)) and read.agrees(date(2024, 9, 30))
    assert not read.agrees(date(2024, 8, 31))


def test_like_for_like() -> None:
    year, quarter = read_period("2024/25"), read_period("Q4 2024-25")
    earlier, overlapping = read_period("2023/24"), read_period("12 months to December 2024")
    assert year and quarter and earlier and overlapping
    assert not year.same_length(quarter)
    assert year.same_length(earlier) and not year.overlaps(earlier)
    assert year.overlaps(overlapping)


def test_every_label_the_documentation_and_messages_give_is_read() -> None:
    text = (ROOT / "docs" / "input-format.md").read_text(encoding="utf-8")
    table = text.split("### Periods", 1)[1].split("\n\n", 3)[2]
    labels = [
        label
        for row in table.splitlines()[2:]
        for label in re.findall(r"`([^`]+)`", row.split("|")[2])
    ]
    assert len(labels) > 25
    assert [label for label in [*labels, *EXAMPLES] if read_period(label) is None] == []
