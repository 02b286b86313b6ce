"""Dates at the boundary: the log, its facts and every published document carry them as
ISO text (YYYY-MM-DD); folded state and the rules work with `datetime.date`."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from functools import lru_cache

from dcledger.ledger.errors import InvalidInput

# The one form users write dates in. `date.fromisoformat` also reads '20210601' and week
# dates ('2021-W22-3'), which nobody means when the contract says YYYY-MM-DD.
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def from_iso(text: str) -> date:
    """A date a user wrote as YYYY-MM-DD, and only so (ValueError otherwise)."""
    if not ISO_DATE.fullmatch(text):
        raise ValueError(f"{text!r} is not written YYYY-MM-DD")
    return date.fromisoformat(text)


def user_date(text: str, what: str) -> date:
    """A date a user gave for `what` (an option, an argument), refused in their words."""
    try:
        return from_iso(text)
    except ValueError:
        raise InvalidInput(f"{what} '{text}' is not a date (YYYY-MM-DD)") from None


def day(value: str | date) -> date:
    """A date from its ISO text (a date is returned as it is)."""
    return value if isinstance(value, date) else parsed(value)


@lru_cache(maxsize=8192)  # a history names few distinct days, each many times
def parsed(text: str) -> date:
    return date.fromisoformat(text)


def iso(value: date | None) -> str | None:
    """A date as the ISO text documents and read models show (None stays None)."""
    return None if value is None else value.isoformat()


def check_period(start: date, end: date) -> None:
    """A period named by its two ends (FROM and TO) runs forward."""
    if end < start:
        raise InvalidInput(f"TO {end} is before FROM {start}")


def today() -> date:
    """The current date in UTC: the default effective date, and the day status is of."""
    return datetime.now(UTC).date()
