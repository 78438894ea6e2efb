"""Checks an edition against the priority register, its own arithmetic and paragraph 7A of the Order."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from reportgen import quantities
from reportgen.dates import long_date
from reportgen.problems import DataPath, Problem, Severity
from reportgen.read import narrative
from reportgen.read.editions import PROFILE_NAME, EditionLabel, label_from_filename
from reportgen.read.load import Loaded, load_edition, load_profile, where
from reportgen.read.model import (
    ChangeFigure,
    CountFigure,
    DurationFigure,
    Edition,
    FigureCommon,
    MoneyFigure,
    PercentageFigure,
    PriorityContent,
    Profile,
    RankFigure,
    RateFigure,
)
from reportgen.read.register import ORDER_PARAGRAPH, Register, load_register
from reportgen.read.source import YamlDocument
from reportgen.statement import Statement

WARNING = Severity.WARNING
# Larger than any statistic a statement reports, yet far inside what formatting can handle.
LARGEST_FIGURE = Decimal(10) ** 15


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
        loaded = load_edition(path)
        found = list(loaded.doc.problems)
        if loaded.model is not None:
            found += list(_edition_problems(loaded, profile, register))
        problems.extend(found)
        clean = not any(p.severity is Severity.ERROR for p in (*found, *profile.doc.problems))
        if clean and loaded.model and profile.model:
            statements.append(
                Statement.of(path, profile_path, loaded.model, profile.model, register)
            )
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
    close = difflib.get_close_matches(key, ids, n=1, cutoff=0.6)
    fix = (
        f"did you mean '{close[0]}'?" if close else f"the national priorities are: {', '.join(ids)}"
    )
    return doc.problem(
        path, f"'{key}' is not a national priority", fix, code="unknown-priority", at_key=True
    )


def _edition_problems(
    loaded: Loaded[Edition], profile: Loaded[Profile], register: Register
) -> Iterator[Problem]:
    doc, edition = loaded.doc, loaded.model
    assert edition is not None
    yield from _label_and_dates(doc, edition)
    in_force = register.in_force_on(edition.published)
    raw_priorities = doc.data.get("priorities") or {}
    seen: dict[str, str] = {}
    suggested: set[str] = set()
    for key in raw_priorities:
        path: DataPath = ("priorities", key)
        priority = register.resolve(key)
        if priority is None:
            suggested.update(
                difflib.get_close_matches(key, [p.id for p in in_force], n=1, cutoff=0.6)
            )
            yield _unknown_priority(doc, path, key, register)
        elif priority not in in_force:
            yield doc.problem(
                path,
                f"'{priority.name}' was not a national priority on {long_date(edition.published)}",
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
    yield from _figures_and_narrative(loaded, seen)


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


def _figures_and_narrative(loaded: Loaded[Edition], present: dict[str, str]) -> Iterator[Problem]:
    doc, edition = loaded.doc, loaded.model
    assert edition is not None
    all_ids: dict[str, DataPath] = {}
    raw_priorities = doc.data.get("priorities") or {}
    # Ids come from the raw data so that a figure that failed validation still counts as existing.
    for key, content in raw_priorities.items():
        figures = content.get("figures") if isinstance(content, dict) else None
        for index, figure in enumerate(figures if isinstance(figures, list) else []):
            figure_id = figure.get("id") if isinstance(figure, dict) else None
            if not isinstance(figure_id, str):
                continue
            path: DataPath = ("priorities", key, "figures", index, "id")
            if figure_id in all_ids:
                first = doc.locate(all_ids[figure_id])[0]
                yield doc.problem(
                    path,
                    f"the figure id '{figure_id}' is used twice (first at line {first})",
                    "give each figure its own id",
                    code="duplicate-figure-id",
                )
            else:
                all_ids[figure_id] = path
    for key, content in edition.priorities.items():
        if key not in present.values():
            continue
        base: DataPath = ("priorities", key)
        by_id = {f.id: f for f in content.figures}
        for index, figure in enumerate(content.figures):
            yield from _figure(doc, edition, (*base, "figures", index), figure, by_id)
        yield from _narrative(doc, key, content, by_id, all_ids)
        if content.chart:
            for index, figure_id in enumerate(content.chart.figures):
                if figure_id not in by_id:
                    yield doc.problem(
                        (*base, "chart", "figures", index),
                        f"priority '{key}': the chart names figure '{figure_id}', which is not "
                        "one of this priority's figures",
                        _suggest(figure_id, list(by_id)),
                        code="unknown-figure",
                    )


def _suggest(name: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return f"the figures here are: {', '.join(choices)}" if choices else "add the figure first"


def _figure(
    doc: YamlDocument,
    edition: Edition,
    path: DataPath,
    figure: FigureCommon,
    siblings: Mapping[str, FigureCommon],
) -> Iterator[Problem]:
    name = f"figure '{figure.id}'"
    value = quantities.value_of(figure)
    if value is None and figure.not_available is None:
        yield doc.problem(
            path,
            f"{name} has no value",
            "give its value, or add not_available with the reason it cannot be reported",
            code="no-value",
            at_key=True,
        )
    if value is not None and figure.not_available is not None:
        yield doc.problem(
            (*path, "not_available"),
            f"{name} has a value and is also marked not available",
            "remove one of them",
            code="value-and-not-available",
            at_key=True,
        )
    if figure.not_available and figure.not_available.proxy:
        proxy = figure.not_available.proxy
        if proxy == figure.id or proxy not in siblings:
            yield doc.problem(
                (*path, "not_available", "proxy"),
                f"{name}: the proxy '{proxy}' is not another figure of this priority",
                _suggest(proxy, [i for i in siblings if i != figure.id]),
                code="unknown-figure",
            )
    out_of_range = list(_ranges(doc, path, figure))
    yield from out_of_range
    # When the publication date is itself before the quarter's end, that one error explains these.
    published_too_early = edition.published <= EditionLabel.from_edition(edition).quarter_end
    if figure.period.end > edition.published and not published_too_early:
        yield doc.problem(
            (*path, "period", "end"),
            f"{name}: the period ends on {long_date(figure.period.end)}, after the publication "
            f"date ({long_date(edition.published)})",
            "a statement can only report periods that have ended; check the period end date",
            code="period-after-publication",
        )
    if figure.source is None:
        yield doc.problem(
            path,
            f"{name} has no source",
            "add source: saying where the figure comes from (e.g. 'Police recorded crime')",
            code="no-source",
            severity=WARNING,
            at_key=True,
        )
    if isinstance(figure, ChangeFigure):
        if figure.comparator is None:
            yield doc.problem(
                path,
                f"{name} is a change, but does not say what it is compared with",
                "add comparator: with the label of the earlier period, e.g. label: 2023/24",
                code="change-needs-comparator",
                at_key=True,
            )
        if figure.published_change is not None:
            yield doc.problem(
                (*path, "published_change"),
                f"{name} is itself a change, so it cannot also have a published_change",
                "remove published_change",
                code="published-change",
                at_key=True,
            )
        return
    if not out_of_range:  # a wrong value would make every change check fail too
        yield from _published_change(doc, path, figure)


def _ranges(doc: YamlDocument, path: DataPath, figure: FigureCommon) -> Iterator[Problem]:
    name = f"figure '{figure.id}'"
    checks: list[tuple[DataPath, Decimal | None]] = [
        ((*path, "value"), quantities.value_of(figure))
    ]
    if figure.comparator:
        checks.append(((*path, "comparator", "value"), figure.comparator.value))
    if figure.baseline:
        checks.append(((*path, "baseline", "value"), figure.baseline.value))
    for where_, value in checks:
        if value is None:
            continue
        if abs(value) >= LARGEST_FIGURE:
            yield doc.problem(
                where_,
                f"{name}: {value:,.0f} is too large to be a real figure",
                "check the value: no police statistic comes near a thousand million million",
                code="out-of-range",
            )
            continue
        what = {
            CountFigure: "a count",
            RateFigure: "a rate",
            MoneyFigure: "an amount of money",
            DurationFigure: "a length of time",
        }.get(type(figure))
        if what and value < 0:
            yield doc.problem(
                where_,
                f"{name}: {what} cannot be negative (found {value})",
                "a fall is shown by a lower value than the comparator, not a negative value",
                code="out-of-range",
            )
        if isinstance(figure, CountFigure) and value != value.to_integral_value():
            yield doc.problem(
                where_,
                f"{name}: a count must be a whole number (found {value})",
                "use kind: rate or percentage for figures with decimals",
                code="out-of-range",
            )
        if isinstance(figure, PercentageFigure) and not 0 <= value <= 100:
            yield doc.problem(
                where_,
                f"{name}: a percentage share must be between 0 and 100 (found {value})",
                "for a percentage change, use kind: change",
                code="out-of-range",
            )
        if isinstance(figure, RankFigure) and not 1 <= value <= figure.of:
            yield doc.problem(
                where_,
                f"{name}: a rank must be between 1 and {figure.of} (found {value})",
                "check the rank and the number ranked ('of')",
                code="out-of-range",
            )


def _published_change(doc: YamlDocument, path: DataPath, figure: FigureCommon) -> Iterator[Problem]:
    published = figure.published_change
    if published is None:
        return
    name = f"figure '{figure.id}'"
    comparator_value = figure.comparator.value if figure.comparator else None
    computed = quantities.computed_change(figure, comparator_value)
    if computed is None:
        if comparator_value is None and figure.comparator is None:
            yield doc.problem(
                (*path, "published_change"),
                f"{name} has a published change but no comparator",
                "add comparator: with at least the label of the earlier period",
                code="published-change",
                at_key=True,
            )
        return
    if published.absolute is not None and computed.absolute != published.absolute:
        yield doc.problem(
            (*path, "published_change", "absolute"),
            f"{name}: the published change {published.absolute} does not match the figures: "
            f"{quantities.value_of(figure)} against {comparator_value} is a change of "
            f"{computed.absolute}",
            "check the value, the comparator and the published change",
            code="change-mismatch",
        )
    if published.percent is not None:
        if computed.percent is None:
            yield doc.problem(
                (*path, "published_change", "percent"),
                f"{name}: a percentage change cannot be computed for this figure",
                "remove percent (a share changes in percentage points; give absolute)",
                code="change-mismatch",
            )
            return
        # Compare at the precision the source published: -10% agrees with a computed -9.6%.
        exponent = published.percent.as_tuple().exponent
        places = Decimal(1).scaleb(exponent) if isinstance(exponent, int) else quantities.ONE_PLACE
        assert computed.absolute is not None and comparator_value  # a percent implies both
        expected = quantities.round_half_up(computed.absolute / comparator_value * 100, places)
        if expected != published.percent:
            yield doc.problem(
                (*path, "published_change", "percent"),
                f"{name}: the published change of {published.percent}% does not match the "
                f"figures: {quantities.value_of(figure)} against {comparator_value} is "
                f"{quantities.signed_percent(computed.percent).replace(quantities.MINUS, '-')}",
                "check the value, the comparator and the published change",
                code="change-mismatch",
            )


def _narrative(
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
            if not narrative.ALLOWED_LINK.match(address):
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
            fix = _suggest(ref.figure_id, list(figures))
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
