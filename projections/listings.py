"""Listings of every kind of record, read straight from the read-model tables.

Each function returns plain rows (lists of dicts) for the CLI to render. Contact data
(email addresses) is never part of a listing."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from dcledger.ledger import rules
from dcledger.ledger.dates import day
from dcledger.ledger.errors import InvalidInput, NotFound
from dcledger.ledger.vocabulary import EVENT_TYPES
from dcledger.projections.engine import Views


def rows(
    views: Views, sql: str, args: list[Any] | dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    return views.query(sql, args or [])


def known_coalition(views: Views, slug: str | None) -> None:
    if slug is None:
        return
    if views.conn.execute("SELECT 1 FROM coalitions WHERE slug = ?", [slug]).fetchone() is None:
        raise NotFound(f"no coalition '{slug}'")


def split(text: str | None) -> list[str]:
    return [part for part in (text or "").split(", ") if part]


MEMBERS_TODAY = """
SELECT m.handle, COALESCE(p.name, m.handle) AS name, m.role, m."group", m.coordinator,
       m.representative, m.subscribed_on, m.joined_on, m.contact_confirmed_on
FROM members m LEFT JOIN persons p ON p.handle = m.handle
WHERE m.slug = ? ORDER BY m.handle
"""


def members_today(views: Views, slug: str, today: date) -> list[dict[str, Any]]:
    """`members` on today's date, from the members table: the rows `queries.members`
    computes from the registry (a test compares them), without folding the coalition."""
    known_coalition(views, slug)
    return [
        {
            "handle": r["handle"],
            "name": r["name"],
            "role": r["role"],
            "group": r["group"],
            "coordinator": bool(r["coordinator"]),
            "representative": bool(r["representative"]),
            "contact_stale": rules.contact_stale_on(day(r["contact_confirmed_on"]), today),
            "subscribed": r["subscribed_on"] is not None,
            "joined_on": r["joined_on"],
            "contact_confirmed_on": r["contact_confirmed_on"],
        }
        for r in rows(views, MEMBERS_TODAY, [slug])
    ]


def persons(views: Views) -> list[dict[str, Any]]:
    found = rows(views, "SELECT handle, name, registered_on, offices FROM persons ORDER BY handle")
    return [r | {"offices": split(r["offices"])} for r in found]


def coalitions(views: Views) -> list[dict[str, Any]]:
    found = rows(
        views,
        "SELECT slug, name, lifecycle, proposed_on, recognized_on, dissolved_on, full_members,"
        " observers, coordinators, groups FROM coalitions ORDER BY slug",
    )
    return [
        r | {"coordinators": split(r["coordinators"]), "groups": split(r["groups"])} for r in found
    ]


def amendments(views: Views) -> list[dict[str, Any]]:
    found = rows(
        views,
        "SELECT number, status, proposer, proposed_on, base_version, sections, outcome,"
        " incorporated_version FROM amendments ORDER BY number",
    )
    return [r | {"sections": sorted(json.loads(r["sections"] or "{}"))} for r in found]


def votes(views: Views) -> list[dict[str, Any]]:
    return rows(
        views,
        "SELECT number AS amendment, vote_opened_on AS opened_on, vote_closes AS closes,"
        " threshold, quorum, electorate, yes, no, abstain, outcome FROM amendments"
        " WHERE vote_opened_on IS NOT NULL ORDER BY number",
    )


def reports(views: Views, slug: str | None, year: int | None) -> list[dict[str, Any]]:
    known_coalition(views, slug)
    found = rows(
        views,
        "SELECT slug, year, due, extension_status AS extension, extension_until, filed_on,"
        " on_time, url, file FROM reports WHERE (:slug IS NULL OR slug = :slug)"
        " AND (:year IS NULL OR year = :year) ORDER BY slug, year",
        {"slug": slug, "year": year},
    )
    return [r | {"on_time": None if r["on_time"] is None else bool(r["on_time"])} for r in found]


def activities(views: Views, slug: str | None, meetings: bool) -> list[dict[str, Any]]:
    """A coalition's own meetings, or its outputs (documents, events, projects)."""
    known_coalition(views, slug)
    kind = "kind = 'meeting'" if meetings else "kind != 'meeting'"
    found = rows(
        views,
        f'SELECT slug, "on", kind, title, agreement, dissent FROM activities WHERE {kind}'
        ' AND (:slug IS NULL OR slug = :slug) ORDER BY "on", slug, position',
        {"slug": slug},
    )
    if meetings:
        return [{"slug": r["slug"], "on": r["on"], "title": r["title"]} for r in found]
    return [r | {"dissent": json.loads(r["dissent"] or "[]")} for r in found]


