"""Read-model rows: what each kind of state looks like as rows anyone can query (the
tables themselves are declared in `schema.py`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from dcledger.ledger import rules
from dcledger.ledger.dates import iso
from dcledger.ledger.state import (
    AmendmentState,
    CharterState,
    CoalitionState,
    DccgMeetingState,
    Member,
    MemberReviewState,
    PersonState,
    Report,
)
from dcledger.ledger.state.model import plain


def subject_of(state: Any) -> str:
    match state:
        case CoalitionState():
            return state.slug
        case PersonState():
            return state.handle
        case DccgMeetingState():
            return state.date.isoformat()
        case MemberReviewState():
            return str(state.year)
        case AmendmentState():
            return str(state.number)
        case CharterState():
            return "charter"
    return "ledger"


@dataclass(frozen=True)
class RowSet:
    """The rows one state owns in one table: `owner` selects them (None: the whole table);
    `only`, when given, limits them to these primary keys (the rows a fact changed)."""

    table: str
    owner: tuple[str, Any] | None
    rows: list[dict[str, Any]]
    only: frozenset[tuple[Any, ...]] | None = None


def coalition_rows(c: CoalitionState) -> list[RowSet]:
    owner = ("slug", c.slug)
    return [
        RowSet("coalitions", owner, [coalition_row(c)]),
        RowSet("members", owner, member_rows(c)),
        RowSet("reports", owner, report_rows(c)),
        RowSet("activities", owner, activity_rows(c)),
    ]


def coalition_row(c: CoalitionState, *, members: bool = True) -> dict[str, Any]:
    """The coalition's row; without the columns counted over its members when `members`
    is False (a fact that changed no member leaves them as they were)."""
    row = {
        "slug": c.slug,
        "name": c.name,
        "lifecycle": c.lifecycle,
        # As of the day the row is written; the engine refreshes it when the day changes.
        "status": rules.standing(c, datetime.now(UTC).date()).status,
        "proposed_on": iso(c.proposed_on),
        "recognized_on": iso(c.recognized_on),
        "declined_on": iso(c.declined_on),
        "decline_reason": c.decline_reason,
        "dissolved_on": iso(c.dissolved_on),
        "mailing_list": c.statement.get("mailing_list"),
        "representative": c.representative,
        "page_updates": len(c.page_updates),
    }
    return row | member_summary(c) if members else row


def member_summary(c: CoalitionState) -> dict[str, Any]:
    found = c.members.values()
    return {
        "full_members": sum(1 for m in found if m.role == "full"),
        "observers": sum(1 for m in found if m.role == "observer"),
        "coordinators": ", ".join(sorted(h for h, m in c.members.items() if m.coordinator)),
        "groups": ", ".join(sorted(rules.stakeholder_groups(c))),
    }


def member_rows(c: CoalitionState) -> list[dict[str, Any]]:
    return [member_row(c, m) for m in c.members.values()]


def member_row(c: CoalitionState, m: Member) -> dict[str, Any]:
    # Booleans as integers, as SQLite returns them, so rows compare equal when unchanged.
    return {
        "slug": c.slug,
        "handle": m.handle,
        "role": m.role,
        "group": m.group,
        "joined_on": iso(m.joined_on),
        "contact_confirmed_on": iso(m.contact_confirmed_on),
        "subscribed_on": iso(m.subscribed_on),
        "coordinator": int(m.coordinator),
        "representative": int(m.handle == c.representative),
    }


def report_rows(c: CoalitionState) -> list[dict[str, Any]]:
    return [report_row(c, report) for report in c.reports.values()]


def report_row(c: CoalitionState, report: Report) -> dict[str, Any]:
    on_time = rules.filed_on_time(report.year, report)
    return {
        "slug": c.slug,
        "year": report.year,
        "due": rules.deadline(report.year, report).isoformat(),
        "extension_status": report.extension_status,
        "extension_until": iso(report.extension_until),
        "filed_on": iso(report.filed_on),
        "on_time": None if on_time is None else int(on_time),
        "url": report.url,
        "file": report.file,
    }


def activity_rows(c: CoalitionState) -> list[dict[str, Any]]:
    return [activity_row(c, i) for i in range(len(c.activities))]


def activity_row(c: CoalitionState, position: int) -> dict[str, Any]:
    a = c.activities[position]
    return {
        "slug": c.slug,
        "position": position,
        "on": iso(a.on),
        "kind": a.kind,
        "title": a.title,
        "agreement": a.agreement,
        "dissent": json.dumps(a.dissent) if a.dissent else "[]",
    }


def person_rows(p: PersonState) -> list[RowSet]:
    public = {k: v for k, v in plain(p).items() if k not in ("email", "keys")}
    row = public | {"offices": ", ".join(p.offices)}
    return [RowSet("persons", ("handle", p.handle), [row])]


def meeting_rows(m: DccgMeetingState) -> list[RowSet]:
    day = m.date.isoformat()
    return [
        RowSet(
            "dccg_meetings",
            ("date", day),
            [{"date": day, "held_by": m.held_by, "attended": len(m.attendance)}],
        ),
        RowSet(
            "dccg_attendance",
            ("date", day),
            [{"date": day, "slug": s, "by": by} for s, by in m.attendance.items()],
        ),
    ]


def review_rows(r: MemberReviewState) -> list[RowSet]:
    row = {
        "year": r.year,
        "reviewed_on": iso(r.reviewed_on),
        "notes": r.notes,
        "summary": json.dumps(r.summary, sort_keys=True),
        "changes": json.dumps(r.changes),
    }
    return [RowSet("member_reviews", ("year", r.year), [row])]


def charter_rows(c: CharterState) -> list[RowSet]:
    versions = [
        {
            "version": v.version,
            "effective_date": iso(v.effective_date),
            "by": v.by,
            "amendment": v.amendment,
        }
        for v in c.versions
    ]
    sections = [
        {"version": v.version, "position": i, "id": s.id, "title": s.title, "text": s.text}
        for v in c.versions
        for i, s in enumerate(v.sections)
    ]
    reviews = [{"year": y, **r} for y, r in c.reviews.items()]
    return [
        RowSet("charter_versions", None, versions),
        RowSet("charter_sections", None, sections),
        RowSet("charter_reviews", None, reviews),
    ]


def amendment_rows(a: AmendmentState) -> list[RowSet]:
    vote = a.vote
    tally = (vote.tally if vote and vote.tally else {}) or {}
    row = {
        "number": a.number,
        "status": a.status,
        "proposer": a.proposer,
        "proposed_on": iso(a.proposed_on),
        "base_version": a.base_version,
        "sections": json.dumps(a.sections, sort_keys=True),
        "rationale": a.rationale,
        "message_id": a.message_id,
        "consensus_on": iso(a.consensus_on),
        "vote_opened_on": iso(vote.opened_on) if vote else None,
        "vote_closes": iso(vote.closes) if vote else None,
        "threshold": vote.threshold if vote else None,
        "quorum": vote.quorum if vote else None,
        "electorate": len(vote.electorate) if vote else None,
        "yes": tally.get("yes"),
        "no": tally.get("no"),
        "abstain": tally.get("abstain"),
        "outcome": vote.outcome if vote else None,
        "incorporated_version": a.incorporated_version,
    }
    ballots = [{"amendment": a.number, **plain(b)} for b in vote.ballots.values()] if vote else []
    owner = ("amendment", a.number)
    return [RowSet("amendments", ("number", a.number), [row]), RowSet("ballots", owner, ballots)]


ROWS: dict[type, Callable[[Any], list[RowSet]]] = {
    CoalitionState: coalition_rows,
    PersonState: person_rows,
    DccgMeetingState: meeting_rows,
    MemberReviewState: review_rows,
    CharterState: charter_rows,
    AmendmentState: amendment_rows,
}


def row_sets(state: Any) -> list[RowSet]:
    make = ROWS.get(type(state))
    return make(state) if make else []
