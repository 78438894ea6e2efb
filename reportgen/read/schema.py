"""The JSON Schema of the input files, so editors can check and autocomplete them."""

from __future__ import annotations

from typing import Any, Literal

from reportgen.read.languages import TRANSLATED_COLLECTIONS, TRANSLATED_FIELDS
from reportgen.read.model import Edition, Profile

SCHEMA_BASE = "https://reportgen.invalid/schema"
# A text given in Welsh and in English (docs/welsh.md), wherever a reader reads the text.
PAIR = "WelshAndEnglish"
_PAIR_SCHEMA = {
    "type": "object",
    "description": "The text in English (en) and in Welsh (cy); see docs/welsh.md.",
    "properties": {
        "en": {"type": "string", "minLength": 1},
        "cy": {"type": "string", "minLength": 1},
    },
    "additionalProperties": False,
    "minProperties": 1,
}
# What describes a field rather than its values, kept outside the choice of text or pair.
_ABOUT = ("title", "description", "default")


def json_schema(which: Literal["edition", "profile"] = "edition") -> dict[str, Any]:
    model = Edition if which == "edition" else Profile
    schema = _with_pairs(model.model_json_schema(mode="validation"))
    schema.setdefault("$defs", {})[PAIR] = _PAIR_SCHEMA
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE}/{which}.json",
        **schema,
    }


def _with_pairs(node: Any) -> Any:
    """The schema with each translated field (and each item of a translated list or mapping)
    accepting a pair as well as text."""
    if isinstance(node, list):
        return [_with_pairs(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _with_pairs(value) for key, value in node.items()}
    properties = node.get("properties")
    if isinstance(properties, dict):
        for name, field in properties.items():
            if name in TRANSLATED_FIELDS:
                properties[name] = _or_pair(field)
            elif name in TRANSLATED_COLLECTIONS:
                for part in ("items", "additionalProperties"):
                    if isinstance(field.get(part), dict):
                        field[part] = _or_pair(field[part])
    return node


def _or_pair(field: dict[str, Any]) -> dict[str, Any]:
    about = {key: field[key] for key in _ABOUT if key in field}
    values = {key: value for key, value in field.items() if key not in _ABOUT}
    return {**about, "anyOf": [values, {"$ref": f"#/$defs/{PAIR}"}]}
