"""Switching a publish into the site all or nothing: staging, the journal of renames, and recovery.

Every new file is first written inside DIR/.publishing/. A journal there then lists the renames
that switch the staged files into place: the statements first, then manifest.json (the commit
point), then index.html and feed.xml. Before the journal exists nothing outside .publishing/ has
changed, and recovery just deletes the leftover. After it, recovery reads the journal: if the
staged manifest.json is still in .publishing/ the publish had not committed, and its renames are
undone; otherwise they are finished. Every rename stays inside the site folder, so each one is
atomic.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from reportgen.bounded import JOURNAL_LIMIT, UnsafeFile, load_json, read_file
from reportgen.files import write_atomic
from reportgen.problems import display_path
from reportgen.publish.lock import site_lock
from reportgen.publish.manifest import FEED, INDEX, MANIFEST, STATEMENTS, SiteError, relative

STAGING = ".publishing"
JOURNAL = "journal.json"


@dataclass(frozen=True)
class Step:
    """One rename of the switch: `move` never overwrites; `replace` does (generated files only)."""

    op: Literal["move", "replace"]
    src: str
    dst: str


@dataclass
class Changes:
    """What a publish writes: files staged in .publishing/, and the renames that switch them in."""

    staged: dict[str, bytes] = field(default_factory=dict)  # path in .publishing/ -> bytes
    folders: list[str] = field(default_factory=list)  # empty folders to make in .publishing/
    steps: list[Step] = field(default_factory=list)


def apply_changes(site: Path, changes: Changes) -> None:
    """Stage the changes, journal them, and switch them into place; raises SiteError on failure.

    A failure before the commit leaves the site as it was; one after it is finished by the next
    publish.
    """
    _stage(site, changes)
    _switch(site, changes.steps)


def _stage(site: Path, changes: Changes) -> None:
    """Write every new file inside .publishing/; nothing else in the site changes."""
    staging = site / STAGING
    try:
        staging.mkdir()
        for folder in changes.folders:
            (site / folder).mkdir(parents=True)
        for path, content in changes.staged.items():
            _write_staged(site / path, content)
        write_atomic(
            staging / JOURNAL,
            json.dumps({"steps": [[s.op, s.src, s.dst] for s in changes.steps]}, indent=2).encode(
                "utf-8"
            ),
        )
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise _unchanged(site, exc) from exc
        raise


def _unchanged(site: Path, exc: OSError) -> SiteError:
    """A publish that failed before its commit point, every change to the site undone."""
    return SiteError(
        f"could not publish to {display_path(site)}: {exc.strerror or exc} — the site is unchanged"
    )


def _write_staged(path: Path, content: bytes) -> None:
    write_atomic(path, content)


def _switch(site: Path, steps: list[Step]) -> None:
    """Apply the journalled renames; on failure before the commit, undo them."""
    done = 0
    try:
        for step in steps:
            _apply(site, step)
            done += 1
    except BaseException as exc:
        committed = any(s.dst == MANIFEST for s in steps[:done])
        if committed:
            raise SiteError(
                f"{display_path(site)} was updated, but writing its pages failed ({exc}) — run "
                "reportgen publish again to finish"
            ) from exc
        _roll_back(site, steps)
        shutil.rmtree(site / STAGING, ignore_errors=True)
        if isinstance(exc, OSError):
            raise _unchanged(site, exc) from exc
        raise
    shutil.rmtree(site / STAGING, ignore_errors=True)


def _apply(site: Path, step: Step) -> None:
    src, dst = site / step.src, site / step.dst
    if step.op == "move":
        if _present(dst):
            raise FileExistsError(f"{dst} exists; publish moves nothing over an existing file")
        src.rename(dst)
    else:
        src.replace(dst)
    _sync_folder(dst.parent)
    if src.parent != dst.parent:
        _sync_folder(src.parent)


def _sync_folder(folder: Path) -> None:
    """Make a rename durable: flush the folder's entry to disk (where the system allows it)."""
    if sys.platform == "win32":
        # os.open cannot open a folder on Windows, so there is nothing to flush: the rename is as
        # durable as the file system makes it.
        return
    with contextlib.suppress(
        OSError
    ):  # some file systems (network shares) refuse to flush a folder
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _roll_back(site: Path, steps: list[Step]) -> None:
    """Undo the moves made before the commit, last first: a move is undone only where it happened."""
    for step in reversed(steps):
        src, dst = site / step.src, site / step.dst
        if step.op == "move" and _present(dst) and not _present(src):
            dst.rename(src)
            _sync_folder(src.parent)


def _roll_forward(site: Path, steps: list[Step]) -> None:
    """Finish a committed publish: every step before the commit is done, since they run in order.

    Only the pages after manifest.json can be left, and each is done exactly when its staged file
    has gone, so nothing is applied twice (a path a move emptied may since hold a new file).
    """
    commit = next(i for i, s in enumerate(steps) if s.dst == MANIFEST)
    for step in steps[commit + 1 :]:
        if _present(site / step.src):
            _apply(site, step)


def _present(path: Path) -> bool:
    return os.path.lexists(path)


