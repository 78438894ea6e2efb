"""reportgen diff: what changed between two editions, read from input files or from built statements.

The reports on the fixtures (tests/fixtures/diff/old and new, which make every kind of change, each
noted in the file) and on the two sample editions are compared with golden files in
tests/fixtures/diff/expected/, exactly. After a deliberate change to the report or the inputs,
regenerate them with ``REPORTGEN_UPDATE_GOLDEN=1 python -m pytest tests/diff/test_diff.py`` and read
the difference before committing it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import os
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from reportgen import __version__
from reportgen.check import validate_editions
from reportgen.check.revisions import revision_warnings, revision_warnings_against
from reportgen.cli import main
from reportgen.diff import (
    Diff,
    IncompatibleSource,
    NotAStatement,
    Segment,
    SourceNotFound,
    as_data,
    compare,
    compare_paths,
    open_statement,
    redline,
    render_html,
    render_json,
    render_text,
)
from reportgen.problems import InputProblems, ReportgenError
from tests.browser import axe_violations, describe_violations
from tests.conftest import FIXTURES, INPUTS, ROOT, Run, SampleBuild

DIFF = FIXTURES / "diff"
OLD = DIFF / "old" / "2024-25-Q3.yaml"
NEW = DIFF / "new" / "2024-25-Q4.yaml"
EXPECTED = DIFF / "expected"
SAMPLE_OLD = INPUTS / "2023-24-Q2.yaml"
SAMPLE_NEW = INPUTS / "2024-25-Q4.yaml"
UPDATE = bool(os.environ.get("REPORTGEN_UPDATE_GOLDEN"))


@pytest.fixture(autouse=True)
def _in_project(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paths in the reports are relative to the working folder: run from the project's."""
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("NO_COLOR", raising=False)


def _relative(path: Path) -> Path:
    return path.relative_to(ROOT)


def _golden(name: str, actual: str) -> None:
    """`actual` must equal the golden file (the running version written as VERSION)."""
    actual = actual.replace(f'"reportgen": "{__version__}"', '"reportgen": "VERSION"')
    path = EXPECTED / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")


def _cli(*args: str, stdout: io.StringIO | None = None) -> tuple[int, str]:
    """`reportgen diff ARGS` through the command line; any error is a failed test."""
    out, err = stdout or io.StringIO(), io.StringIO()
    code = main(["diff", *args], stdout=out, stderr=err)
    assert err.getvalue() == ""
    return code, out.getvalue()


def _without_sources(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key not in ("old", "new")}


# -- exact reports -------------------------------------------------------------------------------


def test_the_text_report_on_the_fixtures_is_exact() -> None:
    code, out = _cli(str(_relative(OLD)), str(_relative(NEW)))
    assert code == 0
    _golden("fixtures.txt", out)


def test_the_json_report_on_the_fixtures_is_exact() -> None:
    code, out = _cli("--format", "json", str(_relative(OLD)), str(_relative(NEW)))
    assert code == 0
    _golden("fixtures.json", out)


def test_the_text_report_on_the_sample_editions_is_exact() -> None:
    _golden("samples.txt", _cli(str(_relative(SAMPLE_OLD)), str(_relative(SAMPLE_NEW)))[1])


def test_the_json_report_on_the_sample_editions_is_exact() -> None:
    args = ("--format", "json", str(_relative(SAMPLE_OLD)), str(_relative(SAMPLE_NEW)))
    _golden("samples.json", _cli(*args)[1])


