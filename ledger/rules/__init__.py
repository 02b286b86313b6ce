"""The rule layer: every charter rule once, as a pure check of (state as of a date, fact).

The yearly obligations live by subject: `reports` (deadlines, which years owe a report,
on time or missed), `activity` (the activity requirement), `attendance` (DCCG meetings
held and attended), `review` (the year a review judges, the coalitions it covers) and
`annual` (standing, session eligibility, flags). `checks` holds one check per event type;
`situation` answers "what was the state just before this fact"; `validation` runs the
checks to decide a command, to re-validate the later history after a backfill or a
retraction, and to audit a whole log.
"""

from dcledger.ledger.rules.activity import activity_met, activity_years, unmet_activity_years
from dcledger.ledger.rules.annual import (
    MEMBER_LISTINGS,
    Eligibility,
    Standing,
    add_months,
    charter_review_missing,
    contact_stale,
    contact_stale_on,
    flags,
    fresh_since,
    session_eligibility,
    stakeholder_groups,
    stale_contacts,
    standing,
    unsubscribed,
)
from dcledger.ledger.rules.attendance import dccg_attendance, dccg_meetings_open_to
from dcledger.ledger.rules.reports import (
    ReportStanding,
    deadline,
    filed_on_time,
    original_deadline,
    owed_years,
    owes_report,
    report_standing,
    reports_owed,
)
from dcledger.ledger.rules.review import last_ended_year, reviewed_in

__all__ = [
    "MEMBER_LISTINGS",
    "Eligibility",
    "ReportStanding",
    "Standing",
    "activity_met",
    "activity_years",
    "add_months",
    "charter_review_missing",
    "contact_stale",
    "contact_stale_on",
    "dccg_attendance",
    "dccg_meetings_open_to",
    "deadline",
    "filed_on_time",
    "flags",
    "fresh_since",
    "last_ended_year",
    "original_deadline",
    "owed_years",
    "owes_report",
    "report_standing",
    "reports_owed",
    "reviewed_in",
    "session_eligibility",
    "stakeholder_groups",
    "stale_contacts",
    "standing",
    "unmet_activity_years",
    "unsubscribed",
]
