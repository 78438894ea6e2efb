"""Python code run in fresh processes with different hash seeds, for the byte-identical checks.

A build compared with another build in the same process cannot show output that depends on the
order of a set or a dict keyed by strings: both builds share one hash seed. Two processes
started with different PYTHONHASHSEED values can.
"""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT

HASH_SEEDS = ("1", "2")


def run_python(code: str, *args: str, hash_seed: str) -> str:
    """Run `code` (with `args` as sys.argv[1:]) in a new interpreter; its standard output."""
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONHASHSEED": hash_seed},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout
