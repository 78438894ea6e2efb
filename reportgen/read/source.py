"""Reads a YAML input file into plain data, keeping the line and column of every key and value."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from reportgen.problems import DataPath, Problem, Severity, display_path
from reportgen.read.syntax import MAX_DEPTH, flow_too_deep, syntax_problem
from reportgen.read.tables import CellLocation

# Input files are a few kilobytes; a limit keeps a wrong file (a PDF, a log) from being read into memory.
MAX_FILE_BYTES = 1024 * 1024

try:  # the C parser is several times faster; the pure-Python one gives the same marks
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"


class _StatementLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """YAML 1.2-style scalars: only true/false are booleans and numbers are plain decimals.

    YAML 1.1 reads `no` as false, `0121` as an octal number and `1:30` as 90; in a statement those are
    a word, a telephone prefix and a time, so they stay text.
    """


_StatementLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_BOOL, _INT, _FLOAT)]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_StatementLoader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_StatementLoader.add_implicit_resolver(_INT, re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
_StatementLoader.add_implicit_resolver(
    _FLOAT,
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?[0-9]+[eE][-+]?[0-9]+"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


@dataclass(frozen=True)
class Location:
    """Where a key and its value start in the file (1-based)."""

    line: int
    column: int
    value_line: int
    value_column: int


@dataclass
class YamlDocument:
    """A parsed input file: its data, where each part of it came from, and what was wrong."""

    path: Path
    data: Any
    locations: dict[DataPath, Location] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    # Paths whose value the reader refused (and reported), so validation does not report them again.
    refused: set[DataPath] = field(default_factory=set)
    # Values read from the edition's figures workbook, reported at their cells.
    cells: dict[DataPath, CellLocation] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return display_path(self.path)

    def locate(self, path: DataPath, *, at_key: bool = False) -> tuple[int, int]:
        """The line and column for a data path, falling back to the nearest enclosing part that exists."""
        probe = tuple(path)
        while probe and probe not in self.locations:
            probe = probe[:-1]
        loc = self.locations.get(probe, Location(1, 1, 1, 1))
        if at_key or probe != tuple(path):
            return loc.line, loc.column
        return loc.value_line, loc.value_column

    def cell_of(self, path: DataPath) -> CellLocation | None:
        """The spreadsheet cell a path's value came from, when it came from one."""
        probe = tuple(path)
        while probe:
            if probe in self.cells:
                return self.cells[probe]
            if probe in self.locations:
                return None
            probe = probe[:-1]
        return None

    def find(self, path: DataPath, needle: str) -> tuple[int, int]:
        """Where some text inside a value is written, e.g. a {reference} inside a narrative block."""
        line, column = self.locate(path)
        for number in range(line, min(line + 200, len(self.lines) + 1)):
            found = self.lines[number - 1].find(needle, column - 1 if number == line else 0)
            if found >= 0:
                return number, found + 1
        return line, column

    def problem(
        self,
        path: DataPath,
        message: str,
        fix: str = "",
        *,
        code: str,
        severity: Severity = Severity.ERROR,
        at_key: bool = False,
        needle: str | None = None,
    ) -> Problem:
        cell = self.cell_of(path)
        if cell is not None:
            return Problem(
                cell.file, cell.row, cell.column, severity, message, fix, code, cell.place
            )
        if needle is not None:
            line, column = self.find(path, needle)
        else:
            line, column = self.locate(path, at_key=at_key)
        return Problem(self.name, line, column, severity, message, fix, code)


def read_yaml(path: Path) -> YamlDocument:
    """Parse one input file. Never raises for bad content: problems are collected on the document."""
    doc = YamlDocument(path=path, data=None)
    text = _read_text(doc)
    if text is None:
        return doc
    doc.lines = text.splitlines()
    too_deep = flow_too_deep(text)
    if too_deep is not None:
        line, column = too_deep
        doc.problems.append(
            Problem(
                doc.name,
                line,
                column,
                Severity.ERROR,
                f"brackets are nested more than {MAX_DEPTH} levels deep",
                "check the [ ] and { } pairs: no part of a statement input needs this many levels",
                "too-deep",
            )
        )
        return doc
    try:
        root = yaml.compose(text, Loader=_StatementLoader)
    except yaml.MarkedYAMLError as exc:
        first = syntax_problem(doc.name, exc, text)
        doc.problems.append(
            dataclasses.replace(
                first, fix=f"{first.fix}; more problems may be reported once this is fixed"
            )
        )
        doc.problems.extend(_other_syntax_problems(doc, text, first.line))
        return doc
    except yaml.YAMLError as exc:
        doc.problems.append(
            doc.problem((), f"the file could not be read as YAML ({exc})", code="yaml")
        )
        return doc
    except RecursionError:
        doc.problems.append(_too_deep(doc, ()))
        return doc
    if root is None:
        doc.problems.append(
            doc.problem(
                (), "the file is empty", "copy the example in docs/input-format.md", code="empty"
            )
        )
        return doc
    doc.locations[()] = _location(root, root)
    doc.data = _Builder(doc).build(root, (), 0)
    return doc


