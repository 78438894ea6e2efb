"""Every sentence compose generates, as a table: kinds, counts and combinations, each sentence exact.

Headlines, notes under Sources and notes, the note under a key-figures table, alt text, and the
phrases they are made of (a label inside a sentence, a period after 'in' or 'from').
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from reportgen.check import validate_editions
from reportgen.compose import load_wording
from reportgen.compose.charts import ChartSpec, Series, alt_text
from reportgen.compose.figures import figure_notes
from reportgen.compose.headlines import (
    change_headline,
    comparison_headline,
    level_headline,
    trend_headline,
)
from reportgen.compose.phrases import (
    as_sentence,
    during,
    from_to,
    in_sentence,
    period_months,
    period_noun,
)
from reportgen.compose.wording import Phrasebook
from reportgen.read.model import FIGURE_KINDS, FigureCommon
from tests.conftest import INPUTS

YEAR = {"label": "2024/25", "end": "2025-03-31"}
LAST_YEAR = {"label": "2023/24"}


def _figure(kind: str, label: str, **fields: Any) -> FigureCommon:
    data = {"id": "f", "kind": kind, "label": label, "period": YEAR, **fields}
    return FIGURE_KINDS[kind].model_validate(data)


def _change(
    label: str, percent: str, period: dict[str, str] = YEAR, comparator: str = "2023/24"
) -> FigureCommon:
    return _figure("change", label, value=percent, period=period, comparator={"label": comparator})


@pytest.fixture(scope="module")
def say() -> Phrasebook:
    (statement,) = validate_editions([INPUTS / "2024-25-Q4.yaml"]).statements
    return Phrasebook(load_wording(), statement)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Homicides recorded", "homicides recorded"),
        ("Knife and sharp instrument offences", "knife and sharp instrument offences"),
        ("Burglary", "burglary"),
        ("Action Fraud reports", "Action Fraud reports"),
        ("West Midlands Police recorded crime", "West Midlands Police recorded crime"),
        ("Operation Fearless warrants executed", "Operation Fearless warrants executed"),
        ("NHS waiting times", "NHS waiting times"),
        ("999 calls answered within 10 seconds", "999 calls answered within 10 seconds"),
        ("Share of Action Fraud reports", "share of Action Fraud reports"),
        ("Percentage change on 2023/24", "percentage change on 2023/24"),
        ("A", "a"),
    ],
)
def test_a_label_inside_a_sentence(label: str, expected: str) -> None:
    assert in_sentence(label) == expected


@pytest.mark.parametrize(
    ("label", "noun", "when", "months"),
    [
        ("2024/25", "2024/25", "in 2024/25", 12),
        ("2024-25", "2024-25", "in 2024-25", 12),
        ("calendar year 2024", "calendar year 2024", "in calendar year 2024", 12),
        ("financial year 2024/25", "financial year 2024/25", "in financial year 2024/25", 12),
        (
            "year ending March 2023",
            "the year ending March 2023",
            "in the year ending March 2023",
            12,
        ),
        (
            "12 months to September 2024",
            "the 12 months to September 2024",
            "in the 12 months to September 2024",
            12,
        ),
        (
            "three months to June 2024",
            "the three months to June 2024",
            "in the three months to June 2024",
            3,
        ),
        ("the year to June 2024", "the year to June 2024", "in the year to June 2024", 12),
        ("Q1 2024/25", "Q1 2024/25", "in Q1 2024/25", 3),
        ("quarter to June 2024", "the quarter to June 2024", "in the quarter to June 2024", 3),
        ("April 2025", "April 2025", "in April 2025", 1),
        ("April to December 2024", "April to December 2024", "in April to December 2024", 9),
        ("since April 2023", None, "since April 2023", None),
        ("to September 2023", None, "to September 2023", None),
        ("as of September 2024", None, "as of September 2024", None),
        ("Operation Fearless to date", None, None, None),
        ("plan announced in 2024/25", None, None, None),
        ("2023/24 award", None, None, None),
    ],
)
def test_a_period_in_a_sentence(
    label: str, noun: str | None, when: str | None, months: int | None
) -> None:
    assert period_noun(label) == noun
    assert during(label) == when
    assert period_months(label) == months


@pytest.mark.parametrize(
    ("earlier", "later", "expected"),
    [
        ("2023/24", "2024/25", "from 2023/24 to 2024/25"),
        (
            "year ending March 2022",
            "year ending March 2023",
            "from the year ending March 2022 to the year ending March 2023",
        ),
        ("March 2023", "July 2023", "from March 2023 to July 2023"),
        ("since April 2022", "2024/25", None),
        ("April to December 2023", "April to December 2024", None),
        ("the year to June 2023", "the year to June 2024", None),
    ],
)
def test_two_periods_in_a_sentence(earlier: str, later: str, expected: str | None) -> None:
    assert from_to(earlier, later) == expected


RATE = {"per": 100000, "population": "people"}


@pytest.mark.parametrize(
    ("kind", "label", "fields", "expected"),
    [
        (
            "count",
            "Homicides recorded",
            {"value": 31, "comparator": {"label": "2023/24", "value": 45}},
            "Homicides recorded fell by 14 from 2023/24 to 2024/25",
        ),
        (
            "count",
            "Homicides recorded",
            {"value": 50, "comparator": {"label": "2023/24", "value": 45}},
            "Homicides recorded rose by 5 from 2023/24 to 2024/25",
        ),
        (
            "count",
            "Homicides flagged as domestic-related",
            {"value": 9, "comparator": {"label": "2023/24", "value": 9}},
            "Homicides flagged as domestic-related did not change from 2023/24 to 2024/25",
        ),
        (
            "rate",
            "Knife crime per 100,000 people",
            {
                "value": 165,
                **RATE,
                "period": {"label": "12 months to September 2024", "end": "2024-09-30"},
                "comparator": {"label": "12 months to September 2023", "value": "177.9"},
            },
            "Knife crime per 100,000 people fell by 12.9 in the 12 months to September 2024 "
            "compared with the 12 months to September 2023",
        ),
        (
            "percentage",
            "Share of reports that concerned fraud",
            {"value": 83, "comparator": {"label": "2023/24", "value": 80}},
            "Share of reports that concerned fraud rose by 3.0 percentage points from 2023/24 to 2024/25",
        ),
        (
            "percentage",
            "Share of reports that concerned fraud",
            {"value": 81, "comparator": {"label": "2023/24", "value": 80}},
            "Share of reports that concerned fraud rose by 1.0 percentage point from 2023/24 to 2024/25",
        ),
        (
            "duration",
            "Average time to answer a 101 call",
            {
                "value": "90 seconds",
                "period": {"label": "July 2023", "end": "2023-07-31"},
                "comparator": {"label": "March 2023", "value": "10 minutes"},
            },
            "Average time to answer a 101 call fell by 8 minutes 30 seconds from March 2023 to July 2023",
        ),
        (
            "money",
            "Helping Communities Fund",
            {"value": 400000, "comparator": {"label": "2023/24", "value": 500000}},
            "Helping Communities Fund fell by £100,000 from 2023/24 to 2024/25",
        ),
        (
            "count",
            "Homicides recorded",
            {"value": 31, "baseline": {"label": "year ending June 2019", "value": 40}},
            "Homicides recorded fell by 9 from the year ending June 2019 to 2024/25",
        ),
        (
            "count",
            "Weapons surrendered",
            {
                "value": 2500,
                "period": {"label": "to September 2024", "end": "2024-09-30"},
                "comparator": {"label": "to September 2023", "value": 2000},
            },
            "Weapons surrendered rose by 500 to September 2024 compared with the period to "
            "September 2023",
        ),
        (
            "percentage",
            "Share of homicides involving a knife",
            {"value": "36.8", "period": {"label": "year ending March 2023", "end": "2023-03-31"}},
            "Share of homicides involving a knife: 36.8% in the year ending March 2023",
        ),
        (
            "count",
            "Young people reached",
            {
                "value": 4500,
                "qualifier": "more than",
                "period": {"label": "since April 2023", "end": "2023-09-30"},
            },
            "Young people reached: more than 4,500 since April 2023",
        ),
        (
            "count",
            "Operation Fearless warrants executed",
            {"value": 8, "period": {"label": "Operation Fearless to date", "end": "2025-06-30"}},
            "Operation Fearless warrants executed: 8",
        ),
        (
            "rate",
            "Homicides per million population",
            {
                "value": "12.7",
                "per": 1000000,
                "period": {"label": "year ending March 2023", "end": "2023-03-31"},
            },
            "Homicides per million population: 12.7 per million population in the year ending March 2023",
        ),
    ],
)
def test_a_comparison_charts_headline(
    kind: str, label: str, fields: dict[str, Any], expected: str
) -> None:
    assert level_headline(_figure(kind, label, **fields)) == expected


DRUGS = ("Drug offences", "Drug possession offences", "Drug trafficking offences", "Drug deaths")
CALENDAR = {"label": "calendar year 2024", "end": "2024-12-31"}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ([("Drug offences", "-9.5")], "Drug offences fell from 2023/24 to 2024/25"),
        (
            [("Drug trafficking offences", "14.7")],
            "Drug trafficking offences rose from 2023/24 to 2024/25",
        ),
        ([("Drug offences", "0")], "Drug offences did not change from 2023/24 to 2024/25"),
        (
            [("Drug offences", "-9.5"), ("Drug possession offences", "-15.8")],
            "Drug offences and drug possession offences fell from 2023/24 to 2024/25",
        ),
        (
            [("Drug offences", "-9.5"), ("Action Fraud reports", "-5.1")],
            "Drug offences and Action Fraud reports fell from 2023/24 to 2024/25",
        ),
        (
            [
                ("Drug offences", "-9.5"),
                ("Drug possession offences", "-15.8"),
                ("Drug deaths", "-1"),
            ],
            "Drug offences and two other measures fell from 2023/24 to 2024/25",
        ),
        (
            [(label, "3") for label in DRUGS],
            "Drug offences and three other measures rose from 2023/24 to 2024/25",
        ),
        (
            [(f"Measure {n}", "-1") for n in range(11)],
            "Measure 0 and 10 other measures fell from 2023/24 to 2024/25",
        ),
        (
            [
                ("Drug offences", "-9.5"),
                ("Drug possession offences", "-15.8"),
                ("Drug trafficking offences", "14.7"),
            ],
            "Drug offences and drug possession offences fell from 2023/24 to 2024/25, but drug "
            "trafficking offences rose",
        ),
        (
            [
                ("Drug trafficking offences", "14.7"),
                ("Drug offences", "-9.5"),
                ("Drug possession offences", "-15.8"),
            ],
            "Drug trafficking offences rose from 2023/24 to 2024/25, but drug offences and drug "
            "possession offences fell",
        ),
        (
            [
                ("Drug offences", "-9.5"),
                ("Drug trafficking offences", "14.7"),
                ("Drug possession offences", "0"),
            ],
            "Drug offences fell from 2023/24 to 2024/25, but drug trafficking offences rose and drug "
            "possession offences did not change",
        ),
        (
            [("Drug offences", "-9.5"), *((label, "2") for label in DRUGS[1:])],
            "Drug offences fell from 2023/24 to 2024/25, but drug possession offences and two other "
            "measures rose",
        ),
        (
            [("Drug offences", "0"), ("Drug possession offences", "0")],
            "No measure changed from 2023/24 to 2024/25",
        ),
    ],
)
def test_a_change_charts_headline(changes: list[tuple[str, str]], expected: str) -> None:
    figures = [_change(label, percent) for label, percent in changes]
    percents = [Decimal(percent) for _, percent in changes]
    assert change_headline(figures, percents) == expected


@pytest.mark.parametrize(
    ("directions", "expected"),
    [
        (
            ("-9.6", "-13.1"),
            "Violence with injury offences and knife offences fell compared with their earlier periods",
        ),
        (
            ("-9.6", "-13.1", "-12.5", "-12.6"),
            "Violence with injury offences and three other measures fell compared with their earlier periods",
        ),
        (
            ("-9.6", "13.1"),
            "Violence with injury offences fell from 2023/24 to 2024/25, but knife offences rose",
        ),
        (("0", "0"), "No measure changed compared with its earlier period"),
    ],
)
def test_a_change_charts_headline_across_different_periods(
    directions: tuple[str, ...], expected: str
) -> None:
    labels = (
        "Violence with injury offences",
        "Knife offences",
        "Gun crime offences",
        "Serious youth violence",
    )
    figures = [
        _change(
            label,
            percent,
            **({"period": CALENDAR, "comparator": "calendar year 2023"} if i % 2 else {}),
        )
        for i, (label, percent) in enumerate(zip(labels, directions, strict=False))
    ]
    assert change_headline(figures, [Decimal(d) for d in directions]) == expected


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (
            ("2022/23", "1000"),
            ("2024/25", "1050"),
            "Neighbourhood crimes recorded rose from 2022/23 to 2024/25",
        ),
        (
            ("year ending March 2021", "70"),
            ("year ending March 2023", "60"),
            "Neighbourhood crimes recorded fell from the year ending March 2021 to the year ending March 2023",
        ),
        (
            ("Q1 2023/24", "5"),
            ("Q3 2023/24", "5"),
            "Neighbourhood crimes recorded did not change from Q1 2023/24 to Q3 2023/24",
        ),
        (
            ("12 months to June 2023", "5"),
            ("12 months to June 2024", "6"),
            "Neighbourhood crimes recorded rose between the 12 months to June 2023 and the 12 "
            "months to June 2024",
        ),
        (
            ("July 2023", "5"),
            ("September 2023", "4"),
            "Neighbourhood crimes recorded fell from July 2023 to September 2023",
        ),
    ],
)
def test_a_trend_charts_headline(
    first: tuple[str, str], last: tuple[str, str], expected: str
) -> None:
    start = (first[0], Decimal(first[1]))
    end = (last[0], Decimal(last[1]))
    assert trend_headline("Neighbourhood crimes recorded", start, end) == expected


KNIFE = {
    "id": "knife",
    "kind": "count",
    "label": "Knife and sharp instrument offences",
    "value": 4577,
    "period": YEAR,
}
FRAUD = {
    "id": "fraud",
    "kind": "count",
    "label": "Action Fraud reports",
    "value": 15065,
    "period": YEAR,
}


@pytest.mark.parametrize(
    ("fields", "siblings", "expected"),
    [
        (
            {"not_available": {"reason": "the measure is not yet published"}},
            [],
            ["Hospital admissions of under-25s: not available. The measure is not yet published."],
        ),
        (
            {
                "not_available": {
                    "reason": "The national measure is not yet published at force level.",
                    "proxy": "knife",
                }
            },
            [KNIFE],
            [
                "Hospital admissions of under-25s: not available. The national measure is not yet "
                "published at force level. This statement reports knife and sharp instrument offences "
                "in its place."
            ],
        ),
        (
            {"not_available": {"reason": "Not yet published", "proxy": "fraud"}},
            [FRAUD],
            [
                "Hospital admissions of under-25s: not available. Not yet published. This statement "
                "reports Action Fraud reports in its place."
            ],
        ),
        (
            {
                "value": 31,
                "comparator": {
                    "label": "2023/24",
                    "value": 45,
                    "restated": "restated to exclude air weapons",
                },
            },
            [],
            [
                "Hospital admissions of under-25s: the figure it is compared with, for 2023/24, has been "
                "restated since it was first published. Restated to exclude air weapons."
            ],
        ),
        (
            {
                "value": 31,
                "comparator": {
                    "label": "year ending March 2022",
                    "value": 45,
                    "restated": "Recounted.",
                },
            },
            [],
            [
                "Hospital admissions of under-25s: the figure it is compared with, for the year ending "
                "March 2022, has been restated since it was first published. Recounted."
            ],
        ),
        (
            {"value": 31, "revision": {"reason": "two admissions were added late"}},
            [],
            [
                "Hospital admissions of under-25s: the figure for 2024/25 is revised from the one first "
                "published. Two admissions were added late."
            ],
        ),
        (
            {"value": 31, "note": "Figures include admissions of any length"},
            [],
            ["Hospital admissions of under-25s: figures include admissions of any length."],
        ),
        (
            {"value": 31, "note": "NHS England changed its coding in May."},
            [],
            ["Hospital admissions of under-25s: NHS England changed its coding in May."],
        ),
        (
            {
                "value": 31,
                "comparator": {"label": "2023/24", "value": 45, "restated": "recounted"},
                "revision": {"reason": "corrected"},
                "note": "Provisional",
            },
            [],
            [
                "Hospital admissions of under-25s: the figure it is compared with, for 2023/24, has been "
                "restated since it was first published. Recounted.",
                "Hospital admissions of under-25s: the figure for 2024/25 is revised from the one first "
                "published. Corrected.",
                "Hospital admissions of under-25s: provisional.",
            ],
        ),
        ({"value": 31}, [], []),
    ],
)
def test_the_notes_under_sources_and_notes(
    say: Phrasebook, fields: dict[str, Any], siblings: list[dict[str, Any]], expected: list[str]
) -> None:
    figure = _figure("count", "Hospital admissions of under-25s", **fields)
    others = [FIGURE_KINDS[s["kind"]].model_validate(s) for s in siblings]
    assert figure_notes(say, figure, [figure, *others]) == expected


@pytest.mark.parametrize(
    ("key", "values", "expected"),
    [
        ("shared_source", {"source": "Police recorded crime"}, "Source: Police recorded crime."),
        (
            "as_published",
            {},
            "Where the key figures give a change but not the earlier figure, "
            "the change is the one the source published.",
        ),
        (
            "chart_data_caption",
            {"number": "2", "shows": "percentage change from 2023/24 to 2024/25"},
            "Data for figure 2: percentage change from 2023/24 to 2024/25",
        ),
    ],
)
def test_the_standard_notes(
    say: Phrasebook, key: str, values: dict[str, str], expected: str
) -> None:
    assert say(key, **values) == expected


@pytest.mark.parametrize(
    ("kind", "subtitle", "title", "expected"),
    [
        (
            "bar",
            "Percentage change from 2023/24 to 2024/25, by measure, West Midlands Police",
            "Drug offences fell from 2023/24 to 2024/25",
            "Bar chart of percentage change from 2023/24 to 2024/25, by measure, West Midlands "
            "Police. Drug offences fell from 2023/24 to 2024/25. The data table after the chart "
            "gives the values.",
        ),
        (
            "line",
            "Neighbourhood crimes recorded, 2022/23 to 2024/25, West Midlands Police",
            "Neighbourhood crime is falling again!",
            "Line chart of neighbourhood crimes recorded, 2022/23 to 2024/25, West Midlands Police. "
            "Neighbourhood crime is falling again! The data table after the chart gives the values.",
        ),
        (
            "bar",
            "Action Fraud reports, 2024/25, by measure, West Midlands Police",
            "Action Fraud reports fell.",
            "Bar chart of Action Fraud reports, 2024/25, by measure, West Midlands Police. Action "
            "Fraud reports fell. The data table after the chart gives the values.",
        ),
    ],
)
def test_alt_text_says_what_the_chart_shows_and_its_message(
    kind: str, subtitle: str, title: str, expected: str
) -> None:
    spec = ChartSpec(
        id="c",
        kind=kind,  # type: ignore[arg-type]
        title=title,
        subtitle=subtitle,
        categories=("2024/25",),
        series=(Series("Value", (1.0,), ("1",)),),
        value_axis_label="Number",
        source="Source: Police recorded crime",
    )
    assert alt_text(spec) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("restated to exclude air weapons", "Restated to exclude air weapons."),
        ("Two deaths were reclassified.", "Two deaths were reclassified."),
        ("  spaced   out  ", "Spaced out."),
        ("Is it?", "Is it?"),
    ],
)
def test_typed_reasons_become_sentences(text: str, expected: str) -> None:
    assert as_sentence(text) == expected


@pytest.mark.parametrize(
    ("figures", "expected"),
    [
        (
            [
                ("Share of homicides involving a knife", YEAR),
                ("Share that were domestic-related", YEAR),
            ],
            "Share of homicides involving a knife and share that were domestic-related in 2024/25",
        ),
        (
            [("Drug offences", YEAR), ("Action Fraud reports", YEAR), ("Burglary", YEAR)],
            "Drug offences and two other measures in 2024/25",
        ),
        (
            [("Drug offences", YEAR), ("Burglary", {"label": "2023/24", "end": "2024-03-31"})],
            "Drug offences and burglary",
        ),
        (
            [
                ("Homicides", {"label": "year ending March 2023", "end": "2023-03-31"}),
                ("NHS admissions", {"label": "year ending March 2023", "end": "2023-03-31"}),
            ],
            "Homicides and NHS admissions in the year ending March 2023",
        ),
    ],
    ids=["two-measures", "three-measures", "different-periods", "a-name-keeps-its-capital"],
)
def test_a_side_by_side_charts_headline_names_every_measure_and_no_value(
    figures: list[tuple[str, dict[str, str]]], expected: str
) -> None:
    built = [_figure("count", label, value=10, period=period) for label, period in figures]
    assert comparison_headline(built) == expected
