"""Composes a validated edition into the document tree: every word, number and order is decided here."""

from __future__ import annotations

import hashlib
import string
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from reportgen import __version__, quantities
from reportgen.compose.charts import ChartSpec, Series, alt_text, data_table
from reportgen.compose.document import (
    Block,
    Cell,
    Chart,
    Document,
    Heading,
    Inlines,
    ItemList,
    Metadata,
    PageLabels,
    Paragraph,
    Span,
    Table,
)
from reportgen.dates import long_date
from reportgen.paths import templates_dir
from reportgen.problems import ReportgenError
from reportgen.read import narrative
from reportgen.read.model import (
    ChangeFigure,
    DurationFigure,
    FigureCommon,
    MoneyFigure,
    PercentageFigure,
    PriorityContent,
    RankFigure,
    RateFigure,
)
from reportgen.read.register import (
    ORDER_IN_FORCE,
    ORDER_PARAGRAPH,
    ORDER_SI,
    ORDER_TITLE,
    PRINCIPAL_ORDER_TITLE,
    Priority,
)
from reportgen.statement import Statement

WORDING_FILE = "wording.yaml"
# The templates a statement is made from, recorded in its provenance. Others in templates/ (the
# website's index page) do not shape a statement, so editing them must not change its bytes.
STATEMENT_TEMPLATES = (
    WORDING_FILE,
    "reference.docx",
    "statement.html.j2",
    "statement.css",
    "statement.typ",
)
# A trend shows at most this many editions (two years of quarters): more points stop being legible.
TREND_EDITIONS = 8


class WordingError(ReportgenError):
    """The standard wording file is missing a sentence or uses a name reportgen does not fill in."""


@dataclass(frozen=True)
class Wording:
    """The statement's standard sentences, from templates/wording.yaml."""

    path: Path
    text: dict[str, Any]

    def __call__(self, key: str, **values: str) -> str:
        template = self.text.get(key)
        if not isinstance(template, str):
            raise WordingError(
                f"{self.path}: '{key}' is missing — restore it from the original file"
            )
        return self._fill(key, template, values)

    def paragraphs(self, key: str, **values: str) -> list[str]:
        templates = self.text.get(key)
        if not isinstance(templates, list) or not all(isinstance(t, str) for t in templates):
            raise WordingError(f"{self.path}: '{key}' should be a list of paragraphs")
        return [self._fill(key, t, values) for t in templates]

    def columns(self, key: str, count: int) -> tuple[str, ...]:
        names = self.text.get(key)
        if not isinstance(names, list) or len(names) != count:
            raise WordingError(f"{self.path}: '{key}' should list {count} column headings")
        return tuple(str(n) for n in names)

    def _fill(self, key: str, template: str, values: dict[str, str]) -> str:
        for _, name, _, _ in string.Formatter().parse(template):
            if name is not None and name not in values:
                known = ", ".join("{" + n + "}" for n in sorted(values))
                raise WordingError(
                    f"{self.path}: '{key}' uses {{{name}}}, which reportgen does not fill in here "
                    f"— use one of {known}"
                )
        return template.format(**values)


def load_wording(folder: Path | None = None) -> Wording:
    path = (folder or templates_dir()) / WORDING_FILE
    try:
        text = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise WordingError(f"{path}: the standard wording cannot be read ({exc})") from exc
    if not isinstance(text, dict):
        raise WordingError(f"{path}: the standard wording should be a set of 'name: text' fields")
    return Wording(path, text)


def compose(
    statement: Statement, history: Sequence[Statement] = (), wording: Wording | None = None
) -> Document:
    """Build the document tree for one edition. `history` holds earlier editions, for trends."""
    return _Composer(statement, history, wording or load_wording()).document()


