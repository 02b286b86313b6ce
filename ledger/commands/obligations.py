"""Annual obligations: reports and extensions, meetings, outputs, the DCCG, reviews."""

from __future__ import annotations

from dcledger.ledger.aggregates import DccgMeeting, MemberReview
from dcledger.ledger.commands.context import Context, IsoDate, command
from dcledger.ledger.dates import day
from dcledger.ledger.errors import AlreadyExists, InvalidInput, NotFound, RuleViolation
from dcledger.ledger.rules.checks.obligations import check_dissent
from dcledger.ledger.vocabulary import Lifecycle


@command("report file")
def file_report(
    ctx: Context, slug: str, year: int, url: str | None = None, file: str | None = None
) -> dict:
    if url and file:
        raise InvalidInput("give the report's --url or its --file, not both")
    coalition = ctx.coalition(slug)
    coalition.file_report(year, url, file, ctx.for_coalition(coalition))
    return {"slug": slug, "year": year}


@command("report request-extension")
def request_extension(ctx: Context, slug: str, year: int, until: IsoDate, reason: str) -> dict:
    coalition = ctx.coalition(slug)
    coalition.request_extension(year, until.isoformat(), reason, ctx.for_coalition(coalition))
    return {"slug": slug, "year": year, "until": until.isoformat()}


@command("report grant-extension")
def grant_extension(ctx: Context, slug: str, year: int) -> dict:
    ctx.coalition(slug).grant_extension(year, ctx.as_secretariat())
    return {"slug": slug, "year": year}


@command("report deny-extension")
def deny_extension(ctx: Context, slug: str, year: int, reason: str) -> dict:
    ctx.coalition(slug).deny_extension(year, reason, ctx.as_secretariat())
    return {"slug": slug, "year": year}


@command("meeting record")
def record_meeting(ctx: Context, slug: str, title: str) -> dict:
    coalition = ctx.coalition(slug)
    coalition.record_meeting(title, ctx.for_coalition(coalition))
    return {"slug": slug, "title": title}


@command("output record")
def record_output(
    ctx: Context,
    slug: str,
    kind: str,
    title: str,
    agreement: str,
    dissent: list[str] | None = None,
    no_dissent: bool = False,
) -> dict:
    coalition = ctx.coalition(slug)
    envelope = ctx.for_coalition(coalition)
    views = list(dissent or [])
    check_dissent(views, no_dissent)  # before the event is built: the kind comes second
    coalition.record_output(kind, title, agreement, views, envelope)
    return {"slug": slug, "title": title}


@command("dccg meeting")
def dccg_meeting(ctx: Context) -> dict:
    envelope = ctx.as_dccg()
    found = ctx.uow.find(DccgMeeting, DccgMeeting.id_for(ctx.on))
    if found is None:
        ctx.uow.add(DccgMeeting.hold(envelope))
    elif found.state is None:  # its first record was retracted
        found.hold_again(envelope)
    else:
        raise AlreadyExists(f"a DCCG meeting on {ctx.on} is already recorded", rule="meeting-once")
    return {"date": ctx.on}


@command("dccg attend")
def dccg_attend(ctx: Context, slug: str, by: str) -> dict:
    envelope = ctx.as_dccg()
    meeting = ctx.uow.find(DccgMeeting, DccgMeeting.id_for(ctx.on))
    if meeting is None:
        raise NotFound(
            f"no DCCG meeting on {ctx.on}; record it with 'dcledger dccg meeting'",
            rule="attend-a-meeting",
        )
    ctx.coalition(slug)
    meeting.attend(slug, by, envelope)
    return {"date": ctx.on, "slug": slug, "by": by}


def parse_change(text: str, parts: int, what: str) -> list[str]:
    fields = text.split(":")
    if len(fields) != parts or not all(fields):
        shape = "SLUG:HANDLE:ROLE" if parts == 3 else "SLUG:HANDLE"
        raise InvalidInput(f"{what} '{text}' should look like {shape}")
    return fields


@command("review members")
def review_members(
    ctx: Context,
    year: int,
    notes: str = "",
    set_roles: list[str] | None = None,
    removals: list[str] | None = None,
) -> dict:
    """The yearly member-status review: its role changes and removals, then the review
    itself, recording the member counts it left behind."""
    envelope = ctx.as_secretariat()
    if year > day(ctx.on).year:
        raise RuleViolation(
            f"the {year} review cannot be recorded on {ctx.on}", rule="review-after-year"
        )
    found = ctx.uow.find(MemberReview, MemberReview.id_for(year))
    if found is not None and found.state is not None:
        raise AlreadyExists(f"the member review of {year} is already recorded", rule="review-once")
    changes = []
    for text in set_roles or []:
        slug, handle, role = parse_change(text, 3, "--set-role")
        ctx.coalition(slug).set_role(handle, role, envelope)
        changes.append({"slug": slug, "handle": handle, "change": f"now {role}"})
    for text in removals or []:
        slug, handle = parse_change(text, 2, "--remove")
        ctx.coalition(slug).remove(handle, f"yearly member review {year}", envelope)
        changes.append({"slug": slug, "handle": handle, "change": "removed"})
    summary = {
        c.slug: {
            "full": sum(1 for m in c.members.values() if m.role == "full"),
            "observer": sum(1 for m in c.members.values() if m.role == "observer"),
        }
        for c in sorted(ctx.situation().coalitions(), key=lambda c: c.slug)
        if c.lifecycle == Lifecycle.RECOGNIZED
    }
    review = {"year": year, "notes": notes, "summary": summary, "changes": changes}
    if found is None:
        ctx.uow.add(MemberReview.conduct(envelope, **review))
    else:  # its first record was retracted
        found.conduct_again(envelope, **review)
    return {"year": year, "coalitions": len(summary), "changes": len(changes)}
