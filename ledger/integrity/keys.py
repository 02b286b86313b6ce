"""Ed25519 keys in OpenSSH format: loading, fingerprints, and where a person's key lives.

A person's private key is found, in order, from `--key FILE`, the DCLEDGER_KEY
environment variable, or the default file `$XDG_CONFIG_HOME/dcledger/keys/HANDLE`
(`~/.config/dcledger/keys/HANDLE` when XDG_CONFIG_HOME is not set). Public keys are the
one-line `ssh-ed25519 AAAA... comment` form that `ssh-keygen -t ed25519` writes.
"""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from dcledger.ledger.errors import InvalidInput
from dcledger.ledger.textfiles import read_text

KEY_ENV = "DCLEDGER_KEY"


class KeyProblem(InvalidInput):
    """A key that cannot be found, read or used; the message says which and why."""


def parse_public(text: str) -> Ed25519PublicKey:
    """An `ssh-ed25519 AAAA... [comment]` line."""
    try:
        key = serialization.load_ssh_public_key(text.strip().encode())
    except (ValueError, TypeError, UnicodeError, UnsupportedAlgorithm):
        raise KeyProblem("not an OpenSSH public key ('ssh-ed25519 AAAA...')") from None
    if not isinstance(key, Ed25519PublicKey):
        raise KeyProblem("the public key is not Ed25519 (make one with ssh-keygen -t ed25519)")
    return key


def read_public(path: Path) -> Ed25519PublicKey:
    text = read_text(path)  # a regular file only: never blocks on a FIFO
    try:
        return parse_public(text)
    except KeyProblem as e:
        raise KeyProblem(f"{path}: {e}") from None


def read_private(path: Path) -> Ed25519PrivateKey:
    try:
        data = read_text(path).encode()
    except InvalidInput as e:
        raise KeyProblem(f"cannot read the key: {e}") from None
    try:
        key = serialization.load_ssh_private_key(data, password=None)
    except TypeError:
        raise KeyProblem(f"{path} is protected by a passphrase; use an unprotected key") from None
    except (ValueError, UnicodeError, UnsupportedAlgorithm):
        raise KeyProblem(f"{path} is not an OpenSSH private key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyProblem(f"{path} is not an Ed25519 key (make one with ssh-keygen -t ed25519)")
    return key


def public_line(key: Ed25519PublicKey, comment: str = "") -> str:
    raw = key.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    return f"{raw.decode()} {comment}".strip()


def raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(key: Ed25519PublicKey) -> str:
    """As `ssh-keygen -l` prints it: SHA256 of the key blob, unpadded base64."""
    blob = base64.b64decode(public_line(key).split()[1])
    return "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")


def config_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "dcledger" / "keys"


def default_key_path(handle: str) -> Path:
    return config_dir() / handle


def find_private(handle: str, key_file: Path | None = None) -> Ed25519PrivateKey:
    """The private key `handle` signs with: --key, then DCLEDGER_KEY, then the default."""
    if key_file is not None:
        return read_private(key_file)
    if os.environ.get(KEY_ENV):
        return read_private(Path(os.environ[KEY_ENV]))
    path = default_key_path(handle)
    if not path.exists():
        raise KeyProblem(
            f"{handle} has no signing key: give --key FILE, set {KEY_ENV}, or put it at {path}"
        )
    return read_private(path)


def generate(path: Path, comment: str) -> Ed25519PrivateKey:
    """A new key pair: the private key at `path` (mode 600), the public one at PATH.pub."""
    key = Ed25519PrivateKey.generate()
    write_pair(path, key, comment)
    return key


def write_pair(path: Path, key: Ed25519PrivateKey, comment: str) -> None:
    if path.exists():
        raise KeyProblem(f"{path} already exists; give it with --key instead")
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.OpenSSH,
        serialization.NoEncryption(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    Path(f"{path}.pub").write_text(public_line(key.public_key(), comment) + "\n")
