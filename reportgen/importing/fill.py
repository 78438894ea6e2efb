"""`reportgen import`: an edition's figures and comparators summed from the Home Office open data."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportgen.dates import MONTHS
from reportgen.files import sha256_file
from reportgen.importing.open_data import (
    OffenceRow,
    OpenData,
    force_rows,
    matching,
    quarters_of,
    read_open_data,
    rows_in_words,
    unmatched,
)
from reportgen.new import year_earlier
from reportgen.problems import DataPath, InputProblems, Problem, ReportgenError, Severity
from reportgen.read.editions import PROFILE_NAME
from reportgen.read.import_map import OFFENCE_FIELDS, ImportSettings, OffenceMapping
from reportgen.read.load import PLACEHOLDER, load_profile
from reportgen.read.periods import PeriodDates, read_period
from reportgen.read.source import YamlDocument, read_yaml
from reportgen.read.tables import read_table
from reportgen.read.workbook import merge_workbook

SOURCE = "Home Office police recorded crime open data"


@dataclass(frozen=True)
class Change:
    """A value import filled in or replaced: the figure, what it is, before and after."""

    figure: str
    what: str
    old: Any
    new: Decimal

    def __str__(self) -> str:
        if self.old is None or (isinstance(self.old, str) and PLACEHOLDER in self.old):
            return f"{self.figure}: {self.what} filled in: {self.new:,}"
        old = _number(self.old)
        shown = f"{old:,}" if old is not None else str(self.old)
        return f"{self.figure}: {self.what} changed from {shown} to {self.new:,}"


@dataclass
class Imported:
    """What an import did: the changes written, warnings, and the files written."""

    changes: list[Change] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


@dataclass
class _Target:
    """A figure import fills in: where it is in the edition's data, and its plain data."""

    figure_id: str
    path: DataPath
    data: dict[str, Any]
    in_workbook: bool


def import_figures(table_path: Path, edition: Path, *, update: bool = False) -> Imported:
    """Fill in the figures the profile maps to offences, and their comparators, from a table.

    A value already typed that the table disagrees with is kept, with a warning, unless
    `update`; every value written is listed. Files are written whole, or not at all.
    """
    settings, profile_doc = _settings(edition.parent / PROFILE_NAME)
    doc = read_yaml(edition)
    if doc.problems or not isinstance(doc.data, dict):
        raise InputProblems(doc.problems or [])
    merge_workbook(doc)
    problems = [p for p in doc.problems if p.code.startswith("workbook")]
    if problems:
        raise InputProblems(problems)
    targets = _targets(doc, settings, profile_doc)
    needed = {
        name for m in settings.figures.values() for name in OFFENCE_FIELDS if getattr(m, name)
    }
    data = read_open_data(read_table(table_path), needed)
    rows = force_rows(data, settings.force)
    digest = sha256_file(table_path)
    result = Imported()
    for target in targets:
        mapping = settings.figures[target.figure_id]
        if not matching(data.rows, mapping):
            raise InputProblems(
                [
                    profile_doc.problem(
                        ("import", "figures", target.figure_id),
                        f"the import of '{target.figure_id}': {unmatched(data, mapping)}",
                        "correct the mapping in the profile's 'import:' section",
                        code="import-no-rows",
                        at_key=True,
                    )
                ]
            )
        used = _fill(doc, target, mapping, data, rows, update, result)
        if not used:
            continue  # every value was kept as typed: the file's record stays as it was
        target.data["imported"] = {
            "file": table_path.name,
            "sha256": digest,
            "rows": rows_in_words(used, data.table.is_csv),
        }
        if not target.data.get("source"):
            target.data["source"] = SOURCE
    from reportgen.importing.writing import write_back

    result.written = write_back(doc, edition, [(t.path, t.data, t.in_workbook) for t in targets])
    return result


def _settings(profile_path: Path) -> tuple[ImportSettings, YamlDocument]:
    loaded = load_profile(profile_path)
    if loaded.model is None or any(p.severity is Severity.ERROR for p in loaded.doc.problems):
        raise InputProblems(loaded.doc.problems)
    if loaded.model.imports is None:
        raise ReportgenError(
            f"{profile_path} has no 'import:' section — add one naming the force and the figures "
            "to fill in (see docs/figures-from-spreadsheets.md)"
        )
    return loaded.model.imports, loaded.doc


def _targets(doc: YamlDocument, settings: ImportSettings, profile: YamlDocument) -> list[_Target]:
    found: dict[str, _Target] = {}
    priorities = doc.data.get("priorities")
    for key, content in (priorities if isinstance(priorities, dict) else {}).items():
        figures = content.get("figures") if isinstance(content, dict) else None
        for index, figure in enumerate(figures if isinstance(figures, list) else []):
            if isinstance(figure, dict) and figure.get("id") in settings.figures:
                path = ("priorities", key, "figures", index)
                found[figure["id"]] = _Target(figure["id"], path, figure, path in doc.cells)
    missing = [
        profile.problem(
            ("import", "figures", figure_id),
            f"the figure '{figure_id}' is not in {doc.name}",
            "add the figure to the edition first, or correct the id",
            code="import-no-figure",
            at_key=True,
        )
        for figure_id in settings.figures
        if figure_id not in found
    ]
    if missing:
        raise InputProblems(missing)
    return list(found.values())


