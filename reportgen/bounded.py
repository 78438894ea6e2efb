"""Reading untrusted files within limits: regular files only, sizes checked first, inflation capped."""

from __future__ import annotations

import json
import os
import re
import stat
import zipfile
import zlib
from itertools import accumulate
from pathlib import Path
from typing import Any

from reportgen.problems import ReportgenError

# A built statement is well under 2 MB; 16 MiB leaves room for any real one and keeps a hostile
# file's cost (reading, parsing, hashing) to about a second.
BUILT_FILE_LIMIT = 16 * 1024 * 1024
# Embedded statement data is the validated input (at most 1 MiB of YAML) as JSON, and its
# provenance; a DOCX part or PDF attachment that inflates past this is not reportgen's.
EMBEDDED_LIMIT = 8 * 1024 * 1024
# manifest.json grows by about 3 KB an edition; 16 MiB is thousands of years of quarters.
MANIFEST_LIMIT = 16 * 1024 * 1024
# The journal lists a dozen renames.
JOURNAL_LIMIT = 1024 * 1024
# Embedded data nests about 8 levels deep; the manifest 5. Python's JSON parser recurses, so
# depth is measured before parsing.
JSON_DEPTH_LIMIT = 64

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")


class UnsafeFile(ReportgenError):
    """A file is not a regular file, is too large, or would inflate or nest beyond the limits."""


def read_file(path: Path, limit: int, what: str) -> bytes:
    """The bytes of `path`, a regular file of at most `limit` bytes; else UnsafeFile.

    A named pipe, device or folder is refused before it is opened, so reading never blocks; the
    size is checked before reading, and the read stops at the limit should the file grow.
    """
    try:
        info = path.stat()
    except OSError as exc:
        raise UnsafeFile(f"cannot be read ({exc.strerror or exc})") from None
    if not stat.S_ISREG(info.st_mode):
        raise UnsafeFile(f"is not a regular file (a folder, pipe or device), so it is not {what}")
    if info.st_size > limit:
        raise UnsafeFile(
            f"is {info.st_size:,} bytes, larger than any {what} ({limit:,} bytes at most)"
        )
    # O_NONBLOCK: should the file be swapped for a pipe after the check, opening does not wait.
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        handle = os.open(path, flags)
        with os.fdopen(handle, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                raise UnsafeFile(f"is not a regular file, so it is not {what}")
            data = stream.read(limit + 1)
    except OSError as exc:
        raise UnsafeFile(f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > limit:
        raise UnsafeFile(f"is larger than any {what} ({limit:,} bytes at most)")
    return data


def inflate(data: bytes, limit: int, what: str) -> bytes:
    """zlib data inflated, stopping at `limit` bytes rather than after inflating it all."""
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        raise UnsafeFile(f"{what} is damaged ({exc})") from None
    if len(out) > limit or inflater.unconsumed_tail:
        raise UnsafeFile(f"{what} inflates to more than {limit:,} bytes")
    return out


def zip_member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """One member of a ZIP package, read in blocks and abandoned past `limit` bytes."""
    info = archive.getinfo(name)
    if info.file_size > limit:
        raise UnsafeFile(f"its part {name} is {info.file_size:,} bytes ({limit:,} at most)")
    chunks: list[bytes] = []
    total = 0
    try:
        with archive.open(info) as stream:
            while block := stream.read(1 << 16):
                total += len(block)
                if total > limit:
                    raise UnsafeFile(f"its part {name} inflates past {limit:,} bytes")
                chunks.append(block)
    except NotImplementedError as exc:
        raise UnsafeFile(
            f"its part {name} uses a compression Word does not use ({exc}), so it was not made by "
            "reportgen"
        ) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise UnsafeFile(f"its part {name} is damaged ({exc})") from None
    return b"".join(chunks)


def json_depth(text: str) -> int:
    """How deeply brackets nest in JSON text, strings left out; measured without recursion."""
    brackets = _BRACKETS.findall(_STRING.sub("", text))
    levels = accumulate(1 if b in "[{" else -1 for b in brackets)
    return max(levels, default=0)


def load_json(data: bytes | str, what: str, *, depth: int = JSON_DEPTH_LIMIT) -> Any:
    """JSON parsed after its nesting is checked; UnsafeFile for text that is not UTF-8 or JSON."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError as exc:
        raise UnsafeFile(f"{what} is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    if json_depth(text) > depth:
        raise UnsafeFile(f"{what} nests more than {depth} levels deep, so it is not reportgen's")
    try:
        return json.loads(text, parse_constant=_no_constant)
    except (json.JSONDecodeError, ValueError, RecursionError) as exc:
        raise UnsafeFile(f"{what} is not readable JSON ({exc})") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")
