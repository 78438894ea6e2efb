"""Period labels as OPCCs write them, read as dates; and the edition period figures inherit."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportgen.dates import MONTHS, long_date

_MONTH_NUMBERS = {name.lower(): n for n, name in enumerate(MONTHS, start=1)} | {
    name[:3].lower(): n for n, name in enumerate(MONTHS, start=1)
}
_MONTH_NUMBERS["sept"] = 9
_MONTH = "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True))
_NUMBER_WORDS = {
    "one": 1,
    "three": 3,
    "six": 6,
    "nine": 9,
    "twelve": 12,
    "eighteen": 18,
    "twenty-four": 24,
    "thirty-six": 36,
}
_AMOUNT = r"[0-9]{1,2}|" + "|".join(_NUMBER_WORDS)
_YEAR = r"[0-9]{4}|[0-9]{2}"
# A month with its year, or a day, month and year: 'June 2025', 'Jun 25', '30 June 2025'.
_WHEN = (
    rf"(?:(?P<day>[0-9]{{1,2}})(?:st|nd|rd|th)?\s+)?(?P<month>{_MONTH})\.?,?\s+(?P<year>{_YEAR})"
)
_FINANCIAL_YEAR = r"(?P<fy>[0-9]{4})\s*[/\-–]\s*(?P<fy_end>[0-9]{4}|[0-9]{2})"

# Examples for messages and the documentation: every form the grammar reads.
EXAMPLES = (
    "2024/25",
    "Q1 2025-26",
    "April to June 2025",
    "12 months to June 2025",
    "year ending March 2023",
    "YE Mar 23",
    "2024",
    "April to December 2023",
    "June 2025",
    "as at 31 March 2025",
)


@dataclass(frozen=True)
class PeriodDates:
    """The dates a period label names. A point in time ('as at 31 March 2025') has no start."""

    start: date | None
    end: date
    # 'As of September 2024' names a month, not a day: any end date within it agrees.
    earliest_end: date | None = None

    @property
    def months(self) -> int | None:
        """Whole calendar months covered, or None for a point in time or a part-month span."""
        if self.start is None or self.start.day != 1 or not _month_end(self.end):
            return None
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    @property
    def days(self) -> int | None:
        return None if self.start is None else (self.end - self.start).days + 1

    def agrees(self, end: date | None, start: date | None = None) -> bool:
        """Whether end and start dates given beside the label say the same as the label."""
        if end is not None and not (self.earliest_end or self.end) <= end <= self.end:
            return False
        return start is None or start == self.start

    def overlaps(self, other: PeriodDates) -> bool:
        if self.start is None or other.start is None:
            return False
        return self.start <= other.end and other.start <= self.end

    def same_length(self, other: PeriodDates) -> bool:
        """Like for like: the same number of months, or of days give or take a leap day."""
        if self.months is not None and other.months is not None:
            return self.months == other.months
        if self.days is None or other.days is None:
            return True  # a point in time has no length to differ in
        return abs(self.days - other.days) <= 1

    def __str__(self) -> str:
        if self.start is None:
            return long_date(self.end)
        return f"{long_date(self.start)} to {long_date(self.end)}"


def read_period(label: str) -> PeriodDates | None:
    """The dates a label names, or None when the label is not one of the forms in EXAMPLES."""
    text = re.sub(r"\s+", " ", label.strip().rstrip(".").lower().replace("–", "-"))
    text = re.sub(r"^(?:the )", "", text)
    for reader in _READERS:
        found = reader(text)
        if found is not None:
            return found
    return None


def _financial_year(text: str) -> PeriodDates | None:
    match = re.fullmatch(rf"(?:(?:fy|financial year) )?{_FINANCIAL_YEAR}", text)
    start = _first_year_of(match)
    if start is None:
        return None
    return PeriodDates(date(start, 4, 1), date(start + 1, 3, 31))


def _first_year_of(match: re.Match[str] | None) -> int | None:
    """The first year of '2024/25' or '2024-2025'; None unless the two years are consecutive."""
    if match is None:
        return None
    start, end = int(match["fy"]), match["fy_end"]
    following = start + 1 if len(end) == 4 else (start + 1) % 100
    return start if int(end) == following else None


def _financial_quarter(text: str) -> PeriodDates | None:
    match = re.fullmatch(
        rf"(?:q|quarter )(?P<q>[1-4]),? (?:of )?(?:fy )?{_FINANCIAL_YEAR}", text
    ) or re.fullmatch(rf"(?:fy )?{_FINANCIAL_YEAR},? (?:q|quarter )(?P<q>[1-4])", text)
    start = _first_year_of(match)
    if match is None or start is None:
        return None
    first_month = 4 + 3 * (int(match["q"]) - 1)
    return _months_ending(start, first_month + 2, 3)


def _rolling(text: str) -> PeriodDates | None:
    match = re.fullmatch(
        rf"(?:rolling )?(?:(?P<amount>{_AMOUNT})[ -]months?|year|quarter|ye)"
        rf"(?: (?:to|ending|up to|ended))?(?: the end of)? {_WHEN}",
        text,
    )
    if match is None or (text.startswith("ye ") and match["day"]):
        return None
    amount = match["amount"]
    if amount is None:
        months = 3 if text.startswith("quarter") else 12
    else:
        months = int(amount) if amount.isdigit() else _NUMBER_WORDS[amount]
    if not 1 <= months <= 60:
        return None
    end = _when(match)
    if end is None:
        return None
    if match["day"] and not _month_end(end):
        # '12 months to 15 August 2024': runs from the day after the same date a year earlier.
        start_month = end.month - months
        first = date(end.year + (start_month - 1) // 12, (start_month - 1) % 12 + 1, 1)
        return PeriodDates(_day_after_same_date(first, end.day), end)
    return _months_ending(end.year, end.month, months)


def _day_after_same_date(month: date, day: int) -> date:
    last = calendar.monthrange(month.year, month.month)[1]
    return date.fromordinal(date(month.year, month.month, min(day, last)).toordinal() + 1)


def _month_range(text: str) -> PeriodDates | None:
    match = re.fullmatch(
        rf"(?P<first>{_MONTH})(?: (?P<first_year>{_YEAR}))? ?(?:to|-|—|until) ?(?P<last>{_MONTH}) "
        rf"(?P<year>{_YEAR})",
        text,
    )
    if match is None:
        return None
    first, last = _MONTH_NUMBERS[match["first"]], _MONTH_NUMBERS[match["last"]]
    year = _year(match["year"])
    first_year = _year(match["first_year"]) if match["first_year"] else None
    if first_year is None:
        first_year = year if first <= last else year - 1
    start = date(first_year, first, 1)
    end = date(year, last, calendar.monthrange(year, last)[1])
    return PeriodDates(start, end) if start < end else None


def _date_range(text: str) -> PeriodDates | None:
    match = re.fullmatch(
        rf"(?:from )?(?P<d1>[0-9]{{1,2}}) (?P<m1>{_MONTH}) (?P<y1>[0-9]{{4}}) ?(?:to|-|—|until) ?"
        rf"(?P<d2>[0-9]{{1,2}}) (?P<m2>{_MONTH}) (?P<y2>[0-9]{{4}})",
        text,
    )
    if match is None:
        return None
    start = _date(int(match["y1"]), _MONTH_NUMBERS[match["m1"]], int(match["d1"]))
    end = _date(int(match["y2"]), _MONTH_NUMBERS[match["m2"]], int(match["d2"]))
    return PeriodDates(start, end) if start and end and start < end else None


def _calendar_year(text: str) -> PeriodDates | None:
    match = re.fullmatch(r"(?:calendar year |cy )?(?P<year>[0-9]{4})", text)
    if match is None:
        return None
    year = int(match["year"])
    return PeriodDates(date(year, 1, 1), date(year, 12, 31))


def _month(text: str) -> PeriodDates | None:
    match = re.fullmatch(rf"{_WHEN}", text)
    if match is None or match["day"]:
        return None
    end = _when(match)
    return None if end is None else _months_ending(end.year, end.month, 1)


def _point(text: str) -> PeriodDates | None:
    match = re.fullmatch(rf"(?:as (?:at|of)|at|on) (?:the end of )?{_WHEN}", text)
    if match is None:
        return None
    end = _when(match)
    if end is None:
        return None
    earliest = None if match["day"] else date(end.year, end.month, 1)
    return PeriodDates(None, end, earliest)


def _when(match: re.Match[str]) -> date | None:
    """The last day a '30 June 2025' or 'June 2025' names."""
    year, month = _year(match["year"]), _MONTH_NUMBERS[match["month"]]
    if match["day"]:
        return _date(year, month, int(match["day"]))
    return date(year, month, calendar.monthrange(year, month)[1])


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)


def _month_end(day: date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def _months_ending(year: int, month: int, months: int) -> PeriodDates:
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    end = date(year, month, calendar.monthrange(year, month)[1])
    first = month - months + 1
    start = date(year + (first - 1) // 12, (first - 1) % 12 + 1, 1)
    return PeriodDates(start, end)


_READERS = (
    _financial_year,
    _financial_quarter,
    _rolling,
    _month_range,
    _date_range,
    _calendar_year,
    _month,
    _point,
)


def with_edition_defaults(data: Any) -> Any:
    """The edition's data with its default period and comparator period given to every figure
    that does not state its own, so the rest of reportgen sees each figure whole."""
    if not isinstance(data, dict) or not isinstance(data.get("priorities"), dict):
        return data
    period, earlier = data.get("period"), data.get("comparator_period")
    if period is None and earlier is None:
        return data
    priorities = {}
    for key, content in data["priorities"].items():
        figures = content.get("figures") if isinstance(content, dict) else None
        if isinstance(figures, list):
            content = {**content, "figures": [_inherit(f, period, earlier) for f in figures]}
        priorities[key] = content
    return {**data, "priorities": priorities}


def _inherit(figure: Any, period: Any, earlier: Any) -> Any:
    if not isinstance(figure, dict):
        return figure
    if period is not None and "period" not in figure:
        figure = {**figure, "period": period}
    if earlier is not None:
        comparator = figure.get("comparator")
        if isinstance(comparator, dict) and "label" not in comparator:
            figure = {**figure, "comparator": {"label": earlier, **comparator}}
        elif comparator is None and (
            figure.get("published_change") or figure.get("kind") == "change"
        ):
            figure = {**figure, "comparator": {"label": earlier}}
    return figure
