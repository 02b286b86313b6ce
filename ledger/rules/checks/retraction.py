"""Retractions: who may correct what, and what can no longer be undone.

A retraction is judged on what the ledger knew when it was recorded (every fact recorded
before it), whatever effective date it names: a mistaken event never happened. That the
later history still holds without the target is checked by the validation that follows.
"""

from __future__ import annotations

from dcledger.ledger.facts import BEGINS_AGAIN, Fact, beginnings
from dcledger.ledger.ids import CHARTER_ID
from dcledger.ledger.rules.checks.base import forbid, refuse, rule
from dcledger.ledger.rules.checks.coalitions import check_open
from dcledger.ledger.rules.situation import Situation
from dcledger.ledger.vocabulary import COORDINATOR, DCCG, MEMBER, SECRETARIAT

KINDS = ("ledger", "person", "coalition", "dccg", "review", "charter", "amendment")
ANYONE = (SECRETARIAT, DCCG, COORDINATOR, MEMBER)
# The role that recorded an event -> the roles that may retract it.
MAY_RETRACT = {
    DCCG: (DCCG,),
    SECRETARIAT: (SECRETARIAT,),
    COORDINATOR: (COORDINATOR, SECRETARIAT),
    MEMBER: (MEMBER, SECRETARIAT),
}


def target_of(sit: Situation, fact: Fact) -> Fact:
    earlier = [f for f in sit.facts_of(fact.aggregate_id) if f.seq < fact.seq]
    version = fact.data["target_version"]
    target = next((f for f in earlier if f.version == version), None)
    if target is None:
        raise refuse("retract-existing", f"no event version {version} in this record")
    if version == 1 and target.type not in BEGINS_AGAIN.values():
        raise refuse(
            "retract-not-creation",
            "the event that began this record cannot be retracted: the record stays, and "
            "later events of it correct it",
        )
    if target.is_retraction:
        raise refuse("retract-not-retraction", "a retraction cannot itself be retracted")
    if target.type in ("person.key_added", "person.key_revoked"):
        # Who may sign what follows from the keys as recorded; a retraction would leave
        # signatures made meanwhile without a key, or a revoked key signing again.
        raise refuse(
            "retract-not-key",
            "a key is revoked, not retracted, and a revocation is final: add a new key instead",
        )
    if target.type == "charter.amendment_numbered":
        # The number names the amendment's record, which stays: without it the next
        # proposal would take the same number and collide with that record.
        raise refuse(
            "retract-not-numbering",
            "an amendment's number cannot be retracted; withdraw the amendment instead",
        )
    if any(f.is_retraction and f.data["target_version"] == version for f in earlier):
        raise refuse("retract-once", "that event is already retracted")
    return target


def check_retractor(sit: Situation, fact: Fact, target: Fact) -> None:
    allowed = MAY_RETRACT.get(target.role, ())
    if fact.role not in allowed:
        raise forbid(
            "retract-by-recorder",
            f"{fact.actor} may not retract an event recorded by the {target.role}: only "
            f"the {' or the '.join(allowed)} may",
        )
    if fact.role in (SECRETARIAT, DCCG) and not sit.holds(fact.actor, fact.role):
        raise forbid("office-held", f"{fact.actor} does not hold the {fact.role} office")
    if fact.role == COORDINATOR:
        coalition = sit.state(fact.aggregate_id) if fact.kind == "coalition" else None
        member = coalition.members.get(fact.actor) if coalition else None
        if member is None or not member.coordinator:
            raise forbid("coordinator", f"{fact.actor} is not a co-coordinator of this coalition")
    if fact.role == MEMBER and (target.actor, target.person or target.actor) != (
        fact.actor,
        fact.actor,
    ):
        raise forbid("retract-by-recorder", f"{fact.actor} may retract only their own acts")


def known_before(sit: Situation, aggregate_id: str, retraction: Fact, *types: str) -> list[Fact]:
    """Live facts of `types` in a record, as recorded before `retraction`."""
    earlier = [f for f in sit.facts_of(aggregate_id) if f.seq < retraction.seq]
    gone = {f.data["target_version"] for f in earlier if f.is_retraction}
    return [f for f in earlier if f.type in types and f.version not in gone]


