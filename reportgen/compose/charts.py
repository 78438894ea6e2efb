"""What each chart says: its spec in the statement's own words, its text alternative and its data table.

A :class:`ChartSpec` describes one chart: a headline title stating the message, a statistical
subtitle saying what is shown, the categories, up to four series whose values are already
formatted by the composer, the value-axis label and the source line. The composer builds specs;
:mod:`reportgen.render.charts` draws them. From a spec this module gives

* :func:`alt_text`: a short text alternative naming the chart type, what it shows and its
  message, and pointing to the data table;
* :func:`data_table`: the plotted values as the statement prints them, set after the chart.

It imports nothing heavy, so validation and composition never load matplotlib.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

from reportgen.compose.phrases import in_sentence
from reportgen.dates import NOT_AVAILABLE

__all__ = ["ALT_TEXT_END", "NO_VALUE", "ChartSpec", "Series", "alt_text", "data_table", "printed"]

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

# The label of a period a series does not cover: across a change of definition, each line covers
# only its own periods.
NO_VALUE = "–"
# The values are in the data table set after every chart, so the alt text never repeats them.
ALT_TEXT_END = "The data table after the chart gives the values."


def printed(series: Series, index: int) -> str:
    return NOT_AVAILABLE if series.values[index] is None else series.labels[index]


def alt_text(spec: ChartSpec) -> str:
    """Short text alternative: the chart type and what it shows, its message, then where the
    values are. 'Line chart of neighbourhood crimes recorded, 2022/23 to 2024/25, West Midlands
    Police. Neighbourhood crimes recorded fell from 2022/23 to 2024/25. The data table …'"""
    kind = "Bar chart" if spec.kind == "bar" else "Line chart"
    shows = _sentence(f"{kind} of {in_sentence(spec.subtitle)}")
    return " ".join((shows, _sentence(spec.title), ALT_TEXT_END))


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."


def data_table(spec: ChartSpec) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """The plotted values as the statement prints them: (header row, body rows).

    One row per category ("Measure" for bar charts, "Period" for line charts), one
    column per series; a missing value reads "Not available", and a period a line does not cover
    (the other definition's, across a change of definition) reads "–".
    """
    first = "Measure" if spec.kind == "bar" else "Period"
    # A column heading starts with a capital, whatever the period label it is ('year ending…').
    header = (first, *(s.name[:1].upper() + s.name[1:] for s in spec.series))
    rows = tuple(
        (category, *(_cell(s, i) for s in spec.series))
        for i, category in enumerate(spec.categories)
    )
    return header, rows


def _cell(series: Series, index: int) -> str:
    if series.values[index] is not None:
        return series.labels[index]
    return NO_VALUE if series.labels[index] == NO_VALUE else NOT_AVAILABLE.capitalize()
