"""Renders the composed statement as one standalone, accessible HTML page that works offline.

The page is laid out by ``templates/statement.html.j2`` (with ``templates/statement.css`` inlined in
its ``<style>``, in the house colours of :mod:`reportgen.render.house`); this module only shapes the
document tree into what the template iterates over.
Every word, number and order comes from the tree. Narrative text is data: the template environment
escapes every value, so text such as ``<script>`` or ``{{ 1 + 1 }}`` is printed exactly as written.

Each chart's SVG is part of the page (:mod:`reportgen.render.web_svg`): vector, scaled to the
column, named by the chart's alt text, its ids prefixed with the figure's. The validated input and
its provenance are embedded as JSON in ``<script type="application/json" id="statement-source">``,
so an archived page says what it was built from; :func:`read_source` reads them back.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from reportgen.bounded import BUILT_FILE_LIMIT, UnsafeFile, load_json, read_file
from reportgen.compose.document import (
    Block,
    Chart,
    ChartPart,
    Document,
    Heading,
    Inlines,
    ItemList,
    Letterhead,
    Paragraph,
    Span,
    Table,
)
from reportgen.paths import template_folders
from reportgen.problems import ReportgenError
from reportgen.render import house
from reportgen.render.templating import environment
from reportgen.render.web_svg import web_svg

if TYPE_CHECKING:
    import jinja2
    from markupsafe import Markup

__all__ = ["MissingChartImage", "NoStatementSource", "read_source", "render_html"]

TEMPLATE = "statement.html.j2"
SOURCE_ID = "statement-source"
# Tables laid out as one card per row on a narrow screen, whatever their number of columns; any
# other table is, once it has more than three.
_STACKED_PURPOSES = frozenset({"applicability", "figures"})


class MissingChartImage(ReportgenError):
    """A chart in the document has no drawn SVG among the images passed to the renderer."""


class NoStatementSource(ReportgenError):
    """An HTML file has no readable embedded statement source."""


# --------------------------------------------------------------------------------------
# What the template iterates over
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """Consecutive spans sharing one link address (or none), so a link is one <a> element."""

    spans: tuple[Span, ...]
    href: str | None = None
    external: bool = False  # an http(s) link whose address the print stylesheet shows


@dataclass(frozen=True)
class ParagraphView:
    runs: tuple[Run, ...]
    number: int | None
    style: str
    kind: Literal["paragraph"] = "paragraph"


@dataclass(frozen=True)
class ListView:
    items: tuple[tuple[Run, ...], ...]
    ordered: bool
    kind: Literal["list"] = "list"


@dataclass(frozen=True)
class CellView:
    text: str
    row_header: bool
    numeric: bool


@dataclass(frozen=True)
class ColumnView:
    header: str
    numeric: bool  # the column holds numbers, so its header aligns right with them
    width: str | None  # a CSS percentage for <col>, or None when the tree gives no widths


@dataclass(frozen=True)
class TableView:
    caption: str
    columns: tuple[ColumnView, ...]
    rows: tuple[tuple[CellView, ...], ...]
    purpose: str
    has_widths: bool
    # On a narrow screen each row becomes a card, each value labelled with its column's header.
    stacks: bool
    kind: Literal["table"] = "table"


@dataclass(frozen=True)
class ChartView:
    number: int
    caption: str
    source: str
    parts: tuple[ChartPart, ...]  # what follows the <figcaption>, in the tree's order
    svg: Markup  # the picture as an <svg> element of the page
    table: TableView
    kind: Literal["chart"] = "chart"


@dataclass(frozen=True)
class HeadingView:
    level: int
    text: str
    anchor: str
    kind: Literal["heading"] = "heading"


BlockView = HeadingView | ParagraphView | ListView | TableView | ChartView


@dataclass(frozen=True)
class LetterheadView:
    """The page's <header>: the contact lines form one <address>, then the office."""

    contact: tuple[tuple[Run, ...], ...]
    office: tuple[Run, ...]


