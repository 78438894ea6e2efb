"""YAML syntax in plain words: the parser's errors explained, and bracket depth measured before parsing."""

from __future__ import annotations

import re

import yaml

from reportgen.problems import Problem, Severity

# The deepest real input is about 7 levels; anything far deeper is a mistake or an attack.
MAX_DEPTH = 32


def flow_too_deep(text: str) -> tuple[int, int] | None:
    """Where [ ] / { } nesting first passes MAX_DEPTH, if it does.

    libyaml's parser recurses once per level in C: a file of 200,000 '[' crashes the process
    instead of raising an error, so depth is measured before the parser sees the text.
    """
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return None  # the usual case: nothing to scan
    depth, quote, line, start = 0, "", 1, 0
    previous = "\n"
    for index, char in enumerate(text):
        if char == "\n":
            line, start = line + 1, index + 1
            if quote == "#":
                quote = ""
        elif quote == "#":
            pass
        elif quote:
            if char == quote and not (quote == '"' and previous == "\\"):
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "#" and previous in " \t\n":
            quote = "#"  # a comment runs to the end of the line
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line, index - start + 1
        elif char in "]}":
            depth = max(0, depth - 1)
        previous = char
    return None


# PyYAML's own wording, turned into words for someone who has never seen a YAML error.
_SYNTAX_HINTS: tuple[tuple[str, str, str], ...] = (
    (
        "found character '\\t'",
        "a tab character is used for indenting",
        "indent with spaces only (two per level); set your editor to insert spaces for the Tab key",
    ),
    (
        "mapping values are not allowed",
        "a colon appears where YAML did not expect one",
        "put text that contains ': ' in double quotes, or check the indentation of this line",
    ),
    (
        "could not find expected ':'",
        "a line is missing its colon, or a quoted text is not closed",
        "write each field as 'name: value', and close every quote you open",
    ),
    (
        "found unexpected end of stream",
        "a quoted text is never closed",
        "add the closing quote mark",
    ),
    (
        "did not find expected key",
        "the indentation is inconsistent",
        "line this field up with the other fields at the same level",
    ),
    (
        "did not find expected '-' indicator",
        "a list item is not lined up with the items before it",
        "start every item of a list with '- ' at the same indentation",
    ),
    (
        "found undefined alias",
        "the file uses a YAML alias (*name)",
        "write the value out in full; anchors and aliases are not supported",
    ),
)


def syntax_problem(name: str, exc: yaml.MarkedYAMLError, text: str) -> Problem:
    """One located problem for a YAML syntax error, in words for someone new to YAML."""
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark is not None and "quoted scalar" in (exc.context or ""):
        mark = exc.context_mark  # where the unclosed quote opened, not the end of the file
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    detail = f"{exc.problem or ''} {exc.context or ''}"
    lines = text.splitlines()
    if mark is not None and mark.line < len(lines):
        indent = lines[mark.line][: len(lines[mark.line]) - len(lines[mark.line].lstrip())]
        if "\t" in indent:
            # PyYAML often blames a later token; a tab in the indentation is the real cause.
            detail = "found character '\\t'"
            column = 1
    if mark is not None and mark.line < len(lines):
        early = _closed_early(lines[mark.line], mark.column)
        if early is not None:
            message, fix, start = early
            return Problem(name, line, start, Severity.ERROR, message, fix, "yaml-quote")
    if mark is not None and any(cause in detail for cause in _INDENTATION_CAUSES):
        misaligned = _misaligned(lines, mark.line)
        if misaligned is not None:
            message, fix = misaligned
            column = len(lines[mark.line]) - len(lines[mark.line].lstrip()) + 1
            return Problem(name, line, column, Severity.ERROR, message, fix, "yaml-indentation")
    for needle, message, fix in _SYNTAX_HINTS:
        if needle in detail:
            return Problem(name, line, column, Severity.ERROR, message, fix, "yaml-syntax")
    return Problem(
        name,
        line,
        column,
        Severity.ERROR,
        f"the file is not valid YAML ({(exc.problem or exc.context or 'syntax error').strip()})",
        "compare this line with the example in docs/input-format.md",
        "yaml-syntax",
    )


# Parser errors that a line indented differently from the one above often causes.
_INDENTATION_CAUSES = (
    "mapping values are not allowed",
    "did not find expected key",
    "did not find expected '-' indicator",
    "could not find expected ':'",
)


def _misaligned(lines: list[str], index: int) -> tuple[str, str] | None:
    """The message for a line indented unlike the field above it, when that is the cause."""
    if index >= len(lines) or not lines[index].strip():
        return None
    above = next(
        (n for n in range(index - 1, -1, -1) if lines[n].strip() and not _is_comment(lines[n])),
        None,
    )
    if above is None:
        return None
    here, there = _indent(lines[index]), _indent(lines[above])
    text, previous = lines[index].strip(), lines[above].strip()
    if previous.startswith("- "):
        # A list item's fields line up with the text after its '- '.
        there, previous = there + 2, previous[2:].strip()
    field = text.split(":", 1)[0] if ":" in text else text[:20]
    other = previous.split(":", 1)[0] if ":" in previous else previous[:20]
    value_above = previous.partition(":")[2].strip()
    if here > there and value_above and value_above not in (">-", ">", "|", "|-"):
        return (
            f"'{field}' is indented further than '{other}' on the line above (line {above + 1}), "
            f"so YAML reads it as part of the value of '{other}'",
            f"line it up with '{other}' ({there} spaces from the left)",
        )
    if here != there and not text.startswith("- "):
        return (
            f"'{field}' is indented {here} spaces, but '{other}' on line {above + 1} is indented "
            f"{there}",
            f"indent it by {there} spaces, like '{other}', if it belongs with it",
        )
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_comment(line: str) -> bool:
    return line.lstrip().startswith("#")


_QUOTED_VALUE = re.compile(r"^\s*(?:-\s+|[A-Za-z_][\w-]*:\s+)(?P<quote>['\"])")


def _closed_early(text: str, column: int) -> tuple[str, str, int] | None:
    """A quoted text ended by a quote mark inside it: 'The Commissioner's campaign'."""
    match = _QUOTED_VALUE.match(text)
    if match is None:
        return None
    quote, start = match["quote"], match.end()
    end = text.find(quote, start)
    while quote == "'" and end >= 0 and text[end + 1 : end + 2] == "'":
        end = text.find(quote, end + 2)  # '' is an apostrophe inside single quotes
    if end < 0 or end >= column or not text[end + 1 :].strip():
        return None
    shown = text[start:end]
    mark_name = "apostrophe" if quote == "'" else "quote mark"
    inside = "'' (two apostrophes)" if quote == "'" else '\\" (backslash, quote)'
    return (
        f"the {mark_name} after '{shown[-20:]}' ends the text that the opening {quote} "
        "started, so YAML cannot read the rest of the line",
        f"remove the outer {quote} marks and write the text as a block (>- and the text on the "
        f"lines below, indented), or write each {quote} inside the text as {inside}",
        end + 1,
    )
