"""The secretariat's yearly review: per coalition, what the rules conclude about a year."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

from dcledger.ledger import rules
from dcledger.ledger.dates import iso
from dcledger.ledger.limits import check_year
from dcledger.ledger.registry import Registry
from dcledger.ledger.state import CoalitionState, Member


def year_end_view(year: int, as_of: date) -> date:
    """The day the review's year-end columns and flags look at: 31 December of `year`, or
    the as-of date while that is still to come (a review never judges the future)."""
    return min(date(year, 12, 31), as_of)


def session_day(year: int, as_of: date) -> date:
    """The day a review of `year` judges eligibility for the IGF meeting of `year + 1`:
    the as-of date, or the end of that meeting's year once it is over."""
    return min(as_of, date(year + 1, 12, 31))


def next_session(year: int, now: CoalitionState, as_of: date) -> rules.Eligibility:
    """Eligibility for the IGF meeting of `year + 1` (on `year`'s report), judged on
    `session_day`: a later dissolution does not undo it (`rules.standing` reads the
    lifecycle of that day)."""
    return rules.session_eligibility(now, session_day(year, as_of), meeting_year=year + 1)


def coalition_review(
    year: int,
    at_year_end: CoalitionState | None,
    now: CoalitionState,
    end_registry: Registry,
    now_registry: Registry,
    as_of: date,
) -> dict[str, Any]:
    year_end = year_end_view(year, as_of)
    basis = at_year_end or now
    activities = [a for a in now.activities if a.on.year == year]
    outputs = [a for a in activities if a.kind != "meeting"]
    held, attended = rules.dccg_attendance(now, now_registry.meetings, year)
    members = list(basis.members.values())
    status_end = rules.standing(at_year_end, year_end).status if at_year_end else "not proposed"
    eligibility = next_session(year, now, as_of)
    return {
        "slug": now.slug,
        "name": now.name,
        "status_at_year_end": status_end,
        "status_now": rules.standing(now, as_of).status,
        "report": report_of(now, year, as_of),
        "meetings": sum(1 for a in activities if a.kind == "meeting"),
        "outputs": [
            {"on": iso(a.on), "kind": a.kind, "title": a.title, "dissent": list(a.dissent)}
            for a in outputs
        ],
        "activity_met": rules.activity_met(now, year),
        "dccg_meetings_held": held,
        "dccg_meetings_attended": attended,
        "members": member_counts(members),
        "stale_contacts": rules.stale_contacts(basis, year_end),
        "unsubscribed": rules.unsubscribed(basis),
        "eligible_for_session_next_year": eligibility.eligible,
        "eligibility_reason": eligibility.reason,
        "flags": rules.flags(basis, year_end, end_registry.meetings) if at_year_end else [],
    }


def member_counts(members: list[Member]) -> dict[str, Any]:
    return {
        "full": sum(1 for m in members if m.role == "full"),
        "observer": sum(1 for m in members if m.role == "observer"),
        "by_group": dict(sorted(Counter(m.group for m in members).items())),
    }


def report_of(now: CoalitionState, year: int, as_of: date) -> dict[str, Any]:
    """The year's report as the review shows it; `rules.owes_report` says if one is owed."""
    if not rules.owes_report(now, year):
        return {
            "owed": False,
            "due": None,
            "extension": None,
            "filed_on": None,
            "outcome": "not owed",
        }
    report = rules.report_standing(now, year, as_of)
    return {
        "owed": True,
        "due": report.due.isoformat(),
        "extension": report.extension,
        "filed_on": iso(report.filed_on),
        "outcome": report.outcome,
    }


def yearly_review(
    year: int, end_registry: Registry, now_registry: Registry, as_of: date
) -> dict[str, Any]:
    check_year(year, "review year")
    rows = [
        coalition_review(
            year, end_registry.coalitions.get(slug), now, end_registry, now_registry, as_of
        )
        for slug, now in sorted(now_registry.coalitions.items())
        if rules.reviewed_in(year, end_registry.coalitions.get(slug), now)
    ]
    charter_reviewed = bool(now_registry.charter and year in now_registry.charter.reviews)
    member_review = now_registry.reviews.get(year)
    flags = []
    ended = year <= rules.last_ended_year(as_of)  # until then either review may still come
    if ended and rules.charter_review_missing(now_registry.charter, year):
        flags.append(f"no charter review recorded for {year}")
    if ended and member_review is None:
        flags.append(f"no member-status review recorded for {year}")
    return {
        "year": year,
        "as_of": as_of.isoformat(),
        "coalitions": rows,
        "totals": review_totals(year, rows, now_registry),
        "charter_reviewed": charter_reviewed,
        "member_review_on": iso(member_review.reviewed_on) if member_review else None,
        "flags": flags,
    }


def review_totals(year: int, rows: list[dict[str, Any]], now_registry: Registry) -> dict[str, int]:
    def count(test: Callable[[dict[str, Any]], bool]) -> int:
        return sum(1 for r in rows if test(r))

    return {
        "coalitions": len(rows),
        "active_at_year_end": count(lambda r: r["status_at_year_end"] == "active"),
        "inactive_at_year_end": count(lambda r: r["status_at_year_end"] == "inactive"),
        "active_now": count(lambda r: r["status_now"] == "active"),
        "reports_on_time": count(lambda r: r["report"]["outcome"] == "on-time"),
        "reports_late": count(lambda r: r["report"]["outcome"] == "late"),
        "reports_missing": count(lambda r: r["report"]["outcome"] == "missed"),
        "reports_pending": count(lambda r: r["report"]["outcome"] == "pending"),
        "activity_met": count(lambda r: r["activity_met"]),
        "eligible_for_session_next_year": count(lambda r: r["eligible_for_session_next_year"]),
        "dccg_meetings_held": len([m for m in now_registry.meetings if m.date.year == year]),
    }


CSV_COLUMNS = [
    "slug",
    "name",
    "status_at_year_end",
    "status_now",
    "report_due",
    "report_extension",
    "report_filed_on",
    "report_outcome",
    "meetings",
    "outputs",
    "activity_met",
    "dccg_meetings_held",
    "dccg_meetings_attended",
    "full_members",
    "observers",
    "stakeholder_groups",
    "stale_contacts",
    "unsubscribed",
    "eligible_for_session_next_year",
    "flags",
]


def flat_row(row: dict[str, Any]) -> dict[str, Any]:
    """One spreadsheet row per coalition."""
    return {
        "slug": row["slug"],
        "name": row["name"],
        "status_at_year_end": row["status_at_year_end"],
        "status_now": row["status_now"],
        "report_due": row["report"]["due"],
        "report_extension": row["report"]["extension"],
        "report_filed_on": row["report"]["filed_on"],
        "report_outcome": row["report"]["outcome"],
        "meetings": row["meetings"],
        "outputs": len(row["outputs"]),
        "activity_met": row["activity_met"],
        "dccg_meetings_held": row["dccg_meetings_held"],
        "dccg_meetings_attended": row["dccg_meetings_attended"],
        "full_members": row["members"]["full"],
        "observers": row["members"]["observer"],
        "stakeholder_groups": len(row["members"]["by_group"]),
        "stale_contacts": len(row["stale_contacts"]),
        "unsubscribed": len(row["unsubscribed"]),
        "eligible_for_session_next_year": row["eligible_for_session_next_year"],
        "flags": "; ".join(row["flags"]),
    }
