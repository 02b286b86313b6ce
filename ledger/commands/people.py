"""Starting a ledger, registering persons, granting offices."""

from __future__ import annotations

from dcledger.ledger.aggregates import Envelope, Person
from dcledger.ledger.aggregates.person import Founding
from dcledger.ledger.commands.context import Context, command
from dcledger.ledger.errors import AlreadyExists, InvalidInput
from dcledger.ledger.integrity import keys
from dcledger.ledger.person_fields import check_person_fields
from dcledger.ledger.vocabulary import MEMBER, OFFICES, SECRETARIAT


@command("init")
def init(ctx: Context, secretariat: str, name: str, email: str, key: str | None = None) -> dict:
    check_person_fields(secretariat, name, email)
    if ctx.uow.find(Founding, Founding.ID) is not None:
        raise AlreadyExists("this ledger is already initialized")
    if ctx.actor and ctx.actor != secretariat:  # the first person records, and signs, it
        raise InvalidInput(
            f"init is recorded by the secretariat it names: --as {ctx.actor} is not "
            f"{secretariat} (leave --as out, or unset DCLEDGER_AS)"
        )
    envelope = Envelope(ctx.on, secretariat, SECRETARIAT, ctx.evidence)
    line = normalized_key(key)[0] if key is not None else None
    ctx.uow.add(Founding.initialize(secretariat, envelope, key=line))
    ctx.uow.add(Person.register(secretariat, name, email, envelope, offices=(SECRETARIAT,)))
    if key is not None:
        add_key_to(ctx.person_named(secretariat), key, envelope)
    return {"secretariat": secretariat}


@command("person register")
def register(ctx: Context, handle: str, name: str, email: str, key: str | None = None) -> dict:
    envelope = ctx.as_secretariat()
    check_person_fields(handle, name, email)
    if ctx.find_person(handle) is not None:
        raise AlreadyExists(f"a person with handle '{handle}' is already registered")
    ctx.uow.add(Person.register(handle, name, email, envelope))
    if key is not None:
        add_key_to(ctx.person_named(handle), key, envelope)
    return {"handle": handle}


@command("person grant")
def grant(ctx: Context, handle: str, office: str) -> dict:
    envelope = ctx.as_secretariat()
    if office not in OFFICES:
        raise InvalidInput(f"unknown office '{office}' ({' or '.join(OFFICES)})")
    ctx.person_named(handle).grant(office, envelope)
    return {"handle": handle, "office": office}


# --- signing keys ---------------------------------------------------------------------


def normalized_key(key: str) -> tuple[str, str]:
    """The OpenSSH line as stored (its comment kept, to tell keys apart), and its
    fingerprint."""
    public = keys.parse_public(key)
    return keys.public_line(public, " ".join(key.split()[2:])), keys.fingerprint(public)


def add_key_to(person: Person, key: str, envelope: Envelope) -> str:
    line, fingerprint = normalized_key(key)
    person.add_key(line, fingerprint, envelope)
    return fingerprint


def key_envelope(ctx: Context, handle: str) -> Envelope:
    """A person manages their own keys; the secretariat manages anyone's."""
    ctx.refuse_person_option()
    if ctx.me == handle:
        return ctx.envelope(MEMBER)
    return ctx.as_secretariat()


@command("person add-key")
def add_key(ctx: Context, handle: str, key: str) -> dict:
    envelope = key_envelope(ctx, handle)
    fingerprint = add_key_to(ctx.person_named(handle), key, envelope)
    return {"handle": handle, "fingerprint": fingerprint}


@command("person revoke-key")
def revoke_key(ctx: Context, handle: str, fingerprint: str) -> dict:
    envelope = key_envelope(ctx, handle)
    ctx.person_named(handle).revoke_key(fingerprint, envelope)
    return {"handle": handle, "fingerprint": fingerprint, "revoked_on": ctx.on}
