"""Validates editions: the priority register, dates and labels, and paragraph 7A of the Order."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from reportgen.check.figures import figures_and_narrative
from reportgen.check.periods import edition_period_problems
from reportgen.check.revisions import folder_warnings
from reportgen.dates import long_date
from reportgen.problems import DataPath, Problem, Severity
from reportgen.read.editions import PROFILE_NAME, EditionLabel, label_from_filename
from reportgen.read.languages import WELSH
from reportgen.read.load import Loaded, load_edition, load_profile
from reportgen.read.model import (
    Edition,
    Profile,
)
from reportgen.read.register import ORDER_PARAGRAPH, Register, load_register
from reportgen.read.source import YamlDocument
from reportgen.read.workbook import UNREAD
from reportgen.statement import Statement

WARNING = Severity.WARNING
# Beyond this, a publication date is a mistyped year, not a late statement.
LATEST_PUBLICATION = timedelta(days=730)


@dataclass
class Validation:
    """Everything validate found, and the statements that passed."""

    problems: list[Problem]
    statements: list[Statement]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]


def validate_editions(paths: list[Path], register: Register | None = None) -> Validation:
    """Validate edition files (with the profile.yaml beside each) and report every problem."""
    register = register or load_register()
    problems: list[Problem] = []
    statements: list[Statement] = []
    profiles: dict[Path, Loaded[Profile]] = {}
    for path in paths:
        profile_path = path.parent / PROFILE_NAME
        if profile_path not in profiles:
            profiles[profile_path] = _profile(profile_path, register)
            problems.extend(profiles[profile_path].doc.problems)
        profile = profiles[profile_path]
        asks_welsh = profile.model is not None and profile.model.language.editions != "english"
        loaded = load_edition(path, welsh=asks_welsh)
        found = list(loaded.doc.problems)
        if loaded.model is not None:
            found += list(_edition_problems(loaded, profile, register))
        if any(p.code == UNREAD for p in found):
            # The workbook's figures could not be read, so references to them are not mistakes.
            found = [p for p in found if p.code != "unknown-figure"]
        problems.extend(found)
        clean = not any(p.severity is Severity.ERROR for p in (*found, *profile.doc.problems))
        if clean and loaded.model and profile.model:
            statement = Statement.of(path, profile_path, loaded.model, profile.model, register)
            if asks_welsh and loaded.welsh and profile.welsh:
                statement.welsh = Statement.of(
                    path, profile_path, loaded.welsh, profile.welsh, register, WELSH
                )
            statements.append(statement)
    problems.extend(folder_warnings(statements))
    return Validation(sorted(set(problems)), statements)


def _profile(path: Path, register: Register) -> Loaded[Profile]:
    if not path.exists():
        doc = YamlDocument(path=path, data=None)
        doc.problems.append(
            doc.problem(
                (),
                "the OPCC profile is missing",
                f"create {PROFILE_NAME} beside the edition files (see docs/input-format.md)",
                code="no-profile",
            )
        )
        return Loaded(doc, None)
    loaded = load_profile(path)
    if loaded.model is not None:
        profile = loaded.model
        for section in ("headings", "applicability"):
            for key in getattr(profile, section):
                if register.resolve(key) is None:
                    loaded.doc.problems.append(
                        _unknown_priority(loaded.doc, (section, key), key, register)
                    )
    return loaded


def _unknown_priority(doc: YamlDocument, path: DataPath, key: str, register: Register) -> Problem:
    ids = [p.id for p in register.priorities]
    close = register.closest(key)
    fix = (
        f"did you mean '{close.id}'?" if close else f"the national priorities are: {', '.join(ids)}"
    )
    return doc.problem(
        path, f"'{key}' is not a national priority", fix, code="unknown-priority", at_key=True
    )


def _edition_problems(
    loaded: Loaded[Edition], profile: Loaded[Profile], register: Register
) -> Iterator[Problem]:
    doc, edition = loaded.doc, loaded.model
    assert edition is not None
    dates = list(_label_and_dates(doc, edition))
    yield from dates
    yield from edition_period_problems(doc, edition)
    # A wrong publication date is reported once; the register is then read at the quarter's end,
    # rather than telling staff to remove every priority the wrong date predates.
    date_wrong = any(p.code in ("published-too-early", "published-too-late") for p in dates)
    on = EditionLabel.from_edition(edition).quarter_end if date_wrong else edition.published
    in_force = register.in_force_on(on)
    raw_priorities = doc.data.get("priorities") or {}
    seen: dict[str, str] = {}
    suggested: set[str] = set()
    for key in raw_priorities:
        path: DataPath = ("priorities", key)
        priority = register.resolve(key)
        if priority is None:
            close = register.closest(key, in_force)
            if close is not None:
                suggested.add(close.id)
            yield _unknown_priority(doc, path, key, register)
        elif priority not in in_force:
            yield doc.problem(
                path,
                f"'{priority.name}' was not a national priority on {long_date(on)}",
                "remove it, or check the publication date",
                code="priority-not-in-force",
                at_key=True,
            )
        elif priority.id in seen:
            yield doc.problem(
                path,
                f"'{key}' and '{seen[priority.id]}' are the same priority ('{priority.name}')",
                "merge the two entries into one",
                code="duplicate-priority",
                at_key=True,
            )
        else:
            seen[priority.id] = key
    for priority in in_force:
        # A misspelt key has already been reported with this priority as the suggestion.
        if priority.id not in seen and priority.id not in suggested:
            yield doc.problem(
                ("priorities",),
                f"the national priority '{priority.name}' is missing",
                f"add '{priority.id}:' under priorities, with its narrative: paragraph "
                f"{ORDER_PARAGRAPH}(a) requires a statement on every priority",
                code="missing-priority",
                at_key=True,
            )
    for key in edition.applicability:
        if register.resolve(key) is None:
            yield _unknown_priority(doc, ("applicability", key), key, register)
    yield from _applicability(doc, edition, profile, register, seen)
    yield from figures_and_narrative(loaded, seen)


def _label_and_dates(doc: YamlDocument, edition: Edition) -> Iterator[Problem]:
    label = EditionLabel.from_edition(edition)
    try:
        EditionLabel.parse(f"{edition.financial_year} Q1")
    except ValueError as exc:
        yield doc.problem(
            ("financial_year",),
            f"{exc}",
            "a financial year runs April to March and is written like 2024-25",
            code="edition-label",
        )
        return
    named = label_from_filename(doc.path)
    if named is None:
        yield doc.problem(
            (),
            f"the file name '{doc.path.name}' is not an edition label",
            f"name the file after its edition: {label.slug}.yaml",
            code="edition-label",
        )
    elif named != label:
        yield doc.problem(
            ("financial_year",),
            f"the file is named for {named} but its financial_year and quarter say {label}",
            f"rename the file {label.slug}.yaml, or correct financial_year and quarter",
            code="edition-label",
        )
    if edition.published <= label.quarter_end:
        yield doc.problem(
            ("published",),
            f"the publication date {long_date(edition.published)} is before {label} ended "
            f"({long_date(label.quarter_end)})",
            "a quarterly statement is published after its quarter ends; check the date and quarter",
            code="published-too-early",
        )
    elif edition.published > label.quarter_end + LATEST_PUBLICATION:
        yield doc.problem(
            ("published",),
            f"the publication date {long_date(edition.published)} is more than two years after "
            f"{label} ended ({long_date(label.quarter_end)})",
            "check the year of the publication date, and the financial year and quarter",
            code="published-too-late",
        )


def _applicability(
    doc: YamlDocument,
    edition: Edition,
    profile: Loaded[Profile],
    register: Register,
    present: dict[str, str],
) -> Iterator[Problem]:
    if profile.model is None:
        return  # the profile's own problem is reported; without it nothing can be said here
    assessed: set[str] = set()
    for source in (profile.model.applicability, edition.applicability):
        for key in source:
            found = register.resolve(key)
            if found:
                assessed.add(found.id)
    for priority_id, key in present.items():
        if priority_id not in assessed:
            yield doc.problem(
                ("priorities", key),
                f"priority '{key}' has no applicability assessment",
                f"add it under applicability in {PROFILE_NAME} or in this edition, with a reason: "
                f"paragraph {ORDER_PARAGRAPH}(b) requires one for every priority",
                code="missing-applicability",
                at_key=True,
            )