def test_the_fixtures_make_every_kind_of_change() -> None:
    """The golden files are only as good as the changes the fixtures make: check they are all there."""
    result = compare_paths(OLD, NEW)
    by_id = {p.id: p for p in result.priorities}
    changed = {f.id: f for p in result.priorities for f in p.figures_changed}
    fields = {f.id: {c.field for c in f.fields} for f in changed.values()}
    assert changed["homicides"].value is not None
    assert changed["homicides"].value.change is not None
    assert changed["homicides"].value.change.text == "−13 (−29.5%)"
    assert fields["homicides"] == {"period", "comparator", "source"}
    assert fields["knife-rate"] == {"label", "kind"}
    assert fields["drug-offences"] == {"kind", "period", "comparator"}
    assert fields["money-mules"] == {"priority"}
    assert [(r.figure, r.old_as, r.new_as, r.reason is not None) for r in result.revisions] == [
        ("homicides", "value", "comparator", False),
        ("knife-offences", "value", "value", True),
        ("burglary-share", "comparator", "comparator", True),
    ]
    # A revised value is reported apart, not again as a change of the figure.
    assert "knife-offences" not in changed and "burglary-share" not in changed
    assert [f.id for p in result.priorities for f in p.figures_added] == ["domestic-homicides"]
    assert [f.id for p in result.priorities for f in p.figures_removed] == ["homicide-rate"]
    assert {
        (p.id, n.block, n.status, n.formatting_only) for p in result.priorities for n in p.narrative
    } == {
        ("homicide", 1, "changed", False),
        ("homicide", 2, "changed", False),
        ("homicide", 3, "added", False),
        ("serious-violence", 1, "changed", False),
        ("serious-violence", 2, "added", False),
        ("drugs", 1, "changed", False),
        ("neighbourhood-crime", 2, "removed", False),
        ("victim-satisfaction", 1, "changed", True),
        ("cyber-crime", 1, "changed", False),
    }
    assert by_id["drugs"].applicability is not None
    assert by_id["victim-satisfaction"].applicability is not None
    assert by_id["victim-satisfaction"].applicability.new_applicable is False
    assert {(c.id, c.status) for p in result.priorities for c in p.charts} == {
        ("homicide-1", "changed"),
        ("drugs-1", "removed"),
        ("neighbourhood-crime-1", "changed"),
        ("cyber-crime-1", "added"),
    }
    assert by_id["cyber-crime"].heading_change is not None
    assert [d.field for d in result.details] == ["edition", "published", "commissioner"]


# -- no differences and --check ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "edition", [SAMPLE_OLD, SAMPLE_NEW, NEW], ids=["sample-q2", "sample-q4", "fixture-q4"]
)
def test_an_edition_compared_with_itself_has_no_differences(edition: Path) -> None:
    code, out = _cli("--check", str(edition), str(edition))
    assert code == 0
    assert "Summary: 6 priorities · no differences\n" in out
    assert "Revisions: values for periods the old edition already published\n  none\n" in out
    assert out.count("— no changes") == 6
    data = json.loads(_cli("--check", "--format", "json", str(edition), str(edition))[1])
    assert data["identical"] is True
    assert data["summary"]["text"] == "6 priorities · no differences"
    assert data["revisions"] == [] and data["details"] == []
    assert {p["status"] for p in data["priorities"]} == {"unchanged"}


def test_check_exits_1_when_the_editions_differ() -> None:
    assert _cli("--check", str(OLD), str(NEW))[0] == 1
    assert _cli("--check", "--format", "json", str(OLD), str(NEW))[0] == 1
    assert _cli("--check", "--format", "html", str(OLD), str(NEW))[0] == 1
    assert _cli(str(OLD), str(NEW))[0] == 0  # without --check a difference is not a failure


# -- built statements read back -----------------------------------------------------------------


@pytest.fixture
def built(sample_build: SampleBuild) -> Path:
    """Both sample editions built as PDF, DOCX and HTML, once a session: <out>/<edition>/."""
    return sample_build.out


def _built_file(built: Path, edition: str, suffix: str) -> Path:
    (found,) = (built / edition).glob(f"national-priorities-statement-*.{suffix}")
    return found


def test_diffing_the_built_pdfs_gives_the_same_result_as_diffing_the_inputs(built: Path) -> None:
    from_inputs = as_data(compare_paths(SAMPLE_OLD, SAMPLE_NEW))
    old_pdf = _built_file(built, "2023-24-Q2", "pdf")
    new_pdf = _built_file(built, "2024-25-Q4", "pdf")
    from_pdfs = as_data(compare_paths(old_pdf, new_pdf))
    assert _without_sources(from_pdfs) == _without_sources(from_inputs)
    # The header says where each came from, and the input hashes the PDF recorded are the
    # hashes of the input files it was built from: an auditor can tie the two together.
    assert from_pdfs["old"]["format"] == "pdf"
    assert from_pdfs["old"]["made_by"] == __version__
    assert from_pdfs["old"]["inputs"] == from_inputs["old"]["inputs"]
    assert from_pdfs["new"]["inputs"] == from_inputs["new"]["inputs"]
    assert from_pdfs["new"]["sha256"].startswith("sha256:")
    assert from_pdfs["new"]["sha256"] != from_inputs["new"]["sha256"]


