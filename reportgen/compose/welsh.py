"""Figures written in Welsh: values, units and changes, in the words of templates/wording.cy.yaml."""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

from reportgen import quantities
from reportgen.compose.wording import Phrasebook, Wording
from reportgen.quantities import MINUS, Change, round_half_up, value_of
from reportgen.read.languages import WELSH
from reportgen.read.model import (
    ChangeFigure,
    CountFigure,
    DurationFigure,
    FigureCommon,
    MoneyFigure,
    PercentageFigure,
    RankFigure,
    RateFigure,
)

__all__ = ["FigureWords", "WelshFigures", "figure_words"]


class FigureWords(Protocol):
    """How a statement writes figures in its language; the `quantities` module writes English."""

    def magnitude(self, figure: FigureCommon, value: Decimal) -> str: ...
    def formatted_value(self, figure: FigureCommon) -> str: ...
    def change_amount(self, figure: FigureCommon, amount: Decimal) -> str: ...
    def change_in_words(self, figure: FigureCommon, found: Change | None) -> str: ...
    def change_in_table(self, figure: FigureCommon, found: Change | None) -> str: ...


class WelshFigures:
    """Figures in Welsh. Digits, separators and signs are as in English; the words are Welsh.

    A number written in digits is followed by the singular noun, as Welsh does ('14 munud').
    """

    def __init__(self, wording: Wording) -> None:
        self.say = wording

    def magnitude(self, figure: FigureCommon, value: Decimal) -> str:
        match figure:
            case RateFigure():
                base = self.say("million") if figure.per == 1_000_000 else f"{figure.per:,}"
                return self.say(
                    "rate", value=_plain(abs(value)), base=base, population=figure.population
                )
            case DurationFigure():
                return self._duration(value)
            case MoneyFigure():
                english = quantities.money(value)
                return english.replace("million", self.say("million"))
            case RankFigure():
                raise ValueError("a rank is not written in Welsh; validation refuses it")
            case _:
                return quantities.magnitude(figure, value)

    def formatted_value(self, figure: FigureCommon) -> str:
        value = value_of(figure)
        if value is None:
            return self.say("not_available_text")
        if isinstance(figure, ChangeFigure):
            return quantities.signed_percent(value)
        text = self.magnitude(figure, value)
        if isinstance(figure, CountFigure) and figure.qualifier:
            return f"{self._qualifier(figure.qualifier)} {text}"
        return text

    def change_amount(self, figure: FigureCommon, amount: Decimal) -> str:
        if isinstance(figure, PercentageFigure):
            return f"{round_half_up(abs(amount)):f} {self.say('percentage_points')}"
        if isinstance(figure, RateFigure | ChangeFigure):
            return quantities.change_amount(figure, amount)
        return self.magnitude(figure, amount)

    def change_in_words(self, figure: FigureCommon, found: Change | None) -> str:
        if found is None:
            return self.say("no_comparison")
        if found.direction == 0:
            return self.say("no_change")
        parts = []
        if found.absolute is not None:
            parts.append(self.change_amount(figure, found.absolute))
        if found.percent is not None:
            percent = f"{quantities.as_published(abs(found.percent)):,f}%"
            parts.append(f"({percent})" if parts else percent)
        return self.say("increase" if found.direction > 0 else "reduction", amount=" ".join(parts))

    def change_in_table(self, figure: FigureCommon, found: Change | None) -> str:
        if found is None:
            return "–"
        parts = []
        if found.absolute is not None:
            sign = "+" if found.absolute > 0 else MINUS if found.absolute < 0 else ""
            parts.append(sign + self.change_amount(figure, found.absolute))
        if found.percent is not None:
            text = quantities.signed_percent(found.percent)
            parts.append(f"({text})" if parts else text)
        return " ".join(parts)

    def _duration(self, seconds: Decimal) -> str:
        total = int(round_half_up(abs(seconds), Decimal(1)))
        if total < 120:
            return f"{total:,} {self.say('second')}"
        hours, rest = divmod(total, 3600)
        minutes, secs = divmod(rest, 60)
        parts = [f"{hours:,} {self.say('hour')}"] if hours else []
        parts += [f"{minutes} {self.say('minute')}"] if minutes or hours else []
        parts += [f"{secs} {self.say('second')}"] if secs and not hours else []
        return " ".join(parts)

    def _qualifier(self, qualifier: str) -> str:
        words = self.say.text.get("qualifiers")
        found = words.get(qualifier) if isinstance(words, dict) else None
        return str(found) if found else self.say("qualifier_" + qualifier)


def _plain(value: Decimal) -> str:
    """A number with thousands separators, keeping the decimal places it was given."""
    exponent = value.as_tuple().exponent
    return f"{int(value):,}" if isinstance(exponent, int) and exponent >= 0 else f"{value:,f}"


def figure_words(say: Phrasebook) -> FigureWords:
    """How the statement `say` speaks for writes its figures: in Welsh, or as `quantities` does."""
    return WelshFigures(say.wording) if say.language == WELSH else quantities
