"""What every benchmark script shares: timing one fresh process, with its peak memory."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def fresh_process(args: list[str], cwd: Path = ROOT) -> tuple[float, float]:
    """Wall time (s) and peak memory (MB) of one fresh Python process running `args`."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        assert child.stderr is not None
        raise SystemExit(f"{' '.join(args)} failed: {child.stderr.read().decode()[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024  # ru_maxrss is in kilobytes on Linux
