"""Membership: member, coordinator and representative commands, and `members SLUG`."""

from __future__ import annotations

from typing import Any

import click

from dcledger.cli.options import (
    handle_argument,
    output_options,
    parse_as_of,
    parse_known_at,
    record,
    recording,
    service,
    slug_argument,
    time_options,
)
from dcledger.cli.output import render
from dcledger.ledger.vocabulary import MEMBER_ROLES


@click.group()
def member() -> None:
    """Join, leave, confirm contact details, subscribe; roles and removals.

    \b
    Example:
      dcledger --as eve member join dc-irpc --group academia
    """


@member.command("join")
@slug_argument
@click.option("--group", required=True, help="Your stakeholder group.")
@click.option("--observer", is_flag=True, help="Join as an observer instead of a full member.")
@recording(person=True)
def member_join(slug: str, group: str, observer: bool, **envelope: Any) -> None:
    """Join a coalition yourself (open membership).

    \b
    Example:
      dcledger --as eve member join dc-irpc --group academia --observer
    """
    record("member join", {"slug": slug, "group": group, "observer": observer}, **envelope)


@member.command("leave")
@slug_argument
@recording(person=True)
def member_leave(slug: str, **envelope: Any) -> None:
    """Leave a coalition.

    \b
    Example:
      dcledger --as eve member leave dc-irpc
    """
    record("member leave", {"slug": slug}, **envelope)


@member.command("set-role")
@slug_argument
@handle_argument
@click.argument("role", type=click.Choice(MEMBER_ROLES))
@recording()
def member_set_role(slug: str, handle: str, role: str, **envelope: Any) -> None:
    """Make a member a full member or an observer (coordinators, secretariat).

    \b
    Example:
      dcledger --as sec member set-role dc-irpc eve full
    """
    record("member set-role", {"slug": slug, "handle": handle, "role": role}, **envelope)


@member.command("remove")
@slug_argument
@handle_argument
@click.option("--reason", required=True, help="Why, in a sentence (kept in the log).")
@recording()
def member_remove(slug: str, handle: str, reason: str, **envelope: Any) -> None:
    """Remove a member, with a reason (coordinators, secretariat).

    \b
    Example:
      dcledger --as sec member remove dc-irpc eve --reason "asked to be removed"
    """
    record("member remove", {"slug": slug, "handle": handle, "reason": reason}, **envelope)


@member.command("confirm-contact")
@slug_argument
@click.option("--email", help="A new address, if it changed.")
@recording(person=True)
def member_confirm_contact(slug: str, email: str | None, **envelope: Any) -> None:
    """Confirm your contact details (due every 12 months).

    \b
    Example:
      dcledger --as eve member confirm-contact dc-irpc --email eve@new.example
    """
    record("member confirm-contact", {"slug": slug, "email": email}, **envelope)


@member.command("subscribe")
@slug_argument
@recording(person=True)
def member_subscribe(slug: str, **envelope: Any) -> None:
    """Record that you subscribed to the coalition's mailing list.

    \b
    Example:
      dcledger --as eve member subscribe dc-irpc
    """
    record("member subscribe", {"slug": slug}, **envelope)


@click.group()
def coordinator() -> None:
    """Appoint and dismiss co-coordinators.

    \b
    Example:
      dcledger --as sec coordinator appoint dc-irpc eve
    """


@coordinator.command("appoint")
@slug_argument
@handle_argument
@recording()
def coordinator_appoint(slug: str, handle: str, **envelope: Any) -> None:
    """Appoint a full member as co-coordinator.

    \b
    Example:
      dcledger --as sec coordinator appoint dc-irpc eve
    """
    record("coordinator appoint", {"slug": slug, "handle": handle}, **envelope)


@coordinator.command("dismiss")
@slug_argument
@handle_argument
@recording()
def coordinator_dismiss(slug: str, handle: str, **envelope: Any) -> None:
    """Dismiss a co-coordinator (never the last one).

    \b
    Example:
      dcledger --as sec coordinator dismiss dc-irpc eve
    """
    record("coordinator dismiss", {"slug": slug, "handle": handle}, **envelope)


@click.group()
def representative() -> None:
    """Appoint the coalition's official representative at DCCG meetings.

    \b
    Example:
      dcledger --as sec representative appoint dc-irpc eve
    """


@representative.command("appoint")
@slug_argument
@handle_argument
@recording()
def representative_appoint(slug: str, handle: str, **envelope: Any) -> None:
    """Appoint a member as the official representative (replaces any earlier one).

    \b
    Example:
      dcledger --as sec representative appoint dc-irpc eve
    """
    record("representative appoint", {"slug": slug, "handle": handle}, **envelope)


@click.command()
@slug_argument
@time_options
@output_options()
def members(slug: str, as_of: str | None, known_at: str | None, fmt: str) -> None:
    """A coalition's members with role, group and whose details need attention.

    \b
    Example:
      dcledger members dc-irpc --as-of 2021-01-01 --format csv
    """
    day = parse_as_of(as_of)
    rows = service().members(day, parse_known_at(known_at), slug)
    columns = [
        ("handle", "handle"),
        ("name", "name"),
        ("role", "role"),
        ("group", "group"),
        ("coordinator", "coordinator"),
        ("contact", lambda r: "stale" if r["contact_stale"] else "ok"),
        ("subscribed", "subscribed"),
    ]
    render(fmt, rows, columns, title=f"Members of {slug} on {day}")


COMMANDS = [member, coordinator, representative, members]