@pytest.mark.parametrize("suffix", ["docx", "html"])
def test_diffing_a_built_docx_or_html_gives_the_same_result(built: Path, suffix: str) -> None:
    from_inputs = as_data(compare_paths(SAMPLE_OLD, SAMPLE_NEW))
    old_file = _built_file(built, "2023-24-Q2", suffix)
    new_file = _built_file(built, "2024-25-Q4", suffix)
    from_files = as_data(compare_paths(old_file, new_file))
    assert _without_sources(from_files) == _without_sources(from_inputs)
    assert from_files["old"]["format"] == suffix


def test_a_build_folder_is_read_through_its_pdf(built: Path) -> None:
    result = compare_paths(built / "2023-24-Q2", built / "2024-25-Q4")
    assert result.old.format == result.new.format == "pdf"
    assert result.new.path == str(_built_file(built, "2024-25-Q4", "pdf"))


def test_an_input_file_and_the_pdf_built_from_it_do_not_differ(built: Path) -> None:
    code, out = _cli("--check", str(_relative(SAMPLE_NEW)), str(built / "2024-25-Q4"))
    assert code == 0
    assert "Summary: 6 priorities · no differences\n" in out
    assert f"     PDF made by reportgen {__version__}, 2024-25 Q4, published 30 June 2025\n" in out
    assert "     inputs recorded: 2024-25-Q4.yaml sha256:" in out


def _alone(tmp_path: Path) -> Path:
    """The Q4 sample in a folder of its own, with its profile: no earlier edition beside it."""
    folder = tmp_path / "alone"
    folder.mkdir()
    for name in ("2024-25-Q4.yaml", "profile.yaml"):
        shutil.copy(INPUTS / name, folder / name)
    return folder / "2024-25-Q4.yaml"


def test_an_edition_read_with_and_without_its_neighbour_differs_in_provenance(
    tmp_path: Path,
) -> None:
    alone = _alone(tmp_path)
    q2_hash = "sha256:" + hashlib.sha256(SAMPLE_OLD.read_bytes()).hexdigest()
    result = compare_paths(alone, SAMPLE_NEW)
    assert (result.old.history, result.new.history) == ({}, {"2023-24-Q2.yaml": q2_hash})
    assert [(d.field, d.old, d.new) for d in result.details] == [
        ("history.2023-24-Q2.yaml", None, q2_hash)
    ]
    assert not result.identical
    text = render_text(result)
    assert f"     trends read: 2023-24-Q2.yaml {q2_hash}\n" in text
    assert "earlier edition read for trends, 2023-24-Q2.yaml: (none) →" in text
    data = as_data(result)
    assert data["details"] == [{"field": "history.2023-24-Q2.yaml", "old": None, "new": q2_hash}]
    assert data["new"]["history"] == {"2023-24-Q2.yaml": q2_hash}


def test_the_editions_a_build_read_for_trends_are_read_back_from_it(
    built: Path, tmp_path: Path
) -> None:
    result = compare_paths(_built_file(built, "2024-25-Q4", "pdf"), _alone(tmp_path))
    q2_hash = "sha256:" + hashlib.sha256(SAMPLE_OLD.read_bytes()).hexdigest()
    assert result.old.history == {"2023-24-Q2.yaml": q2_hash}
    assert [(d.field, d.old, d.new) for d in result.details] == [
        ("history.2023-24-Q2.yaml", q2_hash, None)
    ]
    assert "Summary: 6 priorities · 0 figures changed" in render_text(result)


# -- revisions and validate --against --------------------------------------------------------------


def test_a_revised_value_with_no_reason_is_a_warning_located_at_the_value() -> None:
    (old,) = validate_editions([OLD]).statements
    (new,) = validate_editions([NEW]).statements
    problems = revision_warnings(new, old)
    assert [str(p) for p in problems] == [
        "tests/fixtures/diff/new/2024-25-Q4.yaml:35:45: warning: figure 'homicides': the 2023/24 "
        "value (its comparator) is 45, but the 2024-25 Q3 edition published 44 — a revision with "
        "no reason given — add restated: to the comparator, saying why it differs from what was "
        "published (the Code of Practice for Statistics asks for every revision to be explained)"
    ]
    assert problems[0].code == "revision-without-reason"
    line = NEW.read_text(encoding="utf-8").splitlines()[34]
    assert line[44:].startswith("45}")


