"""Compares two editions of the statement for auditors: figures, revisions, applicability, narrative, charts.

OLD and NEW may each be an edition's input file (validated, with the profile beside it), a build
folder (its PDF, else its DOCX, else its HTML), or a PDF, DOCX or HTML statement that reportgen made,
read back from the validated input embedded in it. Both editions are composed as the statement
would be, so the narrative is compared as readers saw it (figure references filled in) and the
charts through their data tables.

Revisions are kept apart from ordinary changes, as the Code of Practice for Statistics expects: a
value for a period the old edition already published, now different, is a revision, reported with
the reason the input gives (a figure's ``revision.reason``, or a comparator's ``restated``).

The pipeline is imported inside the functions that use it: the command line builds its parser from
:func:`add_parser` for every command, and that has to stay cheap.
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import hashlib
import json
import os
import re
import shutil
import textwrap
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TextIO

from reportgen import __version__
from reportgen.problems import InputProblems, Problem, ReportgenError, Severity, display_path

if TYPE_CHECKING:
    from reportgen.compose.document import Chart, Document
    from reportgen.read.model import Assessment, Baseline, Comparator, FigureCommon, PriorityContent
    from reportgen.read.source import YamlDocument
    from reportgen.statement import Statement

__all__ = [
    "FORMAT",
    "FORMAT_NAMES",
    "Amount",
    "ApplicabilityChange",
    "CellChange",
    "ChartChange",
    "Diff",
    "DiffError",
    "Difference",
    "FieldChange",
    "FigureChange",
    "FigureSummary",
    "IncompatibleSource",
    "NarrativeChange",
    "NotAStatement",
    "PriorityDiff",
    "RevisedValue",
    "Segment",
    "Source",
    "SourceNotFound",
    "add_parser",
    "as_data",
    "compare",
    "diff",
    "field_name",
    "open_statement",
    "redline",
    "render_json",
    "render_text",
    "revision_warnings",
    "revision_warnings_against",
    "run",
]

# The JSON report's format; a change to its fields that could break a reader gets a new number.
FORMAT = "reportgen-diff/1"
ARROW = "→"
SEPARATOR = " · "

SourceFormat = Literal["input", "pdf", "docx", "html"]
Role = Literal["value", "comparator", "baseline"]
Status = Literal["added", "removed", "changed", "unchanged"]
Op = Literal["equal", "delete", "insert"]

# A build folder holds the statement in every format; the first found here is read.
_BUILT: tuple[tuple[SourceFormat, tuple[str, ...]], ...] = (
    ("pdf", (".pdf",)),
    ("docx", (".docx",)),
    ("html", (".html", ".htm")),
)
FORMAT_NAMES = {"input": "edition input file", "pdf": "PDF", "docx": "DOCX", "html": "HTML"}
_INPUT_SUFFIXES = (".yaml", ".yml")


# --------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------


class DiffError(ReportgenError):
    """An edition to compare could not be opened."""


class SourceNotFound(DiffError):
    """There is no such file or folder, or a build folder holds no statement."""


class NotAStatement(DiffError):
    """The file is neither an edition's input file nor a statement reportgen made."""


class IncompatibleSource(DiffError):
    """A built statement's embedded input cannot be read by this version of reportgen."""


# --------------------------------------------------------------------------------------
# What a comparison finds
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """One side of the comparison: the file given, and what made it."""

    path: str  # as given, relative to the working folder where it is inside it
    format: SourceFormat
    sha256: str  # of the file itself: 'sha256:<hex>'
    edition: str  # '2024-25 Q4'
    published: date
    made_by: str | None  # the reportgen version that built the file; None for an input file
    # Input file name -> SHA-256: as recorded in a built file's provenance; for an input file,
    # what a build from it would record (the edition file and the profile beside it).
    inputs: dict[str, str]


@dataclass(frozen=True)
class Amount:
    """A value as the statement prints it, with the exact number (None when not available)."""

    value: Decimal | None
    text: str


@dataclass(frozen=True)
class Difference:
    """A change from an old value to a new one, computed and formatted as the statement does."""

    absolute: Decimal | None
    percent: Decimal | None  # None where a percentage change means nothing (shares, ranks)
    text: str  # '−13 (−29.5%)', '+2.0 percentage points'


