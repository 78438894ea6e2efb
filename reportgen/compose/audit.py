"""What a statement was made from, for auditors: its validated input and the hash of every file read."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportgen import __version__
from reportgen.compose.wording import WORDING_FILE, Wording
from reportgen.files import sha256_file
from reportgen.paths import template_file
from reportgen.statement import Statement

__all__ = [
    "STATEMENT_TEMPLATES",
    "history_files",
    "input_files",
    "provenance",
    "source_data",
    "template_hashes",
]

# The templates a statement is made from, recorded in its provenance. Others in templates/ (the
# website's index page) do not shape a statement, so editing them must not change its bytes.
STATEMENT_TEMPLATES = (
    WORDING_FILE,
    "reference.docx",
    "statement.html.j2",
    "statement.css",
    "statement.typ",
)


def source_data(statement: Statement, history: Sequence[Statement] = ()) -> dict[str, Any]:
    """The validated input, exactly: embedded in every output so an archived file carries its data.

    The earlier editions are embedded too, oldest first, so the file can be made again from what
    it carries and compared byte for byte (tamper evidence). Of each, only what a trend can draw
    on is kept: its label and its figures that share an id with this edition's. Whole editions
    would make every output grow with the archive (40 quarters would add half a megabyte).
    """
    earlier = sorted((s for s in history if s.label < statement.label), key=lambda s: s.label)
    ids = {f.id for content in statement.edition.priorities.values() for f in content.figures}
    return {
        "edition": statement.edition.model_dump(mode="json", exclude_none=True),
        "profile": statement.profile.model_dump(mode="json", exclude_none=True),
        "history": [_for_trends(s, ids) for s in earlier],
    }


def _for_trends(earlier: Statement, ids: set[str]) -> dict[str, Any]:
    """An earlier edition as trends read it: its label, and its figures with these ids."""
    edition = earlier.edition
    data = edition.model_dump(
        mode="json", exclude_none=True, include={"financial_year", "quarter", "published"}
    )
    data["priorities"] = {
        key: {
            "figures": [
                f.model_dump(mode="json", exclude_none=True) for f in content.figures if f.id in ids
            ]
        }
        for key, content in edition.priorities.items()
        if any(f.id in ids for f in content.figures)
    }
    return data


def provenance(
    statement: Statement, wording: Wording, history: Sequence[Statement] = ()
) -> dict[str, Any]:
    """What made this edition: reportgen's version, and the hash of every file it read."""
    return {
        "reportgen": __version__,
        "edition": str(statement.label),
        "inputs": input_files(statement),
        # The earlier editions read for trends: a trend shows their values, and whether it is
        # drawn at all depends on them, so the same edition built beside other editions differs.
        "history": history_files(statement, history),
        # The files actually read: the wording given (wording.cy.yaml for Welsh), and each
        # other template from the project's templates/ folder or the installed copy.
        "templates": template_hashes(wording),
    }


def template_hashes(wording: Wording) -> dict[str, str]:
    """The hash of each template a statement is made from, as its provenance records them."""
    return {
        (wording.path.name if name == WORDING_FILE else name): _hash(
            wording.path if name == WORDING_FILE else template_file(name)
        )
        for name in STATEMENT_TEMPLATES
    }


def input_files(statement: Statement) -> dict[str, str]:
    """The edition, its figures workbook if it names one, and the profile, with their hashes."""
    files = [statement.path, statement.profile_path]
    if statement.edition.figures_workbook:
        files.insert(1, statement.path.parent / statement.edition.figures_workbook)
    return {path.name: _hash(path) for path in files}


def history_files(statement: Statement, history: Sequence[Statement]) -> dict[str, str]:
    """The earlier editions a build of `statement` reads for trends, by file name, with hashes."""
    earlier = sorted((s for s in history if s.label < statement.label), key=lambda s: s.label)
    return {s.path.name: _hash(s.path) for s in earlier}


def _hash(path: Path) -> str:
    return "sha256:" + sha256_file(path)
