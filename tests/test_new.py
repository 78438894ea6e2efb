"""`reportgen new` starts the next edition from the previous one, with placeholders to fill in."""

from __future__ import annotations

import re
from datetime import date
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
    assert list(homicides)[:6] == ["id", "kind", "label", "value", "period", "comparator"]
    assert homicides["label"] == "Homicides recorded"
    assert homicides["source"] == "West Midlands Police recorded crime"
    assert homicides["value"] == (
        "[FILL IN: a count (a whole number), such as 31, for 12 months to June 2025]"
    )
    # The financial year 2024/25 moves on a quarter, compared like for like a year earlier.
    assert homicides["period"] == {"label": "12 months to June 2025", "end": date(2025, 6, 30)}
    assert homicides["comparator"] == {
        "label": "12 months to June 2024",
        "value": "[FILL IN: the value for 12 months to June 2024, a count (a whole number), "
        "such as 31]",
    }
    assert "published_change" not in homicides
    change = data["priorities"]["drugs"]["figures"][0]
    assert change["value"].startswith("[FILL IN: a percentage change, such as -12.6")
    assert change["comparator"] == {"label": "12 months to June 2024"}
    rate = data["priorities"]["serious-violence"]["figures"][5]
    assert rate["per"] == 100000
    assert rate["period"] == {"label": "12 months to December 2024", "end": date(2024, 12, 31)}
    assert rate["comparator"]["label"] == "12 months to December 2023"
    assert rate["value"].startswith("[FILL IN: a rate per 100,000, such as 165.2")


def test_it_keeps_the_previous_editions_comments_and_block_text(
    run: Run, sample_inputs: Path
) -> None:
    previous = sample_inputs / "inputs" / "2024-25-Q4.yaml"
    text = previous.read_text(encoding="utf-8").replace(
        "      - id: domestic-homicides\n",
        "      # Ask the domestic abuse team for this figure.\n      - id: domestic-homicides\n",
    )
    previous.write_text(text, encoding="utf-8")
    run("new", "2025-26 Q1")
    written = (sample_inputs / "inputs" / "2025-26-Q1.yaml").read_text(encoding="utf-8")
    assert "      # Ask the domestic abuse team for this figure.\n" in written
    assert "# Field-by-field documentation: docs/input-format.md\n" in written
    assert "2024/25 unless" not in written  # the old header's period no longer holds
    assert (
        "    narrative:\n      - >-\n        [FILL IN: how the force contributed to 'homicide'"
        in (written)
    )


# What a person types over each placeholder: prose with every character YAML treats specially,
# and numbers and dates of the kind the placeholder asks for.
PROSE = (
    'The Commissioner\'s "Safer Streets" campaign: funded in £ sterling, #StopKnives — '
    "it's 'working' & {figure}."
)
NUMBERS = {
    "a count": "31",
    "a rate": "150.5",
    "a percentage from": "50.0",
    "a percentage change": "-5.2",
    "a length of time": "2m 10s",
    "an amount": "1000",
    "a position": "3",
    "the publication date": "2025-07-31",
    "last day": "2025-06-30",
}


def _typed(match: re.Match[str]) -> str:
    quoted, what = match[1], match[2]
    if not quoted and "period" in what:
        return 'Operation Fearless\'s first year: "to date" #Fearless (£ funded)'
    if not quoted:
        # Prose is typed over the placeholder's line in its >- block.
        figure = re.search(r"\{([a-z-]+)\}", what)
        return PROSE.replace("{figure}", f"{{{figure[1]}}}" if figure else "the campaign")
    number = next(v for k, v in NUMBERS.items() if k in what)
    # Some people type between the quotes, some over them: both must work.
    return f'"{number}"' if len(what) % 2 else number


def test_typing_over_every_placeholder_gives_a_valid_edition(run: Run, sample_inputs: Path) -> None:
    run("new", "2025-26 Q1")
    edition = sample_inputs / "inputs" / "2025-26-Q1.yaml"
    text = edition.read_text(encoding="utf-8")
    typed = re.sub(r'("?)\[FILL IN: ([^\]]*)\]\1', _typed, text)
    assert "[FILL IN:" not in typed and typed.count("#StopKnives") == 6
    edition.write_text(typed, encoding="utf-8")
    code, out, _ = run("validate", "inputs/2025-26-Q1.yaml")
    assert (code, out) == (0, "Checked 1 edition: no problems found.\n")
    narrative = read_yaml(edition).data["priorities"]["homicide"]["narrative"]
    assert narrative == [PROSE.replace("{figure}", "{homicides}")]


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


def test_an_edition_period_moves_on_and_its_figures_keep_taking_it(run: Run, workdir: Path) -> None:
    """Figures without a period of their own take the edition's: the new edition rolls the
    edition's period on once, and compares with the same period a year earlier."""
    source = Path(__file__).parent / "fixtures" / "periods" / "edition-period.yaml"
    (workdir / "inputs" / "2024-25-Q4.yaml").write_bytes(source.read_bytes())
    code, _, err = run("new", "2025-26 Q1")
    assert code == 0, err
    edition = workdir / "inputs" / "2025-26-Q1.yaml"
    data = read_yaml(edition).data
    assert data["period"] == {"label": "12 months to June 2025", "end": date(2025, 6, 30)}
    assert data["comparator_period"] == "12 months to June 2024"
    (homicides,) = data["priorities"]["homicide"]["figures"]
    assert "period" not in homicides
    assert list(homicides["comparator"]) == ["value"]
    typed = re.sub(r'("?)\[FILL IN: ([^\]]*)\]\1', _typed, edition.read_text(encoding="utf-8"))
    edition.write_text(typed, encoding="utf-8")
    code, out, _ = run("validate", "inputs/2025-26-Q1.yaml")
    assert (code, out) == (0, "Checked 1 edition: no problems found.\n")
