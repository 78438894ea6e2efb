"""Times `reportgen diff` on the two sample editions, from their inputs and from their built PDFs.

Fresh process: the whole command as a user runs it (interpreter start, imports, reading, comparing,
printing), with the peak resident memory of the process. In-process: one comparison once the
modules are imported, with the peak memory Python allocated for it (tracemalloc).

    python benchmarks/bench_diff.py [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.common import ROOT, fresh_process

OLD = ROOT / "inputs" / "2023-24-Q2.yaml"
NEW = ROOT / "inputs" / "2024-25-Q4.yaml"


def _in_process(work: Callable[[], object]) -> tuple[float, float]:
    """Wall time in seconds of one call, and the peak memory in MB it allocated (measured on
    another call, as tracing every allocation slows the code down)."""
    start = time.perf_counter()
    work()
    elapsed = time.perf_counter() - start
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak / 1024 / 1024


def _report(name: str, samples: list[float], peak: float) -> None:
    median = statistics.median(samples)
    spread = max(samples) - min(samples)
    print(f"{name:<46} median {median:6.3f} s   spread {spread:6.3f} s   peak {peak:6.1f} MB")


def _time(name: str, runs: int, one: Callable[[], tuple[float, float]]) -> None:
    samples, peak = [], 0.0
    for _ in range(runs):
        elapsed, memory = one()
        samples.append(elapsed)
        peak = max(peak, memory)
    _report(name, samples, peak)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="repetitions (default 15)")
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        # Built in a child process: this one stays small until the fresh-process runs are done,
        # because a child's peak memory counts what it shared with its parent before exec.
        build = "import sys; from pathlib import Path; from reportgen.build import build; "
        build += "[build(Path(p), out=Path(sys.argv[1]), formats=['pdf']) for p in sys.argv[2:]]"
        subprocess.run([sys.executable, "-c", build, folder, str(OLD), str(NEW)], check=True)
        old_pdf = out / "2023-24-Q2"
        new_pdf = out / "2024-25-Q4"
        print(
            f"{runs} runs each, on {sys.platform} / Python {sys.version.split()[0]}; "
            "the sample editions 2023-24 Q2 and 2024-25 Q4"
        )
        print("Fresh process per run (peak: resident memory of the process):")
        fresh = {
            "python -c pass (interpreter floor)": ["-c", "pass"],
            "import reportgen.diff (import floor)": ["-c", "import reportgen.diff"],
            "diff, two input files, text": ["-m", "reportgen", "diff", str(OLD), str(NEW)],
            "diff, two input files, json": [
                "-m",
                "reportgen",
                "diff",
                "--format",
                "json",
                str(OLD),
                str(NEW),
            ],
            "diff, two input files, html": [
                "-m",
                "reportgen",
                "diff",
                "--format",
                "html",
                str(OLD),
                str(NEW),
            ],
            "diff, two built PDFs, text": ["-m", "reportgen", "diff", str(old_pdf), str(new_pdf)],
        }
        for name, args in fresh.items():
            _time(name, runs, lambda args=args: fresh_process(args))
        print("In process, modules already imported (peak: memory allocated by the diff):")
        sys.path.insert(0, str(ROOT))
        from reportgen.diff import compare_paths, render_html, render_json, render_text

        render_html(compare_paths(OLD, NEW))  # warm: imports, the wording file, the template
        compare_paths(old_pdf, new_pdf)
        cases: dict[str, Callable[[], object]] = {
            "compare_paths() of two input files": lambda: compare_paths(OLD, NEW),
            "compare_paths() + text report": lambda: render_text(compare_paths(OLD, NEW)),
            "compare_paths() + JSON report": lambda: render_json(compare_paths(OLD, NEW)),
            "compare_paths() + HTML report": lambda: render_html(compare_paths(OLD, NEW)),
            "compare_paths() of two built PDFs": lambda: compare_paths(old_pdf, new_pdf),
        }
        for name, work in cases.items():
            _time(name, runs, lambda work=work: _in_process(work))


if __name__ == "__main__":
    main()
