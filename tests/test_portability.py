"""Runs as on Windows: no POSIX-only modules, a cp1252 console, colour only on a real terminal."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reportgen import console
from tests.conftest import INPUTS

# Modules that exist only on POSIX systems: reportgen must run without any of them.
POSIX_ONLY = ("fcntl", "pwd", "grp", "termios", "resource", "posix")
_PRELUDE = (
    "import sys\n"
    f"for name in {POSIX_ONLY!r}[:-1]:\n"
    "    sys.modules[name] = None  # importing it now raises ImportError, as on Windows\n"
    "from reportgen.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def _as_on_windows(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-c", _PRELUDE, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )


def test_diff_and_validate_write_utf8_to_a_cp1252_console_without_posix_modules(
    tmp_path: Path,
) -> None:
    old, new = INPUTS / "2023-24-Q2.yaml", INPUTS / "2024-25-Q4.yaml"
    diff = _as_on_windows("diff", str(old), str(new), cwd=tmp_path)
    assert diff.returncode == 0, diff.stderr.decode("utf-8")
    text = diff.stdout.decode("utf-8")  # strict: fails if anything was written as cp1252
    assert "→" in text and "−" in text  # neither exists in cp1252
    assert "\x1b[" not in text and diff.stderr == b""
    validate = _as_on_windows("validate", str(INPUTS), cwd=tmp_path)
    assert (validate.returncode, validate.stderr) == (0, b"")
    assert validate.stdout.decode("utf-8").endswith("no problems found.\n")


def test_utf8_reconfigures_a_cp1252_stream_and_leaves_others_alone() -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="cp1252")
    assert console.utf8(stream) is stream
    stream.write("−17.3% → ŵ")
    stream.flush()
    assert raw.getvalue().decode("utf-8") == "−17.3% → ŵ"
    memory = io.StringIO()
    assert console.utf8(memory) is memory


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("stream", "environment", "expected"),
    [
        (_Terminal(), {}, True),
        (io.StringIO(), {}, False),
        (_Terminal(), {"NO_COLOR": ""}, False),
        (_Terminal(), {"TERM": "dumb"}, False),
    ],
    ids=["terminal", "file-or-pipe", "no-color", "dumb-terminal"],
)
def test_colour_only_on_a_terminal_that_shows_it(
    stream: io.StringIO,
    environment: dict[str, str],
    expected: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("NO_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "platform", "linux")
    assert console.supports_colour(stream) is expected


def test_inputs_keep_their_line_endings_in_every_checkout() -> None:
    """A CRLF checkout would change the inputs' SHA-256 recorded in every output, so a rebuild
    on Windows would be refused at publish as 'changed'."""
    attributes = (INPUTS.parent / ".gitattributes").read_text(encoding="utf-8").splitlines()
    assert "*.yaml text eol=lf" in attributes
    for pattern in ("*.docx binary", "*.ttf binary", "*.pdf binary", "tests/corpus/** -text"):
        assert pattern in attributes
