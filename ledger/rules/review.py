"""Which years a review judges: a year counts as ended from its last day on."""

from __future__ import annotations

from datetime import date


def last_ended_year(as_of: date) -> int:
    """The latest year whose last day `as_of` has reached: a year-end review (as of 31
    December) is about its own year."""
    return as_of.year if (as_of.month, as_of.day) == (12, 31) else as_of.year - 1
