"""Ratification votes: the electorate fixed at the opening, ballots, the closing tally."""

from __future__ import annotations

from fractions import Fraction

from dcledger.ledger import tally
from dcledger.ledger.errors import InvalidInput
from dcledger.ledger.facts import Fact, live_facts
from dcledger.ledger.rules import annual
from dcledger.ledger.rules.checks.base import forbid, refuse, rule, subject
from dcledger.ledger.rules.checks.charter import PROPOSER, check_status, the_amendment
from dcledger.ledger.rules.situation import Situation
from dcledger.ledger.state import VoteState
from dcledger.ledger.vocabulary import BALLOT_CHOICES, DCCG, THRESHOLDS, Status


def electorate(sit: Situation) -> list[str]:
    """Every person who is a full member of at least one active coalition on the date."""
    voters: set[str] = set()
    for coalition in sit.coalitions():
        if annual.standing(coalition, sit.on).status == Status.ACTIVE:
            voters.update(h for h, m in coalition.members.items() if m.role == "full")
    return sorted(voters)


def the_vote(sit: Situation, fact: Fact) -> VoteState:
    a = the_amendment(sit, fact)
    check_status(a, fact, "voting")
    assert a.vote is not None  # voting implies an open vote
    return a.vote


@rule("amendment.vote_opened", roles=(DCCG,))
def vote_opened(sit: Situation, fact: Fact) -> None:
    check_status(the_amendment(sit, fact), fact, "consensus")
    data = fact.data
    if data["threshold"] not in THRESHOLDS:
        raise InvalidInput(
            f"unknown threshold '{data['threshold']}' ({' or '.join(THRESHOLDS)})",
            rule="vote-terms",
        )
    if not 0 <= Fraction(data["quorum"]) <= 1:
        raise InvalidInput(f"quorum {data['quorum']} must lie between 0 and 1", rule="vote-terms")
    if data["closes"] < fact.effective_date:  # a vote may open, take ballots and close in a day
        raise InvalidInput(
            f"the vote cannot close before it opens ({fact.effective_date})", rule="vote-terms"
        )
    expected = electorate(sit)
    if not expected:
        raise refuse("electorate", "no one is a full member of an active coalition: no electorate")
    if sorted(data["electorate"]) != expected:
        missing = sorted(set(expected) - set(data["electorate"]))
        extra = sorted(set(data["electorate"]) - set(expected))
        raise refuse(
            "electorate",
            f"the electorate on {sit.on} differs from the one recorded: left out "
            f"{', '.join(missing) or '-'}; not entitled {', '.join(extra) or '-'}",
        )


@rule("amendment.ballot_cast", roles=PROPOSER)
def ballot_cast(sit: Situation, fact: Fact) -> None:
    vote = the_vote(sit, fact)
    if fact.data["choice"] not in BALLOT_CHOICES:
        raise InvalidInput(
            f"a ballot is yes, no or abstain, not '{fact.data['choice']}'", rule="ballots"
        )
    statement = fact.data.get("statement")
    if statement is not None and not statement.strip():  # `dissent` would list nothing said
        raise InvalidInput(
            "a ballot's statement (--statement) says why; leave it out rather than blank",
            rule="text-given",
        )
    voter = subject(fact)
    if voter not in vote.voters:
        raise forbid("electorate", f"{voter} is not in the electorate of this vote")
    if fact.day > vote.closes:
        raise refuse("ballots-before-close", f"the vote's closing date was {vote.closes}")
    check_never_closed(sit, fact, vote)


def check_never_closed(sit: Situation, fact: Fact, vote: VoteState) -> None:
    """A close fixes a vote's ballots: one recorded after a close of its vote, even a
    close retracted since (the DCCG closes the vote again on the same ballots), would
    change a tally that was already announced."""
    for retraction in sit.retractions_since(fact.aggregate_id, vote.opened_on.isoformat()):
        data = retraction.data
        if (
            retraction.seq < fact.seq
            and data["target_type"] == "amendment.vote_closed"
            and data["target_version"] > vote.opened_version
        ):
            raise refuse(
                "closed-tally-final",
                "the vote was closed (a close retracted since does not reopen its ballots)",
            )


@rule("amendment.vote_closed", roles=(DCCG,))
def vote_closed(sit: Situation, fact: Fact) -> None:
    a = the_amendment(sit, fact)
    vote = the_vote(sit, fact)
    if fact.day < vote.closes:
        raise refuse("close-on-date", f"the vote on amendment {a.number} closes on {vote.closes}")
    if vote.last_ballot_seq > fact.seq:
        # A ballot backdated into the vote after the close was recorded: the tally and the
        # dissent the close fixed would change under it.
        raise refuse("ballots-before-close", "a ballot was recorded after the vote was closed")
    counted = tally.count(vote)
    recorded = fact.data
    if recorded["tally"] != counted.as_dict() or recorded["outcome"] != counted.outcome:
        raise refuse(
            "tally",
            f"the ballots give yes {counted.yes}, no {counted.no}, abstain {counted.abstain}: "
            f"{counted.outcome}; the close records {recorded['tally']} {recorded['outcome']}",
        )
    if recorded.get("sections") is not None and recorded["sections"] != a.sections:
        raise refuse("voted-text", f"the close records a text other than amendment {a.number}'s")


def check_latest_ballot(facts: list[Fact], voter: str, on: str) -> None:
    """The last ballot counts: one dated before the voter's latest (of `facts`, an
    amendment's) would be recorded for nothing. Checked when a ballot is decided."""
    later = [
        f.effective_date
        for f in live_facts(facts)
        if f.type == "amendment.ballot_cast" and subject(f) == voter and f.effective_date > on
    ]
    if later:
        raise refuse(
            "last-ballot-counts",
            f"{voter}'s ballot of {max(later)} counts; one dated {on}, before it, would not",
        )
