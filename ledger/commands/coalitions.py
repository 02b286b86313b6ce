"""A coalition's lifecycle, and retraction of any mistaken event."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from dcledger.ledger.aggregates import Coalition, Person
from dcledger.ledger.aggregates.base import LedgerAggregate
from dcledger.ledger.commands.context import Context, command
from dcledger.ledger.documents import validate_statement
from dcledger.ledger.errors import InvalidInput, NotFound, NotPermitted
from dcledger.ledger.vocabulary import COORDINATOR, DCCG, MEMBER, SECRETARIAT


@command("coalition propose")
def propose(ctx: Context, statement: dict[str, Any]) -> dict:
    me = ctx.me
    ctx.refuse_person_option()
    valid = validate_statement(statement)
    slug = valid.resolved_slug()
    document = valid.model_dump(mode="json") | {"slug": slug}
    stamp = ctx.stamp(SECRETARIAT if me.holds(SECRETARIAT) else MEMBER)
    existing = ctx.uow.find(Coalition, Coalition.id_for(slug))
    if existing is None:
        ctx.uow.add(Coalition.propose(slug, document, stamp))
    else:
        existing.repropose(document, stamp)
    return {"slug": slug}


@command("coalition recognize")
def recognize(ctx: Context, slug: str) -> dict:
    stamp = ctx.as_secretariat()
    coalition = ctx.coalition(slug)
    coalition.recognize(stamp)
    registered = []
    for listed in coalition.state.statement["members"]:
        if ctx.find_person(listed["handle"]) is None:
            person = Person.register(listed["handle"], listed["name"], listed["email"], stamp)
            ctx.uow.add(person)
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
    ctx.coalition(slug).reactivate(reason, ctx.as_secretariat())
    return {"slug": slug}


@command("coalition dissolve")
def dissolve(ctx: Context, slug: str, reason: str) -> dict:
    coalition = ctx.coalition(slug)
    coalition.dissolve(reason, ctx.for_coalition(coalition))
    return {"slug": slug}


@command("retract")
def retract(ctx: Context, event_id: int | str, reason: str) -> dict:
    """`event_id` is a stored event's id, or `@label` of an earlier line of the same import."""
    me = ctx.me
    ctx.refuse_person_option()
    origin, version, stored_id = locate_event(ctx, event_id)
    aggregate = ctx.uow.find(LedgerAggregate, origin)
    assert aggregate is not None
    target = next((f for f in aggregate.facts if f.version == version), None)
    role = retraction_role(aggregate, me, target.actor if target else "")
    fact = aggregate.check_retractable(version)
    aggregate.retract(version, stored_id, reason, ctx.stamp(role))
    return {"retracted": event_id, "type": fact.type}


def locate_event(ctx: Context, event_id: int | str) -> tuple[UUID, int, int | None]:
    if isinstance(event_id, str):
        if not event_id.startswith("@"):
            raise InvalidInput(f"event '{event_id}' is neither an id nor an @label")
        event = ctx.uow.labels.get(event_id[1:])
        if event is None:
            raise NotFound(f"no earlier line of this import is labelled '{event_id[1:]}'")
        return event.originator_id, event.originator_version, None
    found = ctx.uow.app.recorder.select_notifications(start=event_id, limit=1)
    if not found or found[0].id != event_id:
        raise NotFound(f"no event {event_id} in this ledger")
    return found[0].originator_id, found[0].originator_version, event_id


def retraction_role(aggregate: LedgerAggregate, me: Person, original_actor: str) -> str:
    """Whoever could have recorded an event may correct it; the secretariat always may."""
    if me.holds(SECRETARIAT):
        return SECRETARIAT
    if isinstance(aggregate, Coalition) and aggregate.is_coordinator(me.handle):
        return COORDINATOR
    if me.holds(DCCG) and type(aggregate).TOPIC in (
        "dcledger:charter",
        "dcledger:amendment",
        "dcledger:dccg",
    ):
        return DCCG
    if original_actor == me.handle:
        return MEMBER
    raise NotPermitted(f"{me.handle} may not retract an event that {original_actor} recorded")
