"""The comparison as JSON for scripts, in the documented format (docs/diff.md)."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from decimal import Decimal
from typing import Any

from reportgen import __version__
from reportgen.diff.changes import Diff

__all__ = ["FORMAT", "as_data", "render_json"]

# The JSON report's format; a change to its fields that could break a reader gets a new number.
FORMAT = "reportgen-diff/1"


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
        **({"untranslated": list(result.untranslated)} if result.untranslated else {}),
    }


def render_json(result: Diff) -> str:
    """The comparison as JSON text, indented, ending with a new line."""
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
