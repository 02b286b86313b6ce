"""The registry of checks, and the checks every fact passes: authority and evidence.

A check is a pure function of (situation, fact): the situation is the ledger just before
the fact's place in the history. It returns nothing, or raises a refusal naming its rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from dcledger.ledger.errors import InvalidInput, NotPermitted, RuleViolation
from dcledger.ledger.facts import BEGINS_AGAIN, Fact
from dcledger.ledger.rules.situation import Situation
from dcledger.ledger.state import CoalitionState
from dcledger.ledger.vocabulary import COORDINATOR, DCCG, MEMBER, SECRETARIAT

Check = Callable[[Situation, Fact], None]
CHECKS: dict[str, Check] = {}
ROLES: dict[str, tuple[str, ...]] = {}  # who may record each event type

MESSAGE_ID = re.compile(r"<[^<>\s@]+@[^<>\s@]+>")
URL = re.compile(r"https?://[^\s/$.?#][^\s]*", re.IGNORECASE)


def rule(*types: str, roles: tuple[str, ...]) -> Callable[[Check], Check]:
    """Register the check of one or more event types, and the roles that may record them."""

    def register(fn: Check) -> Check:
        for t in types:
            CHECKS[t] = fn
            ROLES[t] = roles
        return fn

    return register


def refuse(name: str, message: str) -> RuleViolation:
    return RuleViolation(message, rule=name)


def forbid(name: str, message: str) -> NotPermitted:
    return NotPermitted(message, rule=name)


def subject(fact: Fact) -> str:
    """The person a self-acting event is about: the actor, or whom the secretariat
    recorded it for."""
    return fact.person or fact.actor


def is_reference(text: str) -> bool:
    """A mailing-list Message-ID (`<local@domain>`) or an http(s) URL."""
    text = text.strip()
    return bool(MESSAGE_ID.fullmatch(text) or URL.fullmatch(text))


def check_reference(text: str | None, what: str) -> None:
    if text is not None and not is_reference(text):
        raise InvalidInput(
            f"{what} {text!r} is neither a Message-ID such as <local@domain> nor an http(s) URL",
            rule="evidence-well-formed",
        )


def check_url(text: str | None, what: str) -> None:
    """An address the site links: an http(s) URL, nothing else."""
    if text is not None and not URL.fullmatch(text.strip()):
        raise InvalidInput(f"{what} {text!r} is not an http(s) URL", rule="evidence-well-formed")


# Free text a command requires (a rationale has its own check): a blank one says nothing,
# and a correction, a decision or a record must say what it is.
REQUIRED_TEXT = ("reason", "notes", "summary", "title", "agreement", "ref", "name")
OPTIONAL_TEXT = {
    ("review.members_reviewed", "notes"),
    ("review.members_reviewed_again", "notes"),
}  # `review members YEAR` needs none


def check_required_text(fact: Fact) -> None:
    for key in REQUIRED_TEXT:
        if (fact.type, key) in OPTIONAL_TEXT:
            continue
        value = fact.data.get(key)
        if isinstance(value, str) and not value.strip():
            raise InvalidInput(f"the {key} is blank: say what it is", rule="text-given")


def coalition_of(sit: Situation, fact: Fact) -> CoalitionState | None:
    return sit.state(fact.aggregate_id) if fact.kind == "coalition" else None


def founding_registration(sit: Situation, fact: Fact) -> bool:
    """`init` registers the first secretariat person, who cannot exist before it."""
    founding = sit.founding()
    return (
        fact.type == "person.registered"
        and founding is not None
        and fact.data["handle"] == fact.actor == founding.secretariat
    )


def check_authority(sit: Situation, fact: Fact) -> None:
    """The actor existed on the date, and held the role the event was recorded under."""
    if fact.type == "ledger.initialized" or founding_registration(sit, fact):
        return
    allowed = ROLES[fact.type]
    if fact.role not in allowed:
        raise forbid("role", f"{fact.type} is recorded by {' or '.join(allowed)}, not {fact.role}")
    if sit.person(fact.actor) is None:
        raise forbid("registered", f"{fact.actor} is not a registered person on {sit.on}")
    if fact.person is not None and fact.person != fact.actor:
        if fact.role != SECRETARIAT:
            raise forbid("on-behalf", "only the secretariat may record on someone's behalf")
        if sit.person(fact.person) is None:
            raise forbid("registered", f"{fact.person} is not a registered person on {sit.on}")
    if fact.role in (SECRETARIAT, DCCG) and not sit.holds(fact.actor, fact.role):
        raise forbid(
            "office-held", f"{fact.actor} does not hold the {fact.role} office on {sit.on}"
        )
    if fact.role == COORDINATOR:
        coalition = coalition_of(sit, fact)
        member = coalition.members.get(fact.actor) if coalition else None
        if member is None or not member.coordinator:
            where = coalition.slug if coalition else "this record"
            raise forbid(
                "coordinator", f"{fact.actor} is not a co-coordinator of {where} on {sit.on}"
            )
    if fact.role == MEMBER and fact.person not in (None, fact.actor):
        raise forbid("on-behalf", "a member records only their own acts")


def check_signer(sit: Situation, actor: str, signer: str) -> None:
    """Whoever runs a command signs what it records: an import's line recorded as someone
    else is the secretariat's to record (as a verifier of the signatures reads them)."""
    if actor != signer and not sit.holds(signer, SECRETARIAT):
        raise forbid(
            "signed-by-recorder",
            f"it is recorded as {actor}, but {signer} runs it and signs it; only the "
            "secretariat records what others did",
        )


def check_record_begun(sit: Situation, fact: Fact) -> None:
    """A fact joins a record that stands on its date; one that begins a record again
    (after its beginning was retracted) joins one that does not."""
    standing = sit.state(fact.aggregate_id) is not None
    if fact.type in BEGINS_AGAIN and standing:
        raise refuse(
            "begin-once", f"this record already stands on {fact.effective_date}: it begins once"
        )
    if not standing and fact.version != 1 and fact.type not in BEGINS_AGAIN:
        raise refuse(
            "record-exists",
            f"{fact.type} on {fact.effective_date} is dated before this record began",
        )


def check_fact(sit: Situation, fact: Fact) -> None:
    """Every rule that applies to one fact, against the state just before it."""
    check = CHECKS.get(fact.type)
    if check is None:
        raise refuse("known-event", f"no rule knows the event type {fact.type}")
    check_reference(fact.evidence, "evidence")
    check_required_text(fact)
    if not fact.is_retraction:
        check_record_begun(sit, fact)
        check_authority(sit, fact)
    check(sit, fact)
