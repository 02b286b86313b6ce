"""Time of the yearly review and of a --known-at query on a large generated history,
beside the rebuild rate measured in the same run.

Run: .venv/bin/python bench/review.py --events 200000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synthetic import history, signed_service, write_jsonl
from dcledger.bootstrap import LedgerService
from dcledger.ledger.event_store import today
from dcledger.ledger.importer import parse_lines

T = TypeVar("T")


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def review(service: LedgerService, year: int, as_of: date | None = None) -> dict[str, Any]:
    """`dcledger review YEAR [--as-of AS_OF]`: the registry on the day it is read (today
    by default, from the stored states) and at the year's end, as cli/review.py asks."""
    return service.yearly_review(year, as_of or today())


def known_at_status(service: LedgerService, as_of: date, known_at: str) -> list[dict]:
    """`dcledger status --as-of AS_OF --known-at KNOWN_AT`."""
    return service.status(as_of, known_at)


def status(service: LedgerService, as_of: date | None = None) -> list[dict]:
    """`dcledger status [--as-of AS_OF]`: of today from the documents the views keep."""
    return service.status(as_of or today())


def members(service: LedgerService, slug: str, as_of: date | None = None) -> list[dict]:
    """`dcledger members SLUG [--as-of AS_OF]`: of today from the members table."""
    return service.members(as_of or today(), None, slug)


def measure(events: int) -> dict[str, float]:
    """Seconds of each step on a generated history of about `events` events."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_jsonl(folder / "history.jsonl", history(events))
        with signed_service(folder / "ledger.db") as service:
            outcome, imported = timed(lambda: service.record(parse_lines(folder / "history.jsonl")))
            midway = datetime.now(UTC).isoformat(timespec="microseconds")
            _, rebuilt = timed(service.rebuild)
            result, reviewed = timed(lambda: review(service, 2024))
            rows, known = timed(lambda: known_at_status(service, date(2023, 6, 1), midway))
            _, today_s = timed(lambda: status(service))
    return {
        "events": len(outcome.events),
        "import_s": imported,
        "rebuild_s": rebuilt,
        "review_s": reviewed,
        "known_at_s": known,
        "status_s": today_s,
        "coalitions": len(result["coalitions"]),
        "known_at_rows": len(rows),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=200000)
    args = parser.parse_args()
    r = measure(args.events)
    for label, key in [
        ("import", "import_s"),
        ("rebuild", "rebuild_s"),
        ("review 2024 (two folds + rules)", "review_s"),
        ("status --as-of 2023-06-01 --known-at T", "known_at_s"),
        ("status today (from the stored states)", "status_s"),
    ]:
        print(f"{label:<44} {r[key]:>8.2f} s")
    print(f"events in the ledger        {r['events']:>10,}")
    print(f"rebuild rate                {r['events'] / r['rebuild_s']:>10,.0f} events/s")
    print(
        f"coalitions reviewed         {r['coalitions']:>10}  "
        f"({r['known_at_rows']} in the --known-at answer)"
    )


if __name__ == "__main__":
    main()
