"""Reading a built statement back, and confirming it is the file reportgen made, byte for byte.

A built file is read within limits (reportgen.bounded), its embedded data checked as input is
(reportgen.read.embedded), and then, since builds are byte-reproducible, made again from that
data: a file whose bytes differ was changed after reportgen made it, whatever its embedded data
says. Diff and publish both read built files through here.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from reportgen import __version__
from reportgen.bounded import BUILT_FILE_LIMIT, UnsafeFile, read_file
from reportgen.compose.audit import template_hashes
from reportgen.compose.languages import WELSH_DATA
from reportgen.formats import Format, UnreadableOutput
from reportgen.read.embedded import (
    EmbeddedStatement,
    InvalidEmbeddedData,
    UnknownEdition,
    check_embedded,
)
from reportgen.read.languages import ENGLISH, WELSH
from reportgen.read.model import Edition, Profile
from reportgen.read.register import load_register
from reportgen.statement import Statement

Verdict = Literal["made by reportgen", "changed", "other version", "other templates"]


@dataclass(frozen=True)
class BuiltStatement:
    """A built file's bytes and its checked embedded data."""

    path: Path
    format: Format
    data: bytes
    embedded: EmbeddedStatement


def read_statement(path: Path, built: Format) -> BuiltStatement:
    """The file at `path`, read within limits, with its embedded data checked.

    Raises UnreadableOutput, with a sentence to follow the file's name, for a file that is damaged,
    beyond the limits, or carries data reportgen would not have embedded; UnknownEdition for data
    this version cannot read as an edition; the format's reader's own ReportgenError for a file
    with no statement data at all.
    """
    try:
        data = read_file(path, BUILT_FILE_LIMIT, f"{built.title} statement")
        source = built.read_source(data)
        embedded = check_embedded(source)
    except UnknownEdition:
        raise
    except InvalidEmbeddedData as exc:
        raise UnreadableOutput(
            f"carries statement data reportgen would not have written ({exc}), so it was changed "
            "after reportgen made it, or made by something else"
        ) from None
    except UnsafeFile as exc:
        raise UnreadableOutput(str(exc)) from None
    except (ValueError, RecursionError, MemoryError) as exc:  # a reader's own, for a damaged file
        raise UnreadableOutput(f"cannot be read ({type(exc).__name__}: {exc})") from None
    register = load_register()
    editions = [embedded.edition, *embedded.history_editions]
    if any(register.resolve(key) is None for e in editions for key in e.priorities):
        raise UnknownEdition("it names a priority this version of reportgen does not know")
    return BuiltStatement(path, built, data, embedded)


def statement_of(embedded: EmbeddedStatement, path: Path) -> Statement:
    """The Statement a built file carries, with its Welsh if it carries that too; `path` stands
    in for both its input files."""
    statement = Statement.of(path, path, embedded.edition, embedded.profile, load_register())
    statement.welsh = _welsh(embedded.source["input"].get(WELSH_DATA), path)
    return statement


def _welsh(data: Any, path: Path) -> Statement | None:
    """The Welsh of an edition as a file embeds it beside the English (checked with it)."""
    try:
        edition = Edition.model_validate(data["edition"])
        profile = Profile.model_validate(data["profile"])
    except (KeyError, TypeError, ValidationError):
        return None
    return Statement.of(path, path, edition, profile, load_register(), WELSH)


def _welsh_history(embedded: EmbeddedStatement, path: Path) -> list[Statement | None]:
    data = embedded.source["input"].get(WELSH_DATA)
    earlier = data.get("history") if isinstance(data, dict) else None
    if not isinstance(earlier, list):
        return []
    return [_welsh({"edition": e, "profile": data.get("profile")}, path) for e in earlier]


def confirm(statement: BuiltStatement) -> Verdict:
    """Whether the file is exactly what reportgen makes from its embedded data.

    "other version" and "other templates": it was made by another version of reportgen, or with
    other templates than this project's, so making it again here cannot confirm it either way.
    A verdict is kept for the process, by the file's bytes and the templates, so publishing or
    comparing the same file again does not make it again.
    """
    embedded = statement.embedded
    if embedded.reportgen != __version__:
        return "other version"
    from reportgen.compose import load_wording

    # Every template this project has, the wording in each language: a file records those it
    # was made with (a bilingual one both wordings).
    templates = {
        **template_hashes(load_wording(language=ENGLISH)),
        **template_hashes(load_wording(language=WELSH)),
    }
    recorded = embedded.source["provenance"].get("templates")
    if not isinstance(recorded, dict) or any(templates.get(k) != v for k, v in recorded.items()):
        return "other templates"
    key = (statement.format.name, hashlib.sha256(statement.data).hexdigest(), str(templates))
    if key not in _VERDICTS:
        _VERDICTS[key] = "made by reportgen" if remake(statement) == statement.data else "changed"
    return _VERDICTS[key]


_VERDICTS: dict[tuple[str, str, str], Verdict] = {}


def remake(statement: BuiltStatement) -> bytes:
    """The file made again from its embedded data alone, as build makes it."""
    from reportgen.compose.languages import editions
    from reportgen.render.chart_cache import ChartCache

    embedded = statement.embedded
    current = statement_of(embedded, statement.path)
    history = [_earlier(edition, embedded, statement.path) for edition in embedded.history_editions]
    for earlier, welsh in zip(history, _welsh_history(embedded, statement.path), strict=False):
        earlier.welsh = welsh
    documents = editions(current, history, recorded=dict(embedded.source["provenance"]))
    cache = ChartCache()
    made = b""
    # An edition published in Welsh and English apart is two documents from the same data:
    # the file is whichever of them it is.
    for document in documents:
        images: dict[str, bytes] = {}
        for chart in document.charts:
            drawn = cache.images(chart.spec)
            images[chart.svg_name] = drawn.svg
            images[chart.png_name] = drawn.png
        made = statement.format.render(document.for_format(statement.format.extension), images)
        if made == statement.data:
            break
    return made


def _earlier(edition: Edition, embedded: EmbeddedStatement, path: Path) -> Statement:
    return Statement.of(path, path, edition, embedded.profile, load_register())
