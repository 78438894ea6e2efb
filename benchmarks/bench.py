"""Times reportgen's main jobs and prints median, spread and peak memory for each.

Run from the project folder: `python benchmarks/bench.py` (about two minutes; `--runs` and
`--editions` make it shorter). Every cold figure is a fresh process, also shown as a ratio to the
import floor: a process that only imports the libraries a build uses, which no cold build can beat.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FLOOR = "import matplotlib, matplotlib.figure, matplotlib.backends.backend_agg, docx, typst, jinja2"


def fresh(args: list[str], cwd: Path) -> tuple[float, float]:
    """Wall time (s) and peak memory (MB) of one fresh Python process."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        assert child.stderr is not None
        raise SystemExit(f"{' '.join(args)} failed: {child.stderr.read().decode()[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024  # kilobytes on Linux


def report(name: str, samples: list[float], peak: float, floor: float | None = None) -> float:
    median = statistics.median(samples)
    spread = max(samples) - min(samples)
    ratio = f"   {median / floor:4.2f} × floor" if floor else ""
    print(f"{name:<52} median {median:7.3f} s  spread {spread:6.3f} s  peak {peak:6.0f} MB{ratio}")
    return median


def cold(
    name: str,
    args: list[str],
    cwd: Path,
    runs: int,
    floor: float | None = None,
    before: Callable[[], None] | None = None,
) -> float:
    samples, peak = [], 0.0
    for _ in range(runs):
        if before:
            before()
        elapsed, memory = fresh(args, cwd)
        samples.append(elapsed)
        peak = max(peak, memory)
    return report(name, samples, peak, floor)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=7, help="repetitions of each timing (default 7)"
    )
    parser.add_argument("--editions", type=int, default=40, help="size of the --all archive (40)")
    options = parser.parse_args()
    runs = options.runs
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, {runs} runs each\n")

    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        shutil.copytree(ROOT / "inputs", work / "inputs")
        floor = cold("import floor (rendering libraries only)", ["-c", FLOOR], work, runs)
        cold("validate, both sample editions", ["-m", "reportgen", "validate"], work, runs, floor)

        def empty_cache() -> None:
            shutil.rmtree(work / "build", ignore_errors=True)

        cold(
            "build, 3 formats, no chart cache",
            ["-m", "reportgen", "build", "-q"],
            work,
            runs,
            floor,
            before=empty_cache,
        )
        cold(
            "build, 3 formats, charts unchanged (cached)",
            ["-m", "reportgen", "build", "-q"],
            work,
            runs,
            floor,
        )
        rebuild_in_process(work, runs)
        if (ROOT / "reportgen" / "diff.py").exists():
            cold(
                "diff of the two sample editions",
                ["-m", "reportgen", "diff", "inputs/2023-24-Q2.yaml", "inputs/2024-25-Q4.yaml"],
                work,
                runs,
                floor,
            )
        build_all(work, options.editions)


def rebuild_in_process(work: Path, runs: int) -> None:
    """Staff editing and rebuilding: the libraries are loaded and unchanged charts are cached."""
    os.chdir(work)
    from reportgen.build import build
    from reportgen.chart_cache import ChartCache

    cache = ChartCache()
    edition = work / "inputs" / "2024-25-Q4.yaml"
    build(edition, out=work / "rebuild", cache=cache)  # the first build loads everything
    samples = []
    tracemalloc.start()
    for _ in range(runs):
        start = time.perf_counter()
        build(edition, out=work / "rebuild", cache=cache)
        samples.append(time.perf_counter() - start)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    report("rebuild in one process (3 formats)", samples, peak / 2**20)


def build_all(work: Path, editions: int) -> None:
    from benchmarks.archive import write_archive

    archive = work / "archive"
    write_archive(archive / "inputs", editions)
    elapsed, peak = fresh(["-m", "reportgen", "build", "--all", "-q"], archive)
    print(
        f"{f'build --all, {editions} editions, 3 formats':<52} {elapsed:7.1f} s"
        f"  ({elapsed / editions:.2f} s an edition)  peak {peak:6.0f} MB (largest process)"
    )


if __name__ == "__main__":
    main()
