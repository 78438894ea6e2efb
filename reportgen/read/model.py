"""The input model: an OPCC profile and one edition of the statement, as staff write them in YAML."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    model_validator,
)

from reportgen.dates import long_date
from reportgen.read.fields import (
    FINANCIAL_YEAR_PATTERN,
    Comparison,
    FigureId,
    InputModel,
    Number,
    Qualifier,
    Seconds,
    Text,
    WholeNumber,
    duration_seconds,
)
from reportgen.read.import_map import ImportRecord, ImportSettings
from reportgen.read.periods import read_period, with_edition_defaults


class Period(InputModel):
    """The period a figure covers, separate from the publication date."""

    label: Text = Field(
        description="How the period is written in the statement, e.g. '2024/25', "
        "'12 months to September 2024', 'year ending March 2023', 'as of September 2024'. "
        "Printed as written; the forms in docs/input-format.md are also read as dates."
    )
    end: date = Field(
        description="The last day of the period (YYYY-MM-DD). Leave out when the label says it "
        "(e.g. '2024/25' ends on 31 March 2025)."
    )
    start: date | None = Field(
        default=None,
        description="The first day of the period (YYYY-MM-DD). Leave out when the label says it, "
        "or for a point in time ('as at 31 March 2025').",
    )

    @model_validator(mode="before")
    @classmethod
    def _dates_from_label(cls, data: Any) -> Any:
        """Fill in the dates a label such as '2024/25' names, where they are not written."""
        if isinstance(data, dict) and isinstance(data.get("label"), str):
            read = read_period(data["label"])
            if read is not None and data.get("end") is None:
                data = {**data, "end": read.end}
                if read.start is not None and data.get("start") is None:
                    data = {**data, "start": read.start}
        return data

    @model_validator(mode="after")
    def _end_is_a_real_date(self) -> Period:
        if self.end.year < _EARLIEST_YEAR:
            raise ValueError(
                f"the period ends in the year {self.end.year}, before any police statistic "
                f"({_EARLIEST_YEAR}) — check the period end date"
            )
        if self.start is not None and self.start > self.end:
            raise ValueError(
                f"the period starts on {long_date(self.start)}, after it ends on "
                f"{long_date(self.end)} — correct the start or end date"
            )
        return self


# Recorded crime statistics in their present form begin in the 20th century.
_EARLIEST_YEAR = 1900


class Comparator(InputModel):
    """What the figure is compared with: normally the same period a year earlier."""

    label: Text = Field(
        description="The comparison period as written, e.g. '2023/24'. Leave out to use the "
        "edition's comparator_period."
    )
    value: Comparison | None = Field(
        default=None,
        description="The comparator's value, in the figure's unit. Leave out only when the source "
        "publishes the change but not the earlier value; then give published_change.",
    )
    restated: Text | None = Field(
        default=None,
        description="Why the comparator differs from what was first published, when it was "
        "recalculated under a new definition (e.g. 'restated to exclude air weapons').",
    )


class PublishedChange(InputModel):
    """The change as the source publishes it. reportgen computes the change itself and checks this."""

    absolute: Number | None = Field(
        default=None, description="The change in the figure's unit, negative for a fall (e.g. -14)."
    )
    percent: Number | None = Field(
        default=None, description="The percentage change, negative for a fall (e.g. -31.1)."
    )


class Baseline(InputModel):
    """A fixed reference point, such as the pre-pandemic year ending June 2019."""

    label: Text = Field(description="The baseline period as written, e.g. 'year ending June 2019'.")
    value: Comparison | None = Field(
        default=None,
        description="The baseline value, in the figure's unit. Leave out only when the source "
        "publishes the change against the baseline but not its value; then give published_change.",
    )
    published_change: PublishedChange | None = Field(
        default=None,
        description="The change since the baseline as the source publishes it, e.g. "
        "{absolute: -1310, percent: -9.6}; checked against the values.",
    )


class NotAvailable(InputModel):
    """Marks a measure that cannot be reported this edition."""

    reason: Text = Field(description="Why the figure is not available, in plain words.")
    proxy: FigureId | None = Field(
        default=None,
        description="The id of another figure of the same priority reported in its place.",
    )


class Revision(InputModel):
    """Why a value already published for a period has changed (the Code of Practice for Statistics
    asks producers to flag revisions and say why)."""

    reason: Text = Field(
        description="Why the value differs from what an earlier edition published for the same "
        "period, in plain words (e.g. 'corrected after late-recorded offences were added')."
    )


class FigureCommon(InputModel):
    id: FigureId = Field(
        description="Identifier, unique in the edition; lower case words joined by hyphens. "
        "Narrative refers to it as {id}. Keep it the same across editions so trends line up."
    )
    label: Text = Field(description="What is measured, as a table row label.")
    period: Period
    source: Text | None = Field(
        default=None, description="Where the figure comes from (e.g. 'Action Fraud dashboard')."
    )
    comparator: Comparator | None = None
    baseline: Baseline | None = None
    published_change: PublishedChange | None = None
    not_available: NotAvailable | None = Field(
        default=None, description="Give this instead of a value when the figure cannot be reported."
    )
    note: Text | None = Field(default=None, description="A note printed under Sources and notes.")
    revision: Revision | None = Field(
        default=None,
        description="Give this when the value revises one an earlier edition published for the "
        "same period. None (the default): the value is not a revision. A revised comparator's "
        "reason goes in the comparator's 'restated'.",
    )
    imported: ImportRecord | None = Field(
        default=None,
        description="Written by 'reportgen import': the table the value and comparator came from.",
    )


class CountFigure(FigureCommon):
    """A number of things: offences, homicides, warrants, reports."""

    kind: Literal["count"]
    value: WholeNumber | None = Field(default=None, json_schema_extra={"minimum": 0})
    qualifier: Qualifier | None = Field(
        default=None, description="For approximate figures: 'more than 60', 'about 2,000'."
    )


class RateFigure(FigureCommon):
    """A rate per 1,000, 100,000 or million population. The unit is part of the figure."""

    kind: Literal["rate"]
    value: Number | None = Field(default=None, json_schema_extra={"minimum": 0})
    per: Literal[1000, 100000, 1000000] = Field(
        description="The population base: 1000, 100000 or 1000000."
    )
    population: Text = Field(
        default="population", description="Who the rate is of, e.g. 'population', 'residents'."
    )


class PercentageFigure(FigureCommon):
    """A share of a whole, from 0 to 100 (e.g. 83.0% of reports related to fraud)."""

    kind: Literal["percentage"]
    value: Number | None = Field(default=None, json_schema_extra={"minimum": 0, "maximum": 100})


class DurationFigure(FigureCommon):
    """A length of time: seconds, or text such as '2m 14s'."""

    kind: Literal["duration"]
    value: Seconds | None = None

    @model_validator(mode="before")
    @classmethod
    def _comparisons_as_durations(cls, data: Any) -> Any:
        """Let comparator and baseline be written like the value ('10 minutes')."""
        if isinstance(data, dict):
            for key in ("comparator", "baseline"):
                part = data.get(key)
                if isinstance(part, dict) and "value" in part:
                    data = {**data, key: {**part, "value": duration_seconds(part["value"])}}
        return data


class MoneyFigure(FigureCommon):
    """An amount of money in pounds sterling."""

    kind: Literal["money"]
    value: Number | None = Field(default=None, json_schema_extra={"minimum": 0})


class RankFigure(FigureCommon):
    """A position among peers: '2nd highest of 43 forces'."""

    kind: Literal["rank"]
    value: WholeNumber | None = Field(default=None, json_schema_extra={"minimum": 1})
    of: WholeNumber = Field(description="How many are ranked, e.g. 43 forces.")
    order: Literal["highest", "lowest"] = Field(description="Whether 1st means highest or lowest.")
    among: Text = Field(default="forces", description="What is ranked, e.g. 'forces'.")


class ChangeFigure(FigureCommon):
    """A percentage change that the source publishes without the counts behind it."""

    kind: Literal["change"]
    value: Number | None = Field(
        default=None, description="The percentage change, negative for a fall (e.g. -12.6)."
    )
    absolute: Number | None = Field(
        default=None,
        description="The change in the measure's own unit when the source gives it, negative "
        "for a fall (e.g. -48 for 'down 5.1% (48 offences)').",
    )


Figure = Annotated[
    CountFigure
    | RateFigure
    | PercentageFigure
    | DurationFigure
    | MoneyFigure
    | RankFigure
    | ChangeFigure,
    Field(discriminator="kind"),
]
FIGURE_KINDS: dict[str, type[FigureCommon]] = {
    "count": CountFigure,
    "rate": RateFigure,
    "percentage": PercentageFigure,
    "duration": DurationFigure,
    "money": MoneyFigure,
    "rank": RankFigure,
    "change": ChangeFigure,
}


class Assessment(InputModel):
    """Whether a priority applies in the police area, and why (paragraph 7A(b))."""

    # Strict: `yes`, `no`, "false" written as text are words (docs/input-format.md), never true/false.
    applicable: StrictBool = Field(
        description="true if the priority is assessed applicable locally."
    )
    reason: Text = Field(description="The reason for the assessment, in one or two sentences.")


class ChartChoice(InputModel):
    """The priority's charts: a comparison of figures the edition names, and the headlines."""

    figures: Annotated[list[FigureId], Field(min_length=1)] | None = Field(
        default=None,
        description="Figure ids to compare in a chart, in the order to draw. Leave out for no "
        "comparison chart.",
    )
    title: Text | None = Field(
        default=None,
        description="The comparison chart's headline, stating its message, in place of the "
        "generated one. Needs figures.",
    )
    trend_title: Text | None = Field(
        default=None,
        description="The trend chart's headline, stating its message, in place of the generated "
        "one. Used when a trend is drawn (three or more comparable editions).",
    )


