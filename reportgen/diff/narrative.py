"""The narrative of a priority compared block by block, as readers saw it, with references filled in."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from reportgen.compose.figures import reference_text
from reportgen.diff.changes import NarrativeChange
from reportgen.diff.redline import redline, words
from reportgen.read import narrative
from reportgen.read.model import FigureCommon, PriorityContent

__all__ = ["narrative_changes"]

# A run of text with its emphasis and link: (text, bold, italic, link address).
_Span = tuple[str, bool, bool, str | None]


def narrative_changes(old: PriorityContent, new: PriorityContent) -> Iterator[NarrativeChange]:
    """Each narrative block (by position) that differs, as a word-level redline."""
    before, after = _composed_blocks(old), _composed_blocks(new)
    for index in range(max(len(before), len(after))):
        if index >= len(before):
            yield NarrativeChange(index + 1, "added", redline("", after[index][0]), False)
        elif index >= len(after):
            yield NarrativeChange(index + 1, "removed", redline(before[index][0], ""), False)
        elif before[index] != after[index]:
            old_text, new_text = before[index][0], after[index][0]
            words_same = words(old_text) == words(new_text)
            yield NarrativeChange(index + 1, "changed", redline(old_text, new_text), words_same)


def _composed_blocks(content: PriorityContent) -> list[tuple[str, tuple[_Span, ...]]]:
    """Each narrative block as readers saw it: its text with references filled in, and its spans
    (text and emphasis and link), so that a change of emphasis alone is noticed too."""
    figures = {f.id: f for f in content.figures}
    blocks = []
    for written in content.narrative:
        lines: list[str] = []
        spans: list[_Span] = []
        for block in narrative.parse(written):
            if isinstance(block, narrative.Paragraph):
                lines.append(_composed_text(block.inlines, figures, spans))
            else:
                for number, item in enumerate(block.items, 1):
                    marker = f"{number}." if block.ordered else "•"
                    lines.append(f"{marker} {_composed_text(item, figures, spans)}")
        blocks.append(("\n".join(lines), tuple(spans)))
    return blocks


def _composed_text(
    inlines: Sequence[narrative.Inline],
    figures: Mapping[str, FigureCommon],
    spans: list[_Span],
) -> str:
    """The text of narrative inlines with each {figure} reference filled in as compose does."""
    parts = []
    for inline in inlines:
        if isinstance(inline, narrative.FigureReference):
            figure = figures.get(inline.figure_id)
            text = reference_text(figure, inline.attribute) if figure else inline.written
        else:
            text = inline.text
        parts.append(text)
        spans.append((text, inline.bold, inline.italic, inline.href))
    return "".join(parts)