def _fill(
    doc: YamlDocument,
    target: _Target,
    mapping: OffenceMapping,
    data: OpenData,
    rows: list[OffenceRow],
    update: bool,
    result: Imported,
) -> list[OffenceRow]:
    """Fill in one figure's value and comparator; the rows summed."""
    figure = target.data
    period = _period(doc, target)
    matched = matching(rows, mapping)
    value, summed = _sum(doc, target, matched, data, period, "period")
    agrees = _set(figure, ("value",), value, target.figure_id, "value", update, result, doc, target)
    used = summed if agrees else []
    earlier = _comparator_period(figure, period)
    try:
        comparison, earlier_rows = _sum(doc, target, matched, data, earlier, "comparator")
    except InputProblems as exc:
        # The value stands without a comparator the table can give; say why it was not filled.
        result.warnings.extend(replace(p, severity=Severity.WARNING) for p in exc.problems)
        return used
    comparator = figure.setdefault("comparator", {})
    if not isinstance(comparator, dict):
        return used
    if "label" not in comparator and not doc.data.get("comparator_period"):
        label = _label(figure) or ""
        comparator["label"] = year_earlier(label) or _words(earlier)
    what = "comparator value"
    if _set(
        comparator, ("value",), comparison, target.figure_id, what, update, result, doc, target
    ):
        used.extend(earlier_rows)
    return used


def _period(doc: YamlDocument, target: _Target) -> PeriodDates:
    period = target.data.get("period") or doc.data.get("period")
    label = period.get("label") if isinstance(period, dict) else None
    read = read_period(str(label)) if label else None
    if isinstance(period, dict) and isinstance(period.get("end"), date) and read is None:
        start = period.get("start")
        read = PeriodDates(start if isinstance(start, date) else None, period["end"])
    if read is None:
        raise _problem(
            doc,
            (*target.path, "period"),
            f"figure '{target.figure_id}': its period '{label}' cannot be read as dates",
            "write it like 2024/25, 12 months to June 2025 or Q1 2025-26",
        )
    return read


def _comparator_period(figure: dict[str, Any], period: PeriodDates) -> PeriodDates:
    comparator = figure.get("comparator")
    label = comparator.get("label") if isinstance(comparator, dict) else None
    read = read_period(str(label)) if isinstance(label, str) else None
    if read is not None and read.start is not None:
        return read
    assert period.start is not None
    return PeriodDates(_year_before(period.start), _year_before(period.end))


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _sum(
    doc: YamlDocument,
    target: _Target,
    matched: list[OffenceRow],
    data: OpenData,
    period: PeriodDates,
    what: str,
) -> tuple[Decimal, list[OffenceRow]]:
    quarters = quarters_of(period) if period.start else None
    where = (*target.path, "period" if what == "period" else "comparator")
    if quarters is None:
        raise _problem(
            doc,
            where,
            f"figure '{target.figure_id}': the {what} ({period}) is not made of whole quarters "
            "of the financial year, and the table counts offences by quarter",
            "use a financial year, a quarter or 12 months to the end of June, September, "
            "December or March",
        )
    covered = data.quarters
    absent = [q for q in quarters if q not in covered]
    if absent:
        first = min(q.start for q in covered)
        last = max(q.start for q in covered)
        runs = f"{MONTHS[first.month - 1]} {first.year} to {MONTHS[(last.month + 1) % 12]} "
        runs += str(last.year)
        raise _problem(
            doc,
            where,
            f"figure '{target.figure_id}': the table does not cover {absent[0]}, part of the "
            f"{what} ({period}); it runs from {runs}",
            "use the latest release of the table, or a period it covers",
            severity=Severity.WARNING if what == "comparator" else Severity.ERROR,
        )
    wanted = set(quarters)
    used = [r for r in matched if r.quarter in wanted]
    return sum((r.count for r in used), Decimal(0)), used


def _set(
    part: dict[str, Any],
    key: tuple[str],
    new: Decimal,
    figure_id: str,
    what: str,
    update: bool,
    result: Imported,
    doc: YamlDocument,
    target: _Target,
) -> bool:
    """Whether the part now holds the table's value: filled in, replaced or already the same."""
    old = part.get(key[0])
    typed = old is not None and not (isinstance(old, str) and PLACEHOLDER in old)
    if typed and _number(old) == new:
        return True
    if typed and not update:
        path = (*target.path, "value") if what == "value" else (*target.path, "comparator", "value")
        revised = " (the Home Office has revised it)" if what == "comparator value" else ""
        result.warnings.append(
            doc.problem(
                path,
                f"figure '{figure_id}': the {what} is {old} here, but {new:,} in the table{revised}",
                "kept as typed; run import again with --update to replace it",
                code="import-differs",
                severity=Severity.WARNING,
            )
        )
        return False
    part[key[0]] = int(new) if new == new.to_integral_value() else new
    result.changes.append(Change(figure_id, what, old, new))
    return True


def _number(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value).replace(",", "").strip())
    except ArithmeticError:
        return None


def _label(figure: dict[str, Any]) -> str | None:
    period = figure.get("period")
    label = period.get("label") if isinstance(period, dict) else None
    return str(label) if label else None


def _words(period: PeriodDates) -> str:
    assert period.start is not None
    start, end = period.start, period.end
    return f"{MONTHS[start.month - 1]} {start.year} to {MONTHS[end.month - 1]} {end.year}"


def _problem(
    doc: YamlDocument,
    path: DataPath,
    message: str,
    fix: str = "",
    *,
    severity: Severity = Severity.ERROR,
) -> InputProblems:
    if not fix:
        message, _, fix = message.partition(" — ")
    return InputProblems([doc.problem(path, message, fix, code="import", severity=severity)])


__all__ = ["Change", "Imported", "import_figures"]
