"""The ledger's founding record and persons: their state and how events change it."""

from __future__ import annotations

from datetime import date

from dcledger.ledger.facts import Fact
from dcledger.ledger.state.fold import handles
from dcledger.ledger.state.model import StateModel, field


class PersonState(StateModel, kw_only=True):
    handle: str
    name: str
    email: str
    registered_on: date
    offices: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)  # fingerprints of the keys held now


class FoundingState(StateModel, kw_only=True):
    secretariat: str
    initialized_on: date


@handles("ledger.initialized")
def _initialized(_: None, f: Fact) -> FoundingState:
    return FoundingState(secretariat=f.data["secretariat"], initialized_on=f.day)


@handles("person.registered")
def _registered(_: None, f: Fact) -> PersonState:
    return PersonState(
        handle=f.data["handle"],
        name=f.data["name"],
        email=f.data["email"],
        registered_on=f.day,
        offices=list(f.data.get("offices", [])),
    )


@handles("person.office_granted")
def _office_granted(p: PersonState, f: Fact) -> None:
    if f.data["office"] not in p.offices:
        p.offices.append(f.data["office"])


@handles("person.contact_updated")
def _contact_updated(p: PersonState, f: Fact) -> None:
    p.email = f.data["email"]


@handles("person.key_added")
def _key_added(p: PersonState, f: Fact) -> None:
    if f.data["fingerprint"] not in p.keys:
        p.keys.append(f.data["fingerprint"])


@handles("person.key_revoked")
def _key_revoked(p: PersonState, f: Fact) -> None:
    if f.data["fingerprint"] in p.keys:
        p.keys.remove(f.data["fingerprint"])
