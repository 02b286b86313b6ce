"""The charter's activity requirement: a meeting or an output in every year since
recognition."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from dcledger.ledger.rules.review import last_ended_year

if TYPE_CHECKING:
    from dcledger.ledger.state import CoalitionState


def activity_years(state: CoalitionState) -> dict[int, int]:
    """How many meetings and outputs the coalition recorded in each year."""
    counts: dict[int, int] = {}
    for activity in state.activities:
        year = activity.on.year
        counts[year] = counts.get(year, 0) + 1
    return counts


def activity_met(state: CoalitionState, year: int) -> bool:
    """The activity requirement for `year`: at least one meeting or output in it."""
    return activity_years(state).get(year, 0) > 0


def unmet_activity_years(state: CoalitionState, as_of: date) -> list[int]:
    """Ended years since recognition without a meeting or an output (`activity_met`
    for each, counting the activities once rather than once a year)."""
    if state.recognized_on is None:
        return []
    counts = activity_years(state)
    ended = range(state.recognized_on.year, last_ended_year(as_of) + 1)
    return [y for y in ended if counts.get(y, 0) == 0]
