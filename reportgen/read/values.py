"""Figures' values as staff type them: units, true/false and curly quotes caught before the model reads them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from reportgen.problems import DataPath, Problem, Severity
from reportgen.read.source import YamlDocument

# Word, Outlook and phones turn typed quotes into these; YAML only knows the straight ones.
_CURLY = "“”‘’„«»"
_CURLY_QUOTED = re.compile(rf"^\s*[{_CURLY}].*[{_CURLY}]\s*$", re.DOTALL)

# What each kind of figure is, for messages, and the units a value of that kind may carry.
_KIND_WORDS = {
    "count": "a count is a number of things",
    "rate": "a rate is a number per head of population",
    "percentage": "a percentage is a share from 0 to 100",
    "duration": "a duration is a length of time",
    "money": "an amount of money is in pounds",
    "rank": "a rank is a position such as 2 (2nd)",
    "change": "a change figure is a percentage change",
}
_PERCENT_KINDS = frozenset({"percentage", "change"})

# A change figure's value is a percentage; beyond this it is almost certainly a count typed there.
LARGEST_CHANGE = Decimal(1000)


def value_problems(doc: YamlDocument) -> Iterator[Problem]:
    """Problems with how values are typed, for every figure and the publication date."""
    data = doc.data
    if not isinstance(data, dict):
        return
    yield from _dated(doc, ("published",), data.get("published"))
    priorities = data.get("priorities")
    if not isinstance(priorities, dict):
        return
    for key, content in priorities.items():
        figures = content.get("figures") if isinstance(content, dict) else None
        if not isinstance(figures, list):
            continue
        for index, figure in enumerate(figures):
            if isinstance(figure, dict):
                yield from _figure(doc, ("priorities", key, "figures", index), figure)


def _figure(doc: YamlDocument, path: DataPath, figure: dict[str, Any]) -> Iterator[Problem]:
    kind = figure.get("kind") if isinstance(figure.get("kind"), str) else None
    name = f"figure '{figure['id']}'" if isinstance(figure.get("id"), str) else "this figure"
    fields: list[tuple[DataPath, Any, bool]] = [((*path, "value"), figure.get("value"), True)]
    for part in ("comparator", "baseline"):
        if isinstance(figure.get(part), dict):
            fields.append(((*path, part, "value"), figure[part].get("value"), True))
    change = figure.get("published_change")
    if isinstance(change, dict):
        fields.append(((*path, "published_change", "absolute"), change.get("absolute"), True))
        fields.append(((*path, "published_change", "percent"), change.get("percent"), False))
    for field_path, value, in_unit in fields:
        if field_path in doc.refused or value is None:
            continue
        found = _typed_number(doc, name, field_path, value, kind if in_unit else "change")
        if found is not None:
            _refuse(doc, field_path)
            yield found
    period = figure.get("period")
    if isinstance(period, dict):
        yield from _dated(doc, (*path, "period", "end"), period.get("end"))
    value = _as_number(figure.get("value"))
    if kind == "change" and value is not None and abs(value) > LARGEST_CHANGE:
        yield doc.problem(
            (*path, "value"),
            f"{name}: 'value' is {value:,}, a change of more than {LARGEST_CHANGE:,}%",
            "a change figure's value is the percentage change, e.g. -12.6 for a fall of 12.6%; "
            "if it is a number of things, set kind: count",
            code="large-change",
            severity=Severity.WARNING,
        )


def _typed_number(
    doc: YamlDocument, name: str, path: DataPath, value: Any, kind: str | None
) -> Problem | None:
    field = f"{path[-2]} value" if path[-2] in ("comparator", "baseline") else str(path[-1])
    if isinstance(value, bool):
        written = "true" if value else "false"
        return doc.problem(
            path,
            f"{name}: '{field}' is {written}, but should be a number",
            "write the figure in digits, e.g. 31; true and false are only for yes-or-no fields "
            "such as 'applicable'",
            code="bool-for-number",
        )
    if not isinstance(value, str):
        return None
    if _CURLY_QUOTED.match(value):
        bare = value.strip().strip(_CURLY)
        return doc.problem(
            path,
            f"{name}: '{field}' is written in curly quotes ({value.strip()})",
            f"delete the quote marks (Word adds curly ones) and write the number alone: {bare}",
            code="curly-quotes",
        )
    what = _KIND_WORDS.get(kind or "")
    if what is None:
        return None
    if "%" in value and kind not in _PERCENT_KINDS:
        bare = value.replace("%", "").strip()
        return doc.problem(
            path,
            f"{name}: '{field}' is {value.strip()}, but {what}, not a percentage",
            f"write the number alone, e.g. {bare}; if the figure is a share of a whole, "
            "set kind: percentage",
            code="unit-on-number",
        )
    if "£" in value and kind != "money":
        bare = value.replace("£", "").strip()
        return doc.problem(
            path,
            f"{name}: '{field}' is {value.strip()}, but {what}, not an amount of money",
            f"write the number alone, e.g. {bare}; if the figure is an amount of money, "
            "set kind: money",
            code="unit-on-number",
        )
    return None


def _dated(doc: YamlDocument, path: DataPath, value: Any) -> Iterator[Problem]:
    if isinstance(value, str) and _CURLY_QUOTED.match(value) and path not in doc.refused:
        _refuse(doc, path)
        bare = value.strip().strip(_CURLY)
        yield doc.problem(
            path,
            f"'{path[-1]}' is written in curly quotes ({value.strip()})",
            f"delete the quote marks (Word adds curly ones) and write the date alone: {bare}",
            code="curly-quotes",
        )


class _Refused:
    """Stands in for a refused value, so the model rejects it (silently: it is already reported)
    rather than reading 9% as 9 and checking arithmetic built on it."""


def _refuse(doc: YamlDocument, path: DataPath) -> None:
    doc.refused.add(path)
    container = doc.data
    for step in path[:-1]:
        container = container[step]
    container[path[-1]] = _Refused()


def _as_number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, str):
        try:
            return Decimal(value.strip().replace(",", "").rstrip("%"))
        except InvalidOperation:
            return None
    return None
