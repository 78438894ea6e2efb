"""A small hand-built document tree exercising every block type, for renderer tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from reportgen.compose.chart_choice import chart_block
from reportgen.compose.charts import ChartSpec, Series
from reportgen.compose.document import (
    Cell,
    Chart,
    Document,
    Heading,
    ItemList,
    Letterhead,
    Metadata,
    PageFurniture,
    Paragraph,
    Span,
    Table,
)

# Text that must come out of every format exactly as written.
HOSTILE = "<script>alert(1)</script> {{ 1 + 1 }} #set * $ @ & < “curly” £5 – en dash ŵ ŷ"
WELSH = "Heddlu Gorllewin Canolbarth Lloegr"


def _chart(number: int, spec: ChartSpec) -> Chart:
    chart = chart_block(spec, number, f"Data for figure {number}")
    data = replace(chart.data, description=_describe(chart.data.header))
    # The sample keeps the spec's own file names, as the renderer tests look images up by them.
    return replace(chart, data=data, svg_name=f"{spec.id}.svg", png_name=f"{spec.id}.png")


def _describe(header: tuple[str, ...]) -> str:
    return "Columns: " + ", ".join(header) + "."


HOMICIDE_CHART = _chart(
    1,
    ChartSpec(
        id="homicide-1",
        kind="bar",
        title="Homicides fell by 14 in 2024/25",
        subtitle="Homicides recorded by West Midlands Police, 2023/24 and 2024/25",
        categories=("Homicides recorded", "Homicides flagged as domestic-related"),
        series=(
            Series("2023/24", (45.0, 9.0), ("45", "9")),
            Series("2024/25", (31.0, 9.0), ("31", "9")),
        ),
        value_axis_label="Homicides",
        source="Source: West Midlands Police recorded crime",
    ),
)
CHANGE_CHART = _chart(
    2,
    ChartSpec(
        id="neighbourhood-crime-1",
        kind="bar",
        title="Every type of neighbourhood crime fell in 2024/25",
        subtitle="Percentage change on 2023/24, West Midlands Police",
        categories=("Residential burglary", "Personal robbery", "Vehicle crime"),
        series=(Series("2024/25", (-20.6, -21.9, -13.9), ("−20.6%", "−21.9%", "−13.9%")),),
        value_axis_label="Percentage change on previous year",
        source="Source: West Midlands Police recorded crime",
    ),
)


def sample_document() -> Document:
    blocks = (
        Heading(1, "National Policing Priorities Statement", "statement"),
        Paragraph((Span("2024-25 Q4 Update"),), style="subtitle"),
        Paragraph((Span("Published 30 June 2025"),), style="date"),
        Heading(2, "Introduction", "introduction"),
        Paragraph(
            (
                Span("This statement meets paragraph 7A of the "),
                Span(
                    "Elected Local Policing Bodies (Specified Information) (Amendment) Order 2021",
                    italic=False,
                ),
                Span(" (SI 2021/547). See the "),
                Span("Police and Crime Plan", href="https://www.westmidlands-pcc.gov.uk/plan"),
                Span("."),
            ),
            number=1,
        ),
        Heading(2, "National Policing Priorities", "national-policing-priorities"),
        ItemList(
            (
                (Span("Reduce murder and other homicides"),),
                (Span("Reduce serious violence"),),
            ),
            ordered=True,
        ),
        Table(
            caption="Applicability of the national priorities in the West Midlands",
            header=("Priority", "Assessment", "Reason"),
            description=_describe(("Priority", "Assessment", "Reason")),
            rows=(
                (
                    Cell("Reduce murder and other homicides", row_header=True),
                    Cell("Applicable"),
                    Cell("Homicide is the most serious harm the force deals with."),
                ),
                (
                    Cell("Reduce serious violence", row_header=True),
                    Cell("Applicable"),
                    Cell(
                        "Knife and firearms crime rates are among the highest in England and Wales."
                    ),
                ),
            ),
            purpose="applicability",
            numeric=(False, False, False),
            widths=(0.3, 0.15, 0.55),
        ),
        Heading(2, "Reduce murder and other homicides", "homicide"),
        Paragraph(
            (
                Span("West Midlands Police recorded "),
                Span("31", bold=True),
                Span(" homicides in 2024/25, a reduction of 14 (31.1%) on 2023/24. "),
                Span("Literal text: "),
                Span(HOSTILE),
                Span(" Welsh: "),
                Span(WELSH, lang="cy"),
                Span("."),
            ),
            number=2,
        ),
        Paragraph(
            (Span("Highlights of the year:"), Span(" in "), Span("italic", italic=True)), number=3
        ),
        ItemList(((Span("Video reporting for domestic abuse"),), (Span("Things We Can Do"),))),
        Table(
            caption="Key figures: Reduce murder and other homicides",
            header=("Measure", "Period", "Value", "Compared with", "Change", "Source"),
            description=_describe(
                ("Measure", "Period", "Value", "Compared with", "Change", "Source")
            ),
            rows=(
                (
                    Cell("Homicides recorded", row_header=True),
                    Cell("2024/25"),
                    Cell("31"),
                    Cell("45 (2023/24)"),
                    Cell("−14 (−31.1%)"),
                    Cell("West Midlands Police recorded crime"),
                ),
                (
                    Cell(
                        "Hospital admissions of under-25s for assault with a sharp object",
                        row_header=True,
                    ),
                    Cell("2024/25"),
                    Cell("Not available: not yet published at police force area level"),
                    Cell("–"),
                    Cell("–"),
                    Cell("NHS Hospital Episode Statistics"),
                ),
            ),
            purpose="figures",
            numeric=(False, False, True, False, True, False),
            widths=(0.26, 0.12, 0.14, 0.14, 0.14, 0.2),
        ),
        HOMICIDE_CHART,
        Heading(2, "Reduce neighbourhood crime", "neighbourhood-crime"),
        Paragraph((Span("Neighbourhood crime fell in every category."),), number=4),
        CHANGE_CHART,
        Heading(2, "Reporting frequency", "reporting-frequency"),
        Paragraph(
            (
                Span(
                    "This statement is reported to the Strategic Policing and Crime Board quarterly."
                ),
            ),
            number=5,
        ),
        Heading(2, "Sources and notes", "sources-and-notes"),
        Table(
            caption="Sources",
            header=("Source", "Periods"),
            description=_describe(("Source", "Periods")),
            rows=(
                (Cell("West Midlands Police recorded crime", row_header=True), Cell("2024/25")),
                (Cell("NHS Hospital Episode Statistics", row_header=True), Cell("2024/25")),
            ),
            purpose="sources",
            numeric=(False, False),
            widths=(0.6, 0.4),
        ),
    )
    title = "National Policing Priorities Statement: 2024-25 Q4 Update"
    office = "Office of the West Midlands Police and Crime Commissioner"
    return Document(
        metadata=Metadata(
            title=title,
            subject="How West Midlands Police contributes to the national policing priorities",
            author=office,
            keywords=("national policing priorities", "West Midlands", "2024-25 Q4"),
            language="en-GB",
            created=date(2025, 6, 30),
        ),
        edition="2024-25 Q4",
        slug="2024-25-q4",
        blocks=blocks,
        furniture=PageFurniture(
            running_header=office,
            running_footer=title,
            page_before="Page ",
            page_between=" of ",
            page_after="",
            skip_link="Skip to main content",
        ),
        letterhead=Letterhead(
            contact=(
                (Span("Please ask for: Arron Cullen"),),
                (Span("Telephone: 0121 626 6060"),),
                (
                    Span("Email: "),
                    Span(
                        "wmpcc@west-midlands.pnn.police.uk",
                        href="mailto:wmpcc@west-midlands.pnn.police.uk",
                    ),
                ),
            ),
            office=(Span(office),),
        ),
        source_data={"financial_year": "2024-25", "quarter": 4, "published": "2025-06-30"},
        provenance={"reportgen": "0.1.0", "inputs": {"inputs/2024-25-Q4.yaml": "sha256:…"}},
    )


def sample_images() -> dict[str, bytes]:
    """The drawn charts of the sample document, keyed by file name."""
    from reportgen.render.charts import draw

    images: dict[str, bytes] = {}
    for chart in (HOMICIDE_CHART, CHANGE_CHART):
        drawn = draw(chart.spec)
        images[chart.svg_name] = drawn.svg
        images[chart.png_name] = drawn.png
    return images


def tables_in(tree: Document) -> list[Table]:
    """Every table of a tree in reading order, each chart's data table included."""
    found: list[Table] = []
    for block in tree.blocks:
        if isinstance(block, Table):
            found.append(block)
        elif isinstance(block, Chart):
            found.append(block.data)
    return found
