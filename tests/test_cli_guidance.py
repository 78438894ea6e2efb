"""The command line guides: help with no command, 'did you mean', and paths of the wrong sort named as such."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import FIXTURES, Run


def test_plain_reportgen_prints_the_help(run: Run) -> None:
    code, out, err = run()
    assert (code, err) == (0, "")
    assert out.startswith("usage: reportgen [-h] [--version] COMMAND ...\n")
    assert "preview" in out and "build the statement as DOCX, HTML and PDF" in out


def test_a_misspelt_command_gets_a_suggestion(run: Run) -> None:
    assert run("bulid") == (
        2,
        "",
        "Error: 'bulid' is not a reportgen command — did you mean 'reportgen build'? "
        "('reportgen --help' explains each)\n",
    )
    code, _, err = run("frobnicate")
    assert code == 2
    assert err == (
        "Error: 'frobnicate' is not a reportgen command — the commands are: validate, schema, "
        "build, new, import, diff, publish, verify, preview ('reportgen --help' explains each)\n"
    )


def test_a_folder_given_as_the_edition_is_named(run: Run, sample_inputs: Path) -> None:
    assert run("build", "inputs") == (
        1,
        "",
        "Error: inputs is a folder: give an edition file, such as inputs/2024-25-Q4.yaml (or "
        "build every edition in it with 'reportgen build --all inputs')\n",
    )


def test_the_profile_given_as_an_edition_is_named(run: Run, sample_inputs: Path) -> None:
    assert run("validate", "inputs/profile.yaml") == (
        1,
        "",
        "Error: inputs/profile.yaml is the OPCC profile, which is checked with every edition: "
        "give an edition file, such as inputs/2024-25-Q4.yaml\n",
    )


def test_publish_given_an_input_file_says_to_build_it_first(run: Run, sample_inputs: Path) -> None:
    code, out, err = run("publish", "inputs/2024-25-Q4.yaml", "--site", "site")
    assert (code, out) == (1, "")
    assert err == (
        "Error: inputs/2024-25-Q4.yaml is an edition's input file: publish takes the folder "
        "'reportgen build' makes from it, such as build/2024-25-Q4 (run 'reportgen build "
        "inputs/2024-25-Q4.yaml' first)\n"
    )
    assert not (sample_inputs / "site").exists()


def test_verify_given_the_manifest_asks_for_its_folder(run: Run, tmp_path: Path) -> None:
    manifest = tmp_path / "site" / "manifest.json"
    manifest.parent.mkdir()
    manifest.write_text("{}")
    assert run("verify", str(manifest)) == (
        1,
        "",
        f"Error: {manifest} is a file: give the site folder that holds it, {manifest.parent}\n",
    )


def test_diff_writes_its_report_to_a_file(run: Run, sample_inputs: Path) -> None:
    code, out, err = run(
        "diff",
        "inputs/2023-24-Q2.yaml",
        "inputs/2024-25-Q4.yaml",
        "--format",
        "html",
        "--output",
        "changes.html",
    )
    assert (code, out, err) == (0, "Wrote the HTML report to changes.html.\n", "")
    page = (sample_inputs / "changes.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "2024-25 Q4" in page


def test_build_all_shows_each_editions_warnings_once(run: Run, workdir: Path) -> None:
    shutil.copy(
        FIXTURES / "mistakes" / "change-as-count.yaml", workdir / "inputs" / "2024-25-Q4.yaml"
    )
    code, out, _ = run("build", "--all", "--format", "html")
    warning = (
        "inputs/2024-25-Q4.yaml:40:16: warning: figure 'share': 'value' is 1,234, a change of "
        "more than 1,000% — a change figure's value is the percentage change, e.g. -12.6 for a "
        "fall of 12.6%; if it is a number of things, set kind: count"
    )
    assert code == 0
    assert out == (
        "built: inputs/2024-25-Q4.yaml\n"
        "\ninputs/2024-25-Q4.yaml was built, with warnings:\n"
        f"{warning}\n"
        "Built 1 of 1 editions into build.\n"
    )
