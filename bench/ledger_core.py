"""Events per second through `import` and `rebuild`, beside raw SQLite in the same run.

Run: .venv/bin/python bench/ledger_core.py --events 20000
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synthetic import history, signed_service, write_jsonl
from dcledger.bootstrap import LedgerService
from dcledger.ledger.event_store import EventLog
from dcledger.ledger.importer import parse_lines


def raw_sqlite(folder: Path, rows: int, payload: dict) -> tuple[float, float]:
    """Seconds to insert `rows` JSON rows in one transaction, and to read them back."""
    conn = sqlite3.connect(folder / "raw.db")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE rows (id INTEGER PRIMARY KEY, body TEXT)")
    started = time.perf_counter()
    with conn:
        conn.executemany(
            "INSERT INTO rows (body) VALUES (?)",
            ((json.dumps(payload | {"n": i}),) for i in range(rows)),
        )
    inserted = time.perf_counter() - started
    started = time.perf_counter()
    count = sum(1 for (body,) in conn.execute("SELECT body FROM rows") if json.loads(body))
    read = time.perf_counter() - started
    assert count == rows
    conn.close()
    return inserted, read


def import_history(
    service: LedgerService, source: Path, on_progress: Callable[[int], None] | None = None
) -> tuple[float, int]:
    """Seconds to parse and record every line of `source` at once, as `dcledger import`
    does, and how many events that made."""
    started = time.perf_counter()
    outcome = service.record(parse_lines(source), on_progress)
    return time.perf_counter() - started, len(outcome.events)


def sample_payload(service: LedgerService) -> dict:
    """The newest event as the raw rows store it: a row as big as the ledger's own. Read
    alone, since loading every fact would cost what is being measured."""
    log = EventLog(service.app)
    found = log.notifications(log.head(), 1)
    sample = log.facts(found)[0]
    return {
        "type": sample.type,
        "actor": sample.actor,
        "data": sample.data,
        "effective_date": sample.effective_date,
        "recorded_at": sample.recorded_at,
    }


def timed_rebuild(service: LedgerService) -> float:
    started = time.perf_counter()
    service.rebuild()
    return time.perf_counter() - started


def measure(events: int) -> dict[str, float]:
    """Import and rebuild a generated history of about `events` events, and the raw SQLite
    insert and read of as many rows, all in seconds."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        commands = write_jsonl(folder / "history.jsonl", history(events))
        with signed_service(folder / "ledger.db") as service:
            imported, recorded = import_history(service, folder / "history.jsonl")
            rebuilt = timed_rebuild(service)
            payload = sample_payload(service)
        raw_insert, raw_read = raw_sqlite(folder, recorded, payload)
    return {
        "commands": commands,
        "events": recorded,
        "import_s": imported,
        "rebuild_s": rebuilt,
        "raw_insert_s": raw_insert,
        "raw_read_s": raw_read,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=20000)
    args = parser.parse_args()
    r = measure(args.events)
    events = r["events"]
    print(f"commands imported           {r['commands']:>10,}")
    print(f"events recorded             {events:>10,}")
    print(
        f"import (all or nothing)     {events / r['import_s']:>10,.0f} events/s  "
        f"({r['import_s']:.2f} s)"
    )
    print(
        f"rebuild every read model    {events / r['rebuild_s']:>10,.0f} events/s  "
        f"({r['rebuild_s']:.2f} s)"
    )
    print(
        f"raw SQLite insert JSON rows {events / r['raw_insert_s']:>10,.0f} rows/s    "
        f"({r['raw_insert_s']:.2f} s)"
    )
    print(
        f"raw SQLite read JSON rows   {events / r['raw_read_s']:>10,.0f} rows/s    "
        f"({r['raw_read_s']:.2f} s)"
    )


if __name__ == "__main__":
    main()
