"""The charter, its amendments and their ratification votes."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from dcledger.ledger import policy
from dcledger.ledger.aggregates import Amendment, Charter
from dcledger.ledger.commands.context import Context, command
from dcledger.ledger.documents import sections_from_text
from dcledger.ledger.errors import (
    AlreadyExists,
    InvalidInput,
    NotFound,
    NotPermitted,
    RuleViolation,
)
from dcledger.ledger.vocabulary import DCCG, MEMBER, SECRETARIAT


def the_charter(ctx: Context) -> Charter:
    charter = ctx.uow.find(Charter, Charter.ID)
    if charter is None:
        raise NotFound("no charter has been adopted; run 'dcledger charter adopt FILE'")
    return charter


def amendment_numbered(ctx: Context, number: int) -> Amendment:
    amendment = ctx.uow.find(Amendment, Amendment.id_for(number))
    if amendment is None:
        raise NotFound(f"no amendment {number}")
    return amendment


@command("charter adopt")
def adopt(ctx: Context, sections: list[dict[str, str]]) -> dict:
    stamp = ctx.as_dccg()
    if ctx.uow.find(Charter, Charter.ID) is not None:
        raise AlreadyExists("version 1 of the charter is already adopted; amend it instead")
    ctx.uow.add(Charter.adopt(sections, stamp))
    return {"version": 1, "sections": len(sections)}


@command("charter review")
def review(ctx: Context, year: int, notes: str) -> dict:
    the_charter(ctx).review(year, notes, ctx.as_dccg())
    return {"year": year}


@command("amendment propose")
def propose(ctx: Context, sections: dict[str, str], rationale: str, message_id: str) -> dict:
    proposer, stamp = ctx.acting_member()
    charter = the_charter(ctx)
    charter.check_sections(list(sections))
    if not ctx.registry().full_member_of(proposer):
        raise NotPermitted(f"{proposer} is not a full member of any coalition on {ctx.on}")
    number = charter.number_amendment(stamp)
    ctx.uow.add(
        Amendment.propose(number, sections, rationale, message_id, charter.current.version, stamp)
    )
    return {"amendment": number, "base_version": charter.current.version}


@command("amendment discuss")
def discuss(ctx: Context, amendment: int, ref: str) -> dict:
    me = ctx.me
    ctx.refuse_person_option()
    role = DCCG if me.holds(DCCG) else MEMBER
    amendment_numbered(ctx, amendment).discuss(ref, ctx.stamp(role))
    return {"amendment": amendment}


@command("amendment consensus")
def consensus(ctx: Context, amendment: int) -> dict:
    amendment_numbered(ctx, amendment).reach_consensus(ctx.as_dccg())
    return {"amendment": amendment}


def proposer_or_dccg(ctx: Context, found: Amendment) -> str:
    me = ctx.me
    ctx.refuse_person_option()
    if me.handle == found.state.proposer:
        return MEMBER
    for office in (DCCG, SECRETARIAT):
        if me.holds(office):
            return office
    raise NotPermitted(f"only the proposer or the DCCG may change amendment {found.number}")


@command("amendment withdraw")
def withdraw(ctx: Context, amendment: int, reason: str) -> dict:
    found = amendment_numbered(ctx, amendment)
    found.withdraw(reason, ctx.stamp(proposer_or_dccg(ctx, found)))
    return {"amendment": amendment}


@command("amendment rebase")
def rebase(ctx: Context, amendment: int, text: str) -> dict:
    """The new text restates the same sections (one: the whole text; several: `## ` blocks)."""
    found = amendment_numbered(ctx, amendment)
    role = proposer_or_dccg(ctx, found)
    sections = sections_from_text(list(found.state.sections), text)
    charter = the_charter(ctx)
    charter.check_sections(list(sections))
    found.rebase(sections, charter.current.version, ctx.stamp(role))
    return {"amendment": amendment, "base_version": charter.current.version}


def parse_quorum(text: str | None) -> Fraction:
    if text is None:
        return policy.DEFAULT_QUORUM
    try:
        quorum = Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise InvalidInput(f"quorum '{text}' is not a fraction such as 0.25 or 1/4") from None
    if not 0 <= quorum <= 1:
        raise InvalidInput(f"quorum {text} must lie between 0 and 1")
    return quorum


@command("vote open")
def open_vote(
    ctx: Context,
    amendment: int,
    closes: date,
    quorum: str | None = None,
    threshold: str = policy.DEFAULT_THRESHOLD,
) -> dict:
    stamp = ctx.as_dccg()
    found = amendment_numbered(ctx, amendment)
    electorate = ctx.registry().electorate(ctx.on)
    found.open_vote(closes.isoformat(), str(parse_quorum(quorum)), threshold, electorate, stamp)
    return {"amendment": amendment, "electorate": len(electorate), "closes": closes.isoformat()}


@command("vote cast")
def cast(ctx: Context, amendment: int, choice: str, statement: str | None = None) -> dict:
    voter, stamp = ctx.acting_member()
    amendment_numbered(ctx, amendment).cast(voter, choice, statement, stamp)
    return {"amendment": amendment, "voter": voter, "choice": choice}


@command("vote close")
def close_vote(ctx: Context, amendment: int) -> dict:
    result = amendment_numbered(ctx, amendment).close_vote(ctx.as_dccg())
    return {"amendment": amendment, "outcome": result.outcome, **result.as_dict()}


@command("amendment incorporate")
def incorporate(ctx: Context, amendment: int) -> dict:
    stamp = ctx.as_dccg()
    found = amendment_numbered(ctx, amendment)
    found.check_status("ratified")
    charter = the_charter(ctx)
    stale = charter.changed_since(found.state.base_version, list(found.state.sections))
    if stale:
        raise RuleViolation(
            f"section(s) {', '.join(stale)} changed after version {found.state.base_version}, "
            f"which amendment {amendment} was written against; rebase it first"
        )
    version = charter.incorporate(amendment, found.state.sections, stamp)
    found.incorporate(version, stamp)
    return {"amendment": amendment, "version": version}
