"""Loads the profile and an edition from YAML into the input model, translating every error for staff."""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Generic, TypeVar, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from reportgen.problems import DataPath, Problem
from reportgen.read.languages import ENGLISH, in_language, welsh_view
from reportgen.read.model import FIGURE_KINDS, Edition, Profile
from reportgen.read.periods import EXAMPLES
from reportgen.read.source import YamlDocument, read_yaml
from reportgen.read.values import value_problems
from reportgen.read.workbook import merge_workbook, missing_cell_fix

ModelT = TypeVar("ModelT", bound=BaseModel)

PLACEHOLDER = "[FILL IN"


@dataclass
class Loaded(Generic[ModelT]):
    """A parsed file and, where it validated, its model. Parts that failed are left out."""

    doc: YamlDocument
    model: ModelT | None
    # Data paths under which validation failed, so later checks do not repeat those errors.
    failed: frozenset[DataPath] = frozenset()
    # The file as Welsh readers read it, when the profile asks for Welsh and it has all its Welsh.
    welsh: ModelT | None = None


def load_profile(path: Path) -> Loaded[Profile]:
    doc = read_yaml(path)
    if not _is_mapping(doc, "the OPCC profile"):
        return Loaded(doc, None)
    _check_text(doc, doc.data, ())
    paired = doc.data
    doc.data = in_language(paired, ENGLISH)
    model, failed = _validate(doc, Profile, doc.data)
    asks_welsh = model is not None and model.language.editions != "english"
    welsh = welsh_view(doc, paired, Profile, asks_welsh, where)
    return Loaded(doc, model, failed, welsh)


def load_edition(path: Path, *, welsh: bool = False) -> Loaded[Edition]:
    """An edition as English readers read it and, when `welsh`, as Welsh readers do."""
    doc = read_yaml(path)
    if not _is_mapping(doc, "an edition"):
        return Loaded(doc, None)
    merge_workbook(doc)
    _find_placeholders(doc, doc.data, ())
    _check_text(doc, doc.data, ())
    paired = doc.data
    doc.data = in_language(paired, ENGLISH)
    doc.problems.extend(value_problems(doc))
    model, failed = _validate(doc, Edition, doc.data)
    if model is None:
        model = _partial_edition(doc.data, failed)
    return Loaded(doc, model, failed, welsh_view(doc, paired, Edition, welsh, where))


def _is_mapping(doc: YamlDocument, what: str) -> bool:
    """Whether the file parsed into 'name: value' fields; reports it when it did not."""
    if doc.data is None:
        return False  # the reader has already said why
    if not isinstance(doc.data, dict):
        doc.problems.append(_not_a_mapping(doc, what))
        return False
    return True


def _not_a_mapping(doc: YamlDocument, what: str) -> Problem:
    return doc.problem(
        (),
        f"the file does not describe {what}: it should be a set of 'name: value' fields",
        "start from the example in docs/input-format.md",
        code="not-a-mapping",
    )


