"""Shared fixtures: the project's folders and a way to run the CLI in-process."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from reportgen.cli import main
from tests.browser import browser_fixture, page_fixture

# One headless Chromium for the whole session, shared by every test module that needs a browser.
__all__ = ["browser_fixture", "page_fixture"]

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
INPUTS = ROOT / "inputs"

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run() -> Run:
    """Run `reportgen ARGS` in-process; returns (exit code, stdout, stderr)."""

    def _run(*args: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        code = main(list(args), stdout=out, stderr=err)
        return code, out.getvalue(), err.getvalue()

    return _run


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder with inputs/ holding the fixture profile."""
    (tmp_path / "inputs").mkdir()
    shutil.copy(FIXTURES / "profile.yaml", tmp_path / "inputs" / "profile.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def sample_inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working copy of the shipped inputs/ folder."""
    shutil.copytree(INPUTS, tmp_path / "inputs")
    monkeypatch.chdir(tmp_path)
    return tmp_path
