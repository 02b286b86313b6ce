"""Time of the yearly review and of a --known-at query on a large generated history,
beside the rebuild rate measured in the same run.

Run: .venv/bin/python bench/review.py --events 200000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synthetic import history, signed_service, write_jsonl
from dcledger.ledger.importer import parse_lines
from dcledger.projections import queries
from dcledger.projections.review import yearly_review


def timed(label: str, fn):
    started = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - started
    print(f"{label:<44} {elapsed:>8.2f} s")
    return result, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=200000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_jsonl(folder / "history.jsonl", history(args.events))
        with signed_service(folder / "ledger.db") as service:
            outcome, _ = timed(
                "import", lambda: service.record(parse_lines(folder / "history.jsonl"))
            )
            events = len(outcome.events)
            midway = datetime.now(UTC).isoformat(timespec="microseconds")
            _, rebuilt = timed("rebuild", service.rebuild)
            today = date(2026, 6, 1)

            def review():
                end = service.registry(as_of="2024-12-31")
                now = service.registry()
                return yearly_review(2024, end, now, today)

            result, _ = timed("review 2024 (two folds + rules)", review)

            def known_at():
                registry = service.registry(as_of="2023-06-01", known_at=midway)
                return queries.status(registry, date(2023, 6, 1))

            rows, _ = timed("status --as-of 2023-06-01 --known-at T", known_at)
            _, _ = timed(
                "status today (from the stored states)",
                lambda: queries.status(service.registry(), today),
            )
    print(f"events in the ledger        {events:>10,}")
    print(f"rebuild rate                {events / rebuilt:>10,.0f} events/s")
    print(
        f"coalitions reviewed         {len(result['coalitions']):>10}  "
        f"({len(rows)} in the --known-at answer)"
    )


if __name__ == "__main__":
    main()
