"""A coalition's state: lifecycle, members, reports and activities, and its fold."""

from __future__ import annotations

from datetime import date
from typing import Any

from dcledger.ledger.dates import day
from dcledger.ledger.facts import Fact
from dcledger.ledger.state.fold import handles
from dcledger.ledger.state.model import StateModel, field
from dcledger.ledger.vocabulary import ExtensionStatus, Lifecycle, Membership


class Member(StateModel, kw_only=True, gc=False, array_like=True):  # see LEAF in model.py
    handle: str
    # Values taken from events stay plain text: a fold accepts whatever the log holds, and
    # the rule layer (not the fold) refuses a value outside the vocabulary.
    role: str
    group: str
    joined_on: date
    contact_confirmed_on: date
    subscribed_on: date | None = None
    coordinator: bool = False


class Report(StateModel, kw_only=True, gc=False):  # see LEAF in model.py
    year: int
    filed_on: date | None = None
    url: str | None = None
    file: str | None = None
    extension_until: date | None = None  # requested date
    extension_reason: str | None = None
    extension_requested_on: date | None = None
    extension_status: ExtensionStatus | None = None
    extension_decided_on: date | None = None


class Activity(StateModel, kw_only=True, gc=False, array_like=True):  # see LEAF in model.py
    on: date
    title: str
    kind: str = "meeting"  # meeting | document | event | project
    agreement: str | None = None
    # A tuple: most activities have none, and reading back an empty tuple makes no new
    # object (an empty list per activity was a fifth of reading a large coalition).
    dissent: tuple[str, ...] = ()


class CoalitionState(StateModel, kw_only=True):
    slug: str
    name: str
    statement: dict[str, Any]
    lifecycle: Lifecycle = Lifecycle.PROPOSED
    proposed_on: date
    proposed_by: str
    recognized_on: date | None = None
    declined_on: date | None = None
    decline_reason: str | None = None
    dissolved_on: date | None = None
    dissolve_reason: str | None = None
    page_updates: list[dict[str, str]] = field(default_factory=list)
    reactivations: list[date] = field(default_factory=list)
    members: dict[str, Member] = field(default_factory=dict)
    representative: str | None = None
    reports: dict[int, Report] = field(default_factory=dict)
    activities: list[Activity] = field(default_factory=list)

    def report(self, year: int) -> Report:
        return self.reports.setdefault(year, Report(year=year))


# --- coalition lifecycle --------------------------------------------------------------


@handles("coalition.proposed")
def _proposed(_: None, f: Fact) -> CoalitionState:
    st = f.data["statement"]
    return CoalitionState(
        slug=f.data["slug"],
        name=st["name"],
        statement=st,
        proposed_on=f.day,
        proposed_by=f.actor,
    )


@handles("coalition.reproposed")
def _reproposed(c: CoalitionState, f: Fact) -> None:
    c.statement = f.data["statement"]
    c.name = c.statement["name"]
    c.lifecycle = Lifecycle.PROPOSED
    c.proposed_on = f.day
    c.proposed_by = f.actor
    c.declined_on = c.decline_reason = None


@handles("coalition.recognized")
def _recognized(c: CoalitionState, f: Fact) -> None:
    c.lifecycle = Lifecycle.RECOGNIZED
    c.recognized_on = f.day
    contacts = {p["handle"] for p in c.statement["contacts"]}
    for m in c.statement["members"]:
        c.members[m["handle"]] = Member(
            handle=m["handle"],
            role="full",
            group=m["group"],
            joined_on=f.day,
            contact_confirmed_on=f.day,
            coordinator=m["handle"] in contacts,
        )


@handles("coalition.declined")
def _declined(c: CoalitionState, f: Fact) -> None:
    c.lifecycle = Lifecycle.DECLINED
    c.declined_on = f.day
    c.decline_reason = f.data["reason"]


@handles("coalition.page_updated")
def _page_updated(c: CoalitionState, f: Fact) -> None:
    c.page_updates.append({"on": f.effective_date, "summary": f.data["summary"]})


@handles("coalition.reactivated")
def _reactivated(c: CoalitionState, f: Fact) -> None:
    c.reactivations.append(f.day)


@handles("coalition.dissolved")
def _dissolved(c: CoalitionState, f: Fact) -> None:
    c.lifecycle = Lifecycle.DISSOLVED
    c.dissolved_on = f.day
    c.dissolve_reason = f.data["reason"]


# --- membership -----------------------------------------------------------------------


@handles("coalition.member_joined")
def _joined(c: CoalitionState, f: Fact) -> None:
    c.members[f.data["handle"]] = Member(
        handle=f.data["handle"],
        role=f.data["membership"],
        group=f.data["group"],
        joined_on=f.day,
        contact_confirmed_on=f.day,
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
        member.coordinator = member.coordinator and member.role == Membership.FULL


@handles("coalition.contact_confirmed")
def _contact_confirmed(c: CoalitionState, f: Fact) -> None:
    member = c.members.get(f.data["handle"])
    if member:
        member.contact_confirmed_on = max(member.contact_confirmed_on, f.day)


@handles("coalition.subscribed")
def _subscribed(c: CoalitionState, f: Fact) -> None:
    member = c.members.get(f.data["handle"])
    if member:
        member.subscribed_on = f.day


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
        report.filed_on = f.day
    report.url = f.data.get("url") or report.url
    report.file = f.data.get("file") or report.file


@handles("coalition.extension_requested")
def _extension_requested(c: CoalitionState, f: Fact) -> None:
    report = c.report(f.data["year"])
    report.extension_until = day(f.data["until"])
    report.extension_reason = f.data["reason"]
    report.extension_requested_on = f.day
    report.extension_status = ExtensionStatus.REQUESTED
    report.extension_decided_on = None


@handles("coalition.extension_granted", "coalition.extension_denied")
def _extension_decided(c: CoalitionState, f: Fact) -> None:
    report = c.report(f.data["year"])
    report.extension_status = (
        ExtensionStatus.GRANTED if f.type.endswith("granted") else ExtensionStatus.DENIED
    )
    report.extension_decided_on = f.day


@handles("coalition.meeting_recorded")
def _meeting(c: CoalitionState, f: Fact) -> None:
    c.activities.append(Activity(on=f.day, title=f.data["title"]))


@handles("coalition.output_recorded")
def _output(c: CoalitionState, f: Fact) -> None:
    c.activities.append(
        Activity(
            on=f.day,
            title=f.data["title"],
            kind=f.data["kind"],
            agreement=f.data["agreement"],
            dissent=tuple(f.data["dissent"]),
        )
    )