@dataclass(frozen=True)
class FieldChange:
    """One field that differs; None where the field is absent on that side."""

    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class ValueChange:
    old: Amount
    new: Amount
    change: Difference | None  # None when the two cannot be compared (a different kind or unit)


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
class RevisedValue:
    """A value for a period the old edition already published, now different."""

    priority: str
    figure: str
    label: str
    period: str  # the period both editions give a value for
    old_as: Role  # where the old edition published it: the figure's value, comparator or baseline
    new_as: Role
    old: Amount
    new: Amount
    change: Difference | None
    reason: str | None  # None: the input gives no reason


@dataclass(frozen=True)
class ApplicabilityChange:
    old_applicable: bool | None  # None where that edition does not cover the priority
    new_applicable: bool | None
    old_reason: str | None
    new_reason: str | None
    reason: tuple[Segment, ...]  # the reason as a word-level redline


@dataclass(frozen=True)
class Segment:
    """A run of words of a redline; segments are joined with one space."""

    op: Op
    text: str


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


# --------------------------------------------------------------------------------------
# Opening an edition: an input file, a build folder, or a built statement
# --------------------------------------------------------------------------------------


def open_statement(path: Path) -> tuple[Source, Statement]:
    """The edition at `path` and where it came from.

    Raises :class:`SourceNotFound`, :class:`NotAStatement` or :class:`IncompatibleSource` when it
    cannot be opened, and :class:`~reportgen.problems.InputProblems` when an input file has errors.
    """
    if not path.exists():
        raise SourceNotFound(
            f"there is no file or folder '{path}' — give an edition's input file, a build "
            "folder, or a PDF, DOCX or HTML statement made by reportgen"
        )
    if path.is_dir():
        path = _built_file(path)
    suffix = path.suffix.lower()
    if suffix in _INPUT_SUFFIXES:
        return _from_input(path)
    for fmt, suffixes in _BUILT:
        if suffix in suffixes:
            return _from_built(path, fmt)
    raise NotAStatement(
        f"'{display_path(path)}' is neither an edition's input file (.yaml) nor a statement made "
        "by reportgen (.pdf, .docx or .html) — give one of those, or a build folder"
    )


def _built_file(folder: Path) -> Path:
    from reportgen.formats import FILE_STEM

    for _, suffixes in _BUILT:
        found = sorted(p for s in suffixes for p in folder.glob(f"{FILE_STEM}-*{s}"))
        if len(found) > 1:
            names = ", ".join(p.name for p in found)
            raise NotAStatement(
                f"the folder '{display_path(folder)}' holds more than one statement ({names}) "
                "— give the file to compare"
            )
        if found:
            return found[0]
    raise SourceNotFound(
        f"the folder '{display_path(folder)}' holds no statement built by reportgen "
        f"({FILE_STEM}-….pdf, .docx or .html) — give a build folder such as build/2024-25-Q4, "
        "an edition's input file, or the statement file itself"
    )


def _sha256(path: Path) -> str:
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def _from_input(path: Path) -> tuple[Source, Statement]:
    from reportgen.check.rules import validate_editions

    result = validate_editions([path])
    if result.errors:
        raise InputProblems(result.problems)
    (statement,) = result.statements
    inputs = {
        path.name: _sha256(path),
        statement.profile_path.name: _sha256(statement.profile_path),
    }
    source = Source(
        path=display_path(path),
        format="input",
        sha256=inputs[path.name],
        edition=str(statement.label),
        published=statement.edition.published,
        made_by=None,
        inputs=inputs,
    )
    return source, statement


def _read_source(path: Path, fmt: SourceFormat, content: bytes) -> dict[str, Any]:
    """The input and provenance embedded in a built statement, as its renderer wrote them."""
    import zipfile

    shown = display_path(path)
    try:
        if fmt == "pdf":
            import pikepdf

            from reportgen.render.pdf import read_source as read_pdf

            try:
                return read_pdf(content)
            except pikepdf.PdfError as exc:
                raise NotAStatement(f"'{shown}' cannot be read as a PDF ({exc})") from None
        if fmt == "docx":
            from reportgen.render.docx import read_source as read_docx

            try:
                return read_docx(content)
            except (zipfile.BadZipFile, KeyError) as exc:
                raise NotAStatement(f"'{shown}' cannot be read as a DOCX ({exc})") from None
        from reportgen.render.html import read_source as read_html

        return read_html(content)
    except DiffError:
        raise
    except ValueError as exc:  # attached JSON that does not parse
        raise NotAStatement(
            f"'{shown}': its embedded statement data cannot be read ({exc})"
        ) from None
    except ReportgenError as exc:
        raise NotAStatement(f"'{shown}' cannot be compared: {exc}") from None


