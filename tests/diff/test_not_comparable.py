"""Values that measure different things are reported as not comparable, never as a change."""

from __future__ import annotations

from typing import Any

import pytest

from reportgen.diff.figures import figure_change
from reportgen.read.model import FIGURE_KINDS, FigureCommon


def _figure(**fields: Any) -> FigureCommon:
    data = {
        "id": "knife",
        "kind": "count",
        "label": "Knife offences",
        "period": {"label": "2023/24"},
        "source": "Police recorded crime",
        **fields,
    }
    return FIGURE_KINDS[data["kind"]].model_validate(data)


@pytest.mark.parametrize(
    ("after", "reason"),
    [
        (
            {"value": 300, "period": {"label": "Q4 2024-25"}},
            "the period changed from 12 months to 3 months",
        ),
        (
            {"value": 1300, "source": "NHS Hospital Episode Statistics"},
            "the source changed, from Police recorded crime to NHS Hospital Episode Statistics",
        ),
        (
            {
                "value": 1300,
                "comparator": {
                    "label": "2022/23",
                    "value": 1250,
                    "restated": "Air weapons excluded.",
                },
            },
            "the comparator was restated (Air weapons excluded)",
        ),
        (
            {"kind": "rate", "per": 100000, "value": 41},
            "the unit changed, from count to rate per 100,000 population",
        ),
    ],
)
def test_a_value_across_definitions_is_not_comparable(after: dict[str, Any], reason: str) -> None:
    found = figure_change(_figure(value=1200), _figure(**after), frozenset(), None)
    assert found is not None and found.value is not None
    assert found.value.change is None
    assert found.value.not_comparable == reason


def test_a_source_named_more_fully_is_the_same_source() -> None:
    after = _figure(value=1300, source="West Midlands Police recorded crime")
    found = figure_change(_figure(value=1200), after, frozenset(), None)
    assert found is not None and found.value is not None
    assert found.value.not_comparable is None
    assert found.value.change is not None and found.value.change.text == "+100 (+8.3%)"
