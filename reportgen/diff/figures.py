"""How a figure changed between two editions, and what a figure only one edition has says."""

from __future__ import annotations

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
        change = difference(after, old_value, new_value) if same_unit(before, after) else None
        value = ValueChange(old_amount, new_amount, change)
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