# --------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------


def render_html(document: Document, images: Mapping[str, bytes]) -> bytes:
    """The statement as one UTF-8 HTML page: same document and images, same bytes.

    `images` maps the charts' file names (``chart.svg_name``) to the drawn pictures; only the SVGs
    are used. Raises :class:`MissingChartImage` if a chart's SVG is missing, ``ValueError`` if one
    is not an SVG drawing the page can take, and ``TypeError`` or ``ValueError`` if
    ``document.source_data`` or ``document.provenance`` is not plain JSON data.
    """
    template = _environment(template_folders()).get_template(TEMPLATE)
    page = template.render(
        house=house.template_values(),
        metadata=document.metadata,
        furniture=document.furniture,
        letterhead=_letterhead_view(document.letterhead),
        # Each block with the language it is in, where that is not the page's (a bilingual page).
        blocks=tuple((_block_view(block, images), block.lang) for block in document.blocks),
        source_json=_script_json(
            {"input": document.source_data, "provenance": document.provenance}
        ),
    )
    return page.encode("utf-8")


def prepare() -> None:
    """Compile the page's template now, while a build waits for its charts (it is kept)."""
    _environment(template_folders()).get_template(TEMPLATE)


def _environment(folders: tuple[Path, ...]) -> jinja2.Environment:
    found = environment(folders)
    found.filters["css_string"] = _css_string
    return found


def _letterhead_view(letterhead: Letterhead | None) -> LetterheadView | None:
    if letterhead is None:
        return None
    return LetterheadView(
        tuple(_runs(line) for line in letterhead.contact), _runs(letterhead.office)
    )


def _block_view(block: Block, images: Mapping[str, bytes]) -> BlockView:
    if isinstance(block, Heading):
        if not 1 <= block.level <= 6:
            raise ValueError(
                f"heading {block.text!r} has level {block.level}; HTML has levels 1 to 6"
            )
        return HeadingView(block.level, block.text, block.anchor)
    if isinstance(block, Paragraph):
        return ParagraphView(_runs(block.inlines), block.number, block.style)
    if isinstance(block, ItemList):
        return ListView(tuple(_runs(item) for item in block.items), block.ordered)
    if isinstance(block, Table):
        return _table_view(block)
    if isinstance(block, Chart):
        return _chart_view(block, images)
    raise TypeError(f"the HTML renderer does not know the block {block!r}")


def _runs(spans: Inlines) -> tuple[Run, ...]:
    runs: list[Run] = []
    for span in spans:
        if runs and span.href is not None and runs[-1].href == span.href:
            runs[-1] = Run((*runs[-1].spans, span), span.href, runs[-1].external)
        elif runs and span.href is None and runs[-1].href is None:
            runs[-1] = Run((*runs[-1].spans, span))
        else:
            external = span.href is not None and span.href.startswith(("http://", "https://"))
            runs.append(Run((span,), span.href, external))
    # The printed page shows a link's address after it, unless the link's text is the address.
    return tuple(
        Run(run.spans, run.href, run.external and "".join(s.text for s in run.spans) != run.href)
        for run in runs
    )


def _table_view(table: Table) -> TableView:
    width = len(table.header)
    for index, row in enumerate(table.rows, 1):
        if len(row) != width:
            raise ValueError(
                f"table {table.caption!r}: row {index} has {len(row)} cells, the header has {width}"
            )
    if table.widths and len(table.widths) != width:
        raise ValueError(
            f"table {table.caption!r}: {len(table.widths)} column widths for {width} columns"
        )
    if len(table.numeric) != width:
        raise ValueError(
            f"table {table.caption!r}: {len(table.numeric)} numeric flags for {width} columns"
        )
    columns = tuple(
        ColumnView(
            header=text,
            numeric=table.numeric[i],
            width=_percent(table.widths[i]) if table.widths else None,
        )
        for i, text in enumerate(table.header)
    )
    rows = tuple(
        tuple(
            CellView(cell.text, cell.row_header, numeric)
            for cell, numeric in zip(row, table.numeric, strict=True)
        )
        for row in table.rows
    )
    stacks = table.purpose in _STACKED_PURPOSES or width > 3
    return TableView(table.caption, columns, rows, table.purpose, bool(table.widths), stacks)


