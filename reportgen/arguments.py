"""What was typed on the command line, checked: a misspelt command, or a path of the wrong sort, named in plain words."""

from __future__ import annotations

import difflib
from pathlib import Path

from reportgen.files import write_atomic
from reportgen.problems import ReportgenError
from reportgen.read.editions import DEFAULT_INPUTS, PROFILE_NAME, edition_files, newest_edition

COMMANDS = (
    "validate",
    "schema",
    "build",
    "new",
    "import",
    "diff",
    "publish",
    "verify",
    "preview",
)


def unknown_command(word: str) -> str:
    """A message for a misspelt command ('bulid'), or '' when the word is a command or an option."""
    if word.startswith("-") or word in COMMANDS:
        return ""
    close = difflib.get_close_matches(word.lower(), COMMANDS, n=1, cutoff=0.5)
    hint = (
        f"did you mean 'reportgen {close[0]}'?"
        if close
        else "the commands are: " + ", ".join(COMMANDS)
    )
    return (
        f"Error: '{word}' is not a reportgen command — {hint} ('reportgen --help' explains each)\n"
    )


def edition_file(path: Path) -> Path:
    """The edition file given to a command, refused in plain words when it is something else."""
    if path.is_dir():
        example = (
            newest_edition(path) if edition_files(path) else DEFAULT_INPUTS / "2025-26-Q1.yaml"
        )
        raise ReportgenError(
            f"{path} is a folder: give an edition file, such as {example} (or build every edition "
            f"in it with 'reportgen build --all {path}')"
        )
    if path.name == PROFILE_NAME:
        raise ReportgenError(
            f"{path} is the OPCC profile, which is checked with every edition: give an edition "
            f"file, such as {_example_edition(path.parent)}"
        )
    return path


def _example_edition(inputs: Path) -> Path:
    return newest_edition(inputs) if edition_files(inputs) else inputs / "2025-26-Q1.yaml"


def build_folder(path: Path) -> Path:
    """The build folder given to publish, refused in plain words when it is a file."""
    if path.is_file() and path.suffix.lower() in (".yaml", ".yml"):
        raise ReportgenError(
            f"{path} is an edition's input file: publish takes the folder 'reportgen build' makes "
            f"from it, such as build/{path.stem} (run 'reportgen build {path}' first)"
        )
    if path.is_file():
        raise ReportgenError(
            f"{path} is one built file: give the folder it is in, {path.parent}, so that every "
            "format is published together"
        )
    return path


def write_report(path: Path, report: str) -> None:
    if path.is_dir():
        raise ReportgenError(
            f"{path} is a folder: give a file name, such as {path / 'changes.html'}"
        )
    try:
        write_atomic(path, report.encode("utf-8"))
    except OSError as exc:
        raise ReportgenError(f"the report could not be written to {path} ({exc.strerror})") from exc


def site_folder(path: Path) -> Path:
    """The site folder given to verify, refused in plain words when it is a file in it."""
    if path.is_file():
        raise ReportgenError(f"{path} is a file: give the site folder that holds it, {path.parent}")
    return path
