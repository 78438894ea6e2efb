"""The field types every input model shares: numbers and text as staff type them, and ids."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

FIGURE_ID_PATTERN = r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$"
FINANCIAL_YEAR_PATTERN = r"^[0-9]{4}-[0-9]{2}$"


class InputModel(BaseModel):
    """Base of every input model: unknown fields are mistakes, never silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


_NUMBER_TEXT = re.compile(r"^[-+]?(?:£)?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?%?$")
_DURATION_TEXT = re.compile(
    r"^\s*(?:(?P<h>[0-9]+(?:\.[0-9]+)?)\s*(?:h|hr|hrs|hours?)\s*)?"
    r"(?:(?P<m>[0-9]+(?:\.[0-9]+)?)\s*(?:m|min|mins|minutes?)\s*)?"
    r"(?:(?P<s>[0-9]+(?:\.[0-9]+)?)\s*(?:s|sec|secs|seconds?)\s*)?$"
)


# Far beyond any police statistic, and where arithmetic on exact decimals starts to fail.
_LARGEST = 15


def _number(value: Any) -> Any:
    """Accept numbers as staff type them in prose: 48,938 · 83.0% · £400,000."""
    value = _parsed_number(value)
    if isinstance(value, Decimal) and value.is_finite() and value.adjusted() >= _LARGEST:
        raise ValueError("is too large to be a real figure")
    return value


def _parsed_number(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip().replace("−", "-")
        if _NUMBER_TEXT.match(text):
            try:
                return Decimal(text.replace(",", "").replace("£", "").rstrip("%"))
            except InvalidOperation:
                return value
    if isinstance(value, float):
        return Decimal(str(value))
    return value


def duration_seconds(value: Any) -> Any:
    """Accept a number of seconds, or text such as '2m 14s', '90 seconds' or '1 hour 5 minutes'."""
    if isinstance(value, str):
        match = _DURATION_TEXT.match(value)
        if match and any(match.groupdict().values()):
            parts = {k: Decimal(v) if v else Decimal(0) for k, v in match.groupdict().items()}
            return parts["h"] * 3600 + parts["m"] * 60 + parts["s"]
    return _number(value)


_NUMBER_SCHEMA: dict[str, Any] = {
    "anyOf": [{"type": "number"}, {"type": "string", "pattern": _NUMBER_TEXT.pattern}]
}
Number = Annotated[
    Decimal, BeforeValidator(_number), WithJsonSchema(_NUMBER_SCHEMA), Field(allow_inf_nan=False)
]
Seconds = Annotated[
    Decimal,
    BeforeValidator(duration_seconds),
    WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string"}]}),
    Field(allow_inf_nan=False),
]
# A comparator or baseline is written like its figure's value, which for a duration may be text.
Comparison = Annotated[
    Decimal,
    BeforeValidator(_number),
    WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string"}]}),
    Field(allow_inf_nan=False),
]
WholeNumber = Annotated[int, BeforeValidator(_number)]


def _text(value: Any) -> Any:
    """A label such as `2024` is text; the reader keeps numbers as typed, so nothing is lost."""
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return str(value)
    return value


Text = Annotated[str, BeforeValidator(_text), Field(min_length=1)]
FigureId = Annotated[str, Field(pattern=FIGURE_ID_PATTERN)]
Qualifier = Literal["more than", "over", "about", "around", "almost", "fewer than", "at least"]
