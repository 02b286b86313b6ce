"""DCCG attendance: the meetings a coalition could attend (those held while it was
recognized) and how many of them it attended."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from dcledger.ledger.rules.review import last_ended_year

if TYPE_CHECKING:
    from dcledger.ledger.state import CoalitionState, DccgMeetingState


def dccg_meetings_open_to(
    state: CoalitionState, meetings: Iterable[DccgMeetingState], year: int
) -> list[DccgMeetingState]:
    """The DCCG meetings of `year` the coalition could attend: those held while it was
    recognized (from its recognition up to its dissolution day)."""
    since, until = state.recognized_on, state.dissolved_on
    if since is None:
        return []
    held = (m for m in meetings if m.date.year == year and since <= m.date)
    return [m for m in held if until is None or m.date <= until]


def dccg_attendance(
    state: CoalitionState, meetings: Iterable[DccgMeetingState], year: int
) -> tuple[int, int]:
    """(DCCG meetings of `year` the coalition could attend, how many of them it attended)."""
    held = dccg_meetings_open_to(state, meetings, year)
    return len(held), sum(1 for m in held if state.slug in m.attendance)


def attendance_flags(
    state: CoalitionState, as_of: date, meetings: Iterable[DccgMeetingState]
) -> list[str]:
    """A coalition that attended none of the last ended year's DCCG meetings held while it
    was recognized (one recognized late in the year is not flagged for earlier ones)."""
    year = last_ended_year(as_of)
    held = dccg_meetings_open_to(state, meetings, year)
    if held and not any(state.slug in m.attendance for m in held):
        return [f"attended none of the {len(held)} DCCG meetings of {year}"]
    return []
