"""Hostile, doctored and partial built files given to `reportgen diff` and `publish`: each refused clearly."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from reportgen.diff import render_text
from reportgen.diff.redline import redline
from tests.conftest import Run, SampleBuild
from tests.hostile import HOSTILE, STEM, long_narrative, make


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_or_doctored_file_is_refused_with_a_clear_message(
    run: Run, sample_build: SampleBuild, tmp_path: Path, name: str
) -> None:
    path = make(name, sample_build.q4, tmp_path / "given")
    code, out, err = run("diff", str(path), str(sample_build.q4))
    expected = HOSTILE[name][1]
    assert (code, out) == (2, ""), err
    assert err.startswith(f"Error: '{path}"), err
    assert expected in err, err
    assert "internal error" not in err and "Traceback" not in err
    assert "\x1b" not in err and "\u202e" not in err
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    "name",
    [
        "pdf-encrypted",
        "docx-unknown-compression",
        "html-invalid-quarter",
        "html-changed-number",
        "pdf-one-page-left",
        "docx-corrupt-document",
        "html-escape-sequence",
    ],
)
def test_publish_refuses_a_build_holding_a_hostile_file(
    run: Run, sample_build: SampleBuild, tmp_path: Path, name: str
) -> None:
    build = tmp_path / "build" / "2024-25-Q4"
    shutil.copytree(sample_build.q4, build)
    doctored = make(name, sample_build.q4, tmp_path / "doctored")
    shutil.copy(doctored, build / doctored.name)
    code, out, err = run("publish", str(build), "--site", str(tmp_path / "site"), "--quiet")
    assert code == 1, (out, err)
    assert err.startswith(f"Error: {build / doctored.name}"), err
    assert HOSTILE[name][1] in err
    assert not (tmp_path / "site" / "manifest.json").exists()


def test_a_build_folder_mixing_two_builds_is_refused_by_diff(
    run: Run, sample_build: SampleBuild, tmp_path: Path
) -> None:
    """A build stopped while writing can leave a new HTML beside an old PDF (finding 10)."""
    mixed = tmp_path / "2024-25-Q4"
    shutil.copytree(sample_build.q4, mixed)
    changed = make("html-escape-sequence", sample_build.q4, tmp_path / "other")
    # Another build of the edition: a valid page whose embedded data differs from the PDF's.
    page = changed.read_bytes().replace(
        b"\\u001b[2J\\u001b[HALL FIGURES VERIFIED OK\\u001b[8m ", b""
    )
    (mixed / f"{STEM}.html").write_bytes(page.replace(b"Walsall", b"Walsall (revised)", 1))
    code, out, err = run("diff", str(mixed), str(sample_build.q4))
    assert (code, out) == (2, "")
    assert "were not made by the same build" in err, err
    assert f"{STEM}.html" in err and f"{STEM}.pdf" in err


def test_the_untouched_build_is_still_compared(run: Run, sample_build: SampleBuild) -> None:
    code, _out, err = run("diff", "--check", str(sample_build.q4), str(sample_build.q4))
    assert (code, err) == (0, "")


def test_no_control_character_reaches_the_terminal_from_a_file_name(
    run: Run, sample_build: SampleBuild, tmp_path: Path
) -> None:
    if sys.platform == "win32":
        pytest.skip("Windows file names cannot hold control characters")
    named = tmp_path / "evil\x1b[2J\x1b[Hname.pdf"
    shutil.copy(sample_build.q4 / f"{STEM}.pdf", named)
    code, out, err = run(
        "diff", str(named), str(sample_build.q2 / "national-priorities-statement-2023-24-q2.pdf")
    )
    assert (code, err) == (0, "")
    assert "\x1b" not in out
    assert "evil<U+001B>[2J<U+001B>[Hname.pdf" in out


def test_the_text_report_shows_only_its_own_colours(sample_build: SampleBuild) -> None:
    from reportgen.diff import compare_paths

    result = compare_paths(sample_build.q2, sample_build.q4)
    text = render_text(result, colour=True)
    assert "\x1b[31m" in text  # the report's own colours stay
    plain = render_text(result, colour=False)
    assert "\x1b" not in plain


def test_two_pages_of_long_narrative_are_compared_in_linear_time(
    sample_build: SampleBuild, tmp_path: Path
) -> None:
    """Finding 4: two 1.5 MB pages took 312 s. Word matching is bounded, the redline still exact."""
    import difflib

    from reportgen.render.html import read_source

    calls: list[int] = []
    original = difflib.SequenceMatcher.set_seqs

    def counting(self: difflib.SequenceMatcher[str], a: Any, b: Any) -> None:
        calls.append(len(a) * len(b))
        original(self, a, b)

    old = long_narrative(sample_build.q4, tmp_path / "old", seed=1)
    unrelated = long_narrative(sample_build.q4, tmp_path / "new", seed=2)

    def narrative(path: Path) -> str:
        content = next(iter(read_source(path)["input"]["edition"]["priorities"].values()))
        return str(content["narrative"][0])

    text = narrative(old)
    edited = text.split()
    for position in range(1000, len(edited), 20_000):  # six edits far apart
        edited[position] = "EDITED"
    for new in (" ".join(edited), narrative(unrelated)):
        calls.clear()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(difflib.SequenceMatcher, "set_seqs", counting)
            segments = redline(text, new)
        word_pairs = [c for c in calls if c <= 1_000_000]
        assert len(word_pairs) >= len(calls) - 1  # only the one sentence-level match is larger
        kept = " ".join(s.text for s in segments if s.op != "insert").split()
        made = " ".join(s.text for s in segments if s.op != "delete").split()
        assert (kept, made) == (text.split(), new.split())
    # The scattered edits are shown as edits, not as the whole text replaced.
    calls.clear()
    inserted = [s.text for s in redline(text, " ".join(edited)) if s.op == "insert"]
    assert sum(len(t.split()) for t in inserted) < 200
