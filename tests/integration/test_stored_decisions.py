"""Deciding from the state the read model keeps (`StoredRecord`): a command recorded in
order reads the record's stored state instead of folding its history, and must decide
exactly as the fold would, later retractions included."""

from __future__ import annotations

from dcledger.ledger.ids import coalition_id
from dcledger.projections.reading import ViewReading


def test_a_fact_in_order_still_rechecks_a_later_retraction(ledger):
    """ana retracts her meeting as co-coordinator on 2021-06-01. Dismissing her on
    2021-03-01 comes after the coalition's latest live fact (the meeting is retracted),
    so it is decided from the stored state; it must still find that the retraction,
    dated later, would lose its right."""
    ledger.coalition()
    ledger.run("coordinator appoint", "sec", slug="dc-example", handle="bo", on="2019-03-01")
    meeting = ledger.run("meeting record", "ana", slug="dc-example", title="m", on="2021-01-01")
    ledger.run("retract", "ana", event_id=meeting.events[0][0], reason="twice", on="2021-06-01")
    error = ledger.refused(
        "coordinator dismiss", "sec", slug="dc-example", handle="ana", on="2021-03-01"
    )
    assert "would make" in error.message and "retracted" in error.message


def test_recording_in_order_reads_no_history(ledger, monkeypatch):
    ledger.coalition()
    ledger.service.catch_up()
    read: list[str] = []
    original = ViewReading.aggregate_facts

    def reading(self, aggregate_id, *args):
        read.append(aggregate_id)
        return original(self, aggregate_id, *args)

    monkeypatch.setattr(ViewReading, "aggregate_facts", reading)
    ledger.run("meeting record", "ana", slug="dc-example", title="m", on="2021-01-01")
    assert coalition_id("dc-example") not in read
    ledger.run("meeting record", "ana", slug="dc-example", title="early", on="2020-01-01")
    assert coalition_id("dc-example") in read  # backdated: its history is read and folded