def _from_built(path: Path, fmt: SourceFormat) -> tuple[Source, Statement]:
    from pydantic import ValidationError

    from reportgen.read.editions import EditionLabel
    from reportgen.read.model import Edition, Profile
    from reportgen.read.register import load_register
    from reportgen.statement import Statement

    shown = display_path(path)
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise SourceNotFound(f"'{shown}' cannot be read ({exc.strerror})") from None
    data = _read_source(path, fmt, content)
    incompatible = IncompatibleSource(
        f"'{shown}': the statement data embedded in it is not an edition this version of "
        f"reportgen ({__version__}) can read — compare the edition's input files instead"
    )
    try:
        embedded = data["input"]
        edition = Edition.model_validate(embedded["edition"])
        profile = Profile.model_validate(embedded["profile"])
    except (KeyError, TypeError, ValidationError):
        raise incompatible from None
    register = load_register()
    if any(register.resolve(key) is None for key in edition.priorities):
        raise incompatible
    # compose() records hashes of the statement's files; a built file stands in for both.
    statement = Statement.of(path, path, edition, profile, register)
    provenance = data.get("provenance")
    provenance = provenance if isinstance(provenance, dict) else {}
    inputs = provenance.get("inputs")
    made_by = provenance.get("reportgen")
    source = Source(
        path=shown,
        format=fmt,
        sha256="sha256:" + hashlib.sha256(content).hexdigest(),
        edition=str(EditionLabel.from_edition(edition)),
        published=edition.published,
        made_by=str(made_by) if made_by is not None else None,
        inputs={str(k): str(v) for k, v in inputs.items()} if isinstance(inputs, dict) else {},
    )
    return source, statement


# --------------------------------------------------------------------------------------
# Comparing
# --------------------------------------------------------------------------------------


def diff(old: Path, new: Path) -> Diff:
    """What changed from the edition at `old` to the edition at `new` (see :func:`open_statement`)."""
    old_source, old_statement = open_statement(old)
    new_source, new_statement = open_statement(new)
    return compare(old_source, old_statement, new_source, new_statement)


def compare(old_source: Source, old: Statement, new_source: Source, new: Statement) -> Diff:
    """What changed from one validated edition to another."""
    from reportgen.compose import compose, load_wording

    wording = load_wording()
    old_charts = _charts_by_priority(compose(old, (), wording))
    new_charts = _charts_by_priority(compose(new, (), wording))
    revisions = tuple(_revisions(old, new))
    old_figures = _figures_by_id(old)
    new_figures = _figures_by_id(new)
    priorities = tuple(
        _priority(
            priority_id, old, new, old_figures, new_figures, revisions, old_charts, new_charts
        )
        for priority_id in _priority_ids(old, new)
    )
    return Diff(old_source, new_source, tuple(_details(old, new)), revisions, priorities)


def _priority_ids(old: Statement, new: Statement) -> list[str]:
    """Every priority either edition covers, in the register's order."""
    covered = set(old.priorities) | set(new.priorities)
    ordered = [p.id for p in new.register.priorities if p.id in covered]
    return ordered + sorted(covered - set(ordered))


def _figures_by_id(statement: Statement) -> dict[str, tuple[str, FigureCommon]]:
    return {
        figure.id: (priority_id, figure)
        for priority_id, content in statement.priorities.items()
        for figure in content.figures
    }


def _heading(statement: Statement, priority_id: str) -> str:
    try:
        return statement.heading(statement.register.get(priority_id))
    except KeyError:
        return priority_id


def _details(old: Statement, new: Statement) -> Iterator[FieldChange]:
    from reportgen.dates import long_date

    yield from _field("edition", str(old.label), str(new.label))
    yield from _field(
        "published", long_date(old.edition.published), long_date(new.edition.published)
    )
    old_profile = old.profile.model_dump(mode="json", exclude={"headings", "applicability"})
    new_profile = new.profile.model_dump(mode="json", exclude={"headings", "applicability"})
    for name in new_profile:
        old_value, new_value = old_profile.get(name), new_profile.get(name)
        if isinstance(new_value, dict) and isinstance(old_value, dict):
            for part in new_value:
                yield from _field(
                    f"{name}.{part}", _plain_text(old_value.get(part)), _plain_text(new_value[part])
                )
        else:
            yield from _field(name, _plain_text(old_value), _plain_text(new_value))


def _plain_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _field(name: str, old: str | None, new: str | None) -> Iterator[FieldChange]:
    if old != new:
        yield FieldChange(name, old, new)


