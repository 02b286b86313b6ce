"""The read models' schema: every table, its columns and keys, and the SQL view that
joins them; `tables.py` says what each kind of state looks like as rows."""

from __future__ import annotations

import functools
import sqlite3

from dcledger.projections.coalition_years import COALITION_YEARS

SCHEMA: dict[str, tuple[dict[str, type], str | tuple[str, ...]]] = {
    "events": (
        {
            "id": int,
            "aggregate_id": str,
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
    "snapshots": (
        {
            "aggregate_id": str,
            "kind": str,
            "subject": str,
            "state": str,
            "position": int,
            "latest": str,
        },
        "aggregate_id",
    ),
    # Each person an event names (who recorded it, for whom, whom it is about), by date:
    # a backdated fact about a person reads that person's later events through it, not
    # every later event of the log.
    "event_names": (
        {"handle": str, "effective_date": str, "id": int},
        ("handle", "effective_date", "id"),
    ),
    "tracking": ({"name": str, "position": int}, "name"),
    # Each coalition's `dcledger status --json` document on the day `as_of`, kept by the
    # first command that asks that day, computed at the event `position`; catching up
    # deletes the documents a new event may change (see status_cache.py).
    # Each record's state at the end of `year`, from the events up to `position` (see
    # dated.py): questions about past dates fold only the facts after it.
    "dated_snapshots": (
        {"aggregate_id": str, "year": int, "kind": str, "state": str, "position": int},
        ("aggregate_id", "year"),
    ),
    "status_cache": (
        {"slug": str, "as_of": str, "position": int, "document": str},
        "slug",
    ),
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

# The engine's own tables; every other table is derived from aggregate states.
ENGINE_TABLES = (
    "events",
    "event_names",
    "snapshots",
    "tracking",
    "dated_snapshots",
    "status_cache",
)
DERIVED = [t for t in SCHEMA if t not in ENGINE_TABLES]

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
SCHEMA_VERSION = 11


def create_tables(conn: sqlite3.Connection) -> None:
    """Create the tables, or replace those of another schema version, in one transaction
    that sets the version too: a file that has it holds the whole schema, and opening it
    costs one read. (The views file was checked to be empty or ours before.)"""
    version = "PRAGMA user_version"
    if conn.execute(version).fetchone()[0] == SCHEMA_VERSION:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        if conn.execute(version).fetchone()[0] != SCHEMA_VERSION:  # not made meanwhile
            for kind, name in conn.execute(EVERYTHING).fetchall():
                conn.execute(f"DROP {kind} [{name}]")
            for statement in schema_statements():
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


# Views first, then the tables, those made last (which reference the others) first.
EVERYTHING = (
    "SELECT type, name FROM sqlite_master WHERE type IN ('view', 'table')"
    " AND name NOT LIKE 'sqlite_%' ORDER BY type = 'table', rowid DESC"
)


@functools.cache
def schema_statements() -> tuple[str, ...]:
    """The schema as SQL statements, made once per process by sqlite-utils in a database
    in memory (made table by table in the file, it cost more than the rest of opening)."""
    from sqlite_utils import Database

    db = Database(memory=True)
    for name in sorted(SCHEMA, key=lambda t: t in FOREIGN_KEYS):
        columns, pk = SCHEMA[name]
        db[name].create(columns, pk=pk, foreign_keys=FOREIGN_KEYS.get(name))
    for columns in INDEXES:
        db["events"].create_index(columns)
    db.create_view("coalition_years", COALITION_YEARS)
    made = db.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid")
    return tuple(sql for (sql,) in made)


INDEXES = (
    ["aggregate_id", "version"],
    ["aggregate_id", "id"],
    ["aggregate_id", "effective_date"],
    ["subject"],
    ["effective_date"],
    ["type", "effective_date"],
)


def primary_key(table: str) -> tuple[str, ...]:
    pk = SCHEMA[table][1]
    return (pk,) if isinstance(pk, str) else pk
