"""Builds an edition: validate, compose, draw each chart once, render every format, write atomically."""

from __future__ import annotations

import errno
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.check import validate_editions
from reportgen.dates import file_size
from reportgen.files import write_if_changed
from reportgen.formats import CACHE_FOLDER, CHARTS_FOLDER, FORMAT_NAMES, FORMATS
from reportgen.problems import InputProblems, Problem, ReportgenError
from reportgen.read.editions import edition_files
from reportgen.render.chart_cache import ChartCache
from reportgen.render.chart_process import ChartProcess, DrawnImages
from reportgen.statement import Statement

if TYPE_CHECKING:
    from reportgen.compose.document import Chart, Document

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    """Progress goes nowhere unless the caller asks for it."""


@dataclass
class BuildResult:
    """What a build wrote, and the warnings it passed over."""

    edition: str
    folder: Path
    files: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def build(
    edition: Path,
    *,
    out: Path = Path("build"),
    formats: Sequence[str] = FORMAT_NAMES,
    progress: Progress = _quiet,
    history: Sequence[Statement] | None = None,
    cache: ChartCache | None = None,
    drawing: ChartProcess | None = None,
) -> BuildResult:
    """Build one edition file into out/<edition>/; raises InputProblems if it does not validate.

    `history` is the validated editions to draw trends from (default: every edition beside this
    one); `cache` keeps drawn charts between builds (default: out/.cache/charts).
    `drawing` is a process started early to draw the charts in (render/chart_process.py); the
    build stops it when done.
    """
    from reportgen.compose import editions

    cache = cache or ChartCache(out / CACHE_FOLDER)
    try:
        progress(f"Validating {edition}…")
        statement, earlier, warnings = _validated(edition, progress, history)
        # One document, or a Welsh and an English one, as the profile publishes the statement.
        documents = editions(statement, earlier)
        charts = [chart for document in documents for chart in document.charts]
        images = _chart_images(charts, cache, drawing, formats, progress)
        # Render everything in memory first: a failure here leaves every earlier output untouched.
        outputs: dict[str, bytes] = {}
        for document in documents:
            outputs |= _rendered(document, images, formats, progress)
        images = dict(images)  # every chart whole, its PNG too
    finally:
        if drawing:
            drawing.close()
    folder = out / statement.label.slug
    progress(f"Writing to {folder}…")
    result = BuildResult(str(statement.label), folder, warnings=warnings)
    chart_folder = folder / CHARTS_FOLDER
    try:
        _remove_leftovers(folder)
        for filename, data in outputs.items():
            write_if_changed(folder / filename, data)
            result.files.append(folder / filename)
        for filename, data in sorted(images.items()):
            write_if_changed(chart_folder / filename, data)
            result.files.append(chart_folder / filename)
        _remove_stale_charts(chart_folder, set(images))
    except OSError as exc:
        raise OutputError(_output_failure(exc, folder)) from exc
    return result


def _chart_images(
    charts: Sequence[Chart],
    cache: ChartCache,
    drawing: ChartProcess | None,
    formats: Sequence[str],
    progress: Progress,
) -> Mapping[str, bytes]:
    """Every chart's SVG and PNG by file name: from the cache, or drawn (and cached)."""
    if not charts:
        return {}
    plural = "s" if len(charts) != 1 else ""
    new = [c for c in charts if not cache.has(c.spec)]
    unchanged = len(charts) - len(new)
    if new and unchanged:
        progress(f"Drawing {len(new)} chart{'s' if len(new) != 1 else ''} ({unchanged} unchanged)…")
    elif new:
        progress(f"Drawing {len(charts)} chart{plural}…")
    else:
        progress(f"Reusing {len(charts)} unchanged chart{plural}…")
    svgs = None
    if new and drawing:
        drawing.request([chart.spec for chart in new])
        # Load the renderers while the charts are drawn in the other process.
        for name in formats:
            FORMATS[name].load()
        svgs = drawing.svgs()
    found: dict[str, bytes] = {}
    waiting = []
    for chart in charts:
        if svgs is not None and chart in new:
            # Its PNG follows from the process; DrawnImages waits for it when it is needed.
            found[chart.svg_name] = svgs[new.index(chart)]
            waiting.append((chart.spec, chart.svg_name, chart.png_name))
            continue
        images = cache.images(chart.spec)  # anything not drawn in the process is drawn here
        found[chart.svg_name] = images.svg
        found[chart.png_name] = images.png
    if waiting and drawing:
        return DrawnImages(found, waiting, drawing, cache)
    return found


def _rendered(
    document: Document, images: Mapping[str, bytes], formats: Sequence[str], progress: Progress
) -> dict[str, bytes]:
    """Each format's file name and bytes, in the order of `formats`.

    A format that renders outside Python (the PDF, in Typst) starts first on a second thread and
    runs beside the others: on a machine with two cores that takes it off the build's time.
    """
    beside = [name for name in formats if FORMATS[name].beside_others] if len(formats) > 1 else []
    with ThreadPoolExecutor(max_workers=max(1, len(beside))) as typesetter:
        started = {
            name: typesetter.submit(
                FORMATS[name].render, document.for_format(FORMATS[name].extension), images
            )
            for name in beside
        }
        outputs: dict[str, bytes] = {}
        for name in formats:
            output = FORMATS[name]
            progress(f"Rendering {output.title}…")
            job = started.get(name)
            data = (
                job.result()
                if job
                else output.render(document.for_format(output.extension), images)
            )
            outputs[output.file_name(document.slug)] = data
    return outputs


class OutputError(ReportgenError):
    """The output folder could not be written; every file already there is as it was."""


