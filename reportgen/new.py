"""Starts the next edition's input file from the previous one, with placeholders where staff must write."""

from __future__ import annotations

import calendar
import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from reportgen.dates import MONTHS, long_date
from reportgen.files import write_atomic
from reportgen.problems import InputProblems, ReportgenError
from reportgen.read.editions import EditionLabel, label_from_filename
from reportgen.read.languages import ENGLISH, is_pair
from reportgen.read.load import PLACEHOLDER
from reportgen.read.periods import read_period
from reportgen.read.source import YamlDocument, read_yaml
from reportgen.read.workbook import WORKBOOK_FIELD, merge_workbook
from reportgen.workbook_file import write_workbook


class EditionExists(ReportgenError):
    """The edition file to be created is already there; it is never overwritten."""


# What each kind of figure's value is, with an example, so the placeholder says what to type.
_WANTED = {
    "count": "a count (a whole number), such as 31",
    "rate": "a rate per {per}, such as 165.2",
    "percentage": "a percentage from 0 to 100, such as 83.0",
    "duration": "a length of time, such as 2m 14s",
    "money": "an amount in pounds, such as 400000",
    "rank": "a position, such as 2 for 2nd of {of}",
    "change": "a percentage change, such as -12.6 for a fall of 12.6%",
}
_MONTH_YEAR = re.compile(rf"\b({'|'.join(MONTHS)}) ([0-9]{{4}})\b")
_FINANCIAL_YEAR = re.compile(r"^([0-9]{4})/([0-9]{2})$")
_CALENDAR_YEAR = re.compile(r"^(?:calendar year )?([0-9]{4})$")


def new_edition(
    label: EditionLabel, previous: Path, inputs: Path, *, workbook: bool = False
) -> Path:
    """Write inputs/<label>.yaml from the previous edition and return its path. With `workbook`,
    or when the previous edition has one, its figures go in a figures workbook beside it."""
    target = inputs / f"{label.slug}.yaml"
    for path in (target, inputs / workbook_name(label)):
        if path.exists():
            raise EditionExists(
                f"{path} already exists — edit it, or delete it first to start again"
            )
    # The line-keeping reader decides whether the previous edition is sound; the round-trip
    # library below only carries its comments and layout into the new file.
    doc = read_yaml(previous)
    if doc.problems:
        raise InputProblems(doc.problems)
    if not isinstance(doc.data, dict):
        raise ReportgenError(f"{previous} does not look like an edition file")
    old_label = label_from_filename(previous)
    yaml = round_trip()
    data = yaml.load(previous.read_text(encoding="utf-8-sig"))
    months = _months_between(old_label, label)
    roll_forward(data, label, months)
    _replace_header(data, label, old_label, previous)
    figures = None
    if workbook or data.get(WORKBOOK_FIELD):
        figures = _figures_for_workbook(data, previous, months, label)
        _name_workbook(data, workbook_name(label))
    text = io.StringIO()
    yaml.dump(data, text)
    if figures is not None:
        write_workbook(inputs / workbook_name(label), figures)
    try:
        write_atomic(target, text.getvalue().encode("utf-8"))
    except BaseException:
        if figures is not None:  # never a workbook without the edition that names it
            (inputs / workbook_name(label)).unlink(missing_ok=True)
        raise
    return target


def workbook_name(label: EditionLabel) -> str:
    return f"{label.slug}-figures.xlsx"


def _figures_for_workbook(
    data: Any, previous: Path, months: int, label: EditionLabel
) -> list[tuple[str, Any]]:
    """Every figure of the new edition, rolled on, taken out of the file for the workbook: those
    written in the previous edition's file, then those in its workbook."""
    from ruamel.yaml.comments import CommentedMap

    figures: list[tuple[str, Any]] = []
    for key, content in (data.get("priorities") or {}).items():
        if isinstance(content, dict):
            figures += [(str(key), f) for f in content.pop("figures", None) or []]
    old_name = data.get(WORKBOOK_FIELD)
    if isinstance(old_name, str):
        doc = YamlDocument(previous, {WORKBOOK_FIELD: old_name, "priorities": {}})
        merge_workbook(doc)
        if doc.problems:
            raise InputProblems(doc.problems)
        shared = isinstance(data.get("period"), dict)
        for key, content in doc.data["priorities"].items():
            for figure in content.get("figures", []):
                rolled = CommentedMap(figure)
                _roll_figure(rolled, months, label.quarter_end, shared=shared)
                figures.append((str(key), rolled))
    return figures


