"""Opening an edition to compare: its input file, a build folder, or a statement reportgen built.

A built statement is read back from the validated input and provenance embedded in it, through
the reader its format registers in :mod:`reportgen.formats`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from reportgen import __version__
from reportgen.check import validate_editions
from reportgen.compose.audit import history_files, input_files
from reportgen.console import visible
from reportgen.formats import (
    FILE_STEM,
    FORMATS,
    WELSH_SLUG,
    Format,
    UnreadableOutput,
    by_extension,
)
from reportgen.problems import InputProblems, ReportgenError, display_path
from reportgen.read.editions import edition_files
from reportgen.read.embedded import UnknownEdition
from reportgen.render.readback import BuiltStatement, confirm, read_statement, statement_of
from reportgen.statement import Statement

__all__ = [
    "DiffError",
    "IncompatibleSource",
    "NotAStatement",
    "Source",
    "SourceNotFound",
    "open_statement",
]

# A build folder holds the statement in every format; the first of these found there is read.
_PREFERRED = ("pdf", "docx", "html")
_INPUT_SUFFIXES = (".yaml", ".yml")


class DiffError(ReportgenError):
    """An edition to compare could not be opened."""


class SourceNotFound(DiffError):
    """There is no such file or folder, or a build folder holds no statement."""


class NotAStatement(DiffError):
    """The file is neither an edition's input file nor a statement reportgen made."""


class IncompatibleSource(DiffError):
    """A built statement's embedded input cannot be read by this version of reportgen."""


@dataclass(frozen=True)
class Source:
    """One side of the comparison: the file given, and what made it."""

    path: str  # as given, relative to the working folder where it is inside it
    format: str  # 'input' for an edition's input file, else the built file's format: 'pdf'
    sha256: str  # of the file itself: 'sha256:<hex>'
    edition: str  # '2024-25 Q4'
    published: date
    made_by: str | None  # the reportgen version that built the file; None for an input file
    # Input file name -> SHA-256: as recorded in a built file's provenance; for an input file,
    # what a build from it would record (the edition file and the profile beside it).
    inputs: dict[str, str]
    # The earlier editions read for trends, file name -> SHA-256, recorded the same way: for an
    # input file, the earlier editions beside it that validate, as a build from it would read.
    history: dict[str, str]


def open_statement(path: Path) -> tuple[Source, Statement]:
    """The edition at `path` and where it came from.

    Raises :class:`SourceNotFound`, :class:`NotAStatement` or :class:`IncompatibleSource` when it
    cannot be opened, and :class:`~reportgen.problems.InputProblems` when an input file has errors.
    """
    if not path.exists():
        raise SourceNotFound(
            f"there is no file or folder '{path}' — give an edition's input file, a build "
            "folder, or a PDF, DOCX or HTML statement made by reportgen"
        )
    if path.is_dir():
        path = _built_file(path)
    if path.suffix.lower() in _INPUT_SUFFIXES:
        return _from_input(path)
    built = by_extension(path.suffix)
    if built is not None:
        return _from_built(path, built)
    raise NotAStatement(
        f"'{display_path(path)}' is neither an edition's input file (.yaml) nor a statement made "
        "by reportgen (.pdf, .docx or .html) — give one of those, or a build folder"
    )


def _built_file(folder: Path) -> Path:
    _refuse_a_mixed_build(folder)
    for name in _PREFERRED:
        found = sorted(folder.glob(f"{FILE_STEM}-*{FORMATS[name].extension}"))
        # A Welsh edition built beside the English one carries the same input: compare either.
        found = [p for p in found if not p.stem.endswith(WELSH_SLUG)] or found
        if len(found) > 1:
            names = ", ".join(p.name for p in found)
            raise NotAStatement(
                f"the folder '{display_path(folder)}' holds more than one statement ({names}) "
                "— give the file to compare"
            )
        if found:
            return found[0]
    raise SourceNotFound(
        f"the folder '{display_path(folder)}' holds no statement built by reportgen "
        f"({FILE_STEM}-….pdf, .docx or .html) — give a build folder such as build/2024-25-Q4, "
        "an edition's input file, or the statement file itself"
    )


def _refuse_a_mixed_build(folder: Path) -> None:
    """Every statement in a build folder must come from one build: a build stopped while writing
    can leave new files beside old ones, and diff must not read the old one unawares."""
    sources: dict[str, str] = {}
    for name in _PREFERRED:
        found = sorted(folder.glob(f"{FILE_STEM}-*{FORMATS[name].extension}"))
        if len(found) == 1:
            embedded = _read(found[0], FORMATS[name]).embedded
            sources[found[0].name] = json.dumps(embedded.source, sort_keys=True)
    if len(set(sources.values())) > 1:
        raise NotAStatement(
            f"the files in '{visible(display_path(folder))}' were not made by the same build "
            f"({', '.join(sorted(sources))}): a build may have been stopped part-way — build "
            "the edition again, or give the file to compare"
        )


def _sha256(content: bytes) -> str:
    return "sha256:" + hashlib.sha256(content).hexdigest()


def _from_input(path: Path) -> tuple[Source, Statement]:
    result = validate_editions([path])
    if result.errors:
        raise InputProblems(result.problems)
    (statement,) = result.statements
    others = [p for p in edition_files(path.parent) if p.resolve() != path.resolve()]
    beside = validate_editions(others).statements if others else []
    inputs = input_files(statement)  # the figures workbook too, when the edition names one
    source = Source(
        path=display_path(path),
        format="input",
        sha256=inputs[path.name],
        edition=str(statement.label),
        published=statement.edition.published,
        made_by=None,
        inputs=inputs,
        history=history_files(statement, beside),
    )
    return source, statement


def _read(path: Path, built: Format) -> BuiltStatement:
    shown = visible(display_path(path))
    try:
        return read_statement(path, built)
    except UnknownEdition as exc:
        raise IncompatibleSource(
            f"'{shown}': the statement data embedded in it is not an edition this version of "
            f"reportgen ({__version__}) can read ({exc}) — compare the edition's input files instead"
        ) from None
    except UnreadableOutput as exc:
        raise NotAStatement(f"'{shown}' {_with_fix(str(exc))}") from None
    except ReportgenError as exc:
        raise NotAStatement(f"'{shown}' cannot be compared: {exc}") from None


def _with_fix(message: str) -> str:
    """The reader's message, with what to do if it does not say."""
    if " — " in message:
        return message
    return f"{message} — compare the file as published, or the edition's input files"


def _from_built(path: Path, built: Format) -> tuple[Source, Statement]:
    shown = visible(display_path(path))
    statement = _read(path, built)
    if confirm(statement) == "changed":
        raise NotAStatement(
            f"'{shown}': this file was changed after reportgen made it — its "
            f"{built.title} is not what reportgen makes from the statement data it carries, so "
            "what it shows cannot be trusted. Compare the file as published, or the edition's "
            "input files"
        )
    embedded = statement.embedded
    source = Source(
        path=shown,
        format=built.name,
        sha256=_sha256(statement.data),
        edition=str(embedded.label),
        published=embedded.edition.published,
        made_by=embedded.reportgen,
        inputs=embedded.inputs,
        history=embedded.history,
    )
    return source, statement_of(embedded, path)


def _hashes(recorded: Any) -> dict[str, str]:
    """File name -> SHA-256 as a built file's provenance records them; none if it records none."""
    return {str(k): str(v) for k, v in recorded.items()} if isinstance(recorded, dict) else {}
