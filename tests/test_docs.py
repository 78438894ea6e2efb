"""The input-format guide stays true: its example validates and it documents every field."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import FIXTURES, ROOT, Run

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
