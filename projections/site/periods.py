"""A coalition's status through time, from its state as of the build date.

The rules answer "what status on day D"; status only changes on a few days (recognition,
a deadline passing, a reactivation, dissolution), so asking on each of those days gives
every period without walking the calendar.
"""

from __future__ import annotations

from datetime import date, timedelta

from dcledger.ledger import rules
from dcledger.ledger.state import CoalitionState
from dcledger.ledger.vocabulary import Lifecycle


def status_on(state: CoalitionState, day: date) -> str:
    if day < state.proposed_on:
        return "not proposed"
    if state.declined_on and day >= state.declined_on:
        return "declined"
    if state.dissolved_on and day >= state.dissolved_on:
        return "dissolved"
    if not state.recognized_on or day < state.recognized_on:
        return "proposed"
    if state.lifecycle != "recognized":  # dissolved later: it was recognized until then
        state = state.model_copy(update={"lifecycle": Lifecycle.RECOGNIZED})
    return rules.standing(state, day).status


def change_days(state: CoalitionState, as_of: date) -> list[date]:
    days = {state.proposed_on, *state.reactivations}
    days.update(d for d in (state.recognized_on, state.declined_on, state.dissolved_on) if d)
    for year in rules.owed_years(state, as_of):
        days.add(rules.deadline(year, state.reports.get(year)) + timedelta(days=1))
    return sorted(d for d in days if d <= as_of)


def periods(state: CoalitionState, as_of: date) -> list[tuple[date, date, str]]:
    """(start, end, status) periods from the proposal to `as_of`, merged when equal."""
    found: list[tuple[date, date, str]] = []
    days = change_days(state, as_of)
    for start, end in zip(days, [*days[1:], as_of], strict=True):
        status = status_on(state, start)
        if found and found[-1][2] == status:
            found[-1] = (found[-1][0], end, status)
        else:
            found.append((start, end, status))
    return found