def test_a_revised_value_of_the_figure_itself_asks_for_a_revision_reason(tmp_path: Path) -> None:
    folder = tmp_path / "inputs"
    shutil.copytree(DIFF / "new", folder)
    edition = folder / "2024-25-Q4.yaml"
    text = edition.read_text(encoding="utf-8")
    edition.write_text(
        text.replace(
            "        revision:\n          reason: Corrected after late-recorded offences were added.\n",
            "",
        ),
        encoding="utf-8",
    )
    (new,) = validate_editions([edition]).statements
    (old,) = validate_editions([OLD]).statements
    warnings = revision_warnings_against([new], old)
    assert [(p.line, p.column, p.code) for p in warnings] == [
        (35, 45, "revision-without-reason"),
        (63, 16, "revision-without-reason"),
    ]
    assert warnings[1].message == (
        "figure 'knife-offences': the calendar year 2024 value is 4,590, but the 2024-25 Q3 "
        "edition published 4,577 — a revision with no reason given"
    )
    assert warnings[1].fix.startswith("add revision: with a reason: saying why")


def test_validate_against_warns_about_a_revision_with_no_reason(run: Run) -> None:
    code, out, err = run("validate", str(_relative(NEW)), "--against", str(_relative(OLD)))
    assert (code, err) == (0, "")
    assert out.startswith(
        "tests/fixtures/diff/new/2024-25-Q4.yaml:35:45: warning: figure 'homicides': the 2023/24 "
        "value (its comparator) is 45, but the 2024-25 Q3 edition published 44 — a revision with "
        "no reason given — "
    )
    assert (
        run("validate", "--strict", str(_relative(NEW)), "--against", str(_relative(OLD)))[0] == 1
    )


def test_validate_against_reads_a_built_statement_too(built: Path, run: Run) -> None:
    alone = run("validate", str(_relative(SAMPLE_NEW)))
    against = run("validate", str(_relative(SAMPLE_NEW)), "--against", str(built / "2023-24-Q2"))
    assert against == alone


def test_there_are_no_revision_warnings_against_the_same_edition() -> None:
    (new,) = validate_editions([NEW]).statements
    assert revision_warnings(new, new) == []


# -- priorities added and removed (a change of the register) ---------------------------------------


def test_a_priority_only_one_edition_covers_is_added_or_removed() -> None:
    old_source, old = open_statement(OLD)
    new_source, new = open_statement(NEW)
    without_drugs = dataclasses.replace(
        new, priorities={k: v for k, v in new.priorities.items() if k != "drugs"}
    )
    result = compare(old_source, old, new_source, without_drugs)
    drugs = next(p for p in result.priorities if p.id == "drugs")
    assert drugs.status == "removed"
    assert [f.id for f in drugs.figures_removed] == ["drug-offences"]
    assert [(n.block, n.status) for n in drugs.narrative] == [(1, "removed")]
    assert [(c.id, c.status) for c in drugs.charts] == [("drugs-1", "removed")]
    assert drugs.applicability is not None
    assert drugs.applicability.new_applicable is None
    assert "3. Disrupt drugs supply and county lines (removed)\n" in render_text(result)
    reverse = compare(new_source, without_drugs, old_source, old)
    assert next(p for p in reverse.priorities if p.id == "drugs").status == "added"


# -- errors ------------------------------------------------------------------------------------


def _error(tmp_path: Path, name: str, content: bytes | None = None) -> ReportgenError:
    path = tmp_path / name
    if content is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    with pytest.raises(ReportgenError) as caught:
        compare_paths(path, NEW)
    return caught.value


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    error = _error(tmp_path, "2024-25-Q3.pdf")
    assert isinstance(error, SourceNotFound)
    assert str(error) == (
        f"there is no file or folder '{tmp_path / '2024-25-Q3.pdf'}' — give an edition's input "
        "file, a build folder, or a PDF, DOCX or HTML statement made by reportgen"
    )


def test_a_folder_with_no_statement_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    error = _error(tmp_path, "empty")
    assert isinstance(error, SourceNotFound)
    assert str(error) == (
        f"the folder '{tmp_path / 'empty'}' holds no statement built by reportgen "
        "(national-priorities-statement-….pdf, .docx or .html) — give a build folder such as "
        "build/2024-25-Q4, an edition's input file, or the statement file itself"
    )


