"""The shipped sample editions validate cleanly, and the published JSON Schema accepts them."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from reportgen.check import validate_editions
from reportgen.compose import compose
from reportgen.compose.document import Heading
from reportgen.read.register import load_register
from reportgen.read.source import read_yaml
from tests.compose.test_compose import PRIORITY_HEADINGS
from tests.conftest import INPUTS, Run

SAMPLES = ["2023-24-Q2.yaml", "2024-25-Q4.yaml"]


def _as_json(value: Any) -> Any:
    """Input data as an editor's JSON Schema checker sees it."""
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def test_both_sample_editions_validate_with_no_warnings(run: Run, sample_inputs: Path) -> None:
    assert run("validate") == (0, "Checked 2 editions: no problems found.\n", "")


REGISTER_ORDER = [
    "homicide",
    "serious-violence",
    "drugs",
    "neighbourhood-crime",
    "victim-satisfaction",
    "cyber-crime",
]


def _priorities_reversed(text: str) -> str:
    """An edition's text with its priorities (the last part of the file) in reverse order."""
    head, priorities = text.split("\npriorities:\n", 1)
    before, *blocks = re.split(r"(?m)^(?=  [a-z-]+:$)", priorities)
    return f"{head}\npriorities:\n{before}{''.join(reversed(blocks))}"


def test_priorities_written_in_any_order_are_set_out_in_register_order(tmp_path: Path) -> None:
    assert [p.id for p in load_register().priorities] == REGISTER_ORDER
    shutil.copytree(INPUTS, tmp_path / "inputs")
    editions = [tmp_path / "inputs" / name for name in SAMPLES]
    for edition in editions:
        edition.write_text(_priorities_reversed(edition.read_text(encoding="utf-8")))
        assert list(read_yaml(edition).data["priorities"]) == REGISTER_ORDER[::-1]
    result = validate_editions(editions)
    assert result.problems == []
    for statement in result.statements:
        assert list(statement.priorities) == REGISTER_ORDER
    q2, q4 = result.statements
    headings = [b.text for b in compose(q4, [q2]).blocks if isinstance(b, Heading)]
    assert headings[3:9] == PRIORITY_HEADINGS


@pytest.mark.parametrize("name", SAMPLES)
def test_the_json_schema_accepts_each_sample_edition(name: str, run: Run) -> None:
    code, out, _ = run("schema")
    assert code == 0
    schema = json.loads(out)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(_as_json(read_yaml(INPUTS / name).data), schema)


def test_the_json_schema_accepts_the_profile(run: Run) -> None:
    schema = json.loads(run("schema", "profile")[1])
    jsonschema.validate(_as_json(read_yaml(INPUTS / "profile.yaml").data), schema)


def test_the_json_schema_rejects_an_unknown_field(run: Run) -> None:
    schema = json.loads(run("schema")[1])
    data = _as_json(read_yaml(INPUTS / "2024-25-Q4.yaml").data)
    data["priorities"]["homicide"]["figures"][0]["valeu"] = 3
    with pytest.raises(jsonschema.ValidationError, match="valeu"):
        jsonschema.validate(data, schema)


def test_every_figure_of_seed_004_is_in_the_q4_sample() -> None:
    (statement,) = validate_editions([INPUTS / "2024-25-Q4.yaml"]).statements
    values = {
        str(getattr(f, "value", None))
        for content in statement.priorities.values()
        for f in content.figures
    }
    # Every figure seed 004 states, by value (counts, rates, shares and published changes).
    for stated in [
        "31",
        "9",
        "11241",
        "-12.6",
        "165",
        "2",
        "4577",
        "-12.5",
        "13",
        "-9.5",
        "-15.8",
        "14.7",
        "8",
        "60",
        "15",
        "48938",
        "-13.9",
        "-20.6",
        "-21.9",
        "150",
        "15065",
        "83.0",
        "17.0",
        "4500",
    ]:
        assert stated in values, stated
