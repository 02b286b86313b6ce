"""What signing and hashing cost: import with and without, verify vs rebuild, proofs.

Run: .venv/bin/python bench/integrity.py --events 100000
Prints each figure beside its baseline and the ratio (goals: import <= 1.3x the plain
import; verify no slower than rebuild). The keys are throwaway demo keys.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synthetic import history, write_jsonl
from dcledger.bootstrap import LedgerService
from dcledger.ledger.importer import parse_lines
from dcledger.ledger.integrity import merkle, stored
from dcledger.ledger.integrity.append import attach
from dcledger.ledger.integrity.demo import demo_public, demo_signer
from dcledger.ledger.storage import Location


class PlainLocation(Location):
    """eventsourcing's own recorder: no signatures, no tree (the baseline)."""

    def env(self) -> dict[str, str]:
        env = super().env()
        env.pop("APPLICATION_RECORDER_TOPIC")
        return env


def timed(fn):  # a stopwatch around any call
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def import_into(location: Location, views: Path, source: Path) -> tuple[float, LedgerService]:
    invocations = parse_lines(source)
    first = invocations[0]
    invocations[0] = dataclasses.replace(first, args={**first.args, "key": demo_public("sec")})
    service = LedgerService(location, views_path=views, creating=True)
    signer = demo_signer("sec")
    signer.per_head = True  # as `dcledger import` does: one signature over the tree head
    attach(service.app, signer)
    seconds, _ = timed(lambda: service.record(invocations))
    return seconds, service


def row(label: str, figure: float, baseline: float, unit: str = "s") -> None:
    print(
        f"{label:<38} {figure:>9.3f} {unit}  baseline {baseline:>9.3f} {unit}  "
        f"ratio {figure / baseline:>5.2f}x"
    )


def measure(events: int) -> dict[str, float]:
    """Seconds of the plain and the signed import, of verify and rebuild, and the proofs'
    sizes (in hashes) and times, on a generated history of about `events` events."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "history.jsonl"
        write_jsonl(source, history(events))
        plain, service = import_into(
            PlainLocation(str(folder / "plain.db")), folder / "p.v", source
        )
        service.close()
        signed, service = import_into(Location(str(folder / "signed.db")), folder / "s.v", source)
        app = service.app
        rebuilt, recorded = timed(service.rebuild)
        verified, problems = timed(lambda: stored.verify_ledger(app))
        assert problems == [], problems[:1]
        now = stored.current(app)
        last = app.recorder.max_notification_id()
        proving, (position, leaf, proof) = timed(lambda: stored.inclusion(app, last // 2, now.size))
        checking, _ = timed(
            lambda: merkle.verify_inclusion(position, now.size, leaf, proof, now.root)
        )
        grown, consistency = timed(lambda: stored.consistency(app, now.size // 3, now.size))
        service.close()
    return {
        "events": recorded,
        "plain_import_s": plain,
        "signed_import_s": signed,
        "rebuild_s": rebuilt,
        "verify_s": verified,
        "tree_size": now.size,
        "inclusion_hashes": len(proof),
        "inclusion_made_s": proving,
        "inclusion_checked_s": checking,
        "consistency_from": now.size // 3,
        "consistency_hashes": len(consistency),
        "consistency_made_s": grown,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=100_000)
    args = parser.parse_args()
    r = measure(args.events)
    size, hashes = r["tree_size"], r["inclusion_hashes"]
    print(f"events                                 {r['events']:>9,}")
    row("import, signed and hashed vs plain", r["signed_import_s"], r["plain_import_s"])
    row("verify vs rebuild of the same log", r["verify_s"], r["rebuild_s"])
    print(
        f"inclusion proof at {size:,} events:  {hashes} hashes, "
        f"{32 * hashes} bytes, made in {r['inclusion_made_s'] * 1000:.2f} ms, "
        f"checked in {r['inclusion_checked_s'] * 1000:.3f} ms"
    )
    print(
        f"consistency proof {r['consistency_from']:,} -> {size:,}: "
        f"{r['consistency_hashes']} hashes, {32 * r['consistency_hashes']} bytes, "
        f"made in {r['consistency_made_s'] * 1000:.2f} ms"
    )


if __name__ == "__main__":
    main()
