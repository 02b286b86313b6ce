"""The rule layer: every charter rule once, as a pure check of (state as of a date, fact).

`annual` holds the yearly obligations (deadlines, standing, eligibility, flags); `checks`
holds one check per event type; `situation` answers "what was the state just before this
fact"; `validation` runs the checks to decide a command, to re-validate the later history
after a backfill or a retraction, and to audit a whole log.
"""

from dcledger.ledger.rules.annual import (
    Eligibility,
    ReportStanding,
    Standing,
    add_months,
    charter_review_missing,
    contact_stale,
    contact_stale_on,
    dccg_attendance,
    deadline,
    filed_on_time,
    flags,
    original_deadline,
    owed_years,
    owes_report,
    report_standing,
    session_eligibility,
    stakeholder_groups,
    standing,
    unmet_activity_years,
)

__all__ = [
    "Eligibility",
    "ReportStanding",
    "Standing",
    "add_months",
    "charter_review_missing",
    "contact_stale",
    "contact_stale_on",
    "dccg_attendance",
    "deadline",
    "filed_on_time",
    "flags",
    "original_deadline",
    "owed_years",
    "owes_report",
    "report_standing",
    "session_eligibility",
    "stakeholder_groups",
    "standing",
    "unmet_activity_years",
]
