"""Publish killed at every file-system step, and sites that try to trick publish and verify."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from reportgen.publish import SiteError, publish, recover, verify
from reportgen.publish.lock import site_lock
from reportgen.publish.manifest import MANIFEST
from tests.faults import can_fork, run_until
from tests.publish.test_publish import (  # noqa: F401 - fixtures shared with the publish tests
    Q2,
    Q4,
    _reportgen,
    _snapshot,
    builds,
    here,
)

REVISED = date(2025, 7, 10)


def _site_state(site: Path) -> dict[str, str]:
    """The site as a reader and the next publish see it: every file and folder but the lock."""
    return _snapshot(site, skip=".lock")


# --------------------------------------------------------------------------------------
# Killed at every file-system operation: first publish, identical republish, two revisions
# --------------------------------------------------------------------------------------

Setup = Callable[[Path, dict[str, Path], Path], None]


def _first(site: Path, folders: dict[str, Path], root: Path) -> None:
    publish(root / "build" / Q2, site)


def _published(site: Path, folders: dict[str, Path], root: Path) -> None:
    publish(root / "build" / Q4, site)


def _revised(site: Path, folders: dict[str, Path], root: Path) -> None:
    publish(root / "build" / Q4, site)
    publish(folders["changed"], site, revise="First correction.", date=REVISED)


# (what is on the site before, the build published, its revision reason)
KINDS: dict[str, tuple[Setup, str, str | None]] = {
    "first-publish": (_first, Q4, None),
    "identical-republish": (_published, Q4, None),
    "revision": (_published, "changed", "Corrected paragraph 12."),
    "second-revision": (_revised, Q4, "Back to the original."),
}


@pytest.mark.slow
@pytest.mark.skipif(not can_fork, reason="the harness forks (POSIX); the steps are the same")
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_publish_killed_at_any_step_is_finished_or_undone_by_the_next(
    here: Path,  # noqa: F811
    builds: dict[str, Path],  # noqa: F811
    kind: str,
    record_property: Callable[[str, object], None],
) -> None:
    setup, edition, reason = KINDS[kind]
    build_dir = here / "build" / edition if edition in (Q2, Q4) else builds[edition]
    before = here / "before"
    setup(before, builds, here)
    revision = {"revise": reason, "date": date(2025, 7, 11)} if reason else {}

    def publishing(site: Path) -> Callable[[], object]:
        # Each file was confirmed once (below); making it again in every child adds nothing.
        return lambda: publish(build_dir, site, confirm=False, **revision)  # type: ignore[arg-type]

    reference = here / "reference"
    shutil.copytree(before, reference)
    killed, steps = run_until(publishing(reference), None)
    assert not killed
    expected = _site_state(reference)
    assert verify(reference) == []
    outcomes: dict[str, int] = {}
    for step in range(1, steps + 1):
        site = here / f"killed-at-{step}"
        shutil.copytree(before, site)
        killed, _ = run_until(publishing(site), step)
        assert killed
        # What verify sees in the meantime: the old site or the new, whole, or a publish it
        # names as interrupted; never a problem without that note.
        problems = verify(site)
        assert not problems or "interrupted" in {p.kind for p in problems}, (step, problems)
        result = publish(build_dir, site, confirm=step == 1, **revision)  # type: ignore[arg-type]
        outcome = result.recovered or "nothing to recover"
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        assert _site_state(site) == expected, f"killed at step {step} of {steps}"
        assert verify(site) == [], step
        shutil.rmtree(site)
    record_property("steps", steps)
    record_property("outcomes", outcomes)
    print(f"{kind}: {steps} steps, {outcomes}")  # for docs/robustness.md (pytest -s)


# --------------------------------------------------------------------------------------
# Finding 1: a revision killed just after its commit point is finished by the next publish
# --------------------------------------------------------------------------------------


def test_a_revision_stopped_after_its_commit_is_finished(
    here: Path,  # noqa: F811
    builds: dict[str, Path],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Stopped between replacing manifest.json and removing the journal (the slow test kills)."""
    site, reference = here / "site", here / "reference"
    for target in (site, reference):
        publish(here / "build" / Q4, target)
    publish(builds["changed"], reference, revise="Why.", date=REVISED)
    # shutil.rmtree of .publishing is the last step: fail it as a kill there would leave things.
    from reportgen.publish import journal

    monkeypatch.setattr(journal.shutil, "rmtree", lambda *a, **k: None)
    publish(builds["changed"], site, revise="Why.", date=REVISED)
    monkeypatch.undo()
    assert (site / ".publishing" / "journal.json").is_file()
    assert recover(site) == "Finished an interrupted publish."
    assert _site_state(site) == _site_state(reference)
    assert verify(site) == []
    # And every later publish works.
    assert publish(here / "build" / Q2, site).status == "published"


