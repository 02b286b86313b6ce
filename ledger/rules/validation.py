"""Running the checks: to decide, to keep the later history valid, and to audit a log.

The invariant: every live fact of the log is valid against the fold of every live fact
placed before it (by effective date, then recording order). Deciding a command checks
its new facts at their place; a backdated fact or a retraction then re-checks the later
facts that read the records it changed, and is refused naming the first one it would
break. An audit checks the invariant over a whole log, from the log alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

from dcledger.ledger.errors import LedgerError, RuleViolation
from dcledger.ledger.facts import Fact
from dcledger.ledger.rules.checks import check_fact
from dcledger.ledger.rules.situation import FactIndex, Situation
from dcledger.ledger.state import apply_fact

# Later facts outside a record that read it, by the record's kind (persons: any fact that
# names them, found by `mentioning`).
READERS = {
    "coalition": (
        "amendment.proposed",
        "amendment.vote_opened",
        "coalition.proposed",
        "coalition.reproposed",
        "dccg.attended",
    ),
    "charter": ("amendment.proposed", "amendment.rebased", "amendment.incorporated"),
    "amendment": ("charter.amendment_incorporated",),
    "dccg": ("amendment.discussed",),  # a discussion may cite a DCCG meeting
}


def describe(fact: Fact, index: FactIndex) -> str:
    if fact.id is not None:
        return f"event {fact.id} ({fact.type} on {fact.effective_date})"
    # Not saved yet: decided by this command or, in an import, by the line named.
    line = index.lines.get(fact.seq)
    where = f"the event of line {line}" if line else "an unsaved event of this command"
    return f"{where} ({fact.type} on {fact.effective_date})"


def decide(index: FactIndex, facts: list[Fact]) -> list[Fact]:
    """Place the facts one step of a command decided, each checked at its place, then
    check the later facts they can affect."""
    placed = []
    for fact in facts:
        # Checked before it joins the index: recording in order, the record's folded
        # state is then simply its latest one.
        candidate = index.place(fact)
        check_fact(index.before(candidate), candidate)
        placed.append(index.add(fact))
    for fact in placed:
        if fact.is_retraction:
            check_without_target(index, fact)
    for fact in placed:
        anchor = retraction_target(index, fact) if fact.is_retraction else fact
        for later, situation in readers_after(index, anchor, placed):
            try:
                check_fact(situation, later)
            except LedgerError as e:
                raise RuleViolation(
                    f"this would make {describe(later, index)} invalid: {e.message}", rule=e.rule
                ) from None
    return placed


def check_without_target(index: FactIndex, retraction: Fact) -> None:
    """A retraction is judged again in the history it makes, as an audit sees it: one
    may not retract the grant of the very office one retracts with."""
    try:
        check_fact(index.before(retraction), retraction)
    except LedgerError as e:
        raise RuleViolation(f"without the event it retracts, {e.message}", rule=e.rule) from None


def retraction_target(index: FactIndex, retraction: Fact) -> Fact:
    version = retraction.data["target_version"]
    return next(f for f in index.record(retraction.aggregate_id).all if f.version == version)


def readers_after(
    index: FactIndex, anchor: Fact, changed: list[Fact]
) -> Iterator[tuple[Fact, Situation]]:
    """Live facts placed after `anchor` whose checks read the record it belongs to, each
    with the situation just before it. The record's own later facts are walked with one
    fold; facts of other records that read it are folded where they stand."""
    records = index.record(anchor.aggregate_id)
    skip = {fact.seq for fact in changed}
    kind = anchor.kind
    others: list[Fact] = []
    if kind == "person":
        handle = records.all[0].data["handle"]
        # Whether a revocation leaves the secretariat a key reads every person's record.
        revocations = index.later_facts(anchor, types=("person.key_revoked",))
        found = [*index.later_facts(anchor, mentioning=handle), *revocations]
        others = list({f.seq: f for f in found}.values())
    elif kind in READERS:
        others = index.later_facts(anchor, types=READERS[kind])
    others = [f for f in others if f.aggregate_id != anchor.aggregate_id]
    for later, state in records.walk(anchor.key):
        if later.seq not in skip:
            yield later, index.situation(later.key, known={anchor.aggregate_id: state})
    # The record's own later retractions are not in its fold, yet read it (who may
    # retract can hang on the very record they correct).
    retractions = records.retractions_after(anchor.key)
    for later in sorted((*retractions, *others), key=lambda f: f.key):
        if later.seq not in skip:
            yield later, index.before(later)


@dataclass(frozen=True)
class Violation:
    event: int | None
    type: str
    effective_date: str
    rule: str | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "event": self.event,
            "type": self.type,
            "effective_date": self.effective_date,
            "rule": self.rule,
            "message": self.message,
        }


class ReplaySituation(Situation):
    """The whole log folded in history order: each fact sees exactly what precedes it."""

    def __init__(self, facts: list[Fact]):
        self.on = ""
        self.states: dict[str, Any] = {}
        self.kinds: dict[str, str] = {}
        self.raw: dict[str, list[Fact]] = defaultdict(list)
        self.retractions: dict[str, list[Fact]] = defaultdict(list)
        for fact in sorted(facts, key=lambda f: f.seq):
            self.raw[fact.aggregate_id].append(fact)
            self.kinds.setdefault(fact.aggregate_id, fact.kind)
            if fact.is_retraction:
                self.retractions[fact.aggregate_id].append(fact)

    def state(self, aggregate_id: str) -> Any:
        return self.states.get(aggregate_id)

    def states_of_kind(self, kind: str) -> list[Any]:
        return [s for aggregate_id, s in self.states.items() if self.kinds[aggregate_id] == kind]

    def facts_of(self, aggregate_id: str) -> list[Fact]:
        return list(self.raw.get(aggregate_id, ()))

    def retractions_since(self, aggregate_id: str, on: str) -> list[Fact]:
        return [f for f in self.retractions.get(aggregate_id, ()) if f.effective_date >= on]

    def advance(self, fact: Fact) -> None:
        self.states[fact.aggregate_id] = apply_fact(self.states.get(fact.aggregate_id), fact)


def audit_log(facts: list[Fact], kinds: Collection[str] | None = None) -> list[Violation]:
    """Every fact of a log (or those of `kinds`) checked at its place in the history,
    from the log alone; every fact is folded, since any may be what a check reads."""
    replay = ReplaySituation(facts)
    gone = {(f.aggregate_id, f.data["target_version"]) for f in facts if f.is_retraction}
    history = [f for f in facts if (f.aggregate_id, f.version) not in gone]
    violations = []
    for fact in sorted(history, key=lambda f: f.key):
        replay.on = fact.effective_date
        try:
            if kinds is None or fact.kind in kinds:
                check_fact(replay, fact)
        except LedgerError as e:
            violations.append(Violation(fact.id, fact.type, fact.effective_date, e.rule, e.message))
        if not fact.is_retraction:
            replay.advance(fact)
    return violations