def _priority(
    priority_id: str,
    old: Statement,
    new: Statement,
    old_figures: dict[str, tuple[str, FigureCommon]],
    new_figures: dict[str, tuple[str, FigureCommon]],
    revisions: Sequence[RevisedValue],
    old_charts: dict[str, list[Chart]],
    new_charts: dict[str, list[Chart]],
) -> PriorityDiff:
    from reportgen.read.model import PriorityContent

    old_content = old.priorities.get(priority_id)
    new_content = new.priorities.get(priority_id)
    empty = PriorityContent()
    old_part, new_part = old_content or empty, new_content or empty
    heading = _heading(new if new_content else old, priority_id)
    heading_change = None
    if old_content and new_content:
        heading_change = next(
            _field("heading", _heading(old, priority_id), _heading(new, priority_id)), None
        )
    changed = []
    for figure in new_part.figures:
        if figure.id in old_figures:
            old_priority, old_figure = old_figures[figure.id]
            revised = {
                r.new_as for r in revisions if r.figure == figure.id and r.old_as == r.new_as
            }
            found = _figure_change(
                old, new, old_priority, old_figure, priority_id, figure, frozenset(revised)
            )
            if found:
                changed.append(found)
    added = [_summary(f) for f in new_part.figures if f.id not in old_figures]
    removed = [_summary(f) for f in old_part.figures if f.id not in new_figures]
    applicability = _applicability(old, new, priority_id)
    narrative = tuple(_narrative(old_part, new_part))
    charts = tuple(_charts(old_charts.get(priority_id, []), new_charts.get(priority_id, [])))
    status: Status
    if not old_content:
        status = "added"
    elif not new_content:
        status = "removed"
    elif changed or added or removed or applicability or narrative or charts or heading_change:
        status = "changed"
    else:
        status = "unchanged"
    return PriorityDiff(
        priority_id,
        heading,
        status,
        heading_change,
        applicability,
        tuple(changed),
        tuple(added),
        tuple(removed),
        narrative,
        charts,
    )


# -- figures ------------------------------------------------------------------------------------


def _kind_text(figure: FigureCommon) -> str:
    """The kind and unit of a figure, in words: 'rate per 100,000 population'."""
    from reportgen import quantities
    from reportgen.read.model import ChangeFigure, RankFigure, RateFigure

    match figure:
        case RateFigure():
            return f"rate per {quantities.RATE_BASES[figure.per]} {figure.population}"
        case RankFigure():
            return f"rank of {figure.of} {figure.among}, 1st is {figure.order}"
        case ChangeFigure():
            return "percentage change"
        case _:
            return str(getattr(figure, "kind", type(figure).__name__))


def _same_unit(a: FigureCommon, b: FigureCommon) -> bool:
    """Whether values of the two figures can be compared: same kind, same base, same ranking."""
    from reportgen.read.model import RankFigure, RateFigure

    if type(a) is not type(b):
        return False
    if isinstance(a, RateFigure) and isinstance(b, RateFigure):
        return a.per == b.per
    if isinstance(a, RankFigure) and isinstance(b, RankFigure):
        return (a.of, a.order) == (b.of, b.order)
    return True


def _with_value(figure: FigureCommon, value: Decimal | None) -> FigureCommon:
    """The figure as if `value` were its value, so quantities formats and compares it."""
    from reportgen.read.model import CountFigure, RankFigure

    if value is not None and isinstance(figure, CountFigure | RankFigure):
        return figure.model_copy(update={"value": int(value)})
    return figure.model_copy(update={"value": value})


def _amount(figure: FigureCommon, value: Decimal | None, role: Role = "value") -> Amount:
    from reportgen import quantities
    from reportgen.read.model import ChangeFigure

    if value is None:
        return Amount(None, "not available")
    if role == "value":
        return Amount(value, quantities.formatted_value(_with_value(figure, value)))
    if isinstance(figure, ChangeFigure):
        return Amount(value, quantities.signed_percent(value))
    return Amount(value, quantities.magnitude(figure, value))


def _difference(
    figure: FigureCommon, old: Decimal | None, new: Decimal | None
) -> Difference | None:
    """The change from `old` to `new` in the figure's unit, by quantities' one set of rules."""
    from reportgen import quantities

    if old is None or new is None:
        return None
    found = quantities.computed_change(_with_value(figure, new), old)
    if found is None:
        return None
    return Difference(found.absolute, found.percent, quantities.change_in_table(figure, found))


def _period_text(figure: FigureCommon) -> str:
    from reportgen.dates import long_date

    return f"{figure.period.label} (ends {long_date(figure.period.end)})"


