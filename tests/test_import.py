"""`reportgen import` from Home Office open data tables in their published layouts (XLSX, ODS, CSV)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reportgen.files import sha256_file
from reportgen.new import dump
from reportgen.read.source import read_yaml
from reportgen.workbook_file import write_workbook
from tests.conftest import FIXTURES, Run
from tests.open_data_tables import expected, write_csv, write_ods, write_xlsx

PROFILE_IMPORT = """
import:
  force: {force}
  figures:
    violence-with-injury: {{offence_subgroup: Violence with injury}}
    robbery: {{offence_group: Robbery}}
    assaults: {{offence_code: [8N, 5D]}}
"""

EDITION = """\
financial_year: 2024-25
quarter: 4
published: 2025-06-30
period: {label: 2024/25}
comparator_period: 2023/24
priorities:
  homicide:
    narrative:
      - Homicide work continued.
  serious-violence:
    narrative:
      - Violence with injury was {violence-with-injury} ({violence-with-injury.change}).
    figures:
      - id: violence-with-injury
        kind: count
        label: Violence with injury offences
        value: "[FILL IN: a count]"
        comparator: {value: "[FILL IN: a count]"}
  drugs:
    narrative:
      - Operations continued.
  neighbourhood-crime:
    narrative:
      - Robbery in the quarter was {robbery}, {robbery.change}.
    figures:
      - id: robbery
        kind: count
        label: Robbery offences
        period: {label: Q4 2024-25}
        comparator: {label: Q4 2023-24}
      - id: assaults
        kind: count
        label: Assaults with injury
        period: {label: 12 months to December 2024}
  victim-satisfaction:
    narrative:
      - A victims' advocate was appointed.
  cyber-crime:
    narrative:
      - Fraud work continued.
"""
WRITERS: dict[str, Callable[[Path], Path]] = {
    "xlsx": write_xlsx,
    "ods": write_ods,
    "csv": write_csv,
}
WM = "West Midlands"
VIOLENCE = ("8N", "5D")
ROBBERY = ("34A", "34B")


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files are named as staff see them: relative to the working folder."""
    monkeypatch.chdir(tmp_path)


def _project(root: Path, force: str = WM, edition: str = EDITION) -> Path:
    inputs = root / "inputs"
    inputs.mkdir(parents=True)
    profile = (FIXTURES / "profile.yaml").read_text(encoding="utf-8")
    (inputs / "profile.yaml").write_text(
        profile + PROFILE_IMPORT.format(force=force), encoding="utf-8"
    )
    (inputs / "2024-25-Q4.yaml").write_text(edition, encoding="utf-8")
    return inputs / "2024-25-Q4.yaml"


def _figures(edition: Path) -> dict[str, dict[str, object]]:
    data = read_yaml(edition).data
    return {
        f["id"]: f
        for content in data["priorities"].values()
        for f in (content or {}).get("figures", [])
    }


@pytest.mark.parametrize("kind", WRITERS)
def test_import_fills_values_comparators_and_source_details(
    tmp_path: Path, run: Run, kind: str
) -> None:
    edition = _project(tmp_path)
    table = WRITERS[kind](tmp_path / f"prc-pfa-tables.{kind}")
    code, out, err = run("import", str(table), str(edition))
    assert code == 0, out + err
    figures = _figures(edition)
    violence = figures["violence-with-injury"]
    assert violence["value"] == expected(WM, 2024, (1, 2, 3, 4), VIOLENCE) == 10200
    assert violence["comparator"] == {"value": expected(WM, 2023, (1, 2, 3, 4), VIOLENCE)}
    robbery = figures["robbery"]
    assert robbery["value"] == expected(WM, 2024, (4,), ROBBERY) == 1020
    assert robbery["comparator"] == {"label": "Q4 2023-24", "value": 820}
    imported = robbery["imported"]
    assert imported["file"] == table.name
    assert imported["sha256"] == sha256_file(table)
    rows = (
        "rows 16-17, 80-81"
        if kind == "csv"
        else "sheet 2024_25 rows 20-21; sheet 2023-24 rows 16-17"
    )
    assert imported["rows"] == rows
    assert robbery["source"] == "Home Office police recorded crime open data"
    # 12 months to December 2024 is four quarters of two financial years, in two sheets.
    assaults = figures["assaults"]
    assert assaults["value"] == expected(WM, 2023, (4,), VIOLENCE) + expected(
        WM, 2024, (1, 2, 3), VIOLENCE
    )
    assert "comparator" not in assaults or "value" not in assaults["comparator"]
    assert (
        "warning: figure 'assaults': the table does not cover January to March 2023, part of the "
        "comparator (1 January 2023 to 31 December 2023); it runs from April 2023 to March 2025"
    ) in out
    assert "robbery: value filled in: 1,020" in out
    assert f"Imported 5 values from {table.name}" in out
    code, out, _ = run("build", str(edition), "--out", str(tmp_path / "build"), "--format", "html")
    assert code == 0, out
    html = next((tmp_path / "build").rglob("*.html")).read_text(encoding="utf-8")
    assert "Robbery in the quarter was 1,020, an increase of 200 (24.4%)" in html