def _name_workbook(data: Any, name: str) -> None:
    """Name the workbook after the edition's dates, where staff look for it."""
    data.pop(WORKBOOK_FIELD, None)
    keys = list(data)
    after = max(keys.index(k) for k in ("published", "period", "comparator_period") if k in data)
    data.insert(after + 1, WORKBOOK_FIELD, name)
    data.yaml_add_eol_comment(
        "the figures, one row each: type over the yellow cells", WORKBOOK_FIELD
    )


def round_trip() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML()  # round trip: comments, key order, block text and flow style are kept
    yaml.width = 4096  # a placeholder stays on one line, so it can be typed over as one
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True
    return yaml


def _months_between(old: EditionLabel | None, new: EditionLabel) -> int:
    if old is None:
        return 3
    months = (new.quarter_end.year - old.quarter_end.year) * 12
    months += new.quarter_end.month - old.quarter_end.month
    return months if months > 0 else 3


def _replace_header(
    data: Any, label: EditionLabel, old: EditionLabel | None, previous: Path
) -> None:
    """A header naming the new edition; the previous header's standing notes are kept."""
    kept: list[str] = []
    if data.ca.comment and len(data.ca.comment) > 1 and data.ca.comment[1]:
        lines = [
            line.strip().lstrip("#").strip()
            for token in data.ca.comment[1]
            for line in token.value.splitlines()
        ]
        # A note runs over several lines until one ends a sentence; a note that names the old
        # edition's year is about that edition, so all of it goes, not just the line naming it.
        note: list[str] = []
        for text in [*lines, ""]:
            if text:
                note.append(text)
            if note and (not text or text.endswith((".", "!", "?", ":"))):
                about_old = old and any(
                    old.financial_year.replace("-", "/") in line.replace("-", "/") for line in note
                )
                if not about_old:
                    kept.extend(note)
                note = []
        data.ca.comment[1] = []
    header = [
        f"National Policing Priorities Statement — {label} (started from {old or previous.name}).",
        "Type over every [FILL IN …] text: 'reportgen validate' lists any left.",
        "Text goes on the indented lines under '>-': apostrophes, colons, quotes and # are safe.",
        'Numbers and dates go between the double quotes, e.g. "31" or "2025-06-30".',
        "Each period has been moved on and each comparator is the same period a year earlier:",
        "check them, and fill in the comparator's value from the source.",
        *kept,
    ]
    data.yaml_set_start_comment("\n".join(header))