def _other_syntax_problems(doc: YamlDocument, text: str, broken: int) -> list[Problem]:
    """Syntax errors in the other parts of a file (each top-level field, each priority), read one
    part at a time with every other line blanked, so that one mistake does not hide the rest."""
    lines = text.splitlines()
    starts = [
        n
        for n, line in enumerate(lines)
        if line.strip() and not line.lstrip().startswith(("#", "-")) and _indent(line) <= 2
    ]
    found = []
    for start, end in zip(starts, [*starts[1:], len(lines)], strict=True):
        if start < broken <= end or (
            lines[start].rstrip().endswith(":") and _indent(lines[start]) == 0
        ):
            continue  # the part already reported, or a heading whose parts are read on their own
        part = "\n".join(line if start <= n < end else "" for n, line in enumerate(lines))
        try:
            yaml.compose(part, Loader=_StatementLoader)
        except yaml.MarkedYAMLError as exc:
            found.append(syntax_problem(doc.name, exc, part))
        except (yaml.YAMLError, RecursionError):
            continue
    return found


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _read_text(doc: YamlDocument) -> str | None:
    if doc.path.is_symlink():
        # Inputs are the project's own files: a link reaching elsewhere would build a public
        # statement from something nobody reviewing inputs/ can see.
        project = doc.path.absolute().parent.parent.resolve()
        target = doc.path.resolve()
        if not target.is_relative_to(project):
            doc.problems.append(
                doc.problem(
                    (),
                    f"the file is a link to a file outside the project ({target})",
                    "copy the file into the inputs folder instead of linking to it",
                    code="outside-project",
                )
            )
            return None
    try:
        size = doc.path.stat().st_size
        if size > MAX_FILE_BYTES:
            doc.problems.append(
                doc.problem(
                    (),
                    f"the file is {size:,} bytes; input files are limited to {MAX_FILE_BYTES:,} bytes",
                    "check that this is the right file: a statement's input is a few kilobytes",
                    code="too-large",
                )
            )
            return None
        with doc.path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        doc.problems.append(
            doc.problem((), f"the file cannot be read ({exc.strerror})", code="unreadable")
        )
        return None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        doc.problems.append(
            doc.problem(
                (),
                "the file is saved as UTF-16 text",
                "save it again as UTF-8 (in Notepad: File > Save as > Encoding: UTF-8)",
                code="encoding",
            )
        )
        return None
    if b"\x00" in raw:
        doc.problems.append(
            doc.problem(
                (),
                "this is not a text file (it contains binary data)",
                "input files are plain text YAML; check that you chose the right file",
                code="binary",
            )
        )
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        doc.problems.append(
            Problem(
                doc.name,
                line,
                column,
                Severity.ERROR,
                f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02X} cannot be read)",
                "save it again as UTF-8; text pasted from Word or saved as Latin-1 often causes this",
                "encoding",
            )
        )
        return None


def _location(key: Node, value: Node) -> Location:
    return Location(
        key.start_mark.line + 1,
        key.start_mark.column + 1,
        value.start_mark.line + 1,
        value.start_mark.column + 1,
    )


def _too_deep(doc: YamlDocument, path: DataPath) -> Problem:
    return doc.problem(
        path,
        f"the data is nested more than {MAX_DEPTH} levels deep",
        "check the indentation: no part of a statement input needs this many levels",
        code="too-deep",
    )


def _is_prose(path: DataPath) -> bool:
    """Narrative paragraphs and notes: text where a '#' is far more likely a hashtag than a comment."""
    narrative_item = len(path) >= 2 and path[-2] == "narrative" and isinstance(path[-1], int)
    return narrative_item or (bool(path) and path[-1] == "note")


