"""The mistakes staff make writing an edition by hand, each answered with the exact message, line and exit code.

Each file in tests/fixtures/mistakes/ is the minimal edition with one mistake (two for the file
that checks one syntax error does not hide another); its first line says which.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, Run

MISTAKES_FOLDER = FIXTURES / "mistakes"

MISTAKES: dict[str, tuple[int, list[str]]] = {
    "apostrophe-in-single-quotes": (
        1,
        [
            "inputs/2024-25-Q4.yaml:8:26: error: the apostrophe after 'The Commissioner' ends the text that the opening ' started, so YAML cannot read the rest of the line — remove the outer ' marks and write the text as a block (>- and the text on the lines below, indented), or write each ' inside the text as '' (two apostrophes); more problems may be reported once this is fixed",
        ],
    ),
    "change-as-count": (
        0,
        [
            "inputs/2024-25-Q4.yaml:40:16: warning: figure 'share': 'value' is 1,234, a change of more than 1,000% — a change figure's value is the percentage change, e.g. -12.6 for a fall of 12.6%; if it is a number of things, set kind: count",
        ],
    ),
    "colon-in-narrative": (
        1,
        [
            "inputs/2024-25-Q4.yaml:8:9: error: narrative paragraph 1 of priority 'homicide': the text has a colon followed by a space, so YAML read it as 'The Commissioner's campaign: …', a name and a value — write the text as a block: put >- after the '- ' or the field's colon, and the text on the lines below, indented; or put the whole text in double quotes",
        ],
    ),
    "curly-quotes-on-value": (
        1,
        [
            "inputs/2024-25-Q4.yaml:40:16: error: figure 'share': 'value' is written in curly quotes (“20.5”) — delete the quote marks (Word adds curly ones) and write the number alone: 20.5",
        ],
    ),
    "empty-label": (
        1,
        [
            "inputs/2024-25-Q4.yaml:12:15: error: figure 'homicides': 'label' is empty — write its value after 'label:' on the same line, or delete the line if the field is optional",
        ],
    ),
    "empty-narrative-item": (
        1,
        [
            "inputs/2024-25-Q4.yaml:33:8: error: narrative paragraph 2 of priority 'drugs' is empty — write the text after the '- ' on the same line, or delete the line",
        ],
    ),
    "field-indented-too-far": (
        1,
        [
            "inputs/2024-25-Q4.yaml:12:11: error: 'label' is indented further than 'kind' on the line above (line 11), so YAML reads it as part of the value of 'kind' — line it up with 'kind' (8 spaces from the left); more problems may be reported once this is fixed",
        ],
    ),
    "field-indented-too-little": (
        1,
        [
            "inputs/2024-25-Q4.yaml:17:8: error: 'source' is indented 7 spaces, but 'published_change' on line 16 is indented 8 — indent it by 8 spaces, like 'published_change', if it belongs with it; more problems may be reported once this is fixed",
        ],
    ),
    "hashtag-in-narrative": (
        1,
        [
            "inputs/2024-25-Q4.yaml:8:51: error: your text is cut here: YAML reads ' #' as the start of a note to yourself, so everything after it is left out — write the text as a block (put >- after the '- ' or the field's colon and the text on the lines below, indented), or remove the space before '#'",
        ],
    ),
    "misspelt-reference": (
        1,
        [
            "inputs/2024-25-Q4.yaml:8:28: error: narrative paragraph 1 of priority 'homicide': {Homicides} is not a figure reference and would be printed as typed — did you mean {homicides}? (to print a brace itself, write \\{ or \\})",
        ],
    ),
    "percent-on-count": (
        1,
        [
            "inputs/2024-25-Q4.yaml:13:16: error: figure 'homicides': 'value' is 9%, but a count is a number of things, not a percentage — write the number alone, e.g. 9; if the figure is a share of a whole, set kind: percentage",
        ],
    ),
    "pound-on-count": (
        1,
        [
            "inputs/2024-25-Q4.yaml:13:16: error: figure 'homicides': 'value' is £29, but a count is a number of things, not an amount of money — write the number alone, e.g. 29; if the figure is an amount of money, set kind: money",
        ],
    ),
    "reference-attribute-capital": (
        1,
        [
            "inputs/2024-25-Q4.yaml:8:28: error: narrative paragraph 1 of priority 'homicide': {homicides.Change} is not a figure reference and would be printed as typed — did you mean {homicides.change}? (to print a brace itself, write \\{ or \\})",
        ],
    ),
    "reference-doubled": (
        1,
        [
            "inputs/2024-25-Q4.yaml:8:28: error: narrative paragraph 1 of priority 'homicide': {{homicides}} is not a figure reference and would be printed as typed — did you mean {homicides}? (to print a brace itself, write \\{ or \\})",
        ],
    ),
    "reference-in-note": (
        1,
        [
            "inputs/2024-25-Q4.yaml:18:23: error: figure 'homicides': the note contains {homicides.comparator}, but references are filled in only in narrative — write the value itself, or use ( ) in place of braces",
        ],
    ),
    "reference-padded": (
        1,
        [
            "inputs/2024-25-Q4.yaml:8:28: error: narrative paragraph 1 of priority 'homicide': { homicides } is not a figure reference and would be printed as typed — did you mean {homicides}? (to print a brace itself, write \\{ or \\})",
        ],
    ),
    "reference-with-spaces": (
        1,
        [
            "inputs/2024-25-Q4.yaml:8:28: error: narrative paragraph 1 of priority 'homicide': {homicides change} is not a figure reference and would be printed as typed — did you mean {homicides.change}? (to print a brace itself, write \\{ or \\})",
        ],
    ),
    "true-for-number": (
        1,
        [
            "inputs/2024-25-Q4.yaml:13:16: error: figure 'homicides': 'value' is true, but should be a number — write the figure in digits, e.g. 31; true and false are only for yes-or-no fields such as 'applicable'",
        ],
    ),
    "two-syntax-errors": (
        1,
        [
            "inputs/2024-25-Q4.yaml:8:26: error: the apostrophe after 'The Commissioner' ends the text that the opening ' started, so YAML cannot read the rest of the line — remove the outer ' marks and write the text as a block (>- and the text on the lines below, indented), or write each ' inside the text as '' (two apostrophes); more problems may be reported once this is fixed",
            'inputs/2024-25-Q4.yaml:32:14: error: the quote mark after \'The \' ends the text that the opening " started, so YAML cannot read the rest of the line — remove the outer " marks and write the text as a block (>- and the text on the lines below, indented), or write each " inside the text as \\" (backslash, quote)',
        ],
    ),
}


def test_every_mistake_file_has_its_expected_answer() -> None:
    assert sorted(p.stem for p in MISTAKES_FOLDER.glob("*.yaml")) == sorted(MISTAKES)


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_each_mistake_gets_its_exact_message(run: Run, workdir: Path, name: str) -> None:
    shutil.copy(MISTAKES_FOLDER / f"{name}.yaml", workdir / "inputs" / "2024-25-Q4.yaml")
    code, out, err = run("validate", "inputs/2024-25-Q4.yaml")
    expected_code, expected = MISTAKES[name]
    assert (code, err) == (expected_code, "")
    assert out.splitlines()[:-1] == expected
