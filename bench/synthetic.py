"""Synthetic histories for the benchmarks: many coalitions, members, meetings, reports."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from dcledger.bootstrap import LedgerService
from dcledger.ledger.integrity.append import attach
from dcledger.ledger.integrity.demo import demo_public, demo_signer

GROUPS = ["government", "private-sector", "civil-society", "technical-community", "academia"]


def statement(slug: str, founders: list[str]) -> dict:
    return {
        "name": f"Dynamic Coalition on {slug}",
        "slug": slug,
        "need": "benchmark",
        "action_plan": "benchmark",
        "mailing_list": f"{slug}@lists.example.org",
        "contacts": [{"handle": founders[0], "name": founders[0], "email": f"{founders[0]}@x.org"}],
        "members": [
            {"handle": h, "name": h, "email": f"{h}@x.org", "group": GROUPS[i % len(GROUPS)]}
            for i, h in enumerate(founders)
        ],
    }


def history(commands: int, coalitions: int = 13, seed: int = 7) -> Iterator[dict]:
    """About one event per command after the opening, spread over 2015..2025."""
    rng = random.Random(seed)
    yield {
        "command": "init",
        "as": "sec",
        "on": "2014-01-01",
        "secretariat": "sec",
        "name": "Secretariat",
        "email": "sec@x.org",
        "key": demo_public("sec"),
    }
    slugs = [f"dc-bench-{i:02d}" for i in range(coalitions)]
    for slug in slugs:
        founders = [f"{slug}-f{j}" for j in range(3)]
        yield {
            "command": "coalition propose",
            "as": "sec",
            "on": "2014-06-01",
            "statement": statement(slug, founders),
        }
        yield {"command": "coalition recognize", "as": "sec", "on": "2014-07-01", "slug": slug}
    joined: dict[str, list[str]] = {s: [] for s in slugs}
    reported: set[tuple[str, int]] = set()  # (slug, year) whose report was considered
    start, days = date(2015, 1, 1), 11 * 365
    emitted = 0
    while emitted < commands:
        on = (start + timedelta(days=emitted * days // commands)).isoformat()
        slug = rng.choice(slugs)
        kind = rng.random()
        if kind < 0.25 or not joined[slug]:
            handle = f"p{emitted}"
            yield {
                "command": "person register",
                "as": "sec",
                "on": on,
                "handle": handle,
                "name": f"Person {emitted}",
                "email": f"{handle}@x.org",
            }
            yield {
                "command": "member join",
                "as": handle,
                "on": on,
                "slug": slug,
                "group": rng.choice(GROUPS),
            }
            joined[slug].append(handle)
            emitted += 2
        elif kind < 0.6:
            yield {
                "command": "member confirm-contact",
                "as": rng.choice(joined[slug]),
                "on": on,
                "slug": slug,
            }
            emitted += 1
        elif kind < 0.95:
            yield {
                "command": "meeting record",
                "as": f"{slug}-f0",
                "on": on,
                "slug": slug,
                "title": f"call {emitted}",
            }
            emitted += 1
        else:
            yield {
                "command": "output record",
                "as": f"{slug}-f0",
                "on": on,
                "slug": slug,
                "kind": "document",
                "title": f"paper {emitted}",
                "agreement": "agreed",
                "dissent": ["a minority view"],
            }
            emitted += 1
        year = int(on[:4])
        if on[5:] >= "02-01" and (slug, year) not in reported:
            reported.add((slug, year))
            if rng.random() < 0.9:
                yield {
                    "command": "report file",
                    "as": f"{slug}-f0",
                    "on": on,
                    "slug": slug,
                    "year": year - 1,
                }
                emitted += 1


def write_jsonl(path: Path, lines: Iterator[dict]) -> int:
    count = 0
    with path.open("w") as out:
        for line in lines:
            out.write(json.dumps(line) + "\n")
            count += 1
    return count


def signed_service(
    location: Path | str, views: Path | None = None, *, creating: bool = True
) -> LedgerService:
    """A ledger (a SQLite file or a PostgreSQL URL; new unless `creating` is False) whose
    commands are signed with throwaway keys, as the secretariat's import signs once over
    the tree head it produced. A PostgreSQL ledger needs `views`, else its read models go
    to the user's data folder."""
    service = LedgerService(str(location), views_path=views, creating=creating)
    signer = demo_signer("sec")
    signer.per_head = True
    attach(service.app, signer)
    return service
