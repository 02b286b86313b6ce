"""Throwaway keys for tests, benchmarks and demos. NOT SECRET: anyone can derive them
from a handle, so a ledger signed with them proves nothing about who recorded what."""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from dcledger.ledger.integrity.append import Signer
from dcledger.ledger.integrity.keys import public_line


def demo_key(handle: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(
        hashlib.sha256(b"dcledger throwaway key\n" + handle.encode()).digest()
    )


def demo_public(handle: str) -> str:
    return public_line(demo_key(handle).public_key(), f"{handle}@throwaway")


def demo_signer(runner: str | None = None) -> Signer:
    return Signer(key_for=demo_key, runner=runner)
