"""Charter versions, amendments and votes as plain data for the CLI."""

from __future__ import annotations

import difflib
from typing import Any

from dcledger.ledger import tally
from dcledger.ledger.dates import iso
from dcledger.ledger.errors import InvalidInput, NotFound
from dcledger.ledger.registry import Registry
from dcledger.ledger.state import AmendmentState, CharterState, CharterVersion
from dcledger.ledger.state.model import plain


def charter_of(registry: Registry) -> CharterState:
    if registry.charter is None:
        raise NotFound("no charter has been adopted")
    return registry.charter


def version_of(charter: CharterState, number: int | None) -> CharterVersion:
    if number is None:
        return charter.current
    for version in charter.versions:
        if version.version == number:
            return version
    raise InvalidInput(f"the charter has no version {number} (latest: {charter.current.version})")


def charter_show(registry: Registry, number: int | None) -> dict[str, Any]:
    version = version_of(charter_of(registry), number)
    return {
        "version": version.version,
        "effective_date": iso(version.effective_date),
        "amendment": version.amendment,
        "sections": [plain(s) for s in version.sections],
    }


def charter_history(registry: Registry) -> list[dict[str, Any]]:
    return [
        {
            "version": v.version,
            "effective_date": iso(v.effective_date),
            "amendment": v.amendment,
            "incorporated_by": v.by,
        }
        for v in charter_of(registry).versions
    ]


def charter_diff(registry: Registry, old: int, new: int) -> list[dict[str, Any]]:
    """A unified diff per section that differs between two versions."""
    charter = charter_of(registry)
    before = {s.id: s for s in version_of(charter, old).sections}
    after = {s.id: s for s in version_of(charter, new).sections}
    changes = []
    for section_id in [*before, *(s for s in after if s not in before)]:
        a, b = before.get(section_id), after.get(section_id)
        a_text, b_text = (a.text if a else ""), (b.text if b else "")
        if a_text == b_text:
            continue
        diff = difflib.unified_diff(
            a_text.splitlines(keepends=True),
            b_text.splitlines(keepends=True),
            fromfile=f"v{old}/{section_id}",
            tofile=f"v{new}/{section_id}",
        )
        changes.append({"section": section_id, "diff": "".join(diff)})
    return changes


def amendment_of(registry: Registry, number: int) -> AmendmentState:
    found = registry.amendments.get(number)
    if found is None:
        raise NotFound(f"no amendment {number}")
    return found


def earlier_votes_words(earlier: int) -> str:
    """How many votes a rebase left on replaced texts, in words."""
    if earlier == 1:
        return "1 earlier vote was on a replaced text"
    return f"{earlier} earlier votes were on replaced texts"


def no_vote(amendment: AmendmentState) -> NotFound:
    """Why an amendment has no vote to show: none opened yet, or none on its current text
    (a rebase replaced the text an earlier vote was on; that vote stays in its story)."""
    number, status, earlier = amendment.number, amendment.status, len(amendment.earlier_votes)
    if not earlier:
        return NotFound(f"amendment {number} has no vote (it is {status})")
    votes = earlier_votes_words(earlier)
    return NotFound(f"amendment {number} has no vote on its current text (it is {status}; {votes})")


def earlier_votes(registry: Registry, number: int) -> list[dict[str, Any]]:
    """The votes held on texts a rebase replaced, oldest first, in short: when each
    opened and closed, its electorate, tally and outcome."""
    return [
        {
            "opened_on": iso(vote.opened_on),
            "closes": iso(vote.closes),
            "closed_on": iso(vote.closed_on),
            "electorate": len(vote.electorate),
            **(vote.tally or tally.count(vote).as_dict()),
            "outcome": vote.outcome,
        }
        for vote in amendment_of(registry, number).earlier_votes
    ]


def quorum_words(quorum: str) -> str:
    """A vote's quorum for people to read: the fraction, or "no quorum" when it has none."""
    return quorum if tally.has_quorum(quorum) else "no quorum"


def vote_words(shown: dict[str, Any]) -> dict[str, Any]:
    """`vote_show` for people to read: a vote without a quorum says "no quorum" for its
    quorum and for whether it was met, where the JSON keeps "0" and true."""
    if tally.has_quorum(shown["quorum"]):
        return shown
    return shown | {"quorum": quorum_words(shown["quorum"]), "quorum_met": "no quorum"}


def vote_show(registry: Registry, number: int) -> dict[str, Any]:
    amendment = amendment_of(registry, number)
    vote = amendment.vote
    if vote is None:
        raise no_vote(amendment)
    counted = tally.count(vote)
    recorded = vote.tally or counted.as_dict()
    dissent = [
        b.statement
        for b in sorted(vote.ballots.values(), key=lambda b: b.voter)
        if b.choice == "no" and b.statement and b.voter in vote.voters
    ]
    return {
        "amendment": number,
        "electorate": len(vote.electorate),
        "yes": recorded["yes"],
        "no": recorded["no"],
        "abstain": recorded["abstain"],
        "turnout": float(counted.turnout),
        "quorum": vote.quorum,
        "quorum_met": counted.quorum_met,
        "threshold": vote.threshold,
        "threshold_met": counted.threshold_met,
        "outcome": vote.outcome,
        "opened_on": iso(vote.opened_on),
        "closes": iso(vote.closes),
        "closed_on": iso(vote.closed_on),
        "ballots_cast": vote.ballots_cast,
        "dissent": dissent,
    }


def amendment_show(registry: Registry, number: int) -> dict[str, Any]:
    amendment = amendment_of(registry, number)
    story = {k: v for k, v in plain(amendment).items() if k != "vote"}
    story["vote"] = vote_show(registry, number) if amendment.vote else None
    if amendment.vote:
        story["ballots"] = [
            plain(b) for b in sorted(amendment.vote.ballots.values(), key=lambda b: b.voter)
        ]
    return story
