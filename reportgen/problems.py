"""Problems found in input files, and the exceptions that carry them to the user."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

# A path into the parsed YAML: mapping keys and list indexes, e.g. ("priorities", "homicide", "figures", 0).
DataPath = tuple[str | int, ...]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, located and explained for the person who must fix it."""

    file: str
    line: int
    column: int
    severity: Severity
    message: str
    fix: str = ""
    code: str = field(default="", compare=False)
    # For a spreadsheet, the place in words ("sheet Figures, cell E12"): line and column are then
    # the cell's row and column number, which keep problems in the order of the sheet.
    cell: str = ""

    def __str__(self) -> str:
        place = (
            f"{self.file}, {self.cell}" if self.cell else f"{self.file}:{self.line}:{self.column}"
        )
        text = f"{place}: {self.severity}: {self.message}"
        return f"{text} — {self.fix}" if self.fix else text

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": str(self.severity),
            "code": self.code,
            "message": self.message,
            "fix": self.fix,
        } | ({"cell": self.cell} if self.cell else {})


def display_path(path: Path) -> str:
    """The path as the user should see it: relative to the working folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class ReportgenError(Exception):
    """Root of every error reportgen reports to its user."""


class InputProblems(ReportgenError):
    """Raised when input files have errors; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
