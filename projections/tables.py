"""Read-model tables: what each kind of state looks like as rows anyone can query."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from dcledger.ledger import rules
from dcledger.ledger.state import (
    AmendmentState,
    CharterState,
    CoalitionState,
    DccgMeetingState,
    MemberReviewState,
    PersonState,
)

SCHEMA: dict[str, tuple[dict[str, type], str | tuple[str, ...]]] = {
    "events": (
        {
            "id": int,
            "scope": str,
            "version": int,
            "kind": str,
            "type": str,
            "subject": str,
            "actor": str,
            "role": str,
            "person": str,
            "evidence": str,
            "effective_date": str,
            "recorded_at": str,
            "data": str,
            "retracted_by": int,
        },
        "id",
    ),
    # Each aggregate's folded state, as of the event `position` (a snapshot: events after
    # it are folded in when the snapshot is read).
    "scopes": ({"scope": str, "kind": str, "subject": str, "state": str, "position": int}, "scope"),
    "tracking": ({"name": str, "position": int}, "name"),
    "persons": (
        {"handle": str, "name": str, "registered_on": str, "offices": str},
        "handle",
    ),
    "coalitions": (
        {
            "slug": str,
            "name": str,
            "lifecycle": str,
            "status": str,
            "proposed_on": str,
            "recognized_on": str,
            "declined_on": str,
            "decline_reason": str,
            "dissolved_on": str,
            "mailing_list": str,
            "full_members": int,
            "observers": int,
            "coordinators": str,
            "representative": str,
            "groups": str,
            "page_updates": int,
        },
        "slug",
    ),
    "members": (
        {
            "slug": str,
            "handle": str,
            "role": str,
            "group": str,
            "joined_on": str,
            "contact_confirmed_on": str,
            "subscribed_on": str,
            "coordinator": int,
            "representative": int,
        },
        ("slug", "handle"),
    ),
    "reports": (
        {
            "slug": str,
            "year": int,
            "due": str,
            "extension_status": str,
            "extension_until": str,
            "filed_on": str,
            "on_time": int,
            "url": str,
            "file": str,
        },
        ("slug", "year"),
    ),
    "activities": (
        {
            "slug": str,
            "position": int,
            "on": str,
            "kind": str,
            "title": str,
            "agreement": str,
            "dissent": str,
        },
        ("slug", "position"),
    ),
    "dccg_meetings": ({"date": str, "held_by": str, "attended": int}, "date"),
    "dccg_attendance": ({"date": str, "slug": str, "by": str}, ("date", "slug")),
    "member_reviews": (
        {"year": int, "reviewed_on": str, "notes": str, "summary": str, "changes": str},
        "year",
    ),
    "charter_versions": (
        {"version": int, "effective_date": str, "by": str, "amendment": int},
        "version",
    ),
    "charter_sections": (
        {"version": int, "position": int, "id": str, "title": str, "text": str},
        ("version", "id"),
    ),
    "charter_reviews": ({"year": int, "on": str, "by": str, "notes": str}, "year"),
    "amendments": (
        {
            "number": int,
            "status": str,
            "proposer": str,
            "proposed_on": str,
            "base_version": int,
            "sections": str,
            "rationale": str,
            "message_id": str,
            "consensus_on": str,
            "vote_opened_on": str,
            "vote_closes": str,
            "threshold": str,
            "quorum": str,
            "electorate": int,
            "yes": int,
            "no": int,
            "abstain": int,
            "outcome": str,
            "incorporated_version": int,
        },
        "number",
    ),
    "ballots": (
        {"amendment": int, "voter": str, "choice": str, "statement": str, "on": str},
        ("amendment", "voter"),
    ),
}

# Tables derived from scope states; "events", "scopes" and "tracking" are the engine's own.
DERIVED = [t for t in SCHEMA if t not in ("events", "scopes", "tracking")]

# Links for SQL joins and Datasette; not enforced (rows are written in batches, in any
# order, and every row is derived from the log anyway).
FOREIGN_KEYS: dict[str, list[tuple[str, str, str]]] = {
    "events": [("retracted_by", "events", "id")],
    "members": [("slug", "coalitions", "slug"), ("handle", "persons", "handle")],
    "reports": [("slug", "coalitions", "slug")],
    "activities": [("slug", "coalitions", "slug")],
    "dccg_attendance": [
        ("date", "dccg_meetings", "date"),
        ("slug", "coalitions", "slug"),
        ("by", "persons", "handle"),
    ],
    "charter_sections": [("version", "charter_versions", "version")],
    "amendments": [("proposer", "persons", "handle")],
    "ballots": [("amendment", "amendments", "number"), ("voter", "persons", "handle")],
}
# Bump when a table changes: a views file of another version is emptied and rebuilt.
SCHEMA_VERSION = 2


def create_tables(db: Database) -> None:
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version != SCHEMA_VERSION and "tracking" in db.table_names():
        for view in db.view_names():
            db.execute(f"DROP VIEW [{view}]")
        for table in db.table_names():  # referencing tables go first
            db.execute(f"DROP TABLE [{table}]")
    for name in sorted(SCHEMA, key=lambda t: t in FOREIGN_KEYS):
        columns, pk = SCHEMA[name]
        db[name].create(columns, pk=pk, foreign_keys=FOREIGN_KEYS.get(name), if_not_exists=True)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    db["events"].create_index(["scope", "version"], if_not_exists=True)
    db["events"].create_index(["scope", "id"], if_not_exists=True)
    db["events"].create_index(["subject"], if_not_exists=True)
    db["events"].create_index(["effective_date"], if_not_exists=True)
    db.create_view("coalition_years", COALITION_YEARS, ignore=True)


# Per coalition and year, from the recognition year on: the report, the activity, and the
# DCCG meetings held and attended. A view, so it can never disagree with its tables.
COALITION_YEARS = """
WITH RECURSIVE years(year) AS (
    SELECT MIN(CAST(substr(recognized_on, 1, 4) AS INTEGER)) FROM coalitions
    UNION ALL SELECT year + 1 FROM years
    WHERE year < (SELECT MAX(CAST(substr(e.effective_date, 1, 4) AS INTEGER)) FROM events e)
)
SELECT c.slug, y.year,
    r.due AS report_due, r.extension_status, r.extension_until, r.filed_on AS report_filed_on,
    r.on_time AS report_on_time,
    (SELECT COUNT(*) FROM activities a WHERE a.slug = c.slug AND a.kind = 'meeting'
        AND substr(a."on", 1, 4) = CAST(y.year AS TEXT)) AS meetings,
    (SELECT COUNT(*) FROM activities a WHERE a.slug = c.slug AND a.kind != 'meeting'
        AND substr(a."on", 1, 4) = CAST(y.year AS TEXT)) AS outputs,
    (SELECT COUNT(*) FROM activities a WHERE a.slug = c.slug AND a.kind != 'meeting'
        AND a.dissent != '[]' AND substr(a."on", 1, 4) = CAST(y.year AS TEXT))
        AS outputs_with_dissent,
    (SELECT COUNT(*) FROM dccg_meetings m WHERE substr(m.date, 1, 4) = CAST(y.year AS TEXT))
        AS dccg_meetings_held,
    (SELECT COUNT(*) FROM dccg_attendance d WHERE d.slug = c.slug
        AND substr(d.date, 1, 4) = CAST(y.year AS TEXT)) AS dccg_meetings_attended
