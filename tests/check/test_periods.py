"""Periods, published changes and baselines as other forces write them: each rule on a fixture."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, Run

PERIODS = FIXTURES / "periods"

# What a user sees for each fixture in tests/fixtures/periods/ (each file says what it tests).
EXPECTED = {
    "baseline-no-value": (
        "2024-25-Q4.yaml:15:9: error: figure 'homicides': the baseline (year ending June 2019) has no value — give the baseline's value, or the change since it as the source publishes it, e.g. published_change: {absolute: -1310, percent: -9.6}",
    ),
    "baseline-published-change": (
        "2024-25-Q4.yaml:17:56: error: figure 'homicides': the published change of -10.5% does not match the figures: 12480 against 13790 (the baseline worked out from the value and the change of -1310) is -9.5% — check the value, the comparator and the published change",
    ),
    "comma-in-braces": (
        "2024-25-Q4.yaml:15:48: error: figure 'homicides': the comma in 20,241 ends the value inside { }, so '241' is read as another field — write the number without commas (20241), or in quotes ('20,241'), or on its own line",
    ),
    "derived-comparator": (
        "2024-25-Q4.yaml:16:52: error: figure 'homicides': the published change of 6.8% does not match the figures: 12480 against 11750 (the comparator worked out from the value and the change of 730) is +6.2% — check the value, the comparator and the published change",
    ),
    "durations-and-dates": (),
    "edition-period": (),
    "fall-below-all": (
        "2024-25-Q4.yaml:16:37: error: figure 'homicides': a fall of 140% is impossible: nothing can fall by more than 100% — check the sign and the digits of the percentage change (a fall to nothing is -100)",
    ),
    "home-office-wording": (),
    "impossible-publication-date": (
        "2024-25-Q4.yaml:4:12: error: the publication date 30 June 2015 is before 2024-25 Q4 ended (31 March 2025) — a quarterly statement is published after its quarter ends; check the date and quarter",
    ),
    "label-contradicts-end": (
        "2024-25-Q4.yaml:14:25: error: figure 'homicides': the period '12 months to March 2022' runs from 1 April 2021 to 31 March 2022, but its end date is 30 September 2021 — correct the label or the dates (leave the dates out when the label says them)",
    ),
    "overlapping-periods": (
        "2024-25-Q4.yaml:15:29: warning: figure 'homicides': the comparator period '12 months to December 2024' (1 January 2024 to 31 December 2024) overlaps the period '12 months to March 2025' (1 April 2024 to 31 March 2025) — compare with a period that ends before this one starts, such as the same period a year earlier",
    ),
    "publication-year-mistyped": (
        "2024-25-Q4.yaml:4:12: error: the publication date 30 June 2205 is more than two years after 2024-25 Q4 ended (31 March 2025) — check the year of the publication date, and the financial year and quarter",
    ),
    "unlike-lengths": (
        "2024-25-Q4.yaml:15:29: warning: figure 'homicides': the comparator period '2023/24' (12 months) is not the same length as the period 'Q4 2024-25' (3 months) — compare like with like: give the same length of period a year earlier, or say so in the figure's note",
    ),
    "unreadable-label": (
        "2024-25-Q4.yaml:14:25: error: figure 'homicides': the period 'since the new team started' cannot be read as dates, and has no end date — write the label like 2024/25, Q1 2025-26, April to June 2025, 12 months to June 2025, year ending March 2023, YE Mar 23, or add end: YYYY-MM-DD",
    ),
    "wrong-year-to-date": (
        "2024-25-Q4.yaml:14:25: error: figure 'homicides': the period 'April to December 2023' runs from 1 April 2023 to 31 December 2023, but its end date is 31 December 2024 — correct the label or the dates (leave the dates out when the label says them)",
    ),
}


def _place(folder: Path, fixture: Path, name: str = "2024-25-Q4.yaml") -> None:
    shutil.copy(fixture, folder / name)
    shutil.copy(FIXTURES / "profile.yaml", folder / "profile.yaml")


def test_every_fixture_has_an_expectation() -> None:
    assert sorted(p.stem for p in PERIODS.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("rule", sorted(EXPECTED))
def test_it_reports_the_exact_problem(rule: str, workdir: Path, run: Run) -> None:
    _place(workdir, PERIODS / f"{rule}.yaml")
    code, out, err = run("validate", "--strict", "2024-25-Q4.yaml")
    lines = out.splitlines()
    assert tuple(lines[:-1]) == EXPECTED[rule]
    assert err == ""
    assert code == (1 if EXPECTED[rule] else 0)


def test_a_baseline_given_two_values_in_two_editions_is_found_across_the_folder(
    workdir: Path, run: Run
) -> None:
    """Written '2019/20' in one edition and 'year ending March 2020' in the other: one period."""
    earlier = (PERIODS / "edition-period.yaml").read_text(encoding="utf-8")
    earlier = earlier.replace("quarter: 4", "quarter: 3").replace("2025-06-30", "2025-02-20")
    earlier = earlier.replace(
        "period: {label: 2024/25}", "period: {label: 12 months to December 2024}"
    )
    earlier = earlier.replace(
        "comparator_period: 2023/24", "comparator_period: 12 months to December 2023"
    )
    earlier = earlier.replace(
        "published_change: {absolute: -14}", "baseline: {label: 2019/20, value: 52}"
    )
    later = (
        (PERIODS / "edition-period.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "published_change: {absolute: -14}",
            "published_change: {absolute: -14}\n        baseline: {label: year ending March 2020, value: 50}",
        )
    )
    (workdir / "2024-25-Q3.yaml").write_text(earlier, encoding="utf-8")
    (workdir / "2024-25-Q4.yaml").write_text(later, encoding="utf-8")
    shutil.copy(FIXTURES / "profile.yaml", workdir / "profile.yaml")
    code, out, _ = run("validate", "--strict", str(workdir))
    assert out.splitlines()[:-1] == [
        "2024-25-Q4.yaml:18:58: warning: figure 'homicides': the year ending March 2020 value (its "
        "baseline) is 50, but the 2024-25 Q3 edition published 52 — a revision with no reason "
        "given — add revision: with a reason: saying why it differs from what was published (the "
        "Code of Practice for Statistics asks for every revision to be explained)"
    ]
    assert code == 1
