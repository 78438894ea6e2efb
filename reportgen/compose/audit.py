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

__all__ = ["STATEMENT_TEMPLATES", "history_files", "provenance", "source_data"]

# The templates a statement is made from, recorded in its provenance. Others in templates/ (the
# website's index page) do not shape a statement, so editing them must not change its bytes.
STATEMENT_TEMPLATES = (
    WORDING_FILE,
    "reference.docx",
    "statement.html.j2",
    "statement.css",
    "statement.typ",
)


def source_data(statement: Statement) -> dict[str, Any]:
    """The validated input, exactly: embedded in every output so an archived file carries its data."""
    return {
        "edition": statement.edition.model_dump(mode="json", exclude_none=True),
        "profile": statement.profile.model_dump(mode="json", exclude_none=True),
    }


def provenance(
    statement: Statement, wording: Wording, history: Sequence[Statement] = ()
) -> dict[str, Any]:
    """What made this edition: reportgen's version, and the hash of every file it read."""
    return {
        "reportgen": __version__,
        "edition": str(statement.label),
        "inputs": {
            statement.path.name: _hash(statement.path),
            statement.profile_path.name: _hash(statement.profile_path),
        },
        # The earlier editions read for trends: a trend shows their values, and whether it is
        # drawn at all depends on them, so the same edition built beside other editions differs.
        "history": history_files(statement, history),
        # The files actually read: the wording given (wording.cy.yaml for Welsh), and each
        # other template from the project's templates/ folder or the installed copy.
        "templates": {
            (wording.path.name if name == WORDING_FILE else name): _hash(
                wording.path if name == WORDING_FILE else template_file(name)
            )
            for name in STATEMENT_TEMPLATES
        },
    }


def history_files(statement: Statement, history: Sequence[Statement]) -> dict[str, str]:
    """The earlier editions a build of `statement` reads for trends, by file name, with hashes."""
    earlier = sorted((s for s in history if s.label < statement.label), key=lambda s: s.label)
    return {s.path.name: _hash(s.path) for s in earlier}


def _hash(path: Path) -> str:
    return "sha256:" + sha256_file(path)
