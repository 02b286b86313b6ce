"""Signing keys on the command line: who signs, and keys made for a newcomer.

Every recorded event is signed (see dcledger.ledger.integrity). The person running a
command signs it with their private key from `--key FILE`, DCLEDGER_KEY, or
`$XDG_CONFIG_HOME/dcledger/keys/HANDLE` (`~/.config/dcledger/keys/HANDLE`). Where a
command needs a key nobody gave (`init`, `person register` or `person add-key` without a
public key file), a new pair is made in that folder, written only once the command is
recorded, and its place is printed.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import click
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from dcledger.ledger.integrity import keys
from dcledger.ledger.integrity.append import Signer
from dcledger.ledger.invocation import Invocation, runner_of


@dataclasses.dataclass
class NewKeys:
    """Key pairs made during one command, saved to the config folder after it succeeds."""

    made: dict[str, Ed25519PrivateKey] = dataclasses.field(default_factory=dict)

    def public_for(self, handle: str, key_file: Path | None = None) -> str:
        """The public key line of `handle`'s key: found, or made afresh."""
        key = self.made.get(handle)
        if key is None:
            try:
                key = keys.find_private(handle, key_file)
            except keys.KeyProblem:
                if key_file is not None or keys.default_key_path(handle).exists():
                    raise
                key = self.made[handle] = Ed25519PrivateKey.generate()
        return keys.public_line(key.public_key(), handle)

    def public_for_person(self, handle: str, public_file: Path | None) -> str:
        """A person's public key: the file given, else theirs in the config folder (made
        afresh if there is none: a throwaway key for a demo on one machine)."""
        if public_file is not None:
            return keys.public_line(keys.read_public(public_file), handle)
        path = keys.default_key_path(handle)
        if Path(f"{path}.pub").exists():
            return keys.public_line(keys.read_public(Path(f"{path}.pub")), handle)
        if path.exists():
            return keys.public_line(keys.read_private(path).public_key(), handle)
        key = self.made.setdefault(handle, Ed25519PrivateKey.generate())
        return keys.public_line(key.public_key(), handle)

    def genesis(self, invocations: list[Invocation], key_file: Path | None) -> list[Invocation]:
        """A ledger's first command registers the key of its first secretariat person."""
        if not invocations or invocations[0].name != "init" or "key" in invocations[0].args:
            return invocations
        first = invocations[0]
        handle = first.args.get("secretariat")
        if not isinstance(handle, str):
            return invocations
        public = self.public_for(handle, key_file)
        return [dataclasses.replace(first, args={**first.args, "key": public}), *invocations[1:]]

    def private(self, handle: str) -> Ed25519PrivateKey | None:
        return self.made.get(handle)

    def save(self) -> None:
        for handle, key in self.made.items():
            path = keys.default_key_path(handle)
            keys.write_pair(path, key, handle)
            click.echo(f"New signing key for {handle}: {path} (public key: {path}.pub)", err=True)
        self.made.clear()


def signer(session: Any, invocations: list[Invocation], made: NewKeys) -> Signer:
    """The person running the command signs each event; an import signs once, over the
    tree head it produced. An import or `init` run without --as is signed by its first
    line's recorder (the secretariat it names, for `init`)."""
    runner = runner_of(invocations, session.actor)

    def key_for(handle: str) -> Ed25519PrivateKey:
        return made.private(handle) or keys.find_private(handle, session.key_file)

    # An import (many commands at once) signs the tree head it produced, once: fast.
    batch = len(invocations) > 1 and runner is not None
    if batch:
        key_for(runner)  # a missing key is said before a long import is decided, not after
    return Signer(key_for=key_for, runner=runner, per_head=batch)
