"""Whole-file writes: a file held open by another program is waited for, then explained."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen import files
from tests.conftest import Run


def _held_open(monkeypatch: pytest.MonkeyPatch, times: int, suffix: str = "") -> list[Path]:
    """Make the next `times` renames over a file (ending `suffix`) fail as Windows does while
    Word holds it open."""
    real = Path.replace
    attempts: list[Path] = []

    def replace(self: Path, target: str | Path) -> Path:
        if not str(target).endswith(suffix):
            return real(self, target)
        attempts.append(Path(target))
        if len(attempts) <= times:
            raise PermissionError(13, "The process cannot access the file", str(target))
        return real(self, target)

    monkeypatch.setattr(Path, "replace", replace)
    monkeypatch.setattr(files, "RETRY_PAUSES", (0.0,) * len(files.RETRY_PAUSES))
    return attempts


def test_a_file_held_open_for_a_moment_is_replaced_after_a_retry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "statement.pdf"
    target.write_bytes(b"old")
    attempts = _held_open(monkeypatch, times=2)
    files.write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert len(attempts) == 3
    assert [p.name for p in tmp_path.iterdir()] == ["statement.pdf"]


def test_a_file_held_open_throughout_is_left_whole_with_advice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "statement.docx"
    target.write_bytes(b"as published")
    attempts = _held_open(monkeypatch, times=99)
    with pytest.raises(files.FileInUse) as failure:
        files.write_atomic(target, b"new")
    assert len(attempts) == len(files.RETRY_PAUSES) + 1
    assert "close it (in Word, Acrobat or a browser) and try again" in str(failure.value)
    assert target.read_bytes() == b"as published"
    assert [p.name for p in tmp_path.iterdir()] == ["statement.docx"]  # no temporary file left


def test_build_over_a_docx_open_in_word_says_to_close_it(
    run: Run, sample_inputs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("build", "-q", "--format", "docx")[0] == 0
    built = next((sample_inputs / "build" / "2024-25-Q4").glob("*.docx"))
    before = built.read_bytes()
    edition = sample_inputs / "inputs" / "2024-25-Q4.yaml"
    edition.write_text(edition.read_text().replace("Homicides recorded", "Homicides", 1))
    _held_open(monkeypatch, times=99, suffix=".docx")
    code, out, err = run("build", "-q", "--format", "docx")
    assert (code, out) == (1, "")
    assert err.startswith(
        f"Error: could not replace build/2024-25-Q4/{built.name}: another program"
    )
    assert "close it (in Word, Acrobat or a browser) and try again" in err
    assert built.read_bytes() == before


def test_sha256_file_reads_in_blocks_and_matches_hashlib(tmp_path: Path) -> None:
    import hashlib

    data = bytes(range(256)) * 9000  # over two 1 MiB blocks
    (tmp_path / "f").write_bytes(data)
    assert files.sha256_file(tmp_path / "f") == hashlib.sha256(data).hexdigest()
