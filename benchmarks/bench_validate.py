"""Times `reportgen validate` on the shipped inputs in fresh processes and prints the figures."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _fresh_process(args: list[str]) -> tuple[float, float]:
    """Wall time in seconds and peak memory in MB of one fresh Python process."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, *args], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{' '.join(args)} failed with status {status}")
    return elapsed, usage.ru_maxrss / 1024  # ru_maxrss is in kilobytes on Linux


def _report(name: str, samples: list[float], peak: float) -> None:
    median = statistics.median(samples)
    spread = max(samples) - min(samples)
    print(f"{name:<40} median {median:6.3f} s   spread {spread:6.3f} s   peak {peak:6.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15, help="repetitions (default 15)")
    runs = parser.parse_args().runs
    cases = {
        "python -c pass (interpreter floor)": ["-c", "pass"],
        "reportgen validate (2 editions, cold)": ["-m", "reportgen", "validate"],
        "reportgen --version (import floor)": ["-m", "reportgen", "--version"],
    }
    print(
        f"{runs} runs each, fresh process per run, on {sys.platform} / Python {sys.version.split()[0]}"
    )
    for name, args in cases.items():
        samples, peak = [], 0.0
        for _ in range(runs):
            elapsed, peak = _fresh_process(args)
            samples.append(elapsed)
        _report(name, samples, peak)


if __name__ == "__main__":
    main()
