"""The output formats and the names of built files: one registry that build, diff and publish share."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportgen.problems import ReportgenError

# Every built statement file is named '<stem>-<edition slug>.<extension>'.
FILE_STEM = "national-priorities-statement"
CHARTS_FOLDER = "charts"
# Drawn charts kept between builds, inside the output folder.
CACHE_FOLDER = ".cache/charts"
# A Welsh edition built beside the English one: national-priorities-statement-2024-25-q4-cy.pdf.
WELSH_SLUG = "-cy"


class UnreadableOutput(ReportgenError):
    """A file given as a built statement is damaged, truncated or not of its format at all."""


@dataclass(frozen=True)
class Format:
    """One output format: how it is named, served, rendered and read back."""

    name: str  # 'docx', as typed after --format
    title: str  # 'DOCX', as shown to people
    extension: str  # '.docx'
    media_type: str
    # 'module:function' pairs, imported only when used, so validate never loads a renderer.
    renderer: str
    reader: str
    # Other suffixes a downloaded copy may carry (Windows browsers save web pages as .htm).
    also: tuple[str, ...] = ()
    # Most of its rendering runs outside Python with the GIL released (Typst), so a build sets it
    # on a second thread, beside the others, and it costs little more than nothing.
    beside_others: bool = False

    def render(self, *args: Any, **kwargs: Any) -> bytes:
        """Lay a composed document out in this format (see reportgen.render)."""
        result: bytes = _load(self.renderer)(*args, **kwargs)
        return result

    def load(self) -> None:
        """Import the renderer now, and let it prepare what every rendering needs (a compiled
        template, say), so that rendering later starts at once."""
        module = importlib.import_module(self.renderer.partition(":")[0])
        prepare = getattr(module, "prepare", None)
        if callable(prepare):
            prepare()

    def read_source(self, data: bytes) -> dict[str, Any]:
        """The validated input and provenance embedded in a file of this format."""
        result: dict[str, Any] = _load(self.reader)(data)
        return result

    def file_name(self, slug: str) -> str:
        """'national-priorities-statement-2024-25-q4.pdf' for slug '2024-25-q4'."""
        return f"{FILE_STEM}-{slug.lower()}{self.extension}"


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "docx",
            "DOCX",
            ".docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "reportgen.render.docx:render_docx",
            "reportgen.render.docx:read_source",
        ),
        Format(
            "html",
            "HTML",
            ".html",
            "text/html",
            "reportgen.render.html:render_html",
            "reportgen.render.html:read_source",
            also=(".htm",),
        ),
        Format(
            "pdf",
            "PDF",
            ".pdf",
            "application/pdf",
            "reportgen.render.pdf:render_pdf",
            "reportgen.render.pdf:read_source",
            beside_others=True,
        ),
    )
}
FORMAT_NAMES = tuple(FORMATS)  # ('docx', 'html', 'pdf'): the order files are built and listed in


def by_extension(suffix: str) -> Format | None:
    """The format of a file with this suffix ('.PDF' too), or None."""
    suffix = suffix.lower()
    return next((f for f in FORMATS.values() if suffix in (f.extension, *f.also)), None)


def parse_formats(text: str) -> tuple[str, ...]:
    """'docx,pdf' -> ('docx', 'pdf'), in the standard order; unknown names are an error."""
    wanted = [part.strip().lower().lstrip(".") for part in text.split(",") if part.strip()]
    unknown = [name for name in wanted if name not in FORMATS]
    if unknown or not wanted:
        raise ReportgenError(
            f"unknown format '{', '.join(unknown) or text}' — choose from {', '.join(FORMATS)}"
        )
    return tuple(name for name in FORMATS if name in wanted)


def _load(target: str) -> Callable[..., Any]:
    module, _, function = target.partition(":")
    found: Callable[..., Any] = getattr(importlib.import_module(module), function)
    return found
