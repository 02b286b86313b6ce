"""A charter amendment, from proposal through its ratification vote to incorporation."""

from __future__ import annotations

from uuid import UUID

from dcledger.ledger import tally
from dcledger.ledger.aggregates.base import LedgerAggregate, Stamp, stable_id
from dcledger.ledger.errors import InvalidInput, NotPermitted, RuleViolation
from dcledger.ledger.state import AmendmentState, VoteState
from dcledger.ledger.vocabulary import BALLOT_CHOICES, THRESHOLDS


class Amendment(LedgerAggregate):
    TOPIC = "dcledger:amendment"

    class Created(LedgerAggregate.Created, LedgerAggregate.Event):
        TOPIC = "dcledger:amendment.proposed:v1"
        number: int
        sections: dict[str, str]
        rationale: str
        message_id: str
        base_version: int

    class Discussed(LedgerAggregate.Event):
        TOPIC = "dcledger:amendment.discussed:v1"
        ref: str

    class ConsensusReached(LedgerAggregate.Event):
        TOPIC = "dcledger:amendment.consensus_reached:v1"

    class Withdrawn(LedgerAggregate.Event):
        TOPIC = "dcledger:amendment.withdrawn:v1"
        reason: str

    class Rebased(LedgerAggregate.Event):
        TOPIC = "dcledger:amendment.rebased:v1"
        sections: dict[str, str]
        base_version: int

    class VoteOpened(LedgerAggregate.Event):
        TOPIC = "dcledger:amendment.vote_opened:v1"
        closes: str
        quorum: str
        threshold: str
        electorate: list[str]

    class BallotCast(LedgerAggregate.Event):
        TOPIC = "dcledger:amendment.ballot_cast:v1"
        choice: str
        statement: str | None

    class VoteClosed(LedgerAggregate.Event):
        TOPIC = "dcledger:amendment.vote_closed:v1"
        tally: dict[str, int]
        electorate_size: int
        turnout: str
        quorum_met: bool
        outcome: str

    class Incorporated(LedgerAggregate.Event):
        TOPIC = "dcledger:amendment.incorporated:v1"
        version: int

    class Retracted(LedgerAggregate.Retracted):
        TOPIC = "dcledger:amendment.retracted:v1"

    @property
    def state(self) -> AmendmentState:
        return self._state

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
        stamp: Stamp,
    ) -> Amendment:
        if not message_id.strip():
            raise InvalidInput("a proposal must cite the mailing-list message where it was posted")
        if not rationale.strip():
            raise InvalidInput("a proposal needs a rationale")
        return cls._create(
            cls.Created,
            id=cls.id_for(number),
            number=number,
            sections=sections,
            rationale=rationale,
            message_id=message_id,
            base_version=base_version,
            **stamp.envelope(),
        )

    @property
    def number(self) -> int:
        return self.state.number

    @property
    def vote(self) -> VoteState:
        if self.state.vote is None:
            raise RuleViolation(f"amendment {self.number} has no vote")
        return self.state.vote

    def electorate(self) -> frozenset[str]:
        """The vote's electorate as a set, kept while the vote is the same object."""
        vote = self.vote
        if getattr(self, "_electorate_of", None) is not vote:
            self._electorate_of = vote
            self._electorate = frozenset(vote.electorate)
        return self._electorate

    def check_status(self, *allowed: str) -> None:
        if self.state.status not in allowed:
            raise RuleViolation(
                f"amendment {self.number} is {self.state.status}; "
                f"this needs it to be {' or '.join(allowed)}"
            )

    def discuss(self, ref: str, stamp: Stamp) -> None:
        self.check_status("proposed", "consensus")
        self.record(self.Discussed, stamp, ref=ref)

    def reach_consensus(self, stamp: Stamp) -> None:
        self.check_status("proposed")
        self.record(self.ConsensusReached, stamp)

    def withdraw(self, reason: str, stamp: Stamp) -> None:
        self.check_status("proposed", "consensus")
        self.record(self.Withdrawn, stamp, reason=reason)

    def rebase(self, sections: dict[str, str], base_version: int, stamp: Stamp) -> None:
        self.check_status("proposed", "consensus", "ratified")
        self.record(self.Rebased, stamp, sections=sections, base_version=base_version)

    def open_vote(
        self, closes: str, quorum: str, threshold: str, electorate: list[str], stamp: Stamp
    ) -> None:
        self.check_status("consensus")
        if threshold not in THRESHOLDS:
            raise InvalidInput(f"unknown threshold '{threshold}' ({' or '.join(THRESHOLDS)})")
        if closes <= stamp.effective_date:
            raise InvalidInput(f"the vote must close after it opens ({stamp.effective_date})")
        if not electorate:
            raise RuleViolation("no one is a full member of an active coalition: no electorate")
        self.record(
            self.VoteOpened,
            stamp,
            closes=closes,
            quorum=quorum,
            threshold=threshold,
            electorate=sorted(electorate),
        )

    def cast(self, voter: str, choice: str, statement: str | None, stamp: Stamp) -> None:
        self.check_status("voting")
        if choice not in BALLOT_CHOICES:
            raise InvalidInput(f"a ballot is yes, no or abstain, not '{choice}'")
        vote = self.vote
        if voter not in self.electorate():
            raise NotPermitted(f"{voter} is not in the electorate of amendment {self.number}")
        if stamp.effective_date > vote.closes:
            raise RuleViolation(f"the vote on amendment {self.number} closed on {vote.closes}")
        if stamp.effective_date < vote.opened_on:
            raise RuleViolation(f"the vote on amendment {self.number} opened on {vote.opened_on}")
        self.record(self.BallotCast, stamp, choice=choice, statement=statement)

    def close_vote(self, stamp: Stamp) -> tally.Tally:
        self.check_status("voting")
        vote = self.vote
        if stamp.effective_date < vote.closes:
            raise RuleViolation(f"the vote on amendment {self.number} closes on {vote.closes}")
        result = tally.count(vote)
        self.record(
            self.VoteClosed,
            stamp,
            tally=result.as_dict(),
            electorate_size=result.electorate,
            turnout=str(result.turnout),
            quorum_met=result.quorum_met,
            outcome=result.outcome,
        )
        return result

    def incorporate(self, version: int, stamp: Stamp) -> None:
        self.check_status("ratified")
        self.record(self.Incorporated, stamp, version=version)