def _find_placeholders(doc: YamlDocument, data: Any, path: DataPath) -> None:
    """Report every '[FILL IN …]' left by 'reportgen new' until staff replace it."""
    if isinstance(data, dict):
        for key, value in data.items():
            _find_placeholders(doc, value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            _find_placeholders(doc, value, (*path, index))
    elif isinstance(data, str) and PLACEHOLDER in data:
        start = data.index(PLACEHOLDER)
        end = data.find("]", start)
        hint = data[start + len(PLACEHOLDER) : end if end > 0 else None].strip(" :")
        doc.problems.append(
            doc.problem(
                path,
                f"{where(doc.data, path) or path[-1]}: a placeholder has not been filled in",
                hint or "replace the [FILL IN …] text",
                code="placeholder",
            )
        )


def _check_text(doc: YamlDocument, data: Any, path: DataPath) -> None:
    """Report characters no statement should carry: controls, bidi overrides, missing glyphs."""
    from reportgen.read.characters import character_problems

    if isinstance(data, dict):
        for key, value in data.items():
            _check_text(doc, value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            _check_text(doc, value, (*path, index))
    elif isinstance(data, str):
        place = where(doc.data, path) or str(path[-1] if path else "this file")
        for found in character_problems(data):
            doc.problems.append(
                doc.problem(
                    path,
                    f"{place}: {found.message}",
                    found.fix,
                    code="character",
                    needle=found.char,
                )
            )


def _validate(
    doc: YamlDocument, model: type[ModelT], data: dict[str, Any]
) -> tuple[ModelT | None, frozenset[DataPath]]:
    try:
        return model.model_validate(data), frozenset()
    except ValidationError as exc:
        failed = set()
        # Placeholders and values the YAML reader already refused have their own message.
        explained = set(_placeholder_paths(data, ())) | doc.refused
        for error in exc.errors():
            path, problem = translate(doc, model, error)
            failed.add(path)
            if path not in explained:
                doc.problems.append(problem)
        return None, frozenset(failed)


def _placeholder_paths(data: Any, path: DataPath) -> Iterable[DataPath]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _placeholder_paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _placeholder_paths(value, (*path, index))
    elif isinstance(data, str) and PLACEHOLDER in data:
        yield path


def _partial_edition(data: dict[str, Any], failed: frozenset[DataPath]) -> Edition | None:
    """The parts of an edition that did validate, so that their checks still run."""
    from reportgen.read.model import PriorityContent
    from reportgen.read.periods import with_edition_defaults

    data = with_edition_defaults(data)
    if any(path[:1] != ("priorities",) or len(path) < 2 for path in failed):
        return None
    try:
        header = Edition.model_validate({**data, "priorities": {}})
    except ValidationError:
        return None
    broken = {path[1] for path in failed}
    priorities = {
        key: PriorityContent.model_validate(value)
        for key, value in (data.get("priorities") or {}).items()
        if key not in broken
    }
    return header.model_copy(update={"priorities": priorities})


# -- turning pydantic's errors into sentences -------------------------------------------------------


def data_path(data: Any, loc: tuple[str | int, ...]) -> DataPath:
    """Keep only the parts of a pydantic location that exist in the data (drops union tags)."""
    path: list[str | int] = []
    current = data
    for step in loc:
        if _has(current, step):
            current = current[step]
            path.append(step)
        elif isinstance(current, dict) and isinstance(step, str) and step not in FIGURE_KINDS:
            path.append(step)  # a missing or unknown field: name it, it is not in the data
            current = None
    return tuple(path)


def where(data: Any, path: DataPath) -> str:
    """The part of the statement a path points into, in the words staff use."""
    if len(path) >= 4 and path[0] == "priorities" and path[2] == "figures":
        figure = _get(data, path[:4])
        if isinstance(figure, dict) and isinstance(figure.get("id"), str):
            return f"figure '{figure['id']}'"
        return f"figure {int(path[3]) + 1} of priority '{path[1]}'"
    if len(path) >= 4 and path[0] == "priorities" and path[2] == "narrative":
        return f"narrative paragraph {int(path[3]) + 1} of priority '{path[1]}'"
    if len(path) >= 2 and path[0] == "priorities":
        return f"priority '{path[1]}'"
    if len(path) >= 2 and path[0] == "applicability":
        return f"applicability of '{path[1]}'"
    if path and path[0] == "contact":
        return "contact details"
    return ""


def _has(data: Any, step: str | int) -> bool:
    if isinstance(data, dict):
        return step in data
    return isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data)


def _get(data: Any, path: DataPath) -> Any:
    for step in path:
        if _has(data, step):
            data = data[step]
        else:
            return None
    return data


def describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "…"
        return f"the text '{shown}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    return type(value).__name__


_FIELD_HINTS = {
    "id": "use lower case words joined by hyphens, e.g. 'knife-offences'",
    "financial_year": "write the financial year as 2024-25",
    "email": "give an email address such as name@example.police.uk",
    "website": "give the full address, starting https://",
    "proxy": "give the id of another figure, e.g. 'knife-offences'",
    "figures": "give figure ids, e.g. 'knife-offences'",
}


def translate(
    doc: YamlDocument, root: type[BaseModel], error: ErrorDetails
) -> tuple[DataPath, Problem]:
    """One pydantic error as a located problem in the words of the statement."""
    data = doc.data
    path = data_path(data, tuple(error["loc"]))
    kind = error["type"]
    field = next((str(s) for s in reversed(path) if isinstance(s, str)), "value")
    place = where(data, path)
    place = f"{place}: " if place else ""
    found = describe(error.get("input"))
    ctx = error.get("ctx") or {}
    at_key = False
    if kind == "missing" and field == "end" and len(path) >= 2 and path[-2] == "period":
        label = _get(data, (*path[:-1], "label"))
        message = f"{place}the period '{label}' cannot be read as dates, and has no end date"
        fix = f"write the label like {', '.join(EXAMPLES[:6])}, or add end: YYYY-MM-DD"
        path, at_key = (*path[:-1], "label"), False
    elif kind == "missing" and doc.cell_of(path[:-1]) is not None:
        message, fix = f"{place}'{field}' is missing", missing_cell_fix(doc, path)
    elif kind == "missing":
        message, fix = f"{place}'{field}' is missing", f"add '{field}:' (see docs/input-format.md)"
        path = path[:-1]
        at_key = True
    elif kind == "extra_forbidden" and (split := _split_number(data, path)):
        message = (
            f"{place}the comma in {split} ends the value inside {{ }}, so '{field}' is read as "
            "another field"
        )
        fix = (
            f"write the number without commas ({split.replace(',', '')}), or in quotes "
            f"('{split}'), or on its own line"
        )
        at_key = True
    elif kind == "extra_forbidden":
        allowed = fields_at(root, data, path[:-1])
        close = difflib.get_close_matches(field, allowed, n=1, cutoff=0.6)
        message = f"{place}'{field}' is not a field here"
        fix = (
            f"did you mean '{close[0]}'?" if close else f"the fields here are: {', '.join(allowed)}"
        )
        at_key = True
    elif kind in ("union_tag_invalid", "union_tag_not_found"):
        kinds = ", ".join(FIGURE_KINDS)
        if kind == "union_tag_not_found":
            message = f"{place}the figure has no 'kind'"
        else:
            message = f"{place}'{ctx.get('tag')}' is not a kind of figure"
        close = difflib.get_close_matches(str(ctx.get("tag", "")), FIGURE_KINDS, n=1)
        fix = f"did you mean '{close[0]}'?" if close else f"use one of: {kinds}"
        if kind == "union_tag_invalid":
            path = (*path, "kind")
    elif error.get("input", "") is None and not (kind == "missing" or kind.startswith("union")):
        message, fix = _empty(place, path, field)
    elif (
        kind == "string_type" and isinstance(error.get("input"), dict) and len(error["input"]) == 1
    ):
        message = (
            f"{place}the text has a colon followed by a space, so YAML read it as "
            f"'{next(iter(error['input']))}: …', a name and a value"
        )
        fix = (
            "write the text as a block: put >- after the '- ' or the field's colon, and the "
            "text on the lines below, indented; or put the whole text in double quotes"
        )
    elif kind == "string_type":
        message = f"{place}'{field}' should be text, but is {found}"
        fix = "put the value in double quotes"
    elif kind in ("int_parsing", "int_type", "int_from_float"):
        message = f"{place}'{field}' should be a whole number, but is {found}"
        fix = "write the number in digits without a decimal point, e.g. 31 or 48938"
    elif kind in ("decimal_parsing", "decimal_type", "float_parsing", "float_type"):
        message = f"{place}'{field}' should be a number, but is {found}"
        fix = "write the number in digits, e.g. 12.7 or 48,938"
    elif kind == "finite_number":
        message = f"{place}'{field}' must be a real number, but is {found}"
        fix = "give the figure's value in digits, or mark it not_available with a reason"
    elif kind.startswith("date") or kind == "datetime_type":
        message = f"{place}'{field}' should be a date, but is {found}"
        fix = "write dates as YYYY-MM-DD, e.g. 2025-03-31"
    elif kind == "value_error" and " — " in str(ctx.get("error", "")):
        # A check that says in full what is wrong and how to fix it (a period's dates, say).
        detail, fix = str(ctx["error"]).split(" — ", 1)
        message = f"{place}{detail}"
    elif kind == "value_error":
        detail = str(ctx.get("error", error["msg"]))
        message = f"{place}'{field}' {detail} ({describe(error.get('input'))[4:]})"
        fix = "check the value in the source"
    elif kind in ("bool_parsing", "bool_type"):
        message = f"{place}'{field}' should be true or false, but is {found}"
        fix = "write true or false"
    elif kind == "literal_error":
        message = f"{place}'{field}' cannot be {found}"
        fix = f"use one of: {ctx.get('expected', '')}".replace("'", "")
    elif kind == "string_pattern_mismatch":
        message = f"{place}'{field}' cannot be {found}"
        fix = _FIELD_HINTS.get(field, "see docs/input-format.md for the form this field takes")
    elif kind in ("too_short", "string_too_short"):
        message = f"{place}'{field}' is empty"
        fix = "fill it in, or remove the field if it is optional"
    elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        message = f"{place}'{field}' is out of range ({found})"
        fix = f"it must be {error['msg'].removeprefix('Input should be ')}"
    elif kind in ("dict_type", "model_type", "model_attributes_type"):
        message = f"{place}'{field}' should be a group of 'name: value' fields, but is {found}"
        fix = "indent its fields under it, one per line"
    elif kind == "list_type":
        message = f"{place}'{field}' should be a list, but is {found}"
        fix = "write each item on its own line starting with '- '"
    else:
        message = f"{place}'{field}': {error['msg']}"
        fix = "see docs/input-format.md"
    return path, doc.problem(path, message, fix, code=f"schema-{kind}", at_key=at_key)


def _split_number(data: Any, path: DataPath) -> str | None:
    """'20,241' when a comma inside { } has cut a number in two: {value: 20,241} reads as
    value 20 and a field named 241."""
    parent, field = _get(data, path[:-1]), path[-1] if path else None
    if not isinstance(parent, dict) or not isinstance(field, str):
        return None
    if not re.fullmatch(r"[0-9]{3}(?:\.[0-9]+)?", field) or parent.get(field) is not None:
        return None
    keys = list(parent)
    start = keys.index(field)
    while start > 0 and _number_group(parent, keys[start - 1]):
        start -= 1
    end = keys.index(field)
    while end + 1 < len(keys) and _number_group(parent, keys[end + 1]):
        end += 1
    first = parent.get(keys[start - 1]) if start > 0 else None
    if isinstance(first, int) and not isinstance(first, bool):
        return ",".join([str(first), *(str(k) for k in keys[start : end + 1])])
    return None


def _number_group(parent: dict[Any, Any], key: Any) -> bool:
    return isinstance(key, str) and bool(re.fullmatch(r"[0-9]{3}", key)) and parent[key] is None


def _empty(place: str, path: DataPath, field: str) -> tuple[str, str]:
    """An empty field or list item: the advice is to write something, not to quote it."""
    if path and isinstance(path[-1], int):
        return (
            f"{place[:-2] if place else f'item {path[-1] + 1} of {field!r}'} is empty",
            "write the text after the '- ' on the same line, or delete the line",
        )
    return (
        f"{place}'{field}' is empty",
        f"write its value after '{field}:' on the same line, or delete the line if the field "
        "is optional",
    )


def fields_at(root: type[BaseModel], data: Any, path: DataPath) -> list[str]:
    """The field names the model allows at a data path, for 'did you mean' suggestions."""
    current: Any = root
    for depth, step in enumerate(path):
        current = _unwrap(current, _get(data, path[:depth]))
        if isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(str(step))
            if info is None:
                return []
            current = info.annotation
        elif get_origin(current) is list:
            current = get_args(current)[0]
        elif get_origin(current) is dict:
            current = get_args(current)[1]
    current = _unwrap(current, _get(data, path))
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(annotation: Any, data: Any) -> Any:
    """Strip Annotated and Optional; pick the figure class a 'kind' names."""
    while True:
        origin = get_origin(annotation)
        if origin is typing.Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in get_args(annotation) if a is not type(None)]
            kind = data.get("kind") if isinstance(data, dict) else None
            chosen = FIGURE_KINDS.get(kind) if isinstance(kind, str) else None
            if chosen is not None and chosen in members:
                return chosen
            models = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)]
            annotation = models[0] if models else members[0]
        else:
            return annotation
