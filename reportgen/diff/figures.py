"""How a figure changed between two editions, and what a figure only one edition has says."""

from __future__ import annotations

import re

from reportgen import quantities
from reportgen.check.revisions import Role, amount, difference, same_unit
from reportgen.dates import long_date
from reportgen.diff.changes import (
    FieldChange,
    FigureChange,
    FigureSummary,
    ValueChange,
    changed_field,
)
from reportgen.read.model import (
    Baseline,
    ChangeFigure,
    Comparator,
    FigureCommon,
    RankFigure,
    RateFigure,
)
from reportgen.read.periods import read_period

__all__ = ["figure_change", "figure_summary"]


def figure_change(
    before: FigureCommon,
    after: FigureCommon,
    revised: frozenset[Role],
    moved: FieldChange | None,
) -> FigureChange | None:
    """How a matched figure changed, leaving out values that are revisions (reported apart).

    `revised` holds where the figure's revisions are (its value, comparator or baseline);
    `moved` is the change of its priority, when it moved to another.
    """
    fields: list[FieldChange] = [moved] if moved else []
    fields += changed_field("label", before.label, after.label)
    fields += changed_field("kind", _kind_text(before), _kind_text(after))
    value = None
    old_value, new_value = quantities.value_of(before), quantities.value_of(after)
    old_amount, new_amount = amount(before, old_value), amount(after, new_value)
    if "value" not in revised and (old_amount != new_amount):
        reason = not_comparable(before, after)
        change = None if reason else difference(after, old_value, new_value)
        value = ValueChange(old_amount, new_amount, change, reason)
    fields += changed_field("period", _period_text(before), _period_text(after))
    if "comparator" not in revised:
        fields += changed_field(
            "comparator",
            _comparison_text(before, before.comparator),
            _comparison_text(after, after.comparator),
        )
    if "baseline" not in revised:
        fields += changed_field(
            "baseline",
            _comparison_text(before, before.baseline),
            _comparison_text(after, after.baseline),
        )
    fields += changed_field(
        "published_change", _published_change_text(before), _published_change_text(after)
    )
    fields += changed_field("source", before.source, after.source)
    fields += changed_field(
        "not_available", _not_available_text(before), _not_available_text(after)
    )
    fields += changed_field("note", before.note, after.note)
    if value is None and not fields:
        return None
    return FigureChange(after.id, after.label, value, tuple(fields))


def not_comparable(before: FigureCommon, after: FigureCommon) -> str | None:
    """Why the two editions' values of a figure measure different things, if they do."""
    if not same_unit(before, after):
        return f"the unit changed, from {_kind_text(before)} to {_kind_text(after)}"
    if after.comparator and after.comparator.restated and not _restated(before):
        return f"the comparator was restated ({after.comparator.restated.rstrip('.')})"
    old_length, new_length = _months(before), _months(after)
    if old_length and new_length and old_length != new_length:
        return f"the period changed from {old_length} months to {new_length} months"
    if before.source and after.source and not _same_source(before.source, after.source):
        return f"the source changed, from {before.source} to {after.source}"
    return None


def _restated(figure: FigureCommon) -> bool:
    return bool(figure.comparator and figure.comparator.restated)


def _months(figure: FigureCommon) -> int | None:
    read = read_period(figure.period.label)
    return read.months if read else None


def _same_source(a: str, b: str) -> bool:
    """'Police recorded crime' and 'West Midlands Police recorded crime' are one source named
    more or less fully; 'Action Fraud' and 'Crime Survey for England and Wales' are two."""
    words_a, words_b = (set(re.findall(r"\w+", text.casefold())) for text in (a, b))
    return words_a <= words_b or words_b <= words_a


def figure_summary(figure: FigureCommon) -> FigureSummary:
    """A figure only one edition has: its value, period, kind and source."""
    return FigureSummary(
        figure.id,
        figure.label,
        _kind_text(figure),
        amount(figure, quantities.value_of(figure)),
        _period_text(figure),
        figure.source,
    )


def _kind_text(figure: FigureCommon) -> str:
    """The kind and unit of a figure, in words: 'rate per 100,000 population'."""
    match figure:
        case RateFigure():
            return f"rate per {quantities.RATE_BASES[figure.per]} {figure.population}"
        case RankFigure():
            return f"rank of {figure.of} {figure.among}, 1st is {figure.order}"
        case ChangeFigure():
            return "percentage change"
        case _:
            return str(getattr(figure, "kind", type(figure).__name__))


def _period_text(figure: FigureCommon) -> str:
    return f"{figure.period.label} (ends {long_date(figure.period.end)})"


def _comparison_text(figure: FigureCommon, part: Comparator | Baseline | None) -> str | None:
    if part is None:
        return None
    value = getattr(part, "value", None)
    if value is None or isinstance(figure, ChangeFigure):
        text = part.label
    else:
        text = f"{quantities.magnitude(figure, value)} ({part.label})"
    restated = getattr(part, "restated", None)
    return f"{text}; restated: {restated}" if restated else text


def _published_change_text(figure: FigureCommon) -> str | None:
    published = figure.published_change
    if published is None:
        return None
    change = quantities.Change(published.absolute, published.percent)
    return quantities.change_in_table(figure, change)


def _not_available_text(figure: FigureCommon) -> str | None:
    if figure.not_available is None:
        return None
    reason = figure.not_available.reason
    proxy = figure.not_available.proxy
    return f"{reason} (reported instead: {proxy})" if proxy else reason
