"""The statement's standard sentences, read from templates/wording.yaml and filled in for one edition."""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from reportgen.dates import long_date
from reportgen.paths import template_file
from reportgen.problems import ReportgenError
from reportgen.read.languages import ENGLISH, WELSH
from reportgen.read.register import (
    ORDER_IN_FORCE,
    ORDER_PARAGRAPH,
    ORDER_SI,
    ORDER_TITLE,
    PRINCIPAL_ORDER_TITLE,
)
from reportgen.statement import Statement

__all__ = ["WORDING_FILE", "Phrasebook", "Wording", "WordingError", "load_wording"]

WORDING_FILE = "wording.yaml"
# The Welsh counterpart, key for key, for Welsh editions and the Welsh of a bilingual one.
WELSH_WORDING_FILE = "wording.cy.yaml"


class WordingError(ReportgenError):
    """The standard wording file is missing a sentence or uses a name reportgen does not fill in."""


@dataclass(frozen=True)
class Wording:
    """The statement's standard sentences, from templates/wording.yaml."""

    path: Path
    text: dict[str, Any]

    def __call__(self, key: str, **values: str) -> str:
        template = self.text.get(key)
        if not isinstance(template, str):
            raise WordingError(
                f"{self.path}: '{key}' is missing — restore it from the original file"
            )
        return self._fill(key, template, values)

    def paragraphs(self, key: str, **values: str) -> list[str]:
        templates = self.text.get(key)
        if not isinstance(templates, list) or not all(isinstance(t, str) for t in templates):
            raise WordingError(f"{self.path}: '{key}' should be a list of paragraphs")
        return [self._fill(key, t, values) for t in templates]

    def columns(self, key: str, count: int) -> tuple[str, ...]:
        names = self.text.get(key)
        if not isinstance(names, list) or len(names) != count:
            raise WordingError(f"{self.path}: '{key}' should list {count} column headings")
        return tuple(str(n) for n in names)

    def _fill(self, key: str, template: str, values: dict[str, str]) -> str:
        for _, name, _, _ in string.Formatter().parse(template):
            if name is not None and name not in values:
                known = ", ".join("{" + n + "}" for n in sorted(values))
                raise WordingError(
                    f"{self.path}: '{key}' uses {{{name}}}, which reportgen does not fill in here "
                    f"— use one of {known}"
                )
        return template.format(**values)


def load_wording(folder: Path | None = None, language: str = ENGLISH) -> Wording:
    name = WELSH_WORDING_FILE if language == WELSH else WORDING_FILE
    path = folder / name if folder else template_file(name)
    try:
        text = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise WordingError(f"{path}: the standard wording cannot be read ({exc})") from exc
    if not isinstance(text, dict):
        raise WordingError(f"{path}: the standard wording should be a set of 'name: text' fields")
    return Wording(path, text)


class Phrasebook:
    """The standard wording with one edition's names (office, force, dates, the Order) filled in."""

    def __init__(self, wording: Wording, statement: Statement) -> None:
        self.wording = wording
        self.language = statement.language
        profile = statement.profile
        kind = profile.statement
        label = statement.label
        self.statement_kind = kind.kind
        self.overrides = {"title": kind.title} if kind.title else {}
        self.values: Mapping[str, str] = {
            "office": profile.office,
            "force": profile.force,
            "force_short": profile.force_short or profile.force,
            "area": profile.area,
            "commissioner": profile.commissioner,
            "role": profile.role,
            "financial_year": f"{label.start_year}/{(label.start_year + 1) % 100:02d}",
            "reported": wording(f"reported_{kind.frequency}"),
            "updated": wording(f"updated_{kind.frequency}"),
            "plan": profile.police_and_crime_plan,
            "board": profile.reporting_board or "",
            "edition": str(statement.label),
            "published": long_date(statement.edition.published, self.language),
            "order_title": ORDER_TITLE,
            "order_si": ORDER_SI,
            "order_paragraph": ORDER_PARAGRAPH,
            "order_in_force": long_date(ORDER_IN_FORCE, self.language),
            "principal_order": PRINCIPAL_ORDER_TITLE,
        }

    def __call__(self, key: str, **extra: str) -> str:
        if key in self.overrides:
            return self.overrides[key]
        return self.wording(key, **self.values, **extra)

    def edition_line(self) -> str:
        """'2024-25 Q4 Update', or 'Annual Report 2024/25' for an annual report."""
        kind = self.statement_kind
        return self("edition_line" if kind == "update" else "annual_report_line")

    def paragraphs(self, key: str) -> list[str]:
        return self.wording.paragraphs(key, **self.values)

    def optional(self, key: str, english: str, **extra: str) -> str:
        """A sentence only the Welsh wording holds; English keeps it in reportgen (`english`)."""
        return self(key, **extra) if key in self.wording.text else english

    def columns(self, key: str, count: int) -> tuple[str, ...]:
        return self.wording.columns(key, count)

    def describe(self, header: Sequence[str]) -> str:
        """A table's description for assistive technology: what its columns hold."""
        return self("table_description", columns=", ".join(header))