def _chart_view(chart: Chart, images: Mapping[str, bytes]) -> ChartView:
    try:
        svg = images[chart.svg_name]
    except KeyError:
        raise MissingChartImage(
            f"figure {chart.number} ({chart.caption}): no drawn image {chart.svg_name!r} was given "
            "to the HTML renderer; draw the charts first"
        ) from None
    from markupsafe import Markup

    try:
        inline = web_svg(svg, f"figure-{chart.number}-", chart.alt)
    except ValueError as exc:
        raise ValueError(f"figure {chart.number} ({chart.svg_name}): {exc}") from None
    # The caption is the <figcaption>, first in every order the tree allows.
    return ChartView(
        number=chart.number,
        caption=chart.caption,
        source=chart.source,
        parts=chart.order[1:],
        svg=Markup(inline),
        table=_table_view(chart.data),
    )


def _percent(fraction: float) -> str:
    return f"{fraction * 100:.4g}%"


def _css_string(text: str) -> Markup:
    """`text` as a quoted CSS string, every character but letters, digits and spaces hex-escaped.

    Nothing in it can end the string or the <style> element, whatever the text says.
    """
    from markupsafe import Markup

    # An escape ends at the space after it, so a space in the text that follows one is kept.
    escaped = "".join(
        char if (char.isascii() and char.isalnum()) or char == " " else f"\\{ord(char):x} "
        for char in text
    )
    return Markup(f'"{escaped}"')


def _script_json(data: Mapping[str, Any]) -> Markup:
    """`data` as JSON for a <script type="application/json">: sorted keys, and no `<`, `>` or `&`.

    With `<` written as \\u003c the text can never close the script element or open a comment.
    """
    from markupsafe import Markup

    text = json.dumps(data, sort_keys=True, ensure_ascii=False, allow_nan=False, indent=1)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


# --------------------------------------------------------------------------------------
# Reading an archived page back
# --------------------------------------------------------------------------------------


class _SourceFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._inside = False
        self.found = False
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" and ("id", SOURCE_ID) in attrs and not self.found:
            self._inside = self.found = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.parts.append(data)


def read_source(html: bytes | Path) -> dict[str, Any]:
    """The input and provenance embedded in a page made by :func:`render_html`.

    Returns ``{"input": …, "provenance": …}`` exactly as they were in the document. Raises
    :class:`NoStatementSource` if the page has no such data or it is not valid JSON.
    """
    name = str(html) if isinstance(html, Path) else "the HTML"
    try:
        content = (
            read_file(html, BUILT_FILE_LIMIT, "statement reportgen made")
            if isinstance(html, Path)
            else html
        )
    except UnsafeFile as exc:
        raise NoStatementSource(f"{name} {exc}") from None
    try:
        page = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NoStatementSource(f"{name} is not UTF-8 text ({exc})") from None
    finder = _SourceFinder()
    finder.feed(page)
    finder.close()
    if not finder.found:
        raise NoStatementSource(
            f"{name} has no embedded statement source (<script id={SOURCE_ID!r}>): "
            "it was not made by reportgen, or it was edited"
        )
    try:
        data = load_json("".join(finder.parts), "the embedded statement source")
    except UnsafeFile as exc:
        raise NoStatementSource(f"{name}: {exc}") from None
    if not (isinstance(data, dict) and set(data) == {"input", "provenance"}):
        raise NoStatementSource(
            f"{name}: the embedded statement source should hold 'input' and 'provenance' only"
        )
    return data
