"""Members, co-coordinators and representatives of a coalition."""

from __future__ import annotations

from dcledger.ledger.errors import InvalidInput
from dcledger.ledger.facts import Fact
from dcledger.ledger.rules.checks.base import refuse, rule, subject
from dcledger.ledger.rules.checks.coalitions import check_lifecycle, check_open, the_coalition
from dcledger.ledger.rules.situation import Situation
from dcledger.ledger.state import CoalitionState, Member
from dcledger.ledger.vocabulary import (
    COORDINATOR,
    MEMBER,
    MEMBER_ROLES,
    SECRETARIAT,
    STAKEHOLDER_GROUPS,
    Lifecycle,
)

SELF = (MEMBER, SECRETARIAT)  # a person acting for themselves, or the secretariat for them
FOR_COALITION = (COORDINATOR, SECRETARIAT)


def check_member(c: CoalitionState, handle: str, on: str) -> Member:
    member = c.members.get(handle)
    if member is None:
        raise refuse("is-member", f"{handle} is not a member of {c.slug} on {on}")
    return member


def check_not_last_coordinator(c: CoalitionState, handle: str, on: str) -> None:
    coordinators = [h for h, m in c.members.items() if m.coordinator]
    if coordinators == [handle]:
        raise refuse(
            "last-coordinator",
            f"{handle} is the last co-coordinator of {c.slug} on {on}; appoint another first",
        )


def check_role_name(role: str) -> None:
    if role not in MEMBER_ROLES:
        raise InvalidInput(f"unknown role '{role}' (full or observer)", rule="member-roles")


def check_self(fact: Fact) -> str:
    handle = fact.data["handle"]
    if handle != subject(fact):
        raise refuse(
            "acts-for-self", f"{fact.type} names {handle} but is recorded for {subject(fact)}"
        )
    return handle


@rule("coalition.member_joined", roles=SELF)
def joined(sit: Situation, fact: Fact) -> None:
    c = the_coalition(sit, fact)
    check_lifecycle(c, fact, Lifecycle.RECOGNIZED)
    handle = check_self(fact)
    if fact.data["group"] not in STAKEHOLDER_GROUPS:
        raise InvalidInput(
            f"unknown stakeholder group '{fact.data['group']}' "
            f"(one of: {', '.join(STAKEHOLDER_GROUPS)})",
            rule="stakeholder-groups",
        )
    check_role_name(fact.data["membership"])
    if handle in c.members:
        raise refuse(
            "join-once", f"{handle} is already a member of {c.slug} on {fact.effective_date}"
        )


@rule("coalition.member_left", roles=SELF)
def left(sit: Situation, fact: Fact) -> None:
    c = the_coalition(sit, fact)
    check_open(c, fact)
    handle = check_self(fact)
    check_member(c, handle, fact.effective_date)
    check_not_last_coordinator(c, handle, fact.effective_date)


@rule("coalition.member_removed", roles=FOR_COALITION)
def removed(sit: Situation, fact: Fact) -> None:
    c = the_coalition(sit, fact)
    check_open(c, fact)
    check_member(c, fact.data["handle"], fact.effective_date)
    check_not_last_coordinator(c, fact.data["handle"], fact.effective_date)


@rule("coalition.member_role_set", roles=FOR_COALITION)
def role_set(sit: Situation, fact: Fact) -> None:
    c = the_coalition(sit, fact)
    check_open(c, fact)
    role, handle = fact.data["membership"], fact.data["handle"]
    check_role_name(role)
    member = check_member(c, handle, fact.effective_date)
    if member.role == role:
        a = "an" if role == "observer" else "a"
        raise refuse("role-changes", f"{handle} is already {a} {role} member of {c.slug}")
    if member.coordinator:
        raise refuse(
            "coordinators-are-full",
            f"{handle} is a co-coordinator of {c.slug}; dismiss them before a role change",
        )


@rule("coalition.contact_confirmed", roles=SELF)
def contact_confirmed(sit: Situation, fact: Fact) -> None:
    c = the_coalition(sit, fact)
    check_open(c, fact)
    check_member(c, check_self(fact), fact.effective_date)


@rule("coalition.subscribed", roles=SELF)
def subscribed(sit: Situation, fact: Fact) -> None:
    c = the_coalition(sit, fact)
    check_open(c, fact)
    handle = check_self(fact)
    if check_member(c, handle, fact.effective_date).subscribed_on:
        raise refuse("subscribe-once", f"{handle} is already subscribed to {c.slug}'s list")


@rule("coalition.coordinator_appointed", roles=FOR_COALITION)
def coordinator_appointed(sit: Situation, fact: Fact) -> None:
    c = the_coalition(sit, fact)
    check_lifecycle(c, fact, Lifecycle.RECOGNIZED)
    handle = fact.data["handle"]
    member = check_member(c, handle, fact.effective_date)
    if member.role != "full":
        raise refuse(
            "coordinators-are-full", f"co-coordinators are full members; {handle} is an observer"
        )
    if member.coordinator:
        raise refuse("appoint-once", f"{handle} is already a co-coordinator of {c.slug}")


@rule("coalition.coordinator_dismissed", roles=FOR_COALITION)
def coordinator_dismissed(sit: Situation, fact: Fact) -> None:
    c = the_coalition(sit, fact)
    check_open(c, fact)
    handle = fact.data["handle"]
    member = c.members.get(handle)
    if member is None or not member.coordinator:
        raise refuse(
            "is-coordinator",
            f"{handle} is not a co-coordinator of {c.slug} on {fact.effective_date}",
        )
    check_not_last_coordinator(c, handle, fact.effective_date)


@rule("coalition.representative_appointed", roles=FOR_COALITION)
def representative_appointed(sit: Situation, fact: Fact) -> None:
    c = the_coalition(sit, fact)
    check_lifecycle(c, fact, Lifecycle.RECOGNIZED)
    check_member(c, fact.data["handle"], fact.effective_date)
