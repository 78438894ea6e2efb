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
from typing import Literal

from reportgen.files import write_atomic
from reportgen.problems import display_path
from reportgen.publish.lock import site_lock
from reportgen.publish.manifest import MANIFEST, SiteError

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
            raise SiteError(
                f"could not publish to {display_path(site)}: {exc.strerror or exc} — the site is "
                "unchanged"
            ) from exc
        raise


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
            raise SiteError(
                f"could not publish to {display_path(site)}: {exc.strerror or exc} — the site is "
                "unchanged"
            ) from exc
        raise
    shutil.rmtree(site / STAGING, ignore_errors=True)


def _apply(site: Path, step: Step) -> None:
    src, dst = site / step.src, site / step.dst
    if step.op == "move":
        if dst.exists():
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
    for step in reversed(steps):
        if step.op == "move" and (site / step.dst).exists() and not (site / step.src).exists():
            (site / step.dst).rename(site / step.src)
            _sync_folder((site / step.src).parent)


def _roll_forward(site: Path, steps: list[Step]) -> None:
    for step in steps:
        if (site / step.src).exists() and (step.op == "replace" or not (site / step.dst).exists()):
            _apply(site, step)


def recover(site: Path) -> str | None:
    """Undo a publish that was stopped before its commit, or finish one stopped after it.

    Returns what was done, or None if there was nothing to do. publish() does this first anyway.
    """
    if not (site / STAGING).exists():
        return None
    with site_lock(site):
        return recover_locked(site)


def recover_locked(site: Path) -> str | None:
    """Clear what an interrupted publish left, while the caller holds the site's lock."""
    staging = site / STAGING
    if not staging.exists():
        return None
    journal = staging / JOURNAL
    message = "Removed the staging folder of an interrupted publish (the site was not changed)."
    if journal.is_file():
        steps = [Step(op, src, dst) for op, src, dst in json.loads(journal.read_bytes())["steps"]]
        manifest_step = next(s for s in steps if s.dst == MANIFEST)
        if (site / manifest_step.src).exists():
            _roll_back(site, steps)
            message = "Undid an interrupted publish: the site is as it was before it."
        else:
            _roll_forward(site, steps)
            message = "Finished an interrupted publish."
    shutil.rmtree(staging)
    return message
