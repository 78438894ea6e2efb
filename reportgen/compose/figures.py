"""A priority's key figures: the table of its measures, the notes under it, and figures cited in text."""

from __future__ import annotations

from collections.abc import Iterator

from reportgen import quantities
from reportgen.compose.document import Cell, Paragraph, Span, Table
from reportgen.compose.wording import Phrasebook
from reportgen.read.model import ChangeFigure, FigureCommon, PriorityContent

__all__ = ["figure_notes", "key_figures_table", "reference_text"]

# The columns of the key-figures table, without and with a baseline column (inserted fifth).
_WIDTHS = (0.25, 0.15, 0.14, 0.14, 0.12, 0.2)
_WIDTHS_WITH_BASELINE = (0.21, 0.13, 0.12, 0.13, 0.13, 0.11, 0.17)
_BASELINE_COLUMN = 4
# Value and change are number columns: their placeholders ("–", "Not available") align with them.
_NUMERIC = (False, False, True, False, True, False)


def key_figures_table(say: Phrasebook, heading: str, content: PriorityContent) -> Table:
    """The priority's measures, one row each: period, value, comparison, change and source."""
    with_baseline = any(f.baseline for f in content.figures)
    header = list(say.columns("key_figures_columns", 6))
    numeric = list(_NUMERIC)
    if with_baseline:
        header.insert(_BASELINE_COLUMN, say("baseline_column"))
        numeric.insert(_BASELINE_COLUMN, False)
    rows = []
    for figure in content.figures:
        if figure.not_available:
            value = say("not_available_cell")
        elif isinstance(figure, ChangeFigure):
            value = "–"  # the source publishes only the change, shown in its own column
        else:
            value = quantities.formatted_value(figure)
        found = quantities.change(figure)
        change = quantities.change_in_table(figure, found)
        cells = [
            Cell(figure.label, row_header=True),
            Cell(figure.period.label),
            Cell(value),
            Cell(_compared_with(say, figure)),
            Cell(change),
            Cell(figure.source or "–"),
        ]
        if with_baseline:
            cells.insert(_BASELINE_COLUMN, Cell(_baseline_text(figure)))
        rows.append(tuple(cells))
    return Table(
        caption=say("key_figures_caption", priority=heading),
        description=say.describe(header),
        header=tuple(header),
        rows=tuple(rows),
        purpose="figures",
        numeric=tuple(numeric),
        widths=_WIDTHS_WITH_BASELINE if with_baseline else _WIDTHS,
    )


def figure_notes(say: Phrasebook, content: PriorityContent) -> Iterator[Paragraph]:
    """What the key-figures table cannot say in a cell: why a figure is missing, and which
    changes are the source's own."""
    for figure in content.figures:
        if figure.not_available:
            reason = figure.not_available.reason
            yield Paragraph(
                (Span(say("not_available", label=figure.label, reason=reason)),),
                style="note",
            )
    published = [
        f.label
        for f in content.figures
        if not isinstance(f, ChangeFigure)
        and (found := quantities.change(f))
        and found.as_published
    ]
    if published:
        yield Paragraph((Span(say("as_published", labels=_join(published))),), style="note")


def reference_text(figure: FigureCommon, attribute: str) -> str:
    """What a {figure.attribute} reference in narrative prints. Validation guarantees it exists."""
    found = quantities.change(figure)
    match attribute:
        case "value":
            return quantities.formatted_value(figure)
        case "change":
            return quantities.change_in_words(figure, found)
        case "change_number":
            assert found is not None and found.absolute is not None
            return quantities.change_amount(figure, found.absolute)
        case "change_percent":
            assert found is not None and found.percent is not None
            return f"{quantities.round_half_up(abs(found.percent)):f}%"
        case "comparator":
            assert figure.comparator is not None and figure.comparator.value is not None
            return quantities.magnitude(figure, figure.comparator.value)
        case "comparator_period":
            assert figure.comparator is not None
            return figure.comparator.label
        case "baseline":
            assert figure.baseline is not None
            return quantities.magnitude(figure, figure.baseline.value)
        case "baseline_change":
            return quantities.change_in_words(figure, quantities.baseline_change(figure))
        case "period":
            return figure.period.label
        case "label":
            return figure.label
    raise ValueError(f"unknown figure attribute {attribute}")


def _compared_with(say: Phrasebook, figure: FigureCommon) -> str:
    comparator = figure.comparator
    if comparator is None:
        return "–"
    label = comparator.label
    if comparator.restated:
        label = f"{label}, {say('restated')}"
    if comparator.value is None or isinstance(figure, ChangeFigure):
        return label
    return f"{quantities.magnitude(figure, comparator.value)} ({label})"


def _baseline_text(figure: FigureCommon) -> str:
    if figure.baseline is None:
        return "–"
    value = quantities.magnitude(figure, figure.baseline.value)
    return f"{value} ({figure.baseline.label})"


def _join(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