def test_stale_pages_left_by_removing_the_staging_folder_are_reported_and_remade(
    here: Path,  # noqa: F811
) -> None:
    site = here / "site"
    publish(here / "build" / Q2, site)
    pages = {name: (site / name).read_bytes() for name in ("index.html", "feed.xml")}
    publish(here / "build" / Q4, site)
    for name, old in pages.items():  # as if the publish had stopped before its pages
        (site / name).write_bytes(old)
    assert [(p.path, p.kind) for p in verify(site)] == [
        ("feed.xml", "changed"),
        ("index.html", "changed"),
    ]
    assert publish(here / "build" / Q4, site).status == "unchanged"
    assert verify(site) == []


# --------------------------------------------------------------------------------------
# Finding 2: a planted or damaged journal is refused, and nothing is moved
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("steps", "why"),
    [
        ([["move", "statements", "../outside"]], "'../outside', which is not a path inside"),
        ([["move", ".publishing/x", "/etc/passwd"]], "'/etc/passwd', which is not a path inside"),
        ([["replace", ".publishing/x", "statements/a.html"]], "not one of the site's pages"),
        ([["move", "statements/2024-25-Q4", "elsewhere"]], "not a place publish writes to"),
        ([["move", "statements/a", "statements/b"]], "without going through the staging"),
        ([["delete", ".publishing/a", "statements/a"]], "unknown operation 'delete'"),
        ([["move", ".publishing/a"]], "is not [operation, from, to]"),
        ([["move", ".publishing/C:", "statements/a"]], "not a path inside the site"),
        ([["move", ".publishing/statements", "statements"]], "replace manifest.json exactly"),
        ("not a list", "lists no steps"),
    ],
)
def test_a_journal_reportgen_did_not_write_is_refused_and_nothing_moves(
    here: Path,  # noqa: F811
    steps: object,
    why: str,
) -> None:
    site = here / "site"
    publish(here / "build" / Q4, site)
    (site / ".publishing").mkdir()
    (site / ".publishing" / "journal.json").write_text(json.dumps({"steps": steps}))
    before = _site_state(site)
    code, _, err = _reportgen("publish", "build/2023-24-Q2", "--site", "site")
    assert code == 1
    assert why in err
    assert err.startswith(
        "Error: site/.publishing/journal.json is not a journal reportgen wrote ("
    ), err
    assert "nothing was moved" in err
    assert _site_state(site) == before


@pytest.mark.parametrize(
    "content",
    [b"{", b"\xff\xfe", b"[" * 100_000 + b"]" * 100_000, b'{"steps": ' + b"1" * 5000 + b"}"],
    ids=["truncated", "not-utf8", "deeply-nested", "huge-number"],
)
def test_a_damaged_journal_is_a_clear_message(here: Path, content: bytes) -> None:  # noqa: F811
    site = here / "site"
    publish(here / "build" / Q4, site)
    (site / ".publishing").mkdir()
    (site / ".publishing" / "journal.json").write_bytes(content)
    code, _, err = _reportgen("publish", "build/2023-24-Q2", "--site", "site")
    assert code == 1
    assert "is not a journal reportgen wrote" in err
    assert "internal error" not in err


