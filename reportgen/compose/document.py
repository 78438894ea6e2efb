"""The composed statement: a neutral tree of headings, paragraphs, tables and charts for every renderer."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
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
    kind: Literal["heading"] = "heading"


@dataclass(frozen=True)
class Paragraph:
    inlines: Inlines
    # The consecutive paragraph number, or None. DOCX shows it with real numbering; HTML and PDF print it.
    number: int | None = None
    # "note": an unnumbered explanation printed directly under a table.
    style: Literal["body", "contact", "office", "subtitle", "date", "note"] = "body"
    kind: Literal["paragraph"] = "paragraph"


@dataclass(frozen=True)
class ItemList:
    items: tuple[Inlines, ...]
    ordered: bool = False
    kind: Literal["list"] = "list"


@dataclass(frozen=True)
class Cell:
    text: str
    # A cell that heads its row (the measure's name), read out by screen readers with the row's values.
    row_header: bool = False
    numeric: bool = False  # aligned right in renderers that align numbers


@dataclass(frozen=True)
class Table:
    caption: str  # the table's visible title, also its accessible name
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    purpose: Literal["applicability", "figures", "chart-data", "sources"]
    # What the table holds, for assistive technology (a DOCX table's description).
    description: str = ""
    # Relative column widths, summing to 1, so every renderer lays the table out the same way.
    widths: tuple[float, ...] = ()
    kind: Literal["table"] = "table"


@dataclass(frozen=True)
class Chart:
    """A chart with its text alternatives. Images are drawn once per build and shared by renderers."""

    spec: ChartSpec
    alt: str  # short alt text generated from the data
    caption: str  # "Figure 1: <headline>"
    number: int
    data: Table  # exactly the plotted values
    source: str
    svg_name: str  # file names the renderers use for the drawn images
    png_name: str
    kind: Literal["chart"] = "chart"


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
class PageLabels:
    """The words of the page furniture: around page numbers, and the skip link of the web page."""

    page_before: str = "Page "
    page_between: str = " of "
    page_after: str = ""
    skip_link: str = "Skip to main content"


@dataclass(frozen=True)
class Document:
    """The whole statement, in reading order."""

    metadata: Metadata
    office: str  # the running header
    edition: str  # "2024-25 Q4"
    slug: str  # "2024-25-q4", for file names
    blocks: tuple[Block, ...]
    # The validated input and where it came from, embedded in the outputs for auditors.
    source_data: dict[str, Any] = field(default_factory=dict)
    provenance: dict[str, Any] = field(default_factory=dict)
    labels: PageLabels = field(default_factory=PageLabels)

    @property
    def charts(self) -> tuple[Chart, ...]:
        return tuple(block for block in self.blocks if isinstance(block, Chart))

    def as_data(self) -> dict[str, Any]:
        """The tree as plain JSON-ready data (for the PDF template and for inspection)."""
        data: dict[str, Any] = _plain(asdict(self))
        return data


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
