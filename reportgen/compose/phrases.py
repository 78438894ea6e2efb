"""The grammar of generated sentences: labels inside a sentence, periods after 'in' and 'from', counts."""

from __future__ import annotations

import re
from collections.abc import Sequence

from reportgen.dates import MONTHS
from reportgen.read.periods import read_period

__all__ = [
    "and_list",
    "as_sentence",
    "compared",
    "during",
    "from_to",
    "full_stop",
    "in_sentence",
    "number_words",
    "period_months",
    "period_noun",
]

# Month names as typed in period labels, in any case.
_MONTHS = "|".join(month.lower() for month in MONTHS)
# A period that reads as a noun on its own: '2024/25', 'calendar year 2024', 'April 2025', 'Q1 2024/25'.
_NAMED = re.compile(
    rf"^(?:(?:calendar|financial) year )?(?:\d{{4}}(?:/\d{{2}}|-\d{{2}})?|(?:{_MONTHS}) \d{{4}}"
    rf"|(?:{_MONTHS})(?: \d{{4}})? to (?:{_MONTHS}) \d{{4}}"
    r"|q[1-4] \d{4}(?:/\d{2})?|\d{4}(?:/\d{2})? q[1-4])$",
    re.IGNORECASE,
)
# A period that needs 'the' in a sentence: 'the year ending March 2023', 'the 12 months to …'.
_NEEDS_ARTICLE = re.compile(
    r"^(?:year|financial year|calendar year|quarter|month|week|period|first|last|rolling"
    r"|\d+ months|(?:three|six|nine|twelve) months)\b",
    re.IGNORECASE,
)
# A period that already carries its preposition: 'since April 2023', 'to September 2023'.
_PREPOSITION = re.compile(
    r"^(?:since|to|up to|until|as of|as at|by|between|from|during|over|in|on|at)\b",
    re.IGNORECASE,
)
_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def in_sentence(label: str) -> str:
    """A label as it reads inside a sentence: 'Homicides recorded' becomes 'homicides recorded'.

    A label that opens with a name keeps its capital: 'Action Fraud reports', 'NHS waiting times',
    '999 calls'. A name is a word in capitals, or a capitalised word followed by another.
    """
    words = label.split(" ")
    first = words[0]
    if not (first[:1].isupper() and (first[1:].islower() or len(first) == 1)):
        return label
    if len(words) > 1 and words[1][:1].isupper():
        return label
    return first[0].lower() + label[1:]


def in_cell(text: str) -> str:
    """Text as a table cell starts it: with a capital ('calendar year 2024' is 'Calendar year
    2024'), as every other cell and heading of the table does."""
    return text[:1].upper() + text[1:]


def as_sentence(text: str) -> str:
    """Text typed by staff as a whole sentence: a capital first, a full stop last."""
    text = full_stop(text)
    return text[:1].upper() + text[1:]


def full_stop(text: str) -> str:
    """Text with its spaces tidied and a full stop at the end, unless it ends a sentence already."""
    text = " ".join(text.split())
    return text if not text or text.endswith((".", "!", "?")) else text + "."


def period_noun(label: str) -> str | None:
    """The period as a noun after 'from' or 'to': '2024/25', 'the year ending March 2023'.

    None when the label does not read as one ('since April 2023', 'Operation Fearless to date').
    """
    if label.lower().startswith("the "):
        return label
    if _NAMED.match(label):
        return label
    if _NEEDS_ARTICLE.match(label):
        return f"the {label}"
    # Any other form the period grammar reads ('Q1 2025-26', 'April to June 2025') is a noun as
    # written.
    read = read_period(label)
    return label if read is not None and read.start is not None else None


def during(label: str) -> str | None:
    """When, as a phrase: 'in 2024/25', 'in the year ending March 2023', 'since April 2023'.

    None when the label reads as neither ('Operation Fearless to date').
    """
    if _PREPOSITION.match(label):
        return label
    noun = period_noun(label)
    return f"in {noun}" if noun else None


def from_to(earlier: str, later: str) -> str | None:
    """'from 2023/24 to 2024/25', or None when either period does not read as a noun or has a
    'to' of its own ('from April to December 2023 to …' would not read)."""
    start, end = period_noun(earlier), period_noun(later)
    if start is None or end is None or " to " in f"{start} {end}":
        return None
    return f"from {start} to {end}"


def compared(earlier: str, later: str) -> str | None:
    """Two periods as a comparison: 'from 2023/24 to 2024/25', else 'in April to December 2024
    compared with April to December 2023'; None when either does not read as a period."""
    span = from_to(earlier, later)
    if span:
        return span
    when, start = during(later), period_noun(earlier)
    return f"{when} compared with {start}" if when and start else None


def number_words(count: int) -> str:
    """A count as a headline writes it: words to nine, then figures."""
    return _WORDS[count] if 0 <= count < len(_WORDS) else f"{count:,}"


def and_list(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def period_months(label: str) -> int | None:
    """How many months a period covers, read from its label; None when the label does not say.

    '2024/25', 'calendar year 2024' and 'year ending March 2023' are 12 months, '12 months to
    September 2024' is 12, 'Q1 2024/25' and 'quarter to June 2024' are 3, 'July 2023' is 1.
    'Since April 2023' and 'Operation Fearless to date' say no length: they are not trend points.
    """
    read = read_period(label)
    return None if read is None else read.months
