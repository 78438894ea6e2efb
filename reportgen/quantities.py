"""Computes changes and formats every figure one way: thousands separators, one-decimal percentages."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from reportgen.dates import NOT_AVAILABLE
from reportgen.read.model import (
    ChangeFigure,
    CountFigure,
    DurationFigure,
    FigureCommon,
    MoneyFigure,
    PercentageFigure,
    PublishedChange,
    RankFigure,
    RateFigure,
)

ONE_PLACE = Decimal("0.1")
MINUS = "\u2212"  # a true minus sign: screen readers say "minus", and it lines up with "+"


def round_half_up(value: Decimal, places: Decimal = ONE_PLACE) -> Decimal:
    """Round as statistics publications do (0.05 -> 0.1), not banker's rounding."""
    return value.quantize(places, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Change:
    """A change between two values of a figure; percent is None where it means nothing."""

    absolute: Decimal | None
    percent: Decimal | None
    # True when taken from the source's published change because the earlier value is not held.
    as_published: bool = False

    @property
    def direction(self) -> int:
        basis = self.absolute if self.absolute is not None else self.percent
        if basis is None or basis == 0:
            return 0
        return 1 if basis > 0 else -1


def value_of(figure: FigureCommon) -> Decimal | None:
    raw = getattr(figure, "value", None)
    return None if raw is None else Decimal(raw)


def computed_change(figure: FigureCommon, old: Decimal | None) -> Change | None:
    """The change from an earlier value to the figure's value, computed, never typed."""
    new = value_of(figure)
    if new is None or old is None or isinstance(figure, ChangeFigure):
        return None
    absolute = new - old
    if isinstance(figure, PercentageFigure | RankFigure) or old == 0:
        # A change in a share is in percentage points and a rank moves in places: a percentage
        # change of either would mislead.
        return Change(absolute, None)
    return Change(absolute, round_half_up(absolute / old * 100))


def comparator_value(figure: FigureCommon) -> Decimal | None:
    """The comparator's value as given, or worked out from the value and the published change."""
    if figure.comparator is None:
        return None
    return _earlier_value(figure, figure.comparator.value, figure.published_change)


def baseline_value(figure: FigureCommon) -> Decimal | None:
    """The baseline's value as given, or worked out from the value and the published change."""
    if figure.baseline is None:
        return None
    return _earlier_value(figure, figure.baseline.value, figure.baseline.published_change)


def _earlier_value(
    figure: FigureCommon, given: Decimal | None, published: PublishedChange | None
) -> Decimal | None:
    if given is not None or isinstance(figure, ChangeFigure):
        return given
    value = value_of(figure)
    if value is None or published is None or published.absolute is None:
        return None
    return value - published.absolute


def change(figure: FigureCommon) -> Change | None:
    """The change against the comparator: computed when possible, else as published."""
    if isinstance(figure, ChangeFigure):
        value = value_of(figure)
        return None if value is None else Change(figure.absolute, value, as_published=True)
    given = figure.comparator.value if figure.comparator else None
    return _change_from(figure, given, comparator_value(figure), figure.published_change)


def baseline_change(figure: FigureCommon) -> Change | None:
    """The change since the baseline: computed when possible, else as published."""
    given = figure.baseline.value if figure.baseline else None
    published = figure.baseline.published_change if figure.baseline else None
    return _change_from(figure, given, baseline_value(figure), published)


def _change_from(
    figure: FigureCommon,
    given: Decimal | None,
    earlier: Decimal | None,
    published: PublishedChange | None,
) -> Change | None:
    computed = computed_change(figure, earlier)
    if computed is not None and (given is not None or published is None):
        return computed
    if published is not None and value_of(figure) is not None:
        # Without the earlier value as published, its percentage is printed as published: '64%'
        # from a source that rounded to whole numbers, never a more precise-looking '64.0%'.
        absolute = published.absolute if computed is None else computed.absolute
        percent = published.percent
        if percent is None and computed is not None:
            percent = computed.percent
        return Change(absolute, percent, as_published=True)
    return computed


def _plain(value: Decimal) -> str:
    """A number with thousands separators, keeping the decimal places it was given."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= 0:
        return f"{int(value):,}"
    return f"{value:,f}"


def as_published(value: Decimal) -> Decimal:
    """A percentage at the precision it was given, rounded to one decimal place at most."""
    exponent = value.as_tuple().exponent
    return value if isinstance(exponent, int) and exponent >= -1 else round_half_up(value)


def _percent(value: Decimal) -> str:
    return f"{as_published(abs(value)):,f}%"


def rank_position(figure: RankFigure, position: int) -> str:
    """'second-highest', '12th highest', and plain 'highest' for first place ('the highest of 43
    forces'): GOV.UK style spells out first to ninth."""
    if position == 1:
        return figure.order
    if position < len(_ORDINALS):
        return f"{_ORDINALS[position]}-{figure.order}"
    return f"{ordinal(position)} {figure.order}"


_ORDINALS = (
    "",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
)


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def duration(seconds: Decimal) -> str:
    """Seconds in words: '5 seconds', '90 seconds', '2 minutes 14 seconds', '1 hour 5 minutes'."""
    total = int(round_half_up(abs(seconds), Decimal(1)))
    if total < 120:
        return _unit(total, "second")
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [_unit(hours, "hour")] if hours else []
    parts += [_unit(minutes, "minute")] if minutes or hours else []
    parts += [_unit(secs, "second")] if secs and not hours else []
    return " ".join(parts)


def _unit(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def money(value: Decimal) -> str:
    amount = abs(value)
    if amount >= 1_000_000 and (amount / 100_000) == (amount / 100_000).to_integral_value():
        millions = (amount / 1_000_000).normalize()
        return f"£{millions:f} million"
    return f"£{_plain(amount)}"


RATE_BASES = {1000: "1,000", 100000: "100,000", 1000000: "million"}


def magnitude(figure: FigureCommon, value: Decimal) -> str:
    """A value of this figure in its unit, without sign: '48,938', '83.0%', '£2 million'."""
    match figure:
        case RateFigure():
            return f"{_plain(abs(value))} per {RATE_BASES[figure.per]} {figure.population}"
        case PercentageFigure():
            return _percent(value)  # as precise as published ("90%", "83.0%"), at most one place
        case ChangeFigure():
            return _percent(value)
        case DurationFigure():
            return duration(value)
        case MoneyFigure():
            return money(value)
        case RankFigure():
            return f"{rank_position(figure, int(value))} of {figure.of} {figure.among}"
        case _:
            return _plain(abs(value))


def formatted_value(figure: FigureCommon) -> str:
    """The figure's value as the statement prints it, or 'not available'."""
    value = value_of(figure)
    if value is None:
        return NOT_AVAILABLE
    if isinstance(figure, ChangeFigure):
        return signed_percent(value)
    text = magnitude(figure, value)
    if isinstance(figure, CountFigure) and figure.qualifier:
        return f"{figure.qualifier} {text}"
    return text


def signed_percent(value: Decimal) -> str:
    rounded = as_published(value)
    sign = "+" if rounded > 0 else MINUS if rounded < 0 else ""
    return f"{sign}{_percent(rounded)}"


def change_amount(figure: FigureCommon, amount: Decimal) -> str:
    """An absolute change in the figure's unit: '14', '2.0 percentage points', '3 places'."""
    if isinstance(figure, PercentageFigure):
        points = round_half_up(abs(amount))
        return f"{points:f} percentage {'point' if points == 1 else 'points'}"
    if isinstance(figure, RankFigure):
        return _unit(int(abs(amount)), "place")
    if isinstance(figure, RateFigure | ChangeFigure):
        return _plain(abs(amount))
    return magnitude(figure, amount)


def change_in_words(figure: FigureCommon, found: Change | None) -> str:
    """'a reduction of 14 (31.1%)', 'an increase of 2.0 percentage points', 'no change'."""
    if found is None:
        return "no comparison available"
    if found.direction == 0:
        return "no change"
    if isinstance(figure, RankFigure) and figure.comparator and figure.comparator.value is not None:
        return f"previously {rank_position(figure, int(figure.comparator.value))}"
    noun = "an increase" if found.direction > 0 else "a reduction"
    if found.absolute is not None and found.percent is not None:
        return f"{noun} of {change_amount(figure, found.absolute)} ({_percent(found.percent)})"
    if found.absolute is not None:
        return f"{noun} of {change_amount(figure, found.absolute)}"
    assert found.percent is not None
    return f"{noun} of {_percent(found.percent)}"


def change_in_table(figure: FigureCommon, found: Change | None) -> str:
    """A compact signed change for tables: '−14 (−31.1%)', '+2.0 percentage points'."""
    if found is None:
        return "–"
    parts = []
    if found.absolute is not None:
        sign = "+" if found.absolute > 0 else MINUS if found.absolute < 0 else ""
        parts.append(sign + change_amount(figure, found.absolute))
    if found.percent is not None:
        text = signed_percent(found.percent)
        parts.append(f"({text})" if parts else text)
    return " ".join(parts)
