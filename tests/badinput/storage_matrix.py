"""Ledgers and views that are not what they claim: foreign, truncated, wrong-schema and
half-written SQLite files, FIFOs, folders, unreachable and misconfigured PostgreSQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.badinput.cases import REFUSED, Case
from tests.badinput.workspace import Workspace

# Commands that open the ledger, reading or writing.
PROBES = [
    ["status"],
    ["log", "--limit", "3"],
    ["members", "dc-example"],
    ["review", "2020"],
    ["charter", "show"],
    ["rebuild"],
    ["--as", "sec", "person", "register", "zed", "--name", "Z", "--email", "z@example.org"],
    ["--as", "sec", "meeting", "record", "dc-example", "--title", "t"],
]


def bad_ledgers(w: Workspace) -> dict[str, Path]:
    """Files that are not a usable dcledger ledger; none of them may change."""
    files = {}
    files["random bytes"] = w.write_bytes("foreign.bin", bytes(range(256)) * 64)
    files["text file"] = w.write("notes.txt", "just some notes\n")
    files["zero bytes"] = w.write_bytes("zero.db", b"")
    other = w.folder / "other-app.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner TEXT)")
        conn.execute("INSERT INTO accounts VALUES (1, 'someone')")
    conn.close()
    files["another application's database"] = other
    wrong = w.folder / "wrong-schema.db"
    with sqlite3.connect(wrong) as conn:
        conn.execute("CREATE TABLE stored_events (id INTEGER PRIMARY KEY, body TEXT)")
    conn.close()
    files["stored_events of another shape"] = wrong
    size = w.ledger.stat().st_size
    for label, keep in [("header only", 100), ("half", size // 2), ("all but a page", size - 4096)]:
        target = w.copy_ledger(f"truncated-{keep}.db")
        with open(target, "r+b") as f:
            f.truncate(keep)
        files[f"truncated: {label}"] = target
    torn = w.copy_ledger("torn.db")
    # A page of the event log overwritten, as by a crash or a bad copy (a page no command
    # reads, say of the Merkle tree, shows only to `verify`).
    data = torn.read_bytes()
    page = 4096
    at = data.find(b"dcledger:coalition", size // 4) // page * page
    with open(torn, "r+b") as f:
        f.seek(at if at > 0 else size // 2)
        f.write(b"\xde\xad\xbe\xef" * (page // 4))
    files["a torn page"] = torn
    alien = w.copy_ledger("alien-topic.db")
    with sqlite3.connect(alien) as conn:
        conn.execute("UPDATE stored_events SET topic = 'no.such:Topic' WHERE rowid = 2")
    conn.close()
    files["an unknown topic"] = alien
    garbled = w.copy_ledger("garbled.db")
    with sqlite3.connect(garbled) as conn:
        conn.execute("UPDATE stored_events SET state = X'00ff00ff' WHERE rowid = 3")
    conn.close()
    files["an undecodable event"] = garbled
    return files


def ledger_cases(w: Workspace) -> list[Case]:
    cases = []
    for label, path in bad_ledgers(w).items():
        views = str(w.folder / f"views-for-{path.name}")
        # A damaged event refuses what reads it; a command that never reads it may record.
        probes = PROBES[:6] if "event" in label or "topic" in label else PROBES
        for probe in probes:
            cases.append(
                Case(
                    f"ledger {label}: {probe[0]}",
                    probe,
                    ledger=str(path),
                    views=views,
                    guard=[str(path)],
                )
            )
    for label, path in [("a FIFO", w.fifo), ("a folder", w.folder_path), ("missing", w.missing)]:
        cases += [Case(f"ledger {label}: {p[0]}", p, ledger=str(path)) for p in PROBES]
    cases.append(Case("ledger name with NUL", ["status"], ledger="dc\x00.db"))
    return cases


def views_cases(w: Workspace) -> list[Case]:
    """Views that cannot serve: the ledger itself, another application's database, a
    FIFO or a folder. Only `rebuild` may replace a views file, and only a corrupt one."""
    other = w.folder / "precious.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE precious (x)")
    conn.close()
    cases = []
    for label, views in [
        ("the ledger itself", w.ledger),
        ("another application's database", other),
        ("a FIFO", w.fifo),
        ("a folder", w.folder_path),
    ]:
        for probe in PROBES:
            cases.append(
                Case(f"views {label}: {probe[0]}", probe, views=str(views), guard=[str(views)])
            )
    return cases


def postgres_cases(url: str) -> list[Case]:
    """Misconfigured PostgreSQL: each error names its cause."""
    base = url.split("?")[0]
    host = base.split("@")[-1].split("/")[0]
    wrong = {
        "wrong port": (base.replace(host, "127.0.0.1:1"), "port"),
        "port out of range": (base.replace(host, "127.0.0.1:99999"), "port"),
        "port not a number": (base.replace(host, "127.0.0.1:abc"), "port"),
        "wrong database": (base.rsplit("/", 1)[0] + "/no_such_db", "database"),
        "wrong role": (base.replace("postgres@", "no_such_role@"), "role"),
        "missing schema": (base + "?schema=no_such_schema", "schema"),
        "schema without a ledger": (url.replace("?schema=", "?schema=x") + "_absent", "schema"),
        "unknown host": ("postgresql://postgres@no-such-host.invalid:5432/test", "host"),
        # An option the URL cannot honour is refused, never dropped (TLS would be lost).
        "unsupported option": (url + "&sslmode=require", "'sslmode' is not supported"),
    }
    cases = []
    for label, (bad_url, word) in wrong.items():
        for probe in PROBES[:3] + PROBES[6:]:
            cases.append(
                Case(f"postgres {label}: {probe[0]}", probe, ledger=bad_url, check=names(word))
            )
    return cases


def names(word: str):
    def check(result) -> str | None:
        return None if word in result.stderr else f"the error does not name the {word}"

    return check


def storage_cases(w: Workspace) -> list[Case]:
    return ledger_cases(w) + views_cases(w)


def postgres_ledger_cases(w: Workspace, url: str, cli: list[Case]) -> list[Case]:
    """Bad recording invocations against a real PostgreSQL ledger: no row may change.
    Every recording command's bad values, with the seeded SQLite ledger's history."""
    import psycopg

    schema = url.split("schema=")[1]
    # One connection for every look, outside any transaction: each sees what is committed.
    watcher = psycopg.connect(url.split("?")[0], autocommit=True)

    def rows() -> list[tuple]:
        return watcher.execute(
            f"SELECT originator_id, originator_version, topic, md5(state) "
            f"FROM {schema}.dcledger_events ORDER BY notification_id"
        ).fetchall()

    picked = [c for c in cli if "--as" in c.args and c.expect == REFUSED and "file" not in c.name]
    return [
        Case(f"postgres ledger: {c.name}", c.args, c.expect, ledger=url, rows=rows)
        for c in picked[::4]
    ]