def test_a_folder_with_two_statements_asks_for_the_file(tmp_path: Path) -> None:
    for name in ("national-priorities-statement-a.pdf", "national-priorities-statement-b.pdf"):
        (tmp_path / name).write_bytes(b"%PDF-1.7\n")
    error = _error(tmp_path, ".")
    assert isinstance(error, NotAStatement)
    assert "holds more than one statement (national-priorities-statement-a.pdf, " in str(error)


def test_a_pdf_not_made_by_reportgen_is_a_clear_error(tmp_path: Path) -> None:
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    buffer = io.BytesIO()
    pdf.save(buffer)
    error = _error(tmp_path, "letter.pdf", buffer.getvalue())
    assert isinstance(error, NotAStatement)
    assert str(error) == (
        f"'{tmp_path / 'letter.pdf'}' cannot be compared: the PDF has no attached "
        "statement-input.json: it was not made by reportgen, or its attachments were removed"
    )


def test_a_file_that_is_not_a_pdf_at_all_is_a_clear_error(tmp_path: Path) -> None:
    error = _error(tmp_path, "notes.pdf", b"These are my notes, not a PDF.\n")
    assert isinstance(error, NotAStatement)
    assert str(error).startswith(f"'{tmp_path / 'notes.pdf'}' cannot be read as a PDF (")