def test_the_city_of_london_is_found_under_each_of_its_names(tmp_path: Path, run: Run) -> None:
    """'London, City of' in one sheet and 'City of London[note 8]' in the other."""
    edition = _project(tmp_path, force="City of London Police")
    table = write_ods(tmp_path / "tables.ods")
    code, out, _ = run("import", str(table), str(edition))
    assert code == 0, out
    violence = _figures(edition)["violence-with-injury"]
    assert violence["value"] == expected("City of London", 2024, (1, 2, 3, 4), VIOLENCE) == 112
    assert violence["comparator"] == {"value": 112}


def test_a_value_typed_is_kept_unless_update_and_every_change_is_printed(
    tmp_path: Path, run: Run
) -> None:
    edition = _project(
        tmp_path,
        edition=EDITION.replace(
            'value: "[FILL IN: a count]"\n        comparator: {value: "[FILL IN: a count]"}',
            "value: 10200\n        comparator: {value: 9350}",
        ),
    )
    table = write_xlsx(tmp_path / "tables.xlsx")
    code, out, _ = run("import", str(table), str(edition))
    assert code == 0
    assert (
        "inputs/2024-25-Q4.yaml:18:29: warning: figure 'violence-with-injury': the comparator value is "
        "9350 here, but 9,400 in the table (the Home Office has revised it) — kept as typed; run "
        "import again with --update to replace it"
    ) in out
    assert _figures(edition)["violence-with-injury"]["comparator"] == {"value": 9350}
    code, out, _ = run("import", str(table), str(edition), "--update")
    assert code == 0
    assert "violence-with-injury: comparator value changed from 9,350 to 9,400" in out
    assert "violence-with-injury: value" not in out  # the same as the table: nothing to say
    assert _figures(edition)["violence-with-injury"]["comparator"] == {"value": 9400}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("robbery: {offence_group: Robbery}", "robbery: {offence_group: Robery}"),
            "profile.yaml:{line}:5: error: the import of 'robbery': offence_group 'Robery' is not "
            "in the table — did you mean 'Robbery'? — correct the mapping in the profile's "
            "'import:' section",
        ),
        (
            ("force: West Midlands", "force: West Midlnds"),
            "Error: the force 'West Midlnds' is not in tables.xlsx — did you mean 'West Midlands'?",
        ),
    ],
)
def test_a_mapping_or_force_the_table_does_not_have_is_named(
    tmp_path: Path, run: Run, change: tuple[str, str], message: str
) -> None:
    edition = _project(tmp_path)
    profile = edition.parent / "profile.yaml"
    text = profile.read_text(encoding="utf-8").replace(*change)
    profile.write_text(text, encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.strip().startswith("robbery:"))
    before = edition.read_bytes()
    table = write_xlsx(tmp_path / "tables.xlsx")
    code, out, err = run("import", str(table), str(edition))
    assert code == 1
    assert message.format(line=line) in out + err
    assert edition.read_bytes() == before  # nothing half-written


def test_a_period_the_table_does_not_cover_is_an_error(tmp_path: Path, run: Run) -> None:
    edition = _project(
        tmp_path, edition=EDITION.replace("{label: Q4 2024-25}", "{label: Q1 2025-26}")
    )
    before = edition.read_bytes()
    code, out, _ = run("import", str(write_csv(tmp_path / "tables.csv")), str(edition))
    assert code == 1
    assert (
        "error: figure 'robbery': the table does not cover April to June 2025, part of the period "
        "(1 April 2025 to 30 June 2025); it runs from April 2023 to March 2025 — use the latest "
        "release of the table, or a period it covers"
    ) in out
    assert edition.read_bytes() == before


def test_a_table_without_a_needed_column_is_named(tmp_path: Path, run: Run) -> None:
    edition = _project(tmp_path)
    table = write_xlsx(tmp_path / "tables.xlsx")
    book = load_workbook(table)
    book["2024_25"]["F5"] = "Subgroup"
    book.save(table)
    code, _, err = run("import", str(table), str(edition))
    assert code == 1
    assert (
        "Error: tables.xlsx, sheet 2024_25: the column Offence Subgroup is missing — check this "
        "is a Home Office police recorded crime open data table for police force areas"
    ) in err


def test_import_fills_the_figures_workbook_by_cell(tmp_path: Path, run: Run) -> None:
    edition = _project(tmp_path)
    data = read_yaml(edition).data
    figures = []
    for key, content in data["priorities"].items():
        figures += [(key, f) for f in content.pop("figures", None) or []]
    edition.write_text(dump({"figures_workbook": "figures.xlsx", **data}), encoding="utf-8")
    write_workbook(edition.parent / "figures.xlsx", figures)
    code, out, _ = run("import", str(write_xlsx(tmp_path / "tables.xlsx")), str(edition))
    assert code == 0, out
    assert "figures.xlsx" in out
    sheet = load_workbook(edition.parent / "figures.xlsx")["Figures"]
    header = [c.value for c in sheet[1]]
    rows = {r[header.index("id")].value: r for r in sheet.iter_rows(min_row=2)}
    robbery = rows["robbery"]
    assert robbery[header.index("value")].value == 1020
    assert robbery[header.index("comparator value")].value == 820
    assert robbery[header.index("imported from")].value == "tables.xlsx"
    assert robbery[header.index("imported rows")].value == (
        "sheet 2024_25 rows 20-21; sheet 2023-24 rows 16-17"
    )
    code, out, _ = run("validate", str(edition))
    assert code == 0, out
