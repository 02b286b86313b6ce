"""The unit of work: a conflict is contention only if the log moved."""

from __future__ import annotations

import pytest

from dcledger.ledger.aggregates import DccgMeeting, Envelope
from dcledger.ledger.application import Invocation, SelfConflict, run_invocations
from dcledger.ledger.rules.situation import MemorySource
from tests.memory import MemoryLedger


def test_a_conflict_with_nothing_new_in_the_log_is_named_at_once_not_retried():
    """A decision that collides with a stored record however often it is made again (a
    rule the decision missed) must not be retried until the ledger is called busy."""
    ledger = MemoryLedger().start()
    ledger.run("dccg meeting", "dee", on="2019-03-01")
    before = len(ledger.facts())
    attempts = []

    def hold_again(uow, invocation):  # skips the command's own check on purpose
        attempts.append(invocation)
        uow.add(DccgMeeting.hold(Envelope("2019-03-01", "dee", "dccg")))
        return {}

    invocation = Invocation("dccg meeting", "dee", {}, on="2019-03-01")
    with pytest.raises(SelfConflict, match="collides with a stored record"):
        run_invocations(ledger.app, [invocation], hold_again, lambda: MemorySource(ledger.facts()))
    assert len(attempts) == 2  # decided once more on fresh state, then named
    assert len(ledger.facts()) == before