class PriorityContent(InputModel):
    """One priority's part of an edition: what the force contributed, and the figures."""

    narrative: list[Text] = Field(
        default_factory=list,
        description="Paragraphs of the contribution statement (paragraph 7A(a)), each in the "
        "Markdown subset: **bold**, *italic*, [links](https://…) and '- ' bullet lists. "
        "{figure-id} inserts a figure's value; {figure-id.change} its change.",
    )
    figures: list[Figure] = Field(default_factory=list)
    chart: ChartChoice | Literal[False] | None = Field(
        default=None,
        description="Figures to compare in a chart, and chart headlines. Leave out for no "
        "comparison chart (a trend across editions is still drawn); false for no chart at all.",
    )


class Contact(InputModel):
    ask_for: Text = Field(description="The name after 'Please ask for'.")
    # Not Text: a number typed without quotes would already have lost its leading zero.
    telephone: Annotated[str, Field(min_length=1)] = Field(
        description="As it should be printed, e.g. '0121 626 6060'. Quote it if it has no spaces."
    )
    email: Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]


class StatementKind(InputModel):
    """What kind of statement the office publishes, and how often."""

    title: Text | None = Field(
        default=None,
        description="The statement's title, in place of 'National Policing Priorities Statement'.",
    )
    kind: Literal["update", "annual report"] = Field(
        default="update",
        description="'update' (titled '2024-25 Q4 Update') or 'annual report' (titled 'Annual "
        "Report 2024/25').",
    )
    frequency: Literal["quarterly", "annually", "irregularly"] = Field(
        default="quarterly",
        description="How often the statement is updated, for 'Reporting frequency'.",
    )


