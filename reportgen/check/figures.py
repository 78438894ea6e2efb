"""Checks each figure: ids, periods, ranges, and published changes against the arithmetic."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal

from reportgen import quantities
from reportgen.check.periods import label_problems, like_for_like
from reportgen.check.references import narrative_problems, suggest
from reportgen.dates import long_date
from reportgen.problems import DataPath, Problem, Severity
from reportgen.read.editions import EditionLabel
from reportgen.read.load import Loaded
from reportgen.read.model import (
    ChangeFigure,
    CountFigure,
    DurationFigure,
    Edition,
    FigureCommon,
    MoneyFigure,
    PercentageFigure,
    PublishedChange,
    RankFigure,
    RateFigure,
)
from reportgen.read.source import YamlDocument

WARNING = Severity.WARNING
# Larger than any statistic a statement reports, yet far inside what formatting can handle.
LARGEST_FIGURE = Decimal(10) ** 15


def figures_and_narrative(loaded: Loaded[Edition], present: dict[str, str]) -> Iterator[Problem]:
    doc, edition = loaded.doc, loaded.model
    assert edition is not None
    all_ids: dict[str, DataPath] = {}
    raw_priorities = doc.data.get("priorities") or {}
    # Ids come from the raw data so that a figure that failed validation still counts as existing.
    for key, content in raw_priorities.items():
        figures = content.get("figures") if isinstance(content, dict) else None
        for index, figure in enumerate(figures if isinstance(figures, list) else []):
            figure_id = figure.get("id") if isinstance(figure, dict) else None
            if not isinstance(figure_id, str):
                continue
            path: DataPath = ("priorities", key, "figures", index, "id")
            if figure_id in all_ids:
                cell = doc.cell_of(all_ids[figure_id])
                first = cell.place if cell else f"line {doc.locate(all_ids[figure_id])[0]}"
                yield doc.problem(
                    path,
                    f"the figure id '{figure_id}' is used twice (first at {first})",
                    "give each figure its own id",
                    code="duplicate-figure-id",
                )
            else:
                all_ids[figure_id] = path
    for key, content in edition.priorities.items():
        if key not in present.values():
            continue
        base: DataPath = ("priorities", key)
        by_id = {f.id: f for f in content.figures}
        for index, figure in enumerate(content.figures):
            yield from _figure(doc, edition, (*base, "figures", index), figure, by_id)
        yield from narrative_problems(doc, key, content, by_id, all_ids)
        if content.chart:
            for index, figure_id in enumerate(content.chart.figures or []):
                if figure_id not in by_id:
                    yield doc.problem(
                        (*base, "chart", "figures", index),
                        f"priority '{key}': the chart names figure '{figure_id}', which is not "
                        "one of this priority's figures",
                        suggest(figure_id, list(by_id)),
                        code="unknown-figure",
                    )
            if content.chart.title and not content.chart.figures:
                yield doc.problem(
                    (*base, "chart", "title"),
                    f"priority '{key}': the chart has a title but no figures to compare",
                    "add figures: the ids of the figures the chart compares, or move the "
                    "headline to trend_title if it is the trend's",
                    code="chart-title-without-figures",
                )
    yield from _repeated_headlines(doc, edition, present)


def _repeated_headlines(
    doc: YamlDocument, edition: Edition, present: dict[str, str]
) -> Iterator[Problem]:
    """Two charts never share a headline: a reader could not tell them apart by it."""
    seen: dict[str, DataPath] = {}
    for key, content in edition.priorities.items():
        if key not in present.values() or not content.chart:
            continue
        for name in ("title", "trend_title"):
            headline = getattr(content.chart, name)
            if headline is None:
                continue
            path: DataPath = ("priorities", key, "chart", name)
            if headline in seen:
                first = doc.locate(seen[headline])[0]
                yield doc.problem(
                    path,
                    f"priority '{key}': the chart headline '{headline}' is used already (line "
                    f"{first})",
                    "give each chart its own headline, saying what that chart shows",
                    code="repeated-headline",
                )
            else:
                seen[headline] = path


def _figure(
    doc: YamlDocument,
    edition: Edition,
    path: DataPath,
    figure: FigureCommon,
    siblings: Mapping[str, FigureCommon],
) -> Iterator[Problem]:
    name = f"figure '{figure.id}'"
    value = quantities.value_of(figure)
    if value is None and figure.not_available is None:
        yield doc.problem(
            path,
            f"{name} has no value",
            "give its value, or add not_available with the reason it cannot be reported",
            code="no-value",
            at_key=True,
        )
    if value is not None and figure.not_available is not None:
        yield doc.problem(
            (*path, "not_available"),
            f"{name} has a value and is also marked not available",
            "remove one of them",
            code="value-and-not-available",
            at_key=True,
        )
    if figure.not_available and figure.not_available.proxy:
        proxy = figure.not_available.proxy
        if proxy == figure.id or proxy not in siblings:
            yield doc.problem(
                (*path, "not_available", "proxy"),
                f"{name}: the proxy '{proxy}' is not another figure of this priority",
                suggest(proxy, [i for i in siblings if i != figure.id]),
                code="unknown-figure",
            )
    out_of_range = list(_ranges(doc, path, figure))
    yield from out_of_range
    yield from label_problems(doc, (*path, "period"), figure.period, name)
    yield from like_for_like(doc, path, figure)
    # When the publication date is itself before the quarter's end, that one error explains these.
    published_too_early = edition.published <= EditionLabel.from_edition(edition).quarter_end
    if figure.period.end > edition.published and not published_too_early:
        yield doc.problem(
            (*path, "period", "end"),
            f"{name}: the period ends on {long_date(figure.period.end)}, after the publication "
            f"date ({long_date(edition.published)})",
            "a statement can only report periods that have ended; check the period end date",
            code="period-after-publication",
        )
    if figure.source is None:
        yield doc.problem(
            path,
            f"{name} has no source",
            "add source: saying where the figure comes from (e.g. 'Police recorded crime')",
            code="no-source",
            severity=WARNING,
            at_key=True,
        )
    if isinstance(figure, ChangeFigure):
        if figure.comparator is None:
            yield doc.problem(
                path,
                f"{name} is a change, but does not say what it is compared with",
                "add comparator: with the label of the earlier period, e.g. label: 2023/24",
                code="change-needs-comparator",
                at_key=True,
            )
        if figure.published_change is not None:
            yield doc.problem(
                (*path, "published_change"),
                f"{name} is itself a change, so it cannot also have a published_change",
                "remove published_change; give the change in the measure's unit as absolute",
                code="published-change",
                at_key=True,
            )
        yield from _change_figure(doc, path, figure)
        return
    if not out_of_range:  # a wrong value would make every change check fail too
        earlier = figure.comparator.value if figure.comparator else None
        yield from _published_change(
            doc, (*path, "published_change"), figure, earlier, figure.published_change, "comparator"
        )
        if figure.baseline is not None:
            yield from _baseline(doc, (*path, "baseline"), figure)


def _change_figure(doc: YamlDocument, path: DataPath, figure: ChangeFigure) -> Iterator[Problem]:
    name = f"figure '{figure.id}'"
    if figure.value is not None and figure.value < -100:
        yield _below_all(doc, (*path, "value"), name, figure.value)
    signs = {n.compare(0) for n in (figure.value, figure.absolute) if n is not None}
    if len(signs) > 1:
        yield doc.problem(
            (*path, "absolute"),
            f"{name}: the change of {figure.absolute} and the change of {figure.value}% go "
            "in different directions",
            "give both as negative numbers for a fall, or both positive for a rise",
            code="change-mismatch",
        )


def _below_all(doc: YamlDocument, path: DataPath, name: str, percent: Decimal) -> Problem:
    return doc.problem(
        path,
        f"{name}: a fall of {abs(percent)}% is impossible: nothing can fall by more than 100%",
        "check the sign and the digits of the percentage change (a fall to nothing is -100)",
        code="change-below-all",
    )


def _baseline(doc: YamlDocument, path: DataPath, figure: FigureCommon) -> Iterator[Problem]:
    assert figure.baseline is not None
    baseline = figure.baseline
    published = baseline.published_change
    if baseline.value is None and (published is None or quantities.value_of(figure) is None):
        yield doc.problem(
            path,
            f"figure '{figure.id}': the baseline ({baseline.label}) has no value",
            "give the baseline's value, or the change since it as the source publishes it, e.g. "
            "published_change: {absolute: -1310, percent: -9.6}",
            code="baseline-needs-value",
            at_key=True,
        )
        return
    yield from _published_change(
        doc, (*path, "published_change"), figure, baseline.value, published, "baseline"
    )


def _ranges(doc: YamlDocument, path: DataPath, figure: FigureCommon) -> Iterator[Problem]:
    name = f"figure '{figure.id}'"
    checks: list[tuple[DataPath, Decimal | None]] = [
        ((*path, "value"), quantities.value_of(figure))
    ]
    if figure.comparator:
        checks.append(((*path, "comparator", "value"), figure.comparator.value))
    if figure.baseline:
        checks.append(((*path, "baseline", "value"), figure.baseline.value))
    for where_, value in checks:
        if value is None:
            continue
        if abs(value) >= LARGEST_FIGURE:
            yield doc.problem(
                where_,
                f"{name}: {value:,.0f} is too large to be a real figure",
                "check the value: no police statistic comes near a thousand million million",
                code="out-of-range",
            )
            continue
        what = {
            CountFigure: "a count",
            RateFigure: "a rate",
            MoneyFigure: "an amount of money",
            DurationFigure: "a length of time",
        }.get(type(figure))
        if what and value < 0:
            yield doc.problem(
                where_,
                f"{name}: {what} cannot be negative (found {value})",
                "a fall is shown by a lower value than the comparator, not a negative value",
                code="out-of-range",
            )
        if isinstance(figure, CountFigure) and value != value.to_integral_value():
            yield doc.problem(
                where_,
                f"{name}: a count must be a whole number (found {value})",
                "use kind: rate or percentage for figures with decimals",
                code="out-of-range",
            )
        if isinstance(figure, PercentageFigure) and not 0 <= value <= 100:
            yield doc.problem(
                where_,
                f"{name}: a percentage share must be between 0 and 100 (found {value})",
                "for a percentage change, use kind: change",
                code="out-of-range",
            )
        if isinstance(figure, RankFigure) and not 1 <= value <= figure.of:
            yield doc.problem(
                where_,
                f"{name}: a rank must be between 1 and {figure.of} (found {value})",
                "check the rank and the number ranked ('of')",
                code="out-of-range",
            )


def _published_change(
    doc: YamlDocument,
    path: DataPath,
    figure: FigureCommon,
    earlier: Decimal | None,
    published: PublishedChange | None,
    role: str,
) -> Iterator[Problem]:
    """Check a published change against the values, or against the value and absolute change
    when the earlier value is not given ('12,480, up 730 (6.2%)' has 11,750 before it)."""
    if published is None:
        return
    name = f"figure '{figure.id}'"
    if published.percent is not None and published.percent < -100:
        yield _below_all(doc, (*path, "percent"), name, published.percent)
        return
    if role == "comparator" and figure.comparator is None:
        yield doc.problem(
            path,
            f"{name} has a published change but no comparator",
            "add comparator: with at least the label of the earlier period",
            code="published-change",
            at_key=True,
        )
        return
    value = quantities.value_of(figure)
    derived = earlier is None
    if derived and value is not None and published.absolute is not None:
        earlier = value - published.absolute
    computed = quantities.computed_change(figure, earlier)
    if computed is None:
        return
    against = f"{value} against {earlier}" + (
        f" (the {role} worked out from the value and the change of {published.absolute})"
        if derived
        else ""
    )
    if not derived and published.absolute is not None and computed.absolute != published.absolute:
        yield doc.problem(
            (*path, "absolute"),
            f"{name}: the published change {published.absolute} does not match the figures: "
            f"{against} is a change of {computed.absolute}",
            "check the value, the comparator and the published change",
            code="change-mismatch",
        )
    if published.percent is None:
        return
    if computed.percent is None:
        yield doc.problem(
            (*path, "percent"),
            f"{name}: a percentage change cannot be computed for this figure",
            "remove percent (a share changes in percentage points; give absolute)",
            code="change-mismatch",
        )
        return
    # Compare at the precision the source published: -10% agrees with a computed -9.6%.
    exponent = published.percent.as_tuple().exponent
    places = Decimal(1).scaleb(exponent) if isinstance(exponent, int) else quantities.ONE_PLACE
    assert computed.absolute is not None and earlier
    exact = computed.absolute / earlier * 100
    if quantities.round_half_up(exact, places) != published.percent:
        shown = quantities.round_half_up(exact, min(places, quantities.ONE_PLACE))
        yield doc.problem(
            (*path, "percent"),
            f"{name}: the published change of {published.percent}% does not match the "
            f"figures: {against} is {shown:+f}%",
            "check the value, the comparator and the published change",
            code="change-mismatch",
        )
