"""`reportgen new` starts the next edition from the previous one, with placeholders to fill in."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from reportgen.read.source import read_yaml
from tests.conftest import Run


def test_it_starts_the_next_edition_from_the_newest(run: Run, sample_inputs: Path) -> None:
    code, out, err = run("new", "2025-26 Q1")
    assert (code, err) == (0, "")
    assert out == (
        "Started inputs/2025-26-Q1.yaml from inputs/2024-25-Q4.yaml.\n"
        "Fill in every [FILL IN …] placeholder, then run: reportgen validate\n"
    )
    data = read_yaml(sample_inputs / "inputs" / "2025-26-Q1.yaml").data
    assert (data["financial_year"], data["quarter"]) == ("2025-26", 1)
    homicides = data["priorities"]["homicide"]["figures"][0]
    assert homicides["id"] == "homicides"
    assert homicides["label"] == "Homicides recorded"
    assert homicides["source"] == "West Midlands Police recorded crime"
    assert homicides["comparator"] == {"label": "2024/25", "value": 31}
    assert homicides["value"].startswith("[FILL IN")
    assert "published_change" not in homicides
    change = data["priorities"]["drugs"]["figures"][0]
    assert change["comparator"] == {"label": "2024/25"}
    rate = data["priorities"]["serious-violence"]["figures"][5]
    assert rate["per"] == 100000 and rate["comparator"]["value"] == Decimal(165)


def test_the_new_edition_fails_validation_only_on_its_placeholders(
    run: Run, sample_inputs: Path
) -> None:
    run("new", "2025-26 Q1")
    code, out, _ = run("validate", "inputs/2025-26-Q1.yaml")
    problems = out.splitlines()[:-1]
    assert code == 1
    assert problems
    assert all("a placeholder has not been filled in" in line for line in problems), problems
    assert "published" in problems[0] and "after 30 June 2025" in problems[0]


def test_it_never_overwrites_an_existing_edition(run: Run, sample_inputs: Path) -> None:
    before = (sample_inputs / "inputs" / "2024-25-Q4.yaml").read_bytes()
    code, out, err = run("new", "2024-25 Q4", "--from", "inputs/2023-24-Q2.yaml")
    assert code == 1 and out == ""
    assert "already exists" in err
    assert (sample_inputs / "inputs" / "2024-25-Q4.yaml").read_bytes() == before


def test_a_malformed_edition_label_is_explained(run: Run, sample_inputs: Path) -> None:
    code, _, err = run("new", "2025/26 Q1")
    assert code == 1
    assert err == (
        "Error: '2025/26 Q1' is not an edition label such as 2024-25 Q4 — write the edition "
        "like 2025-26 Q1\n"
    )


def test_the_edition_may_be_typed_unquoted(run: Run, sample_inputs: Path) -> None:
    code, out, _ = run("new", "2025-26", "Q1")
    assert code == 0
    assert out.startswith("Started inputs/2025-26-Q1.yaml")
