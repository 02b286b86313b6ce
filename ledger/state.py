"""State folded from facts: one scope (aggregate) at a time.

Handlers never refuse: deciding is the aggregates' job, before an event exists. A fold
must accept whatever the log holds, including facts made odd by backfilling, so a handler
that finds nothing to act on does nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from pydantic import BaseModel, Field

from dcledger.ledger.facts import Fact, live_facts


class Member(BaseModel):
    handle: str
    role: str  # full | observer
    group: str
    joined_on: str
    contact_confirmed_on: str
    subscribed_on: str | None = None
    coordinator: bool = False


class Report(BaseModel):
    year: int
    filed_on: str | None = None
    url: str | None = None
    file: str | None = None
    extension_until: str | None = None  # requested date
    extension_reason: str | None = None
    extension_requested_on: str | None = None
    extension_status: str | None = None  # requested | granted | denied
    extension_decided_on: str | None = None


class Activity(BaseModel):
    on: str
    title: str
    kind: str = "meeting"  # meeting | document | event | project
    agreement: str | None = None
    dissent: list[str] = Field(default_factory=list)


class CoalitionState(BaseModel):
    slug: str
    name: str
    statement: dict[str, Any]
    lifecycle: str = "proposed"  # proposed | declined | recognized | dissolved
    proposed_on: str
    proposed_by: str
    recognized_on: str | None = None
    declined_on: str | None = None
    decline_reason: str | None = None
    dissolved_on: str | None = None
    dissolve_reason: str | None = None
    page_updates: list[dict[str, str]] = Field(default_factory=list)
    reactivations: list[str] = Field(default_factory=list)  # effective dates
    members: dict[str, Member] = Field(default_factory=dict)
    representative: str | None = None
    reports: dict[int, Report] = Field(default_factory=dict)
    activities: list[Activity] = Field(default_factory=list)

    def report(self, year: int) -> Report:
        return self.reports.setdefault(year, Report(year=year))


class PersonState(BaseModel):
    handle: str
    name: str
    email: str
    registered_on: str
    offices: list[str] = Field(default_factory=list)


class FoundingState(BaseModel):
    secretariat: str
    initialized_on: str


class DccgMeetingState(BaseModel):
    date: str
    held_by: str
    attendance: dict[str, str] = Field(default_factory=dict)  # slug -> handle


class MemberReviewState(BaseModel):
    year: int
    reviewed_on: str
    notes: str
    summary: dict[str, Any] = Field(default_factory=dict)
    changes: list[dict[str, str]] = Field(default_factory=list)


class Section(BaseModel):
    id: str
    title: str
    text: str


class CharterVersion(BaseModel):
    version: int
    effective_date: str
    by: str
    amendment: int | None = None
    sections: list[Section]


class CharterState(BaseModel):
    versions: list[CharterVersion] = Field(default_factory=list)
    reviews: dict[int, dict[str, str]] = Field(default_factory=dict)
    amendments_numbered: int = 0

    @property
    def current(self) -> CharterVersion:
        return self.versions[-1]


class Ballot(BaseModel):
    voter: str
    choice: str
    statement: str | None = None
    on: str


class VoteState(BaseModel):
    opened_on: str
    opened_by: str
    closes: str
    quorum: str  # a fraction, as text: "0", "1/4"
    threshold: str
    electorate: list[str]
    ballots: dict[str, Ballot] = Field(default_factory=dict)  # the last ballot per voter
    ballots_cast: int = 0  # every ballot, recasts included
    closed_on: str | None = None
    closed_by: str | None = None
    tally: dict[str, int] | None = None
    outcome: str = "open"
    sections: dict[str, str] | None = None  # the text voted on, recorded at the close


class AmendmentState(BaseModel):
    number: int
    proposer: str
    proposed_on: str
    sections: dict[str, str]  # section id -> new text
    rationale: str
    message_id: str
    base_version: int
    status: str = "proposed"
    discussion: list[dict[str, str]] = Field(default_factory=list)
    consensus_on: str | None = None
    consensus_by: str | None = None
    withdrawn_reason: str | None = None
    rebases: list[dict[str, Any]] = Field(default_factory=list)
    vote: VoteState | None = None
    earlier_votes: list[VoteState] = Field(default_factory=list)  # votes on replaced texts
    incorporated_version: int | None = None
    incorporated_on: str | None = None


State = (
    CoalitionState
    | PersonState
    | FoundingState
    | DccgMeetingState
    | MemberReviewState
    | CharterState
    | AmendmentState
)
Handler = Callable[[Any, Fact], Any]
HANDLERS: dict[str, Handler] = {}
STATE_OF_KIND: dict[str, type[BaseModel]] = {
    "coalition": CoalitionState,
    "person": PersonState,
    "ledger": FoundingState,
    "dccg": DccgMeetingState,
    "review": MemberReviewState,
    "charter": CharterState,
    "amendment": AmendmentState,
}


def handles(*types: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        for t in types:
            HANDLERS[t] = fn
        return fn

    return register


def apply_fact(state: Any, fact: Fact) -> Any:
    handler = HANDLERS.get(fact.type)
    if handler is None:  # an event type this version does not fold (e.g. retractions)
        return state
    result = handler(state, fact)
    return state if result is None else result


def fold(facts: Iterable[Fact]) -> Any:
    """The state of one scope from all of its facts (retractions honoured)."""
    return fold_live(live_facts(list(facts)))


def fold_live(facts: Iterable[Fact]) -> Any:
    """The state of one scope from facts already live and in history order."""
    state = None
    for fact in facts:
        state = apply_fact(state, fact)
    return state


# --- ledger and persons ---------------------------------------------------------------


@handles("ledger.initialized")
def _initialized(_: None, f: Fact) -> FoundingState:
    return FoundingState(secretariat=f.data["secretariat"], initialized_on=f.effective_date)


@handles("person.registered")
def _registered(_: None, f: Fact) -> PersonState:
    return PersonState(
        handle=f.data["handle"],
        name=f.data["name"],
        email=f.data["email"],
        registered_on=f.effective_date,
        offices=list(f.data.get("offices", [])),
    )


@handles("person.office_granted")
def _office_granted(p: PersonState, f: Fact) -> None:
    if f.data["office"] not in p.offices:
        p.offices.append(f.data["office"])


@handles("person.contact_updated")
def _contact_updated(p: PersonState, f: Fact) -> None:
    p.email = f.data["email"]


# --- coalition lifecycle --------------------------------------------------------------


@handles("coalition.proposed")
def _proposed(_: None, f: Fact) -> CoalitionState:
    st = f.data["statement"]
    return CoalitionState(
        slug=f.data["slug"],
        name=st["name"],
        statement=st,
        proposed_on=f.effective_date,
        proposed_by=f.actor,
    )


@handles("coalition.reproposed")
def _reproposed(c: CoalitionState, f: Fact) -> None:
    c.statement = f.data["statement"]
    c.name = c.statement["name"]
    c.lifecycle = "proposed"
    c.proposed_on = f.effective_date
    c.proposed_by = f.actor
    c.declined_on = c.decline_reason = None


@handles("coalition.recognized")
def _recognized(c: CoalitionState, f: Fact) -> None:
    c.lifecycle = "recognized"
    c.recognized_on = f.effective_date
    contacts = {p["handle"] for p in c.statement["contacts"]}
    for m in c.statement["members"]:
        c.members[m["handle"]] = Member(
            handle=m["handle"],
            role="full",
            group=m["group"],
            joined_on=f.effective_date,
            contact_confirmed_on=f.effective_date,
            coordinator=m["handle"] in contacts,
        )


@handles("coalition.declined")
def _declined(c: CoalitionState, f: Fact) -> None:
    c.lifecycle = "declined"
    c.declined_on = f.effective_date
    c.decline_reason = f.data["reason"]


@handles("coalition.page_updated")
def _page_updated(c: CoalitionState, f: Fact) -> None:
    c.page_updates.append({"on": f.effective_date, "summary": f.data["summary"]})


@handles("coalition.reactivated")
def _reactivated(c: CoalitionState, f: Fact) -> None:
    c.reactivations.append(f.effective_date)


@handles("coalition.dissolved")
def _dissolved(c: CoalitionState, f: Fact) -> None:
    c.lifecycle = "dissolved"
    c.dissolved_on = f.effective_date
    c.dissolve_reason = f.data["reason"]


# --- membership -----------------------------------------------------------------------


@handles("coalition.member_joined")
def _joined(c: CoalitionState, f: Fact) -> None:
    c.members[f.data["handle"]] = Member(
        handle=f.data["handle"],
        role=f.data["membership"],
        group=f.data["group"],
        joined_on=f.effective_date,
        contact_confirmed_on=f.effective_date,
    )


@handles("coalition.member_left", "coalition.member_removed")
def _left(c: CoalitionState, f: Fact) -> None:
    c.members.pop(f.data["handle"], None)
    if c.representative == f.data["handle"]:
        c.representative = None


@handles("coalition.member_role_set")
def _role_set(c: CoalitionState, f: Fact) -> None:
    member = c.members.get(f.data["handle"])
    if member:
        member.role = f.data["membership"]
        member.coordinator = member.coordinator and member.role == "full"


@handles("coalition.contact_confirmed")
def _contact_confirmed(c: CoalitionState, f: Fact) -> None:
    member = c.members.get(f.data["handle"])
    if member:
        member.contact_confirmed_on = max(member.contact_confirmed_on, f.effective_date)


@handles("coalition.subscribed")
def _subscribed(c: CoalitionState, f: Fact) -> None:
    member = c.members.get(f.data["handle"])
    if member:
        member.subscribed_on = f.effective_date


@handles("coalition.coordinator_appointed", "coalition.coordinator_dismissed")
def _coordinator(c: CoalitionState, f: Fact) -> None:
    member = c.members.get(f.data["handle"])
    if member:
        member.coordinator = f.type.endswith("appointed")


@handles("coalition.representative_appointed")
def _representative(c: CoalitionState, f: Fact) -> None:
    c.representative = f.data["handle"]


# --- annual obligations ---------------------------------------------------------------


@handles("coalition.report_filed")
def _report_filed(c: CoalitionState, f: Fact) -> None:
    report = c.report(f.data["year"])
    # A later filing for the same year is a resubmission; the first one set the date.
    if report.filed_on is None:
        report.filed_on = f.effective_date
    report.url = f.data.get("url") or report.url
    report.file = f.data.get("file") or report.file


@handles("coalition.extension_requested")
def _extension_requested(c: CoalitionState, f: Fact) -> None:
    report = c.report(f.data["year"])
    report.extension_until = f.data["until"]
    report.extension_reason = f.data["reason"]
    report.extension_requested_on = f.effective_date
    report.extension_status = "requested"
    report.extension_decided_on = None


@handles("coalition.extension_granted", "coalition.extension_denied")
def _extension_decided(c: CoalitionState, f: Fact) -> None:
    report = c.report(f.data["year"])
    report.extension_status = "granted" if f.type.endswith("granted") else "denied"
    report.extension_decided_on = f.effective_date


@handles("coalition.meeting_recorded")
def _meeting(c: CoalitionState, f: Fact) -> None:
    c.activities.append(Activity(on=f.effective_date, title=f.data["title"]))


@handles("coalition.output_recorded")
def _output(c: CoalitionState, f: Fact) -> None:
    c.activities.append(
        Activity(
            on=f.effective_date,
            title=f.data["title"],
            kind=f.data["kind"],
            agreement=f.data["agreement"],
            dissent=list(f.data["dissent"]),
        )
    )


@handles("dccg.meeting_held")
def _dccg_meeting(_: None, f: Fact) -> DccgMeetingState:
    return DccgMeetingState(date=f.effective_date, held_by=f.actor)


@handles("dccg.attended")
def _dccg_attended(m: DccgMeetingState, f: Fact) -> None:
    m.attendance[f.data["slug"]] = f.data["by"]


@handles("review.members_reviewed")
def _members_reviewed(_: None, f: Fact) -> MemberReviewState:
    return MemberReviewState(
        year=f.data["year"],
        reviewed_on=f.effective_date,
        notes=f.data["notes"],
        summary=f.data["summary"],
        changes=f.data.get("changes", []),
    )


# --- charter and amendments -----------------------------------------------------------


@handles("charter.adopted")
def _charter_adopted(_: None, f: Fact) -> CharterState:
    sections = [Section(**s) for s in f.data["sections"]]
    version = CharterVersion(
        version=1, effective_date=f.effective_date, by=f.actor, sections=sections
    )
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
            effective_date=f.effective_date,
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
        proposed_on=f.effective_date,
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
    a.status = "consensus"
    a.consensus_on = f.effective_date
    a.consensus_by = f.actor


@handles("amendment.withdrawn")
def _withdrawn(a: AmendmentState, f: Fact) -> None:
    a.status = "withdrawn"
    a.withdrawn_reason = f.data["reason"]


@handles("amendment.rebased")
def _rebased(a: AmendmentState, f: Fact) -> None:
    a.rebases.append({"on": f.effective_date, "from": a.base_version, "to": f.data["base_version"]})
    a.sections = f.data["sections"]
    a.base_version = f.data["base_version"]
    # A new text is a new proposal: consensus and the vote are taken again on it.
    a.status = "proposed"
    a.consensus_on = a.consensus_by = None
    if a.vote is not None:
        a.earlier_votes.append(a.vote)
        a.vote = None


@handles("amendment.vote_opened")
def _vote_opened(a: AmendmentState, f: Fact) -> None:
    a.status = "voting"
    a.vote = VoteState(
        opened_on=f.effective_date,
        opened_by=f.actor,
        closes=f.data["closes"],
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
        on=f.effective_date,
    )
    a.vote.ballots_cast += 1


@handles("amendment.vote_closed")
def _vote_closed(a: AmendmentState, f: Fact) -> None:
    if a.vote is None:
        return
    a.vote.closed_on = f.effective_date
    a.vote.closed_by = f.actor
    a.vote.tally = dict(f.data["tally"])
    a.vote.outcome = f.data["outcome"]
    a.vote.sections = f.data.get("sections")
    a.status = f.data["outcome"]


@handles("amendment.incorporated")
def _amendment_incorporated(a: AmendmentState, f: Fact) -> None:
    a.status = "incorporated"
    a.incorporated_version = f.data["version"]
    a.incorporated_on = f.effective_date
