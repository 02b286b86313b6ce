"""A coalition's lifecycle, and retraction of any mistaken event."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from dcledger.ledger.aggregates import Amendment, Charter, Coalition, Person
from dcledger.ledger.aggregates.base import LedgerAggregate
from dcledger.ledger.commands.context import Context, command
from dcledger.ledger.commands.people import add_key_to
from dcledger.ledger.errors import InvalidInput, NotFound
from dcledger.ledger.facts import Fact, beginnings, live_facts
from dcledger.ledger.rules import annual
from dcledger.ledger.rules.checks.coalitions import check_founder_registered
from dcledger.ledger.vocabulary import COORDINATOR, DCCG, MEMBER, SECRETARIAT, Lifecycle


@command("coalition propose")
def propose(ctx: Context, statement: dict[str, Any]) -> dict:
    ctx.refuse_person_option()
    # A statement is the one document pydantic checks: the other commands never load it.
    from dcledger.ledger.documents import validate_statement

    valid = validate_statement(statement)
    slug = valid.slug or free_slug(ctx, valid.resolved_slug())
    document = valid.model_dump(mode="json") | {"slug": slug}
    envelope = ctx.envelope(SECRETARIAT if ctx.holds(SECRETARIAT) else MEMBER)
    existing = ctx.uow.find(Coalition, Coalition.id_for(slug))
    if existing is None:
        ctx.uow.add(Coalition.propose(slug, document, envelope))
    else:
        existing.repropose(document, envelope)
    return {"slug": slug}


def free_slug(ctx: Context, derived: str) -> str:
    """A slug derived from the name, past those of dissolved coalitions: a dissolved
    coalition's name may be taken again (only live coalitions' names are unique), but its
    slug names its record for good. The new one is `-2`, `-3`... (a slug given in the
    statement is used as it is)."""
    slug, n = derived, 1
    while (found := ctx.uow.find(Coalition, Coalition.id_for(slug))) is not None:
        if found.state.lifecycle != Lifecycle.DISSOLVED:
            break  # a live or declined coalition: the rules say what may be done
        n += 1
        slug = f"{derived[: 63 - len(str(n)) - 1]}-{n}"
    return slug


@command("coalition recognize")
def recognize(ctx: Context, slug: str, keys: dict[str, str] | None = None) -> dict:
    """Founding members not yet registered are registered, each with the public key given
    for them in `keys` (handle -> OpenSSH line), so that they can sign what they record."""
    envelope = ctx.as_secretariat()
    coalition = ctx.coalition(slug)
    coalition.recognize(envelope)
    registered = []
    for listed in coalition.state.statement["members"]:
        found = ctx.find_person(listed["handle"])
        if found is not None:
            check_founder_registered(found.state, ctx.on)
        else:
            person = Person.register(listed["handle"], listed["name"], listed["email"], envelope)
            ctx.uow.add(person)
            if keys and listed["handle"] in keys:
                add_key_to(person, keys[listed["handle"]], envelope)
            registered.append(listed["handle"])
    return {"slug": slug, "registered": registered}


@command("coalition decline")
def decline(ctx: Context, slug: str, reason: str) -> dict:
    ctx.coalition(slug).decline(reason, ctx.as_secretariat())
    return {"slug": slug}


@command("coalition update-page")
def update_page(ctx: Context, slug: str, summary: str) -> dict:
    ctx.coalition(slug).update_page(summary, ctx.as_secretariat())
    return {"slug": slug}


@command("coalition reactivate")
def reactivate(ctx: Context, slug: str, reason: str) -> dict:
    envelope = ctx.as_secretariat()
    coalition = ctx.coalition(slug)
    state = ctx.situation().coalition(slug)
    missed = annual.standing(state, ctx.on).missed_years if state else []
    coalition.reactivate(reason, missed, envelope)
    return {"slug": slug}


@command("coalition dissolve")
def dissolve(ctx: Context, slug: str, reason: str) -> dict:
    coalition = ctx.coalition(slug)
    coalition.dissolve(reason, ctx.for_coalition(coalition))
    return {"slug": slug}


@command("retract")
def retract(ctx: Context, event_id: int | str, reason: str) -> dict:
    """`event_id` is a stored event's id, or `@label` of an earlier line of the same import."""
    ctx.refuse_person_option()
    origin, version, stored_id = locate_event(ctx, event_id)
    aggregate = ctx.uow.find(LedgerAggregate, origin)
    target = aggregate.fact(version) if aggregate else None
    if target is None:
        raise NotFound(f"no event {event_id} in this ledger")
    envelope = ctx.envelope(retraction_role(ctx, target))
    for coalition, change in reversed(review_changes(ctx, target)):  # newest first
        coalition.retract(change, None, reason, envelope)
    partners = incorporation_partner(ctx, target)
    if target.type == "amendment.incorporated":  # the charter's version goes first
        for partner, partner_target in partners:
            partner.retract(partner_target, None, reason, envelope)
    aggregate.retract(target, stored_id, reason, envelope)
    if target.type == "charter.amendment_incorporated":
        for partner, partner_target in partners:
            partner.retract(partner_target, None, reason, envelope)
    return {"retracted": event_id, "type": target.type}


