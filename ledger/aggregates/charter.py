"""The charter: a versioned document of sections, changed only by incorporation."""

from __future__ import annotations

from dcledger.ledger.aggregates.base import DeclaredEvent, Envelope, LedgerAggregate
from dcledger.ledger.ids import stable_id
from dcledger.ledger.state import CharterState


class Charter(LedgerAggregate):
    TOPIC = "dcledger:charter"
    ID = stable_id("charter", "the-charter")

    class Event(LedgerAggregate.Event):
        """The base of this aggregate's events (see LedgerAggregate.Event)."""

    class Created(LedgerAggregate.Created, Event):
        TOPIC = "dcledger:charter.adopted:v1"
        sections: list[dict[str, str]]

    class AdoptedAgain(DeclaredEvent):
        """Version 1 adopted again, after its first adoption was retracted."""

        TOPIC = "dcledger:charter.adopted_again:v1"
        sections: list[dict[str, str]]

    class AmendmentNumbered(DeclaredEvent):
        TOPIC = "dcledger:charter.amendment_numbered:v1"
        number: int

    class AmendmentIncorporated(DeclaredEvent):
        TOPIC = "dcledger:charter.amendment_incorporated:v1"
        amendment: int
        version: int
        sections: dict[str, str]

    class Reviewed(DeclaredEvent):
        TOPIC = "dcledger:charter.reviewed:v1"
        year: int
        notes: str

    class Retracted(Event, LedgerAggregate.Retracted):
        TOPIC = "dcledger:charter.retracted:v1"

    @property
    def state(self) -> CharterState:
        return super().state

    @classmethod
    def adopt(cls, sections: list[dict[str, str]], envelope: Envelope) -> Charter:
        return cls._create(cls.Created, id=cls.ID, sections=sections, **envelope.fields())

    # Each command method records one event; the rule layer checks it before it is saved.

    def adopt_again(self, sections: list[dict[str, str]], envelope: Envelope) -> None:
        self.record(self.AdoptedAgain, envelope, sections=sections)

    def number_amendment(self, number: int, envelope: Envelope) -> None:
        self.record(self.AmendmentNumbered, envelope, number=number)

    def incorporate(
        self, amendment: int, version: int, sections: dict[str, str], envelope: Envelope
    ) -> None:
        self.record(
            self.AmendmentIncorporated,
            envelope,
            amendment=amendment,
            version=version,
            sections=sections,
        )

    def review(self, year: int, notes: str, envelope: Envelope) -> None:
        self.record(self.Reviewed, envelope, year=year, notes=notes)
