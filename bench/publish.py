"""Time of `dcledger publish` on the sample history and on a large generated one.

Run: .venv/bin/python bench/publish.py --events 100000

Each history is imported the way `dcledger import` does it (or, with --ledger FILE, an
existing SQLite ledger is published instead of the generated history), then published twice into a
temporary folder: the first build writes every file, the second (an unchanged ledger)
must write none.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synthetic import history, signed_service, write_jsonl
from dcledger.bootstrap import LedgerService
from dcledger.ledger.importer import parse_lines
from dcledger.ledger.integrity.demo import demo_public
from dcledger.ledger.invocation import Invocation
from dcledger.projections.site import publish

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "history.jsonl"


def timed(label: str, fn):
    started = time.perf_counter()
    result = fn()
    print(f"  {label:<36} {time.perf_counter() - started:>8.2f} s")
    return result


def signed_start(invocations: list[Invocation]) -> list[Invocation]:
    """The first secretariat's public key in `init`, as `dcledger import` adds it from
    the key it makes (the sample history names none); the import signs with its pair."""
    first = invocations[0]
    if first.name != "init" or "key" in first.args:
        return invocations
    key = demo_public(first.args["secretariat"])
    return [dataclasses.replace(first, args={**first.args, "key": key}), *invocations[1:]]


def measure(name: str, source: Path, folder: Path, as_of: date) -> None:
    print(f"{name}:")
    with signed_service(folder / "ledger.db") as service:
        lines = signed_start(parse_lines(source))
        outcome = timed("import", lambda: service.record(lines))
        timed("catch up the read models", service.catch_up)
        site = folder / "site"
        first = timed("publish (first build)", lambda: publish(service, site, as_of))
        again = timed("publish again (unchanged ledger)", lambda: publish(service, site, as_of))
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    print(
        f"  {len(outcome.events):,} events -> {first.pages} pages, {first.files} files, "
        f"{size / 1e6:.1f} MB; second build changed {again.changed} files"
    )


def measure_existing(ledger: Path, folder: Path, as_of: date) -> None:
    print(f"existing ledger {ledger.name}:")
    with LedgerService(str(ledger)) as service:
        timed("catch up the read models", service.catch_up)
        site = folder / "site"
        first = timed("publish (first build)", lambda: publish(service, site, as_of))
        again = timed("publish again (unchanged ledger)", lambda: publish(service, site, as_of))
    print(
        f"  {first.position:,} events -> {first.pages} pages; second build changed {again.changed}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=100000)
    parser.add_argument("--ledger", type=Path, help="publish this SQLite ledger instead")
    parser.add_argument(
        "--no-sample", action="store_true", help="only the generated history (a quick check)"
    )
    args = parser.parse_args()
    if args.ledger:
        with tempfile.TemporaryDirectory() as tmp:
            measure_existing(args.ledger, Path(tmp), date(2026, 6, 1))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if not args.no_sample:
            (folder / "sample").mkdir()
            sample = folder / "sample"
            measure("sample history (data/history.jsonl)", SAMPLE, sample, date(2026, 10, 1))
        (folder / "big").mkdir()
        write_jsonl(folder / "big" / "history.jsonl", history(args.events))
        measure(
            f"generated history ({args.events:,} commands)",
            folder / "big" / "history.jsonl",
            folder / "big",
            date(2026, 6, 1),
        )


if __name__ == "__main__":
    main()