def test_a_docx_not_made_by_reportgen_is_a_clear_error(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("word/document.xml", "<document/>")
    error = _error(tmp_path, "letter.docx", buffer.getvalue())
    assert isinstance(error, NotAStatement)
    assert str(error) == (
        f"'{tmp_path / 'letter.docx'}' cannot be compared: the DOCX file carries no statement "
        "source data: only DOCX files made by reportgen (0.1.0 or later) can be compared"
    )
    error = _error(tmp_path, "text.docx", b"plain text")
    assert (
        str(error)
        == f"'{tmp_path / 'text.docx'}' cannot be read as a DOCX (File is not a zip file) — "
        "compare the file as published, or the edition's input files"
    )


def test_an_html_page_not_made_by_reportgen_is_a_clear_error(tmp_path: Path) -> None:
    error = _error(tmp_path, "page.html", b"<!DOCTYPE html><title>x</title><p>Hello</p>")
    assert isinstance(error, NotAStatement)
    assert str(error).startswith(f"'{tmp_path / 'page.html'}' cannot be compared: the HTML has")


def test_a_statement_whose_embedded_input_this_version_cannot_read_is_a_clear_error(
    tmp_path: Path,
) -> None:
    source = {"input": {"edition": {"quarter": 9}, "profile": {}}, "provenance": {}}
    page = (
        '<!DOCTYPE html><script type="application/json" id="statement-source">'
        f"{json.dumps(source)}</script>"
    )
    error = _error(tmp_path, "old.html", page.encode())
    assert isinstance(error, IncompatibleSource)
    assert str(error) == (
        f"'{tmp_path / 'old.html'}': the statement data embedded in it is not an edition this "
        f"version of reportgen ({__version__}) can read (its edition financial_year: Field "
        "required) — compare the edition's input files instead"
    )


def test_another_kind_of_file_is_a_clear_error(tmp_path: Path) -> None:
    error = _error(tmp_path, "figures.csv", b"id,value\n")
    assert isinstance(error, NotAStatement)
    assert str(error) == (
        f"'{tmp_path / 'figures.csv'}' is neither an edition's input file (.yaml) nor a statement "
        "made by reportgen (.pdf, .docx or .html) — give one of those, or a build folder"
    )


def test_an_input_file_with_errors_reports_its_problems(tmp_path: Path) -> None:
    folder = tmp_path / "inputs"
    shutil.copytree(DIFF / "new", folder)
    edition = folder / "2024-25-Q4.yaml"
    edition.write_text(
        edition.read_text(encoding="utf-8").replace("value: 31\n", "value: -31\n"),
        encoding="utf-8",
    )
    with pytest.raises(InputProblems) as caught:
        compare_paths(OLD, edition)
    assert [str(p) for p in caught.value.problems] == [
        f"{edition}:33:16: error: figure 'homicides': a count cannot be negative (found -31) — "
        "a fall is shown by a lower value than the comparator, not a negative value"
    ]


# -- text for a terminal -------------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_is_used_only_on_a_terminal_and_never_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    plain = _cli(str(_relative(OLD)), str(_relative(NEW)))[1]
    assert "\x1b[" not in plain
    coloured = _cli(str(_relative(OLD)), str(_relative(NEW)), stdout=_Terminal())[1]
    assert "\x1b[31m[-44-]\x1b[0m \x1b[32m{+31+}\x1b[0m" in coloured
    assert "\x1b[1mChanges from 2024-25 Q3 to 2024-25 Q4\x1b[0m" in coloured
    # Without its colour codes, the coloured report is the plain one, word for word.
    for code in ("\x1b[31m", "\x1b[32m", "\x1b[1m", "\x1b[0m"):
        coloured = coloured.replace(code, "")
    assert coloured == plain
    monkeypatch.setenv("NO_COLOR", "1")
    assert _cli(str(_relative(OLD)), str(_relative(NEW)), stdout=_Terminal())[1] == plain


def test_a_long_unchanged_run_of_narrative_is_shortened_in_the_terminal() -> None:
    result = compare_paths(SAMPLE_NEW, SAMPLE_NEW)
    long = " ".join(f"w{n}" for n in range(40))
    change = dataclasses.replace(
        result.priorities[0],
        narrative=(
            dataclasses.replace(
                next(iter(compare_paths(OLD, NEW).priorities[0].narrative)),
                redline=(
                    Segment("delete", "Old"),
                    Segment("equal", long),
                    Segment("insert", "new"),
                ),
            ),
        ),
        status="changed",
    )
    text = render_text(dataclasses.replace(result, priorities=(change,)))
    assert "[-Old-] w0 w1 w2 w3 w4 w5 w6 w7 … w32 w33 w34 w35 w36 w37 w38 w39 {+new+}" in text


# -- the word-level redline ------------------------------------------------------------------------


def test_a_redline_marks_changed_words_and_keeps_the_rest() -> None:
    assert redline("The force recorded 37 homicides.", "The force recorded 31 homicides.") == (
        Segment("equal", "The force recorded"),
        Segment("delete", "37"),
        Segment("insert", "31"),
        Segment("equal", "homicides."),
    )
    assert redline("", "New words.") == (Segment("insert", "New words."),)
    assert redline("Old words.", "") == (Segment("delete", "Old words."),)
    assert redline("Same.", "Same.") == (Segment("equal", "Same."),)


def test_a_rewritten_sentence_reads_as_one_deletion_and_one_insertion() -> None:
    """A common word ('the') left between edits no longer than it is folded into them."""
    assert redline("The office funds the partnership.", "The force leads the region.") == (
        Segment("equal", "The"),
        Segment("delete", "office funds the partnership."),
        Segment("insert", "force leads the region."),
    )
    # An unchanged run longer than the edit beside it stays: it helps the reader.
    assert redline(
        "The office funds the work of the partnership.",
        "The force leads the response of the region.",
    ) == (
        Segment("equal", "The"),
        Segment("delete", "office funds the work"),
        Segment("insert", "force leads the response"),
        Segment("equal", "of the"),
        Segment("delete", "partnership."),
        Segment("insert", "region."),
    )


def test_a_redline_keeps_the_lines_of_a_list() -> None:
    segments = redline("Work included:\n• a; b", "Work included:\n• a; c")
    assert segments == (
        Segment("equal", "Work included:\n• a;"),
        Segment("delete", "b"),
        Segment("insert", "c"),
    )


# -- the HTML redline page -----------------------------------------------------------------------


def test_the_html_report_is_accessible(page: Any) -> None:
    html = _cli("--format", "html", str(OLD), str(NEW))[1]
    page.set_content(html)
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)
    assert page.locator("h1").count() == 1
    assert page.locator("html").get_attribute("lang") == "en-GB"
    assert page.locator("th:not([scope])").count() == 0
    assert page.locator("del").count() >= 10 and page.locator("ins").count() >= 10
    # Deletions and insertions are announced in words, not only shown.
    assert page.locator("del .visually-hidden").first.text_content() == "deleted: "
    assert page.locator("ins .visually-hidden").first.text_content() == "inserted: "
    # The house typeface, not the browser's serif fallback: the stylesheet arrives unescaped.
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert font.startswith('Arial, "Liberation Sans"'), font
    assert page.title() == (
        "Changes from the 2024-25 Q3 to the 2024-25 Q4 statement – National Policing "
        "Priorities Statement"
    )


