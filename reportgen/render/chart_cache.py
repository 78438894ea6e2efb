"""Draws each chart once: images are kept under a key made from everything that shapes them."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from dataclasses import asdict
from functools import cache
from pathlib import Path

from reportgen import __version__
from reportgen.compose.charts import ChartSpec
from reportgen.files import write_atomic
from reportgen.render.chart_layout import font_files
from reportgen.render.charts import ChartImages

# Everything that decides a chart's pixels besides its spec, its typeface and matplotlib.
DRAWING_MODULES = ("charts.py", "chart_layout.py", "bar_chart.py", "line_chart.py", "house.py")
# Words the document prints beside the image (the caption and the source line) and the alt text
# uses; the drawing never shows them, so rewording them redraws nothing.
NOT_DRAWN = ("title", "subtitle", "source")


@cache
def _drawing_version(fonts: tuple[Path, ...]) -> str:
    """What, besides the spec, decides the pixels: the drawing code, the house colours, the font
    files it draws with, and the matplotlib it uses.

    Hashing the drawing modules, house.py and the fonts themselves (not just reportgen's version
    number) means an edit to the drawing code, the house style or the typeface can never be
    served a stale image, even between releases.
    """
    here = Path(__file__).parent
    digest = hashlib.sha256()
    for file in (*(here / name for name in DRAWING_MODULES), *fonts):
        digest.update(hashlib.sha256(file.read_bytes()).digest())
    return "|".join((__version__, _matplotlib_version(), digest.hexdigest()))


def _matplotlib_version() -> str:
    """matplotlib's version, read without importing it (a cached build never draws) and without
    importlib.metadata, which costs a cold build about 40 ms."""
    spec = importlib.util.find_spec("matplotlib")
    folders = spec.submodule_search_locations if spec else None
    for folder in folders or ():
        version_file = Path(folder) / "_version.py"
        if version_file.is_file():
            return hashlib.sha256(version_file.read_bytes()).hexdigest()
    from importlib import metadata

    return metadata.version("matplotlib")


def chart_key(spec: ChartSpec) -> str:
    """A key that changes whenever the chart's data, drawn words or style could change."""
    drawn = {name: value for name, value in asdict(spec).items() if name not in NOT_DRAWN}
    content = json.dumps(drawn, sort_keys=True, ensure_ascii=False)
    version = _drawing_version(tuple(font_files().values()))
    return hashlib.sha256(f"{version}\n{content}".encode()).hexdigest()


class ChartCache:
    """Chart images by content key, in memory and (when given a folder) on disk."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self.memory: dict[str, ChartImages] = {}
        self.drawn = 0  # how many charts this cache had to draw, for progress and tests

    def has(self, spec: ChartSpec) -> bool:
        key = chart_key(spec)
        if key in self.memory:
            return True
        found = self._read(key)
        if found is not None:
            self.memory[key] = found
        return found is not None

    def keep(self, spec: ChartSpec, images: ChartImages) -> None:
        """Keep images drawn elsewhere (in a second process) as this spec's."""
        key = chart_key(spec)
        self.drawn += 1
        self._write(key, images)
        self.memory[key] = images

    def images(self, spec: ChartSpec) -> ChartImages:
        key = chart_key(spec)
        found = self.memory.get(key) or self._read(key)
        if found is None:
            from reportgen.render.charts import draw  # matplotlib is imported only when drawing

            found = draw(spec)
            self.drawn += 1
            self._write(key, found)
        self.memory[key] = found
        return found

    def _read(self, key: str) -> ChartImages | None:
        if self.folder is None:
            return None
        svg, png = self.folder / f"{key}.svg", self.folder / f"{key}.png"
        try:
            return ChartImages(svg=svg.read_bytes(), png=png.read_bytes())
        except OSError:
            return None  # not cached yet, or half removed: draw it again

    def _write(self, key: str, images: ChartImages) -> None:
        if self.folder is None:
            return
        try:
            write_atomic(self.folder / f"{key}.svg", images.svg)
            write_atomic(self.folder / f"{key}.png", images.png)
        except OSError:
            pass  # the cache only saves time: a folder that cannot be written is no error
