"""Edition labels ('2024-25 Q4'), the dates of financial quarters, and finding editions in inputs/."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.problems import ReportgenError

if TYPE_CHECKING:
    from reportgen.read.model import Edition

PROFILE_NAME = "profile.yaml"
DEFAULT_INPUTS = Path("inputs")

_LABEL = re.compile(r"^(?P<start>[0-9]{4})-(?P<end>[0-9]{2})[ _-]?[Qq](?P<quarter>[1-4])$")


@dataclass(frozen=True, order=True)
class EditionLabel:
    """A financial year and quarter: the 2024-25 Q4 edition covers January to March 2025."""

    start_year: int
    quarter: int

    @classmethod
    def parse(cls, text: str) -> EditionLabel:
        match = _LABEL.match(text.strip())
        if not match:
            raise ValueError(f"'{text}' is not an edition label such as 2024-25 Q4")
        start, end = int(match["start"]), int(match["end"])
        if (start + 1) % 100 != end:
            raise ValueError(
                f"'{match['start']}-{match['end']}' is not a financial year: {start} should be followed by "
                f"{(start + 1) % 100:02d}"
            )
        return cls(start, int(match["quarter"]))

    @classmethod
    def from_edition(cls, edition: Edition) -> EditionLabel:
        return cls(int(edition.financial_year[:4]), edition.quarter)

    @property
    def financial_year(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    @property
    def slug(self) -> str:
        """The form used in file names: 2024-25-Q4."""
        return f"{self.financial_year}-Q{self.quarter}"

    def __str__(self) -> str:
        return f"{self.financial_year} Q{self.quarter}"

    @property
    def quarter_start(self) -> date:
        month = 4 + 3 * (self.quarter - 1)
        year = self.start_year + (month - 1) // 12
        return date(year, (month - 1) % 12 + 1, 1)

    @property
    def quarter_end(self) -> date:
        nxt = self.next()
        return date.fromordinal(nxt.quarter_start.toordinal() - 1)

    def next(self) -> EditionLabel:
        if self.quarter == 4:
            return EditionLabel(self.start_year + 1, 1)
        return EditionLabel(self.start_year, self.quarter + 1)


class NoEditions(ReportgenError):
    """The inputs folder has no edition files."""


def edition_files(inputs: Path) -> list[Path]:
    """Every edition file in an inputs folder, oldest first (by label, then by name)."""
    if not inputs.is_dir():
        raise NoEditions(
            f"there is no inputs folder at '{inputs}' — run reportgen from the folder that holds "
            "inputs/, or give the path of an edition file"
        )
    files = [
        p for p in inputs.glob("*.yaml") if p.name != PROFILE_NAME and not p.name.startswith(".")
    ]
    return sorted(files, key=_sort_key)


def newest_edition(inputs: Path) -> Path:
    files = edition_files(inputs)
    if not files:
        raise NoEditions(
            f"'{inputs}' has no edition files — start one with 'reportgen new 2025-26 Q1'"
        )
    return files[-1]


def label_from_filename(path: Path) -> EditionLabel | None:
    try:
        return EditionLabel.parse(path.stem)
    except ValueError:
        return None


def _sort_key(path: Path) -> tuple[int, int, str]:
    label = label_from_filename(path)
    return (label.start_year, label.quarter, path.name) if label else (0, 0, path.name)
