"""The read models' schema: every table, its columns and keys, and the SQL view that
joins them; `tables.py` says what each kind of state looks like as rows."""

from __future__ import annotations

import sqlite3

from dcledger.ledger import policy

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
SCHEMA_VERSION = 10


def create_tables(conn: sqlite3.Connection) -> None:
    """Create the tables, or replace those of another schema version. The version is set
    last, so a file that has it holds the whole schema and opening it costs one read."""
    if conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
        return
    from sqlite_utils import Database  # only a new or outdated file needs its tables made

    db = Database(conn)
    if "tracking" in db.table_names():
        for view in db.view_names():
            db.execute(f"DROP VIEW [{view}]")
        for table in db.table_names():  # referencing tables go first
            db.execute(f"DROP TABLE [{table}]")
    for name in sorted(SCHEMA, key=lambda t: t in FOREIGN_KEYS):
        columns, pk = SCHEMA[name]
        db[name].create(columns, pk=pk, foreign_keys=FOREIGN_KEYS.get(name), if_not_exists=True)
    db["events"].create_index(["aggregate_id", "version"], if_not_exists=True)
    db["events"].create_index(["aggregate_id", "id"], if_not_exists=True)
    db["events"].create_index(["aggregate_id", "effective_date"], if_not_exists=True)
    db["events"].create_index(["subject"], if_not_exists=True)
    db["events"].create_index(["effective_date"], if_not_exists=True)
    db["events"].create_index(["type", "effective_date"], if_not_exists=True)
    db.create_view("coalition_years", COALITION_YEARS, ignore=True)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


# `rules.deadline` of a row's year: the reports table holds it for a year with a report
# record (a granted extension moves it); a year without one keeps the original deadline.
DUE = (
    "COALESCE(r.due, printf('%d-%02d-%02d', y.year + 1, "
    f"{policy.REPORT_DUE_MONTH}, {policy.REPORT_DUE_DAY}))"
)
# `rules.owes_report` of a row's year (the rows run from recognition to dissolution): a
# dissolution ends what is owed, save a report filed all the same or already due before it.
OWED = (
    "(c.dissolved_on IS NULL OR r.filed_on IS NOT NULL"
    " OR (y.year < CAST(substr(c.dissolved_on, 1, 4) AS INTEGER)"
    f" AND {DUE} < c.dissolved_on))"
)

# Per coalition and year, from the recognition year on: the report, the activity, and the
# DCCG meetings held and attended. A view, so it can never disagree with its tables;
# tests/integration/test_coalition_years.py checks every column against the rules.
COALITION_YEARS = f"""
WITH RECURSIVE years(year) AS (
    SELECT MIN(CAST(substr(recognized_on, 1, 4) AS INTEGER)) FROM coalitions
    UNION ALL SELECT year + 1 FROM years
    WHERE year < (SELECT MAX(CAST(substr(e.effective_date, 1, 4) AS INTEGER)) FROM events e)
)
SELECT c.slug, y.year,
    CASE WHEN {OWED} THEN {DUE} END AS report_due,
    r.extension_status, r.extension_until, r.filed_on AS report_filed_on,
    r.on_time AS report_on_time,
    (SELECT COUNT(*) FROM activities a WHERE a.slug = c.slug AND a.kind = 'meeting'
        AND substr(a."on", 1, 4) = CAST(y.year AS TEXT)) AS meetings,
    (SELECT COUNT(*) FROM activities a WHERE a.slug = c.slug AND a.kind != 'meeting'
        AND substr(a."on", 1, 4) = CAST(y.year AS TEXT)) AS outputs,
    (SELECT COUNT(*) FROM activities a WHERE a.slug = c.slug AND a.kind != 'meeting'
        AND a.dissent != '[]' AND substr(a."on", 1, 4) = CAST(y.year AS TEXT))
        AS outputs_with_dissent,
    (SELECT COUNT(*) FROM dccg_meetings m WHERE substr(m.date, 1, 4) = CAST(y.year AS TEXT)
        AND m.date >= c.recognized_on AND (c.dissolved_on IS NULL OR m.date <= c.dissolved_on))
        AS dccg_meetings_held,
    (SELECT COUNT(*) FROM dccg_attendance d WHERE d.slug = c.slug
        AND substr(d.date, 1, 4) = CAST(y.year AS TEXT)) AS dccg_meetings_attended
FROM coalitions c
JOIN years y ON y.year >= CAST(substr(c.recognized_on, 1, 4) AS INTEGER)
    AND (c.dissolved_on IS NULL OR y.year <= CAST(substr(c.dissolved_on, 1, 4) AS INTEGER))
LEFT JOIN reports r ON r.slug = c.slug AND r.year = y.year
WHERE c.recognized_on IS NOT NULL
"""


def primary_key(table: str) -> tuple[str, ...]:
    pk = SCHEMA[table][1]
    return (pk,) if isinstance(pk, str) else pk
