"""Starting a ledger, registering persons, granting offices."""

from __future__ import annotations

from dcledger.ledger.aggregates import Envelope, Person
from dcledger.ledger.aggregates.person import Founding
from dcledger.ledger.commands.context import Context, command
from dcledger.ledger.documents import check_person_fields
from dcledger.ledger.errors import AlreadyExists, InvalidInput
from dcledger.ledger.vocabulary import OFFICES, SECRETARIAT


@command("init")
def init(ctx: Context, secretariat: str, name: str, email: str) -> dict:
    check_person_fields(secretariat, name, email)
    if ctx.uow.find(Founding, Founding.ID) is not None:
        raise AlreadyExists("this ledger is already initialized")
    envelope = Envelope(ctx.on, secretariat, SECRETARIAT, ctx.evidence)
    ctx.uow.add(Founding.initialize(secretariat, envelope))
    ctx.uow.add(Person.register(secretariat, name, email, envelope, offices=(SECRETARIAT,)))
    return {"secretariat": secretariat}


@command("person register")
def register(ctx: Context, handle: str, name: str, email: str) -> dict:
    envelope = ctx.as_secretariat()
    check_person_fields(handle, name, email)
    if ctx.find_person(handle) is not None:
        raise AlreadyExists(f"a person with handle '{handle}' is already registered")
    ctx.uow.add(Person.register(handle, name, email, envelope))
    return {"handle": handle}


@command("person grant")
def grant(ctx: Context, handle: str, office: str) -> dict:
    envelope = ctx.as_secretariat()
    if office not in OFFICES:
        raise InvalidInput(f"unknown office '{office}' ({' or '.join(OFFICES)})")
    ctx.person_named(handle).grant(office, envelope)
    return {"handle": handle, "office": office}
