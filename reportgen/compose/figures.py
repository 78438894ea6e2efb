"""A priority's key figures: the table of its measures, their notes, and figures cited in text."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from reportgen import quantities
from reportgen.compose.document import Block, Cell, Paragraph, Span, Table
from reportgen.compose.phrases import as_sentence, full_stop, in_cell, in_sentence, period_noun
from reportgen.compose.table_widths import column_shares
from reportgen.compose.welsh import FigureWords, figure_words
from reportgen.compose.wording import Phrasebook
from reportgen.read.languages import WELSH
from reportgen.read.model import ChangeFigure, FigureCommon, PriorityContent

__all__ = ["figure_notes", "key_figures", "reference_text", "shows_published_change"]

# The columns of the key-figures table: the measure, period, value, comparison, baseline (only
# when a figure has one), change and source.
_MEASURE, _PERIOD, _VALUE, _COMPARED, _CHANGE, _SOURCE = range(6)
_BASELINE_COLUMN = 4
# Value and change are number columns: their placeholders ("–", "Not available") align with them.
_NUMERIC = (False, False, True, False, True, False)
EMPTY = "–"


def key_figures(say: Phrasebook, heading: str, content: PriorityContent) -> Iterator[Block]:
    """The priority's measures, one row each: period, value, comparison, change and source.

    A column empty in every row is left out. A source every row shares is said once, in a note
    under the table, instead of in a column repeating it.
    """
    with_baseline = any(f.baseline for f in content.figures)
    header = list(say.columns("key_figures_columns", 6))
    numeric = list(_NUMERIC)
    if with_baseline:
        header.insert(_BASELINE_COLUMN, say("baseline_column"))
        numeric.insert(_BASELINE_COLUMN, False)
    rows = []
    words = figure_words(say)
    # Measures that are not available go last: a table should open with a figure, not a gap.
    for figure in sorted(content.figures, key=lambda f: f.not_available is not None):
        if figure.not_available:
            value = say("not_available_cell")
        elif isinstance(figure, ChangeFigure):
            value = EMPTY  # the source publishes only the change, shown in its own column
        else:
            value = words.formatted_value(figure)
        found = quantities.change(figure)
        change = words.change_in_table(figure, found)
        cells = [
            Cell(figure.label, row_header=True),
            Cell(in_cell(figure.period.label)),
            Cell(in_cell(value)),
            Cell(_compared_with(say, figure)),
            Cell(change),
            Cell(figure.source or EMPTY),
        ]
        if with_baseline:
            cells.insert(_BASELINE_COLUMN, Cell(_baseline_text(words, figure)))
        rows.append(cells)
    source_column = len(header) - 1
    sources = {row[source_column].text for row in rows}
    shared = next(iter(sources)) if len(sources) == 1 and EMPTY not in sources else None
    kept = [
        column
        for column in range(len(header))
        if column == _MEASURE
        or (
            not (column == source_column and shared is not None)
            and any(row[column].text not in (EMPTY, "") for row in rows)
        )
    ]
    kept_header = tuple(header[c] for c in kept)
    texts = [[header[c]] + [row[c].text for row in rows] for c in kept]
    shares = column_shares(texts, [numeric[c] for c in kept])
    yield Table(
        caption=say("key_figures_caption", priority=heading),
        description=say.describe(kept_header),
        header=kept_header,
        rows=tuple(tuple(row[c] for c in kept) for row in rows),
        purpose="figures",
        numeric=tuple(numeric[c] for c in kept),
        widths=shares,
    )
    if shared is not None:
        yield Paragraph((Span(say("shared_source", source=shared)),), style="note")


def figure_notes(
    say: Phrasebook, figure: FigureCommon, siblings: Sequence[FigureCommon]
) -> list[str]:
    """What the key-figures table cannot say in a cell, said once under Sources and notes: a
    restated comparator, a revised value, the figure's own note, and why it is not available."""
    notes = []
    if figure.comparator and figure.comparator.restated:
        notes.append(
            say(
                "restated_note",
                label=figure.label,
                period=_period(say, figure.comparator.label),
                reason=as_sentence(figure.comparator.restated),
            )
        )
    if figure.revision:
        notes.append(
            say(
                "revised",
                label=figure.label,
                period=_period(say, figure.period.label),
                reason=as_sentence(figure.revision.reason),
            )
        )
    if figure.note:
        notes.append(f"{figure.label}: {full_stop(in_sentence(figure.note))}")
    if figure.not_available:
        note = say(
            "not_available", label=figure.label, reason=as_sentence(figure.not_available.reason)
        )
        proxy = next((f for f in siblings if f.id == figure.not_available.proxy), None)
        if proxy is not None:
            note += " " + say("proxy_note", label=in_sentence(proxy.label))
        notes.append(note)
    return notes


def shows_published_change(figure: FigureCommon) -> bool:
    """Whether the table shows the source's change because the earlier figure is not held."""
    found = quantities.change(figure)
    return found is not None and found.as_published


def reference_text(figure: FigureCommon, attribute: str, words: FigureWords = quantities) -> str:
    """What a {figure.attribute} reference in narrative prints. Validation guarantees it exists."""
    found = quantities.change(figure)
    match attribute:
        case "value":
            return words.formatted_value(figure)
        case "change":
            return words.change_in_words(figure, found)
        case "change_number":
            assert found is not None and found.absolute is not None
            return words.change_amount(figure, found.absolute)
        case "change_percent":
            assert found is not None and found.percent is not None
            return f"{quantities.as_published(abs(found.percent)):f}%"
        case "comparator":
            earlier = quantities.comparator_value(figure)
            assert earlier is not None
            return words.magnitude(figure, earlier)
        case "comparator_period":
            assert figure.comparator is not None
            return figure.comparator.label
        case "baseline":
            baseline = quantities.baseline_value(figure)
            assert baseline is not None
            return words.magnitude(figure, baseline)
        case "baseline_change":
            return words.change_in_words(figure, quantities.baseline_change(figure))
        case "period":
            return figure.period.label
        case "label":
            return figure.label
    raise ValueError(f"unknown figure attribute {attribute}")


def _compared_with(say: Phrasebook, figure: FigureCommon) -> str:
    comparator = figure.comparator
    if comparator is None:
        return EMPTY
    label = comparator.label
    if comparator.restated:
        label = f"{label}, {say('restated')}"
    if comparator.value is None or isinstance(figure, ChangeFigure):
        return in_cell(label)
    return f"{figure_words(say).magnitude(figure, comparator.value)} ({label})"


def _baseline_text(words: FigureWords, figure: FigureCommon) -> str:
    if figure.baseline is None:
        return EMPTY
    baseline = quantities.baseline_value(figure)
    if baseline is None:
        # Given by its change alone: the change is what the source says about the baseline.
        change = words.change_in_table(figure, quantities.baseline_change(figure))
        return (
            f"{change} on {figure.baseline.label}"
            if words is quantities
            else (f"{change} ({figure.baseline.label})")
        )
    return f"{words.magnitude(figure, baseline)} ({figure.baseline.label})"


def _period(say: Phrasebook, label: str) -> str:
    """A period after 'for' or 'from': '2024/25', 'the year ending March 2023' (in Welsh, as
    written: the article is part of the Welsh label)."""
    return label if say.language == WELSH else period_noun(label) or label