def check_adoption_not_amended(sit: Situation, fact: Fact, target: Fact) -> None:
    if target.type in beginnings("charter.adopted") and any(
        f.key > target.key
        for f in known_before(sit, target.aggregate_id, fact, "charter.amendment_numbered")
    ):
        # An amendment's number is never retracted, so nothing could clear the way.
        raise refuse(
            "amended-adoption-final",
            "the adoption stays once an amendment was proposed to it: amend the charter",
        )


def check_not_final(sit: Situation, fact: Fact, target: Fact) -> None:
    if target.type == "amendment.ballot_cast" and any(
        f.type == "amendment.vote_closed" and f.key > target.key and f.seq < fact.seq
        for f in sit.facts_of(target.aggregate_id)
    ):
        # Any close of its vote counts, a retracted one too: its ballots were final then.
        raise refuse("closed-tally-final", "a ballot cannot be retracted once its vote has closed")
    if target.type in ("amendment.vote_opened", "amendment.vote_closed") and any(
        f.type == "amendment.incorporated" and f.key > target.key
        for f in sit.facts_of(target.aggregate_id)
        if f.seq < fact.seq
    ):
        # Once incorporated, even if that incorporation was retracted since: the vote
        # reopened would take new ballots and could give another outcome for a text
        # the charter already held.
        raise refuse(
            "incorporated-vote-final",
            "a vote cannot be retracted once an amendment was incorporated from it",
        )
    if target.type == "amendment.incorporated" and any(
        f.data["version"] == target.data["version"]
        for f in known_before(sit, CHARTER_ID, fact, "charter.amendment_incorporated")
        if not retracted_with(sit, f, fact)
    ):
        raise refuse(
            "incorporation-whole",
            "an amendment's incorporation is retracted together with the charter version",
        )
    if target.type in ("charter.amendment_incorporated", "amendment.incorporated"):
        versions = known_before(sit, CHARTER_ID, fact, "charter.amendment_incorporated")
        newest = max((f.data["version"] for f in versions), default=1)
        if newest > target.data["version"]:
            raise refuse(
                "later-version-final",
                f"an incorporation cannot be retracted once version {newest} exists",
            )


def retracted_with(sit: Situation, target: Fact, retraction: Fact) -> bool:
    """Is `target` retracted too? The `retract` command retracts both events of an
    incorporation in one step, so the other one is in the log beside `retraction`."""
    return any(
        f.is_retraction and f.data["target_version"] == target.version
        for f in sit.facts_of(target.aggregate_id)
    )


@rule(*(f"{kind}.retracted" for kind in KINDS), roles=ANYONE)
def retracted(sit: Situation, fact: Fact) -> None:
    if sit.person(fact.actor) is None:
        raise forbid("registered", f"{fact.actor} is not a registered person")
    target = target_of(sit, fact)
    if fact.effective_date < target.effective_date:
        # It counts from when it is recorded anyway; a date before its target misleads.
        raise refuse(
            "retract-after-target",
            f"a retraction is dated on or after the event it retracts ({target.effective_date})",
        )
    if fact.kind == "coalition":  # a dissolved coalition accepts no further events
        check_open(sit.state(fact.aggregate_id), fact)
    if target.type == "dccg.attended":  # nor is its record changed from elsewhere
        attended = sit.coalition(target.data["slug"])
        if attended is not None:
            check_open(attended, fact)
    check_retractor(sit, fact, target)
    check_adoption_not_amended(sit, fact, target)
    check_not_final(sit, fact, target)
    check_ballot_in_time(sit, fact, target)


def check_ballot_in_time(sit: Situation, fact: Fact, target: Fact) -> None:
    """A ballot is withdrawn while its vote may still be cast in, by its closing date: a
    later withdrawal would change the tally of a vote that is over, whether or not its
    close is recorded yet (and a close recorded after it would count without it)."""
    if target.type != "amendment.ballot_cast":
        return
    opened = [
        f
        for f in known_before(sit, target.aggregate_id, fact, "amendment.vote_opened")
        if f.key < target.key
    ]
    closes = max(opened, key=lambda f: f.key).data["closes"] if opened else None
    if closes is not None and fact.effective_date > closes:
        raise refuse(
            "closed-tally-final",
            f"a ballot cannot be retracted after its vote's closing date ({closes})",
        )
