"""OpenSSH Ed25519 keys (as ssh-keygen makes them) and canonical event signatures."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from dcledger.ledger.integrity import keys, signing

STATE = (
    b'{"timestamp":{"_type_":"datetime_iso","_data_":"2026-11-30T09:01:12.848793+00:00"},'
    b'"effective_date":"2019-02-01","actor":"sec","role":"secretariat","evidence":null,'
    b'"person":null,"slug":"dc-\xc3\xa9x"}'
)


def doc() -> dict:
    return signing.event_document(3, 4, "ab" * 16, 2, "dcledger:coalition.recognized:v1", STATE)


def test_generated_keys_load_and_fingerprint_like_ssh_keygen(tmp_path: Path) -> None:
    key = keys.generate(tmp_path / "sec", "sec@dcledger")
    assert oct((tmp_path / "sec").stat().st_mode & 0o777) == "0o600"
    loaded = keys.read_private(tmp_path / "sec")
    pub = keys.read_public(tmp_path / "sec.pub")
    assert keys.raw_public(pub) == keys.raw_public(key.public_key())
    assert keys.raw_public(loaded.public_key()) == keys.raw_public(pub)
    if shutil.which("ssh-keygen"):  # the fingerprint is the one ssh-keygen prints
        out = subprocess.run(
            ["ssh-keygen", "-l", "-f", str(tmp_path / "sec.pub")], capture_output=True, text=True
        ).stdout
        assert out.split()[1] == keys.fingerprint(pub)
    assert keys.fingerprint(pub).startswith("SHA256:") and len(keys.fingerprint(pub)) == 50


def test_the_key_is_found_from_flag_env_and_default(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.delenv(keys.KEY_ENV, raising=False)
    with pytest.raises(keys.KeyProblem, match="has no signing key"):
        keys.find_private("ana")
    default = keys.generate(keys.default_key_path("ana"), "ana")
    other = keys.generate(tmp_path / "other", "other")
    raw = keys.raw_public
    assert raw(keys.find_private("ana").public_key()) == raw(default.public_key())
    monkeypatch.setenv(keys.KEY_ENV, str(tmp_path / "other"))
    assert raw(keys.find_private("ana").public_key()) == raw(other.public_key())
    flag = keys.find_private("ana", tmp_path / "cfg" / "dcledger" / "keys" / "ana")
    assert raw(flag.public_key()) == raw(default.public_key())


def test_bad_key_files_are_named(tmp_path: Path) -> None:
    (tmp_path / "junk").write_text("hello")
    with pytest.raises(keys.KeyProblem, match="not an OpenSSH private key"):
        keys.read_private(tmp_path / "junk")
    with pytest.raises(keys.KeyProblem, match="not an OpenSSH public key"):
        keys.read_public(tmp_path / "junk")
    with pytest.raises(keys.KeyProblem, match="cannot read"):
        keys.read_private(tmp_path / "missing")


def test_canonical_form_is_sorted_compact_utf8() -> None:
    d = doc()
    assert d["recorder"] == "sec" and d["data"] == {"slug": "dc-éx"} and d["position"] == 3
    text = signing.canonical(d)
    assert text.startswith(b'{"data":{"slug":"dc-\xc3\xa9x"},"effective_date":"2019-02-01"')
    assert b" " not in text


def test_a_signature_covers_every_member(tmp_path: Path) -> None:
    key = keys.generate(tmp_path / "k", "k")
    sig = signing.sign(key, doc())
    assert signing.verify(key.public_key(), doc(), sig)
    for member in doc():
        changed = doc()
        changed[member] = "x"
        assert not signing.verify(key.public_key(), changed, sig), member


def test_bytes_that_are_not_the_stored_form_are_unreadable() -> None:
    with pytest.raises(signing.Unreadable):
        signing.event_document(0, 1, "r", 1, "t", STATE.replace(b'":"', b'": "', 1))
    with pytest.raises(signing.Unreadable):
        signing.event_document(0, 1, "r", 1, "t", STATE[:-1])
    with pytest.raises(signing.Unreadable):
        signing.event_document(0, 1, "r", 1, "t", b'{"a":1}')