class LanguageChoice(InputModel):
    """Which languages the statement is published in (the Welsh Language Standards)."""

    editions: Literal["english", "separate", "bilingual"] = Field(
        default="english",
        description="'english': English only. 'separate': a Welsh edition and an English edition, "
        "each linking to the other. 'bilingual': one document with each block in both languages.",
    )
    first: Literal["welsh", "english"] = Field(
        default="welsh",
        description="In a bilingual document, which language each block opens with; in separate "
        "editions, which one the website lists first.",
    )


class Profile(InputModel):
    """The OPCC's standing details, kept in inputs/profile.yaml."""

    # 'import' is the key staff write; the embedded copy of the profile reads back under 'imports'.
    model_config = ConfigDict(populate_by_name=True)

    office: Text = Field(description="The office's name as it heads the statement.")
    force: Text = Field(description="The police force's full name.")
    force_short: Text | None = Field(default=None, description="Abbreviation, e.g. 'WMP'.")
    area: Text = Field(
        description="The police area as it reads in a sentence, e.g. 'the West Midlands'."
    )
    commissioner: Text = Field(
        description="The name of the person (or body) who holds the role, e.g. 'Simon Foster'."
    )
    role: Text = Field(
        default="Police and Crime Commissioner",
        description="The publisher's role as it reads in a sentence: 'Police and Crime "
        "Commissioner', 'Police, Fire and Crime Commissioner', 'Mayor', 'Policing and Crime Board'.",
    )
    statement: StatementKind = Field(
        default_factory=StatementKind,
        description="The kind of statement and how often it is updated.",
    )
    contact: Contact
    website: Annotated[str, Field(pattern=r"^https://[^\s]+$")]
    police_and_crime_plan: Text = Field(description="The Police and Crime Plan's name.")
    reporting_board: Text | None = Field(
        default=None,
        description="The board the statement is reported to, for 'Reporting frequency'.",
    )
    numbered_paragraphs: StrictBool = Field(
        default=True, description="Number paragraphs consecutively through the statement."
    )
    headings: dict[str, Text] = Field(
        default_factory=dict,
        description="Preferred wording of priority headings, by priority id.",
    )
    applicability: dict[str, Assessment] = Field(
        default_factory=dict, description="Default applicability assessment of each priority."
    )
    imports: ImportSettings | None = Field(
        default=None,
        alias="import",
        description="Which figures 'reportgen import' fills in from the Home Office tables.",
    )
    language: LanguageChoice = Field(
        default_factory=LanguageChoice,
        description="English only, Welsh and English editions, or one bilingual document.",
    )


