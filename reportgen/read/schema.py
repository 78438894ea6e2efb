"""The JSON Schema of the input files, so editors can check and autocomplete them."""

from __future__ import annotations

from typing import Any, Literal

from reportgen.read.model import Edition, Profile

SCHEMA_BASE = "https://reportgen.invalid/schema"


def json_schema(which: Literal["edition", "profile"] = "edition") -> dict[str, Any]:
    model = Edition if which == "edition" else Profile
    schema = model.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE}/{which}.json",
        **schema,
    }
