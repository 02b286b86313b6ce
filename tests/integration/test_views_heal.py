"""Views that do not follow the log they claim to are rebuilt from it; a views file that
cannot be opened is replaced by `rebuild`."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from dcledger.bootstrap import LedgerService
from dcledger.cli.main import cli
from tests.harness import Harness


def logged(service: LedgerService) -> list[int]:
    service.catch_up()
    return [r[0] for r in service.views.conn.execute("SELECT id FROM events ORDER BY id")]


def meeting(harness: Harness, title: str) -> None:
    harness.run("meeting record", "ana", slug="dc-example", title=title, on="2019-05-01")


def reopen(harness: Harness) -> LedgerService:
    harness.service.close()
    return LedgerService(harness.location, views_path=harness.views)


def test_a_restored_older_backup_is_followed_not_the_newer_views(sqlite_ledger, tmp_path):
    sqlite_ledger.coalition()
    backup = tmp_path / "backup.db"
    sqlite_ledger.service.app.close()
    shutil.copyfile(sqlite_ledger.location, backup)
    sqlite_ledger.reopen()
    head = len(logged(sqlite_ledger.service))
    meeting(sqlite_ledger, "after the backup")
    assert len(logged(sqlite_ledger.service)) == head + 1
    sqlite_ledger.service.close()
    shutil.copyfile(backup, sqlite_ledger.location)  # the backup comes back
    service = LedgerService(sqlite_ledger.location, views_path=sqlite_ledger.views)
    assert len(logged(service)) == head  # the newer event is gone from the views too
    service.close()


def test_a_different_event_at_the_tracked_position_rebuilds(sqlite_ledger, tmp_path):
    sqlite_ledger.coalition()
    sqlite_ledger.service.app.close()
    backup = tmp_path / "backup.db"
    shutil.copyfile(sqlite_ledger.location, backup)
    sqlite_ledger.reopen()
    meeting(sqlite_ledger, "only in the lost ledger")
    logged(sqlite_ledger.service)
    sqlite_ledger.service.close()
    shutil.copyfile(backup, sqlite_ledger.location)
    # The restored ledger records something else at the same position.
    sqlite_ledger.reopen()
    sqlite_ledger.run("person register", "sec", handle="zoe", name="Z", email="z@x.org")
    service = reopen(sqlite_ledger)
    logged(service)
    titles = [r[0] for r in service.views.conn.execute("SELECT title FROM activities")]
    assert "only in the lost ledger" not in titles
    assert service.views.conn.execute("SELECT 1 FROM persons WHERE handle='zoe'").fetchone()
    service.close()


def test_a_truncated_log_is_followed(sqlite_ledger):
    sqlite_ledger.coalition()
    meeting(sqlite_ledger, "to be cut off")
    head = len(logged(sqlite_ledger.service))
    sqlite_ledger.service.close()
    with sqlite3.connect(sqlite_ledger.location) as conn:
        conn.execute(
            "DELETE FROM stored_events WHERE rowid = (SELECT MAX(rowid) FROM stored_events)"
        )
    conn.close()
    service = LedgerService(sqlite_ledger.location, views_path=sqlite_ledger.views)
    assert len(logged(service)) == head - 1
    service.close()


def test_rebuild_replaces_a_views_file_it_cannot_open(sqlite_ledger):
    sqlite_ledger.coalition()
    sqlite_ledger.close()
    views = Path(sqlite_ledger.views)
    views.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)  # a damaged views file
    base = ["--ledger", sqlite_ledger.location, "--views", str(views)]
    refused = CliRunner().invoke(cli, [*base, "status"])
    assert refused.exit_code == 1
    assert "'dcledger rebuild' replaces them" in refused.stderr
    rebuilt = CliRunner().invoke(cli, [*base, "rebuild"])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert CliRunner().invoke(cli, [*base, "status"]).exit_code == 0


def test_rebuild_never_deletes_a_file_that_is_no_database(sqlite_ledger, tmp_path):
    sqlite_ledger.close()
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n")
    result = CliRunner().invoke(
        cli, ["--ledger", sqlite_ledger.location, "--views", str(notes), "rebuild"]
    )
    assert result.exit_code == 1
    assert notes.read_text() == "my notes\n"


def test_a_new_views_file_starts_without_an_earlier_ledgers_contacts(tmp_path):
    """A ledger removed with its views but not its private file, then started again
    under the same name: the new views hold only the new ledger's contacts."""
    from dcledger.projections.private import private_path

    first = Harness(str(tmp_path / "dc.db"), tmp_path / "dc.views.db")
    first.start()
    first.coalition()
    first.service.catch_up()
    first.close()
    assert private_path(tmp_path / "dc.views.db").exists()
    for name in ("dc.db", "dc.views.db"):
        (tmp_path / name).unlink()
    second = Harness(str(tmp_path / "dc.db"), tmp_path / "dc.views.db")
    second.start()
    second.service.catch_up()
    with sqlite3.connect(private_path(tmp_path / "dc.views.db")) as conn:
        handles = [h for (h,) in conn.execute("SELECT handle FROM contacts")]
    second.close()
    assert "sec" in handles and not {"ana", "bo", "cy"} & set(handles)  # the founders


def test_views_of_another_schema_version_are_made_again_from_the_log(sqlite_ledger):
    from dcledger.projections.schema import SCHEMA, SCHEMA_VERSION

    sqlite_ledger.coalition()
    head = logged(sqlite_ledger.service)
    sqlite_ledger.service.close()
    with sqlite3.connect(sqlite_ledger.views) as conn:  # as an older dcledger left it
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
        conn.execute("DROP TABLE members")
        conn.execute("CREATE TABLE retired (x)")
        conn.execute("CREATE VIEW retired_view AS SELECT x FROM retired")
    service = reopen(sqlite_ledger)
    assert logged(service) == head
    assert [s.slug for s in service.registry().coalitions.values()] == ["dc-example"]
    service.close()
    with sqlite3.connect(sqlite_ledger.views) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        views = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='view'")}
        assert names == set(SCHEMA) and views == {"coalition_years"}
        assert conn.execute("SELECT COUNT(*) FROM members").fetchone()[0] == 3


def test_views_at_the_head_of_another_log_as_long_are_rebuilt_without_the_event_store(
    sqlite_ledger, tmp_path
):
    """A command whose views are at the log's head answers without opening the event
    store: that reading compares the event at their position, not only the length."""
    sqlite_ledger.coalition()
    sqlite_ledger.service.close()
    backup = tmp_path / "backup.db"
    shutil.copyfile(sqlite_ledger.location, backup)
    sqlite_ledger.reopen()
    meeting(sqlite_ledger, "only in the first ledger")
    head = len(logged(sqlite_ledger.service))
    sqlite_ledger.close()
    # Another ledger as long, from the backup: its newest event is another one.
    other = Harness(str(backup), tmp_path / "other.views.db", creating=False)
    other.run("person register", "sec", handle="zoe", name="Z", email="z@x.org")
    other.close()
    shutil.copyfile(backup, sqlite_ledger.location)
    service = LedgerService(sqlite_ledger.location, views_path=sqlite_ledger.views)
    assert len(logged(service)) == head
    titles = [r[0] for r in service.views.conn.execute("SELECT title FROM activities")]
    assert "only in the first ledger" not in titles
    assert service.views.conn.execute("SELECT 1 FROM persons WHERE handle='zoe'").fetchone()
    service.close()
