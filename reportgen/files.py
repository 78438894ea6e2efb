"""Writes output files atomically, so a failed run never leaves a partial or damaged file; hashes files."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import time
from pathlib import Path

from reportgen.problems import ReportgenError

# Word, Acrobat and virus scanners hold a file open for a moment after touching it; on Windows
# that makes replacing it fail. These pauses (about 1.5 s in all) outlast a scanner, not Word.
RETRY_PAUSES = (0.1, 0.2, 0.4, 0.8)


class FileInUse(ReportgenError):
    """A file could not be replaced because another program holds it open."""


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, flush it to disk, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp creates files readable only by their owner; published files are for everyone.
        Path(temporary).chmod(0o644)
        replace(Path(temporary), path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(temporary).unlink()
        raise


def replace(source: Path, target: Path) -> None:
    """Rename `source` over `target`, waiting briefly if another program holds `target` open.

    The folder is known to be writable (`source` was just made in it), so a refusal here means
    the file itself is held: on Windows, open in Word or Acrobat.
    """
    for pause in (*RETRY_PAUSES, None):
        try:
            source.replace(target)
            return
        except PermissionError as exc:
            if pause is None:
                raise FileInUse(
                    f"could not replace {target}: another program has it open or it is read-only "
                    f"— close it (in Word, Acrobat or a browser) and try again ({exc.strerror})"
                ) from exc
            time.sleep(pause)


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write atomically unless the file already holds exactly these bytes; True if written.

    An unchanged output keeps its timestamp, so watchers and web caches see no change.
    """
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass  # missing or unreadable: write it
    write_atomic(path, data)
    return True


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file's bytes, as hex digits; read in blocks, so a large file is no burden."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
