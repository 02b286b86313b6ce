"""A coalition's status through time, each day judged from the coalition as of that day.

The rules answer "what status on day D" from the state as of D, as `status --as-of D`
does: a state folded later would count an extension granted after D as if it had
already been granted. Status only changes on a few days (recognition, a deadline
passing, a reactivation, dissolution), so asking on each of those days gives every
period without walking the calendar.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta

from dcledger.ledger import rules
from dcledger.ledger.state import CoalitionState

# The coalition's status on each of some days, each judged from the coalition as of it.
StatusesOn = Callable[[list[date]], dict[date, str]]


def status_on(state: CoalitionState | None, day: date) -> str:
    """The status on `day` of a coalition whose state is as of `day` (None: not yet)."""
    return "not proposed" if state is None else rules.standing(state, day).status


def change_days(state: CoalitionState, as_of: date, fact_days: Iterable[date] = ()) -> list[date]:
    """The days a status may change on: the days the coalition's lifecycle, reports and
    extension decisions took effect (`fact_days`, from its facts: a proposal made again
    hides the first one's day from the state), and for every year since the first of
    them, the day after its original deadline and after any deadline an extension set
    (a grant made later is not yet made on the days before it)."""
    days = {state.proposed_on, *state.reactivations, *fact_days}
    days.update(d for d in (state.recognized_on, state.declined_on, state.dissolved_on) if d)
    for report in state.reports.values():
        days.update(d for d in (report.filed_on, report.extension_decided_on) if d)
    first = min(days)
    for year in range(first.year, as_of.year):
        for due in (rules.original_deadline(year), rules.deadline(year, state.reports.get(year))):
            days.add(due + timedelta(days=1))
    return sorted(d for d in days if d <= as_of)


def periods(
    state: CoalitionState, as_of: date, statuses_on: StatusesOn, fact_days: Iterable[date] = ()
) -> list[tuple[date, date, str]]:
    """(start, end, status) periods from the first proposal to `as_of`, merged when
    equal; each status is judged from the coalition as of its day (`statuses_on`)."""
    found: list[tuple[date, date, str]] = []
    days = change_days(state, as_of, fact_days)
    statuses = statuses_on(days)
    for start, end in zip(days, [*days[1:], as_of], strict=True):
        status = statuses[start]
        if found and found[-1][2] == status:
            found[-1] = (found[-1][0], end, status)
        else:
            found.append((start, end, status))
    return found
