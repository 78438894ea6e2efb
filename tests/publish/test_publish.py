"""Publishing built editions to the static site, and verifying it: `reportgen publish` and `verify`."""

from __future__ import annotations

import argparse
import errno
import functools
import hashlib
import http.server
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlparse
from xml.etree import ElementTree

import pytest

from reportgen import __version__
from reportgen.build import build
from reportgen.cli import _add_publish_commands, main
from reportgen.problems import ReportgenError
from reportgen.publish import (
    AlreadyPublished,
    SiteError,
    SiteProblem,
    newest_build,
    publish,
    read_build,
    recover,
    verify,
)
from reportgen.publish import journal as journal_module
from reportgen.publish import lock as lock_module
from reportgen.publish.manifest import MANIFEST, parse_manifest
from tests.browser import PHONE, axe_violations, describe_violations
from tests.conftest import INPUTS, ROOT, SampleBuild

if TYPE_CHECKING:
    from playwright.sync_api import Page

Q2, Q4 = "2023-24-Q2", "2024-25-Q4"
Q4_STEM = "national-priorities-statement-2024-25-q4"
ATOM = "{http://www.w3.org/2005/Atom}"
CORRECTION = "Corrected the description of Operation Prosper in paragraph 12."

# --------------------------------------------------------------------------------------
# Fixtures: the session's sample build, and Q4 built once more for the module, corrected
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory, sample_build: SampleBuild) -> dict[str, Path]:
    """Both sample editions (never to be changed), and Q4 built again with a corrected narrative."""
    work = tmp_path_factory.mktemp("builds")
    folders = {Q2: sample_build.q2, Q4: sample_build.q4}
    changed = work / "changed-inputs"
    shutil.copytree(INPUTS, changed)
    q4 = changed / f"{Q4}.yaml"
    text = q4.read_text(encoding="utf-8")
    assert "Operation Prosper in Walsall" in text
    q4.write_text(text.replace("Operation Prosper in Walsall", "Operation Prosper, in Walsall,"))
    folders["changed"] = build(q4, out=work / "changed-build").folder
    return folders


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, builds: dict[str, Path]) -> Path:
    """A working folder holding build/<edition>/ (copies), so messages show short relative paths."""
    for edition in (Q2, Q4):
        shutil.copytree(builds[edition], tmp_path / "build" / edition)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _reportgen(*args: str) -> tuple[int, str, str]:
    """`reportgen publish|verify ARGS`: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _snapshot(site: Path, *, skip: str | None = None) -> dict[str, str]:
    """Every file (its SHA-256) and folder in the site, to compare the site before and after."""
    found: dict[str, str] = {}
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if skip and (relative == skip or relative.startswith(skip + "/")):
            continue
        found[relative] = (
            hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "folder"
        )
    return found


def _manifest(site: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((site / MANIFEST).read_bytes())
    return data


# --------------------------------------------------------------------------------------
# Publishing
# --------------------------------------------------------------------------------------


def test_it_publishes_both_editions_under_stable_names(here: Path) -> None:
    code, out, err = _reportgen("publish", "build/2024-25-Q4", "--site", "site")
    assert (code, err) == (0, "")
    sizes = {
        ext: round((here / "build" / Q4 / f"{Q4_STEM}.{ext}").stat().st_size / 1024)
        for ext in ("html", "pdf", "docx")
    }
    assert out == (
        "Reading build/2024-25-Q4…\n"
        "Publishing 2024-25 Q4 to site…\n"
        "Published 2024-25 Q4 in site/statements/2024-25-Q4:\n"
        f"  {Q4_STEM}.html ({sizes['html']} KB)\n"
        f"  {Q4_STEM}.pdf ({sizes['pdf']} KB)\n"
        f"  {Q4_STEM}.docx ({sizes['docx']} KB)\n"
        "Updated site/manifest.json, index.html and feed.xml.\n"
    )
    assert _reportgen("publish", "build/2023-24-Q2", "--site", "site", "-q")[0] == 0

    site = here / "site"
    for edition in (Q2, Q4):
        for built in (here / "build" / edition).glob("national-priorities-statement-*"):
            published = site / "statements" / edition / built.name
            assert published.read_bytes() == built.read_bytes()
    manifest = _manifest(site)
    assert [e["edition"] for e in manifest["editions"]] == ["2024-25 Q4", "2023-24 Q2"]
    assert len(manifest["files"]) == 6
    for entry in manifest["files"]:
        data = (site / entry["path"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["size"] == len(data)
        assert entry["reportgen"] == __version__
        assert set(entry["inputs"]) == {
            f"{entry['edition'].replace(' ', '-')}.yaml",
            "profile.yaml",
        }
    q4 = manifest["editions"][0]
    assert (q4["published"], q4["period"]) == (
        "2025-06-30",
        {"start": "2025-01-01", "end": "2025-03-31"},
    )
    assert verify(site) == []
    assert not (site / ".publishing").exists()


def test_the_edition_and_date_come_from_the_files_not_the_folder_name(here: Path) -> None:
    (here / "build" / Q4).rename(here / "build" / "whatever")
    result = publish(here / "build" / "whatever", here / "site")
    assert (result.edition, result.status) == ("2024-25 Q4", "published")
    assert (here / "site" / "statements" / Q4 / f"{Q4_STEM}.pdf").is_file()
    assert _manifest(here / "site")["editions"][0]["published"] == "2025-06-30"


def test_the_default_build_folder_is_the_latest_edition(here: Path) -> None:
    (here / "build" / "notes").mkdir()
    assert newest_build() == Path("build") / Q4
    code, out, _ = _reportgen("publish", "--site", "site")
    assert code == 0
    assert "Published 2024-25 Q4" in out


def test_the_site_files_are_the_same_whatever_order_editions_are_published_in(
    here: Path,
) -> None:
    for edition in (Q2, Q4):
        publish(here / "build" / edition, here / "one")
    for edition in (Q4, Q2):
        publish(here / "build" / edition, here / "two")
    assert _snapshot(here / "one") == _snapshot(here / "two")


def test_publishing_identical_files_again_changes_nothing(here: Path) -> None:
    site = here / "site"
    publish(here / "build" / Q4, site)
    before = _snapshot(site)
    # Taking the lock truncates the (always empty) .lock, which touches its time; nothing else.
    times = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.name != ".lock"}
    code, out, err = _reportgen("publish", "build/2024-25-Q4", "--site", "site")
    assert (code, err) == (0, "")
    assert out == "Reading build/2024-25-Q4…\n2024-25 Q4 is already published in site, unchanged.\n"
    assert _snapshot(site) == before
    assert {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.name != ".lock"} == times


def test_publishing_different_files_for_a_published_edition_is_refused(
    here: Path, builds: dict[str, Path]
) -> None:
    site = here / "site"
    publish(here / "build" / Q4, site)
    before = _snapshot(site)
    shutil.copytree(builds["changed"], here / "corrected")
    code, out, err = _reportgen("publish", "corrected", "--site", "site")
    assert (code, out) == (1, "Reading corrected…\n")
    assert err == (
        "Error: 2024-25 Q4 is already published in site, and these files differ from the "
        "published ones (its input changed since it was published: 2024-25-Q4.yaml):\n"
        f"  {Q4_STEM}.html\n"
        f"  {Q4_STEM}.pdf\n"
        f"  {Q4_STEM}.docx\n"
        "A published statement is never replaced silently. To publish this build as a revision, "
        "keeping the published files, say what changed and why:\n"
        '  reportgen publish corrected --site site --revise "…"\n'
    )
    assert _snapshot(site) == before


def test_a_revision_keeps_the_earlier_files_and_records_its_date_and_reason(
    here: Path, builds: dict[str, Path]
) -> None:
    site = here / "site"
    publish(here / "build" / Q2, site)
    publish(here / "build" / Q4, site)
    first = {p.name: p.read_bytes() for p in (site / "statements" / Q4).glob("*.*")}
    shutil.copytree(builds["changed"], here / "corrected")
    code, out, err = _reportgen(
        "publish", "corrected", "--site", "site", "--revise", CORRECTION, "--date", "2025-07-10"
    )
    assert (code, err) == (0, "")
    assert out.splitlines()[2] == (
        "Revised 2024-25 Q4 in site/statements/2024-25-Q4 (revision 1, 10 July 2025):"
    )
    assert out.splitlines()[-3:] == [
        f"Reason: {CORRECTION}",
        "The files it replaces are kept in site/statements/2024-25-Q4/revisions/1/.",
        "Updated site/manifest.json, index.html and feed.xml.",
    ]

    kept = site / "statements" / Q4 / "revisions" / "1"
    assert {p.name: p.read_bytes() for p in kept.iterdir()} == first
    for new in builds["changed"].glob("national-priorities-statement-*"):
        assert (site / "statements" / Q4 / new.name).read_bytes() == new.read_bytes()

    manifest = _manifest(site)
    q4 = manifest["editions"][0]
    assert q4["revisions"] == [
        {
            "revision": 1,
            "date": "2025-07-10",
            "reason": CORRECTION,
            "earlier_files": "statements/2024-25-Q4/revisions/1",
        }
    ]
    assert (q4["published"], q4["updated"], manifest["updated"]) == (
        "2025-06-30",
        "2025-07-10",
        "2025-07-10",
    )
    superseded = [f for f in manifest["files"] if f["superseded_by"] == 1]
    assert sorted(f["path"] for f in superseded) == sorted(
        f"statements/2024-25-Q4/revisions/1/{name}" for name in first
    )
    index = (site / "index.html").read_text(encoding="utf-8")
    assert CORRECTION in index
    assert '<time datetime="2025-07-10">10 July 2025</time>' in index
    assert 'href="statements/2024-25-Q4/revisions/1/' in index
    assert verify(site) == []

    # The same revised build again: nothing to do.
    before = _snapshot(site)
    again = publish(here / "corrected", site, revise=CORRECTION, date=date(2025, 7, 11))
    assert again.status == "unchanged"
    assert _snapshot(site) == before


def test_a_second_revision_is_kept_beside_the_first(here: Path, builds: dict[str, Path]) -> None:
    site = here / "site"
    publish(here / "build" / Q4, site)
    publish(builds["changed"], site, revise="First correction.", date=date(2025, 7, 10))
    publish(here / "build" / Q4, site, revise="Back to the original.", date=date(2025, 7, 11))
    revisions = site / "statements" / Q4 / "revisions"
    assert sorted(p.name for p in revisions.iterdir()) == ["1", "2"]
    assert (revisions / "2" / f"{Q4_STEM}.pdf").read_bytes() == (
        builds["changed"] / f"{Q4_STEM}.pdf"
    ).read_bytes()
    assert [r["reason"] for r in _manifest(site)["editions"][0]["revisions"]] == [
        "First correction.",
        "Back to the original.",
    ]
    assert verify(site) == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"date": date(2025, 7, 10)}, "a date is the date of a revision: give --revise with it"),
        ({"revise": "  "}, "--revise needs the reason for the revision"),
        ({"revise": "Why", "date": date(2025, 6, 1)}, "is before 2024-25 Q4 was last published"),
        ({"base_url": "www.example.gov.uk"}, "is not a web address"),
    ],
)
def test_bad_revision_options_are_refused(
    here: Path, builds: dict[str, Path], kwargs: dict[str, Any], message: str
) -> None:
    site = here / "site"
    publish(here / "build" / Q4, site)
    before = _snapshot(site)
    with pytest.raises(SiteError, match=re.escape(message)):
        publish(builds["changed"], site, **kwargs)
    assert _snapshot(site) == before


def test_revising_an_edition_that_is_not_published_is_refused(here: Path) -> None:
    with pytest.raises(SiteError, match="not published in site yet, so there is nothing to revise"):
        publish(here / "build" / Q4, here / "site", revise="Why")


def test_a_revision_is_refused_when_the_published_files_were_altered(
    here: Path, builds: dict[str, Path]
) -> None:
    site = here / "site"
    publish(here / "build" / Q4, site)
    with (site / "statements" / Q4 / f"{Q4_STEM}.pdf").open("ab") as stream:
        stream.write(b"\n")
    with pytest.raises(SiteError, match="is not the file that was published"):
        publish(builds["changed"], site, revise="Why", date=date(2025, 7, 10))


def test_a_build_whose_files_disagree_is_refused(here: Path, builds: dict[str, Path]) -> None:
    folder = here / "build" / Q4
    shutil.copy(builds["changed"] / f"{Q4_STEM}.docx", folder / f"{Q4_STEM}.docx")
    with pytest.raises(SiteError) as caught:
        read_build(folder)
    message = str(caught.value)
    assert message.startswith("the files in build/2024-25-Q4 were not built from the same input:\n")
    assert re.search(
        rf"  {Q4_STEM}\.docx: 2024-25 Q4, inputs 2024-25-Q4\.yaml [0-9a-f]{{12}}", message
    )
    assert message.endswith("reportgen build inputs/<edition>.yaml")
    assert not (here / "site").exists()


def test_a_build_missing_a_format_is_refused(here: Path) -> None:
    (here / "build" / Q4 / f"{Q4_STEM}.docx").unlink()
    with pytest.raises(SiteError, match="has no DOCX file — publish needs all three formats"):
        read_build(here / "build" / Q4)


def test_a_file_not_made_by_reportgen_is_refused(here: Path) -> None:
    (here / "build" / Q4 / f"{Q4_STEM}.html").write_text("<!DOCTYPE html><p>Hello</p>")
    with pytest.raises(SiteError, match="has no embedded statement source"):
        read_build(here / "build" / Q4)


def test_a_folder_that_is_not_a_site_is_not_published_into(here: Path) -> None:
    (here / "documents").mkdir()
    (here / "documents" / "letter.docx").write_bytes(b"x")
    with pytest.raises(SiteError, match=re.escape("has no manifest.json but is not empty")):
        publish(here / "build" / Q4, here / "documents")


def test_an_unlisted_edition_folder_is_not_overwritten(here: Path) -> None:
    site = here / "site"
    publish(here / "build" / Q2, site)
    (site / "statements" / Q4).mkdir()
    with pytest.raises(SiteError, match=re.escape("exists but manifest.json does not list it")):
        publish(here / "build" / Q4, site)


# --------------------------------------------------------------------------------------
# Verifying
# --------------------------------------------------------------------------------------


def test_verify_names_every_changed_missing_and_unlisted_file(here: Path) -> None:
    site = here / "site"
    publish(here / "build" / Q4, site)
    assert _reportgen("verify", "site") == (
        0,
        "Checked 3 files in site against manifest.json: all present and unchanged.\n",
        "",
    )
    pdf = site / "statements" / Q4 / f"{Q4_STEM}.pdf"
    listed = _manifest(site)["files"]
    expected_pdf = next(f["sha256"] for f in listed if f["path"].endswith(".pdf"))
    data = pdf.read_bytes()
    pdf.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))  # one bit of the last byte
    actual_pdf = hashlib.sha256(pdf.read_bytes()).hexdigest()
    (site / "statements" / Q4 / f"{Q4_STEM}.docx").unlink()
    (site / "statements" / Q4 / "notes.txt").write_text("draft")
    (site / "feed.xml").unlink()
    code, out, err = _reportgen("verify", "site")
    assert (code, err) == (1, "")
    assert out == (
        "site/feed.xml: missing — run reportgen publish again to remake it\n"
        f"site/statements/2024-25-Q4/{Q4_STEM}.docx: missing — listed in manifest.json but not "
        "on the site\n"
        f"site/statements/2024-25-Q4/{Q4_STEM}.pdf: changed — its SHA-256 is "
        f"{actual_pdf[:16]}…, but manifest.json lists {expected_pdf[:16]}…\n"
        "site/statements/2024-25-Q4/notes.txt: unlisted — not in manifest.json\n"
        "Checked 3 files in site against manifest.json: 4 problems.\n"
    )


def test_verify_needs_a_manifest(here: Path) -> None:
    (here / "empty").mkdir()
    assert _reportgen("verify", "empty") == (
        1,
        "",
        "Error: empty has no manifest.json: it is not a site made by reportgen publish\n",
    )


def test_verify_refuses_a_damaged_manifest(here: Path) -> None:
    site = here / "site"
    publish(here / "build" / Q4, site)
    (site / MANIFEST).write_text('{"format": "reportgen-site-manifest", "version": 1}')
    with pytest.raises(
        SiteError,
        match=r"site/manifest.json is damaged or was edited by hand \(it has no 'base_url' field\)",
    ):
        verify(site)
    (site / MANIFEST).write_text(
        '{"format": "reportgen-site-manifest", "version": 1, "feed_id": '
        '"urn:uuid:0c6f6e4e-6b1e-5d43-9a8b-3f1f8e0e2a11", "base_url": null, "editions": [], "files": [{"path": '
        '"../../etc/passwd"}]}'
    )
    with pytest.raises(SiteError, match="is not a path inside the site"):
        verify(site)


# --------------------------------------------------------------------------------------
# A publish that fails or is killed part-way leaves the site as it was
# --------------------------------------------------------------------------------------


def _fail_on_call(
    monkeypatch: pytest.MonkeyPatch, name: str, call: int, error: BaseException
) -> None:
    original: Callable[..., Any] = getattr(journal_module, name)
    calls = {"n": 0}

    def failing(*args: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == call:
            raise error
        return original(*args)

    monkeypatch.setattr(journal_module, name, failing)


def test_a_full_disk_while_copying_leaves_the_site_as_it_was(
    here: Path, builds: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    site = here / "site"
    publish(here / "build" / Q2, site)
    before = _snapshot(site)
    _fail_on_call(monkeypatch, "_write_staged", 2, OSError(28, "No space left on device"))
    with pytest.raises(SiteError, match="No space left on device — the site is unchanged"):
        publish(here / "build" / Q4, site)
    assert _snapshot(site) == before


@pytest.mark.parametrize("step", [1, 2, 4, 6, 7])
def test_a_failure_while_switching_files_is_undone(
    here: Path, builds: dict[str, Path], monkeypatch: pytest.MonkeyPatch, step: int
) -> None:
    """A revision's switch: 3 files out, 3 in, the revisions folder, then the manifest (step 8)."""
    site = here / "site"
    publish(here / "build" / Q4, site)
    before = _snapshot(site)
    _fail_on_call(monkeypatch, "_apply", step, PermissionError(13, "Permission denied"))
    with pytest.raises(SiteError, match="Permission denied — the site is unchanged"):
        publish(builds["changed"], site, revise="Why", date=date(2025, 7, 10))
    assert _snapshot(site) == before
    assert verify(site) == []