def _comparison_text(figure: FigureCommon, part: Comparator | Baseline | None) -> str | None:
    from reportgen import quantities
    from reportgen.read.model import ChangeFigure

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
    from reportgen import quantities

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


def _figure_change(
    old: Statement,
    new: Statement,
    old_priority: str,
    before: FigureCommon,
    new_priority: str,
    after: FigureCommon,
    revised: frozenset[Role],
) -> FigureChange | None:
    """How a matched figure changed, leaving out values that are revisions (reported apart)."""
    from reportgen import quantities

    fields: list[FieldChange] = []
    if old_priority != new_priority:
        fields += _field("priority", _heading(old, old_priority), _heading(new, new_priority))
    fields += _field("label", before.label, after.label)
    fields += _field("kind", _kind_text(before), _kind_text(after))
    value = None
    old_value, new_value = quantities.value_of(before), quantities.value_of(after)
    old_amount, new_amount = _amount(before, old_value), _amount(after, new_value)
    if "value" not in revised and (old_amount != new_amount):
        change = _difference(after, old_value, new_value) if _same_unit(before, after) else None
        value = ValueChange(old_amount, new_amount, change)
    fields += _field("period", _period_text(before), _period_text(after))
    if "comparator" not in revised:
        fields += _field(
            "comparator",
            _comparison_text(before, before.comparator),
            _comparison_text(after, after.comparator),
        )
    if "baseline" not in revised:
        fields += _field(
            "baseline",
            _comparison_text(before, before.baseline),
            _comparison_text(after, after.baseline),
        )
    fields += _field(
        "published_change", _published_change_text(before), _published_change_text(after)
    )
    fields += _field("source", before.source, after.source)
    fields += _field("not_available", _not_available_text(before), _not_available_text(after))
    fields += _field("note", before.note, after.note)
    if value is None and not fields:
        return None
    return FigureChange(after.id, after.label, value, tuple(fields))


def _summary(figure: FigureCommon) -> FigureSummary:
    from reportgen import quantities

    return FigureSummary(
        figure.id,
        figure.label,
        _kind_text(figure),
        _amount(figure, quantities.value_of(figure)),
        _period_text(figure),
        figure.source,
    )


# -- revisions ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Published:
    """A value an edition gives for a period: the figure's own, its comparator's or baseline's."""

    role: Role
    label: str
    end: date | None  # only a figure's own period has an end date
    value: Decimal


def _published(figure: FigureCommon) -> Iterator[_Published]:
    from reportgen import quantities

    value = quantities.value_of(figure)
    if value is not None:
        yield _Published("value", figure.period.label, figure.period.end, value)
    if figure.comparator is not None and figure.comparator.value is not None:
        yield _Published("comparator", figure.comparator.label, None, figure.comparator.value)
    if figure.baseline is not None:
        yield _Published("baseline", figure.baseline.label, None, figure.baseline.value)


def _same_period(a: _Published, b: _Published) -> bool:
    if a.label != b.label:
        return False
    return a.end is None or b.end is None or a.end == b.end


def _reason(figure: FigureCommon, role: Role) -> str | None:
    if role == "comparator" and figure.comparator and figure.comparator.restated:
        return figure.comparator.restated
    return figure.revision.reason if figure.revision else None


def _revisions(old: Statement, new: Statement) -> Iterator[RevisedValue]:
    """Values NEW gives for a period OLD already published, that differ from what OLD published."""
    old_figures = _figures_by_id(old)
    for priority_id, content in new.priorities.items():
        for after in content.figures:
            if after.id not in old_figures:
                continue
            before = old_figures[after.id][1]
            if not _same_unit(before, after):
                continue  # a new definition, reported as a change of kind, not a revision
            earlier = list(_published(before))
            for point in _published(after):
                match = next((e for e in earlier if _same_period(e, point)), None)
                if match is None or match.value == point.value:
                    continue
                yield RevisedValue(
                    priority=priority_id,
                    figure=after.id,
                    label=after.label,
                    period=point.label,
                    old_as=match.role,
                    new_as=point.role,
                    old=_amount(before, match.value, match.role),
                    new=_amount(after, point.value, point.role),
                    change=_difference(after, match.value, point.value),
                    reason=_reason(after, point.role),
                )


