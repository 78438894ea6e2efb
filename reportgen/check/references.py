"""Checks the narrative: figure references that resolve, and numbers typed into prose that match a figure."""

from __future__ import annotations

import difflib
import re
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
    yield from _braces_in_notes(doc, base, content)
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
        for written in narrative.malformed_references(block):
            yield doc.problem(
                path,
                f"{place}: the brace in '{written}' has no partner and would be printed as typed"
                if written.count("{") != written.count("}")
                else f"{place}: {written} is not a figure reference and would be printed as typed",
                _meant(written, list(figures)),
                code="malformed-reference",
                needle=written,
            )
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
        missing = (
            "no comparator"
            if figure.comparator is None
            else f"no value for its comparator ({figure.comparator.label}) and no published change"
        )
    elif ref.attribute in ("comparator", "comparator_period") and figure.comparator is None:
        missing = "no comparator"
    elif ref.attribute == "comparator" and quantities.comparator_value(figure) is None:
        missing = "no comparator value"
    elif ref.attribute.startswith("baseline") and figure.baseline is None:
        missing = "no baseline"
    elif ref.attribute == "baseline" and quantities.baseline_value(figure) is None:
        missing = "no baseline value"
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
_ESCAPE_ADVICE = "to print a brace itself, write \\{ or \\}"


def _meant(written: str, ids: list[str]) -> str:
    """The reference a malformed one most likely meant: {Cyber Share} is {cyber-share}."""
    example = f"{{{ids[0] if ids else 'figure-id'}}}"
    if written.count("{") != written.count("}"):
        return f"a reference needs both braces, e.g. {example}; {_ESCAPE_ADVICE}"
    inner = written.strip("{}").strip()
    if not inner:
        return f"write a figure id between the braces, e.g. {example}; {_ESCAPE_ADVICE}"
    if not ids:
        return f"this priority has no figures to refer to: add the figure first; {_ESCAPE_ADVICE}"
    name, _, attribute = inner.partition(".")
    words = name.split()
    if not attribute and len(words) > 1 and words[-1].lower() in narrative.FIGURE_ATTRIBUTES:
        name, attribute = " ".join(words[:-1]), words[-1]  # {homicides change}
    figure_id = "-".join(name.lower().replace("_", " ").split())
    close = difflib.get_close_matches(figure_id, ids, n=1, cutoff=0.6)
    if close:
        figure_id = close[0]
    else:
        return (
            f"figure ids are lower case words joined by hyphens; the figures here are: "
            f"{', '.join(ids)}; {_ESCAPE_ADVICE}"
        )
    attribute = attribute.strip().lower()
    if attribute:
        near = difflib.get_close_matches(attribute, list(narrative.FIGURE_ATTRIBUTES), n=1)
        attribute = f".{near[0] if near else attribute}"
    return f"did you mean {{{figure_id}{attribute}}}? ({_ESCAPE_ADVICE})"


_BRACED = re.compile(r"\{[^{}]*\}?|\}")
# Text fields printed as written: a {reference} in them would never be filled in.
_PLAIN_TEXT: tuple[tuple[str, ...], ...] = (
    ("label",),
    ("note",),
    ("source",),
    ("not_available", "reason"),
    ("comparator", "restated"),
    ("comparator", "label"),
    ("baseline", "label"),
    ("period", "label"),
    ("revision", "reason"),
)


def _braces_in_notes(
    doc: YamlDocument, base: DataPath, content: PriorityContent
) -> Iterator[Problem]:
    for index, figure in enumerate(content.figures):
        for steps in _PLAIN_TEXT:
            text: object = figure
            for step in steps:
                text = getattr(text, step, None)
            braced = _BRACED.search(text) if isinstance(text, str) else None
            if braced is None:
                continue
            yield doc.problem(
                (*base, "figures", index, *steps),
                f"figure '{figure.id}': the {' '.join(steps).replace('_', ' ')} contains {braced[0]}, "
                "but references are filled in only in narrative",
                "write the value itself, or use ( ) in place of braces",
                code="reference-outside-narrative",
                needle=braced[0],
            )


def _numbers_of(figure: FigureCommon) -> set[Decimal]:
    """Every number a narrative may legitimately quote for this figure."""
    numbers = {
        quantities.value_of(figure),
        quantities.comparator_value(figure),
        quantities.baseline_value(figure),
    }
    for found in (quantities.change(figure), quantities.baseline_change(figure)):
        if found is not None:
            numbers |= {found.absolute, found.percent}
    for published in (
        figure.published_change,
        figure.baseline and figure.baseline.published_change,
    ):
        if published:
            numbers |= {published.absolute, published.percent}
    if isinstance(figure, RankFigure):
        numbers.add(Decimal(figure.of))
    if isinstance(figure, DurationFigure):
        numbers |= {n / 60 for n in set(numbers) if n is not None}
    return {abs(n) for n in numbers if n is not None}
