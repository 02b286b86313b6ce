"""C2SP signed-note checkpoints: the exact text form, parsing and verification."""

from __future__ import annotations

import base64
import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from dcledger.ledger.integrity.checkpoint import (
    Checkpoint,
    CheckpointError,
    key_hash,
    parse_note,
    sign_note,
    verify_note,
)
from dcledger.ledger.integrity.keys import raw_public

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
CP = Checkpoint("dcledger/test", 7, hashlib.sha256(b"root").digest())


def test_the_note_is_the_c2sp_form() -> None:
    note = sign_note(CP, "dcledger/test", KEY)
    body, sig_line = note.split("\n\n")
    assert body + "\n" == f"dcledger/test\n7\n{base64.b64encode(CP.root).decode()}\n"
    dash, name, blob = sig_line.rstrip("\n").split(" ")
    assert dash == "\u2014" and name == "dcledger/test"
    raw = base64.b64decode(blob)
    pub = raw_public(KEY.public_key())
    assert raw[:4] == hashlib.sha256(b"dcledger/test\n\x01" + pub).digest()[:4]
    assert raw[:4] == key_hash("dcledger/test", KEY.public_key())
    KEY.public_key().verify(raw[4:], (body + "\n").encode())


def test_a_signed_note_verifies_and_parses_back() -> None:
    note = sign_note(CP, "dcledger/test", KEY)
    assert verify_note(note, [KEY.public_key()], "dcledger/test") == CP
    assert parse_note(note)[0] == CP


def test_any_changed_byte_or_other_key_fails() -> None:
    note = sign_note(CP, "dcledger/test", KEY)
    other = Ed25519PrivateKey.generate().public_key()
    with pytest.raises(CheckpointError):
        verify_note(note, [other], "dcledger/test")
    with pytest.raises(CheckpointError):
        verify_note(note, [KEY.public_key()], "dcledger/other")
    for i in range(len(note.encode())):
        data = bytearray(note.encode())
        data[i] ^= 0x01
        try:
            text = data.decode()
        except UnicodeDecodeError:
            continue
        with pytest.raises(CheckpointError):
            verify_note(text, [KEY.public_key()], "dcledger/test")


@pytest.mark.parametrize(
    "text", ["", "a\n1\n", "a\nx\nAAAA\n\n\u2014 a AAAA\n", "a\n1\nAAAA\n\nnot a line\n"]
)
def test_malformed_notes_are_refused(text: str) -> None:
    with pytest.raises(CheckpointError):
        parse_note(text)


def test_a_failing_signature_by_a_known_key_fails_the_note_even_beside_a_good_one() -> None:
    """As Go's note.Open: a signature line of a known key that does not verify means the
    note was altered, whatever other signature holds."""
    second = Ed25519PrivateKey.generate()
    good = sign_note(CP, "dcledger/test", KEY)
    other = sign_note(CP, "dcledger/test", second).split("\n\n", 1)[1]
    body, signature = other.rstrip("\n").rsplit(" ", 1)
    raw = bytearray(base64.b64decode(signature))
    raw[-1] ^= 0x01  # the signature's last byte; its key hash (first 4 bytes) stays
    note = good + body + " " + base64.b64encode(bytes(raw)).decode() + "\n"
    keys = [KEY.public_key(), second.public_key()]
    with pytest.raises(CheckpointError, match="does not hold"):
        verify_note(note, keys, "dcledger/test")
    assert verify_note(good + other, keys, "dcledger/test") == CP