def fill_in(what: str) -> Any:
    """A placeholder for a number or a date, typed between its double quotes."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    return DoubleQuotedScalarString(f"{PLACEHOLDER}: {what}]")


def fill_in_text(what: str) -> Any:
    """A placeholder for prose, as block text, so any characters can be typed over it."""
    from ruamel.yaml.scalarstring import FoldedScalarString

    return FoldedScalarString(f"{PLACEHOLDER}: {what}]")


def roll_forward(data: Any, label: EditionLabel, months: int) -> None:
    """Turn the previous edition's data (a round-trip mapping) into the next edition's."""
    from ruamel.yaml.comments import CommentedMap

    data["financial_year"] = label.financial_year
    data["quarter"] = label.quarter
    data["published"] = fill_in(
        f"the publication date, such as {_after(label.quarter_end).isoformat()}, "
        f"after {long_date(label.quarter_end)}"
    )
    # The edition's own period, which figures without one take, moves on the same way, and the
    # period they are compared with becomes the same period a year earlier.
    shared = data.get("period")
    if isinstance(shared, dict):
        data["period"], new_label = _rolled_period(shared, months, label.quarter_end)
        earlier = year_earlier(new_label) if new_label else None
        data["comparator_period"] = earlier or fill_in_text(
            "the period most figures are compared with: the same period a year earlier"
        )
    for key, content in (data.get("priorities") or {}).items():
        if not isinstance(content, dict):
            continue
        figures = [f for f in content.get("figures") or [] if isinstance(f, dict)]
        ids = [
            f"{{{f['id']}}}"
            for f in figures
            if isinstance(f.get("id"), str) and "not_available" not in f
        ][:2]
        refer = f"; write {' or '.join(ids)} where a figure's value goes" if ids else ""
        paragraph = fill_in_text(f"how the force contributed to '{key}' in {label}{refer}")
        if any(is_pair(item) for item in content.get("narrative") or []):
            # Written in Welsh and English last time: the Welsh has its own place to type.
            paragraph = CommentedMap(
                [("en", paragraph), ("cy", fill_in_text("the same paragraph in Welsh"))]
            )
        content["narrative"] = [paragraph]
        for figure in figures:
            _roll_figure(figure, months, label.quarter_end, shared=isinstance(shared, dict))


def _after(day: date) -> date:
    """An example publication date: the last day of the month after the quarter ends."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, calendar.monthrange(year, month)[1])


def _roll_figure(figure: Any, months: int, quarter_end: date, *, shared: bool) -> None:
    """Move the period on and propose a like-for-like comparator with its value to fill in.

    A figure that takes the edition's period (`shared`, and no period of its own) keeps taking
    it, and its comparator takes the edition's comparator period.
    """
    from ruamel.yaml.comments import CommentedMap

    figure.pop("published_change", None)
    figure.pop("revision", None)  # a revision belongs to the edition that made it
    _keep_baseline(figure)
    own = isinstance(figure.get("period"), dict) or not shared
    new_label: str | None = None
    if own:
        period = figure.get("period")
        figure["period"], new_label = _rolled_period(
            period if isinstance(period, dict) else {}, months, quarter_end
        )
    if "not_available" in figure:
        return
    kind = str(figure.get("kind", ""))
    wanted = _WANTED.get(kind, "the value").format(
        per=f"{figure.get('per', 100000):,}", of=figure.get("of", 43)
    )
    period_words = new_label or ("the new period" if own else "the edition's period")
    figure["value"] = fill_in(f"{wanted}, for {period_words}")
    comparator = CommentedMap()
    earlier = year_earlier(new_label) if new_label else None
    if earlier is not None:
        comparator["label"] = earlier
    elif own:
        comparator["label"] = fill_in_text(
            "the same period a year earlier, as it should be printed"
        )
    if kind != "change":  # a change figure's value is itself the change on the comparator
        then = earlier or ("that period" if own else "the edition's comparator period")
        comparator["value"] = fill_in(f"the value for {then}, {wanted}")
    if comparator:
        figure["comparator"] = comparator
    else:
        figure.pop("comparator", None)
    _order(figure)


def _keep_baseline(figure: Any) -> None:
    """A baseline stays, but a change published against it was the old value's. A baseline given
    by that change alone keeps the value the change implies (old value less the change)."""
    baseline = figure.get("baseline")
    if not isinstance(baseline, dict) or "published_change" not in baseline:
        return
    change = baseline.pop("published_change")
    if baseline.get("value") is not None:
        return
    absolute = change.get("absolute") if isinstance(change, dict) else None
    try:
        implied = Decimal(str(figure.get("value")).replace(",", "")) - Decimal(str(absolute))
    except ArithmeticError:
        implied = None
    if implied is None or absolute is None:
        baseline["value"] = fill_in(f"the value for {baseline.get('label', 'the baseline')}")
    else:
        whole = implied == implied.to_integral_value()
        baseline["value"] = int(implied) if whole else str(implied)


