"""The input-format guide stays true: its example validates and it documents every field."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import FIXTURES, INPUTS, ROOT, Run

INPUTS_Q4 = INPUTS / "2024-25-Q4.yaml"

GUIDE = ROOT / "docs" / "input-format.md"


def _example() -> str:
    text = GUIDE.read_text(encoding="utf-8").split("## A complete example", 1)[1]
    return text.split("```yaml\n", 1)[1].split("```", 1)[0]


def test_the_complete_example_validates(workdir: Path, run: Run) -> None:
    (workdir / "inputs" / "2024-25-Q4.yaml").write_text(_example(), encoding="utf-8")
    shutil.copy(FIXTURES / "profile.yaml", workdir / "inputs" / "profile.yaml")
    assert run("validate") == (0, "Checked 1 edition: no problems found.\n", "")


def _fields(schema: dict[str, object]) -> set[str]:
    names: set[str] = set()
    definitions = [schema, *dict(schema.get("$defs", {})).values()]  # type: ignore[call-overload]
    for definition in definitions:
        names |= set(definition.get("properties", {}))
    return names


def test_every_field_of_both_files_is_documented(run: Run) -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    for which in ("edition", "profile"):
        schema = json.loads(run("schema", which)[1])
        missing = sorted(name for name in _fields(schema) if f"`{name}`" not in guide)
        assert missing == [], f"{which} fields missing from docs/input-format.md: {missing}"


QUARTERLY = ROOT / "docs" / "guide.md"
DIFF_COMMAND = "$ reportgen diff inputs/2023-24-Q2.yaml inputs/2024-25-Q4.yaml"


def _console_blocks(text: str) -> list[list[str]]:
    blocks, block = [], None
    for line in text.splitlines():
        if line == "```console":
            block = []
        elif line == "```" and block is not None:
            blocks.append(block)
            block = None
        elif block is not None:
            block.append(line)
    return blocks


def test_the_guides_common_mistakes_are_reportgens_real_answers() -> None:
    """Each answer the guide shows is one tests/test_mistakes.py checks reportgen gives."""
    from tests.test_mistakes import MISTAKES

    text = QUARTERLY.read_text(encoding="utf-8")
    section = text[text.index("### Common mistakes") : text.index("## 4. Build it")]
    shown = [line for block in _console_blocks(section) for line in block]
    given = {line for _, lines in MISTAKES.values() for line in lines}
    assert len(shown) >= 8
    assert [line for line in shown if line not in given] == []


def test_the_guides_diff_is_the_real_report_of_the_shipped_editions(
    run: Run, sample_inputs: Path
) -> None:
    """The guide shows the start of the real report, cut where it says, and its real length."""
    text = QUARTERLY.read_text(encoding="utf-8")
    (block,) = [b for b in _console_blocks(text) if b and b[0] == DIFF_COMMAND]
    code, out, _ = run("diff", "inputs/2023-24-Q2.yaml", "inputs/2024-25-Q4.yaml")
    assert code == 0
    real = out.splitlines()
    assert block[-1] == "…"
    assert block[1:-1] == real[: len(block) - 2]
    assert f"runs to\n{len(real)} lines" in text or f"runs to {len(real)} lines" in text


def test_the_readmes_examples_are_real_output(run: Run, sample_inputs: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = {b[0]: b[1:] for b in _console_blocks(readme) if b}
    edition = sample_inputs / "inputs" / "2024-25-Q4.yaml"
    text = edition.read_text(encoding="utf-8")
    # The mistakes the README describes: 'value' typed 'valeu', a priority key misspelt.
    text = text.replace("        value: 31\n", "        valeu: 31\n", 1)
    text = text.replace("\n  victim-satisfaction:\n", "\n  victim-satisfactions:\n", 1)
    edition.write_text(text, encoding="utf-8")
    code, out, _ = run("validate", "inputs/2024-25-Q4.yaml")
    assert code == 1
    assert out.splitlines() == blocks["$ reportgen validate inputs/2024-25-Q4.yaml"]
    shutil.copy(INPUTS_Q4, edition)
    code, out, _ = run("build", "inputs/2024-25-Q4.yaml")
    assert code == 0
    assert out.splitlines() == blocks["$ reportgen build"]
