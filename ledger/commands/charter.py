"""The charter, its amendments and their ratification votes."""

from __future__ import annotations

from fractions import Fraction

from dcledger.ledger import policy, tally
from dcledger.ledger.aggregates import Amendment, Charter
from dcledger.ledger.charter_text import sections_from_text
from dcledger.ledger.commands.context import Context, IsoDate, command
from dcledger.ledger.errors import AlreadyExists, InvalidInput, NotFound
from dcledger.ledger.rules.checks.votes import check_latest_ballot, electorate
from dcledger.ledger.state import AmendmentState, CharterState
from dcledger.ledger.vocabulary import DCCG, MEMBER


def the_charter(ctx: Context) -> tuple[Charter, CharterState]:
    """The charter aggregate, and its state on the command's date."""
    charter = ctx.uow.find(Charter, Charter.ID)
    state = ctx.situation().charter() if charter else None
    if charter is None or state is None:
        raise NotFound(
            f"no charter is adopted on {ctx.on}; run 'dcledger charter adopt FILE'",
            rule="charter-adopted",
        )
    return charter, state


def amendment_numbered(ctx: Context, number: int) -> tuple[Amendment, AmendmentState]:
    amendment = ctx.uow.find(Amendment, Amendment.id_for(number))
    if amendment is None:
        raise NotFound(f"no amendment {number}")
    state = ctx.situation().amendment(number)
    if state is None:
        raise NotFound(f"amendment {number} was proposed after {ctx.on}", rule="record-exists")
    return amendment, state


@command("charter adopt")
def adopt(ctx: Context, sections: list[dict[str, str]]) -> dict:
    envelope = ctx.as_dccg()
    if not sections:
        raise InvalidInput("the charter file has no '## ' sections", rule="charter-sections")
    found = ctx.uow.find(Charter, Charter.ID)
    if found is None:
        ctx.uow.add(Charter.adopt(sections, envelope))
    elif found.state is None:  # its adoption was retracted: the charter's record begins again
        found.adopt_again(sections, envelope)
    else:
        raise AlreadyExists(
            "version 1 of the charter is already adopted; amend it instead", rule="adopt-once"
        )
    return {"version": 1, "sections": len(sections)}


@command("charter review")
def review(ctx: Context, year: int, notes: str) -> dict:
    envelope = ctx.as_dccg()
    the_charter(ctx)[0].review(year, notes, envelope)
    return {"year": year}


@command("amendment propose")
def propose(ctx: Context, sections: dict[str, str], rationale: str, message_id: str) -> dict:
    _, envelope = ctx.acting_member()
    charter, state = the_charter(ctx)
    number = charter.state.amendments_numbered + 1
    version = state.current.version
    charter.number_amendment(number, envelope)
    ctx.uow.add(Amendment.propose(number, sections, rationale, message_id, version, envelope))
    return {"amendment": number, "base_version": version}


@command("amendment discuss")
def discuss(ctx: Context, amendment: int, ref: str) -> dict:
    ctx.refuse_person_option()
    envelope = ctx.envelope(DCCG if ctx.holds(DCCG) else MEMBER)
    amendment_numbered(ctx, amendment)[0].discuss(ref, envelope)
    return {"amendment": amendment}


@command("amendment consensus")
def consensus(ctx: Context, amendment: int) -> dict:
    envelope = ctx.as_dccg()
    amendment_numbered(ctx, amendment)[0].reach_consensus(envelope)
    return {"amendment": amendment}


def withdrawer_role(ctx: Context, state: AmendmentState) -> str:
    ctx.refuse_person_option()
    if ctx.me == state.proposer:
        return MEMBER
    return DCCG if ctx.holds(DCCG) else MEMBER


@command("amendment withdraw")
def withdraw(ctx: Context, amendment: int, reason: str) -> dict:
    found, state = amendment_numbered(ctx, amendment)
    found.withdraw(reason, ctx.envelope(withdrawer_role(ctx, state)))
    return {"amendment": amendment}


@command("amendment rebase")
def rebase(ctx: Context, amendment: int, text: str) -> dict:
    """The new text restates the same sections (one: the whole text; several: `## ` blocks)."""
    _, envelope = ctx.acting_member()
    found, state = amendment_numbered(ctx, amendment)
    sections = sections_from_text(list(state.sections), text)
    version = the_charter(ctx)[1].current.version
    found.rebase(sections, version, envelope)
    return {"amendment": amendment, "base_version": version}


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
    closes: IsoDate,
    quorum: str | None = None,
    threshold: str | None = None,
) -> dict:
    envelope = ctx.as_dccg()
    found, _ = amendment_numbered(ctx, amendment)
    voters = electorate(ctx.situation())
    threshold = policy.DEFAULT_THRESHOLD if threshold is None else threshold
    found.open_vote(closes.isoformat(), str(parse_quorum(quorum)), threshold, voters, envelope)
    return {"amendment": amendment, "electorate": len(voters), "closes": closes.isoformat()}


@command("vote cast")
def cast(ctx: Context, amendment: int, choice: str, statement: str | None = None) -> dict:
    voter, envelope = ctx.acting_member()
    found = amendment_numbered(ctx, amendment)[0]
    check_latest_ballot(found.facts, voter, ctx.on)
    found.cast(choice, statement, envelope)
    return {"amendment": amendment, "voter": voter, "choice": choice}


@command("vote close")
def close_vote(ctx: Context, amendment: int) -> dict:
    envelope = ctx.as_dccg()
    found, state = amendment_numbered(ctx, amendment)
    if state.vote is None:
        raise NotFound(
            f"amendment {amendment} has no open vote on {ctx.on}", rule="amendment-steps"
        )
    result = tally.count(state.vote)
    found.close_vote(result, state.sections, envelope)
    return {"amendment": amendment, "outcome": result.outcome, **result.as_dict()}


@command("amendment incorporate")
def incorporate(ctx: Context, amendment: int) -> dict:
    envelope = ctx.as_dccg()
    found, state = amendment_numbered(ctx, amendment)
    charter, charter_state = the_charter(ctx)
    version = charter_state.current.version + 1
    charter.incorporate(amendment, version, state.sections, envelope)
    found.incorporate(version, envelope)
    return {"amendment": amendment, "version": version}
