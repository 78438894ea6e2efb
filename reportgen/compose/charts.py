"""What each chart says: its spec in the statement's own words, its text alternative and its data table.

A :class:`ChartSpec` describes one chart: a headline title stating the message, a statistical
subtitle saying what is shown, the categories, up to four series whose values are already
formatted by the composer, the value-axis label and the source line. The composer builds specs;
:mod:`reportgen.render.charts` draws them. From a spec this module gives

* :func:`alt_text`: a short text alternative naming the chart type, the message and every
  plotted value;
* :func:`data_table`: the plotted values as the statement prints them, set next to the chart.

It imports nothing heavy, so validation and composition never load matplotlib.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from reportgen.quantities import NOT_AVAILABLE

__all__ = ["ChartSpec", "Series", "alt_text", "data_table", "printed"]

# --------------------------------------------------------------------------------------
# The interface
# --------------------------------------------------------------------------------------

_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
MAX_SERIES = 4


@dataclass(frozen=True)
class Series:
    """One series of a chart: a name and one value (with its printed label) per category."""

    name: str
    values: tuple[float | None, ...]
    labels: tuple[str, ...]


@dataclass(frozen=True)
class ChartSpec:
    """Everything needed to draw one chart, in the statement's own words."""

    id: str
    kind: Literal["bar", "line"]
    title: str
    subtitle: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    value_axis_label: str
    source: str

    def __post_init__(self) -> None:
        problems = _spec_problems(self)
        if problems:
            raise ValueError(f"invalid chart spec {self.id!r}: " + "; ".join(problems))


def _spec_problems(spec: ChartSpec) -> list[str]:
    problems: list[str] = []
    if not _ID_PATTERN.fullmatch(spec.id):
        problems.append("id must be a slug of letters, digits, '-' and '_'")
    if spec.kind not in ("bar", "line"):
        problems.append(f"kind must be 'bar' or 'line', not {spec.kind!r}")
    for name, text in (("title", spec.title), ("subtitle", spec.subtitle)):
        if not text.strip():
            problems.append(f"{name} is empty")
    if not spec.categories:
        problems.append("there are no categories")
    if not 1 <= len(spec.series) <= MAX_SERIES:
        problems.append(f"a chart has 1 to {MAX_SERIES} series, not {len(spec.series)}")
    n = len(spec.categories)
    for series in spec.series:
        if len(series.values) != n or len(series.labels) != n:
            problems.append(
                f"series {series.name!r} has {len(series.values)} values and "
                f"{len(series.labels)} labels for {n} categories"
            )
        for value in series.values:
            if value is not None and not math.isfinite(value):
                problems.append(f"series {series.name!r} has a non-finite value {value!r}")
    return problems


# --------------------------------------------------------------------------------------
# Text alternatives
# --------------------------------------------------------------------------------------

_ALT_TEXT_BUDGET = 600


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."


def printed(series: Series, index: int) -> str:
    return NOT_AVAILABLE if series.values[index] is None else series.labels[index]


def alt_text(spec: ChartSpec) -> str:
    """Short text alternative: chart type, message, what is shown and every plotted value.

    Bar charts list the values measure by measure, line charts series by series (a trend
    reads along the periods).  If the full form is longer than about 600 characters the
    subtitle is dropped, then the series names are given once instead of with every
    value; every plotted value is always named.
    """
    kind = "Bar chart" if spec.kind == "bar" else "Line chart"
    several = len(spec.series) > 1

    def values(compact: bool) -> list[str]:
        parts: list[str] = []
        if spec.kind == "bar":
            for i, category in enumerate(spec.categories):
                if several and not compact:
                    items = "; ".join(f"{s.name} {printed(s, i)}" for s in spec.series)
                else:
                    items = ", ".join(printed(s, i) for s in spec.series)
                parts.append(f"{category}: {items}.")
        else:
            for s in spec.series:
                if compact:
                    items = ", ".join(printed(s, i) for i in range(len(spec.categories)))
                else:
                    items = "; ".join(f"{c} {printed(s, i)}" for i, c in enumerate(spec.categories))
                parts.append(f"{s.name}: {items}." if several or not compact else f"{items}.")
        return parts

    head = [f"{kind}.", _sentence(spec.title)]
    subtitle = [_sentence(spec.subtitle)]
    full = " ".join([*head, *subtitle, *values(compact=False)])
    if len(full) <= _ALT_TEXT_BUDGET:
        return full
    shorter = " ".join([*head, *values(compact=False)])
    if len(shorter) <= _ALT_TEXT_BUDGET:
        return shorter
    if spec.kind == "bar":
        order = (
            f"Values for {_and_list([s.name for s in spec.series])} in that order."
            if several
            else ""
        )
    else:
        order = f"Values for {spec.categories[0]} to {spec.categories[-1]} in that order."
    return " ".join(part for part in [*head, order, *values(compact=True)] if part)


def _and_list(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def data_table(spec: ChartSpec) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """The plotted values as the statement prints them: (header row, body rows).

    One row per category ("Measure" for bar charts, "Period" for line charts), one
    column per series; a missing value reads "Not available".
    """
    first = "Measure" if spec.kind == "bar" else "Period"
    header = (first, *(s.name for s in spec.series))
    rows = tuple(
        (
            category,
            *(
                NOT_AVAILABLE.capitalize() if s.values[i] is None else s.labels[i]
                for s in spec.series
            ),
        )
        for i, category in enumerate(spec.categories)
    )
    return header, rows