def test_a_journal_step_through_a_linked_folder_is_refused(
    here: Path,  # noqa: F811
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    site = here / "site"
    publish(here / "build" / Q4, site)
    staging = site / ".publishing"
    staging.mkdir()
    (staging / "new").symlink_to(outside, target_is_directory=True)
    (staging / "journal.json").write_text(
        json.dumps({"steps": [["move", "statements/2024-25-Q4", ".publishing/new/x"]]})
    )
    with pytest.raises(SiteError, match="links to other places"):
        publish(here / "build" / Q2, site)
    assert list(outside.iterdir()) == []


# --------------------------------------------------------------------------------------
# Finding 3: links in the site are refused by publish and reported by verify
# --------------------------------------------------------------------------------------


def test_a_linked_statements_folder_is_refused_and_reported(
    here: Path,  # noqa: F811
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    site = here / "site"
    publish(here / "build" / Q4, site)
    shutil.move(site / "statements", outside / "statements")
    (site / "statements").symlink_to(outside / "statements", target_is_directory=True)
    before = sorted(p.name for p in (outside / "statements").iterdir())
    code, _, err = _reportgen("publish", "build/2023-24-Q2", "--site", "site")
    assert code == 1
    assert err == (
        "Error: site holds links to other places (statements); publish never follows a link, "
        "since it could write outside the site — replace each with the real folder or file, or "
        "remove it (reportgen verify lists them)\n"
    )
    assert sorted(p.name for p in (outside / "statements").iterdir()) == before
    code, out, _ = _reportgen("verify", "site")
    assert code == 1
    assert out.splitlines()[0] == (
        "site/statements: linked — a link to somewhere else, which publish and verify never "
        "follow — replace it with the real folder or file, or remove it"
    )


def test_a_linked_file_is_reported_not_read(
    here: Path,  # noqa: F811
) -> None:
    site = here / "site"
    publish(here / "build" / Q4, site)
    page = site / "statements" / Q4 / "national-priorities-statement-2024-25-q4.html"
    copy = here / "copy.html"
    shutil.copy(page, copy)
    page.unlink()
    page.symlink_to(copy)
    assert [(p.path, p.kind) for p in verify(site)] == [
        ("statements/2024-25-Q4/national-priorities-statement-2024-25-q4.html", "linked")
    ]


def test_a_linked_lock_creates_nothing_outside_the_site(
    here: Path,  # noqa: F811
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    outside = tmp_path_factory.mktemp("outside") / "planted"
    site = here / "site"
    site.mkdir()
    (site / ".lock").symlink_to(outside)
    code, _, err = _reportgen("publish", "build/2024-25-Q4", "--site", "site")
    assert code == 1
    assert "site holds links to other places (.lock)" in err
    # The lock itself refuses a link, whoever takes it.
    refused = pytest.raises(SiteError, match=r"site/\.lock is a link or a folder, not the site's")
    with refused, site_lock(site):
        pass
    assert not os.path.lexists(outside)


# --------------------------------------------------------------------------------------
# Finding 8: nothing unchecked reaches the pages
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("Fixed\x1b[2J a typo", "contains an invisible control character (U+001B"),
        ("Fixed \u202ea typo", "reverses the order text is shown in"),
        ("x" * 501, "is 501 characters long (500 at most)"),
        ("Fixed \udcff a typo", "holds bytes that are not UTF-8"),
    ],
    ids=["escape", "bidi", "too-long", "not-utf8"],
)
def test_a_revision_reason_that_cannot_be_shown_is_refused(
    here: Path,  # noqa: F811
    builds: dict[str, Path],  # noqa: F811
    reason: str,
    message: str,
) -> None:
    site = here / "site"
    publish(here / "build" / Q4, site)
    before = _site_state(site)
    with pytest.raises(SiteError, match=re.escape(message)):
        publish(builds["changed"], site, revise=reason, date=REVISED)
    assert _site_state(site) == before


@pytest.mark.parametrize(
    ("field", "value", "why"),
    [
        ("path", "javascript:alert(1)", "is not a path inside the site"),
        ("path", "statements/a b.html", "is not a path inside the site"),
        ("base_url", "javascript:alert(1)//", "is not a web address"),
        ("base_url", 'https://x.example/"><script>', "is not a web address"),
        ("reason", "Fixed\x07", "invisible control character"),
        ("sha256", "../x", "is not a SHA-256"),
        ("feed_id", "urn:x", "is not a feed id"),
        ("size", -1, "is not a file size"),
    ],
)
def test_a_hand_edited_manifest_value_never_reaches_the_pages(
    here: Path,  # noqa: F811
    builds: dict[str, Path],  # noqa: F811
    field: str,
    value: object,
    why: str,
) -> None:
    site = here / "site"
    publish(here / "build" / Q4, site)
    publish(builds["changed"], site, revise="Why.", date=REVISED)
    data = json.loads((site / MANIFEST).read_bytes())
    if field in ("base_url", "feed_id"):
        data[field] = value
    elif field == "reason":
        data["editions"][0]["revisions"][0]["reason"] = value
    else:
        data["files"][0][field] = value
    (site / MANIFEST).write_text(json.dumps(data))
    pages = {name: (site / name).read_bytes() for name in ("index.html", "feed.xml")}
    for command in (("verify", "site"), ("publish", "build/2023-24-Q2", "--site", "site")):
        code, _, err = _reportgen(*command)
        assert code == 1
        assert "site/manifest.json is damaged or was edited by hand (" in err
        assert why in err
    assert {name: (site / name).read_bytes() for name in pages} == pages


def test_a_feed_stays_well_formed_whatever_the_reason(
    here: Path,  # noqa: F811
    builds: dict[str, Path],  # noqa: F811
) -> None:
    from xml.etree import ElementTree

    site = here / "site"
    publish(here / "build" / Q4, site)
    reason = "Corrected <b>&amp; \"quoted\" 'text' ]]> in paragraph 12 — £5 ŵ."
    publish(builds["changed"], site, revise=reason, date=REVISED)
    feed = ElementTree.fromstring((site / "feed.xml").read_bytes())
    assert reason in "".join(feed.itertext())


# --------------------------------------------------------------------------------------
# Findings 6 and 7: verify --deep, and a manifest nested too deeply
# --------------------------------------------------------------------------------------


def test_verify_deep_finds_a_file_altered_before_it_was_published(
    here: Path,  # noqa: F811
) -> None:
    from tests.hostile import STEM, html_changed_number

    site = here / "site"
    publish(here / "build" / Q4, site)
    assert _reportgen("verify", "site", "--deep")[:2] == (
        0,
        "Checked 3 files in site against manifest.json: all present and unchanged.\n",
    )
    # Alter the page and its checksum in the manifest, as a publish of a doctored file would.
    page = site / "statements" / Q4 / f"{STEM}.html"
    doctored = html_changed_number(page.parent, here)
    shutil.copy(doctored, page)
    data = json.loads((site / MANIFEST).read_bytes())
    for item in data["files"]:
        if item["path"].endswith(".html"):
            item["sha256"] = hashlib.sha256(page.read_bytes()).hexdigest()
            item["size"] = page.stat().st_size
    (site / MANIFEST).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    publish(here / "build" / Q2, site)  # the pages are remade from the edited manifest
    assert _reportgen("verify", "site")[0] == 0  # the checksums agree
    code, out, _ = _reportgen("verify", "site", "--deep")
    assert code == 1
    assert out.splitlines()[0] == (
        f"site/statements/{Q4}/{STEM}.html: changed — this file was changed after reportgen made "
        "it: it is not what reportgen makes from the statement data it carries (it was altered "
        "before it was published)"
    )


def test_a_manifest_nested_too_deeply_is_a_clear_message(here: Path) -> None:  # noqa: F811
    site = here / "site"
    publish(here / "build" / Q4, site)
    (site / MANIFEST).write_text("[" * 100_000 + "]" * 100_000)
    for command in (("verify", "site"), ("publish", "build/2023-24-Q2", "--site", "site")):
        code, out, err = _reportgen(*command)
        assert (code, out.startswith("Reading") or out == "") == (1, True)
        assert err == (
            "Error: site/manifest.json nests more than 64 levels deep, so it is not reportgen's\n"
        )
