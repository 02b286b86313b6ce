"""`dcledger status` of today reads the documents the views keep: they must equal the
documents computed from a fold of the log, after every kind of event that can change
them, and never come from another day or from views that moved on."""

from __future__ import annotations

from datetime import timedelta

from dcledger.ledger.event_store import today
from dcledger.ledger.registry import Registry
from dcledger.projections import queries, status_cache


def computed(ledger) -> list[dict]:
    """The oracle: status from a fold of every fact in the log."""
    return queries.status(Registry.from_facts(ledger.service.log_facts()), today())


def shown(ledger) -> list[dict]:
    first = ledger.service.status(today())  # computes what is missing and keeps it
    again = ledger.service.status(today())  # reads what was kept
    assert again == first
    return again


def latest(ledger, type_: str) -> int:
    return max(f.id for f in ledger.service.log_facts() if f.type == type_)


def kept_slugs(ledger) -> list[str]:
    conn = ledger.service.views.conn
    return sorted(row[0] for row in conn.execute("SELECT slug FROM status_cache"))


def test_kept_documents_equal_the_fold_after_every_kind_of_event(sqlite_ledger):
    ledger = sqlite_ledger
    # Dates around today's: which flags an event changes depends on the day.
    recently = (today() - timedelta(days=30)).isoformat()
    last_year = f"{today().year - 1}-05-01"
    steps = [
        lambda: ledger.coalition("dc-one", recognized="2019-02-01"),
        lambda: ledger.coalition("dc-two", recognized="2019-03-01", name="Dynamic Coalition Two"),
        lambda: ledger.run("member join", "dee", slug="dc-one", group="academia", on="2025-01-05"),
        lambda: ledger.run("member subscribe", "ana", slug="dc-two", on="2025-01-06"),
        lambda: ledger.run("member confirm-contact", "bo", slug="dc-one", on=recently),
        lambda: ledger.run(
            "report file", "ana", slug="dc-one", year=2024, url="https://r/24", on="2025-03-01"
        ),
        lambda: ledger.run(
            "report request-extension",
            "ana",
            slug="dc-two",
            year=2025,
            until="2026-06-30",
            reason="late",
            on="2026-03-01",
        ),
        # A DCCG meeting of last year that nobody attended flags every coalition.
        lambda: ledger.run("dccg meeting", "dee", on=last_year),
        lambda: ledger.run("dccg attend", "dee", slug="dc-two", by="ana", on=last_year),
        lambda: ledger.run(
            "retract",
            "sec",
            event_id=latest(ledger, "coalition.report_filed"),
            reason="filed for the wrong year",
        ),
        lambda: ledger.run(
            "person register", "sec", handle="eve", name="Eve", email="e@x.org", on="2025-06-01"
        ),
    ]
    before = shown(ledger)
    for number, step in enumerate(steps, 1):
        step()
        after = shown(ledger)
        assert after == computed(ledger)
        assert kept_slugs(ledger) == sorted(row["slug"] for row in after)
        # Each step but the last (a person's registration) changes a document.
        assert (after != before) == (number < len(steps)), f"step {number}"
        before = after


def test_an_event_forgets_only_what_it_may_change(sqlite_ledger):
    ledger = sqlite_ledger
    ledger.coalition("dc-one")
    ledger.coalition("dc-two", name="Dynamic Coalition Two")
    shown(ledger)
    ledger.run("member join", "dee", slug="dc-one", group="academia", on="2025-01-05")
    ledger.service.catch_up()
    assert kept_slugs(ledger) == ["dc-two"]
    shown(ledger)
    ledger.run("dccg meeting", "dee", on="2025-05-01")
    ledger.service.catch_up()
    assert kept_slugs(ledger) == []


def test_documents_of_another_day_are_not_read(sqlite_ledger):
    ledger = sqlite_ledger
    ledger.coalition("dc-one")
    views = ledger.service.views
    ledger.service.catch_up()
    yesterday = today() - timedelta(days=1)
    status_cache.keep(views, views.position(), yesterday, {"dc-one": {"slug": "stale"}})
    assert shown(ledger) == computed(ledger)


def test_documents_computed_before_the_views_moved_on_are_not_kept(sqlite_ledger):
    ledger = sqlite_ledger
    ledger.coalition("dc-one")
    views = ledger.service.views
    ledger.service.catch_up()
    status_cache.keep(views, views.position() - 1, today(), {"dc-one": {"slug": "old"}})
    assert kept_slugs(ledger) == []
    assert shown(ledger) == computed(ledger)
