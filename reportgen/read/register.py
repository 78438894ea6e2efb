"""The register of national policing priorities: loaded from data, with effective dates and aliases."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from reportgen.problems import ReportgenError

# The Order that requires the statement. Kept as checked constants, never free text, because real
# OPCC pages have cited the wrong SI name and in-force date.
ORDER_TITLE = "Elected Local Policing Bodies (Specified Information) (Amendment) Order 2021"
PRINCIPAL_ORDER_TITLE = "Elected Local Policing Bodies (Specified Information) Order 2011"
ORDER_SI = "SI 2021/547"
ORDER_PARAGRAPH = "7A"
ORDER_IN_FORCE = date(2021, 5, 31)


@dataclass(frozen=True)
class Priority:
    """One national priority as the register defines it."""

    id: str
    name: str
    aliases: tuple[str, ...]
    effective_from: date
    effective_to: date | None
    # The name in Welsh, for Welsh and bilingual statements; a key in Welsh is read as the priority.
    name_cy: str = ""

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )


@dataclass(frozen=True)
class Register:
    """The whole register in canonical order."""

    title: str
    source: str
    priorities: tuple[Priority, ...]

    def in_force_on(self, day: date) -> tuple[Priority, ...]:
        return tuple(p for p in self.priorities if p.in_force_on(day))

    def resolve(self, name: str) -> Priority | None:
        """The priority an id, canonical name or known alternative wording refers to."""
        wanted = _normalise(name)
        for priority in self.priorities:
            if wanted in {
                _normalise(w)
                for w in (priority.id, priority.name, priority.name_cy, *priority.aliases)
            }:
                return priority
        return None

    def closest(self, name: str, among: tuple[Priority, ...] | None = None) -> Priority | None:
        """The priority whose id, name or an alternative wording is nearest a misspelt key."""
        wordings = {
            _normalise(w): p
            for p in (self.priorities if among is None else among)
            for w in (p.id, p.name, *p.aliases)
        }
        close = difflib.get_close_matches(_normalise(name), list(wordings), n=1, cutoff=0.6)
        return wordings[close[0]] if close else None

    def get(self, priority_id: str) -> Priority:
        for priority in self.priorities:
            if priority.id == priority_id:
                return priority
        raise KeyError(priority_id)


def _normalise(text: str) -> str:
    # Wording variants differ in case, punctuation and spacing ("Tackle cyber-crime.", the Home
    # Office's "victims – with a particular focus" against "victims, with a particular focus").
    return re.sub(r"[\W_]+", " ", text).strip().casefold()


class RegisterError(ReportgenError):
    """The priority register file itself is malformed."""


def load_register(path: Path | None = None) -> Register:
    """Load a register file; without a path, the one shipped with reportgen."""
    if path is None:
        return _default_register()
    return _parse(path.read_text(encoding="utf-8"), str(path))


@cache
def _default_register() -> Register:
    text = resources.files("reportgen").joinpath("data/priorities.yaml").read_text(encoding="utf-8")
    return _parse(text, "reportgen/data/priorities.yaml")


def _parse(text: str, name: str) -> Register:
    try:
        raw = yaml.safe_load(text)
        priorities = tuple(
            Priority(
                id=str(entry["id"]),
                name=str(entry["name"]),
                aliases=tuple(str(a) for a in entry.get("aliases") or ()),
                effective_from=_as_date(entry["effective_from"]),
                effective_to=_as_date(entry["effective_to"]) if entry.get("effective_to") else None,
                name_cy=str(entry.get("name_cy") or ""),
            )
            for entry in raw["priorities"]
        )
        register = Register(str(raw["title"]), str(raw.get("source", "")), priorities)
    except (yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise RegisterError(f"{name}: the priority register is malformed ({exc})") from exc
    ids = [p.id for p in priorities]
    if len(set(ids)) != len(ids):
        raise RegisterError(f"{name}: the priority register lists an id twice")
    return register


def _as_date(value: object) -> date:
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
