"""Dates at the boundary: the log, its facts and every published document carry them as
ISO text (YYYY-MM-DD); folded state and the rules work with `datetime.date`."""

from __future__ import annotations

from datetime import date
from functools import lru_cache


def day(value: str | date) -> date:
    """A date from its ISO text (a date is returned as it is)."""
    return value if isinstance(value, date) else parsed(value)


@lru_cache(maxsize=8192)  # a history names few distinct days, each many times
def parsed(text: str) -> date:
    return date.fromisoformat(text)


def iso(value: date | None) -> str | None:
    """A date as the ISO text documents and read models show (None stays None)."""
    return None if value is None else value.isoformat()
