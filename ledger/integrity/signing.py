"""The canonical bytes of an event, and Ed25519 signatures over them.

An event's canonical form is a JSON object with sorted keys, no whitespace, UTF-8
(non-ASCII characters as themselves), of exactly these members:

  position      its 0-based place in the log (the Merkle leaf index)
  id            its event id (the number commands print and `prove` takes)
  record        the id (hex) of the record (aggregate) it belongs to
  version       its version within that record
  topic         its type, e.g. "dcledger:coalition.recognized:v1"
  effective_date, recorded_at, recorder, role, person, evidence
  data          every other attribute the stored event carries

The signature is Ed25519 over those bytes. The Merkle leaf is the canonical form of the
signed event: {"event": <the object above>, "signature": {"signer", "key", "sig"}},
where key is the signer's key fingerprint and sig is base64. An import signs once: its
events carry {"signer", "key", "head": N} instead, and the signer signs the checkpoint
body (origin, N, root) of the tree the import produced (table integrity_heads).
"""

from __future__ import annotations

import base64
import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ENVELOPE = {"effective_date": "effective_date", "actor": "recorder", "role": "role"}
OPTIONAL = ("person", "evidence")
# eventsourcing's own encoding of a stored event's state, which a stored row must match.
_STORED = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


class Unreadable(ValueError):
    """A stored event whose bytes are not a well-formed ledger event."""


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def event_document(
    position: int,
    event_id: int,
    record: str,
    version: int,
    topic: str,
    state: bytes,
    strict: bool = True,
) -> dict[str, Any]:
    """The canonical object of a stored event (raises Unreadable). `strict` also demands
    the stored bytes be exactly eventsourcing's encoding (the recorder, which has just
    made them, skips that)."""
    if not isinstance(state, bytes):
        raise Unreadable("its stored state is not bytes")
    try:
        values = json.loads(state.decode())
    except (UnicodeError, ValueError):
        raise Unreadable("its stored bytes are not JSON") from None
    if not isinstance(values, dict) or (strict and _STORED.encode(values).encode() != state):
        raise Unreadable("its stored bytes are not in the stored form")
    try:
        stamp = values.pop("timestamp")
        if set(stamp) != {"_type_", "_data_"} or stamp["_type_"] != "datetime_iso":
            raise Unreadable("its time stamp is not a date and time")
        doc = {"recorded_at": stamp["_data_"]}
        for name, member in ENVELOPE.items():
            doc[member] = values.pop(name)
    except (KeyError, TypeError):
        raise Unreadable("it lacks its time stamp or envelope") from None
    for name in OPTIONAL:
        doc[name] = values.pop(name, None)
    doc.update(position=position, id=event_id, record=record, version=version, topic=topic)
    doc["data"] = values
    return doc


def sign(key: Ed25519PrivateKey, document: dict[str, Any]) -> bytes:
    return key.sign(canonical(document))


def verify(
    key: Ed25519PublicKey, document: dict[str, Any], signature: bytes, encoded: bytes | None = None
) -> bool:
    """Whether `signature` signs the document (`encoded`: its canonical bytes, when the
    caller has them)."""
    try:
        key.verify(signature, encoded or canonical(document))
    except InvalidSignature:
        return False
    return True


def leaf_bytes(
    document: dict[str, Any],
    signer: str,
    fingerprint: str,
    signature: bytes,
    head: int | None = None,
    encoded: bytes | None = None,
) -> bytes:
    """The canonical form of the signed event (`encoded`: the event's canonical bytes,
    when the caller has them). An event an import appended carries `head`, the tree size
    whose signed head covers it, instead of a signature of its own."""
    sig: dict[str, Any] = {"signer": signer, "key": fingerprint}
    if head is None:
        sig["sig"] = base64.b64encode(signature).decode()
    else:
        sig["head"] = head
    # Keys sort "event" < "signature", so this is canonical({"event":..., "signature":...}).
    return (
        b'{"event":' + (encoded or canonical(document)) + b',"signature":' + canonical(sig) + b"}"
    )
