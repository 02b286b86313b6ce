"""Persons (global, one per handle), their offices, and the ledger's founding record."""

from __future__ import annotations

from uuid import UUID

from dcledger.ledger.aggregates.base import DeclaredEvent, Envelope, LedgerAggregate, stable_id
from dcledger.ledger.state import FoundingState, PersonState


class Founding(LedgerAggregate):
    """Exists once per ledger: proves `init` ran and names the first secretariat person."""

    TOPIC = "dcledger:ledger"
    ID = stable_id("ledger", "the-ledger")

    class Event(LedgerAggregate.Event):
        """The base of this aggregate's events (see LedgerAggregate.Event)."""

    class Created(LedgerAggregate.Created, Event):
        TOPIC = "dcledger:ledger.initialized:v1"
        secretariat: str
        key: str | None = None  # the secretariat's signing key: the ledger's root of trust

    class Retracted(Event, LedgerAggregate.Retracted):
        TOPIC = "dcledger:ledger.retracted:v1"

    @property
    def state(self) -> FoundingState:
        return super().state

    @classmethod
    def initialize(cls, secretariat: str, envelope: Envelope, key: str | None = None) -> Founding:
        return cls._create(
            cls.Created, id=cls.ID, secretariat=secretariat, key=key, **envelope.fields()
        )


class Person(LedgerAggregate):
    TOPIC = "dcledger:person"

    class Event(LedgerAggregate.Event):
        """The base of this aggregate's events (see LedgerAggregate.Event)."""

    class Created(LedgerAggregate.Created, Event):
        TOPIC = "dcledger:person.registered:v1"
        handle: str
        name: str
        email: str
        offices: list[str]

    class OfficeGranted(DeclaredEvent):
        TOPIC = "dcledger:person.office_granted:v1"
        office: str

    class ContactUpdated(DeclaredEvent):
        TOPIC = "dcledger:person.contact_updated:v1"
        email: str

    class Retracted(Event, LedgerAggregate.Retracted):
        TOPIC = "dcledger:person.retracted:v1"

    @property
    def state(self) -> PersonState:
        return super().state

    @staticmethod
    def id_for(handle: str) -> UUID:
        return stable_id("person", handle)

    @classmethod
    def register(
        cls, handle: str, name: str, email: str, envelope: Envelope, offices: tuple[str, ...] = ()
    ) -> Person:
        return cls._create(
            cls.Created,
            id=cls.id_for(handle),
            handle=handle,
            name=name,
            email=email,
            offices=list(offices),
            **envelope.fields(),
        )

    @property
    def handle(self) -> str:
        return self.state.handle

    def grant(self, office: str, envelope: Envelope) -> None:
        self.record(self.OfficeGranted, envelope, office=office)

    def update_contact(self, email: str, envelope: Envelope) -> None:
        if email != self.state.email:
            self.record(self.ContactUpdated, envelope, email=email)

    # --- signing keys (OpenSSH Ed25519; see dcledger.ledger.integrity) -----------------

    class KeyAdded(DeclaredEvent):
        TOPIC = "dcledger:person.key_added:v1"
        handle: str
        key: str  # the `ssh-ed25519 AAAA... comment` line
        fingerprint: str

    class KeyRevoked(DeclaredEvent):
        TOPIC = "dcledger:person.key_revoked:v1"
        handle: str
        fingerprint: str

    def add_key(self, key: str, fingerprint: str, envelope: Envelope) -> None:
        self.record(self.KeyAdded, envelope, handle=self.handle, key=key, fingerprint=fingerprint)

    def revoke_key(self, fingerprint: str, envelope: Envelope) -> None:
        self.record(self.KeyRevoked, envelope, handle=self.handle, fingerprint=fingerprint)
