"""The composed statement: a neutral tree of headings, paragraphs, tables and charts for every renderer."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any, Literal

from reportgen.compose.charts import ChartSpec


@dataclass(frozen=True)
class Span:
    """A run of text. `lang` is set only on a passage in another language than the document's."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None
    lang: str | None = None


Inlines = tuple[Span, ...]


@dataclass(frozen=True)
class Heading:
    level: int  # 1 is the title; priority sections are 2; never skips a level
    text: str
    anchor: str  # a stable id for links and bookmarks, e.g. "serious-violence"
    lang: str | None = None  # set only on a block in another language than the document's
    kind: Literal["heading"] = "heading"


@dataclass(frozen=True)
class Paragraph:
    inlines: Inlines
    # The consecutive paragraph number, or None. DOCX shows it with real numbering; HTML and PDF print it.
    number: int | None = None
    # "note": an unnumbered explanation printed directly under a table.
    style: Literal["body", "subtitle", "date", "note"] = "body"
    lang: str | None = None
    kind: Literal["paragraph"] = "paragraph"


@dataclass(frozen=True)
class ItemList:
    items: tuple[Inlines, ...]
    ordered: bool = False
    lang: str | None = None
    kind: Literal["list"] = "list"


@dataclass(frozen=True)
class Cell:
    text: str
    # A cell that heads its row (the measure's name), read out by screen readers with the row's values.
    row_header: bool = False


@dataclass(frozen=True)
class Table:
    caption: str  # the table's visible title, also its accessible name
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    purpose: Literal["applicability", "figures", "chart-data", "sources"]
    # One flag per column: a column of numbers is aligned right, its heading with it, in every format.
    numeric: tuple[bool, ...]
    # What the table holds, for assistive technology (a DOCX table's description).
    description: str = ""
    # Relative column widths, summing to 1, so every renderer lays the table out the same way.
    widths: tuple[float, ...] = ()
    lang: str | None = None
    kind: Literal["table"] = "table"


ChartPart = Literal["caption", "source", "image", "data"]
# The order a chart's parts are read in, in every format: the caption (its headline), the picture,
# the source line, then the data table of the plotted values.
CHART_ORDER: tuple[ChartPart, ...] = ("caption", "image", "source", "data")


@dataclass(frozen=True)
class Chart:
    """A chart with its text alternatives. Images are drawn once per build and shared by renderers.

    `order` gives the order its parts are read in, in every format. It holds every part once; the
    caption comes first and the picture directly under it, or under the source line when that is
    read with the caption.
    """

    spec: ChartSpec
    alt: str  # short alt text: what the chart shows, its message, and where the values are
    caption: str  # "Figure 1: <headline>"
    number: int
    data: Table  # exactly the plotted values
    source: str
    svg_name: str  # file names the renderers use for the drawn images
    png_name: str
    order: tuple[ChartPart, ...] = CHART_ORDER
    lang: str | None = None
    kind: Literal["chart"] = "chart"

    def __post_init__(self) -> None:
        if not _readable(self.order):
            raise ValueError(
                f"figure {self.number}: order {self.order!r} must hold every part once, the "
                "caption first and the image next (or after the source read with the caption)"
            )


def _readable(order: tuple[ChartPart, ...]) -> bool:
    parts = sorted(order)
    return (
        parts == sorted(CHART_ORDER)
        and order[0] == "caption"
        and "image" in (order[1], order[2] if order[1] == "source" else "")
    )


Block = Heading | Paragraph | ItemList | Table | Chart


@dataclass(frozen=True)
class Metadata:
    title: str
    subject: str
    author: str
    keywords: tuple[str, ...]
    language: str
    created: date  # every date in every output comes from the publication date


@dataclass(frozen=True)
class Letterhead:
    """Who the statement is from, above its title: the lines to contact, then the office.

    The web page makes it the page's header landmark, the contact lines an <address>; the DOCX and
    the PDF set it at the top of the first page.
    """

    contact: tuple[Inlines, ...]  # "Please ask for: …", the telephone number, the email address
    office: Inlines


@dataclass(frozen=True)
class PageFurniture:
    """The words around the statement rather than in it, on every page."""

    running_header: str  # the office
    # The title, at the foot of the web page and of its printed pages. The DOCX and PDF footers
    # carry the page number only, as every published edition has.
    running_footer: str
    # "Page 3 of 12" is page_before + 3 + page_between + 12 + page_after.
    page_before: str
    page_between: str
    page_after: str
    skip_link: str  # the web page's first link, to its main content


@dataclass(frozen=True)
class Document:
    """The whole statement, in reading order: the letterhead, then the blocks."""

    metadata: Metadata
    edition: str  # "2024-25 Q4"
    slug: str  # "2024-25-q4", for file names
    blocks: tuple[Block, ...]
    furniture: PageFurniture
    letterhead: Letterhead | None = None
    # The validated input and where it came from, embedded in the outputs for auditors.
    source_data: dict[str, Any] = field(default_factory=dict)
    provenance: dict[str, Any] = field(default_factory=dict)

    def for_format(self, extension: str) -> Document:
        """The tree with each link to the edition in the other language pointing at its file in
        this format ('.pdf' links to the other PDF)."""
        if not any(isinstance(b, Paragraph) and _links_across(b) for b in self.blocks):
            return self
        return replace(
            self,
            blocks=tuple(
                replace(b, inlines=tuple(_in_format(s, extension) for s in b.inlines))
                if isinstance(b, Paragraph) and _links_across(b)
                else b
                for b in self.blocks
            ),
        )

    @property
    def charts(self) -> tuple[Chart, ...]:
        return tuple(block for block in self.blocks if isinstance(block, Chart))

    def as_data(self) -> dict[str, Any]:
        """The tree as plain JSON-ready data (for the PDF template and for inspection)."""
        data: dict[str, Any] = _plain(asdict(self))
        return data


# A link to the other language's edition ends so until a renderer gives it its format's extension.
ANY_FORMAT = ".*"


def _links_across(paragraph: Paragraph) -> bool:
    return any(s.href is not None and s.href.endswith(ANY_FORMAT) for s in paragraph.inlines)


def _in_format(span: Span, extension: str) -> Span:
    if span.href is None or not span.href.endswith(ANY_FORMAT):
        return span
    return replace(span, href=span.href.removesuffix(ANY_FORMAT) + extension)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
