"""What a yearly review judges: the year it is about (a year counts as ended from its
last day on) and the coalitions it covers."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from dcledger.ledger.vocabulary import Lifecycle

if TYPE_CHECKING:
    from dcledger.ledger.state import CoalitionState


def last_ended_year(as_of: date) -> int:
    """The latest year whose last day `as_of` has reached: a year-end review (as of 31
    December) is about its own year."""
    return as_of.year if (as_of.month, as_of.day) == (12, 31) else as_of.year - 1


def reviewed_in(year: int, at_year_end: CoalitionState | None, now: CoalitionState) -> bool:
    """A coalition is reviewed for a year it was recognized by (or later in, as known now)
    and had not been dissolved before. `at_year_end` is the coalition as of the year's
    end (None: not proposed yet), `now` as of the review's as-of date."""
    not_yet = at_year_end is None or at_year_end.lifecycle in (
        Lifecycle.PROPOSED,
        Lifecycle.DECLINED,
    )
    if not_yet and (now.recognized_on is None or now.recognized_on.year > year):
        return False
    return not (now.dissolved_on and now.dissolved_on.year < year)
