"""Checks the narrative: figure references that resolve, and numbers typed into prose that match a figure."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from decimal import Decimal

from reportgen import quantities
from reportgen.problems import DataPath, Problem, Severity
from reportgen.read import narrative
from reportgen.read.load import where
from reportgen.read.model import (
    DurationFigure,
    FigureCommon,
    PriorityContent,
    RankFigure,
)
from reportgen.read.register import ORDER_PARAGRAPH
from reportgen.read.source import YamlDocument

WARNING = Severity.WARNING


def suggest(name: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return f"the figures here are: {', '.join(choices)}" if choices else "add the figure first"


def narrative_problems(
    doc: YamlDocument,
    key: str,
    content: PriorityContent,
    figures: Mapping[str, FigureCommon],
    all_ids: dict[str, DataPath],
) -> Iterator[Problem]:
    base: DataPath = ("priorities", key)
    if not content.narrative:
        yield doc.problem(
            base,
            f"priority '{key}' has no narrative",
            f"add narrative: paragraph {ORDER_PARAGRAPH}(a) requires a statement of the force's "
            "contribution to every priority",
            code="no-narrative",
            at_key=True,
        )
        return
    known: set[Decimal] = set()
    for figure in figures.values():
        known |= _numbers_of(figure)
    for index, block in enumerate(content.narrative):
        path: DataPath = (*base, "narrative", index)
        blocks = narrative.parse(block)
        place = where(doc.data, path)
        for inline in narrative.inlines(blocks):
            if isinstance(inline, narrative.FigureReference):
                yield from _reference(doc, path, place, inline, figures, all_ids)
        for address in narrative.links(block):
            if len(address) > narrative.LONGEST_LINK:
                yield doc.problem(
                    path,
                    f"{place}: a link is {len(address):,} characters long (at most "
                    f"{narrative.LONGEST_LINK:,}): {address[:60]}…",
                    "link to the page's own short address, or to the site's home page",
                    code="bad-link",
                    needle=address[:200],
                )
            elif not narrative.ALLOWED_LINK.match(address):
                yield doc.problem(
                    path,
                    f"{place}: the link '{address}' is not a web or email address",
                    "links must start with https://, http:// or mailto:",
                    code="bad-link",
                    needle=address or "](",
                )
        for number in narrative.literal_numbers(blocks):
            if number.value not in known:
                yield doc.problem(
                    path,
                    f"{place}: the number {number.text} matches none of this priority's figures",
                    "if it is a statistic, add it as a figure and write {figure-id}; "
                    "if it is out of date, correct it",
                    code="stale-number",
                    severity=WARNING,
                    needle=number.text,
                )


def _reference(
    doc: YamlDocument,
    path: DataPath,
    place: str,
    ref: narrative.FigureReference,
    figures: Mapping[str, FigureCommon],
    all_ids: dict[str, DataPath],
) -> Iterator[Problem]:
    if ref.figure_id not in figures:
        if ref.figure_id in all_ids:
            message = f"{place}: {ref.written} refers to a figure of another priority"
            fix = "move the figure to this priority, or refer to one of this priority's figures"
        else:
            message = f"{place}: {ref.written} refers to a figure that does not exist"
            fix = suggest(ref.figure_id, list(figures))
        yield doc.problem(path, message, fix, code="unknown-figure", needle=ref.written)
        return
    if ref.attribute not in narrative.FIGURE_ATTRIBUTES:
        options = ", ".join(narrative.FIGURE_ATTRIBUTES)
        yield doc.problem(
            path,
            f"{place}: {ref.written} asks for '{ref.attribute}', which a figure does not have",
            f"use one of: {options}",
            code="unknown-attribute",
            needle=ref.written,
        )
        return
    figure = figures[ref.figure_id]
    missing = None
    if ref.attribute.startswith("change") and quantities.change(figure) is None:
        missing = "no comparator value or published change"
    elif ref.attribute in ("comparator", "comparator_period") and figure.comparator is None:
        missing = "no comparator"
    elif ref.attribute == "comparator" and figure.comparator and figure.comparator.value is None:
        missing = "no comparator value"
    elif ref.attribute.startswith("baseline") and figure.baseline is None:
        missing = "no baseline"
    elif ref.attribute == "change_number" and (quantities.change(figure) or _NONE).absolute is None:
        missing = "no absolute change"
    elif ref.attribute == "change_percent" and (quantities.change(figure) or _NONE).percent is None:
        missing = "no percentage change"
    if missing:
        yield doc.problem(
            path,
            f"{place}: {ref.written} cannot be filled in: figure '{figure.id}' has {missing}",
            "add it to the figure, or refer to something the figure has",
            code="reference-unavailable",
            needle=ref.written,
        )


_NONE = quantities.Change(None, None)


def _numbers_of(figure: FigureCommon) -> set[Decimal]:
    """Every number a narrative may legitimately quote for this figure."""
    numbers = {
        quantities.value_of(figure),
        figure.comparator.value if figure.comparator else None,
        figure.baseline.value if figure.baseline else None,
    }
    for found in (quantities.change(figure), quantities.baseline_change(figure)):
        if found is not None:
            numbers |= {found.absolute, found.percent}
    if figure.published_change:
        numbers |= {figure.published_change.absolute, figure.published_change.percent}
    if isinstance(figure, RankFigure):
        numbers.add(Decimal(figure.of))
    if isinstance(figure, DurationFigure):
        numbers |= {n / 60 for n in set(numbers) if n is not None}
    return {abs(n) for n in numbers if n is not None}
