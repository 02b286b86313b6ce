"""The charter's annual rules as pure functions over folded state and a date: standing
(active or inactive), session eligibility, contact details, the charter review, and the
flags a reviewer reads. Reports, activity and DCCG attendance have modules of their own.

Nothing here reads storage or the clock: callers fold the facts that were known and in
effect at the moment they ask about, and pass that moment in. Every number comes from
`ledger.policy`; every conclusion carries the reason a reader needs to check it.
"""

from __future__ import annotations

import calendar
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from dcledger.ledger import policy
from dcledger.ledger.dates import day
from dcledger.ledger.rules.activity import unmet_activity_years
from dcledger.ledger.rules.attendance import attendance_flags
from dcledger.ledger.rules.reports import (
    original_deadline,
    owed_years,
    owes_report,
    report_standing,
)
from dcledger.ledger.vocabulary import ExtensionStatus, Lifecycle, Status

if TYPE_CHECKING:  # annotations only: the listings ask these rules without the models
    from dcledger.ledger.state import CharterState, CoalitionState, DccgMeetingState, Member


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Standing:
    status: Status
    missed_years: list[int] = field(default_factory=list)
    inactive_since: date | None = None
    reasons: list[str] = field(default_factory=list)


def changed(state: Any, **fields: Any) -> Any:
    """A copy of a state with some fields changed."""
    from msgspec.structs import replace  # here: the listings never load the state library

    return replace(state, **fields)


def standing(state: CoalitionState, as_of: date | str) -> Standing:
    """Lifecycle status on `as_of`, with the inactivity rule applied."""
    as_of = day(as_of)
    if state.dissolved_on is not None and as_of < state.dissolved_on:
        # Asked about a day before its dissolution (a yearly review of a past year, with
        # the state as known now): it was recognized then.
        state = changed(state, lifecycle=Lifecycle.RECOGNIZED)
    if state.lifecycle == Lifecycle.DISSOLVED and state.recognized_on is not None:
        # Dissolution ends what is owed from its year on; a deadline already missed stays
        # missed (the yearly review says the same).
        owed = [y for y in owed_years(state, as_of) if owes_report(state, y)]
        return Standing(
            Status.DISSOLVED, [y for y in owed if report_standing(state, y, as_of).missed]
        )
    if state.lifecycle != Lifecycle.RECOGNIZED:  # proposed or declined: said as stored
        return Standing(Status(state.lifecycle))
    reports = {y: report_standing(state, y, as_of) for y in owed_years(state, as_of)}
    missed = [y for y, r in reports.items() if r.missed]
    reactivated = [d for d in state.reactivations if d <= as_of]
    last_reactivation = max(reactivated, default=None)
    counting = [
        y for y in missed if last_reactivation is None or reports[y].due > last_reactivation
    ]
    found = missed_run(counting, reports, last_reactivation)
    # An extension granted after inactivity began keeps that inactivity, from its first
    # day, even when the extended deadlines make the coalition inactive again later.
    kept = inactivity_kept(state, as_of, last_reactivation)
    if kept is not None and (found is None or kept.inactive_since < found[0]):
        return Standing(Status.INACTIVE, missed, kept.inactive_since, kept.reasons)
    if found is not None:
        return Standing(Status.INACTIVE, missed, found[0], [found[1]])
    reasons = [f"reactivated on {last_reactivation}"] if last_reactivation else []
    return Standing(Status.ACTIVE, missed, None, reasons)


def missed_run(
    counting: list[int], reports: dict[int, Any], last_reactivation: date | None
) -> tuple[date, str] | None:
    """The first run of consecutive missed years that makes a coalition inactive: the day
    inactivity begins, and why."""
    needed = policy.MISSED_YEARS_FOR_INACTIVITY
    for year in counting:
        run = list(range(year, year + needed))
        if all(y in counting for y in run):
            # From the day after the later deadline: an extension may put the first
            # year's deadline after the second's.
            since = max(reports[y].due for y in run) + timedelta(days=1)
            reason = "no report filed by the deadline for " + " and ".join(map(str, run))
            if last_reactivation:
                reason += f" (counting after the reactivation of {last_reactivation})"
            return since, reason
    return None


def inactivity_kept(
    state: CoalitionState, as_of: date, last_reactivation: date | None
) -> Standing | None:
    """Inactivity that had begun when an extension was granted, which the extension
    would otherwise end: an extension never undoes inactivity, only a reactivation does.
    The grant still replaces that year's deadline (a report filed within it is on time).
    Only grants decided after their year's original deadline can come too late."""
    late = sorted(
        (r.extension_decided_on, r.year)
        for r in state.reports.values()
        if r.extension_status == ExtensionStatus.GRANTED
        and r.extension_decided_on is not None
        and original_deadline(r.year) < r.extension_decided_on <= as_of
        and (last_reactivation is None or r.extension_decided_on > last_reactivation)
    )
    for granted_on, year in late:
        before = without_grants_from(state, granted_on)
        judged = standing(before, granted_on)
        if judged.status == Status.INACTIVE:
            reason = (
                f"{judged.reasons[0]}, as the deadlines stood before the extension for {year} "
                f"was granted on {granted_on}; an extension does not undo inactivity, "
                "only a reactivation does"
            )
            return Standing(Status.INACTIVE, [], judged.inactive_since, [reason])
    return None


def without_grants_from(state: CoalitionState, day: date) -> CoalitionState:
    """The coalition as it stood before the extensions granted on or after `day`."""
    reports = {
        year: changed(r, extension_status=ExtensionStatus.REQUESTED)
        if r.extension_status == ExtensionStatus.GRANTED
        and r.extension_decided_on is not None
        and r.extension_decided_on >= day
        else r
        for year, r in state.reports.items()
    }
    return changed(state, reports=reports)


