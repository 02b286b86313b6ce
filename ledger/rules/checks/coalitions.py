"""A coalition's lifecycle: proposal, recognition, its page, reactivation, dissolution."""

from __future__ import annotations

import unicodedata
from typing import Any

from dcledger.ledger.errors import AlreadyExists
from dcledger.ledger.facts import Fact
from dcledger.ledger.rules import annual
from dcledger.ledger.rules.checks.base import refuse, rule
from dcledger.ledger.rules.situation import Situation
from dcledger.ledger.state import CoalitionState, PersonState
from dcledger.ledger.vocabulary import COORDINATOR, MEMBER, SECRETARIAT, Lifecycle, Status

LIVE = (
    Lifecycle.PROPOSED,
    Lifecycle.RECOGNIZED,
)  # declined and dissolved coalitions free their name


def the_coalition(sit: Situation, fact: Fact) -> CoalitionState:
    return sit.state(fact.aggregate_id)


def check_open(c: CoalitionState, fact: Fact) -> None:
    if c.lifecycle == Lifecycle.DISSOLVED:
        raise refuse(
            "dissolved-is-final",
            f"{c.slug} was dissolved on {c.dissolved_on} and accepts no further records",
        )


def check_lifecycle(c: CoalitionState, fact: Fact, *allowed: str) -> None:
    check_open(c, fact)
    if c.lifecycle not in allowed:
        raise refuse(
            "lifecycle",
            f"{c.slug} is {c.lifecycle} on {fact.effective_date}; "
            f"{fact.type} needs it to be {' or '.join(allowed)}",
        )


def name_key(name: str) -> str:
    """A name as readers tell names apart: case, runs of spaces and how the characters
    are encoded do not count ("é" as one code point or as "e" and an accent)."""
    folded = unicodedata.normalize("NFKC", " ".join(name.split())).casefold()
    return unicodedata.normalize("NFKC", folded)


def check_name_free(sit: Situation, slug: str, name: str) -> None:
    """Two live coalitions may not share a name, compared case-insensitively."""
    wanted = name_key(name)
    for other in sit.coalitions():
        if other.slug != slug and other.lifecycle in LIVE and name_key(other.name) == wanted:
            raise refuse(
                "unique-name",
                f"the coalition {other.slug} is already named {other.name!r} on {sit.on}",
            )


def without_addresses(value: Any) -> Any:
    """A statement without its people's e-mail addresses, which the read models do not
    keep: two statements that differ only there are the same proposal."""
    if isinstance(value, dict):
        return {k: without_addresses(v) for k, v in value.items() if k != "email"}
    if isinstance(value, list):
        return [without_addresses(v) for v in value]
    return value


@rule("coalition.proposed", roles=(SECRETARIAT, MEMBER))
def proposed(sit: Situation, fact: Fact) -> None:
    check_name_free(sit, fact.data["slug"], fact.data["statement"]["name"])


@rule("coalition.reproposed", roles=(SECRETARIAT, MEMBER))
def reproposed(sit: Situation, fact: Fact) -> None:
    c = the_coalition(sit, fact)
    if c.lifecycle != Lifecycle.DECLINED:
        raise AlreadyExists(
            f"a coalition with slug '{c.slug}' already exists ({c.lifecycle})", rule="unique-slug"
        )
    if without_addresses(fact.data["statement"]) == without_addresses(c.statement):
        raise refuse(
            "revised-statement",
            f"the statement is the one declined for {c.slug}: a declined proposal is "
            "proposed again with a revised statement",
        )
    check_name_free(sit, c.slug, fact.data["statement"]["name"])


@rule("coalition.recognized", "coalition.declined", roles=(SECRETARIAT,))
def decided(sit: Situation, fact: Fact) -> None:
    check_lifecycle(the_coalition(sit, fact), fact, Lifecycle.PROPOSED)


@rule("coalition.page_updated", roles=(SECRETARIAT,))
def page_updated(sit: Situation, fact: Fact) -> None:
    check_lifecycle(the_coalition(sit, fact), fact, Lifecycle.RECOGNIZED)


@rule("coalition.reactivated", roles=(SECRETARIAT,))
def reactivated(sit: Situation, fact: Fact) -> None:
    c = the_coalition(sit, fact)
    check_lifecycle(c, fact, Lifecycle.RECOGNIZED)
    if annual.standing(c, fact.effective_date).status != Status.INACTIVE:
        raise refuse("reactivate-inactive", f"{c.slug} is not inactive on {fact.effective_date}")


@rule("coalition.dissolved", roles=(SECRETARIAT, COORDINATOR))
def dissolved(sit: Situation, fact: Fact) -> None:
    # A proposal ends by a decline; only a recognized coalition is dissolved.
    check_lifecycle(the_coalition(sit, fact), fact, Lifecycle.RECOGNIZED)


def check_founder_registered(person: PersonState, on: str) -> None:
    """A founding member already registered becomes a member on recognition: not before
    their registration. Checked when a recognition is decided (to a check of the state
    before it, the person it registers and one registered later look alike)."""
    if person.registered_on.isoformat() > on:
        raise refuse(
            "registered",
            f"founding member {person.handle} is registered only from "
            f"{person.registered_on}: they cannot be a member on {on}",
        )
