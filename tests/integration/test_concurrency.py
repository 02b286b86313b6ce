"""Two processes recording into one ledger at once: nothing lost, nothing duplicated."""

import multiprocessing
import sqlite3
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from dcledger.bootstrap import LedgerService
from dcledger.cli.main import cli
from dcledger.ledger.errors import LedgerUnavailable
from dcledger.ledger.integrity.append import attach
from dcledger.ledger.integrity.demo import demo_signer
from dcledger.ledger.storage import Location
from tests.harness import Harness

PER_PROCESS = 12


def record_meetings(location: str, views: str, tag: str, start: multiprocessing.Event) -> None:
    start.wait()
    with LedgerService(location, views_path=Path(views)) as service:
        attach(service.app, demo_signer("sec"))  # the harness's throwaway key
        for i in range(PER_PROCESS):
            service.run(
                "meeting record", "ana", slug="dc-example", title=f"{tag}-{i}", on="2019-05-01"
            )
            service.catch_up()


def test_two_writers_on_one_coalition_both_succeed(ledger, tmp_path):
    ledger.coalition()
    before = ledger.events()
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    workers = [
        context.Process(
            target=record_meetings,
            args=(ledger.location, str(tmp_path / f"views-{tag}.db"), tag, start),
        )
        for tag in ("a", "b")
    ]
    # Both processes also share one read-model file to prove catch-up is exactly once.
    workers.append(
        context.Process(
            target=record_meetings, args=(ledger.location, str(ledger.views), "c", start)
        )
    )
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    titles = [a.title for a in ledger.registry().coalitions["dc-example"].activities]
    expected = {f"{tag}-{i}" for tag in "abc" for i in range(PER_PROCESS)}
    assert sorted(titles) == sorted(expected)
    assert ledger.events() == before + 3 * PER_PROCESS
    with sqlite3.connect(ledger.views) as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM events ORDER BY id")]
    assert ids == sorted(set(ids))
    assert len(ids) == ledger.events()


@pytest.mark.postgres
def test_a_postgresql_lock_held_too_long_is_a_clear_error(postgres_url, tmp_path, monkeypatch):
    """Reads wait at most the lock time-out too: opening the ledger reads its events
    table once under it and says the ledger is locked (the event store would retry
    each of its reads ten times, each waiting the lock time-out again)."""
    import psycopg

    monkeypatch.setenv("DCLEDGER_LOCK_TIMEOUT", "0.05")
    harness = Harness(postgres_url, tmp_path / "views.db")
    harness.start()
    events_before = harness.events()
    harness.close()
    server, schema = postgres_url.split("?schema=")
    locked, release = threading.Event(), threading.Event()

    def hold() -> None:
        with psycopg.connect(server) as conn:
            conn.execute(f"LOCK TABLE {schema}.dcledger_events IN ACCESS EXCLUSIVE MODE")
            locked.set()
            release.wait(60)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert locked.wait(10)
        locked_out = r"is locked by another process \(waited 0\.05 s\); try again"
        with pytest.raises(LedgerUnavailable, match=locked_out):
            LedgerService(postgres_url, views_path=tmp_path / "views.db")
        register = ["--ledger", postgres_url, "--views", str(tmp_path / "views.db")]
        register += [
            "--as",
            "sec",
            "person",
            "register",
            "zoe",
            "--name",
            "Z",
            "--email",
            "z@x.org",
        ]
        refused = CliRunner().invoke(cli, register)
    finally:
        release.set()
        holder.join()
    assert refused.exit_code == 1
    assert refused.stderr.splitlines() == [
        f"Error: the ledger at {Location(postgres_url).describe()} is locked by another "
        "process (waited 0.05 s); try again"
    ]
    with psycopg.connect(server) as conn:  # nothing was written
        count = conn.execute(f"SELECT COUNT(*) FROM {schema}.dcledger_events").fetchone()[0]
    assert count == events_before


def test_processes_starting_together_on_a_new_views_file_all_record(tmp_path):
    """Each process checks and creates the views file under one lock: without it one took
    another's half-made schema for a foreign file, or dropped the tables being made."""
    import os
    import subprocess
    import sys

    from tests.e2e.cli_helpers import Shell

    shell = Shell(tmp_path).founded()
    views = tmp_path / "fresh.views.db"
    command = [sys.executable, "-m", "dcledger.cli", "--ledger", shell.ledger]
    command += ["--views", str(views), "--as", "sec", "person", "register"]
    runs = [
        subprocess.Popen(
            [*command, f"p{i}", "--name", "P", "--email", f"p{i}@x.org", "--on", "2019-03-01"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=os.environ,
        )
        for i in range(8)
    ]
    results = [(run.wait(timeout=120), run.stderr.read()) for run in runs]
    assert [(code, err) for code, err in results if code != 0] == []
    registered = shell.json("log", "--type", "person.registered")
    assert sorted(e["handle"] for e in registered if e["handle"].startswith("p")) == [
        f"p{i}" for i in range(8)
    ]
    show = [sys.executable, "-m", "dcledger.cli", "--ledger", shell.ledger, "--views", str(views)]
    subprocess.run([*show, "status"], check=True, capture_output=True)  # catches the views up
    with sqlite3.connect(views) as conn:
        persons = conn.execute("SELECT COUNT(*) FROM persons WHERE handle LIKE 'p%'").fetchone()
    assert persons == (8,)
