"""One measurement per process, for bench/run_all.py.

    python -m bench.workers KIND '{"arg": ...}'

runs one measurement and prints one JSON object on stdout: its figures and the process's
own peak resident set size (`peak_rss_mb`). A process of its own per measurement is what
makes that peak mean something: it holds only what this one measurement needed.
Progress goes to stderr.
"""

from __future__ import annotations

import json
import resource
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import ledger_core, review, votes
from bench.synthetic import signed_service
from dcledger.bootstrap import LedgerService, tune_collector
from dcledger.ledger.event_store import EventLog, today

Result = dict[str, Any]
QUERY_BUDGET_S = 6.0  # repeat a query while under this much time, to take a median


def note(text: str) -> None:
    print(f"    {text}", file=sys.stderr, flush=True)


def every_tenth(what: str, total: int) -> Callable[[int], None]:
    """A progress callback that speaks at each tenth of `total` only: a 1M-event run
    says where it is without flooding the terminal."""
    step = max(total // 10, 1)
    next_at = [step]

    def report(done: int, _head: int | None = None) -> None:
        if done >= next_at[0]:
            note(f"{what} {done:,}/{total:,}")
            next_at[0] = (done // step + 1) * step

    return report


def import_progress(total: int) -> Callable[[int], None]:
    tenth = every_tenth("decided", total)

    def report(done: int) -> None:
        tenth(done)
        if done == total:  # the import saves everything in one transaction, after this
            note("all decided; saving")

    return report


def service_at(location: str, views: str) -> LedgerService:
    return LedgerService(location, views_path=Path(views))


def import_worker(source: str, location: str, views: str) -> Result:
    """`dcledger import` of `source` into a new ledger, and a sample event for the raw rows."""
    with Path(source).open() as lines_of:
        lines = sum(1 for _ in lines_of)
    with signed_service(location, Path(views)) as service:
        seconds, events = ledger_core.import_history(service, Path(source), import_progress(lines))
        payload = ledger_core.sample_payload(service)
    return {"seconds": seconds, "events": events, "payload": payload}


def rebuild_worker(location: str, views: str) -> Result:
    with service_at(location, views) as service:
        head = EventLog(service.app).head()
        started = time.perf_counter()
        events = service.rebuild(every_tenth("rebuilt up to event", head))
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "events": events}


def raw_worker(folder: str, rows: int, payload: dict) -> Result:
    inserted, read = ledger_core.raw_sqlite(Path(folder), rows, payload)
    return {"insert_s": inserted, "read_s": read, "rows": rows}


def catch_up_worker(location: str, views: str, slug: str, reps: int) -> Result:
    """Seconds per event of `catch_up()` after one new event. Each of `reps` repetitions
    records a meeting (its decision first brings the read models to the head, so exactly
    one event is behind) and times only the catch-up that follows, in this same process.

    The coalition's state is stored again once per `snapshots.stored_every` events, and
    a large coalition waits longer than `reps`: when none of them stored it, one store is
    timed on its own and its share (its time over that interval) is added to the mean."""
    with signed_service(location, Path(views), creating=False) as service:
        service.catch_up()  # a ledger fresh from import is caught up here, untimed
        stored_at = snapshot_position(service, slug)
        times = []
        for i in range(reps):
            service.run(
                "meeting record", "sec", slug=slug, title=f"bench {i}", on=today().isoformat()
            )
            started = time.perf_counter()
            processed = service.catch_up()
            times.append(time.perf_counter() - started)
            assert processed == 1, processed
        store_share = 0.0
        if snapshot_position(service, slug) == stored_at:
            store_s, interval = timed_store(service, slug)
            store_share = store_s / interval
            note(f"catch-up: one store of the state {store_s:.4f} s, every {interval} events")
        events = EventLog(service.app).head()
    # The mean, not the median: the first catch-up in a process loads the coalition's
    # state, and one in an interval stores it again: both belong to the events' share.
    note(
        f"catch-up: first {times[0]:.4f} s (loads the coalition's stored state), median "
        f"{statistics.median(times):.4f} s, slowest after the first {max(times[1:]):.4f} s"
    )
    return {
        "seconds": statistics.mean(times) + store_share,
        "median_s": statistics.median(times),
        "store_share_s": store_share,
        "events": events,
    }


def snapshot_position(service: LedgerService, slug: str) -> int:
    """The event position the coalition's stored state covers."""
    query = "SELECT position FROM snapshots WHERE kind = 'coalition' AND subject = ?"
    return service.views.conn.execute(query, [slug]).fetchone()[0]


def timed_store(service: LedgerService, slug: str) -> tuple[float, int]:
    """Seconds to store the coalition's current state, as a catch-up does when it is due,
    and after how many events that is due at its size."""
    from dcledger.projections import snapshots

    views = service.views
    query = "SELECT aggregate_id FROM snapshots WHERE kind = 'coalition' AND subject = ?"
    (key,) = views.conn.execute(query, [slug]).fetchone()
    found = snapshots.brought_forward(views.conn, key)
    started = time.perf_counter()
    with views.transaction():
        snapshots.write(views.conn, {key: (found.state, found.last, found.latest)})
    return time.perf_counter() - started, snapshots.stored_every(found.state)


def middle_recorded_at(service: LedgerService) -> str:
    """When the middle event was recorded: a --known-at that cuts the log in two."""
    log = EventLog(service.app)
    found = log.notifications(max(log.head() // 2, 1), 1)
    return log.facts(found)[0].recorded_at


def query_calls(
    slug: str, year: int, as_of: date, known_at: str
) -> dict[str, Callable[[LedgerService], Any]]:
    """Each query as the CLI makes it (cli/coalitions.py, cli/members.py, cli/review.py),
    by the name run_all.py shows."""
    return {
        "status": lambda s: review.status(s),
        "status_as_of": lambda s: review.status(s, as_of),
        "members": lambda s: review.members(s, slug),
        "members_as_of": lambda s: review.members(s, slug, as_of),
        "review": lambda s: review.review(s, year),
        "review_as_of": lambda s: review.review(s, year, as_of),
        "known_at": lambda s: review.known_at_status(s, as_of, known_at),
    }


def timed_query(location: str, views: str, call: Callable[[LedgerService], Any]) -> float:
    """One query as one CLI process makes it: open the ledger, catch up, ask, close."""
    started = time.perf_counter()
    with service_at(location, views) as service:
        call(service)
    return time.perf_counter() - started


def queries_worker(location: str, views: str, slug: str, year: int, as_of: str) -> Result:
    with service_at(location, views) as service:
        service.catch_up()  # "once caught up": the queries time no catching up
        known_at = middle_recorded_at(service)
        events = EventLog(service.app).head()
    result: Result = {"events": events, "known_at": known_at}
    # The first status of a day computes every coalition's document (then kept).
    with sqlite3.connect(views) as conn:
        conn.execute("DELETE FROM status_cache")
    result["status_first"] = timed_query(location, views, review.status)
    note(f"status, first of the day: {result['status_first']:.3f} s")
    for name, call in query_calls(slug, year, date.fromisoformat(as_of), known_at).items():
        times = [timed_query(location, views, call)]
        # Repeat a quick query for a steadier median; a slow one once is enough to tell.
        while len(times) < 5 and sum(times) < QUERY_BUDGET_S:
            times.append(timed_query(location, views, call))
        result[name] = statistics.median(times)
        note(f"{name}: {result[name]:.3f} s (median of {len(times)})")
    return result


def votes_worker(voters: int, location: str | None = None) -> Result:
    return votes.measure(voters, location)


WORKERS: dict[str, Callable[..., Result]] = {
    "import": import_worker,
    "rebuild": rebuild_worker,
    "raw": raw_worker,
    "catch_up": catch_up_worker,
    "queries": queries_worker,
    "votes": votes_worker,
}


def main() -> None:
    kind, args = sys.argv[1], json.loads(sys.argv[2])
    tune_collector()  # as every command that opens a ledger does
    result = WORKERS[kind](**args)
    # ru_maxrss is in KiB on Linux: the high-water mark of this process alone.
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


if __name__ == "__main__":
    main()
