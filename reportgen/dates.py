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


def long_date(day: date) -> str:
    """'30 June 2025': no leading zero, no weekday, no comma."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def month_year(day: date) -> str:
    """'June 2025'."""
    return f"{MONTHS[day.month - 1]} {day.year}"


def month_span(start: date, end: date) -> str:
    """'January to March 2025': the months a quarter covers, the year said once."""
    return f"{MONTHS[start.month - 1]} to {MONTHS[end.month - 1]} {end.year}"


def file_size(size: int) -> str:
    """'412 KB', '1.2 MB': as GOV.UK shows attachment sizes (1 KB = 1,024 bytes)."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{round(size / 1024):,} KB"
    return f"{size / (1024 * 1024):.1f} MB"