def test_the_html_report_prints_narrative_as_text_never_markup(sample_inputs: Path) -> None:
    edition = sample_inputs / "inputs" / "2024-25-Q4.yaml"
    text = edition.read_text(encoding="utf-8")
    edition.write_text(
        text.replace(
            "The appointment is intended", "<script>alert(1)</script> \\{\\{ 1 + 1 \\}\\} & the"
        ),
        encoding="utf-8",
    )
    html = render_html(compare_paths(SAMPLE_NEW, edition))
    assert "<script>alert(1)</script>" not in html
    assert (
        '<ins><span class="visually-hidden">inserted: </span>&lt;script&gt;alert(1)&lt;/script&gt;'
        " {{ 1 + 1 }} &amp; the</ins>" in html
    )


# -- the command line ------------------------------------------------------------------------------


def test_the_diff_command_has_help_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "show what changed between two editions" in capsys.readouterr().out
    assert main(["diff", "--help"]) == 0
    help_text = capsys.readouterr().out
    for option in ("OLD", "NEW", "--format {text,html,json}", "--check"):
        assert option in help_text


def test_the_reportgen_command_runs_diff(run: Run) -> None:
    """Through cli.main: exit 1 when the editions differ, 2 when they cannot be compared."""
    code, out, err = run("diff", "--check", str(_relative(OLD)), str(_relative(NEW)))
    assert (code, err) == (1, "")
    assert out == (EXPECTED / "fixtures.txt").read_text(encoding="utf-8")
    code, out, err = run("diff", "no-such-file.pdf", str(NEW))
    assert code == 2 and out == ""
    assert err.startswith("Error: there is no file or folder 'no-such-file.pdf'")


def test_the_json_report_is_the_documented_format() -> None:
    data = json.loads(render_json(compare_paths(OLD, NEW)))
    assert list(data) == [
        "format",
        "reportgen",
        "old",
        "new",
        "identical",
        "summary",
        "details",
        "revisions",
        "priorities",
    ]
    assert data["format"] == "reportgen-diff/1"
    guide = (ROOT / "docs" / "diff.md").read_text(encoding="utf-8")
    for key in _keys(data):
        assert f"`{key}`" in guide, f"docs/diff.md does not document '{key}'"


def _keys(data: Any) -> set[str]:
    """Every field name in the JSON, at any depth (but not the values of 'inputs' and 'history',
    file names)."""
    if isinstance(data, list):
        return set().union(*(_keys(item) for item in data)) if data else set()
    if not isinstance(data, dict):
        return set()
    found = set(data)
    for key, value in data.items():
        if key not in ("inputs", "history"):
            found |= _keys(value)
    return found


def _docs_block(kind: str, after: str) -> str:
    guide = (ROOT / "docs" / "diff.md").read_text(encoding="utf-8")
    return guide.split(after, 1)[1].split(f"```{kind}\n", 1)[1].split("```", 1)[0]


def test_the_examples_in_the_guide_are_real_output() -> None:
    old = _relative(DIFF / "example" / "2024-25-Q3.yaml")
    new = _relative(DIFF / "example" / "2024-25-Q4.yaml")
    console = _docs_block("console", "## An example")
    command = f"$ reportgen diff {old} {new}\n"
    assert console.startswith(command)
    assert console[len(command) :] == _cli(str(old), str(new))[1]
    documented = _docs_block("json", "## The JSON report")
    actual = _cli("--format", "json", str(old), str(new))[1]
    assert documented == actual.replace(f'"reportgen": "{__version__}"', '"reportgen": "0.1.0"')


def test_diff_is_a_stable_dataclass_tree() -> None:
    """Two runs give equal results, so reports are reproducible."""
    first: Diff = compare_paths(OLD, NEW)
    assert compare_paths(OLD, NEW) == first


def test_a_page_saved_by_a_browser_as_htm_is_read_as_html(built: Path, tmp_path: Path) -> None:
    saved = tmp_path / "Statement 2024-25 Q4.HTM"
    saved.write_bytes(_built_file(built, "2024-25-Q4", "html").read_bytes())
    result = compare_paths(_built_file(built, "2024-25-Q4", "pdf"), saved)
    assert result.identical
    assert result.new.format == "html"