class Edition(InputModel):
    """One quarterly edition of the statement, kept in inputs/<financial year>-Q<n>.yaml."""

    financial_year: Annotated[str, Field(pattern=FINANCIAL_YEAR_PATTERN)] = Field(
        description="The financial year, April to March, written '2024-25'."
    )
    quarter: Annotated[int, BeforeValidator(lambda v: _quarter_number(v))] = Field(
        ge=1,
        le=4,
        description="The quarter of the financial year: 1 (April–June) to 4 (January–March).",
    )
    published: date = Field(description="The publication date (YYYY-MM-DD).")
    period: Period | None = Field(
        default=None,
        description="The period most figures cover, e.g. {label: 2024/25}; a figure without its "
        "own period uses this one.",
    )
    comparator_period: Text | None = Field(
        default=None,
        description="The period most figures are compared with, e.g. 2023/24; a comparator "
        "without its own label uses this one.",
    )
    figures_workbook: Text | None = Field(
        default=None,
        description="A spreadsheet (.xlsx, .ods or .csv) beside this file listing figures, one "
        "row each; they are added to the priorities' figures (docs/figures-from-spreadsheets.md).",
    )
    applicability: dict[str, Assessment] = Field(
        default_factory=dict,
        description="Overrides of the profile's applicability assessments for this edition.",
    )
    priorities: dict[str, PriorityContent] = Field(
        description="One entry per national priority, keyed by its id (or its name)."
    )

    @model_validator(mode="before")
    @classmethod
    def _figures_inherit(cls, data: Any) -> Any:
        return with_edition_defaults(data)


def _quarter_number(value: Any) -> Any:
    if isinstance(value, str) and re.fullmatch(r"[Qq][1-4]", value.strip()):
        return int(value.strip()[1])
    return value
