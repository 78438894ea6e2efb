"""Composes a validated statement into the one document tree every format is laid out from."""

from reportgen.compose.audit import provenance, source_data
from reportgen.compose.document import Document
from reportgen.compose.sections import compose
from reportgen.compose.wording import Wording, WordingError, load_wording

__all__ = [
    "Document",
    "Wording",
    "WordingError",
    "compose",
    "load_wording",
    "provenance",
    "source_data",
]
