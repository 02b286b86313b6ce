"""An offline bundle: everything needed to verify a ledger without its database.

DIR/events.jsonl   one signed event per line, each line exactly its Merkle leaf
                   data (the canonical form, see signing.py)
DIR/keys.txt       every key the log registers: handle, fingerprint, OpenSSH key
DIR/checkpoint     the signed checkpoint of the tree the lines make
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from dcledger.ledger.facts import LIBRARY_FIELDS, Fact, type_of_topic
from dcledger.ledger.integrity import signing
from dcledger.ledger.integrity.stored import BATCH, LEAF_COLUMNS, document
from dcledger.ledger.integrity.verify import Problem, Signed, Verifier

EVENTS, KEYS, CHECKPOINT, HEADS = "events.jsonl", "keys.txt", "checkpoint", "heads.jsonl"


def export(app: Any, folder: Path, checkpoint: str) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    count, keys = 0, []
    with app.recorder.reading() as db, (folder / EVENTS).open("wb") as out:
        start = 1
        while batch := db.events(start, BATCH):
            rows = db.rows(
                f"SELECT {LEAF_COLUMNS} FROM integrity_leaves WHERE position>=? "
                "ORDER BY position LIMIT ?",
                (count, len(batch)),
            )
            for n, (pos, _, _, signer, fp, sig, head) in zip(batch, rows, strict=True):
                doc = document(n, pos)
                out.write(signing.leaf_bytes(doc, signer, fp, bytes(sig), head) + b"\n")
                if doc["topic"].endswith("person.key_added:v1"):
                    keys.append(
                        f"{doc['data']['handle']} {doc['data']['fingerprint']} "
                        f"{doc['data']['key']}\n"
                    )
            count += len(batch)
            start = batch[-1].id + 1
        heads = db.heads()
    (folder / KEYS).write_text("".join(keys))
    (folder / HEADS).write_text(
        "".join(
            json.dumps(
                {
                    "size": n,
                    "start": h[0],
                    "signer": h[1],
                    "key": h[2],
                    "sig": base64.b64encode(h[3]).decode(),
                }
            )
            + "\n"
            for n, h in sorted(heads.items())
        )
    )
    (folder / CHECKPOINT).write_text(checkpoint)
    return count


def read_lines(folder: Path) -> list[bytes]:
    try:
        return (folder / EVENTS).read_bytes().splitlines()
    except OSError as e:
        raise FileNotFoundError(f"{folder} is not a bundle: {e.strerror} ({EVENTS})") from None


def read_heads(folder: Path) -> dict[int, tuple[int, str, str, bytes]]:
    """Signed tree heads; a missing or damaged one fails the events it covers."""
    heads = {}
    try:
        lines = (folder / HEADS).read_text().splitlines()
    except (OSError, UnicodeError):
        return {}
    for line in lines:
        try:
            h = json.loads(line)
            heads[int(h["size"])] = (h["start"], h["signer"], h["key"], base64.b64decode(h["sig"]))
        except (ValueError, KeyError, TypeError, binascii.Error):
            continue
    return heads


def parse_line(line: bytes, position: int) -> Signed:
    try:
        data = json.loads(line.decode())
    except (UnicodeError, ValueError):
        raise signing.Unreadable("its line is not JSON") from None
    if not isinstance(data, dict) or signing.canonical(data) != line:
        raise signing.Unreadable("its line is not in canonical form")
    try:
        return Signed.from_leaf(data)
    except (KeyError, TypeError):
        raise signing.Unreadable("its line lacks the event or the signature") from None


def verify_bundle(
    folder: Path, checkpoints: list[tuple[str, str]] = ()
) -> tuple[list[Problem], list[Fact]]:
    lines = read_lines(folder)
    v, items = Verifier(), []
    v.heads = read_heads(folder)
    for position, line in enumerate(lines):
        try:
            items.append(parse_line(line, position))
        except signing.Unreadable as e:
            v.fail(position, f"line {position + 1} (position {position}): {e}")
            items.append(None)
    if items and items[0] is not None:
        v.seed([items[0].doc])
    for position, item in enumerate(items):
        if item is None:
            v.leaves.append(b"")
            continue
        try:
            v.check(item, position)
        except (KeyError, TypeError, AttributeError) as e:
            v.fail(position, f"line {position + 1} (position {position}): malformed ({e})")
    try:
        text = (folder / CHECKPOINT).read_text()
    except OSError:
        v.fail(0, f"the bundle has no {CHECKPOINT}")
    else:
        cp = v.check_checkpoint(text, "the bundle's checkpoint")
        if cp is not None and cp.size != len(lines):
            v.fail(
                min(cp.size, len(lines)),
                f"the bundle's checkpoint is of {cp.size} events, the bundle holds {len(lines)}",
            )
    for label, saved in checkpoints:
        v.check_checkpoint(saved, label)
    return v.report(), [fact_of(i.doc) for i in items if i is not None]


def fact_of(doc: dict[str, Any]) -> Fact:
    data = {k: v for k, v in doc["data"].items() if k not in LIBRARY_FIELDS}
    recorded = datetime.fromisoformat(doc["recorded_at"]).isoformat(timespec="microseconds")
    return Fact(
        aggregate_id=doc["record"],
        version=doc["version"],
        type=type_of_topic(doc["topic"]),
        effective_date=doc["effective_date"],
        recorded_at=recorded,
        actor=doc["recorder"],
        role=doc["role"],
        data=data,
        evidence=doc["evidence"],
        person=doc["person"],
        id=doc["id"],
    )
