"""Shared fixtures: the project's folders, a way to run the CLI in-process, and the built samples."""

from __future__ import annotations

import hashlib
import io
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from reportgen.cli import main
from tests.browser import browser_fixture, page_fixture

# One headless Chromium for the whole session, shared by every test module that needs a browser.
__all__ = ["browser_fixture", "page_fixture"]

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
INPUTS = ROOT / "inputs"
SAMPLE_EDITIONS = ("2023-24-Q2", "2024-25-Q4")

Run = Callable[..., tuple[int, str, str]]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that drives the browser is slow: Chromium, page loads and axe take seconds."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


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


@dataclass(frozen=True)
class SampleBuild:
    """The two shipped editions built in every format from a copy of inputs/: read it, never change it.

    A test that needs to change a build copies the edition's folder first (shutil.copytree).
    """

    root: Path

    @property
    def inputs(self) -> Path:
        """The copy of inputs/ the editions were built from."""
        return self.root / "inputs"

    @property
    def out(self) -> Path:
        """The output folder, holding one folder per edition (as `reportgen build --out` makes)."""
        return self.root / "build"

    @property
    def q2(self) -> Path:
        """The 2023-24 Q2 edition's folder."""
        return self.out / "2023-24-Q2"

    @property
    def q4(self) -> Path:
        """The 2024-25 Q4 edition's folder."""
        return self.out / "2024-25-Q4"


def _hashes(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SampleBuild]:
    """Both shipped editions, built once for the whole session (each build takes a second or two)."""
    from reportgen.build import build

    samples = SampleBuild(tmp_path_factory.mktemp("sample-build"))
    shutil.copytree(INPUTS, samples.inputs)
    for edition in SAMPLE_EDITIONS:
        build(samples.inputs / f"{edition}.yaml", out=samples.out)
    built = _hashes(samples.root)
    yield samples
    # Every test after the one that changed it would have checked a different build.
    assert _hashes(samples.root) == built, "a test changed the shared sample build"