class _Composer:
    def __init__(
        self, statement: Statement, history: Sequence[Statement], wording: Wording
    ) -> None:
        self.statement = statement
        self.profile = statement.profile
        self.edition = statement.edition
        self.history = sorted(
            (s for s in history if s.label < statement.label), key=lambda s: s.label
        )
        self.wording = wording
        self.paragraph_number = 0
        self.chart_number = 0
        edition_label = str(statement.label)
        self.values = {
            "office": self.profile.office,
            "force": self.profile.force,
            "force_short": self.profile.force_short or self.profile.force,
            "area": self.profile.area,
            "commissioner": self.profile.commissioner,
            "plan": self.profile.police_and_crime_plan,
            "board": self.profile.reporting_board or "",
            "edition": edition_label,
            "published": long_date(self.edition.published),
            "order_title": ORDER_TITLE,
            "order_si": ORDER_SI,
            "order_paragraph": ORDER_PARAGRAPH,
            "order_in_force": long_date(ORDER_IN_FORCE),
            "principal_order": PRINCIPAL_ORDER_TITLE,
        }

    def say(self, key: str, **extra: str) -> str:
        return self.wording(key, **self.values, **extra)

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
        title = f"{self.say('title')}: {self.say('edition_line')}"
        return Document(
            metadata=Metadata(
                title=title,
                subject=f"How {self.profile.force} contributes to the national policing priorities",
                author=self.profile.office,
                keywords=(
                    "national policing priorities",
                    f"paragraph {ORDER_PARAGRAPH}",
                    ORDER_SI,
                    self.profile.area,
                    str(self.statement.label),
                ),
                language="en-GB",
                created=self.edition.published,
            ),
            office=self.profile.office,
            edition=str(self.statement.label),
            slug=self.statement.label.slug.lower(),
            blocks=tuple(blocks),
            source_data=source_data(self.statement),
            provenance=provenance(self.statement, self.wording),
            labels=self.page_labels(),
        )

    def page_labels(self) -> PageLabels:
        marker = "\x00"  # splits the wording around the two numbers the renderers fill in
        text = self.say("page_number", page=marker, pages=marker)
        if text.count(marker) != 2:
            raise WordingError(
                f"{self.wording.path}: 'page_number' must use {{page}} and {{pages}} once each"
            )
        before, between, after = text.split(marker)
        return PageLabels(before, between, after, self.say("skip_link"))

    # -- the parts of the statement, in order ---------------------------------------------------

    def front_matter(self) -> Iterator[Block]:
        contact = self.profile.contact
        yield Paragraph((Span(self.say("ask_for") + contact.ask_for),), style="contact")
        yield Paragraph((Span(self.say("telephone") + contact.telephone),), style="contact")
        yield Paragraph(
            (Span(self.say("email")), Span(contact.email, href=f"mailto:{contact.email}")),
            style="contact",
        )
        yield Paragraph((Span(self.profile.office),), style="office")
        yield Heading(1, self.say("title"), "statement")
        yield Paragraph((Span(self.say("edition_line")),), style="subtitle")
        yield Paragraph((Span(self.say("published_line")),), style="date")

    def introduction(self) -> Iterator[Block]:
        yield Heading(2, self.say("introduction_heading"), "introduction")
        for text in self.wording.paragraphs("introduction", **self.values):
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
        header = self.wording.columns("applicability_columns", 3)
        yield Table(
            caption=self.say("applicability_caption"),
            description=self.describe(header),
            header=header,
            rows=tuple(rows),
            purpose="applicability",
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
            yield self.figures_table(heading, content)
            yield from self.figure_notes(content)
        for spec in self.chart_specs(priority, content):
            yield self.chart(spec)

    def reporting(self) -> Iterator[Block]:
        yield Heading(2, self.say("reporting_heading"), "reporting-frequency")
        key = "reporting" if self.profile.reporting_board else "reporting_without_board"
        for text in self.wording.paragraphs(key, **self.values):
            yield self.numbered((Span(text),))

    def sources(self) -> Iterator[Block]:
        yield Heading(2, self.say("sources_heading"), "sources-and-notes")
        periods: dict[str, list[str]] = {}
        notes: list[str] = []
        for content in self.statement.priorities.values():
            by_id = {f.id: f for f in content.figures}
            for figure in content.figures:
                if figure.source:
                    seen = periods.setdefault(figure.source, [])
                    if figure.period.label not in seen:
                        seen.append(figure.period.label)
                if figure.comparator and figure.comparator.restated:
                    notes.append(
                        f"{figure.label}: the {figure.comparator.label} figure is "
                        f"{self.say('restated')}. {figure.comparator.restated}"
                    )
                if figure.revision:
                    notes.append(
                        self.say(
                            "revised",
                            label=figure.label,
                            period=figure.period.label,
                            reason=figure.revision.reason,
                        )
                    )
                if figure.note:
                    notes.append(f"{figure.label}: {figure.note}")
                if figure.not_available and figure.not_available.proxy in by_id:
                    proxy = by_id[figure.not_available.proxy]
                    notes.append(f"{figure.label}: {self.say('proxy_note', label=proxy.label)}")
        if periods:
            header = self.wording.columns("sources_columns", 2)
            yield Table(
                caption=self.say("sources_caption"),
                description=self.describe(header),
                header=header,
                rows=tuple(
                    (Cell(source, row_header=True), Cell("; ".join(labels)))
                    for source, labels in sorted(periods.items())
                ),
                purpose="sources",
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
                text = reference_text(figures[inline.figure_id], inline.attribute)
            else:
                text = inline.text
            span = Span(text, inline.bold, inline.italic, inline.href)
            if spans and _same_style(spans[-1], span):
                spans[-1] = Span(spans[-1].text + text, span.bold, span.italic, span.href)
            else:
                spans.append(span)
        return tuple(spans)

    # -- figures ---------------------------------------------------------------------------------

    def figures_table(self, heading: str, content: PriorityContent) -> Table:
        with_baseline = any(f.baseline for f in content.figures)
        header = list(self.wording.columns("key_figures_columns", 6))
        if with_baseline:
            header.insert(4, self.say("baseline_column"))
        rows = []
        for figure in content.figures:
            if figure.not_available:
                value = self.say("not_available_cell")
            elif isinstance(figure, ChangeFigure):
                value = "–"  # the source publishes only the change, shown in its own column
            else:
                value = quantities.formatted_value(figure)
            found = quantities.change(figure)
            change = quantities.change_in_table(figure, found)
            cells = [
                Cell(figure.label, row_header=True),
                Cell(figure.period.label),
                # Value and change are number columns: placeholders align with the numbers.
                Cell(value, numeric=True),
                Cell(self.compared_with(figure)),
                Cell(change, numeric=True),
                Cell(figure.source or "–"),
            ]
            if with_baseline:
                cells.insert(4, Cell(self.baseline_text(figure)))
            rows.append(tuple(cells))
        widths: tuple[float, ...] = (0.25, 0.15, 0.14, 0.14, 0.12, 0.2)
        if with_baseline:
            widths = (0.21, 0.13, 0.12, 0.13, 0.13, 0.11, 0.17)
        return Table(
            caption=self.say("key_figures_caption", priority=heading),
            description=self.describe(header),
            header=tuple(header),
            rows=tuple(rows),
            purpose="figures",
            widths=widths,
        )

    def figure_notes(self, content: PriorityContent) -> Iterator[Paragraph]:
        """What the key-figures table cannot say in a cell: why a figure is missing, and which
        changes are the source's own."""
        for figure in content.figures:
            if figure.not_available:
                reason = figure.not_available.reason
                yield Paragraph(
                    (Span(self.say("not_available", label=figure.label, reason=reason)),),
                    style="note",
                )
        published = [
            f.label
            for f in content.figures
            if not isinstance(f, ChangeFigure)
            and (found := quantities.change(f))
            and found.as_published
        ]
        if published:
            yield Paragraph(
                (Span(self.say("as_published", labels=_join(published))),), style="note"
            )

    def compared_with(self, figure: FigureCommon) -> str:
        comparator = figure.comparator
        if comparator is None:
            return "–"
        label = comparator.label
        if comparator.restated:
            label = f"{label}, {self.say('restated')}"
        if comparator.value is None or isinstance(figure, ChangeFigure):
            return label
        return f"{quantities.magnitude(figure, comparator.value)} ({label})"

    def baseline_text(self, figure: FigureCommon) -> str:
        if figure.baseline is None:
            return "–"
        value = quantities.magnitude(figure, figure.baseline.value)
        return f"{value} ({figure.baseline.label})"

    # -- charts ----------------------------------------------------------------------------------

    def chart(self, spec: ChartSpec) -> Chart:
        self.chart_number += 1
        number = self.chart_number
        chart = chart_block(spec, number, self.say("chart_data_caption", number=str(number)))
        data = replace(chart.data, description=self.describe(chart.data.header))
        return replace(chart, data=data)

    def describe(self, header: Sequence[str]) -> str:
        return self.say("table_description", columns=", ".join(header))

    def chart_specs(self, priority: Priority, content: PriorityContent) -> list[ChartSpec]:
        if content.chart is False:
            return []
        chosen = content.chart.figures if content.chart else None
        by_id = {f.id: f for f in content.figures}
        candidates: list[FigureCommon] = (
            [by_id[i] for i in chosen] if chosen else list(content.figures)
        )
        eligible: list[FigureCommon] = [
            f
            for f in candidates
            if quantities.value_of(f) is not None and not isinstance(f, RankFigure)
        ]
        title = content.chart.title if content.chart else None
        specs: list[ChartSpec] = []
        # A level with a comparator or baseline is drawn against it; a figure known only by its
        # percentage change joins the change chart; a chosen level with neither stands alone.
        changes = [f for f in eligible if not _has_comparison(f) and _percent_change(f) is not None]
        levels = [
            f
            for f in eligible
            if _is_level(f) and f not in changes and (_has_comparison(f) or chosen)
        ]
        groups: dict[tuple[str, int], list[FigureCommon]] = {}
        for figure in levels:
            groups.setdefault(_unit(figure), []).append(figure)
        for group in groups.values():
            specs.append(self.level_chart(priority, group, len(specs) + 1, title))
        if len(changes) >= 2 or (chosen and changes):
            specs.append(self.change_chart(priority, changes, len(specs) + 1, title))
        trend = self.trend_chart(priority, content.figures, len(specs) + 1)
        if trend:
            specs.append(trend)
        return specs

    def level_chart(
        self, priority: Priority, figures: list[FigureCommon], index: int, title: str | None
    ) -> ChartSpec:
        first = figures[0]
        series: list[Series] = []
        if all(f.baseline for f in figures):
            series.append(
                self._series(
                    _common_label([f.baseline.label for f in figures if f.baseline], "Baseline"),
                    [f.baseline.value if f.baseline else None for f in figures],
                    figures,
                )
            )
        if all(f.comparator and f.comparator.value is not None for f in figures):
            labels = [f.comparator.label for f in figures if f.comparator]
            series.append(
                self._series(
                    _common_label(labels, "Previous period"),
                    [f.comparator.value if f.comparator else None for f in figures],
                    figures,
                )
            )
        series.append(
            self._series(
                _common_label([f.period.label for f in figures], "Latest period"),
                [quantities.value_of(f) for f in figures],
                figures,
            )
        )
        return ChartSpec(
            id=f"{priority.id}-{index}",
            kind="bar",
            title=title or self.level_headline(figures),
            subtitle=f"{_unit_words(first)}, {self.profile.force}, "
            + " and ".join(s.name for s in series),
            categories=tuple(f.label for f in figures),
            series=tuple(series),
            value_axis_label=_axis_label(first),
            source=_source_line(figures),
        )

    def _series(
        self, name: str, values: list[Decimal | None], figures: list[FigureCommon]
    ) -> Series:
        return Series(
            name,
            tuple(None if v is None else float(v) for v in values),
            tuple(
                "not available" if v is None else _chart_label(f, v)
                for f, v in zip(figures, values, strict=True)
            ),
        )

    def level_headline(self, figures: list[FigureCommon]) -> str:
        """The message of the first (lead) measure, which the narrative is usually about."""
        figure = figures[0]
        found = quantities.change(figure)
        period = figure.period.label
        if found is None:
            value = quantities.value_of(figure)
            assert value is not None
            return f"{figure.label}: {quantities.formatted_value(figure)} in {period}"
        if found.direction == 0:
            return f"{figure.label} unchanged in {period}"
        verb = "fell" if found.direction < 0 else "rose"
        if found.absolute is not None:
            amount = quantities.change_amount(figure, found.absolute)
        else:
            assert found.percent is not None
            amount = f"{quantities.round_half_up(abs(found.percent)):f}%"
        return f"{figure.label} {verb} by {amount} in {period}"

    def change_chart(
        self, priority: Priority, figures: list[FigureCommon], index: int, title: str | None
    ) -> ChartSpec:
        percents = [_percent_change(f) for f in figures]
        period = _common_label([f.period.label for f in figures], "the latest period")
        directions = [0 if p is None or p == 0 else (1 if p > 0 else -1) for p in percents]
        comparators = [f.comparator.label for f in figures if f.comparator]
        compared = _common_label(comparators, "the previous period")
        return ChartSpec(
            id=f"{priority.id}-{index}",
            kind="bar",
            title=title or _direction_headline(directions, period),
            subtitle=f"Percentage change on {compared}, {self.profile.force}",
            categories=tuple(_with_period(f, period) for f in figures),
            series=(
                Series(
                    period if period != "the latest period" else "Latest period",
                    tuple(None if p is None else float(p) for p in percents),
                    tuple(
                        "not available" if p is None else quantities.signed_percent(p)
                        for p in percents
                    ),
                ),
            ),
            value_axis_label=f"Percentage change on {compared}",
            source=_source_line(figures),
        )

    def trend_chart(
        self, priority: Priority, figures: Sequence[FigureCommon], index: int
    ) -> ChartSpec | None:
        """The priority's lead measures across editions, where earlier editions report them the
        same way (same id, kind, unit and source). Up to four measures of one unit and a
        comparable size share one chart; the first measure with a history leads."""
        histories = [(f, h) for f in figures if (h := self._history(f))]
        if not histories:
            return None
        lead, _ = histories[0]
        group = [(f, h) for f, h in histories if _unit(f) == _unit(lead) and _comparable(f, lead)][
            :4
        ]
        ends: dict[str, date] = {}
        for _, points in group:
            for point in points:
                ends.setdefault(point.period.label, point.period.end)
        periods = sorted(ends, key=lambda label: ends[label])[-TREND_EDITIONS:]
        # Long period labels cannot sit side by side under the axis: name each by its last month.
        short = len(periods) > 4 or any(len(label) > 14 for label in periods)
        categories = [f"{ends[p]:%b %Y}" if short else p for p in periods]
        if short:
            span = f"periods ending {categories[0]} to {categories[-1]}"
        else:
            span = f"{periods[0]} to {periods[-1]}"
        series = []
        for figure, points in group:
            by_period = {p.period.label: p for p in points}
            values = [
                quantities.value_of(by_period[p]) if p in by_period else None for p in periods
            ]
            series.append(
                Series(
                    figure.label,
                    tuple(None if v is None else float(v) for v in values),
                    tuple(
                        "not available" if v is None else _chart_label(figure, v) for v in values
                    ),
                )
            )
        lead_points = [p for p in group[0][1] if p.period.label in periods]
        first, last = quantities.value_of(lead_points[0]), quantities.value_of(lead)
        assert first is not None and last is not None
        if last == first:
            title = f"{lead.label} unchanged at {_chart_label(lead, last)}"
        else:
            verb = "fell" if last < first else "rose"
            title = f"{lead.label} {verb} from {_chart_label(lead, first)} to {_chart_label(lead, last)}"
        return ChartSpec(
            id=f"{priority.id}-{index}",
            kind="line",
            title=title,
            subtitle=f"{_unit_words(lead)}, {self.profile.force}, {span}, as reported in each "
            "edition of this statement",
            categories=tuple(categories),
            series=tuple(series),
            value_axis_label=_axis_label(lead),
            source=_source_line([p for _, points in group for p in points]),
        )

    def _history(self, figure: FigureCommon) -> list[FigureCommon]:
        """The figure as earlier editions reported it, then now; empty if it has no history."""
        # Approximate figures ('more than 4,500') are targets or estimates, not a series to plot.
        approximate = getattr(figure, "qualifier", None) is not None
        if not _is_level(figure) or quantities.value_of(figure) is None or approximate:
            return []
        points: list[FigureCommon] = []
        for earlier in self.history:
            match = _find_figure(earlier, figure.id)
            if (
                match is not None
                and type(match) is type(figure)
                and _unit(match) == _unit(figure)
                and match.source == figure.source
                and quantities.value_of(match) is not None
                and match.period.label not in [p.period.label for p in points]
                and match.period.label != figure.period.label
            ):
                points.append(match)
        return [*points[-(TREND_EDITIONS - 1) :], figure] if points else []


def chart_block(spec: ChartSpec, number: int, data_caption: str) -> Chart:
    """A chart with its caption, alt text and the table of exactly its plotted values."""
    header, rows = data_table(spec)
    return Chart(
        spec=spec,
        alt=alt_text(spec),
        caption=f"Figure {number}: {spec.title}",
        number=number,
        data=Table(
            caption=data_caption,
            header=header,
            rows=tuple(
                tuple(Cell(text, row_header=i == 0, numeric=i > 0) for i, text in enumerate(row))
                for row in rows
            ),
            purpose="chart-data",
        ),
        source=spec.source,
        svg_name=f"figure-{number}-{spec.id}.svg",
        png_name=f"figure-{number}-{spec.id}.png",
    )


def reference_text(figure: FigureCommon, attribute: str) -> str:
    """What a {figure.attribute} reference in narrative prints. Validation guarantees it exists."""
    found = quantities.change(figure)
    match attribute:
        case "value":
            return quantities.formatted_value(figure)
        case "change":
            return quantities.change_in_words(figure, found)
        case "change_number":
            assert found is not None and found.absolute is not None
            return quantities.change_amount(figure, found.absolute)
        case "change_percent":
            assert found is not None and found.percent is not None
            return f"{quantities.round_half_up(abs(found.percent)):f}%"
        case "comparator":
            assert figure.comparator is not None and figure.comparator.value is not None
            return quantities.magnitude(figure, figure.comparator.value)
        case "comparator_period":
            assert figure.comparator is not None
            return figure.comparator.label
        case "baseline":
            assert figure.baseline is not None
            return quantities.magnitude(figure, figure.baseline.value)
        case "baseline_change":
            return quantities.change_in_words(figure, quantities.baseline_change(figure))
        case "period":
            return figure.period.label
        case "label":
            return figure.label
    raise ValueError(f"unknown figure attribute {attribute}")


def _join(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _same_style(a: Span, b: Span) -> bool:
    return (a.bold, a.italic, a.href, a.lang) == (b.bold, b.italic, b.href, b.lang)


def _comparable(figure: FigureCommon, lead: FigureCommon) -> bool:
    """Within a factor of ten of the lead measure, so neither line is flattened by the other."""
    a, b = quantities.value_of(figure), quantities.value_of(lead)
    if a is None or b is None or a <= 0 or b <= 0:
        return a == b
    return max(a, b) / min(a, b) <= 10


def _is_level(figure: FigureCommon) -> bool:
    """A figure whose value can stand as a bar: a level, not a change or a position."""
    return not isinstance(figure, ChangeFigure | RankFigure)


def _has_comparison(figure: FigureCommon) -> bool:
    has_comparator = figure.comparator is not None and figure.comparator.value is not None
    return _is_level(figure) and (has_comparator or figure.baseline is not None)


def _percent_change(figure: FigureCommon) -> Decimal | None:
    found = quantities.change(figure)
    return found.percent if found else None


def _unit(figure: FigureCommon) -> tuple[str, int]:
    return (type(figure).__name__, figure.per if isinstance(figure, RateFigure) else 0)


def _unit_words(figure: FigureCommon) -> str:
    match figure:
        case RateFigure():
            return f"Rate per {quantities.RATE_BASES[figure.per]} {figure.population}"
        case PercentageFigure():
            return "Percentage"
        case MoneyFigure():
            return "Amount in pounds"
        case DurationFigure():
            return "Time in seconds"
        case _:
            return "Number"


def _axis_label(figure: FigureCommon) -> str:
    match figure:
        case RateFigure():
            return f"Per {quantities.RATE_BASES[figure.per]} {figure.population}"
        case PercentageFigure():
            return "Per cent"
        case MoneyFigure():
            return "Pounds"
        case DurationFigure():
            return "Seconds"
        case _:
            return "Number"


def _chart_label(figure: FigureCommon, value: Decimal) -> str:
    """A value as a direct label: the number in the figure's format, without the rate's words."""
    if isinstance(figure, RateFigure):
        return quantities.change_amount(figure, value)
    return quantities.magnitude(figure, value)


def _common_label(labels: list[str], fallback: str) -> str:
    return labels[0] if labels and all(label == labels[0] for label in labels) else fallback


def _with_period(figure: FigureCommon, common: str) -> str:
    return (
        figure.label if figure.period.label == common else f"{figure.label} ({figure.period.label})"
    )


def _direction_headline(directions: list[int], period: str) -> str:
    total = len(directions)
    falls = directions.count(-1)
    rises = directions.count(1)
    if falls == total:
        return (
            f"Every measure shown fell in {period}"
            if total > 1
            else f"The measure fell in {period}"
        )
    if rises == total:
        return (
            f"Every measure shown rose in {period}"
            if total > 1
            else f"The measure rose in {period}"
        )
    if falls + rises == 0:
        return f"No measure shown changed in {period}"
    return f"{falls} of {total} measures shown fell in {period}"


def _source_line(figures: Sequence[FigureCommon]) -> str:
    sources: list[str] = []
    for figure in figures:
        if figure.source and figure.source not in sources:
            sources.append(figure.source)
    return "Source: " + "; ".join(sources) if sources else "Source: not stated"


def _find_figure(statement: Statement, figure_id: str) -> FigureCommon | None:
    for content in statement.priorities.values():
        for figure in content.figures:
            if figure.id == figure_id:
                return figure
    return None


def source_data(statement: Statement) -> dict[str, Any]:
    """The validated input, exactly: embedded in every output so an archived file carries its data."""
    return {
        "edition": statement.edition.model_dump(mode="json", exclude_none=True),
        "profile": statement.profile.model_dump(mode="json", exclude_none=True),
    }


def _sha256(path: Path) -> str:
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def provenance(statement: Statement, wording: Wording) -> dict[str, Any]:
    """What made this edition: reportgen's version, and the hash of every file it read."""
    templates = wording.path.parent
    return {
        "reportgen": __version__,
        "edition": str(statement.label),
        "inputs": {
            statement.path.name: _sha256(statement.path),
            statement.profile_path.name: _sha256(statement.profile_path),
        },
        "templates": {
            name: _sha256(templates / name)
            for name in STATEMENT_TEMPLATES
            if (templates / name).is_file()
        },
    }
