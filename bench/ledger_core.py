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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synthetic import history, signed_service, write_jsonl
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=20000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        commands = write_jsonl(folder / "history.jsonl", history(args.events))
        started = time.perf_counter()
        with signed_service(folder / "ledger.db") as service:
            outcome = service.record(parse_lines(folder / "history.jsonl"))
            imported = time.perf_counter() - started
            events = len(outcome.events)
            started = time.perf_counter()
            service.rebuild()
            rebuilt = time.perf_counter() - started
            sample = service.log_facts()[-1]
        payload = {
            "type": sample.type,
            "actor": sample.actor,
            "data": sample.data,
            "effective_date": sample.effective_date,
            "recorded_at": sample.recorded_at,
        }
        raw_insert, raw_read = raw_sqlite(folder, events, payload)
    print(f"commands imported           {commands:>10,}")
    print(f"events recorded             {events:>10,}")
    print(f"import (all or nothing)     {events / imported:>10,.0f} events/s  ({imported:.2f} s)")
    print(f"rebuild every read model    {events / rebuilt:>10,.0f} events/s  ({rebuilt:.2f} s)")
    print(
        f"raw SQLite insert JSON rows {events / raw_insert:>10,.0f} rows/s    ({raw_insert:.2f} s)"
    )
    print(f"raw SQLite read JSON rows   {events / raw_read:>10,.0f} rows/s    ({raw_read:.2f} s)")


if __name__ == "__main__":
    main()
