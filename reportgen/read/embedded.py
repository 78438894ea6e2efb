"""Statement data embedded in a built file, checked as an input file is before anything uses it.

A built file comes back from a website or a shared folder, so what it carries is input like any
YAML file: the same model, the same characters, the same nesting, and a provenance of the shape
reportgen writes. Nothing in it reaches a terminal, a page or a comparison unchecked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from reportgen.problems import ReportgenError
from reportgen.read.characters import character_problems
from reportgen.read.editions import EditionLabel
from reportgen.read.model import Edition, Profile

# As for input files (docs/robustness.md): real data nests about 8 levels.
DEPTH_LIMIT = 32
_DIGEST = re.compile(r"sha256:[0-9a-f]{64}")
_VERSION = re.compile(r"[0-9A-Za-z.+_-]{1,40}")
_FILE_NAME = re.compile(r"[^/\\\x00-\x1f\x7f]{1,255}")


class InvalidEmbeddedData(ReportgenError):
    """A built file's embedded input or provenance is not what reportgen writes."""


class UnknownEdition(InvalidEmbeddedData):
    """The embedded input is not an edition this version of reportgen reads (another version's?)."""


@dataclass(frozen=True)
class EmbeddedStatement:
    """The checked input and provenance a built file carries."""

    edition: Edition
    profile: Profile
    label: EditionLabel
    reportgen: str  # the version that made the file
    history_editions: tuple[Edition, ...]  # the earlier editions its trends were drawn from
    inputs: dict[str, str]  # input file name -> "sha256:…"
    history: dict[str, str]  # earlier edition file name -> "sha256:…"
    source: dict[str, Any]  # {"input": …, "provenance": …} exactly as embedded


def check_embedded(source: Any) -> EmbeddedStatement:
    """The embedded data, checked; InvalidEmbeddedData saying what is wrong and where."""
    if not isinstance(source, dict) or not {"input", "provenance"} <= source.keys():
        raise InvalidEmbeddedData("it holds no statement input and provenance")
    data, provenance = source["input"], source["provenance"]
    if not isinstance(data, dict) or not isinstance(provenance, dict):
        raise InvalidEmbeddedData("its input or provenance is not a set of fields")
    _check_values(source, "", 0)
    earlier = data.get("history", [])
    if not isinstance(earlier, list):
        raise InvalidEmbeddedData("its input.history is not a list of editions")
    try:
        edition = Edition.model_validate(data.get("edition"))
        profile = Profile.model_validate(data.get("profile"))
        history = tuple(Edition.model_validate(item) for item in earlier)
    except ValidationError as exc:
        first = exc.errors()[0]
        place = ".".join(str(step) for step in first["loc"]) or "input"
        raise UnknownEdition(f"its {exc.title.lower()} {place}: {first['msg']}") from None
    try:
        label = EditionLabel.from_edition(edition)
    except ValueError as exc:
        raise InvalidEmbeddedData(f"its edition is not valid: {exc}") from None
    version = provenance.get("reportgen")
    if not (isinstance(version, str) and _VERSION.fullmatch(version)):
        raise InvalidEmbeddedData("its provenance names no reportgen version")
    if provenance.get("edition") != str(label):
        raise InvalidEmbeddedData(
            f"its provenance names edition {str(provenance.get('edition'))[:40]!r} but its input "
            f"is {label}"
        )
    return EmbeddedStatement(
        edition=edition,
        profile=profile,
        label=label,
        history_editions=history,
        reportgen=version,
        inputs=_files(provenance.get("inputs"), "inputs"),
        history=_files(provenance.get("history", {}), "history"),
        source=source,
    )


def _check_values(value: Any, path: str, depth: int) -> None:
    """Every key and text in the data: nesting as for YAML, the characters a statement may hold."""
    if depth > DEPTH_LIMIT:
        raise InvalidEmbeddedData(f"it nests more than {DEPTH_LIMIT} levels deep")
    if isinstance(value, dict):
        for key, item in value.items():
            _check_text(str(key), path or "its data")
            _check_values(item, f"{path}.{key}" if path else str(key), depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_values(item, f"{path}.{index}", depth + 1)
    elif isinstance(value, str):
        _check_text(value, path)


def _check_text(text: str, path: str) -> None:
    problems = character_problems(text)
    if problems:
        raise InvalidEmbeddedData(f"its {path} {problems[0].message}")


def _files(value: Any, what: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str)
        and _FILE_NAME.fullmatch(k)
        and isinstance(v, str)
        and _DIGEST.fullmatch(v)
        for k, v in value.items()
    ):
        raise InvalidEmbeddedData(f"its provenance's {what} are not file names with SHA-256s")
    return dict(value)