def _output_failure(exc: OSError, folder: Path) -> str:
    where = exc.filename or folder
    if exc.errno == errno.ENOSPC:
        cause = "the disk is full"
        fix = "free some space and build again"
    elif isinstance(exc, PermissionError | IsADirectoryError | NotADirectoryError):
        cause = exc.strerror or str(exc)
        fix = "check that you can write to the output folder, or choose another with --out"
    else:
        cause = exc.strerror or str(exc)
        fix = "check the output folder and build again"
    return (
        f"could not write {where} ({cause}) — {fix}. Files already in {folder} are as they were; "
        "none is half-written"
    )


def _remove_leftovers(folder: Path) -> None:
    """Temporary files of a build that was killed while writing (never a finished output)."""
    for directory in (folder, folder / CHARTS_FOLDER):
        if directory.is_dir():
            for path in directory.glob(".*.tmp"):
                path.unlink()


def _validated(
    edition: Path, progress: Progress, history: Sequence[Statement] | None
) -> tuple[Statement, list[Statement], list[Problem]]:
    """The edition, validated, and the earlier editions beside it that validate (for trends)."""
    if not edition.is_file():
        raise ReportgenError(f"there is no edition file '{edition}'")
    result = validate_editions([edition])
    if result.errors:
        raise InputProblems(result.problems)
    (statement,) = result.statements
    if history is not None:
        return statement, [s for s in history if s.label < statement.label], result.warnings
    others = [p for p in edition_files(edition.parent) if p.resolve() != edition.resolve()]
    found = validate_editions(others).statements if others else []
    usable = {s.path for s in found}
    for other in others:
        if other not in usable:
            progress(f"Leaving {other} out of trend charts: it does not validate.")
    return statement, found, result.warnings


@dataclass
class Outcome:
    """How one edition of a batch build went."""

    path: Path
    result: BuildResult | None = None
    problems: list[Problem] = field(default_factory=list)
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.result is not None


def build_all(
    inputs: Path,
    *,
    out: Path = Path("build"),
    formats: Sequence[str] = FORMAT_NAMES,
    workers: int | None = None,
) -> Iterator[Outcome]:
    """Build every edition in an inputs folder on every core, yielding each outcome as it ends.

    One edition failing never stops the others. Editions are validated once, here, and handed to
    the workers as the history for trend charts.
    """
    paths = edition_files(inputs)
    history = validate_editions(paths).statements if paths else []
    workers = max(1, min(workers or os.cpu_count() or 1, len(paths) or 1))
    if workers == 1:
        for path in paths:
            yield _build_one(path, out, tuple(formats), history)
        return
    # "spawn" starts clean workers: forking a process that has imported matplotlib is not safe.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(_build_one, path, out, tuple(formats), history) for path in paths]
        for future in as_completed(futures):
            yield future.result()


def _build_one(
    path: Path, out: Path, formats: tuple[str, ...], history: list[Statement]
) -> Outcome:
    try:
        return Outcome(path, result=build(path, out=out, formats=formats, history=history))
    except InputProblems as exc:
        return Outcome(path, problems=exc.problems)
    except (ReportgenError, OSError) as exc:
        return Outcome(path, error=str(exc))


def watch(
    edition: Path | None,
    *,
    inputs: Path,
    templates: Path,
    out: Path = Path("build"),
    formats: Sequence[str] = FORMAT_NAMES,
    progress: Progress = _quiet,
    report: Callable[[list[Problem]], None] = lambda _: None,
    interval: float = 0.5,
    stop: Callable[[], bool] = lambda: False,
) -> None:
    """Rebuild whenever an input or template changes, rendering HTML first.

    Each save is validated and built once; its problems (errors, or the warnings of a good build)
    go to `report` once. A broken edit leaves the last good outputs as they are.
    """
    from reportgen.read.editions import newest_edition

    cache = ChartCache(out / CACHE_FOLDER)
    seen: dict[Path, tuple[int, int]] | None = None
    while not stop():
        now = snapshot(inputs, templates)
        if now != seen:
            seen = now
            target = edition or newest_edition(inputs)
            ordered = sorted(formats, key=lambda name: name != "html")
            try:
                result = build(target, out=out, formats=ordered, progress=progress, cache=cache)
                if result.warnings:
                    report(result.warnings)
                progress(f"Built {target}; watching {inputs} and {templates} for changes…")
            except InputProblems as exc:
                report(exc.problems)
                progress("Kept the last good build; fix the problems above and save again.")
        time.sleep(interval)


def snapshot(*folders: Path) -> dict[Path, tuple[int, int]]:
    """Each file's modification time and size: enough to notice a save."""
    found = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_file() and "__pycache__" not in path.parts:
                stat = path.stat()
                found[path] = (stat.st_mtime_ns, stat.st_size)
    return found


def _remove_stale_charts(folder: Path, keep: set[str]) -> None:
    """Drop chart images from an earlier build of this edition that this build no longer draws."""
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if path.suffix in (".svg", ".png") and path.name not in keep:
            path.unlink()


def describe(result: BuildResult) -> str:
    lines = [f"Built {result.edition} in {result.folder}:"]
    for path in result.files:
        if path.parent == result.folder:
            lines.append(f"  {path.name} ({file_size(path.stat().st_size)})")
    charts = [p for p in result.files if p.parent != result.folder]
    if charts:
        count = len(charts) // 2
        plural = "" if count == 1 else "s"
        lines.append(f"  {CHARTS_FOLDER}/ ({count} chart{plural} as SVG and PNG)")
    return "\n".join(lines)
