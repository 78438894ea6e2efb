"""Time and peak memory of `reportgen diff` given each hostile file: the target is 5 s and 300 MB.

Each case (tests/hostile.py makes them from a fresh build of the sample editions) runs as the whole
command in a fresh process, compared with the untouched build; the peak is the process's resident
memory. Two real builds whose first narrative block is 100,000 words (about 700 KB of HTML each,
different text) are compared as well: the redline's worst case for a page that passes every check.

    python benchmarks/hostile_files.py
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.common import ROOT
from tests.hostile import HOSTILE, make

TARGET_SECONDS = 5.0
TARGET_MB = 300.0


def _diff(old: Path, new: Path, cwd: Path) -> tuple[float, float, int, str]:
    """Wall time (s), peak memory (MB), exit code and first line of errors of one `reportgen diff`."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "reportgen", "diff", str(old), str(new)],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _, status, usage = os.wait4(child.pid, 0)
    finally:
        assert child.stderr is not None
        error = child.stderr.read().decode("utf-8", "replace")
    elapsed = time.perf_counter() - start
    return elapsed, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), error


def _long_build(work: Path, build: Callable[..., Any], seed: int) -> Path:
    """The Q4 web page built with its first narrative block 100,000 random words long."""
    chooser = random.Random(seed)
    vocabulary = ["police", "crime", "victims", "the", "of", "and", "county", "lines", "Walsall"]
    text = " ".join(
        chooser.choice(vocabulary) + ("." if n % 17 == 16 else "") for n in range(100_000)
    )
    inputs = work / f"long-{seed}"
    shutil.copytree(ROOT / "inputs", inputs)
    edition = inputs / "2024-25-Q4.yaml"
    lines = edition.read_text(encoding="utf-8").splitlines()
    first = lines.index("    narrative:")
    end = next(i for i in range(first + 2, len(lines)) if lines[i].startswith("      - "))
    lines[first + 1 : end] = [f"      - {text}"]
    edition.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = build(edition, out=work / f"long-build-{seed}", formats=["html"])
    return next(p for p in result.files if p.suffix == ".html")


def _prepare(work: Path) -> None:
    """Build the samples and make every hostile file under `work` (run in its own process)."""
    from reportgen.build import build

    shutil.copytree(ROOT / "inputs", work / "inputs")
    for edition in ("2023-24-Q2", "2024-25-Q4"):
        build(work / "inputs" / f"{edition}.yaml", out=work / "build")
    q4 = work / "build" / "2024-25-Q4"
    for name in sorted(HOSTILE):
        make(name, q4, work / "hostile" / name)
    for seed in (1, 2):
        _long_build(work, build, seed)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        # Built in another process: on Linux a child's peak memory counts its parent's at the fork.
        subprocess.run([sys.executable, __file__, "--prepare", str(work)], check=True)
        q4 = work / "build" / "2024-25-Q4"
        cases = {name: next((work / "hostile" / name).iterdir()) for name in sorted(HOSTILE)}
        cases["long-narrative (vs another)"] = next((work / "long-build-1").rglob("*.html"))
        other = next((work / "long-build-2").rglob("*.html"))
        print("| file given to diff | size | time (s) | peak memory (MB) | exit | message |")
        print("| --- | ---: | ---: | ---: | ---: | --- |")
        worst_time = worst_memory = 0.0
        for name, path in cases.items():
            against = other if name.startswith("long-narrative") else q4
            elapsed, memory, code, error = _diff(path, against, work)
            worst_time, worst_memory = max(worst_time, elapsed), max(worst_memory, memory)
            size = path.stat().st_size if path.is_file() else 0
            said = error.strip().splitlines()[0][:90] if error.strip() else "(compared)"
            said = said.replace(str(work) + "/", "").replace("|", "\\|")
            print(f"| {name} | {size:,} | {elapsed:.2f} | {memory:.0f} | {code} | {said} |")
        verdict = worst_time <= TARGET_SECONDS and worst_memory <= TARGET_MB
        print(
            f"\nWorst: {worst_time:.2f} s, {worst_memory:.0f} MB "
            f"(target {TARGET_SECONDS:.0f} s, {TARGET_MB:.0f} MB): {'met' if verdict else 'MISSED'}"
        )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--prepare"]:
        _prepare(Path(sys.argv[2]))
    else:
        main()
