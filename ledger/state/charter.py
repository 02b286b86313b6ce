"""The charter, its amendments and their votes: state and fold."""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

from dcledger.ledger.dates import day
from dcledger.ledger.facts import Fact
from dcledger.ledger.state.fold import handles
from dcledger.ledger.state.model import StateModel, field
from dcledger.ledger.vocabulary import AmendmentStatus


class Section(StateModel, kw_only=True, gc=False):  # see LEAF in model.py
    id: str
    title: str
    text: str


class CharterVersion(StateModel, kw_only=True):
    version: int
    effective_date: date
    by: str
    amendment: int | None = None
    sections: list[Section]


class CharterState(StateModel, kw_only=True):
    versions: list[CharterVersion] = field(default_factory=list)
    reviews: dict[int, dict[str, str]] = field(default_factory=dict)
    amendments_numbered: int = 0

    @property
    def current(self) -> CharterVersion:
        return self.versions[-1]


class Ballot(StateModel, kw_only=True, gc=False):  # see LEAF in model.py
    voter: str
    choice: str  # from the event: checked by the rule layer, not the fold
    statement: str | None = None
    on: date


class VoteState(StateModel, kw_only=True, dict=True):  # dict: room for `voters`
    opened_on: date
    opened_by: str
    opened_version: int = 0  # its place in the amendment's record: later events are this vote's
    closes: date
    quorum: str  # a fraction, as text: "0", "1/4"
    threshold: str
    electorate: list[str]
    ballots: dict[str, Ballot] = field(default_factory=dict)  # the last ballot per voter
    ballots_cast: int = 0  # every ballot, recasts included
    # Where the latest ballot stands in recording order: the close must come after it.
    last_ballot_seq: int = 0
    closed_on: date | None = None
    closed_by: str | None = None
    tally: dict[str, int] | None = None
    outcome: str = "open"
    sections: dict[str, str] | None = None  # the text voted on, recorded at the close

    @functools.cached_property
    def voters(self) -> frozenset[str]:
        """The electorate as a set, built once: it is fixed when the vote opens."""
        return frozenset(self.electorate)


class AmendmentState(StateModel, kw_only=True):
    number: int
    proposer: str
    proposed_on: date
    sections: dict[str, str]  # section id -> new text
    rationale: str
    message_id: str
    base_version: int
    status: AmendmentStatus = AmendmentStatus.PROPOSED
    discussion: list[dict[str, str]] = field(default_factory=list)
    consensus_on: date | None = None
    consensus_by: str | None = None
    withdrawn_reason: str | None = None
    rebases: list[dict[str, Any]] = field(default_factory=list)
    vote: VoteState | None = None
    earlier_votes: list[VoteState] = field(default_factory=list)  # votes on replaced texts
    incorporated_version: int | None = None
    incorporated_on: date | None = None


# --- charter and amendments -----------------------------------------------------------


@handles("charter.adopted", "charter.adopted_again")
def _charter_adopted(_: None, f: Fact) -> CharterState:
    sections = [Section(**s) for s in f.data["sections"]]
    version = CharterVersion(version=1, effective_date=f.day, by=f.actor, sections=sections)
    return CharterState(versions=[version])


@handles("charter.amendment_numbered")
def _amendment_numbered(c: CharterState, f: Fact) -> None:
    c.amendments_numbered = max(c.amendments_numbered, f.data["number"])


@handles("charter.amendment_incorporated")
def _incorporated(c: CharterState, f: Fact) -> None:
    changed = f.data["sections"]
    sections = [
        Section(id=s.id, title=s.title, text=changed.get(s.id, s.text)) for s in c.current.sections
    ]
    c.versions.append(
        CharterVersion(
            version=f.data["version"],
            effective_date=f.day,
            by=f.actor,
            amendment=f.data["amendment"],
            sections=sections,
        )
    )


@handles("charter.reviewed")
def _charter_reviewed(c: CharterState, f: Fact) -> None:
    c.reviews[f.data["year"]] = {"on": f.effective_date, "by": f.actor, "notes": f.data["notes"]}


@handles("amendment.proposed")
def _amendment_proposed(_: None, f: Fact) -> AmendmentState:
    return AmendmentState(
        number=f.data["number"],
        proposer=f.person or f.actor,
        proposed_on=f.day,
        sections=f.data["sections"],
        rationale=f.data["rationale"],
        message_id=f.data["message_id"],
        base_version=f.data["base_version"],
    )


@handles("amendment.discussed")
def _discussed(a: AmendmentState, f: Fact) -> None:
    a.discussion.append({"on": f.effective_date, "ref": f.data["ref"], "by": f.actor})


@handles("amendment.consensus_reached")
def _consensus(a: AmendmentState, f: Fact) -> None:
    a.status = AmendmentStatus.CONSENSUS
    a.consensus_on = f.day
    a.consensus_by = f.actor


@handles("amendment.withdrawn")
def _withdrawn(a: AmendmentState, f: Fact) -> None:
    a.status = AmendmentStatus.WITHDRAWN
    a.withdrawn_reason = f.data["reason"]


@handles("amendment.rebased")
def _rebased(a: AmendmentState, f: Fact) -> None:
    a.rebases.append({"on": f.effective_date, "from": a.base_version, "to": f.data["base_version"]})
    a.sections = f.data["sections"]
    a.base_version = f.data["base_version"]
    # A new text is a new proposal: consensus and the vote are taken again on it.
    a.status = AmendmentStatus.PROPOSED
    a.consensus_on = a.consensus_by = None
    if a.vote is not None:
        a.earlier_votes.append(a.vote)
        a.vote = None


@handles("amendment.vote_opened")
def _vote_opened(a: AmendmentState, f: Fact) -> None:
    a.status = AmendmentStatus.VOTING
    a.vote = VoteState(
        opened_on=f.day,
        opened_by=f.actor,
        opened_version=f.version,
        closes=day(f.data["closes"]),
        quorum=f.data["quorum"],
        threshold=f.data["threshold"],
        electorate=list(f.data["electorate"]),
    )


@handles("amendment.ballot_cast")
def _ballot(a: AmendmentState, f: Fact) -> None:
    if a.vote is None:
        return
    voter = f.person or f.actor
    a.vote.ballots[voter] = Ballot(
        voter=voter,
        choice=f.data["choice"],
        statement=f.data.get("statement"),
        on=f.day,
    )
    a.vote.ballots_cast += 1
    a.vote.last_ballot_seq = max(a.vote.last_ballot_seq, f.seq)


@handles("amendment.vote_closed")
def _vote_closed(a: AmendmentState, f: Fact) -> None:
    if a.vote is None:
        return
    a.vote.closed_on = f.day
    a.vote.closed_by = f.actor
    a.vote.tally = dict(f.data["tally"])
    a.vote.outcome = f.data["outcome"]
    a.vote.sections = f.data.get("sections")
    ratified = f.data["outcome"] == AmendmentStatus.RATIFIED
    a.status = AmendmentStatus.RATIFIED if ratified else AmendmentStatus.REJECTED


@handles("amendment.incorporated")
def _amendment_incorporated(a: AmendmentState, f: Fact) -> None:
    a.status = AmendmentStatus.INCORPORATED
    a.incorporated_version = f.data["version"]
    a.incorporated_on = f.day