def test_a_failure_after_the_manifest_is_finished_by_the_next_publish(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, reference = here / "site", here / "reference"
    for target in (site, reference):
        publish(here / "build" / Q2, target)
    publish(here / "build" / Q4, reference)
    # Publishing Q4 is 1 move, then manifest.json, index.html, feed.xml: fail on index.html.
    _fail_on_call(monkeypatch, "_apply", 3, OSError(5, "Input/output error"))
    with pytest.raises(SiteError, match="was updated, but writing its pages failed"):
        publish(here / "build" / Q4, site)
    monkeypatch.undo()
    # The pages were not remade yet: verify says so, beside the interrupted publish.
    assert [(p.path, p.kind) for p in verify(site)] == [
        (".publishing/journal.json", "interrupted"),
        ("feed.xml", "changed"),
        ("index.html", "changed"),
    ]
    result = publish(here / "build" / Q4, site)
    assert (result.status, result.recovered) == ("unchanged", "Finished an interrupted publish.")
    assert _snapshot(site) == _snapshot(reference)


_CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import reportgen.publish.journal as journal
    from reportgen.publish import publish

    build, site, marker, name, call, release = sys.argv[1:7]
    original = getattr(journal, name)
    calls = [0]

    def paused(*args):
        result = original(*args)
        calls[0] += 1
        if calls[0] == int(call):
            Path(marker).write_text("paused")
            # Until the test releases it, or for long enough to be killed.
            deadline = time.monotonic() + 120
            while not Path(release).exists() and time.monotonic() < deadline:
                time.sleep(0.01)
        return result

    setattr(journal, name, paused)
    result = publish(Path(build), Path(site), progress=lambda line: print(line, flush=True))
    print(result.status)
    """
)


def _start(
    build_dir: Path, site: Path, marker: Path, name: str, call: int, release: Path | None = None
) -> subprocess.Popen[str]:
    """A publish in a child process that pauses after its `call`-th call of `name`."""
    args = [str(build_dir), str(site), str(marker), name, str(call)]
    return subprocess.Popen(
        [sys.executable, "-c", _CHILD, *args, str(release or marker.with_name("never"))],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(marker: Path, process: subprocess.Popen[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not marker.exists():
        if process.poll() is not None:
            raise AssertionError(f"the publish ended before its pause: {process.communicate()}")
        if time.monotonic() > deadline:
            process.kill()
            process.communicate()
            raise AssertionError("the publish never reached its pause")
        time.sleep(0.02)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "call", "recovered"),
    [
        ("_write_staged", 2, None),  # copying the statements into .publishing/
        ("_apply", 1, "Undid an interrupted publish: the site is as it was before it."),
        ("_apply", 2, "Finished an interrupted publish."),  # after manifest.json
    ],
    ids=["while-copying", "while-switching", "after-the-commit"],
)
def test_a_publish_killed_part_way_leaves_a_consistent_site(
    here: Path, name: str, call: int, recovered: str | None
) -> None:
    site, reference = here / "site", here / "reference"
    for target in (site, reference):
        publish(here / "build" / Q2, target)
    before = _snapshot(site)
    publish(here / "build" / Q4, reference)

    marker = here / "paused"
    child = _start(here / "build" / Q4, site, marker, name, call)
    _wait_for(marker, child)
    child.send_signal(signal.SIGKILL)
    child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL

    if name == "_write_staged":
        # Nothing outside the staging folder changed, and verify does not count the leftover.
        assert (site / ".publishing").is_dir()
        assert _snapshot(site, skip=".publishing") == before
        assert verify(site) == []
        assert recover(site) == (
            "Removed the staging folder of an interrupted publish (the site was not changed)."
        )
        assert _snapshot(site) == before
    else:
        assert [p.kind for p in verify(site)][:1] == ["interrupted"]
        assert recover(site) == recovered
        assert _snapshot(site) == (before if call == 1 else _snapshot(reference))
        assert verify(site) == []
    # The next publish succeeds, and the site is exactly what an uninterrupted publish makes.
    publish(here / "build" / Q4, site)
    assert _snapshot(site) == _snapshot(reference)


@pytest.mark.slow
def test_a_publish_after_a_kill_first_undoes_it(here: Path) -> None:
    site = here / "site"
    publish(here / "build" / Q2, site)
    marker = here / "paused"
    child = _start(here / "build" / Q4, site, marker, "_apply", 1)
    _wait_for(marker, child)
    child.send_signal(signal.SIGKILL)
    child.communicate(timeout=30)
    code, out, _ = _reportgen("publish", "build/2024-25-Q4", "--site", "site")
    assert code == 0
    assert out.splitlines()[:3] == [
        "Reading build/2024-25-Q4…",
        "Undid an interrupted publish: the site is as it was before it.",
        "Publishing 2024-25 Q4 to site…",
    ]
    assert verify(site) == []


@pytest.mark.slow
def test_two_publishes_at_once_both_land_in_the_manifest(here: Path) -> None:
    site, release = here / "site", here / "release"
    # The first holds the lock, paused after staging its first file, until the second waits.
    first = _start(here / "build" / Q2, site, here / "paused", "_write_staged", 1, release)
    _wait_for(here / "paused", first)
    second = _start(here / "build" / Q4, site, here / "never-paused", "_write_staged", 0)
    assert second.stdout is not None
    try:
        assert second.stdout.readline().startswith("Reading ")
        assert second.stdout.readline() == "Waiting for another publish to finish…\n"
    finally:
        release.touch()
    outputs = [child.communicate(timeout=120) for child in (first, second)]
    assert [child.returncode for child in (first, second)] == [0, 0], outputs
    assert "Waiting" not in outputs[0][0]
    manifest = parse_manifest((site / MANIFEST).read_bytes())
    assert sorted(e.edition for e in manifest.editions) == ["2023-24 Q2", "2024-25 Q4"]
    assert len(manifest.files) == 6
    assert verify(site) == []


# --------------------------------------------------------------------------------------
# Windows: no POSIX-only modules, a legacy console encoding, and a site that cannot be locked
# --------------------------------------------------------------------------------------

_WITHOUT_POSIX = textwrap.dedent(
    """
    import sys, warnings

    # Windows has none of these; None in sys.modules makes importing one fail here as it would there.
    for name in ("fcntl", "pwd", "grp", "termios", "resource"):
        sys.modules[name] = None
    # Without fcntl, filelock locks by the file's existence (on Windows it uses LockFileEx), and
    # warns that it does.
    warnings.filterwarnings("ignore", "only soft file lock is available")
    from reportgen.cli import main

    sys.exit(main(sys.argv[1:]))
    """
)


def test_publish_and_verify_need_no_posix_only_module(here: Path) -> None:
    reference = _reportgen("publish", "build/2024-25-Q4", "--site", "reference")
    environment = {**os.environ, "PYTHONIOENCODING": "cp1252"}

    def run(*args: str) -> tuple[int, str, str]:
        done = subprocess.run(
            [sys.executable, "-c", _WITHOUT_POSIX, *args],
            cwd=here,
            env=environment,
            capture_output=True,
            timeout=120,
        )
        # Written as UTF-8 whatever the console's code page: decoding strictly proves it.
        return done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")

    code, out, err = run("publish", "build/2024-25-Q4", "--site", "site")
    assert (code, out, err) == (0, reference[1].replace("reference", "site"), "")
    assert _snapshot(here / "site", skip=".lock") == _snapshot(here / "reference", skip=".lock")
    assert run("verify", "site") == (
        0,
        "Checked 3 files in site against manifest.json: all present and unchanged.\n",
        "",
    )
    (here / "site" / "feed.xml").unlink()
    assert run("verify", "site") == (
        1,
        "site/feed.xml: missing — run reportgen publish again to remake it\n"
        "Checked 3 files in site against manifest.json: 1 problem.\n",
        "",
    )


class _Unwritable:
    """A lock file this user may not open for writing, as in a read-only copy of a site."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def acquire(self, timeout: float = -1) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(self.path))


def test_verify_reads_a_site_it_cannot_lock(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = here / "site"
    publish(here / "build" / Q4, site)
    monkeypatch.setattr(lock_module, "FileLock", _Unwritable)
    assert verify(site) == []
    with pytest.raises(PermissionError):
        publish(here / "build" / Q2, site)


# --------------------------------------------------------------------------------------
# The pages: index.html in a browser, feed.xml as Atom
# --------------------------------------------------------------------------------------


@pytest.fixture
def revised_site(here: Path, builds: dict[str, Path]) -> Path:
    site = here / "site"
    publish(here / "build" / Q2, site)
    publish(here / "build" / Q4, site)
    publish(builds["changed"], site, revise=CORRECTION, date=date(2025, 7, 10))
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No request log on the test output."""


@pytest.fixture
def served(revised_site: Path) -> Iterator[str]:
    """The site on http://127.0.0.1:<free port>/, as any static web server would serve it."""
    handler = functools.partial(_QuietHandler, directory=str(revised_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_the_index_page_links_all_resolve_and_it_has_no_wcag_violations(
    page: Page, served: str
) -> None:
    response = page.goto(served, timeout=15_000)
    assert response is not None and response.status == 200
    assert page.evaluate("document.documentElement.lang") == "en-GB"
    assert page.locator("h1").all_inner_texts() == ["National Policing Priorities Statement"]
    assert page.locator("header").count() == page.locator("main").count() == 1
    hrefs: list[str] = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    assert len(hrefs) >= 15
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy
    for href in hrefs:
        assert href.startswith(served), href  # relative links only: the site works anywhere
        fragment = urlparse(href).fragment
        if fragment:
            assert page.locator(f"#{fragment}").count() == 1, href
        else:
            with direct.open(href, timeout=10) as reply:
                assert reply.status == 200, href
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)


def test_the_index_page_lists_editions_newest_first_with_types_and_sizes(
    page: Page, served: str
) -> None:
    page.goto(served, timeout=15_000)
    rows = page.locator("tbody tr th[scope=row]").all_inner_texts()
    assert rows == ["2024-25 Q4", "2023-24 Q2"]
    assert page.locator("caption").inner_text() == "Every edition of the statement, newest first"
    links = page.locator("tbody tr").first.locator("a[type]")
    visible = links.evaluate_all("links => links.map(a => a.firstChild.textContent)")
    assert [re.sub(r"[\d,]+\s+KB", "N KB", text) for text in visible] == [
        "HTML, N KB",
        "PDF, N KB",
        "Word (DOCX), N KB",
    ]
    # Out of the table, a screen reader's list of links still says which edition each is.
    hidden = links.locator(".visually-hidden").all_text_contents()
    assert hidden == [", 2024-25 Q4"] * 3
    assert "Office of the West Midlands Police and Crime Commissioner" in page.title()
    assert page.locator("#latest").inner_text() == "Latest edition: 2024-25 Q4"
    revision = page.locator(".revision")
    assert revision.locator("h3").inner_text() == "2024-25 Q4, revised 10 July 2025"
    assert CORRECTION in revision.inner_text()


def test_the_index_page_works_from_a_file_share(page: Page, revised_site: Path) -> None:
    page.goto(revised_site.joinpath("index.html").as_uri())
    hrefs: list[str] = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    for href in hrefs:
        path = Path(urlparse(href).path)
        assert path.is_file(), href


def _atom(site: Path) -> ElementTree.Element:
    return ElementTree.fromstring((site / "feed.xml").read_bytes())


def test_the_feed_is_atom_with_an_entry_per_edition(revised_site: Path) -> None:
    feed = _atom(revised_site)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author/" + ATOM + "name"):
        assert len(feed.findall(f"{ATOM}{required}")) == 1, required
    assert feed.findtext(f"{ATOM}updated") == "2025-07-10T00:00:00Z"
    assert feed.find(f"{ATOM}link[@rel='self']") is not None
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "National Policing Priorities Statement, 2024-25 Q4 (January to March 2025)",
        "National Policing Priorities Statement, 2023-24 Q2 (July to September 2023)",
    ]
    stamp = re.compile(r"\d{4}-\d{2}-\d{2}T00:00:00Z")
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert all(re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", i or "") for i in ids)
    assert len(set(ids)) == 2
    assert [e.findtext(f"{ATOM}updated") for e in entries] == [
        "2025-07-10T00:00:00Z",
        "2023-11-21T00:00:00Z",
    ]
    for entry in entries:
        assert stamp.fullmatch(entry.findtext(f"{ATOM}published") or "")
        alternates = entry.findall(f"{ATOM}link[@rel='alternate']")
        # At most one alternate link per media type (RFC 4287 4.1.1), the HTML page first.
        assert alternates[0].get("type") == "text/html"
        assert len({a.get("type") for a in alternates}) == len(alternates) == 3
        for link in alternates:
            assert (revised_site / urljoin("", link.get("href", ""))).is_file()
    assert CORRECTION in (entries[0].findtext(f"{ATOM}summary") or "")


def test_the_feed_ids_stay_the_same_when_an_edition_is_revised(
    here: Path, builds: dict[str, Path]
) -> None:
    site = here / "site"
    publish(here / "build" / Q4, site)
    before = _atom(site)
    publish(builds["changed"], site, revise="Why.", date=date(2025, 7, 10))
    after = _atom(site)
    assert after.findtext(f"{ATOM}id") == before.findtext(f"{ATOM}id")
    assert after.findtext(f"{ATOM}entry/{ATOM}id") == before.findtext(f"{ATOM}entry/{ATOM}id")


def test_a_base_url_is_kept_and_set_as_the_feeds_xml_base(here: Path) -> None:
    site = here / "site"
    publish(here / "build" / Q2, site, base_url="https://www.example.gov.uk/statements")
    publish(here / "build" / Q4, site)
    base = _atom(site).get("{http://www.w3.org/XML/1998/namespace}base")
    assert base == "https://www.example.gov.uk/statements/"
    assert _manifest(site)["base_url"] == base
    # Changing it alone rewrites the pages, not the statements.
    result = publish(here / "build" / Q4, site, base_url="https://pcc.example.gov.uk/")
    assert (result.status, result.pages_updated) == ("unchanged", True)
    assert _manifest(site)["base_url"] == "https://pcc.example.gov.uk/"


# --------------------------------------------------------------------------------------
# The command line and the documentation
# --------------------------------------------------------------------------------------


def test_both_commands_have_help_text() -> None:
    parser = argparse.ArgumentParser(prog="reportgen")
    commands = parser.add_subparsers(dest="command")
    _add_publish_commands(commands)
    for name in ("publish", "verify"):
        sub = commands.choices[name]
        assert sub.description
        for action in sub._actions:
            assert action.help, (name, action.dest)
    help_text = parser.format_help()
    assert "copy a built edition into the published site folder" in help_text
    assert "check a published site against its manifest" in help_text


def test_a_bad_date_is_a_usage_error(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = _reportgen("publish", "--site", "site", "--revise", "Why", "--date", "10/07/2025")[0]
    assert code == 2
    assert "'10/07/2025' is not a date written YYYY-MM-DD" in capsys.readouterr().err


def _keys(value: Any, prefix: str = "") -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if prefix.endswith(".inputs"):  # input file names: data, not schema
                continue
            found.add(f"{prefix}.{key}".lstrip("."))
            found |= _keys(item, f"{prefix}.{key}")
    elif isinstance(value, list):
        for item in value:
            found |= _keys(item, prefix)
    return found


def test_the_manifest_documentation_shows_a_real_manifest(revised_site: Path) -> None:
    text = (ROOT / "docs" / "site-manifest.md").read_text(encoding="utf-8")
    example = json.loads(text.split("```json\n", 1)[1].split("```", 1)[0])
    real = _manifest(revised_site)
    assert _keys(example) == _keys(real)
    assert list(example) == list(real)
    assert example["editions"][0]["revisions"], "the example shows a revision"
    for key in _keys(real):
        assert f"`{key.rsplit('.', 1)[-1]}`" in text, (
            f"docs/site-manifest.md does not explain {key}"
        )
    parse_manifest(json.dumps(example).encode())


def test_verify_problem_lines_read_as_one_sentence() -> None:
    problem = SiteProblem(
        "statements/x.pdf", "missing", "listed in manifest.json but not on the site"
    )
    assert str(problem) == "statements/x.pdf: missing — listed in manifest.json but not on the site"


def test_already_published_is_a_site_error() -> None:
    assert issubclass(AlreadyPublished, SiteError)
    assert issubclass(SiteError, ReportgenError)


def test_recover_does_nothing_on_a_clean_site(here: Path) -> None:
    publish(here / "build" / Q4, here / "site")
    assert recover(here / "site") is None
    assert verify(here / "site") == []
