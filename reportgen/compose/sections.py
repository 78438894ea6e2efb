"""Composes a validated edition into the document tree: every word, number and order is decided here."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any

from reportgen.compose.audit import provenance, source_data
from reportgen.compose.chart_choice import ChartChoice, PlannedChart, chart_block
from reportgen.compose.document import (
    Block,
    Cell,
    Chart,
    Document,
    Heading,
    Inlines,
    ItemList,
    Letterhead,
    Metadata,
    PageFurniture,
    Paragraph,
    Span,
    Table,
)
from reportgen.compose.figures import (
    figure_notes,
    key_figures,
    reference_text,
    shows_published_change,
)
from reportgen.compose.phrases import as_sentence, in_cell, in_sentence, period_noun
from reportgen.compose.welsh import figure_words
from reportgen.compose.welsh_charts import in_welsh
from reportgen.compose.wording import Phrasebook, Wording, WordingError, load_wording
from reportgen.dates import NOT_AVAILABLE
from reportgen.read import narrative
from reportgen.read.languages import ENGLISH, TAGS, WELSH
from reportgen.read.model import FigureCommon, PriorityContent
from reportgen.read.register import ORDER_PARAGRAPH, ORDER_SI, Priority
from reportgen.statement import Statement

__all__ = ["compose"]


def compose(
    statement: Statement,
    history: Sequence[Statement] = (),
    wording: Wording | None = None,
    *,
    recorded: dict[str, Any] | None = None,
    chart_offset: int = 0,
) -> Document:
    """Build the document tree for one edition. `history` holds earlier editions, for trends;
    `chart_offset` is how many figures come before this tree's (in a bilingual document).

    `recorded` is a provenance to embed as it is, rather than hashing the input files: a built
    file made again from the data it carries has no input files.
    """
    composer = _Composer(
        statement, history, wording or load_wording(language=statement.language), recorded
    )
    composer.chart_number = chart_offset
    return composer.document()


class _Composer:
    def __init__(
        self,
        statement: Statement,
        history: Sequence[Statement],
        wording: Wording,
        recorded: dict[str, Any] | None = None,
    ) -> None:
        self.statement = statement
        self.history = history
        self.recorded = recorded
        self.profile = statement.profile
        self.edition = statement.edition
        self.wording = wording
        self.say = Phrasebook(wording, statement)
        self.words = figure_words(self.say)
        self.charts = ChartChoice(statement, history, self.say)
        self.paragraph_number = 0
        self.chart_number = 0
        self.titles: set[str] = set()
        # Notes a chart adds under Sources and notes (a trend across a change of definition), by
        # priority, so they follow that priority's figure notes.
        self.chart_notes: dict[str, list[str]] = {}

    def numbered(self, inlines: Inlines) -> Paragraph:
        if not self.profile.numbered_paragraphs:
            return Paragraph(inlines)
        self.paragraph_number += 1
        return Paragraph(inlines, number=self.paragraph_number)

    def document(self) -> Document:
        blocks = [
            *self.front_matter(),
            *self.introduction(),
            *self.priorities_list(),
        ]
        for priority_id, content in self.statement.priorities.items():
            blocks += self.priority_section(self.statement.register.get(priority_id), content)
        blocks += self.reporting()
        blocks += self.sources()
        title = f"{self.say('title')}: {self.say.edition_line()}"
        return Document(
            metadata=Metadata(
                title=title,
                subject=self.say.optional(
                    "subject",
                    f"How {self.profile.force} contributes to the national policing priorities",
                ),
                author=self.profile.office,
                keywords=(
                    *self.wording.text.get("keywords", ["national policing priorities"]),
                    f"paragraph {ORDER_PARAGRAPH}",
                    ORDER_SI,
                    self.profile.area,
                    str(self.statement.label),
                ),
                language=TAGS[self.statement.language],
                created=self.edition.published,
            ),
            edition=str(self.statement.label),
            slug=self.statement.label.slug.lower(),
            blocks=tuple(blocks),
            furniture=self.furniture(title),
            letterhead=self.letterhead(),
            source_data=source_data(self.statement, self.history),
            provenance=(
                self.recorded
                if self.recorded is not None
                else provenance(self.statement, self.wording, self.history)
            ),
        )

    def furniture(self, title: str) -> PageFurniture:
        marker = "\x00"  # splits the wording around the two numbers the renderers fill in
        text = self.say("page_number", page=marker, pages=marker)
        if text.count(marker) != 2:
            raise WordingError(
                f"{self.wording.path}: 'page_number' must use {{page}} and {{pages}} once each"
            )
        before, between, after = text.split(marker)
        return PageFurniture(
            running_header=self.profile.office,
            running_footer=title,
            page_before=before,
            page_between=between,
            page_after=after,
            skip_link=self.say("skip_link"),
        )

    # -- the parts of the statement, in order ---------------------------------------------------

    def letterhead(self) -> Letterhead:
        contact = self.profile.contact
        return Letterhead(
            contact=(
                (Span(self.say("ask_for") + contact.ask_for),),
                (Span(self.say("telephone") + contact.telephone),),
                (Span(self.say("email")), Span(contact.email, href=f"mailto:{contact.email}")),
            ),
            office=(Span(self.profile.office),),
        )

    def front_matter(self) -> Iterator[Block]:
        yield Heading(1, self.say("title"), "statement")
        yield Paragraph((Span(self.say.edition_line()),), style="subtitle")
        yield Paragraph((Span(self.say("published_line")),), style="date")

    def introduction(self) -> Iterator[Block]:
        yield Heading(2, self.say("introduction_heading"), "introduction")
        for text in self.say.paragraphs("introduction"):
            yield self.numbered((Span(text),))

    def priorities_list(self) -> Iterator[Block]:
        yield Heading(2, self.say("priorities_heading"), "national-policing-priorities")
        yield self.numbered((Span(self.say("priorities_intro")),))
        priorities = [self.statement.register.get(pid) for pid in self.statement.priorities]
        yield ItemList(
            tuple((Span(self.statement.heading(p), href=f"#{p.id}"),) for p in priorities),
            ordered=True,
        )
        yield self.numbered((Span(self.say("applicability_intro")),))
        rows = []
        for priority in priorities:
            assessment = self.statement.assessment(priority.id)
            verdict = self.say("applicable" if assessment.applicable else "not_applicable")
            rows.append(
                (
                    Cell(self.statement.heading(priority), row_header=True),
                    Cell(verdict),
                    Cell(assessment.reason),
                )
            )
        header = self.say.columns("applicability_columns", 3)
        yield Table(
            caption=self.say("applicability_caption"),
            description=self.say.describe(header),
            header=header,
            rows=tuple(rows),
            purpose="applicability",
            numeric=(False, False, False),
            widths=(0.3, 0.19, 0.51),
        )

    def priority_section(self, priority: Priority, content: PriorityContent) -> Iterator[Block]:
        heading = self.statement.heading(priority)
        yield Heading(2, heading, priority.id)
        figures = {f.id: f for f in content.figures}
        for text in content.narrative:
            for block in narrative.parse(text):
                if isinstance(block, narrative.Paragraph):
                    yield self.numbered(self.inlines(block.inlines, figures))
                else:
                    yield ItemList(
                        tuple(self.inlines(item, figures) for item in block.items),
                        ordered=block.ordered,
                    )
        if content.figures:
            yield from key_figures(self.say, heading, content)
        for planned in self.charts.charts(priority, content):
            if self.statement.language == WELSH:
                planned = in_welsh(planned, content, self.say, self.profile.force)
            yield self.chart(priority, planned)

    def reporting(self) -> Iterator[Block]:
        yield Heading(2, self.say("reporting_heading"), "reporting-frequency")
        key = "reporting" if self.profile.reporting_board else "reporting_without_board"
        for text in self.say.paragraphs(key):
            yield self.numbered((Span(text),))

    def sources(self) -> Iterator[Block]:
        """Where the figures come from (only sources of a reported figure), then every note once."""
        yield Heading(2, self.say("sources_heading"), "sources-and-notes")
        periods: dict[str, list[str]] = {}
        notes: list[str] = []
        published = False
        for priority_id, content in self.statement.priorities.items():
            for figure in content.figures:
                if figure.source and figure.not_available is None:
                    seen = periods.setdefault(figure.source, [])
                    if figure.period.label not in seen:
                        seen.append(figure.period.label)
                notes += figure_notes(self.say, figure, content.figures)
                published = published or shows_published_change(figure)
            notes += self.chart_notes.get(priority_id, [])
        if published:
            notes.append(self.say("as_published"))
        if periods:
            header = self.say.columns("sources_columns", 2)
            yield Table(
                caption=self.say("sources_caption"),
                description=self.say.describe(header),
                header=header,
                rows=tuple(
                    (Cell(source, row_header=True), Cell(in_cell("; ".join(labels))))
                    for source, labels in sorted(periods.items())
                ),
                purpose="sources",
                numeric=(False, False),
                widths=(0.55, 0.45),
            )
        if notes:
            yield ItemList(tuple((Span(note),) for note in notes))

    # -- narrative -------------------------------------------------------------------------------

    def inlines(
        self, inlines: tuple[narrative.Inline, ...], figures: Mapping[str, FigureCommon]
    ) -> Inlines:
        spans: list[Span] = []
        for inline in inlines:
            if isinstance(inline, narrative.FigureReference):
                text = reference_text(figures[inline.figure_id], inline.attribute, self.words)
            else:
                text = inline.text
            span = Span(text, inline.bold, inline.italic, inline.href)
            if spans and _same_style(spans[-1], span):
                spans[-1] = Span(spans[-1].text + text, span.bold, span.italic, span.href)
            else:
                spans.append(span)
        return tuple(spans)

    # -- charts ----------------------------------------------------------------------------------

    def chart(self, priority: Priority, planned: PlannedChart) -> Chart:
        self.chart_number += 1
        number = self.chart_number
        spec = planned.spec
        title = spec.title
        # Two charts never share a headline: a repeated one says which priority, or figure, it is.
        if title in self.titles:
            title = f"{spec.title} ({self.statement.heading(priority)})"
        if title in self.titles:
            title = f"{spec.title} (figure {number})"
        self.titles.add(title)
        spec = replace(spec, title=title)
        caption = self.say(
            "chart_data_caption", number=str(number), shows=in_sentence(spec.subtitle)
        )
        chart = chart_block(spec, number, caption)
        data = replace(chart.data, description=self.say.describe(chart.data.header))
        if self.statement.language != ENGLISH:
            chart, data = self.chart_in_language(chart, data)
        if planned.restatement is not None:
            first = planned.restatement.first_period
            self.chart_notes.setdefault(priority.id, []).append(
                self.say(
                    "trend_break",
                    label=planned.measure,
                    period=period_noun(first) or first,
                    reason=as_sentence(planned.restatement.reason),
                    number=str(number),
                )
            )
        return replace(chart, data=data)

    def chart_in_language(self, chart: Chart, data: Table) -> tuple[Chart, Table]:
        """A chart's text in the statement's language other than English: its caption, alt text
        and data table say its headline; its drawing is a file of its own (figure-1-…-cy.svg)."""
        say, title, suffix = self.say, chart.spec.title, f"-{self.statement.language}"
        kind = say("bar_chart" if chart.spec.kind == "bar" else "line_chart")
        first = say.columns("key_figures_columns", 6)[0 if chart.spec.kind == "bar" else 1]
        missing = NOT_AVAILABLE.capitalize()
        data = replace(
            data,
            caption=say(
                "chart_data_caption",
                number=str(chart.number),
                shows=in_sentence(chart.spec.subtitle),
            ),
            header=(first, *data.header[1:]),
            rows=tuple(
                tuple(
                    replace(c, text=say("not_available_cell")) if c.text == missing else c
                    for c in row
                )
                for row in data.rows
            ),
        )
        data = replace(data, description=say.describe(data.header))
        chart = replace(
            chart,
            caption=say("figure_caption", number=str(chart.number), title=title),
            alt=f"{kind}: {as_sentence(chart.spec.subtitle)} {as_sentence(title)} "
            f"{say('alt_text_end')}",
            svg_name=chart.svg_name.replace(".svg", f"{suffix}.svg"),
            png_name=chart.png_name.replace(".png", f"{suffix}.png"),
        )
        return chart, data


def _same_style(a: Span, b: Span) -> bool:
    return (a.bold, a.italic, a.href, a.lang) == (b.bold, b.italic, b.href, b.lang)