class _Builder:
    """Turns composed YAML nodes into plain data, refusing what a statement input never needs."""

    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.seen: set[int] = set()
        self.alias_reported = False
        self.constructor = SafeConstructor()

    def build(self, node: Node, path: DataPath, depth: int) -> Any:
        if depth > MAX_DEPTH:
            self.doc.problems.append(_too_deep(self.doc, path))
            return None
        # An alias makes the composer hand back a node it has already given us: refuse it, so a
        # "billion laughs" file cannot expand, and values are never silently shared.
        if id(node) in self.seen and not isinstance(node, ScalarNode):
            self.doc.refused.add(path)
            if not self.alias_reported:
                # The node's own marks are the anchor's; the key that uses the alias is where it is.
                key_path = path[: max(i for i, s in enumerate((0, *path)) if isinstance(s, str))]
                self.alias_reported = True
                self.doc.problems.append(
                    self.doc.problem(
                        key_path,
                        "the file uses a YAML anchor and alias (&name / *name)",
                        "write the values out in full; anchors and aliases are not supported",
                        code="alias",
                        at_key=True,
                    )
                )
            return None
        self.seen.add(id(node))
        if isinstance(node, MappingNode | SequenceNode) and node.tag not in (_MAP, _SEQ):
            self.doc.refused.add(path)
            self.doc.problems.append(self._tag_problem(path, node.tag))
            return None
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                self.doc.locations[(*path, index)] = _location(item, item)
                items.append(self.build(item, (*path, index), depth + 1))
            return items
        return self._scalar(node, path)

    def _mapping(self, node: MappingNode, path: DataPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                self.doc.problems.append(
                    self.doc.problem(
                        path,
                        "the file uses a YAML merge key (<<)",
                        "write the fields out in full; merge keys are not supported",
                        code="alias",
                    )
                )
                continue
            if not isinstance(key_node, ScalarNode):
                line, column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                self.doc.problems.append(
                    Problem(
                        self.doc.name,
                        line,
                        column,
                        Severity.ERROR,
                        "a field name must be plain text",
                        "write the field as 'name: value'",
                        "bad-key",
                    )
                )
                continue
            key = str(key_node.value)
            if key in first_seen:
                line = key_node.start_mark.line + 1
                self.doc.problems.append(
                    Problem(
                        self.doc.name,
                        line,
                        key_node.start_mark.column + 1,
                        Severity.ERROR,
                        f"'{key}' appears twice here (first at line {first_seen[key]})",
                        "keep one of them: YAML would silently use only the last",
                        "duplicate-key",
                    )
                )
                self.doc.refused.add((*path, key))
                continue
            first_seen[key] = key_node.start_mark.line + 1
            self.doc.locations[(*path, key)] = _location(key_node, value_node)
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result

    def _scalar(self, node: Node, path: DataPath) -> Any:
        value = str(node.value)
        tag = node.tag
        if tag == _STR:
            if not getattr(node, "style", None) and _is_prose(
                path
            ):  # plain: not quoted, not a block
                self._cut_by_comment(node, path)
            return value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return value.lower() == "true"
        if tag == _INT:
            return int(value, 10)
        if tag == _FLOAT:
            lowered = value.lower().lstrip("+")
            if lowered in (".inf", "-.inf", ".nan"):
                return float(lowered.replace(".", ""))
            # Decimal keeps the figure exactly as typed (12.70 stays 12.70), as an auditor expects.
            return Decimal(value)
        if tag == _TIMESTAMP:
            try:
                stamp: date | datetime = self.constructor.construct_yaml_timestamp(node)  # type: ignore[arg-type]
            except ValueError as exc:
                self.doc.problems.append(
                    self.doc.problem(
                        path,
                        f"'{value}' is not a real date ({exc})",
                        "write dates as YYYY-MM-DD, e.g. 2025-03-31",
                        code="bad-date",
                    )
                )
                self.doc.refused.add(path)
                return None
            return stamp.date() if isinstance(stamp, datetime) else stamp
        self.doc.problems.append(self._tag_problem(path, tag))
        self.doc.refused.add(path)
        return None

    def _cut_by_comment(self, node: Node, path: DataPath) -> None:
        """Report a ' #' that made YAML end unquoted prose early: the rest was read as a comment."""
        lines = self.doc.lines
        end = node.end_mark
        rest = lines[end.line][end.column :] if end.line < len(lines) else ""
        line, column = end.line + 1, end.column + len(rest) - len(rest.lstrip()) + 1
        if not rest.lstrip().startswith("#"):
            # The text may go on below, with a line that starts with '#' read as a comment.
            following = lines[end.line + 1] if end.line + 1 < len(lines) else ""
            indent = len(following) - len(following.lstrip())
            if not following.lstrip().startswith("#") or indent < node.start_mark.column:
                return
            line, column = end.line + 2, indent + 1
        self.doc.problems.append(
            Problem(
                self.doc.name,
                line,
                column,
                Severity.ERROR,
                "your text is cut here: YAML reads ' #' as the start of a note to yourself, so "
                "everything after it is left out",
                "write the text as a block (put >- after the '- ' or the field's colon and the "
                "text on the lines below, indented), or remove the space before '#'",
                "cut-by-comment",
            )
        )

    def _tag_problem(self, path: DataPath, tag: str) -> Problem:
        return self.doc.problem(
            path,
            f"the YAML tag '{tag}' is not supported",
            "remove the '!' tag and write the value as plain text or a number",
            code="tag",
        )
