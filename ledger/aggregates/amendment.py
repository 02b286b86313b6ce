"""A charter amendment, from proposal through its ratification vote to incorporation."""

from __future__ import annotations

from uuid import UUID

from dcledger.ledger.aggregates.base import DeclaredEvent, Envelope, LedgerAggregate, stable_id
from dcledger.ledger.state import AmendmentState
from dcledger.ledger.tally import Tally


class Amendment(LedgerAggregate):
    TOPIC = "dcledger:amendment"

    class Event(LedgerAggregate.Event):
        """The base of this aggregate's events (see LedgerAggregate.Event)."""

    class Created(LedgerAggregate.Created, Event):
        TOPIC = "dcledger:amendment.proposed:v1"
        number: int
        sections: dict[str, str]
        rationale: str
        message_id: str
        base_version: int

    class Discussed(DeclaredEvent):
        TOPIC = "dcledger:amendment.discussed:v1"
        ref: str

    class ConsensusReached(DeclaredEvent):
        TOPIC = "dcledger:amendment.consensus_reached:v1"

    class Withdrawn(DeclaredEvent):
        TOPIC = "dcledger:amendment.withdrawn:v1"
        reason: str

    class Rebased(DeclaredEvent):
        TOPIC = "dcledger:amendment.rebased:v1"
        sections: dict[str, str]
        base_version: int

    class VoteOpened(DeclaredEvent):
        TOPIC = "dcledger:amendment.vote_opened:v1"
        closes: str
        quorum: str
        threshold: str
        electorate: list[str]

    class BallotCast(DeclaredEvent):
        TOPIC = "dcledger:amendment.ballot_cast:v1"
        choice: str
        statement: str | None

    class VoteClosed(DeclaredEvent):
        TOPIC = "dcledger:amendment.vote_closed:v1"
        tally: dict[str, int]
        electorate_size: int
        turnout: str
        quorum_met: bool
        outcome: str
        # The text that was voted on: the text an incorporation must bring into the charter.
        sections: dict[str, str]

    class Incorporated(DeclaredEvent):
        TOPIC = "dcledger:amendment.incorporated:v1"
        version: int

    class Retracted(Event, LedgerAggregate.Retracted):
        TOPIC = "dcledger:amendment.retracted:v1"

    @property
    def state(self) -> AmendmentState:
        return super().state

    @staticmethod
    def id_for(number: int) -> UUID:
        return stable_id("amendment", str(number))

    @classmethod
    def propose(
        cls,
        number: int,
        sections: dict[str, str],
        rationale: str,
        message_id: str,
        base_version: int,
        envelope: Envelope,
    ) -> Amendment:
        return cls._create(
            cls.Created,
            id=cls.id_for(number),
            number=number,
            sections=sections,
            rationale=rationale,
            message_id=message_id,
            base_version=base_version,
            **envelope.fields(),
        )

    @property
    def number(self) -> int:
        return self.state.number

    # Each command method records one event; the rule layer checks it before it is saved.

    def discuss(self, ref: str, envelope: Envelope) -> None:
        self.record(self.Discussed, envelope, ref=ref)

    def reach_consensus(self, envelope: Envelope) -> None:
        self.record(self.ConsensusReached, envelope)

    def withdraw(self, reason: str, envelope: Envelope) -> None:
        self.record(self.Withdrawn, envelope, reason=reason)

    def rebase(self, sections: dict[str, str], base_version: int, envelope: Envelope) -> None:
        self.record(self.Rebased, envelope, sections=sections, base_version=base_version)

    def open_vote(
        self, closes: str, quorum: str, threshold: str, electorate: list[str], envelope: Envelope
    ) -> None:
        self.record(
            self.VoteOpened,
            envelope,
            closes=closes,
            quorum=quorum,
            threshold=threshold,
            electorate=sorted(electorate),
        )

    def cast(self, choice: str, statement: str | None, envelope: Envelope) -> None:
        self.record(self.BallotCast, envelope, choice=choice, statement=statement)

    def close_vote(self, result: Tally, sections: dict[str, str], envelope: Envelope) -> None:
        self.record(
            self.VoteClosed,
            envelope,
            tally=result.as_dict(),
            electorate_size=result.electorate,
            turnout=str(result.turnout),
            quorum_met=result.quorum_met,
            outcome=result.outcome,
            sections=sections,
        )

    def incorporate(self, version: int, envelope: Envelope) -> None:
        self.record(self.Incorporated, envelope, version=version)
