"""The site's lock, DIR/.lock: one publish at a time, and verify never reads a site mid-publish."""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from reportgen.problems import display_path
from reportgen.publish.manifest import SiteError

LOCK = ".lock"

Progress = Callable[[str], None]


def quiet(_: str) -> None:
    """Progress goes nowhere unless the caller asks for it."""


@contextlib.contextmanager
def site_lock(site: Path, *, progress: Progress = quiet) -> Iterator[None]:
    """Hold DIR/.lock exclusively; if another process holds it, say so and wait for it.

    The lock is the operating system's (flock on POSIX, LockFileEx on Windows), so a process that
    is killed lets go of it and never leaves the site locked.
    """
    _refuse_a_linked_lock(site)
    lock = FileLock(site / LOCK)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        progress("Waiting for another publish to finish…")
        lock.acquire()
    try:
        yield
    finally:
        lock.release()


@contextlib.contextmanager
def reading_lock(site: Path) -> Iterator[None]:
    """Hold DIR/.lock while reading the site, where it can be taken.

    A site no publish has locked has no .lock (Windows also removes it when a publish lets go), and
    a copy this user cannot write to cannot be locked, since a lock file is opened for writing.
    Both are read without the lock; a publish caught part-way still shows, as its journal.
    """
    # A linked lock is not opened (verify reports the link); the site is read without it.
    if not (site / LOCK).is_file() or (site / LOCK).is_symlink():
        yield
        return
    lock = FileLock(site / LOCK)
    try:
        lock.acquire()
        locked = True
    except OSError as exc:
        if exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise
        locked = False
    try:
        yield
    finally:
        if locked:
            lock.release()


class LinkedLock(SiteError):
    """DIR/.lock is a link or not a file: taking it would create or change a file elsewhere."""


def _refuse_a_linked_lock(site: Path) -> None:
    """Opening a lock file that is a link would write wherever it points: refuse it first."""
    path = site / LOCK
    if path.is_symlink() or (os.path.lexists(path) and not path.is_file()):
        raise LinkedLock(
            f"{display_path(path)} is a link or a folder, not the site's lock file — remove it "
            "(publish makes a new one), then run the command again"
        )