def recover(site: Path) -> str | None:
    """Undo a publish that was stopped before its commit, or finish one stopped after it.

    Returns what was done, or None if there was nothing to do. publish() does this first anyway.
    """
    if not _present(site / STAGING):
        return None
    with site_lock(site):
        return recover_locked(site)


def recover_locked(site: Path) -> str | None:
    """Clear what an interrupted publish left, while the caller holds the site's lock.

    The journal is checked before anything is moved: a journal reportgen did not write, or one
    naming a path outside the site, is refused and the site left as it is.
    """
    staging = site / STAGING
    if not _present(staging):
        return None
    if staging.is_symlink() or not staging.is_dir():
        raise SiteError(_not_ours(site, f"{STAGING} is not a folder"))
    journal = staging / JOURNAL
    message = "Removed the staging folder of an interrupted publish (the site was not changed)."
    if _present(journal):
        steps = read_journal(site)
        manifest_step = next(s for s in steps if s.dst == MANIFEST)
        if _present(site / manifest_step.src):
            _roll_back(site, steps)
            message = "Undid an interrupted publish: the site is as it was before it."
        else:
            _roll_forward(site, steps)
            message = "Finished an interrupted publish."
    shutil.rmtree(staging)
    return message


def read_journal(site: Path) -> list[Step]:
    """The journal's steps, each checked to be one a publish makes; SiteError for anything else."""
    try:
        data = read_file(site / STAGING / JOURNAL, JOURNAL_LIMIT, "publish journal")
        raw = load_json(data, JOURNAL)
    except UnsafeFile as exc:
        raise SiteError(_not_ours(site, f"it {exc}")) from None
    items = raw.get("steps") if isinstance(raw, dict) else None
    if not isinstance(items, list) or not items:
        raise SiteError(_not_ours(site, "it lists no steps"))
    steps: list[Step] = []
    for number, item in enumerate(items, 1):
        problem = _step_problem(site, item)
        if problem:
            raise SiteError(_not_ours(site, f"step {number} {problem}"))
        op, src, dst = item
        steps.append(Step(op, src, dst))
    commits = [s for s in steps if s.dst == MANIFEST]
    if len(commits) != 1 or commits[0] != Step("replace", f"{STAGING}/{MANIFEST}", MANIFEST):
        raise SiteError(_not_ours(site, "it does not replace manifest.json exactly once"))
    return steps


# The pages a publish replaces, each from its staged copy; every other step is a move.
_PAGES = (MANIFEST, INDEX, FEED)


def _step_problem(site: Path, item: Any) -> str | None:
    """What is wrong with one journal step, or None for a step a publish makes."""
    if not (isinstance(item, list) and len(item) == 3 and all(isinstance(x, str) for x in item)):
        return "is not [operation, from, to]"
    op, src, dst = item
    for path in (src, dst):
        try:
            relative(path.removeprefix(f"{STAGING}/"))
        except ValueError:
            return f"names {path!r}, which is not a path inside the site"
        top = path.split("/", 1)[0]
        if top not in (STAGING, STATEMENTS) and path not in _PAGES:
            return f"names {path!r}, which is not a place publish writes to"
        if not inside(site, path):
            return f"names {path!r}, which leads outside the site through a link"
    if op == "replace":
        if dst not in _PAGES or src != f"{STAGING}/{dst}":
            return f"replaces {dst!r}, which is not one of the site's pages"
    elif op == "move":
        if dst in _PAGES or src in _PAGES:
            return "moves one of the site's pages"
        if STAGING not in (src.split("/", 1)[0], dst.split("/", 1)[0]):
            return "moves a file without going through the staging folder"
    else:
        return f"has the unknown operation {op!r}"
    return None


def inside(site: Path, path: str) -> bool:
    """True if `path` under the site passes through no link: it cannot lead out of the site."""
    here = site
    for part in path.split("/"):
        here = here / part
        if here.is_symlink() or _is_junction(here):
            return False
    return True


def linked_paths(site: Path) -> list[str]:
    """Every link in the site (forward-slash paths): publish and verify never follow one.

    A linked folder would send an edition, or the staging folder, outside the site; a linked
    file would be checksummed and served from wherever it points.
    """
    found: list[str] = []
    for root, folders, names in os.walk(site):
        here = Path(root)
        for name in sorted(folders + names):
            if (here / name).is_symlink() or _is_junction(here / name):
                found.append((here / name).relative_to(site).as_posix())
        folders[:] = sorted(f for f in folders if not _is_junction(here / f))
    return sorted(found)


def _is_junction(path: Path) -> bool:
    """A Windows junction (a folder link os.path.islink does not see before Python 3.12)."""
    is_junction = getattr(os.path, "isjunction", None)
    return bool(is_junction(path)) if is_junction else False


def _not_ours(site: Path, why: str) -> str:
    return (
        f"{display_path(site / STAGING / JOURNAL)} is not a journal reportgen wrote ({why}), so "
        "nothing was moved — if no publish is running, move the .publishing folder out of the "
        "site, then run reportgen verify and publish again"
    )
