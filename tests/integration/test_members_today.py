"""`dcledger members` of today reads the members table: its rows must equal those
computed from a fold of the log, after every kind of event that changes a membership."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dcledger.ledger.errors import NotFound
from dcledger.ledger.event_store import today
from dcledger.ledger.registry import Registry
from dcledger.projections import queries

SLUG = "dc-example"


def computed(ledger) -> list[dict]:
    """The oracle: the members from a fold of every fact in the log."""
    return queries.members(Registry.from_facts(ledger.service.log_facts()), SLUG, today())


def join_as_observer(ledger, handle: str) -> None:
    ledger.run(
        "person register",
        "sec",
        handle=handle,
        name="Eve Example",
        email="e@x.org",
        on="2025-01-01",
    )
    ledger.run("member join", handle, slug=SLUG, group="academia", observer=True, on="2025-01-05")


def test_members_of_today_equal_the_fold_after_every_kind_of_membership_event(sqlite_ledger):
    ledger = sqlite_ledger
    recently = (today() - timedelta(days=30)).isoformat()
    steps = [
        lambda: ledger.coalition(SLUG, recognized="2019-02-01"),
        lambda: join_as_observer(ledger, "eve"),
        lambda: ledger.run("member subscribe", "eve", slug=SLUG, on="2025-01-06"),
        lambda: ledger.run("member confirm-contact", "bo", slug=SLUG, on=recently),
        lambda: ledger.run("member set-role", "ana", slug=SLUG, handle="eve", role="full"),
        lambda: ledger.run("coordinator appoint", "ana", slug=SLUG, handle="bo"),
        lambda: ledger.run("representative appoint", "ana", slug=SLUG, handle="cy"),
        lambda: ledger.run("member leave", "cy", slug=SLUG),
        lambda: ledger.run("member remove", "ana", slug=SLUG, handle="eve", reason="spam"),
    ]
    before = None
    for number, step in enumerate(steps, 1):
        step()
        shown = ledger.service.members(today(), None, SLUG)
        assert shown == computed(ledger), f"step {number}"
        assert shown != before, f"step {number} changed nothing"
        before = shown


def test_an_unknown_coalition_is_named(sqlite_ledger):
    with pytest.raises(NotFound, match="no coalition 'dc-nope'"):
        sqlite_ledger.service.members(today(), None, "dc-nope")
