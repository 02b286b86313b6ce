"""Time to close a ratification vote and to audit the charter, with a large electorate.

Run: .venv/bin/python bench/votes.py --voters 10000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synthetic import signed_service, statement
from dcledger.ledger.application import Invocation
from dcledger.ledger.audit import audit
from dcledger.ledger.integrity.demo import demo_public

SECTIONS = [{"id": "review", "title": "Review", "text": "Reviewed yearly.\n"}]


def setup(voters: int) -> list[Invocation]:
    def cmd(command: str, actor: str, on: str, /, **args: object) -> Invocation:
        return Invocation(command, actor, args, on=on)

    lines = [
        cmd(
            "init",
            "sec",
            "2020-01-01",
            secretariat="sec",
            name="S",
            email="s@x.org",
            key=demo_public("sec"),
        ),
        cmd("person register", "sec", "2020-01-01", handle="chair", name="C", email="c@x.org"),
        cmd("person grant", "sec", "2020-01-01", handle="chair", office="dccg"),
        cmd("charter adopt", "chair", "2020-01-02", sections=SECTIONS),
    ]
    slugs = [f"dc-vote-{i}" for i in range(3)]
    for slug in slugs:
        founders = [f"{slug}-f{j}" for j in range(3)]
        lines.append(
            cmd("coalition propose", "sec", "2020-02-01", statement=statement(slug, founders))
        )
        lines.append(cmd("coalition recognize", "sec", "2020-02-02", slug=slug))
    for i in range(voters):
        handle = f"v{i}"
        lines.append(
            cmd(
                "person register",
                "sec",
                "2020-03-01",
                handle=handle,
                name=handle,
                email=f"{handle}@x.org",
            )
        )
        lines.append(cmd("member join", handle, "2020-03-02", slug=slugs[i % 3], group="academia"))
    proposer = f"{slugs[0]}-f0"
    lines += [
        cmd(
            "amendment propose",
            proposer,
            "2020-04-01",
            sections={"review": "Twice a year.\n"},
            rationale="more often",
            message_id="<bench@lists.example.org>",
        ),
        cmd("amendment consensus", "chair", "2020-04-10", amendment=1),
        cmd("vote open", "chair", "2020-05-01", amendment=1, closes="2020-05-31"),
    ]
    for i in range(voters):
        choice = "yes" if i % 3 else "no"
        lines.append(
            cmd(
                "vote cast",
                f"v{i}",
                "2020-05-10",
                amendment=1,
                choice=choice,
                statement="against" if choice == "no" else None,
            )
        )
    return lines


def measure(voters: int, location: str | None = None) -> dict[str, float]:
    """Seconds to close the vote and to audit the charter once `voters` ballots are cast,
    on a new SQLite ledger, or on `location` (an empty PostgreSQL schema's URL)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with signed_service(location or folder / "ledger.db", folder / "views.db") as service:
            started = time.perf_counter()
            events = len(service.record(setup(voters)).events)
            setup_time = time.perf_counter() - started
            service.catch_up()
            started = time.perf_counter()
            closed = service.run("vote close", "chair", amendment=1, on="2020-06-01")
            close_time = time.perf_counter() - started
            service.run("amendment incorporate", "chair", amendment=1, on="2020-06-02")
            started = time.perf_counter()
            checks = audit(service.log_facts())
            audit_time = time.perf_counter() - started
            electorate = len(service.registry().amendments[1].vote.electorate)
    result = closed.results[0]
    return {
        "events": events,
        "setup_s": setup_time,
        "electorate": electorate,
        "yes": result["yes"],
        "no": result["no"],
        "outcome": result["outcome"],
        "close_s": close_time,
        "audit_s": audit_time,
        "checks_passed": sum(c.ok for c in checks),
        "checks_failed": sum(not c.ok for c in checks),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--voters", type=int, default=10000)
    args = parser.parse_args()
    r = measure(args.voters)
    print(f"setup: {r['events']:,} events in {r['setup_s']:.1f} s")
    print(f"electorate                  {r['electorate']:>8,}")
    print(
        f"ballots cast                {args.voters:>8,}  "
        f"(yes {r['yes']:,}, no {r['no']:,}: {r['outcome']})"
    )
    print(f"vote close (load, tally, save)   {r['close_s']:>6.2f} s")
    print(
        f"charter audit (from the log)     {r['audit_s']:>6.2f} s  "
        f"({r['checks_passed']} passed, {r['checks_failed']} failed)"
    )


if __name__ == "__main__":
    main()
