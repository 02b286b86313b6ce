"""The ledger's founding, persons and their offices."""

from __future__ import annotations

from dcledger.ledger.errors import InvalidInput
from dcledger.ledger.facts import Fact
from dcledger.ledger.rules.checks.base import forbid, refuse, rule
from dcledger.ledger.rules.checks.membership import SELF
from dcledger.ledger.rules.situation import Situation
from dcledger.ledger.state import PersonState
from dcledger.ledger.vocabulary import MEMBER, OFFICES, SECRETARIAT


@rule("ledger.initialized", roles=(SECRETARIAT,))
def initialized(sit: Situation, fact: Fact) -> None:
    if fact.data["secretariat"] != fact.actor:
        raise refuse("founding", "the ledger is started by its first secretariat person")


@rule("person.registered", roles=(SECRETARIAT,))
def registered(sit: Situation, fact: Fact) -> None:
    offices = fact.data.get("offices", [])
    founding = sit.founding()
    if offices and not (founding and founding.secretariat == fact.data["handle"]):
        raise refuse(
            "offices-granted", "offices are granted with 'person grant', not at registration"
        )


@rule("person.office_granted", roles=(SECRETARIAT,))
def office_granted(sit: Situation, fact: Fact) -> None:
    office = fact.data["office"]
    if office not in OFFICES:
        raise InvalidInput(f"unknown office '{office}' ({' or '.join(OFFICES)})", rule="offices")
    person = sit.state(fact.aggregate_id)
    if office in person.offices:
        raise refuse("grant-once", f"{person.handle} already holds the {office} office on {sit.on}")


@rule("person.contact_updated", roles=SELF)
def contact_updated(sit: Situation, fact: Fact) -> None:
    person = sit.state(fact.aggregate_id)
    if person.handle != (fact.person or fact.actor):
        raise refuse(
            "acts-for-self", f"only {person.handle} (or the secretariat) updates their contact"
        )


@rule("person.key_added", roles=SELF)
def key_added(sit: Situation, fact: Fact) -> None:
    person = sit.state(fact.aggregate_id)
    if fact.role == MEMBER and person.handle != fact.actor:
        raise refuse("acts-for-self", "a person adds only their own keys (or the secretariat)")
    if fact.data["fingerprint"] in person.keys:
        raise refuse("key-once", f"{person.handle} already holds key {fact.data['fingerprint']}")


@rule("person.key_revoked", roles=SELF)
def key_revoked(sit: Situation, fact: Fact) -> None:
    person = sit.state(fact.aggregate_id)
    if fact.role == MEMBER and person.handle != fact.actor:
        raise refuse("acts-for-self", "a person revokes only their own keys (or the secretariat)")
    if fact.data["fingerprint"] not in person.keys:
        raise refuse("key-held", f"{person.handle} holds no key {fact.data['fingerprint']}")
    if person.keys == [fact.data["fingerprint"]] and SECRETARIAT in person.offices:
        check_a_secretariat_key_stays(sit, person.handle)


def check_a_secretariat_key_stays(sit: Situation, handle: str) -> None:
    """Only a usable key records anything, and only the secretariat adds keys for others:
    without a secretariat key left, nothing could ever be recorded again."""
    others = [
        p
        for p in sit.states_of_kind("person")
        if p.handle != handle and SECRETARIAT in p.offices and p.keys
    ]
    if not others:
        raise refuse(
            "secretariat-keeps-a-key",
            f"this is the last key of the secretariat ({handle}): add another key first, "
            "or nothing could be recorded again",
        )


def check_signs_for_ledger(person: PersonState | None, handle: str) -> None:
    """Checkpoints and bundles are signed by a person holding the secretariat office
    today: a verifier accepts no other signer."""
    if person is None or SECRETARIAT not in person.offices:
        raise forbid(
            "office-held",
            f"{handle} does not hold the secretariat office: the secretariat signs for the ledger",
        )
