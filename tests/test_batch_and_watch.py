"""`build --all` builds every edition, isolating failures; `build --watch` rebuilds on each save."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from benchmarks.archive import write_archive
from reportgen.build import watch
from reportgen.paths import packaged_templates_dir
from tests.conftest import Run
from tests.processes import HASH_SEEDS, run_python

# Worker pools and a polling watcher: seconds each.
pytestmark = pytest.mark.slow


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Four generated editions, the third broken by a misspelt field."""
    paths = write_archive(tmp_path / "inputs", 4)
    broken = paths[2]
    broken.write_text(broken.read_text().replace("kind: count", "kind: cuont", 1))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_all_builds_every_edition_and_reports_the_failed_one(archive: Path, run: Run) -> None:
    code, out, err = run("build", "--all", "--format", "html")
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert sorted(lines[:4]) == [
        "FAILED: inputs/2021-22-Q4.yaml",
        "built: inputs/2021-22-Q2.yaml",
        "built: inputs/2021-22-Q3.yaml",
        "built: inputs/2022-23-Q1.yaml",
    ]
    assert lines[4:] == [
        "",
        "inputs/2021-22-Q4.yaml was not built:",
        "inputs/2021-22-Q4.yaml:20:13: error: figure 'homicides': 'cuont' is not a kind of figure — did you mean 'count'?",
        "Built 3 of 4 editions into build; 1 failed.",
    ]
    built = sorted(p.name for p in (archive / "build").iterdir() if not p.name.startswith("."))
    assert built == ["2021-22-Q2", "2021-22-Q3", "2022-23-Q1"]


def test_all_succeeds_with_exit_0_and_quiet_prints_nothing(archive: Path, run: Run) -> None:
    broken = archive / "inputs" / "2021-22-Q4.yaml"
    broken.write_text(broken.read_text().replace("kind: cuont", "kind: count"))
    assert run("build", "--all", "-q", "--format", "html") == (0, "", "")
    assert len(list((archive / "build").glob("20*/*.html"))) == 4


_BUILD_ALL = (
    "import sys\n"
    "from pathlib import Path\n"
    "from reportgen.build import build_all\n"
    "outcomes = build_all(Path(sys.argv[1]), out=Path(sys.argv[2]), formats=['html'],"
    " workers=int(sys.argv[3]))\n"
    "print(*sorted(f'{o.path.name} {o.ok}' for o in outcomes), sep='\\n')\n"
)


def test_all_in_one_process_gives_the_same_files(archive: Path) -> None:
    """One process, and a pool of two, each started with its own hash seed: the same bytes."""
    reports = []
    for seed, workers in zip(HASH_SEEDS, ("1", "2"), strict=True):
        out = archive / f"workers-{workers}"
        reports.append(
            run_python(_BUILD_ALL, str(archive / "inputs"), str(out), workers, hash_seed=seed)
        )
    assert (
        reports[0]
        == reports[1]
        == (
            "2021-22-Q2.yaml True\n2021-22-Q3.yaml True\n2021-22-Q4.yaml False\n2022-23-Q1.yaml True\n"
        )
    )
    one, two = archive / "workers-1", archive / "workers-2"
    built = sorted(path.relative_to(one) for path in one.glob("20*/**/*") if path.is_file())
    assert len([path for path in built if path.suffix == ".html"]) == 3
    assert built == sorted(path.relative_to(two) for path in two.glob("20*/**/*") if path.is_file())
    for path in built:
        assert (one / path).read_bytes() == (two / path).read_bytes(), path


def _wait_for(condition: object, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return
        time.sleep(0.05)
    raise AssertionError("timed out waiting for the watcher")


def test_watch_rebuilds_on_save_and_keeps_the_last_good_build(sample_inputs: Path) -> None:
    edition = sample_inputs / "inputs" / "2024-25-Q4.yaml"
    html = sample_inputs / "build" / "2024-25-Q4" / "national-priorities-statement-2024-25-q4.html"
    docx = html.with_suffix(".docx")
    lines: list[str] = []
    reported: list[str] = []
    stop = threading.Event()
    watcher = threading.Thread(
        target=watch,
        args=(edition,),
        kwargs={
            "inputs": edition.parent,
            "templates": packaged_templates_dir(),
            "out": sample_inputs / "build",
            "formats": ["html", "docx"],
            "progress": lines.append,
            "report": lambda problems: reported.extend(str(p) for p in problems),
            "interval": 0.05,
            "stop": stop.is_set,
        },
    )
    watcher.start()
    try:

        def builds() -> int:
            return sum(line.startswith("Built ") for line in lines)

        _wait_for(lambda: builds() == 1)
        # HTML is written before the DOCX, so a browser preview refreshes first.
        assert lines.index("Rendering HTML…") < lines.index("Rendering DOCX…")
        # One save, one validation: nothing is printed twice.
        assert sum(line.startswith("Validating ") for line in lines) == 1
        edition.write_text(
            edition.read_text().replace(
                "Operation Prosper in Walsall", "Operation Prosper, in Walsall,"
            )
        )
        _wait_for(lambda: builds() == 2)
        assert "Operation Prosper, in Walsall," in html.read_text()
        good = html.read_bytes(), docx.read_bytes()
        edition.write_text(
            edition.read_text().replace("        value: 31\n", "        valeu: 31\n", 1)
        )
        _wait_for(lambda: reported)
        assert reported == [
            "inputs/2024-25-Q4.yaml:29:9: error: figure 'homicides': 'valeu' is not a field here — did you mean 'value'?"
        ]
        assert lines[-1] == "Kept the last good build; fix the problems above and save again."
        assert (html.read_bytes(), docx.read_bytes()) == good
    finally:
        stop.set()
        watcher.join(timeout=30)
    assert not watcher.is_alive()
