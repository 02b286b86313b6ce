"""What a backdated command and a retraction cost as the history grows.

A backfill re-checks the later facts that read the records it changes (the coalition's own
later history, and facts elsewhere that read it), never the whole ledger. This prints, at
each size, the time to decide and save one command recorded in order (the baseline), one
backdated to the middle of the history, one about a person backdated there (an office
granted to a founder), and one retraction of a mid-history event.

    .venv/bin/python bench/backfill.py --sizes 1000 100000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synthetic import history, signed_service, write_jsonl
from dcledger.ledger.importer import parse_lines


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def measure(size: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_jsonl(folder / "history.jsonl", history(size))
        with signed_service(folder / "ledger.db") as service:
            service.record(parse_lines(folder / "history.jsonl"))
            service.catch_up()
            facts = service.log_facts()
            slug = "dc-bench-00"
            dates = sorted(f.effective_date for f in facts)
            middle = dates[len(dates) // 2]
            later = max(dates)
            events = len(facts)
            in_order = timed(
                lambda: service.run("meeting record", "sec", slug=slug, title="now", on=later)
            )
            backfill = timed(
                lambda: service.run("meeting record", "sec", slug=slug, title="then", on=middle)
            )
            # About a person (a founder, named by facts all through the history): what
            # it re-checks is that person's later facts, found by name and date.
            person = timed(
                lambda: service.run(
                    "person grant", "sec", handle=f"{slug}-f0", office="dccg", on=middle
                )
            )
            joins = [
                f
                for f in facts
                if f.type == "coalition.member_confirm" or f.type == "coalition.contact_confirmed"
            ]
            target = joins[len(joins) // 2].id
            retraction = timed(
                lambda: service.run("retract", "sec", event_id=target, reason="bench")
            )
    return {
        "events": events,
        "in_order": in_order,
        "backfill": backfill,
        "person": person,
        "retract": retraction,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100000])
    args = parser.parse_args()
    print(
        f"{'events':>9} {'in order (s)':>13} {'backfill (s)':>13} {'ratio':>6} "
        f"{'person (s)':>11} {'ratio':>6} {'retract (s)':>12} {'ratio':>6}"
    )
    for size in args.sizes:
        r = measure(size)
        print(
            f"{r['events']:>9,} {r['in_order']:>13.3f} {r['backfill']:>13.3f} "
            f"{r['backfill'] / r['in_order']:>6.1f} {r['person']:>11.3f} "
            f"{r['person'] / r['in_order']:>6.1f} {r['retract']:>12.3f} "
            f"{r['retract'] / r['in_order']:>6.1f}"
        )


if __name__ == "__main__":
    main()
