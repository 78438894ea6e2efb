"""Times reportgen's main jobs and prints median, spread and peak memory for each.

Run from the project folder: `python benchmarks/bench.py` (about two minutes; `--runs` and
`--editions` make it shorter). Every cold figure is a fresh process, also shown as a ratio to the
import floor: a process that only imports the libraries a build uses, which no cold build can beat.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.common import fresh_process  # noqa: E402

FLOOR = "import matplotlib, matplotlib.figure, matplotlib.backends.backend_agg, docx, typst, jinja2"


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
        elapsed, memory = fresh_process(args, cwd)
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
        build = ["-m", "reportgen", "build", "-q"]
        figures = {"floor": floor}
        figures["validate"] = cold(
            "validate, both sample editions", ["-m", "reportgen", "validate"], work, runs, floor
        )

        def empty_cache() -> None:
            shutil.rmtree(work / "build", ignore_errors=True)

        figures["cold"] = cold(
            "build, 3 formats, every chart drawn", build, work, runs, floor, before=empty_cache
        )
        figures["cached"] = cold(
            "build, 3 formats, charts unchanged (cached)", build, work, runs, floor
        )
        diff = ["-m", "reportgen", "diff", "inputs/2023-24-Q2.yaml", "inputs/2024-25-Q4.yaml"]
        cold("diff of the two sample editions", diff, work, runs, floor)
        figures["all"] = build_all(work, options.editions)
        # Last: loading the libraries into this process would inflate the figures of children
        # forked after it (a child's peak counts the parent's pages until it starts its program).
        figures["rebuild"] = rebuild_in_process(work, runs)
        targets(figures, options.editions)


def rebuild_in_process(work: Path, runs: int) -> float:
    """Staff editing and rebuilding: the libraries are loaded and unchanged charts are cached."""
    os.chdir(work)
    from reportgen.build import build
    from reportgen.render.chart_cache import ChartCache

    cache = ChartCache()
    edition = work / "inputs" / "2024-25-Q4.yaml"
    build(edition, out=work / "rebuild", cache=cache)  # the first build loads everything
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        build(edition, out=work / "rebuild", cache=cache)
        samples.append(time.perf_counter() - start)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report("rebuild in one process (3 formats, unchanged)", samples, peak)
    # An edit to the narrative: compose and render again, charts still unchanged.
    samples = []
    for run in range(runs):
        text = edition.read_text(encoding="utf-8")
        edition.write_text(text.replace("Operation Prosper", f"Operation Prosper{' ' * (run % 2)}"))
        start = time.perf_counter()
        build(edition, out=work / "rebuild", cache=cache)
        samples.append(time.perf_counter() - start)
    return report("rebuild in one process after an edit", samples, peak)


def build_all(work: Path, editions: int) -> float:
    from benchmarks.archive import write_archive

    archive = work / "archive"
    write_archive(archive / "inputs", editions)
    elapsed, peak = fresh_process(["-m", "reportgen", "build", "--all", "-q"], archive)
    print(
        f"{f'build --all, {editions} editions, 3 formats':<52} {elapsed:7.1f} s"
        f"  ({elapsed / editions:.2f} s an edition)  peak {peak:6.0f} MB (largest process)"
    )
    return elapsed


def targets(figures: dict[str, float], editions: int) -> None:
    """Each target of the project, met or missed and by how much."""
    floor = figures["floor"]
    rows = [
        ("cold build, every chart drawn <= 1.5 x floor", figures["cold"] / floor, 1.5, " x"),
        ("cold build, charts unchanged <= 1.5 x floor", figures["cached"] / floor, 1.5, " x"),
        ("cold validate < 0.5 s", figures["validate"], 0.5, " s"),
        ("rebuild in one process < 0.5 s", figures["rebuild"], 0.5, " s"),
        (f"build --all, {editions} editions < 40 s", figures["all"], 40.0, " s"),
    ]
    print("\ntargets")
    for name, value, limit, unit in rows:
        verdict = "met" if value <= limit else f"MISSED by {value - limit:.2f}{unit}"
        print(f"  {name:<46} {value:7.2f}{unit:<3} {verdict}")


if __name__ == "__main__":
    main()
