"""Composes a validated statement into the one document tree every format is laid out from."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportgen.compose.audit import provenance, source_data
    from reportgen.compose.document import Document
    from reportgen.compose.languages import editions
    from reportgen.compose.sections import compose
    from reportgen.compose.wording import Wording, WordingError, load_wording

__all__ = [
    "Document",
    "Wording",
    "WordingError",
    "compose",
    "editions",
    "load_wording",
    "provenance",
    "source_data",
]

# Where each name lives. Loaded on first use, so that a module needing only a chart's spec (the
# chart-drawing process) does not load the input model and the wording with it.
_HOMES = {
    "provenance": "audit",
    "source_data": "audit",
    "Document": "document",
    "compose": "sections",
    "editions": "languages",
    "Wording": "wording",
    "WordingError": "wording",
    "load_wording": "wording",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
