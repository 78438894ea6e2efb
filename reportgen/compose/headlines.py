"""A chart's generated headline: its message in one sentence, naming the periods it compares.

Every headline leads with a measure's label or a count in words, so no label is set mid-sentence
with its capital, and uses verbs that agree with any subject ('fell', 'rose', 'did not change').
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from reportgen import quantities
from reportgen.compose.phrases import (
    compared,
    during,
    from_to,
    in_sentence,
    number_words,
    period_noun,
)
from reportgen.read.model import FigureCommon

__all__ = ["change_headline", "comparison_headline", "level_headline", "trend_headline"]

_VERBS = {-1: "fell", 1: "rose", 0: "did not change"}


def level_headline(figure: FigureCommon) -> str:
    """The lead measure's message: its change on its comparator (or baseline), else its value."""
    value = quantities.formatted_value(figure)
    if figure.comparator and quantities.change(figure) is not None:
        earlier, found = figure.comparator.label, quantities.change(figure)
    elif figure.baseline:
        earlier, found = figure.baseline.label, quantities.baseline_change(figure)
    else:
        earlier, found = None, None
    if earlier is None or found is None:
        when = during(figure.period.label)
        return f"{figure.label}: {value} {when}" if when else f"{figure.label}: {value}"
    span = _span(earlier, figure.period.label, plural=False)
    if found.direction == 0:
        return f"{figure.label} did not change {span}"
    verb = _VERBS[found.direction]
    if found.absolute is not None:
        amount = quantities.change_amount(figure, found.absolute)
    else:
        assert found.percent is not None
        amount = f"{quantities.as_published(abs(found.percent)):f}%"
    return f"{figure.label} {verb} by {amount} {span}"


def comparison_headline(figures: Sequence[FigureCommon]) -> str:
    """Measures set side by side with no earlier period to compare: every measure named, and no
    value, since singling out one would mislead and the data table gives them all.

    'Share of homicides involving a knife and share of homicides that were domestic-related in
    the year ending March 2023'.
    """
    first, others = figures[0], figures[1:]
    if len(others) == 1:
        subject = f"{first.label} and {in_sentence(others[0].label)}"
    else:
        subject = f"{first.label} and {number_words(len(others))} other measures"
    periods = {f.period.label for f in figures}
    when = during(first.period.label) if len(periods) == 1 else None
    return f"{subject} {when}" if when else subject


def change_headline(figures: Sequence[FigureCommon], percents: Sequence[Decimal | None]) -> str:
    """Which way the measures moved, each on its comparator; the lead measure's group first.

    'Drug offences and one other measure fell from 2023/24 to 2024/25, but drug trafficking
    offences rose'.
    """
    directions = [0 if p is None or p == 0 else (1 if p > 0 else -1) for p in percents]
    periods = {f.period.label for f in figures}
    comparators = {f.comparator.label for f in figures if f.comparator}
    common = len(periods) == 1 and len(comparators) == 1 and all(f.comparator for f in figures)
    if len(figures) > 1 and all(d == 0 for d in directions):
        span = _common_span(figures) if common else "compared with its earlier period"
        return f"No measure changed {span}"
    groups: dict[int, list[str]] = {}
    for figure, direction in zip(figures, directions, strict=True):
        groups.setdefault(direction, []).append(figure.label)
    clauses = []
    for index, (direction, labels) in enumerate(groups.items()):
        subject = _group(labels, first=index == 0)
        clause = f"{subject} {_VERBS[direction]}"
        if index == 0:
            plural = len(labels) > 1
            lead = figures[[f.label for f in figures].index(labels[0])]
            if common:
                clause += " " + _common_span(figures)
            elif len(labels) == 1 and lead.comparator:
                # The lead measure alone: its own two periods, though the others' differ.
                clause += " " + _span(lead.comparator.label, lead.period.label, plural=False)
            else:
                clause += " " + _span(None, None, plural=plural)
        clauses.append(clause)
    if len(clauses) == 1:
        return clauses[0]
    return clauses[0] + ", but " + " and ".join(clauses[1:])


def trend_headline(label: str, first: tuple[str, Decimal], last: tuple[str, Decimal]) -> str:
    """'Neighbourhood crimes recorded fell from 2022/23 to 2024/25': first against last value."""
    (start, old), (end, new) = first, last
    direction = 0 if new == old else (1 if new > old else -1)
    span = from_to(start, end)
    if span is None:
        span = f"between {period_noun(start) or start} and {period_noun(end) or end}"
    return f"{label} {_VERBS[direction]} {span}"


def _group(labels: Sequence[str], *, first: bool) -> str:
    """'Drug offences', 'drug offences and drug possession offences', 'gun crime offences and
    three other measures' (the first clause's subject keeps its capital)."""
    lead = labels[0] if first else in_sentence(labels[0])
    if len(labels) == 1:
        return lead
    if len(labels) == 2:
        return f"{lead} and {in_sentence(labels[1])}"
    return f"{lead} and {number_words(len(labels) - 1)} other measures"


def _common_span(figures: Sequence[FigureCommon]) -> str:
    comparator = figures[0].comparator
    assert comparator is not None
    return _span(comparator.label, figures[0].period.label, plural=len(figures) > 1)


def _span(earlier: str | None, later: str | None, *, plural: bool) -> str:
    """'from 2023/24 to 2024/25', 'in April to December 2024 compared with April to December
    2023', else 'compared with its (their) earlier period(s)'."""
    if earlier is not None and later is not None:
        span = compared(earlier, later)
        if span:
            return span
        # Periods that do not read as nouns ('to September 2024') are still named.
        before = period_noun(earlier) or (
            f"the period {earlier}" if during(earlier) else f"'{earlier}'"
        )
        return f"{during(later) or f'({later})'} compared with {before}"
    return "compared with their earlier periods" if plural else "compared with its earlier period"
