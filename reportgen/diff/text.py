"""The comparison as text for a terminal: insertions read {+…+} and deletions [-…-], colour or not."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from reportgen.check.revisions import RevisedValue
from reportgen.console import visible as terminal_safe
from reportgen.dates import long_date
from reportgen.diff.changes import (
    ARROW,
    ApplicabilityChange,
    ChartChange,
    Diff,
    FieldChange,
    FigureChange,
    PriorityDiff,
    field_name,
)
from reportgen.diff.redline import Segment, words
from reportgen.diff.sources import Source
from reportgen.formats import FORMATS

__all__ = ["TEXT_WIDTH", "render_text"]

TEXT_WIDTH = 100  # columns; the command line narrows it to fit a terminal
_RESET = "\x1b[0m"
_RED = "\x1b[31m"
_GREEN = "\x1b[32m"
_BOLD = "\x1b[1m"
_COLOURS = frozenset((_RESET, _RED, _GREEN, _BOLD))
_COLOUR_CODES = re.compile("(" + "|".join(re.escape(code) for code in sorted(_COLOURS)) + ")")
# An unchanged run of narrative longer than this is shortened to its ends in the terminal.
_CONTEXT_WORDS = 8


@dataclass(frozen=True)
class _Style:
    colour: bool

    def paint(self, code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if self.colour and text else text

    def bold(self, text: str) -> str:
        return self.paint(_BOLD, text)


def render_text(result: Diff, *, colour: bool = False, width: int = TEXT_WIDTH) -> str:
    """The comparison as plain text. Insertions read {+…+} and deletions [-…-], with or without
    colour; `colour` adds ANSI colours for a terminal."""
    report = "\n".join(_TextReport(_Style(colour), width).lines(result)) + "\n"
    # Edition data is checked before a comparison, and file names come from the user, but a
    # terminal acts on what it is sent: nothing but these colours reaches it as a control.
    return "".join(
        part if part in _COLOURS else terminal_safe(part) for part in _COLOUR_CODES.split(report)
    )


class _TextReport:
    def __init__(self, style: _Style, width: int) -> None:
        self.style = style
        self.width = width

    def wrap(self, text: str, indent: int, hanging: int = 2) -> list[str]:
        return textwrap.wrap(
            text,
            self.width,
            initial_indent=" " * indent,
            subsequent_indent=" " * (indent + hanging),
            break_long_words=False,
            break_on_hyphens=False,
        ) or [" " * indent]

    def lines(self, result: Diff) -> Iterator[str]:
        bold = self.style.bold
        title = f"Changes from {result.old.edition} to {result.new.edition}"
        yield bold(title)
        yield ""
        yield from self.source("Old", result.old)
        yield from self.source("New", result.new)
        yield ""
        yield from self.wrap(f"Summary: {result.summary.line}", 0, 9)
        for warning in result.untranslated:
            yield from self.wrap(f"Warning: {warning}", 0, 9)
        if result.details:
            yield ""
            yield bold("Statement details")
            for change in result.details:
                yield from self.change(change, 2)
        yield ""
        yield bold("Revisions: values for periods the old edition already published")
        if not result.revisions:
            yield "  none"
        for revision in result.revisions:
            yield from self.revision(revision, result)
        for number, priority in enumerate(result.priorities, 1):
            yield ""
            yield from self.priority(number, priority)

    def source(self, name: str, source: Source) -> Iterator[str]:
        made = (
            "edition input file"
            if source.made_by is None
            else f"{FORMATS[source.format].title} made by reportgen {source.made_by}"
        )
        yield f"{name}  {source.path}"
        yield f"     {made}, {source.edition}, published {long_date(source.published)}"
        yield f"     file {source.sha256}"
        label = "inputs" if source.made_by is None else "inputs recorded"
        yield from _files(label, source.inputs)
        yield from _files("trends read", source.history)

    def change(self, change: FieldChange, indent: int, extra: str = "") -> Iterator[str]:
        name = field_name(change.field)
        text = f"{name}: {change.old or '(none)'} {ARROW} {change.new or '(none)'}{extra}"
        yield from self.wrap(text, indent, 4)

    def revision(self, revision: RevisedValue, result: Diff) -> Iterator[str]:
        change = f", {revision.change.text}" if revision.change else ""
        yield from self.wrap(
            f"{revision.figure} ({revision.label}), {revision.period}: "
            f"{revision.old.text} {ARROW} {revision.new.text}{change}",
            2,
            4,
        )
        if revision.old_as == revision.new_as:
            where = f"the {revision.new_as} in both editions"
        else:
            where = (
                f"the {revision.old_as} in {result.old.edition}, "
                f"the {revision.new_as} in {result.new.edition}"
            )
        yield from self.wrap(f"published as {where}", 4, 2)
        yield from self.wrap(f"reason: {revision.reason or 'none given'}", 4, 2)

    def priority(self, number: int, priority: PriorityDiff) -> Iterator[str]:
        status = {"unchanged": " — no changes", "added": " (added)", "removed": " (removed)"}
        lines = self.wrap(f"{number}. {priority.heading}", 0, 3)
        note = status.get(priority.status, "")
        if len(lines[-1]) + len(note) <= self.width:
            lines[-1] += note
        elif note:
            lines.append("   " + note.lstrip())
        for line in lines:
            yield self.style.bold(line)
        if priority.heading_change:
            yield from self.change(priority.heading_change, 3)
        if priority.applicability:
            yield from self.applicability(priority.applicability)
        if priority.figures_changed:
            yield "   Figures changed"
            for figure in priority.figures_changed:
                yield from self.figure(figure)
        for name, figures, mark, colour in (
            ("added", priority.figures_added, "+", _GREEN),
            ("removed", priority.figures_removed, "-", _RED),
        ):
            if figures:
                yield f"   Figures {name}"
            for summary in figures:
                source = f"; source: {summary.source}" if summary.source else ""
                text = (
                    f"{mark} {summary.id} ({summary.label}): {summary.value.text}, "
                    f"{summary.period}; {summary.kind}{source}"
                )
                for line in self.wrap(text, 5, 4):
                    yield self.style.paint(colour, line)
        if priority.narrative:
            yield "   Narrative"
            for block in priority.narrative:
                note = ": emphasis or a link, not the words" if block.formatting_only else ""
                yield f"     block {block.block} ({block.status}{note}):"
                yield from self.redline(block.redline, 7, shorten=True)
        if priority.charts:
            yield "   Charts"
            for chart in priority.charts:
                yield from self.chart(chart)

    def applicability(self, change: ApplicabilityChange) -> Iterator[str]:
        def verdict(value: bool | None) -> str:
            return "(none)" if value is None else "applicable" if value else "not applicable"

        if change.old_applicable == change.new_applicable:
            yield f"   Applicability: {verdict(change.new_applicable)}, reason changed:"
        else:
            yield (
                f"   Applicability: {verdict(change.old_applicable)} {ARROW} "
                f"{verdict(change.new_applicable)}; reason:"
            )
        yield from self.redline(change.reason, 5)

    def figure(self, figure: FigureChange) -> Iterator[str]:
        yield from self.wrap(f"{figure.id} ({figure.label})", 5, 4)
        if figure.value:
            change = f", {figure.value.change.text}" if figure.value.change else ""
            if figure.value.not_comparable:
                change = f", not comparable: {figure.value.not_comparable}"
            yield from self.wrap(
                f"value: {figure.value.old.text} {ARROW} {figure.value.new.text}{change}", 7, 4
            )
        for field in figure.fields:
            yield from self.change(field, 7)

    def chart(self, chart: ChartChange) -> Iterator[str]:
        yield from self.wrap(f"{chart.id} ({chart.status}): {chart.title}", 5, 4)
        if chart.title_change:
            yield from self.change(chart.title_change, 7)
        for cell in chart.cells:
            old = f"[-{cell.old}-]" if cell.old is not None else ""
            new = f"{{+{cell.new}+}}" if cell.new is not None else ""
            old = self.style.paint(_RED, old)
            new = self.style.paint(_GREEN, new)
            yield f"       {cell.row} | {cell.column}: {' '.join(p for p in (old, new) if p)}"

    def redline(
        self, segments: Sequence[Segment], indent: int, *, shorten: bool = False
    ) -> Iterator[str]:
        """The redline wrapped to the width, each word coloured on its own so a line break
        never carries a colour over; a long unchanged run is shortened to its ends."""
        atoms: list[tuple[str, str]] = []  # (visible text, as printed), or ("\n", "\n")
        for index, segment in enumerate(segments):
            said = words(segment.text)
            if segment.op == "equal":
                if shorten and len(said) > 2 * _CONTEXT_WORDS + 1:
                    head = said[:_CONTEXT_WORDS] if index > 0 else []
                    tail = said[-_CONTEXT_WORDS:] if index < len(segments) - 1 else []
                    said = [*head, "…", *tail]
                atoms += [(w, w) for w in said]
                continue
            opening, closing, colour = (
                ("[-", "-]", _RED) if segment.op == "delete" else ("{+", "+}", _GREEN)
            )
            for position, word in enumerate(said):
                shown = word
                if position == 0:
                    shown = opening + shown
                if position == len(said) - 1:
                    shown += closing
                atoms.append((shown, shown if word == "\n" else self.style.paint(colour, shown)))
        line: list[str] = []
        length = indent
        for visible, printed in atoms:
            if visible == "\n" or (line and length + 1 + len(visible) > self.width):
                yield " " * indent + " ".join(line)
                line, length = [], indent
                if visible == "\n":
                    continue
            line.append(printed)
            length += len(visible) + (1 if len(line) > 1 else 0)
        if line:
            yield " " * indent + " ".join(line)


def _files(label: str, files: dict[str, str]) -> Iterator[str]:
    """'     inputs: a.yaml sha256:…' then one aligned line for each further file."""
    for index, (file, digest) in enumerate(files.items()):
        lead = f"{label}:" if index == 0 else " " * (len(label) + 1)
        yield f"     {lead} {file} {digest}"
