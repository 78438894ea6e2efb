"""Killing a process at its Nth file-system operation, to see what every step of an operation leaves.

The operation runs in a forked child whose `os` and `io` write functions count their calls; at
the Nth the child ends at once with os._exit, as a power cut or `kill -9` would end it: no
exception handlers, no `finally`, no clean-up. Nothing here knows the names of reportgen's own
functions, so the harness finds every step, including ones added later.
"""

from __future__ import annotations

import builtins
import io
import os
from collections.abc import Callable
from typing import Any

# Exit status of a child killed by the harness (any other status is a failure of the operation).
KILLED = 86
# Flags that make os.open write: creating, truncating or opening a file for writing.
_WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
# Every os function that changes the file system, besides os.open for writing.
_CHANGES = ("rename", "replace", "unlink", "remove", "rmdir", "mkdir", "chmod", "fsync", "link")

can_fork = hasattr(os, "fork")


def _patch(kill_at: int | None, counter: list[int]) -> None:
    """Count every changing call in this process; end it just before call number `kill_at`."""

    def step() -> None:
        counter[0] += 1
        if counter[0] == kill_at:
            os._exit(KILLED)

    def counting(original: Callable[..., Any]) -> Callable[..., Any]:
        def changed(*args: Any, **kwargs: Any) -> Any:
            step()
            return original(*args, **kwargs)

        return changed

    for name in _CHANGES:
        setattr(os, name, counting(getattr(os, name)))
    real_open = os.open

    def opening(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & _WRITING:
            step()
        return real_open(path, flags, *args, **kwargs)

    os.open = opening  # type: ignore[assignment]
    real_io_open = io.open

    def io_opening(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if any(c in mode for c in "wax+") and not isinstance(file, int):
            step()
        return real_io_open(file, mode, *args, **kwargs)

    io.open = io_opening  # type: ignore[assignment]
    builtins.open = io_opening


def run_until(operation: Callable[[], object], kill_at: int | None) -> tuple[bool, int]:
    """Run `operation` in a forked child, killed just before file-system call `kill_at`.

    Returns (killed, the number of calls made): with kill_at None, the operation's whole count.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run, report the count, and leave without any clean-up
        os.close(read_end)
        counter = [0]
        status = 0
        try:
            _patch(kill_at, counter)
            operation()
        except BaseException as exc:  # reported to the parent as a failure
            os.write(write_end, f"failed {type(exc).__name__}: {exc}".encode()[:4000])
            status = 1
        else:
            os.write(write_end, str(counter[0]).encode())
        os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as stream:
        report = stream.read().decode()
    _, wait_status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(wait_status)
    if code == KILLED:
        return True, kill_at or 0
    if code != 0:
        raise AssertionError(f"the operation failed in the child (exit {code}): {report}")
    return False, int(report)