REVIEWS = beginnings("review.members_reviewed")


def review_changes(ctx: Context, target: Fact) -> list[tuple[Coalition, Fact]]:
    """A member review records its changes, each in its coalition, then itself: a review
    retracted takes its changes with it, or they would stand for a review that did not."""
    if target.type not in REVIEWS:
        return []
    found = []
    for change in target.data["changes"]:
        coalition = ctx.coalition(change["slug"])
        removed = change["change"] == "removed"
        wanted = "coalition.member_removed" if removed else "coalition.member_role_set"
        made = [
            f
            for f in live_facts(coalition.facts)
            if f.type == wanted
            and f.data["handle"] == change["handle"]
            and (f.effective_date, f.actor) == (target.effective_date, target.actor)
        ]
        found += [(coalition, made[-1])] if made else []
    return found


def incorporation_partner(ctx: Context, target: Fact) -> list[tuple[LedgerAggregate, Fact]]:
    """An incorporation is one decision recorded twice (the charter's new version, the
    amendment's status): retracting either retracts both, or neither would stand."""
    if target.type == "charter.amendment_incorporated":
        partner = ctx.uow.find(Amendment, Amendment.id_for(target.data["amendment"]))
        wanted = "amendment.incorporated"
    elif target.type == "amendment.incorporated":
        partner = ctx.uow.find(Charter, Charter.ID)
        wanted = "charter.amendment_incorporated"
    else:
        return []
    version = target.data["version"]
    gone = {f.data["target_version"] for f in partner.facts if f.is_retraction} if partner else ()
    matches = [
        f
        for f in (partner.facts if partner else [])
        if f.type == wanted and f.data["version"] == version and f.version not in gone
    ]
    return [(partner, f) for f in matches]


def locate_event(ctx: Context, event_id: int | str) -> tuple[UUID, int, int | None]:
    if isinstance(event_id, str):
        if not event_id.startswith("@"):
            raise InvalidInput(f"event '{event_id}' is neither an id nor an @label")
        event = ctx.uow.labels.get(event_id[1:])
        if event is None:
            raise NotFound(f"no earlier line of this import is labelled '{event_id[1:]}'")
        return event.originator_id, event.originator_version, None
    found = ctx.uow.notification(event_id)
    if found is None:
        raise NotFound(f"no event {event_id} in this ledger")
    return found.originator_id, found.originator_version, event_id


def retraction_role(ctx: Context, target: Fact) -> str:
    """The role to retract under: the one that recorded the target, where the actor holds
    it; otherwise the secretariat's, which may correct coordinators and members. The rule
    layer then decides whether that role may retract this event."""
    me = ctx.me
    if target.role in (SECRETARIAT, DCCG) and ctx.holds(target.role):
        return target.role
    if target.role == MEMBER and (target.person or target.actor) == me:
        return MEMBER
    if target.role != DCCG and ctx.holds(SECRETARIAT):
        return SECRETARIAT
    if target.kind == "coalition":
        state = ctx.situation().state(target.aggregate_id)
        member = state.members.get(me) if state else None
        if member is not None and member.coordinator:
            return COORDINATOR
    return MEMBER
