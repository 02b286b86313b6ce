"""Members, co-coordinators and representatives of a coalition."""

from __future__ import annotations

from dcledger.ledger.commands.context import Context, command
from dcledger.ledger.person_fields import check_person_fields


@command("member join")
def join(ctx: Context, slug: str, group: str, observer: bool = False) -> dict:
    handle, envelope = ctx.acting_member()
    role = "observer" if observer else "full"
    ctx.coalition(slug).join(handle, role, group, envelope)
    return {"slug": slug, "handle": handle, "role": role}


@command("member leave")
def leave(ctx: Context, slug: str) -> dict:
    handle, envelope = ctx.acting_member()
    ctx.coalition(slug).leave(handle, envelope)
    return {"slug": slug, "handle": handle}


@command("member set-role")
def set_role(ctx: Context, slug: str, handle: str, role: str) -> dict:
    coalition = ctx.coalition(slug)
    coalition.set_role(handle, role, ctx.for_coalition(coalition))
    return {"slug": slug, "handle": handle, "role": role}


@command("member remove")
def remove(ctx: Context, slug: str, handle: str, reason: str) -> dict:
    coalition = ctx.coalition(slug)
    coalition.remove(handle, reason, ctx.for_coalition(coalition))
    return {"slug": slug, "handle": handle}


@command("member confirm-contact")
def confirm_contact(ctx: Context, slug: str, email: str | None = None) -> dict:
    handle, envelope = ctx.acting_member()
    coalition = ctx.coalition(slug)
    coalition.confirm_contact(handle, email, envelope)
    if email is not None:  # `--email ""` is a wrong address, not a plain confirmation
        person = ctx.person_named(handle)
        check_person_fields(handle, person.state.name, email)
        person.update_contact(email, envelope)
    return {"slug": slug, "handle": handle}


@command("member subscribe")
def subscribe(ctx: Context, slug: str) -> dict:
    handle, envelope = ctx.acting_member()
    ctx.coalition(slug).subscribe(handle, envelope)
    return {"slug": slug, "handle": handle}


@command("coordinator appoint")
def appoint_coordinator(ctx: Context, slug: str, handle: str) -> dict:
    coalition = ctx.coalition(slug)
    coalition.appoint_coordinator(handle, ctx.for_coalition(coalition))
    return {"slug": slug, "handle": handle}


@command("coordinator dismiss")
def dismiss_coordinator(ctx: Context, slug: str, handle: str) -> dict:
    coalition = ctx.coalition(slug)
    coalition.dismiss_coordinator(handle, ctx.for_coalition(coalition))
    return {"slug": slug, "handle": handle}


@command("representative appoint")
def appoint_representative(ctx: Context, slug: str, handle: str) -> dict:
    coalition = ctx.coalition(slug)
    coalition.appoint_representative(handle, ctx.for_coalition(coalition))
    return {"slug": slug, "handle": handle}