def contact_stale(member: Member, as_of: date) -> bool:
    return contact_stale_on(member.contact_confirmed_on, as_of)


def contact_stale_on(confirmed_on: date, as_of: date) -> bool:
    """Contact details confirmed on `confirmed_on` need confirming again by `as_of`."""
    return as_of > confirmation_due(confirmed_on)


@functools.lru_cache(maxsize=4096)
def confirmation_due(confirmed_on: date) -> date:
    """The last day contact details confirmed on `confirmed_on` are fresh (a review
    asks for every member of every coalition, on a few thousand distinct days)."""
    return add_months(confirmed_on, policy.CONTACT_STALE_AFTER_MONTHS)


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reason: str


def session_eligibility(
    state: CoalitionState, as_of: date | str, meeting_year: int | None = None
) -> Eligibility:
    """May the coalition have a session at the IGF annual meeting of `meeting_year` (by
    default `as_of`'s year), judged on `as_of` from `state` as of that day? Before the
    meeting's year its report year may still be pending."""
    as_of = day(as_of)
    status = standing(state, as_of)
    if status.status != Status.ACTIVE:
        return Eligibility(False, f"the coalition is {status.status}")
    year = (meeting_year or as_of.year) - 1
    report = report_standing(state, year, as_of)
    if state.recognized_on and state.recognized_on.year > year:
        return Eligibility(False, f"recognized in {state.recognized_on.year}: no {year} report")
    if report.outcome == "on-time":
        within = " within the granted extension" if report.extension == "granted" else ""
        return Eligibility(True, f"{year} report filed on time{within} ({report.filed_on})")
    if report.outcome == "pending":
        return Eligibility(False, f"{year} report not filed yet (due {report.due})")
    if report.outcome == "late":
        return Eligibility(False, f"{year} report filed late ({report.filed_on}, due {report.due})")
    return Eligibility(False, f"no {year} report (due {report.due})")


def charter_review_missing(charter: CharterState | None, year: int) -> bool:
    """The DCCG reviews the charter once a year: a year in which a charter was in force
    (adopted on or before its last day) and no review was recorded is flagged."""
    return charter_in_force(charter, year) and year not in charter.reviews


def charter_in_force(charter: CharterState | None, year: int) -> bool:
    """A charter was in force in `year`: version 1 was adopted on or before its last day."""
    if charter is None or not charter.versions:
        return False
    return charter.versions[0].effective_date <= date(year, 12, 31)


def stakeholder_groups(state: CoalitionState) -> set[str]:
    return {m.group for m in state.members.values()}


# Flags that list members by handle, after these words (", " between handles): the public
# site names only some of them (projections/site/reviews.py).
STALE_CONTACTS = "contact details older than 12 months: "
UNSUBSCRIBED = "not subscribed to the mailing list: "
MEMBER_LISTINGS = (STALE_CONTACTS, UNSUBSCRIBED)


def fresh_since(as_of: date) -> date:
    """The earliest confirmation date whose contact details are still fresh on `as_of`.
    `contact_stale_on` only grows stale as the confirmation date goes back, so details
    are stale on `as_of` exactly when confirmed before this day: a review compares each
    of a coalition's members with one date instead of asking the rule per member."""
    months = policy.CONTACT_STALE_AFTER_MONTHS
    low = as_of - timedelta(days=31 * months + 1)  # stale on `as_of`, whatever the months
    high = as_of  # fresh: confirmed that very day
    while (high - low).days > 1:  # bisect on the rule itself, never a second copy of it
        middle = low + timedelta(days=(high - low).days // 2)
        low, high = (middle, high) if contact_stale_on(middle, as_of) else (low, middle)
    return high


def stale_contacts(state: CoalitionState, as_of: date) -> list[str]:
    """The members whose contact details need confirming again by `as_of`, by handle."""
    fresh = fresh_since(as_of)
    return sorted(h for h, m in state.members.items() if m.contact_confirmed_on < fresh)


def unsubscribed(state: CoalitionState) -> list[str]:
    """The members not subscribed to the coalition's mailing list, by handle."""
    return sorted(h for h, m in state.members.items() if not m.subscribed_on)


def flags(
    state: CoalitionState, as_of: date | str, meetings: Iterable[DccgMeetingState] = ()
) -> list[str]:
    """Everything a reviewer should look at, one readable line each."""
    as_of = day(as_of)
    if state.lifecycle != Lifecycle.RECOGNIZED:
        return []
    found: list[str] = []
    status = standing(state, as_of)
    found += status.reasons if status.status == Status.INACTIVE else []
    for year in status.missed_years:
        outcome = report_standing(state, year, as_of)
        if outcome.outcome == "late":
            found.append(f"{year} report filed late ({outcome.filed_on}, due {outcome.due})")
        else:
            found.append(f"no {year} report (due {outcome.due})")
    for year, report in sorted(state.reports.items()):
        if report.extension_status == "requested" and report.filed_on is None:  # else moot
            found.append(f"extension for {year} awaits a decision")
    found += [f"no meeting or output in {y}" for y in unmet_activity_years(state, as_of)]
    groups = stakeholder_groups(state)
    if len(groups) < policy.MIN_STAKEHOLDER_GROUPS:
        found.append(
            f"members span {len(groups)} stakeholder group(s), fewer than "
            f"{policy.MIN_STAKEHOLDER_GROUPS}"
        )
    stale, not_subscribed = stale_contacts(state, as_of), unsubscribed(state)
    if stale:
        found.append(STALE_CONTACTS + ", ".join(stale))
    if not_subscribed:
        found.append(UNSUBSCRIBED + ", ".join(not_subscribed))
    found += attendance_flags(state, as_of, meetings)
    return found
