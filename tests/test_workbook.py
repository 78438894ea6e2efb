"""The figures workbook: new --workbook, filled in, validated by cell, built like the YAML route."""

from __future__ import annotations

import csv
import io
import re
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from reportgen.files import sha256_file
from reportgen.new import dump
from reportgen.read.source import read_yaml
from reportgen.render.html import read_source
from reportgen.workbook_file import write_workbook
from tests.conftest import INPUTS, Run

EDITION = "2024-25-Q4"


def _split(folder: Path, workbook: str = "figures.xlsx") -> Path:
    """The sample edition with its figures moved out of the file into a workbook beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(INPUTS / "profile.yaml", folder / "profile.yaml")
    data = read_yaml(INPUTS / f"{EDITION}.yaml").data
    figures = []
    for key, content in data["priorities"].items():
        figures += [(key, f) for f in content.pop("figures", None) or []]
    data = {"figures_workbook": workbook, **data}
    (folder / f"{EDITION}.yaml").write_text(dump(data), encoding="utf-8")
    write_workbook(folder / "figures.xlsx", figures)
    return folder / f"{EDITION}.yaml"


def _text(html: str) -> str:
    html = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def _edit(path: Path, cells: dict[str, Any]) -> None:
    book = load_workbook(path)
    sheet = book["Figures"]
    for name, value in cells.items():
        if isinstance(value, tuple):
            sheet[name].value, sheet[name].number_format = value
        else:
            sheet[name].value = value
    book.save(path)


def _header(path: Path) -> list[str]:
    return [str(c.value) for c in load_workbook(path)["Figures"][1]]


def _cell(path: Path, header: str, row: int) -> str:
    column = _header(path).index(header)
    return f"{chr(ord('A') + column)}{row}"


def test_the_workbook_route_builds_the_same_statement_as_the_yaml_route(
    tmp_path: Path, run: Run
) -> None:
    edition = _split(tmp_path / "split")
    code, out, _ = run("build", str(edition), "--out", str(tmp_path / "b1"), "--format", "html")
    assert code == 0, out
    code, out, _ = run(
        "build", str(INPUTS / f"{EDITION}.yaml"), "--out", str(tmp_path / "b0"), "--format", "html"
    )
    assert code == 0, out
    name = f"{EDITION}/national-priorities-statement-{EDITION.lower()}.html"
    workbook_html = (tmp_path / "b1" / name).read_text(encoding="utf-8")
    yaml_html = (tmp_path / "b0" / name).read_text(encoding="utf-8")
    assert _text(workbook_html) == _text(yaml_html)
    assert "11,241" in _text(workbook_html)
    # The provenance names the workbook with its hash, and the embedded input carries its figures.
    source = read_source(workbook_html.encode("utf-8"))
    inputs = source["provenance"]["inputs"]
    assert inputs["figures.xlsx"] == "sha256:" + sha256_file(edition.parent / "figures.xlsx")
    embedded = source["input"]["edition"]
    figures = embedded["priorities"]["homicide"]["figures"]
    assert [f["id"] for f in figures] == ["homicides", "domestic-homicides"]
    assert figures[0]["value"] == 31
    assert embedded["figures_workbook"] == "figures.xlsx"


def test_new_workbook_writes_the_figures_to_fill_in_and_validate_names_each_cell(
    sample_inputs: Path, run: Run
) -> None:
    code, out, _ = run("new", "2025-26", "Q1", "--workbook")
    assert code == 0, out
    workbook = sample_inputs / "inputs" / "2025-26-Q1-figures.xlsx"
    assert f"Its figures are in {Path('inputs') / workbook.name}" in out
    text = (sample_inputs / "inputs" / "2025-26-Q1.yaml").read_text(encoding="utf-8")
    assert "figures_workbook: 2025-26-Q1-figures.xlsx" in text
    assert "id: homicides" not in text  # the figures are in the workbook, not the file
    sheet = load_workbook(workbook)["Figures"]
    header = [c.value for c in sheet[1]]
    rows = {r[header.index("id")].value: r for r in sheet.iter_rows(min_row=2)}
    homicides = rows["homicides"]
    assert homicides[header.index("period")].value == "12 months to June 2025"
    assert homicides[header.index("comparator period")].value == "12 months to June 2024"
    assert str(homicides[header.index("value")].value).startswith("[FILL IN")
    assert homicides[header.index("value")].fill.start_color.rgb.endswith("FFF2CC")
    assert homicides[header.index("period")].number_format == "@"
    code, out, _ = run("validate", "inputs/2025-26-Q1.yaml")
    assert code == 1
    value = f"{chr(ord('A') + header.index('value'))}2"
    assert (
        f"inputs/2025-26-Q1-figures.xlsx, sheet Figures, cell {value}: error: figure "
        "'homicides': a placeholder has not been filled in — a count (a whole number), such as "
        "31, for 12 months to June 2025"
    ) in out


# A corpus of mistakes typed into the workbook: the column and row typed in, what was typed, and
# the message, reported at that cell (or, for the last, at the 'not available' cell it clashes with).
MISTAKES = [
    (
        "value",
        2,
        "thirty",
        "figure 'homicides': 'value' should be a whole number, but is the text "
        "'thirty' — write the number in digits without a decimal point, e.g. 31 or 48938",
    ),
    (
        "kind",
        3,
        "cnt",
        "figure 'domestic-homicides': 'cnt' is not a kind of figure — did you mean 'count'?",
    ),
    (
        "period",
        5,
        (datetime(2025, 6, 1), "mmm-yy"),
        "the spreadsheet has turned the 'period' into "
        "the date 1 June 2025 — format the column as Text and type it again, or type an apostrophe "
        "first, e.g. 'June 2025",
    ),
    ("priority", 6, "homocide", "'homocide' is not a national priority — did you mean 'homicide'?"),
    (
        "id",
        7,
        "Knife Offences",
        "figure 'Knife Offences': 'id' cannot be the text 'Knife "
        "Offences' — use lower case words joined by hyphens, e.g. 'knife-offences'",
    ),
    (
        "period end",
        8,
        "31/12/2024",
        "figure 'gun-crime': 'end' should be a date, but is the text "
        "'31/12/2024' — write dates as YYYY-MM-DD, e.g. 2025-03-31",
    ),
    (
        "label",
        9,
        None,
        "figure 'knife-rate': 'label' is missing — fill in the figure's 'label' cell",
    ),
    (
        "value",
        2,
        "31 offences",
        "figure 'homicides': 'value' should be a whole number, but is the text '31 offences'",
    ),
    (
        "id",
        3,
        "homicides",
        "the figure id 'homicides' is used twice (first at sheet Figures, "
        "cell B2) — give each figure its own id",
    ),
    (
        "value",
        4,
        12,
        "figure 'sharp-object-admissions' has a value and is also marked not "
        "available — remove one of them",
        "not available",
    ),
]


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m[3][:40] for m in MISTAKES])
def test_a_mistake_in_the_workbook_is_reported_at_its_cell(
    tmp_path: Path, run: Run, mistake: tuple[Any, ...]
) -> None:
    header, row, typed, message, *located = mistake
    edition = _split(tmp_path / "inputs")
    workbook = edition.parent / "figures.xlsx"
    _edit(workbook, {_cell(workbook, header, row): typed})
    cell = _cell(workbook, located[0] if located else header, row)
    code, out, _ = run("validate", str(edition))
    assert code == 1
    lines = [line for line in out.splitlines() if ", sheet Figures, cell" in line]
    assert any(
        line.endswith(f"figures.xlsx, sheet Figures, cell {cell}: error: {message}")
        or (f"figures.xlsx, sheet Figures, cell {cell}: " in line and message in line)
        for line in lines
    ), out


def test_a_percentage_cell_reads_as_the_spreadsheet_shows_it(tmp_path: Path, run: Run) -> None:
    """Excel keeps 81.5% as 0.815: the statement must say 81.5%, not 0.815%."""
    edition = _split(tmp_path / "inputs")
    workbook = edition.parent / "figures.xlsx"
    header = _header(workbook)
    book = load_workbook(workbook)
    sheet = book["Figures"]
    row = next(r[0].row for r in sheet.iter_rows(min_row=2) if r[1].value == "fraud-share")
    sheet.cell(row, header.index("value") + 1, 0.815).number_format = "0.0%"
    book.save(workbook)
    code, out, _ = run("build", str(edition), "--out", str(tmp_path / "b"), "--format", "html")
    assert code == 0, out
    text = _text(next((tmp_path / "b").rglob("*.html")).read_text(encoding="utf-8"))
    assert "81.5% concerned fraud" in text
    assert "0.815" not in text


def test_a_csv_workbook_is_read_and_located_by_cell(tmp_path: Path, run: Run) -> None:
    edition = _split(tmp_path / "inputs", workbook="figures.csv")
    rows = [[c.value for c in r] for r in load_workbook(edition.parent / "figures.xlsx")["Figures"]]
    rows[2][rows[0].index("value")] = "nine"
    out = io.StringIO(newline="")
    csv.writer(out).writerows([["" if v is None else str(v) for v in r] for r in rows])
    (edition.parent / "figures.csv").write_bytes(out.getvalue().encode("cp1252"))
    code, printed, _ = run("validate", str(edition))
    assert code == 1
    column = chr(ord("A") + rows[0].index("value"))
    assert (
        f"figures.csv, cell {column}3: error: figure 'domestic-homicides': 'value' should be a "
        "whole number, but is the text 'nine'"
    ) in printed


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("missing", "error: there is no figures workbook 'figures.xlsx' beside this file"),
        (
            "damaged",
            "error: figures.xlsx cannot be read as a spreadsheet: it is damaged, or not "
            "the kind its name ends in (BadZipFile) — open it in Excel or LibreOffice and save it "
            "again",
        ),
        (
            "outside",
            "error: the figures workbook '../figures.xlsx' should be named from this file's folder",
        ),
        (
            "no header",
            "figures.xlsx, sheet Figures, cell A1: error: there is no row naming the "
            "columns 'priority' and 'id'",
        ),
        (
            "unknown column",
            "figures.xlsx, sheet Figures, cell U1: error: 'Comparator valeu' is "
            "not a column of the figures workbook — did you mean 'comparator value'?",
        ),
    ],
)
def test_a_workbook_that_cannot_be_used_is_reported_plainly(
    tmp_path: Path, run: Run, setup: str, message: str
) -> None:
    edition = _split(tmp_path / "inputs")
    workbook = edition.parent / "figures.xlsx"
    if setup == "missing":
        workbook.unlink()
    elif setup == "damaged":
        workbook.write_bytes(b"PK\x03\x04 not really a workbook")
    elif setup == "outside":
        edition.write_text(
            edition.read_text(encoding="utf-8").replace(
                "figures_workbook: figures.xlsx", "figures_workbook: ../figures.xlsx"
            ),
            encoding="utf-8",
        )
    elif setup == "no header":
        book = load_workbook(workbook)
        book["Figures"].delete_rows(1)
        book["Figures"].insert_rows(1)
        book["Figures"]["A1"] = "Figures for the statement"
        book["Figures"].delete_rows(2)
        book.save(workbook)
    else:
        book = load_workbook(workbook)
        book["Figures"]["U1"] = "Comparator valeu"
        book.save(workbook)
    code, out, err = run("validate", str(edition))
    assert code == 1
    assert message in out, out
    assert "Traceback" not in out + err


def test_a_statement_built_from_a_workbook_is_confirmed_and_published(
    tmp_path: Path, run: Run
) -> None:
    """Its files carry the workbook's figures, so each can be made again from what it carries."""
    edition = _split(tmp_path / "split")
    code, out, _ = run("build", str(edition), "--out", str(tmp_path / "b"))
    assert code == 0, out
    code, out, err = run("publish", str(tmp_path / "b" / EDITION), "--site", str(tmp_path / "site"))
    assert code == 0, err
    assert "cannot be confirmed" not in out + err
    assert run("verify", str(tmp_path / "site"), "--deep")[0] == 0