def dccg_meetings(views: Views) -> list[dict[str, Any]]:
    found = rows(views, "SELECT date, held_by, attended FROM dccg_meetings ORDER BY date")
    attendance: dict[str, list[str]] = {}
    for r in rows(views, "SELECT date, slug FROM dccg_attendance ORDER BY date, slug"):
        attendance.setdefault(r["date"], []).append(r["slug"])
    return [r | {"coalitions": attendance.get(r["date"], [])} for r in found]


def type_matches(prefix: str) -> tuple[str, list[str]]:
    """`coalition.` or `coalition` matches every coalition event, `coalition.member_` the
    types it begins, a full type itself; one that matches no event type is refused."""
    stem = prefix if prefix.endswith((".", "_")) else prefix + "."
    if prefix not in EVENT_TYPES and not any(t.startswith(stem) for t in EVENT_TYPES):
        families = sorted({t.split(".")[0] for t in EVENT_TYPES})
        raise InvalidInput(
            f"--type {prefix!r} matches no event type; give a type such as "
            f"coalition.member_joined, or a family: {', '.join(families)}"
        )
    return "(type = ? OR substr(type, 1, ?) = ?)", [prefix, len(stem), stem]


def events(
    views: Views,
    *,
    coalition: str | None = None,
    since: date | None = None,
    until: date | None = None,
    type_prefix: str | None = None,
    actor: str | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Log entries, oldest first, filtered on effective dates (both ends included)."""
    known_coalition(views, coalition)
    where, args = ["1 = 1"], []
    if coalition is not None:
        # A coalition's DCCG attendance is a fact of the meeting's record, about it.
        where.append(
            "((kind = 'coalition' AND subject = ?)"
            " OR (type = 'dccg.attended' AND json_extract(data, '$.slug') = ?))"
        )
        args += [coalition, coalition]
    if since is not None:
        where.append("effective_date >= ?")
        args.append(since.isoformat())
    if until is not None:
        where.append("effective_date <= ?")
        args.append(until.isoformat())
    if type_prefix:
        clause, values = type_matches(type_prefix)
        where.append(clause)
        args += values
    if actor is not None:
        where.append("actor = ?")
        args.append(actor)
    sql = f"SELECT * FROM events WHERE {' AND '.join(where)} ORDER BY id DESC"
    if limit is not None:
        sql += " LIMIT ?"
        args.append(limit)
    return with_targets(views, [entry(row) for row in reversed(rows(views, sql, args))])


ENVELOPE = (
    "id",
    "type",
    "actor",
    "role",
    "effective_date",
    "recorded_at",
    "subject",
    "person",
    "evidence",
    "retracted_by",
)


def entry(row: dict[str, Any]) -> dict[str, Any]:
    """One log entry: the envelope, then the event's own fields."""
    data = json.loads(row["data"])
    head = {k: row[k] for k in ENVELOPE}
    return head | {k: v for k, v in data.items() if k not in head}


def with_targets(views: Views, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each retraction names its target's id. One decided in the same import as its
    target was recorded before the target had an id (`target_id` null in the event); the
    views link the two once both are stored (the target's `retracted_by`)."""
    for e in entries:
        if e["type"].endswith(".retracted") and e.get("target_id") is None:
            found = rows(views, "SELECT id FROM events WHERE retracted_by = ?", [e["id"]])
            e["target_id"] = found[0]["id"] if found else None
    return entries


def events_between(
    views: Views, after: date, until: date, known_at: str | None = None
) -> list[dict[str, Any]]:
    """Events effective in (after, until]: what happened after one date up to another (as
    recorded by `known_at`, when given)."""
    sql = (
        "SELECT e.*, r.recorded_at AS retracted_at FROM events e"
        " LEFT JOIN events r ON r.id = e.retracted_by"
        " WHERE e.effective_date > ? AND e.effective_date <= ?"
    )
    args = [after.isoformat(), until.isoformat()]
    if known_at is not None:
        sql, args = sql + " AND e.recorded_at <= ?", [*args, known_at]
    found = rows(views, sql + " ORDER BY e.effective_date, e.id", args)
    for row in found:  # a retraction recorded after `known_at` was not known then
        if known_at is not None and row["retracted_by"] and row["retracted_at"] > known_at:
            row["retracted_by"] = None
    return with_targets(views, [entry(row) for row in found])
