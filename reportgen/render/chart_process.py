"""Draws charts in a second process, which loads matplotlib while the build reads and composes.

Importing matplotlib takes about as long as reading, checking and composing an edition together
(a third of a second). A build that will have to draw, because its chart cache is empty, starts
this process before it reads anything, so that on a machine with two or more cores the two happen
at once. The images are the same bytes as drawn in the build's own process: the drawing sets
every setting it depends on (see charts.py). Whatever goes wrong here (the process cannot start,
dies, or fails to draw), the build draws in its own process instead, and reports any real error
from there.

It is a plain ``python -m`` child talking over its standard input and output, not
multiprocessing: a spawned multiprocessing child imports the caller's main script again, which
would run a user's own script twice.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportgen.compose.charts import ChartSpec
    from reportgen.render.charts import ChartImages

# Longer than any drawing takes; after it the build draws the charts itself.
_WAIT = 120.0


class ChartProcess:
    """A child process that imports matplotlib at once and then draws the charts it is sent."""

    def __init__(self) -> None:
        # The child finds this very copy of reportgen, installed or not.
        package_home = str(Path(__file__).resolve().parents[2])
        path = os.pathsep.join(p for p in (package_home, os.environ.get("PYTHONPATH")) if p)
        self._process: subprocess.Popen[bytes] | None
        self._answer: ThreadPoolExecutor | None = None
        self._reply: Future[tuple[bytes, bytes]] | None = None
        self._count = 0
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-m", __name__],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env={**os.environ, "PYTHONPATH": path},
            )
        except OSError:
            self._process = None

    @classmethod
    def for_cache(cls, folder: Path) -> ChartProcess | None:
        """A process started now, if a build keeping its charts in `folder` will draw (nothing is
        kept there yet) and a second process pays; None otherwise."""
        try:
            cached = any(folder.glob("*.svg"))
        except OSError:
            cached = False
        return cls() if cls.worthwhile() and not cached else None

    @staticmethod
    def worthwhile() -> bool:
        """Whether drawing in a second process would save time: not once matplotlib is loaded
        here (drawing is then quick), not on one core (it only adds work), and not in a frozen
        application (there is no Python to start)."""
        return (
            "matplotlib.figure" not in sys.modules
            and (os.cpu_count() or 1) > 1
            and not getattr(sys, "frozen", False)
        )

    def request(self, specs: Sequence[ChartSpec]) -> None:
        """Send the charts to draw; the answer is read by :meth:`drawn`, so that the build can
        get on with something else (loading its renderers) while they are drawn."""
        if self._process is None:
            return
        request = pickle.dumps(list(specs))
        self._count = len(specs)
        # communicate() writes and reads on threads of its own: neither side can block the other.
        self._answer = ThreadPoolExecutor(max_workers=1)
        self._reply = self._answer.submit(self._process.communicate, request, _WAIT)

    def drawn(self) -> list[ChartImages] | None:
        """The charts asked for, in order; None if the process could not draw them."""
        if self._reply is None:
            return None
        try:
            answer, _ = self._reply.result()
            # Only this child wrote it, from the specs just sent.
            outcome, images = pickle.loads(answer)
        except (OSError, ValueError, EOFError, pickle.UnpicklingError, subprocess.TimeoutExpired):
            return None
        return images if outcome == "drawn" and len(images) == self._count else None

    def draw(self, specs: Sequence[ChartSpec]) -> list[ChartImages] | None:
        """Each chart drawn, in order; None if the process could not draw them."""
        self.request(specs)
        return self.drawn()

    def close(self) -> None:
        """Stop the process at once, whether it drew, is drawing or is still loading."""
        if self._process is None:
            return
        if self._process.poll() is None:
            self._process.kill()
        if self._answer is not None:
            self._answer.shutdown()
        else:
            self._process.communicate()

    def __enter__(self) -> ChartProcess:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _serve() -> None:
    """The child's work: load the drawing libraries, then draw the charts sent on standard input."""
    # Loaded before the request arrives, which is the point of the process.
    import matplotlib.backends.backend_agg
    import matplotlib.backends.backend_svg  # noqa: F401

    from reportgen.render.charts import draw

    specs = pickle.loads(sys.stdin.buffer.read())  # from the parent build
    answer: tuple[str, Any]
    try:
        answer = ("drawn", [draw(spec) for spec in specs])
    except Exception as error:  # reported by drawing again in the build's own process
        answer = ("failed", repr(error))
    sys.stdout.buffer.write(pickle.dumps(answer))


if __name__ == "__main__":
    _serve()
