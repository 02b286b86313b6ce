"""Counting a ratification vote: a pure function of the ballots and the vote's terms."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from dcledger.ledger import policy
from dcledger.ledger.state import VoteState


@dataclass(frozen=True)
class Tally:
    electorate: int
    yes: int
    no: int
    abstain: int
    turnout: Fraction
    quorum_met: bool
    threshold_met: bool

    @property
    def outcome(self) -> str:
        return "ratified" if self.quorum_met and self.threshold_met else "rejected"

    def as_dict(self) -> dict[str, int]:
        return {"yes": self.yes, "no": self.no, "abstain": self.abstain}


def has_quorum(quorum: str) -> bool:
    """A vote opened without a quorum records "0": no share of the electorate must vote."""
    return Fraction(quorum) > 0


def count(vote: VoteState) -> Tally:
    """The last ballot of each voter in the electorate counts.

    Turnout and quorum count every voter who cast a ballot, abstentions included; the
    thresholds compare yes and no only ("votes cast" for or against).
    """
    electorate = vote.voters
    choices = [b.choice for voter, b in vote.ballots.items() if voter in electorate]
    yes, no, abstain = (choices.count(c) for c in ("yes", "no", "abstain"))
    turnout = Fraction(len(choices), len(electorate)) if electorate else Fraction(0)
    quorum_met = turnout >= Fraction(vote.quorum)
    if vote.threshold == "two-thirds":
        threshold_met = yes + no > 0 and Fraction(yes, yes + no) >= policy.TWO_THIRDS
    else:
        threshold_met = yes > no
    return Tally(len(electorate), yes, no, abstain, turnout, quorum_met, threshold_met)