def revision_warnings(new_statement: Statement, old_statement: Statement) -> list[Problem]:
    """A warning, located at the value in NEW's input file, for each revised value with no reason.

    A revised value is a value for a period that OLD already published, now different; its reason
    is the figure's ``revision.reason`` (or, for a comparator, the comparator's ``restated``).
    """
    from reportgen.read.source import read_yaml

    missing = [r for r in _revisions(old_statement, new_statement) if r.reason is None]
    if not missing:
        return []
    doc = read_yaml(new_statement.path)
    problems = []
    for revision in missing:
        figure_path = _figure_path(doc, new_statement, revision.priority, revision.figure)
        at = (
            (*figure_path, "value")
            if revision.new_as == "value"
            else (*figure_path, revision.new_as, "value")
        )
        what = "" if revision.new_as == "value" else f" (its {revision.new_as})"
        if revision.new_as == "comparator":
            fix = (
                "add restated: to the comparator, saying why it differs from what was published "
                "(the Code of Practice for Statistics asks for every revision to be explained)"
            )
        else:
            fix = (
                "add revision: with a reason: saying why it differs from what was published "
                "(the Code of Practice for Statistics asks for every revision to be explained)"
            )
        problems.append(
            doc.problem(
                at,
                f"figure '{revision.figure}': the {revision.period} value{what} is "
                f"{revision.new.text}, but the {old_statement.label} edition published "
                f"{revision.old.text} — a revision with no reason given",
                fix,
                code="revision-without-reason",
                severity=Severity.WARNING,
            )
        )
    return sorted(problems)


def revision_warnings_against(statements: Sequence[Statement], old: Path) -> list[Problem]:
    """The warnings of ``reportgen validate --against OLD`` for every validated statement."""
    _, earlier = open_statement(old)
    return sorted({p for s in statements for p in revision_warnings(s, earlier)})


def _figure_path(
    doc: YamlDocument, statement: Statement, priority_id: str, figure_id: str
) -> tuple[str | int, ...]:
    """Where a figure is written in the input file (the priority's key may be an alias)."""
    priorities = doc.data.get("priorities") if isinstance(doc.data, dict) else None
    for key, content in (priorities or {}).items():
        found = statement.register.resolve(str(key))
        if found is None or found.id != priority_id or not isinstance(content, dict):
            continue
        figures = content.get("figures")
        for index, figure in enumerate(figures if isinstance(figures, list) else []):
            if isinstance(figure, dict) and figure.get("id") == figure_id:
                return ("priorities", key, "figures", index)
        return ("priorities", key)
    return ()


# -- applicability ------------------------------------------------------------------------------


def _applicability(old: Statement, new: Statement, priority_id: str) -> ApplicabilityChange | None:
    before = _assessment(old, priority_id)
    after = _assessment(new, priority_id)
    old_pair = (before.applicable, before.reason) if before else (None, None)
    new_pair = (after.applicable, after.reason) if after else (None, None)
    if old_pair == new_pair:
        return None
    return ApplicabilityChange(
        old_pair[0],
        new_pair[0],
        old_pair[1],
        new_pair[1],
        redline(old_pair[1] or "", new_pair[1] or ""),
    )


def _assessment(statement: Statement, priority_id: str) -> Assessment | None:
    if priority_id not in statement.priorities:
        return None
    try:
        return statement.assessment(priority_id)
    except KeyError:
        return None


# -- narrative ----------------------------------------------------------------------------------


_WORD = re.compile(r"\n|[^\s]+")