def _rolled_period(period: Any, months: int, quarter_end: date) -> tuple[Any, str | None]:
    """A period moved on by `months`, and its new label when it could be worked out."""
    from ruamel.yaml.comments import CommentedMap

    label = period.get("label", "")
    old_label = str(label.get(ENGLISH, "") if is_pair(label) else label)
    old_end = period.get("end")
    if not isinstance(old_end, date):
        # The label alone may say when it ends ("12 months to June 2025").
        read = read_period(old_label) if old_label else None
        old_end = read.end if read else None
    new_period = CommentedMap()
    new_label = _moved(old_label, old_end, months) if isinstance(old_end, date) else None
    if new_label is not None and isinstance(old_end, date):
        new_period["label"] = new_label
        # A running total ('… to date') runs to the new quarter's end; other periods move on.
        running = new_label.endswith("to date")
        new_period["end"] = quarter_end if running else _month_end(old_end, months)
        new_period.yaml_add_eol_comment(f"check: moved on from {old_label}", "label")
        return new_period, new_label
    new_period["label"] = fill_in_text(
        f"the period this value covers, as it should be printed; last time: {old_label or 'none'}"
    )
    example = _month_end(old_end, months) if isinstance(old_end, date) else date(2025, 6, 30)
    new_period["end"] = fill_in(f"the period's last day, such as {example.isoformat()}")
    return new_period, None


def _order(figure: Any) -> None:
    """Keep the field order staff know: value and period first, comparator after them."""
    first = [k for k in ("id", "kind", "label", "value", "period", "comparator") if k in figure]
    for position, key in enumerate(first):
        if list(figure).index(key) != position:
            _move(figure, key, position)


def _move(figure: Any, key: str, position: int) -> None:
    comment = figure.ca.items.pop(key, None)
    value = figure.pop(key)
    figure.insert(position, key, value)
    if comment is not None:
        figure.ca.items[key] = comment


def _month_end(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    return date(year, month + 1, calendar.monthrange(year, month + 1)[1])


def _moved(label: str, end: date, months: int) -> str | None:
    """The period label moved on by some months: '12 months to September 2024' to December."""
    if _MONTH_YEAR.search(label):
        return _MONTH_YEAR.sub(lambda m: _shift(m, months), label)
    if label.endswith("to date"):
        return label  # a running total: the same words, a later end
    new_end = _month_end(end, months)
    financial, calendar_year = _FINANCIAL_YEAR.match(label), _CALENDAR_YEAR.match(label)
    if months % 12 == 0 and financial:
        # A whole number of years on, a financial year stays one: 2024/25 becomes 2025/26.
        start = int(financial[1]) + months // 12
        return f"{start}/{(start + 1) % 100:02d}"
    if months % 12 == 0 and calendar_year:
        return label.replace(calendar_year[1], str(int(calendar_year[1]) + months // 12))
    if financial or calendar_year:
        return f"12 months to {MONTHS[new_end.month - 1]} {new_end.year}"
    return None


def year_earlier(label: str) -> str | None:
    if _MONTH_YEAR.search(label):
        return _MONTH_YEAR.sub(lambda m: _shift(m, -12), label)
    financial = _FINANCIAL_YEAR.match(label)
    if financial:
        start = int(financial[1]) - 1
        return f"{start}/{(start + 1) % 100:02d}"
    return None


def _shift(match: re.Match[str], months: int) -> str:
    total = int(match[2]) * 12 + MONTHS.index(match[1]) + months
    year, month = divmod(total, 12)
    return f"{MONTHS[month]} {year}"


# -- plain data as an input file (the benchmarks' archives and the property tests write these) -----


class _Dumper(yaml.SafeDumper):
    """Writes input files the way staff would: block style, multi-line text as | blocks."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:float", str(value))


def _date(dumper: yaml.SafeDumper, value: date) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


_Dumper.add_representer(str, _str)
_Dumper.add_representer(Decimal, _decimal)
_Dumper.add_representer(date, _date)


def dump(data: Any) -> str:
    """Plain data (mappings, lists, text, numbers, dates) written as an input file."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, indent=2)
