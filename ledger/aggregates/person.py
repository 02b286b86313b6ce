"""Persons (global, one per handle), their offices, and the ledger's founding record."""

from __future__ import annotations

from uuid import UUID

from dcledger.ledger.aggregates.base import LedgerAggregate, Stamp, stable_id
from dcledger.ledger.errors import RuleViolation
from dcledger.ledger.state import LedgerState, PersonState


class Ledger(LedgerAggregate):
    """Exists once per ledger: proves `init` ran and names the first secretariat person."""

    TOPIC = "dcledger:ledger"
    ID = stable_id("ledger", "the-ledger")

    class Created(LedgerAggregate.Created, LedgerAggregate.Event):
        TOPIC = "dcledger:ledger.initialized:v1"
        secretariat: str
        key: str | None = None  # the secretariat's signing key: the ledger's root of trust

    class Retracted(LedgerAggregate.Retracted):
        TOPIC = "dcledger:ledger.retracted:v1"

    @property
    def state(self) -> LedgerState:
        return self._state

    @classmethod
    def initialize(cls, secretariat: str, stamp: Stamp, key: str | None = None) -> Ledger:
        return cls._create(
            cls.Created, id=cls.ID, secretariat=secretariat, key=key, **stamp.envelope()
        )


class Person(LedgerAggregate):
    TOPIC = "dcledger:person"

    class Created(LedgerAggregate.Created, LedgerAggregate.Event):
        TOPIC = "dcledger:person.registered:v1"
        handle: str
        name: str
        email: str
        offices: list[str]

    class OfficeGranted(LedgerAggregate.Event):
        TOPIC = "dcledger:person.office_granted:v1"
        office: str

    class ContactUpdated(LedgerAggregate.Event):
        TOPIC = "dcledger:person.contact_updated:v1"
        email: str

    class Retracted(LedgerAggregate.Retracted):
        TOPIC = "dcledger:person.retracted:v1"

    @property
    def state(self) -> PersonState:
        return self._state

    @staticmethod
    def id_for(handle: str) -> UUID:
        return stable_id("person", handle)

    @classmethod
    def register(
        cls, handle: str, name: str, email: str, stamp: Stamp, offices: tuple[str, ...] = ()
    ) -> Person:
        return cls._create(
            cls.Created,
            id=cls.id_for(handle),
            handle=handle,
            name=name,
            email=email,
            offices=list(offices),
            **stamp.envelope(),
        )

    @property
    def handle(self) -> str:
        return self.state.handle

    def holds(self, office: str) -> bool:
        return office in self.state.offices

    def grant(self, office: str, stamp: Stamp) -> None:
        if self.holds(office):
            raise RuleViolation(f"{self.handle} already holds the {office} office")
        self.record(self.OfficeGranted, stamp, office=office)

    def update_contact(self, email: str, stamp: Stamp) -> None:
        if email != self.state.email:
            self.record(self.ContactUpdated, stamp, email=email)

    # --- signing keys (OpenSSH Ed25519; see dcledger.ledger.integrity) -----------------

    class KeyAdded(LedgerAggregate.Event):
        TOPIC = "dcledger:person.key_added:v1"
        handle: str
        key: str  # the `ssh-ed25519 AAAA... comment` line
        fingerprint: str

    class KeyRevoked(LedgerAggregate.Event):
        TOPIC = "dcledger:person.key_revoked:v1"
        handle: str
        fingerprint: str

    def add_key(self, key: str, fingerprint: str, stamp: Stamp) -> None:
        if fingerprint in self.state.keys:
            raise RuleViolation(f"{self.handle} already holds key {fingerprint}")
        self.record(self.KeyAdded, stamp, handle=self.handle, key=key, fingerprint=fingerprint)

    def revoke_key(self, fingerprint: str, stamp: Stamp) -> None:
        if fingerprint not in self.state.keys:
            raise RuleViolation(f"{self.handle} holds no key {fingerprint}")
        self.record(self.KeyRevoked, stamp, handle=self.handle, fingerprint=fingerprint)
