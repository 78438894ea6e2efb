"""Dates, sizes and missing values in words, GOV.UK style, the same in every output and message."""

from __future__ import annotations

from datetime import date

# How a statement says a value is missing, in running text and (capitalised) in table cells.
NOT_AVAILABLE = "not available"

# Spelt out here rather than by strftime('%B'), whose month names follow the machine's locale.
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# The Welsh month names. A month after "i" ("to") takes the soft mutation: "Ionawr i Fawrth".
MONTHS_CY = (
    "Ionawr",
    "Chwefror",
    "Mawrth",
    "Ebrill",
    "Mai",
    "Mehefin",
    "Gorffennaf",
    "Awst",
    "Medi",
    "Hydref",
    "Tachwedd",
    "Rhagfyr",
)
_MUTATED_CY = tuple(
    [
        "Ionawr",
        "Chwefror",
        "Fawrth",
        "Ebrill",
        "Fai",
        "Fehefin",
        "Orffennaf",
        "Awst",
        "Fedi",
        "Hydref",
        "Dachwedd",
        "Ragfyr",
    ]
)


def _months(language: str) -> tuple[str, ...]:
    return MONTHS_CY if language == "cy" else MONTHS


def long_date(day: date, language: str = "en") -> str:
    """'30 June 2025' ('30 Mehefin 2025' in Welsh): no leading zero, no weekday, no comma."""
    return f"{day.day} {_months(language)[day.month - 1]} {day.year}"


def month_year(day: date, language: str = "en") -> str:
    """'June 2025' ('Mehefin 2025')."""
    return f"{_months(language)[day.month - 1]} {day.year}"


def month_span(start: date, end: date, language: str = "en") -> str:
    """'January to March 2025' ('Ionawr i Fawrth 2025'): a quarter's months, the year said once."""
    if language == "cy":
        return f"{MONTHS_CY[start.month - 1]} i {_MUTATED_CY[end.month - 1]} {end.year}"
    return f"{MONTHS[start.month - 1]} to {MONTHS[end.month - 1]} {end.year}"


def file_size(size: int) -> str:
    """'412 KB', '1.2 MB': as GOV.UK shows attachment sizes (1 KB = 1,024 bytes)."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{round(size / 1024):,} KB"
    return f"{size / (1024 * 1024):.1f} MB"
