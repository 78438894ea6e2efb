"""Compares two editions of the statement for auditors: figures, revisions, applicability, narrative, charts.

OLD and NEW may each be an edition's input file (validated, with the profile beside it), a build
folder (its PDF, else its DOCX, else its HTML), or a PDF, DOCX or HTML statement that reportgen made,
read back from the validated input embedded in it. :func:`compare_paths` gives the
:class:`~reportgen.diff.changes.Diff`; :func:`render_text`, :func:`render_json` and
:func:`render_html` report it. Revisions come from :mod:`reportgen.check.revisions`.
"""

from reportgen.diff.as_json import FORMAT, as_data, render_json
from reportgen.diff.changes import Diff
from reportgen.diff.compare import compare, compare_paths
from reportgen.diff.html import render_html
from reportgen.diff.redline import Segment, redline
from reportgen.diff.sources import (
    DiffError,
    IncompatibleSource,
    NotAStatement,
    Source,
    SourceNotFound,
    open_statement,
)
from reportgen.diff.text import TEXT_WIDTH, render_text

__all__ = [
    "FORMAT",
    "TEXT_WIDTH",
    "Diff",
    "DiffError",
    "IncompatibleSource",
    "NotAStatement",
    "Segment",
    "Source",
    "SourceNotFound",
    "as_data",
    "compare",
    "compare_paths",
    "open_statement",
    "redline",
    "render_html",
    "render_json",
    "render_text",
]
