"""Folding facts into state: one record (aggregate) at a time.

Handlers never refuse: deciding is the rule layer's job, before an event is saved. A fold
must accept whatever the log holds, including facts made odd by backfilling, so a handler
that finds nothing to act on does nothing. Handlers are keyed by the event's type (its
topic without the version); a test checks that every handler names a real event and
every event has a handler.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from dcledger.ledger.facts import BEGINS_AGAIN, Fact, live_facts

Handler = Callable[[Any, Fact], Any]
HANDLERS: dict[str, Handler] = {}


def handles(*types: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        for t in types:
            HANDLERS[t] = fn
        return fn

    return register


def apply_fact(state: Any, fact: Fact) -> Any:
    handler = HANDLERS.get(fact.type)
    if handler is None:  # an event type this version does not fold (e.g. retractions)
        return state
    if state is None and fact.version != 1 and fact.type not in BEGINS_AGAIN:
        return state  # its record's start is retracted, or dated later
    result = handler(state, fact)
    return state if result is None else result


def fold(facts: Iterable[Fact]) -> Any:
    """The state of one aggregate from all of its facts (retractions honoured)."""
    return fold_live(live_facts(list(facts)))


def fold_live(facts: Iterable[Fact]) -> Any:
    """The state of one aggregate from facts already live and in history order."""
    state = None
    for fact in facts:
        state = apply_fact(state, fact)
    return state
