"""Draws charts in a second process, which loads matplotlib while the build reads and composes.

Importing matplotlib takes about as long as reading, checking and composing an edition together
(a third of a second). A build that will have to draw, because its chart cache is empty, starts
this process before it loads anything else, so that on a machine with two or more cores the two
happen at once. The process sends every chart's SVG as soon as it is drawn and the PNGs after
them: the PDF and the web page are set from the SVGs while the PNGs, which only the DOCX needs,
are made. The images are the same bytes as drawn in the build's own process: the drawing sets
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
import threading
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportgen.compose.charts import ChartSpec
    from reportgen.render.chart_cache import ChartCache

# Longer than any drawing takes; after it the build draws the charts itself.
_WAIT = 120.0

Images = list[bytes] | None


class ChartProcess:
    """A child process that imports matplotlib at once and then draws the charts it is sent."""

    def __init__(self) -> None:
        # The child finds this very copy of reportgen, installed or not.
        package_home = str(Path(__file__).resolve().parents[2])
        path = os.pathsep.join(p for p in (package_home, os.environ.get("PYTHONPATH")) if p)
        self._svgs: Future[Images] = Future()
        self._pngs: Future[Images] = Future()
        self._process: subprocess.Popen[bytes] | None
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
        """Send the charts to draw; :meth:`svgs` and :meth:`pngs` wait for the answers, so that
        the build can get on with something else (loading its renderers) meanwhile."""
        if self._process is None:
            self._svgs.set_result(None)
            self._pngs.set_result(None)
            return
        # A thread of its own writes and reads: neither side can block the other on a full pipe.
        thread = threading.Thread(target=self._talk, args=(list(specs),), daemon=True)
        thread.start()

    def _talk(self, specs: list[ChartSpec]) -> None:
        assert self._process is not None and self._process.stdin and self._process.stdout
        answers = (self._svgs, self._pngs)
        try:
            self._process.stdin.write(pickle.dumps(specs))
            self._process.stdin.close()
            for answer in answers:
                # Only this child wrote it, from the specs just sent.
                kind, images = pickle.load(self._process.stdout)
                ok = kind != "failed" and isinstance(images, list) and len(images) == len(specs)
                answer.set_result(images if ok else None)
        except (OSError, ValueError, EOFError, pickle.UnpicklingError):
            pass
        for answer in answers:
            if not answer.done():
                answer.set_result(None)

    def svgs(self) -> Images:
        """Each chart's SVG, in the order asked; None if the process could not draw them."""
        return self._answer(self._svgs)

    def pngs(self) -> Images:
        """Each chart's PNG, in the order asked; None if the process could not draw them."""
        return self._answer(self._pngs)

    def _answer(self, answer: Future[Images]) -> Images:
        if self._process is None:
            return None
        try:
            return answer.result(timeout=_WAIT)
        except TimeoutError:
            return None

    def close(self) -> None:
        """Stop the process at once, whether it drew, is drawing or is still loading."""
        if self._process is None:
            return
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        for stream in (self._process.stdin, self._process.stdout):
            if stream and not stream.closed:
                stream.close()

    def __enter__(self) -> ChartProcess:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


class DrawnImages(Mapping[str, bytes]):
    """Chart images by file name, where the PNGs of charts drawn in the process arrive after
    their SVGs: asking for one of those waits for it (or draws it here, if the process failed),
    and every chart is kept in the cache once it is whole."""

    def __init__(
        self,
        ready: dict[str, bytes],
        waiting: Sequence[tuple[ChartSpec, str, str]],  # (spec, svg name, png name) in order
        drawing: ChartProcess,
        cache: ChartCache,
    ) -> None:
        self._ready = dict(ready)
        self._waiting = list(waiting)
        self._names = [*ready, *(png for _, _, png in waiting)]
        self._drawing = drawing
        self._cache = cache
        self._lock = threading.Lock()

    def __getitem__(self, name: str) -> bytes:
        if name not in self._ready and any(png == name for _, _, png in self._waiting):
            self._collect()
        return self._ready[name]

    def _collect(self) -> None:
        from reportgen.render.charts import ChartImages, draw

        with self._lock:
            if not self._waiting:
                return
            drawn = self._drawing.pngs()
            pngs: list[bytes | None] = list(drawn) if drawn else [None] * len(self._waiting)
            for (spec, svg_name, png_name), png in zip(self._waiting, pngs, strict=True):
                images = ChartImages(self._ready[svg_name], png) if png else draw(spec)
                self._cache.keep(spec, images)
                self._ready[svg_name], self._ready[png_name] = images.svg, images.png
            self._waiting = []

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def _serve() -> None:
    """The child's work: load the drawing libraries, then draw the charts sent on standard
    input, answering with their SVGs and then their PNGs."""
    # Loaded before the request arrives, which is the point of the process.
    import matplotlib.backends.backend_agg
    import matplotlib.backends.backend_svg
    import matplotlib.figure  # noqa: F401

    from reportgen.render.charts import draw_svg_first

    specs = pickle.loads(sys.stdin.buffer.read())  # from the parent build
    answer: tuple[str, Any]
    try:
        for kind, images in zip(("svg", "png"), draw_svg_first(specs), strict=True):
            sys.stdout.buffer.write(pickle.dumps((kind, images)))
            sys.stdout.buffer.flush()
    except Exception as error:  # reported by drawing again in the build's own process
        answer = ("failed", repr(error))
        sys.stdout.buffer.write(pickle.dumps(answer))


if __name__ == "__main__":
    _serve()
