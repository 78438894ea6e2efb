"""Every validation rule, on a small fixture file: the exact message, file, line and exit code."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT, Run

RULES = FIXTURES / "rules"
WARNINGS_ONLY = {"stale-number", "no-source"}

# What a user sees for each fixture in tests/fixtures/rules/ (each file says what it tests).
EXPECTED = {
    "alias": (
        "2024-25-Q4.yaml:46:3: error: 'victims' is not a national priority — the national priorities are: homicide, serious-violence, drugs, neighbourhood-crime, victim-satisfaction, cyber-crime",
        "2024-25-Q4.yaml:46:3: error: the file uses a YAML anchor and alias (&name / *name) — write the values out in full; anchors and aliases are not supported",
    ),
    "bad-financial-year": (
        "2024-25-Q4.yaml:2:17: error: '2024-26' is not a financial year: 2024 should be followed by 25 — a financial year runs April to March and is written like 2024-25",
    ),
    "bad-link": (
        "2024-25-Q4.yaml:32:32: error: narrative paragraph 1 of priority 'drugs': the link 'javascript:alert(1)' is not a web or email address — links must start with https://, http:// or mailto:",
        "2024-25-Q4.yaml:32:49: warning: narrative paragraph 1 of priority 'drugs': the number 1 matches none of this priority's figures — if it is a statistic, add it as a figure and write {figure-id}; if it is out of date, correct it",
    ),
    "change-mismatch": (
        "2024-25-Q4.yaml:16:52: error: figure 'homicides': the published change of -30.1% does not match the figures: 31 against 45 is -31.1% — check the value, the comparator and the published change",
    ),
    "chart-title-without-figures": (
        "2024-25-Q4.yaml:19:14: error: priority 'homicide': the chart has a title but no figures to compare — add figures: the ids of the figures the chart compares, or move the headline to trend_title if it is the trend's",
    ),
    "duplicate-figure-id": (
        "2024-25-Q4.yaml:37:13: error: the figure id 'knife' is used twice (first at line 22) — give each figure its own id",
    ),
    "duplicate-key": (
        "2024-25-Q4.yaml:4:1: error: 'quarter' appears twice here (first at line 3) — keep one of them: YAML would silently use only the last",
    ),
    "duplicate-priority": (
        "2024-25-Q4.yaml:33:3: error: 'drugs' and 'Disrupt drug supply and county lines' are the same priority ('Disrupt drugs supply and county lines') — merge the two entries into one",
    ),
    "edition-label-mismatch": (
        "2024-25-Q4.yaml:2:17: error: the file is named for 2024-25 Q4 but its financial_year and quarter say 2024-25 Q3 — rename the file 2024-25-Q3.yaml, or correct financial_year and quarter",
    ),
    "impossible-date": (
        "2024-25-Q4.yaml:26:36: error: '2025-02-30' is not a real date (day is out of range for month) — write dates as YYYY-MM-DD, e.g. 2025-03-31",
    ),
    "impossible-percentage": (
        "2024-25-Q4.yaml:40:16: error: figure 'share': a percentage share must be between 0 and 100 (found 120.5) — for a percentage change, use kind: change",
    ),
    "missing-field": (
        "2024-25-Q4.yaml:37:9: error: figure 'share': 'period' is missing — add 'period:' (see docs/input-format.md)",
    ),
    "missing-priority": (
        "2024-25-Q4.yaml:5:1: error: the national priority 'Disrupt drugs supply and county lines' is missing — add 'drugs:' under priorities, with its narrative: paragraph 7A(a) requires a statement on every priority",
    ),
    "negative-count": (
        "2024-25-Q4.yaml:13:16: error: figure 'homicides': a count cannot be negative (found -31) — a fall is shown by a lower value than the comparator, not a negative value",
    ),
    "no-narrative": (
        "2024-25-Q4.yaml:30:3: error: priority 'drugs' has no narrative — add narrative: paragraph 7A(a) requires a statement of the force's contribution to every priority",
    ),
    "no-source": (
        "2024-25-Q4.yaml:37:9: warning: figure 'share' has no source — add source: saying where the figure comes from (e.g. 'Police recorded crime')",
    ),
    "period-after-publication": (
        "2024-25-Q4.yaml:26:54: error: figure 'knife': the period ends on 31 July 2025, after the publication date (30 June 2025) — a statement can only report periods that have ended; check the period end date",
    ),
    "placeholder": (
        "2024-25-Q4.yaml:13:16: error: figure 'homicides': a placeholder has not been filled in — the value for 2024/25",
    ),
    "published-too-early": (
        "2024-25-Q4.yaml:4:12: error: the publication date 15 March 2025 is before 2024-25 Q4 ended (31 March 2025) — a quarterly statement is published after its quarter ends; check the date and quarter",
    ),
    "rank-out-of-range": (
        "2024-25-Q4.yaml:53:16: error: figure 'rank': a rank must be between 1 and 43 (found 44) — check the rank and the number ranked ('of')",
    ),
    "reference-unavailable": (
        "2024-25-Q4.yaml:35:28: error: narrative paragraph 1 of priority 'neighbourhood-crime': {share.change} cannot be filled in: figure 'share' has no comparator — add it to the figure, or refer to something the figure has",
    ),
    "repeated-headline": (
        "2024-25-Q4.yaml:34:20: error: priority 'serious-violence': the chart headline 'Crime fell' is used already (line 20) — give each chart its own headline, saying what that chart shows",
    ),
    "stale-number": (
        "2024-25-Q4.yaml:8:28: warning: narrative paragraph 1 of priority 'homicide': the number 33 matches none of this priority's figures — if it is a statistic, add it as a figure and write {figure-id}; if it is out of date, correct it",
    ),
    "tab-indent": (
        "2024-25-Q4.yaml:32:1: error: a tab character is used for indenting — indent with spaces only (two per level); set your editor to insert spaces for the Tab key; more problems may be reported once this is fixed",
    ),
    "unknown-attribute": (
        "2024-25-Q4.yaml:8:51: error: narrative paragraph 1 of priority 'homicide': {homicides.trend} asks for 'trend', which a figure does not have — use one of: value, change, change_number, change_percent, comparator, comparator_period, baseline, baseline_change, period, label",
    ),
    "unknown-field": (
        "2024-25-Q4.yaml:13:9: error: figure 'homicides': 'valeu' is not a field here — did you mean 'value'?",
    ),
    "unknown-kind": (
        "2024-25-Q4.yaml:38:15: error: figure 'share': 'percent' is not a kind of figure — did you mean 'percentage'?",
    ),
    "unknown-priority": (
        "2024-25-Q4.yaml:30:3: error: 'drugz' is not a national priority — did you mean 'drugs'?",
    ),
    "unknown-reference": (
        "2024-25-Q4.yaml:8:51: error: narrative paragraph 1 of priority 'homicide': {homicide.change} refers to a figure that does not exist — did you mean 'homicides'?",
    ),
    "value-missing": (
        "2024-25-Q4.yaml:37:9: error: figure 'share' has no value — give its value, or add not_available with the reason it cannot be reported",
    ),
    "wrong-type": (
        "2024-25-Q4.yaml:25:16: error: figure 'knife': 'value' should be a whole number, but is the text 'lots' — write the number in digits without a decimal point, e.g. 31 or 48938",
    ),
    "yaml-syntax": (
        "2024-25-Q4.yaml:32:9: error: a quoted text is never closed — add the closing quote mark; more problems may be reported once this is fixed",
    ),
}


def _place(workdir: Path, rule: str) -> None:
    shutil.copy(RULES / f"{rule}.yaml", workdir / "2024-25-Q4.yaml")
    shutil.copy(workdir / "inputs" / "profile.yaml", workdir / "profile.yaml")


def test_every_fixture_has_an_expectation() -> None:
    assert sorted(p.stem for p in RULES.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("rule", sorted(EXPECTED))
def test_it_reports_the_exact_problem(rule: str, workdir: Path, run: Run) -> None:
    _place(workdir, rule)
    code, out, err = run("validate", "2024-25-Q4.yaml")
    lines = out.splitlines()
    assert tuple(lines[:-1]) == EXPECTED[rule]
    assert lines[-1].startswith("Checked 1 edition:")
    assert err == ""
    assert code == (0 if rule in WARNINGS_ONLY else 1)


def test_the_minimal_fixture_is_valid(workdir: Path, run: Run) -> None:
    shutil.copy(FIXTURES / "minimal.yaml", workdir / "2024-25-Q4.yaml")
    shutil.copy(workdir / "inputs" / "profile.yaml", workdir / "profile.yaml")
    assert run("validate", "2024-25-Q4.yaml") == (
        0,
        "Checked 1 edition: no problems found.\n",
        "",
    )


@pytest.mark.parametrize("rule", sorted(WARNINGS_ONLY))
def test_strict_turns_warnings_into_failure(rule: str, workdir: Path, run: Run) -> None:
    _place(workdir, rule)
    code, out, _ = run("validate", "--strict", "2024-25-Q4.yaml")
    assert code == 1
    assert "0 errors, 1 warning" in out


def test_json_output_lists_problems_for_machines(workdir: Path, run: Run) -> None:
    _place(workdir, "change-mismatch")
    code, out, _ = run("validate", "--format", "json", "2024-25-Q4.yaml")
    report = json.loads(out)
    assert code == 1
    assert report["errors"] == 1 and report["warnings"] == 0
    (problem,) = report["problems"]
    assert problem == {
        "file": "2024-25-Q4.yaml",
        "line": 16,
        "column": 52,
        "severity": "error",
        "code": "change-mismatch",
        "message": "figure 'homicides': the published change of -30.1% does not match the "
        "figures: 31 against 45 is -31.1%",
        "fix": "check the value, the comparator and the published change",
    }


def test_problems_in_several_places_are_reported_together_in_line_order(
    workdir: Path, run: Run
) -> None:
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("value: 31\n", "valeu: 31\n").replace("value: 20.5", "value: 120.5")
    text = text.replace("  drugs:", "  drugz:").replace("quarter: 4", "quarter: 3")
    (workdir / "2024-25-Q4.yaml").write_text(text, encoding="utf-8")
    shutil.copy(workdir / "inputs" / "profile.yaml", workdir / "profile.yaml")
    code, out, _ = run("validate", "2024-25-Q4.yaml")
    lines = out.splitlines()
    assert code == 1
    assert [line.split(": ")[0] for line in lines[:-1]] == [
        "2024-25-Q4.yaml:1:17",
        "2024-25-Q4.yaml:12:9",
        "2024-25-Q4.yaml:29:3",
        "2024-25-Q4.yaml:39:16",
    ]
    assert lines[-1] == "Checked 1 edition: 4 errors, 0 warnings."


def test_missing_applicability_points_to_the_priority(workdir: Path, run: Run) -> None:
    profile = (workdir / "inputs" / "profile.yaml").read_text(encoding="utf-8")
    profile = profile.replace("  drugs: {applicable: true, reason: Part of the plan.}\n", "")
    (workdir / "profile.yaml").write_text(profile, encoding="utf-8")
    shutil.copy(FIXTURES / "minimal.yaml", workdir / "2024-25-Q4.yaml")
    code, out, _ = run("validate", "2024-25-Q4.yaml")
    assert code == 1
    assert out.splitlines()[0] == (
        "2024-25-Q4.yaml:29:3: error: priority 'drugs' has no applicability assessment — add it "
        "under applicability in profile.yaml or in this edition, with a reason: paragraph 7A(b) "
        "requires one for every priority"
    )


def test_a_missing_profile_is_reported(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(FIXTURES / "minimal.yaml", tmp_path / "2024-25-Q4.yaml")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("validate", "2024-25-Q4.yaml")
    assert code == 1
    assert out.splitlines()[0] == (
        "profile.yaml:1:1: error: the OPCC profile is missing — create profile.yaml beside the "
        "edition files (see docs/input-format.md)"
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "1:1: error: the file is empty — copy the example in docs/input-format.md"),
        (
            "quarter: 4\n".encode("utf-16"),
            "1:1: error: the file is saved as UTF-16 text — save it again as UTF-8 (in Notepad: "
            "File > Save as > Encoding: UTF-8)",
        ),
        (
            b"%PDF-1.7\n\x00\x01binary",
            "1:1: error: this is not a text file (it contains binary data) — input files are plain "
            "text YAML; check that you chose the right file",
        ),
        (
            "financial_year: 2024-25\nlabel: caf\u00e9\n".encode("latin-1"),
            "2:11: error: the file is not UTF-8 text (byte 0xE9 cannot be read) — save it again as "
            "UTF-8; text pasted from Word or saved as Latin-1 often causes this",
        ),
        (
            b"- just\n- a list\n",
            "1:1: error: the file does not describe an edition: it should be a set of 'name: value' "
            "fields — start from the example in docs/input-format.md",
        ),
    ],
    ids=["empty", "utf-16", "binary", "latin-1", "not-a-mapping"],
)
def test_files_that_are_not_yaml_text_get_one_clear_message(
    content: bytes, expected: str, workdir: Path, run: Run
) -> None:
    (workdir / "inputs" / "2024-25-Q4.yaml").write_bytes(content)
    code, out, _ = run("validate")
    assert code == 1
    assert out.splitlines()[0] == f"inputs/2024-25-Q4.yaml:{expected}"


def test_a_file_with_a_byte_order_mark_is_read(workdir: Path, run: Run) -> None:
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    (workdir / "inputs" / "2024-25-Q4.yaml").write_bytes(text.encode("utf-8-sig"))
    assert run("validate")[0] == 0


def test_an_oversized_file_is_refused_without_reading_it(workdir: Path, run: Run) -> None:
    path = workdir / "inputs" / "2024-25-Q4.yaml"
    with path.open("wb") as handle:
        handle.truncate(5 * 1024 * 1024)
    code, out, _ = run("validate")
    assert code == 1
    assert "the file is 5,242,880 bytes; input files are limited to 1,048,576 bytes" in out


def test_a_billion_laughs_file_is_refused_quickly(workdir: Path, run: Run) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    (workdir / "inputs" / "2024-25-Q4.yaml").write_text("\n".join(lines) + "\n")
    code, out, _ = run("validate")
    assert code == 1
    assert "anchors and aliases are not supported" in out


def test_yes_and_no_are_words_not_booleans(workdir: Path, run: Run) -> None:
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("label: Share of crime", "label: no")
    (workdir / "inputs" / "2024-25-Q4.yaml").write_text(text, encoding="utf-8")
    assert run("validate")[0] == 0


def test_no_editions_gives_a_helpful_error(workdir: Path, run: Run) -> None:
    code, out, err = run("validate")
    assert code == 1
    assert out == ""
    assert err == "Error: no edition files found — start one with 'reportgen new 2025-26 Q1'\n"


def test_validate_does_not_import_rendering_libraries() -> None:
    script = (
        "import os, sys; from reportgen.cli import main; "
        "main(['validate', 'inputs'], open(os.devnull, 'w')); "
        "print(sorted(m for m in ('matplotlib', 'docx', 'typst', 'jinja2', 'lxml') "
        "if m in sys.modules))"
    )
    found = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert found.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '"a bell \\a here"',
            "contains an invisible control character (U+0007 control character) — delete it; it "
            "often comes from text pasted from another program",
        ),
        (
            '"file\u202etxt.exe"',
            "contains a character that reverses the order text is shown in (U+202E RIGHT-TO-LEFT "
            "OVERRIDE) — delete it: it can make the statement display something other than it says",
        ),
        (
            '"Well done \U0001f600"',
            "uses '\U0001f600' (U+1F600 GRINNING FACE), which the PDF's typeface (Liberation Sans) "
            "cannot show — write it in words, or remove it",
        ),
    ],
    ids=["control", "bidi-override", "emoji"],
)
def test_characters_a_statement_cannot_carry_are_refused(
    text: str, expected: str, workdir: Path, run: Run
) -> None:
    edition = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    edition = edition.replace("      - Operations continued.", f"      - {text}")
    (workdir / "inputs" / "2024-25-Q4.yaml").write_text(edition, encoding="utf-8")
    code, out, _ = run("validate")
    assert code == 1
    assert out.splitlines()[0].endswith(f"narrative paragraph 1 of priority 'drugs': {expected}")


def test_welsh_greek_and_long_words_are_accepted(workdir: Path, run: Run) -> None:
    edition = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    text = "Diolch — ŵ ŷ Ŵ Ŷ, Δ, zero\u200bwidth, " + "a" * 300
    edition = edition.replace("      - Operations continued.", f'      - "{text}"')
    (workdir / "inputs" / "2024-25-Q4.yaml").write_text(edition, encoding="utf-8")
    assert run("validate")[0] == 0


def test_an_internal_error_is_one_line_not_a_traceback(
    workdir: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(FIXTURES / "minimal.yaml", workdir / "inputs" / "2024-25-Q4.yaml")

    def broken(*_: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("reportgen.check.validate_editions", broken)
    code, out, err = run("validate")
    assert (code, out) == (2, "")
    assert err.startswith(
        "reportgen stopped on an internal error (ZeroDivisionError: division by zero)."
    )


# Values that validated and then failed later, or meant something other than written (issue 15).


def _edited_minimal(workdir: Path, old: str, new: str) -> None:
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    assert old in text
    (workdir / "inputs" / "2024-25-Q4.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_period_ending_in_year_1_is_refused(workdir: Path, run: Run) -> None:
    _edited_minimal(workdir, "end: 2025-03-31", "end: 0001-03-31")
    code, out, _ = run("validate")
    assert code == 1
    assert "the period ends in the year 1, before any police statistic (1900)" in out
    assert out.startswith("inputs/2024-25-Q4.yaml:13:")
    assert "— check the period end date\n" in out


def test_a_period_that_starts_after_it_ends_is_refused(workdir: Path, run: Run) -> None:
    """A label reportgen cannot read leaves the dates as typed: they must still be in order."""
    _edited_minimal(
        workdir,
        "period: {label: 2024/25, end: 2025-03-31}",
        "period: {label: the campaign period, start: 2025-03-31, end: 2024-04-01}",
    )
    code, out, _ = run("validate")
    assert code == 1
    assert (
        "error: figure 'homicides': the period starts on 31 March 2025, after it ends on "
        "1 April 2024 — correct the start or end date\n"
    ) in out


def test_a_50000_character_link_is_refused_with_its_place(workdir: Path, run: Run) -> None:
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.strip() == "narrative:")
    address = "https://example.org/" + "a" * 50_000
    _edited_minimal(workdir, "narrative:\n", f"narrative:\n      - See [the page]({address}).\n")
    code, out, _ = run("validate")
    assert code == 1
    assert f"inputs/2024-25-Q4.yaml:{line + 1}:" in out
    assert "a link is 50,020 characters long (at most 2,000)" in out


def test_no_is_not_false_for_a_yes_or_no_setting(workdir: Path, run: Run) -> None:
    profile = workdir / "inputs" / "profile.yaml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text + "numbered_paragraphs: no\n", encoding="utf-8")
    shutil.copy(FIXTURES / "minimal.yaml", workdir / "inputs" / "2024-25-Q4.yaml")
    code, out, _ = run("validate")
    assert code == 1
    assert "numbered_paragraphs" in out
