"""A chart's words in Welsh: series names, axis, subtitle, value labels and a plain headline."""

from __future__ import annotations

import re
from dataclasses import replace

from reportgen.compose.chart_choice import CURRENT_DEFINITION, EARLIER_DEFINITION, PlannedChart
from reportgen.compose.charts import Series
from reportgen.compose.wording import Phrasebook
from reportgen.dates import MONTHS, MONTHS_CY, NOT_AVAILABLE
from reportgen.read.model import PriorityContent

__all__ = ["in_welsh"]

# The series names chart_choice gives, and the Welsh wording's key for each.
_SERIES = {
    "Baseline": "baseline_column",
    "Compared with": "compared_with",
    "Period shown": "period_shown",
    "Latest period": "latest_period",
    CURRENT_DEFINITION: "current_definition",
    EARLIER_DEFINITION: "earlier_definition",
}
_UNITS = {"hour": "hour", "minute": "minute", "second": "second"}
_DURATION = re.compile(r"\b([0-9][0-9,]*) (hour|minute|second)s?\b")
_SHORT_MONTH = re.compile(rf"^({'|'.join(m[:3] for m in MONTHS)}) ([0-9]{{4}})$")


def in_welsh(
    planned: PlannedChart, content: PriorityContent, say: Phrasebook, force: str
) -> PlannedChart:
    """The chart of a Welsh statement, every word of it in Welsh. Where the edition gives no Welsh
    headline, a plain one names the measure: reportgen writes no Welsh headline of its own."""
    spec = planned.spec
    axis, unit = _axis(say, spec.value_axis_label)
    categories = tuple(_month(c) for c in spec.categories)
    series = tuple(
        Series(
            say(_SERIES[s.name]) if s.name in _SERIES else s.name,
            s.values,
            tuple(_label(say, label) for label in s.labels),
        )
        for s in spec.series
    )
    span = f", {categories[0]}–{categories[-1]}" if spec.kind == "line" and categories else ""
    chosen = content.chart or None
    titles = {chosen.title, chosen.trend_title} if chosen else set()
    title = spec.title if spec.title in titles else _plain_headline(say, spec.kind, series, planned)
    return replace(
        planned,
        spec=replace(
            spec,
            title=title,
            subtitle=f"{unit}{span}, {force}",
            categories=categories,
            series=series,
            value_axis_label=axis,
        ),
    )


def _plain_headline(
    say: Phrasebook, kind: str, series: tuple[Series, ...], planned: PlannedChart
) -> str:
    """A headline naming the measure, for a chart whose edition gives no Welsh one."""
    if kind == "line":
        return say("trend_title", label=planned.measure or series[0].name)
    names = planned.spec.categories
    if planned.spec.value_axis_label.startswith("Percentage change"):
        return f"{say('percentage_change')}: {'; '.join(names)}"
    if len(series) == 1:
        return f"{'; '.join(names)} ({series[0].name})"
    latest = series[-1]
    return f"{names[0]}: {latest.labels[0]} ({latest.name})"


def _axis(say: Phrasebook, english: str) -> tuple[str, str]:
    """The Welsh value axis label and subtitle's start for the English axis label."""
    units = say.wording.text.get("chart_units") or {}
    if english in units:
        plural, singular = units[english]
        return str(singular), str(plural)
    if english.startswith("Percentage change"):
        return say("percentage_change"), say("percentage_change")
    if english.startswith("Per "):
        base = english.removeprefix("Per ").replace("million", say("million"))
        return f"{say('per')} {base}", f"{say('rates')} {say('per').lower()} {base}"
    return english, english


def _label(say: Phrasebook, label: str) -> str:
    """A value label with its words in Welsh: '2 munud 14 eiliad', '£2 miliwn', 'ddim ar gael'."""
    if label == NOT_AVAILABLE:
        return say("not_available_text")
    label = _DURATION.sub(lambda m: f"{m[1]} {say(_UNITS[m[2]])}", label)
    return label.replace(" million", " " + say("million"))


def _month(category: str) -> str:
    """A trend's period named by its last month ('Mar 2025'), in Welsh: 'Mawrth 2025'."""
    found = _SHORT_MONTH.match(category)
    if not found:
        return category
    return f"{MONTHS_CY[[m[:3] for m in MONTHS].index(found[1])]} {found[2]}"
