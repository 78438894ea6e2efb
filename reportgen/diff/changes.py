"""What a comparison of two editions finds: the Diff and the changes it is made of, in a stable order."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from reportgen.check.revisions import Amount, Difference, RevisedValue
from reportgen.diff.redline import Segment
from reportgen.diff.sources import Source

__all__ = [
    "ARROW",
    "HISTORY",
    "ApplicabilityChange",
    "CellChange",
    "ChartChange",
    "Diff",
    "FieldChange",
    "FigureChange",
    "FigureSummary",
    "NarrativeChange",
    "PriorityDiff",
    "Status",
    "Summary",
    "ValueChange",
    "changed_field",
    "field_name",
]

ARROW = "→"
SEPARATOR = " · "

Status = Literal["added", "removed", "changed", "unchanged"]


@dataclass(frozen=True)
class FieldChange:
    """One field that differs; None where the field is absent on that side."""

    field: str
    old: str | None
    new: str | None


def changed_field(name: str, old: str | None, new: str | None) -> Iterator[FieldChange]:
    """The change of field `name`, if its two values differ."""
    if old != new:
        yield FieldChange(name, old, new)


_FIELD_NAMES = {
    "published_change": "published change",
    "not_available": "not available",
    "force_short": "force (short name)",
    "police_and_crime_plan": "Police and Crime Plan",
    "reporting_board": "reporting board",
    "numbered_paragraphs": "numbered paragraphs",
    "contact.ask_for": "contact: ask for",
    "contact.telephone": "contact: telephone",
    "contact.email": "contact: email",
}


# A statement detail 'history.<file>' is an earlier edition read for trends (the provenance's
# "history"), added, dropped or changed since.
HISTORY = "history"


def field_name(field: str) -> str:
    """A field of a change, as the reports name it: 'published change', 'contact: email',
    'earlier edition read for trends: 2023-24-Q2.yaml'."""
    if field.startswith(HISTORY + "."):
        return f"earlier edition read for trends, {field.removeprefix(HISTORY + '.')}"
    return _FIELD_NAMES.get(field, field.replace("_", " "))


@dataclass(frozen=True)
class ValueChange:
    old: Amount
    new: Amount
    change: Difference | None  # None when the two cannot be compared (a different kind or unit)
    # Why the two values measure different things (definition, unit, period length, source):
    # printed in place of a change, so no one reads one as a rise or fall.
    not_comparable: str | None = None


@dataclass(frozen=True)
class FigureChange:
    """A figure in both editions (matched by id) that differs in more than revised values."""

    id: str
    label: str
    value: ValueChange | None
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class FigureSummary:
    """A figure only one of the editions has."""

    id: str
    label: str
    kind: str
    value: Amount
    period: str
    source: str | None


@dataclass(frozen=True)
class ApplicabilityChange:
    old_applicable: bool | None  # None where that edition does not cover the priority
    new_applicable: bool | None
    old_reason: str | None
    new_reason: str | None
    reason: tuple[Segment, ...]  # the reason as a word-level redline


@dataclass(frozen=True)
class NarrativeChange:
    """A narrative block (one item of the priority's `narrative`, by position) that differs."""

    block: int  # 1-based
    status: Literal["added", "removed", "changed"]
    redline: tuple[Segment, ...]
    formatting_only: bool  # the words are the same; emphasis or a link address changed


@dataclass(frozen=True)
class CellChange:
    """A cell of a chart's data table, found by its row (the first cell) and column heading."""

    row: str
    column: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class ChartChange:
    id: str  # '<priority>-<n>', as in the statement's chart file names
    status: Literal["added", "removed", "changed"]
    title: str
    title_change: FieldChange | None
    cells: tuple[CellChange, ...]


@dataclass(frozen=True)
class PriorityDiff:
    id: str
    heading: str
    status: Status
    heading_change: FieldChange | None
    applicability: ApplicabilityChange | None
    figures_changed: tuple[FigureChange, ...]
    figures_added: tuple[FigureSummary, ...]
    figures_removed: tuple[FigureSummary, ...]
    narrative: tuple[NarrativeChange, ...]
    charts: tuple[ChartChange, ...]


@dataclass(frozen=True)
class Summary:
    priorities: int
    figures_changed: int
    revised: int
    figures_added: int
    figures_removed: int
    narrative_blocks: int
    applicability: int
    charts: int
    details: int

    @property
    def identical(self) -> bool:
        return not any(
            (
                self.figures_changed,
                self.revised,
                self.figures_added,
                self.figures_removed,
                self.narrative_blocks,
                self.applicability,
                self.charts,
                self.details,
            )
        )

    @property
    def line(self) -> str:
        """'6 priorities · 14 figures changed · 2 revised · 3 added · 1 removed · …'."""
        parts = [_count(self.priorities, "priority", "priorities")]
        if self.identical:
            return SEPARATOR.join([*parts, "no differences"])
        parts += [
            f"{_count(self.figures_changed, 'figure')} changed",
            f"{self.revised} revised",
            f"{self.figures_added} added",
            f"{self.figures_removed} removed",
            f"narrative changed in {_count(self.narrative_blocks, 'block')}",
        ]
        if self.applicability:
            parts.append(
                f"applicability changed for {_count(self.applicability, 'priority', 'priorities')}"
            )
        if self.charts:
            parts.append(f"{_count(self.charts, 'chart')} changed")
        if self.details:
            parts.append(f"{_count(self.details, 'statement detail')} changed")
        return SEPARATOR.join(parts)


@dataclass(frozen=True)
class Diff:
    """What changed between two editions, in a stable order."""

    old: Source
    new: Source
    details: tuple[FieldChange, ...]  # the edition, publication date and the OPCC's details
    revisions: tuple[RevisedValue, ...]
    priorities: tuple[PriorityDiff, ...]  # in register order
    # Texts whose English changed while their Welsh did not (editions published in Welsh too).
    untranslated: tuple[str, ...] = ()

    @property
    def summary(self) -> Summary:
        changed = self.priorities
        return Summary(
            priorities=len(changed),
            figures_changed=sum(len(p.figures_changed) for p in changed),
            revised=len(self.revisions),
            figures_added=sum(len(p.figures_added) for p in changed),
            figures_removed=sum(len(p.figures_removed) for p in changed),
            narrative_blocks=sum(len(p.narrative) for p in changed),
            applicability=sum(p.applicability is not None for p in changed),
            charts=sum(len(p.charts) for p in changed),
            details=len(self.details) + sum(p.heading_change is not None for p in changed),
        )

    @property
    def identical(self) -> bool:
        return self.summary.identical


def _count(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"
