"""The annual report: its deadline (a granted extension replaces the original), which
years owe one, and whether it was filed on time, late or not at all.

Pure functions of folded state and a date, like every rule: callers fold the facts known
and in effect on the day they ask about.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from dcledger.ledger import policy

if TYPE_CHECKING:  # annotations only: the listings ask these rules without the models
    from dcledger.ledger.state import CoalitionState, Report


def original_deadline(year: int) -> date:
    return date(year + 1, policy.REPORT_DUE_MONTH, policy.REPORT_DUE_DAY)


def deadline(year: int, report: Report | None) -> date:
    """The report deadline for a year: a granted extension replaces the original."""
    if report and report.extension_status == "granted" and report.extension_until:
        return report.extension_until
    return original_deadline(year)


@dataclass(frozen=True)
class ReportStanding:
    year: int
    due: date
    extension: str | None  # requested | granted | denied
    filed_on: date | None
    outcome: str  # on-time | late | missed | pending

    @property
    def missed(self) -> bool:
        """Not filed by its deadline (a late filing still misses the year)."""
        return self.outcome in ("late", "missed")


def filed_on_time(year: int, report: Report | None) -> bool | None:
    """Was the report for `year` filed by its deadline (None: not filed)?"""
    if report is None or report.filed_on is None:
        return None
    return report.filed_on <= deadline(year, report)


def report_standing(state: CoalitionState, year: int, as_of: date) -> ReportStanding:
    report = state.reports.get(year)
    due = deadline(year, report)
    filed = report.filed_on if report else None
    if filed_on_time(year, report):
        outcome = "on-time"
    elif filed:
        outcome = "late"
    elif as_of > due:
        outcome = "missed"
    else:
        outcome = "pending"
    extension = report.extension_status if report else None
    return ReportStanding(year, due, extension, filed, outcome)


def owes_report(state: CoalitionState, year: int) -> bool:
    """A report is owed for every year from the recognition year until the coalition is
    dissolved: not for the year of dissolution, nor for an earlier year whose deadline had
    not passed by then (unless it was filed all the same)."""
    if state.recognized_on is None or state.recognized_on.year > year:
        return False
    if state.dissolved_on is None:
        return True
    report = state.reports.get(year)
    if report is not None and report.filed_on is not None:
        return True
    return state.dissolved_on.year > year and deadline(year, report) < state.dissolved_on


def owed_years(state: CoalitionState, as_of: date) -> list[int]:
    """Years whose report was owed and whose deadline has passed by `as_of`."""
    if state.recognized_on is None:
        return []
    first = state.recognized_on.year
    return [y for y in range(first, as_of.year) if as_of > deadline(y, state.reports.get(y))]


def reports_owed(state: CoalitionState, through: int) -> list[int]:
    """The years from the recognition year through `through` whose report is owed
    (`owes_report`): through the year before the running one, those due by now or
    overdue; through the running year, also the report it is working towards."""
    if state.recognized_on is None:
        return []
    return [y for y in range(state.recognized_on.year, through + 1) if owes_report(state, y)]