def redline(old: str, new: str) -> tuple[Segment, ...]:
    """A word-level redline from `old` to `new`: equal, deleted and inserted runs of words.

    An unchanged run no longer than the edits on both sides of it ('the', 'of' in a rewritten
    sentence) is folded into them, so a rewrite reads as one deletion and one insertion rather
    than a scatter of fragments (the semantic clean-up of diff-match-patch, on words).
    """
    before, after = _WORD.findall(old), _WORD.findall(new)
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    # Runs of (equal words) or (deleted words, inserted words), alternating.
    runs: list[tuple[list[str], list[str], bool]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            runs.append((before[i1:i2], before[i1:i2], True))
        elif runs and not runs[-1][2]:
            runs[-1][0].extend(before[i1:i2])
            runs[-1][1].extend(after[j1:j2])
        else:
            runs.append((before[i1:i2], after[j1:j2], False))
    folded = True
    while folded:
        folded = False
        for index in range(1, len(runs) - 1):
            words, _, equal = runs[index]
            left, right = runs[index - 1], runs[index + 1]
            if not equal or len(words) > min(_size(left), _size(right)):
                continue
            merged = (left[0] + words + right[0], left[1] + words + right[1], False)
            runs[index - 1 : index + 2] = [merged]
            folded = True
            break
    segments: list[Segment] = []
    for deleted, inserted, equal in runs:
        if equal:
            segments.append(Segment("equal", _join_words(deleted)))
            continue
        if deleted:
            segments.append(Segment("delete", _join_words(deleted)))
        if inserted:
            segments.append(Segment("insert", _join_words(inserted)))
    return tuple(segments)


def _size(run: tuple[list[str], list[str], bool]) -> int:
    """The size of an edit: the longer of what it deletes and what it inserts."""
    return max(len(run[0]), len(run[1]))


def _join_words(words: Sequence[str]) -> str:
    return " ".join(words).replace(" \n ", "\n").replace("\n ", "\n").replace(" \n", "\n")


def _composed_blocks(content: PriorityContent) -> list[tuple[str, tuple[_Span, ...]]]:
    """Each narrative block as readers saw it: its text with references filled in, and its spans
    (text and emphasis and link), so that a change of emphasis alone is noticed too."""
    from reportgen.read import narrative

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


_Span = tuple[str, bool, bool, str | None]


def _composed_text(
    inlines: Sequence[Any], figures: Mapping[str, FigureCommon], spans: list[_Span]
) -> str:
    """The text of narrative inlines with each {figure} reference filled in as compose does."""
    from reportgen.compose.figures import reference_text
    from reportgen.read import narrative

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


def _narrative(old: PriorityContent, new: PriorityContent) -> Iterator[NarrativeChange]:
    before, after = _composed_blocks(old), _composed_blocks(new)
    for index in range(max(len(before), len(after))):
        if index >= len(before):
            yield NarrativeChange(index + 1, "added", redline("", after[index][0]), False)
        elif index >= len(after):
            yield NarrativeChange(index + 1, "removed", redline(before[index][0], ""), False)
        elif before[index] != after[index]:
            old_text, new_text = before[index][0], after[index][0]
            words_same = _WORD.findall(old_text) == _WORD.findall(new_text)
            yield NarrativeChange(index + 1, "changed", redline(old_text, new_text), words_same)


# -- charts -------------------------------------------------------------------------------------


def _charts_by_priority(document: Document) -> dict[str, list[Chart]]:
    """The charts of each priority section (a section starts at its level-2 heading)."""
    from reportgen.compose.document import Chart, Heading

    found: dict[str, list[Chart]] = {}
    section = ""
    for block in document.blocks:
        if isinstance(block, Heading) and block.level == 2:
            section = block.anchor
        elif isinstance(block, Chart):
            found.setdefault(section, []).append(block)
    return found


def _cells(chart: Chart | None) -> tuple[list[str], list[str], dict[tuple[str, str], str]]:
    """A chart's data table: its columns, its rows (by first cell) and the cells by (row, column)."""
    if chart is None:
        return [], [], {}
    columns = list(chart.data.header[1:])
    rows = [row[0].text for row in chart.data.rows]
    cells = {
        (row[0].text, column): cell.text
        for row in chart.data.rows
        for column, cell in zip(columns, row[1:], strict=False)
    }
    return columns, rows, cells


def _union(first: list[str], second: list[str]) -> list[str]:
    return first + [item for item in second if item not in first]


def _charts(old: list[Chart], new: list[Chart]) -> Iterator[ChartChange]:
    before = {c.spec.id: c for c in old}
    after = {c.spec.id: c for c in new}
    for chart_id in _union(list(after), list(before)):
        was, now = before.get(chart_id), after.get(chart_id)
        old_columns, old_rows, old_cells = _cells(was)
        new_columns, new_rows, new_cells = _cells(now)
        changes = tuple(
            CellChange(row, column, old_cells.get((row, column)), new_cells.get((row, column)))
            for row in _union(new_rows, old_rows)
            for column in _union(new_columns, old_columns)
            if old_cells.get((row, column)) != new_cells.get((row, column))
        )
        old_title = was.spec.title if was else None
        new_title = now.spec.title if now else None
        title_change = next(_field("title", old_title, new_title), None)
        if was and now and not changes and title_change is None:
            continue
        status: Literal["added", "removed", "changed"] = (
            "added" if was is None else "removed" if now is None else "changed"
        )
        title = new_title or old_title or chart_id
        yield ChartChange(
            chart_id, status, title, title_change if status == "changed" else None, changes
        )


# --------------------------------------------------------------------------------------
# JSON
# --------------------------------------------------------------------------------------


def as_data(result: Diff) -> dict[str, Any]:
    """The comparison as plain JSON data, in the documented format (docs/diff.md)."""
    summary = result.summary
    return {
        "format": FORMAT,
        "reportgen": __version__,
        "old": _plain(result.old),
        "new": _plain(result.new),
        "identical": summary.identical,
        "summary": {**_plain(summary), "text": summary.line},
        "details": _plain(result.details),
        "revisions": _plain(result.revisions),
        "priorities": _plain(result.priorities),
    }


def render_json(result: Diff) -> str:
    return json.dumps(as_data(result), indent=2, ensure_ascii=False) + "\n"


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


# --------------------------------------------------------------------------------------
# Text, for a terminal
# --------------------------------------------------------------------------------------

WIDTH = 100
_RESET = "\x1b[0m"
_RED = "\x1b[31m"
_GREEN = "\x1b[32m"
_BOLD = "\x1b[1m"
# An unchanged run of narrative longer than this is shortened to its ends in the terminal.
_CONTEXT_WORDS = 8

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


def field_name(field: str) -> str:
    """A field of a change, as the reports name it: 'published change', 'contact: email'."""
    return _FIELD_NAMES.get(field, field.replace("_", " "))


@dataclass(frozen=True)
class _Style:
    colour: bool

    def paint(self, code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if self.colour and text else text

    def bold(self, text: str) -> str:
        return self.paint(_BOLD, text)


def render_text(result: Diff, *, colour: bool = False, width: int = WIDTH) -> str:
    """The comparison as plain text. Insertions read {+…+} and deletions [-…-], with or without
    colour; `colour` adds ANSI colours for a terminal."""
    return "\n".join(_TextReport(_Style(colour), width).lines(result)) + "\n"


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
            else f"{FORMAT_NAMES[source.format]} made by reportgen {source.made_by}"
        )
        from reportgen.dates import long_date

        yield f"{name}  {source.path}"
        yield f"     {made}, {source.edition}, published {long_date(source.published)}"
        yield f"     file {source.sha256}"
        label = "inputs" if source.made_by is None else "inputs recorded"
        for index, (file, digest) in enumerate(source.inputs.items()):
            lead = f"{label}:" if index == 0 else " " * (len(label) + 1)
            yield f"     {lead} {file} {digest}"

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
            words = _WORD.findall(segment.text)
            if segment.op == "equal":
                if shorten and len(words) > 2 * _CONTEXT_WORDS + 1:
                    head = words[:_CONTEXT_WORDS] if index > 0 else []
                    tail = words[-_CONTEXT_WORDS:] if index < len(segments) - 1 else []
                    words = [*head, "…", *tail]
                atoms += [(w, w) for w in words]
                continue
            opening, closing, colour = (
                ("[-", "-]", _RED) if segment.op == "delete" else ("{+", "+}", _GREEN)
            )
            for position, word in enumerate(words):
                shown = word
                if position == 0:
                    shown = opening + shown
                if position == len(words) - 1:
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


# --------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------

_DESCRIPTION = (
    "Show what changed between two editions of the statement, for auditors: figures (with the "
    "change in each), revised values for periods already published (with their reasons), "
    "applicability, the narrative as a word-level redline, and the charts' data. OLD and NEW "
    "may each be an edition's input file, a build folder, or a PDF, DOCX or HTML statement "
    "made by reportgen (read back from the source data embedded in it)."
)


def add_parser(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `diff` command to reportgen's command line."""
    parser = subcommands.add_parser(
        "diff", help="show what changed between two editions", description=_DESCRIPTION
    )
    where = "an input file (.yaml), a build folder, or a PDF, DOCX or HTML made by reportgen"
    parser.add_argument("old", type=Path, metavar="OLD", help=f"the earlier edition: {where}")
    parser.add_argument("new", type=Path, metavar="NEW", help=f"the later edition: {where}")
    parser.add_argument(
        "--format",
        choices=("text", "html", "json"),
        default="text",
        help="text for a terminal (the default), html for a standalone redline page, json for "
        "scripts (documented in docs/diff.md)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit with status 1 if the two editions differ, 0 if they do not",
    )


def run(args: argparse.Namespace, stdout: TextIO) -> int:
    """Run `reportgen diff`; errors are raised as ReportgenError for the command line to report."""
    result = diff(args.old, args.new)
    if args.format == "json":
        stdout.write(render_json(result))
    elif args.format == "html":
        from reportgen.diff.html import render_html

        stdout.write(render_html(result))
    else:
        colour = _is_terminal(stdout) and "NO_COLOR" not in os.environ
        width = min(WIDTH, shutil.get_terminal_size((WIDTH, 24)).columns) if colour else WIDTH
        stdout.write(render_text(result, colour=colour, width=width))
    return 1 if args.check and not result.identical else 0


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