FROM coalitions c
JOIN years y ON y.year >= CAST(substr(c.recognized_on, 1, 4) AS INTEGER)
    AND (c.dissolved_on IS NULL OR y.year <= CAST(substr(c.dissolved_on, 1, 4) AS INTEGER))
LEFT JOIN reports r ON r.slug = c.slug AND r.year = y.year
WHERE c.recognized_on IS NOT NULL
"""


def subject_of(state: Any) -> str:
    match state:
        case CoalitionState():
            return state.slug
        case PersonState():
            return state.handle
        case DccgMeetingState():
            return state.date
        case MemberReviewState():
            return str(state.year)
        case AmendmentState():
            return str(state.number)
        case CharterState():
            return "charter"
    return "ledger"


@dataclass(frozen=True)
class RowSet:
    """The rows one state owns in one table: `owner` selects them (None: the whole table)."""

    table: str
    owner: tuple[str, Any] | None
    rows: list[dict[str, Any]]


def coalition_rows(c: CoalitionState) -> list[RowSet]:
    members = c.members.values()
    owner = ("slug", c.slug)
    coalition = {
        "slug": c.slug,
        "name": c.name,
        "lifecycle": c.lifecycle,
        # As of the day the row is written; the engine refreshes it when the day changes.
        "status": rules.standing(c, datetime.now(UTC).date()).status,
        "proposed_on": c.proposed_on,
        "recognized_on": c.recognized_on,
        "declined_on": c.declined_on,
        "decline_reason": c.decline_reason,
        "dissolved_on": c.dissolved_on,
        "mailing_list": c.statement.get("mailing_list"),
        "full_members": sum(1 for m in members if m.role == "full"),
        "observers": sum(1 for m in members if m.role == "observer"),
        "coordinators": ", ".join(sorted(h for h, m in c.members.items() if m.coordinator)),
        "representative": c.representative,
        "groups": ", ".join(sorted(rules.stakeholder_groups(c))),
        "page_updates": len(c.page_updates),
    }
    # Booleans as integers, as SQLite returns them, so rows compare equal when unchanged.
    member_rows = [
        {
            "slug": c.slug,
            "handle": m.handle,
            "role": m.role,
            "group": m.group,
            "joined_on": m.joined_on,
            "contact_confirmed_on": m.contact_confirmed_on,
            "subscribed_on": m.subscribed_on,
            "coordinator": int(m.coordinator),
            "representative": int(m.handle == c.representative),
        }
        for m in members
    ]
    report_rows = []
    for year, report in c.reports.items():
        due = rules.deadline(year, report).isoformat()
        report_rows.append(
            {
                "slug": c.slug,
                "year": year,
                "due": due,
                "extension_status": report.extension_status,
                "extension_until": report.extension_until,
                "filed_on": report.filed_on,
                "on_time": None if report.filed_on is None else int(report.filed_on <= due),
                "url": report.url,
                "file": report.file,
            }
        )
    activity_rows = [
        {
            "slug": c.slug,
            "position": i,
            "on": a.on,
            "kind": a.kind,
            "title": a.title,
            "agreement": a.agreement,
            "dissent": json.dumps(a.dissent) if a.dissent else "[]",
        }
        for i, a in enumerate(c.activities)
    ]
    return [
        RowSet("coalitions", owner, [coalition]),
        RowSet("members", owner, member_rows),
        RowSet("reports", owner, report_rows),
        RowSet("activities", owner, activity_rows),
    ]


def person_rows(p: PersonState) -> list[RowSet]:
    row = p.model_dump(exclude={"email", "keys"}) | {"offices": ", ".join(p.offices)}
    return [RowSet("persons", ("handle", p.handle), [row])]


def meeting_rows(m: DccgMeetingState) -> list[RowSet]:
    return [
        RowSet(
            "dccg_meetings",
            ("date", m.date),
            [{"date": m.date, "held_by": m.held_by, "attended": len(m.attendance)}],
        ),
        RowSet(
            "dccg_attendance",
            ("date", m.date),
            [{"date": m.date, "slug": s, "by": by} for s, by in m.attendance.items()],
        ),
    ]


def review_rows(r: MemberReviewState) -> list[RowSet]:
    row = {
        "year": r.year,
        "reviewed_on": r.reviewed_on,
        "notes": r.notes,
        "summary": json.dumps(r.summary, sort_keys=True),
        "changes": json.dumps(r.changes),
    }
    return [RowSet("member_reviews", ("year", r.year), [row])]


def charter_rows(c: CharterState) -> list[RowSet]:
    versions = [
        {
            "version": v.version,
            "effective_date": v.effective_date,
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
        "proposed_on": a.proposed_on,
        "base_version": a.base_version,
        "sections": json.dumps(a.sections, sort_keys=True),
        "rationale": a.rationale,
        "message_id": a.message_id,
        "consensus_on": a.consensus_on,
        "vote_opened_on": vote.opened_on if vote else None,
        "vote_closes": vote.closes if vote else None,
        "threshold": vote.threshold if vote else None,
        "quorum": vote.quorum if vote else None,
        "electorate": len(vote.electorate) if vote else None,
        "yes": tally.get("yes"),
        "no": tally.get("no"),
        "abstain": tally.get("abstain"),
        "outcome": vote.outcome if vote else None,
        "incorporated_version": a.incorporated_version,
    }
    ballots = (
        [{"amendment": a.number, **b.model_dump()} for b in vote.ballots.values()] if vote else []
    )
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


def primary_key(table: str) -> tuple[str, ...]:
    pk = SCHEMA[table][1]
    return (pk,) if isinstance(pk, str) else pk
