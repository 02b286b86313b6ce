"""Checkpoints: a C2SP tlog-checkpoint body wrapped in a C2SP signed note.

    dcledger/5ab1c0d2e3f4a5b6          <- origin: names this ledger
    1234                               <- tree size, decimal
    8Xw3...base64 root hash...=        <- RFC 9162 root of the first `size` events
                                       <- blank line ends the body
    — dcledger/5ab1c0d2e3f4a5b6 AbCd...  <- one line per signature

Each signature line is an em dash, a space, the key name, a space, and
base64(key hash || Ed25519 signature over the body), where the key hash is the first four
bytes of SHA-256(name || 0x0A || 0x01 || 32-byte public key).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from dcledger.ledger.errors import InvalidInput
from dcledger.ledger.integrity.keys import raw_public

DASH = "\u2014"
ED25519 = b"\x01"


def origin_of(first_leaf: bytes) -> str:
    """A ledger's name in its checkpoints: fixed by its first event."""
    return f"dcledger/{first_leaf.hex()[:16]}"


class CheckpointError(InvalidInput):
    """A checkpoint that cannot be read or whose signature does not hold."""


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes

    def body(self) -> str:
        return f"{self.origin}\n{self.size}\n{base64.b64encode(self.root).decode()}\n"


def key_hash(name: str, key: Ed25519PublicKey) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + ED25519 + raw_public(key)).digest()[:4]


def sign_note(checkpoint: Checkpoint, name: str, key: Ed25519PrivateKey) -> str:
    body = checkpoint.body()
    sig = key_hash(name, key.public_key()) + key.sign(body.encode())
    return f"{body}\n{DASH} {name} {base64.b64encode(sig).decode()}\n"


def parse_note(text: str) -> tuple[Checkpoint, list[tuple[str, bytes, bytes]]]:
    """The checkpoint and its signature lines as (name, key hash, signature)."""
    body, sep, rest = text.partition("\n\n")
    if not sep or not rest.endswith("\n"):
        raise CheckpointError("not a signed note (a body, a blank line, signature lines)")
    lines = body.split("\n")
    if len(lines) < 3 or not lines[0] or not lines[1].isdigit() or lines[1] != str(int(lines[1])):
        raise CheckpointError("the checkpoint body is not 'origin, size, root hash'")
    try:
        root = base64.b64decode(lines[2], validate=True)
    except binascii.Error:
        raise CheckpointError("the checkpoint's root hash is not base64") from None
    if len(root) != 32:
        raise CheckpointError("the checkpoint's root hash is not 32 bytes")
    signatures = []
    for line in rest[:-1].split("\n"):
        parts = line.split(" ")
        if len(parts) != 3 or parts[0] != DASH:
            raise CheckpointError(f"not a signature line: {line[:60]!r}")
        try:
            blob = base64.b64decode(parts[2], validate=True)
        except binascii.Error:
            raise CheckpointError("a signature is not base64") from None
        if len(blob) != 4 + 64:
            raise CheckpointError("a signature line is not an Ed25519 signature")
        signatures.append((parts[1], blob[:4], blob[4:]))
    return Checkpoint(lines[0], int(lines[1]), root), signatures


def verify_note(text: str, keys: list[Ed25519PublicKey], origin: str) -> Checkpoint:
    """The checkpoint, if one of `keys` signed it under the name `origin`."""
    checkpoint, signatures = parse_note(text)
    if checkpoint.origin != origin:
        raise CheckpointError(f"the checkpoint is of ledger '{checkpoint.origin}', not '{origin}'")
    body = text.partition("\n\n")[0].encode() + b"\n"
    verified = False
    for name, khash, sig in signatures:
        for key in keys:
            if name == origin and key_hash(name, key) == khash:
                try:
                    key.verify(sig, body)
                except InvalidSignature:  # a known key's signature that fails: altered
                    raise CheckpointError(
                        "a signature on the checkpoint by a key of the ledger's secretariat "
                        "does not hold"
                    ) from None
                verified = True
    if not verified:
        raise CheckpointError("no valid signature by the ledger's secretariat on the checkpoint")
    return checkpoint
