"""reportgen.render.chart_process: charts drawn in a second process are the same bytes, and a
process that cannot start, dies or fails never costs the build its charts."""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import pytest

from reportgen import build_statement
from reportgen.build import build
from reportgen.compose.charts import ChartSpec
from reportgen.formats import CACHE_FOLDER
from reportgen.render import chart_process
from reportgen.render.chart_process import ChartProcess
from reportgen.render.charts import draw
from tests.conftest import SampleBuild
from tests.sample_document import CHANGE_CHART, HOMICIDE_CHART

pytestmark = pytest.mark.slow  # each test starts Python and matplotlib in a child process


def _svgs(drawing: ChartProcess, specs: list[ChartSpec]) -> list[bytes] | None:
    drawing.request(specs)
    return drawing.svgs()


def test_a_build_drawing_beside_is_byte_identical_to_one_drawing_in_process(
    sample_build: SampleBuild, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ChartProcess, "worthwhile", staticmethod(lambda: True))
    out = tmp_path / "build"
    assert not any((out / CACHE_FOLDER).glob("*.svg"))
    result = build(sample_build.inputs / "2024-25-Q4.yaml", out=out, drawing=ChartProcess())
    assert any((out / CACHE_FOLDER).glob("*.svg"))
    built = {p.relative_to(result.folder): p.read_bytes() for p in result.folder.rglob("*.*")}
    made = {p.relative_to(sample_build.q4): p.read_bytes() for p in sample_build.q4.rglob("*.*")}
    assert len(built) == 5  # DOCX, HTML, PDF and the chart as SVG and PNG
    assert built == made


def test_a_process_that_cannot_start_leaves_the_drawing_to_the_build(
    sample_build: SampleBuild, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ChartProcess, "worthwhile", staticmethod(lambda: True))
    monkeypatch.setattr(chart_process.sys, "executable", str(tmp_path / "no-such-python"))
    with ChartProcess() as drawing:
        assert _svgs(drawing, [HOMICIDE_CHART.spec]) is None
    result = build(sample_build.inputs / "2024-25-Q4.yaml", out=tmp_path, drawing=ChartProcess())
    assert (result.folder / "charts").is_dir()
    assert sorted(p.name for p in (result.folder / "charts").iterdir()) == sorted(
        p.name for p in (sample_build.q4 / "charts").iterdir()
    )


def test_a_process_that_dies_before_drawing_answers_none() -> None:
    drawing = ChartProcess()
    assert drawing._process is not None
    drawing._process.kill()
    assert _svgs(drawing, [HOMICIDE_CHART.spec]) is None
    drawing.close()


def test_a_process_that_fails_to_draw_answers_none() -> None:
    # No valid spec fails to draw; this one is made without the checks its constructor makes.
    broken = copy.copy(HOMICIDE_CHART.spec)
    object.__setattr__(broken, "series", ())
    with pytest.raises(KeyError):
        draw(broken)
    with ChartProcess() as drawing:
        assert _svgs(drawing, [broken]) is None


def test_closing_stops_a_process_that_was_never_asked() -> None:
    drawing = ChartProcess()
    drawing.close()
    assert drawing._process is not None and drawing._process.poll() is not None


def test_only_a_build_with_nothing_cached_starts_a_process(
    sample_inputs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[bool] = []
    real = ChartProcess.__init__

    def counted(self: ChartProcess) -> None:
        started.append(True)
        real(self)

    monkeypatch.setattr(ChartProcess, "__init__", counted)
    monkeypatch.setattr(ChartProcess, "worthwhile", staticmethod(lambda: True))
    edition = sample_inputs / "inputs" / "2024-25-Q4.yaml"
    build_statement(edition, out=sample_inputs / "build")
    assert started == [True]
    build_statement(edition, out=sample_inputs / "build")  # its chart is cached now
    build(edition, out=sample_inputs / "other")  # one of many builds: draws in its own process
    assert started == [True]
    assert (sample_inputs / "other" / "2024-25-Q4" / "charts").is_dir()


def test_a_process_is_worthwhile_only_with_a_second_core_and_no_matplotlib_loaded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import matplotlib.figure  # noqa: F401

    assert not ChartProcess.worthwhile()
    monkeypatch.delitem(sys.modules, "matplotlib.figure")
    monkeypatch.setattr(chart_process.os, "cpu_count", lambda: 1)
    assert not ChartProcess.worthwhile()
    monkeypatch.setattr(chart_process.os, "cpu_count", lambda: 4)
    assert ChartProcess.worthwhile()
    monkeypatch.setattr(chart_process.sys, "frozen", True, raising=False)
    assert not ChartProcess.worthwhile()


def test_a_build_drawing_beside_draws_nothing_in_its_own_process(
    sample_build: SampleBuild, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The SVGs and the PNGs both come from the process, the PNGs after the SVGs."""
    from reportgen.render import charts

    def drawn_here(*_: object) -> None:
        raise AssertionError("a chart was drawn in the build's own process")

    monkeypatch.setattr(charts, "draw", drawn_here)
    monkeypatch.setattr(charts, "draw_svg_first", drawn_here)
    result = build(sample_build.inputs / "2024-25-Q4.yaml", out=tmp_path, drawing=ChartProcess())
    made = sample_build.q4 / "charts"
    for path in made.iterdir():
        assert (result.folder / "charts" / path.name).read_bytes() == path.read_bytes()
    cached = list((tmp_path / CACHE_FOLDER).iterdir())
    assert sorted(p.suffix for p in cached) == [".png", ".svg"]


def test_the_svgs_come_before_the_pngs() -> None:
    with ChartProcess() as drawing:
        drawing.request([HOMICIDE_CHART.spec, CHANGE_CHART.spec])
        svgs = drawing.svgs()
        assert svgs is not None and all(svg.startswith(b"<?xml") for svg in svgs)
        pngs = drawing.pngs()
        assert pngs is not None and all(png.startswith(b"\x89PNG") for png in pngs)
    assert [svgs, pngs] == [
        [draw(spec).svg for spec in (HOMICIDE_CHART.spec, CHANGE_CHART.spec)],
        [draw(spec).png for spec in (HOMICIDE_CHART.spec, CHANGE_CHART.spec)],
    ]
