"""The read models answer the common questions in SQL: status today, links between
tables, a description of every column, and no personal contact data in the views."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime

from sqlite_utils import Database

from dcledger.bootstrap import LedgerService
from dcledger.ledger import rules
from dcledger.projections.describe import TABLES, metadata_path
from dcledger.projections.private import private_path


def views_db(harness) -> Database:
    harness.service.catch_up()
    return Database(sqlite3.connect(harness.views))


def test_every_table_and_column_is_described(sqlite_ledger):
    sqlite_ledger.coalition()
    db = views_db(sqlite_ledger)
    names = db.table_names() + db.view_names()
    for name in names:
        described = TABLES[name][1]
        columns = [r[1] for r in db.execute(f"PRAGMA table_info([{name}])")]
        assert set(columns) == set(described), name
    written = json.loads(metadata_path(sqlite_ledger.views).read_text())
    tables = next(iter(written["databases"].values()))["tables"]
    assert set(tables) == set(names)


def test_tables_link_by_foreign_keys(sqlite_ledger):
    db = views_db(sqlite_ledger)
    links = {(fk.table, fk.column, fk.other_table) for fk in db["members"].foreign_keys}
    assert ("members", "slug", "coalitions") in links
    assert ("members", "handle", "persons") in links
    assert {fk.other_table for fk in db["ballots"].foreign_keys} == {"amendments", "persons"}


def test_status_is_todays_and_refreshed_when_the_day_changes(sqlite_ledger):
    sqlite_ledger.coalition(recognized="2019-02-01")  # no reports since: inactive today
    db = views_db(sqlite_ledger)
    state = sqlite_ledger.registry().coalitions["dc-example"]
    expected = rules.standing(state, datetime.now(UTC).date()).status
    assert expected == "inactive"
    assert db.execute("SELECT status FROM coalitions").fetchone()[0] == expected
    # Another day: the stored status is stale and is computed again.
    db.execute("UPDATE coalitions SET status = 'active'")
    db.execute("UPDATE tracking SET position = 20200101 WHERE name = 'status'")
    db.conn.commit()
    sqlite_ledger.service.close()
    sqlite_ledger.service = LedgerService(sqlite_ledger.location, views_path=sqlite_ledger.views)
    assert views_db(sqlite_ledger).execute("SELECT status FROM coalitions").fetchone()[0] == (
        "inactive"
    )


def test_emails_stay_out_of_the_shareable_views(sqlite_ledger):
    sqlite_ledger.coalition()
    sqlite_ledger.run(
        "member confirm-contact", "ana", slug="dc-example", email="ana@new.example", on="2019-06-01"
    )
    db = views_db(sqlite_ledger)
    everything = json.dumps(
        [list(row) for name in db.table_names() for row in db.execute(f"SELECT * FROM [{name}]")]
    )
    for address in ("ana@example.org", "ana@new.example", "sec@igf.example", "bo@example.org"):
        assert address not in everything
    private = sqlite3.connect(private_path(sqlite_ledger.views))
    contacts = dict(private.execute("SELECT handle, email FROM contacts"))
    assert contacts["ana"] == "ana@new.example"
    assert contacts["sec"] == "sec@igf.example"
    assert contacts["bo"] == "bo@example.org"
