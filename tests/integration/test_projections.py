"""The projection engine: exactly once, incremental equals rebuilt, catch-up reads only news."""

import contextlib
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dcledger.bootstrap import LedgerService
from dcledger.ledger import policy
from dcledger.ledger.errors import LedgerError
from dcledger.ledger.invocation import Invocation
from dcledger.ledger.state import fold
from dcledger.ledger.state.model import plain
from dcledger.projections import snapshots
from dcledger.projections.private import redact
from dcledger.projections.schema import SCHEMA
from tests.harness import Harness, coalition_ledger


def folded_from_the_log(harness: Harness) -> dict[str, dict]:
    """The oracle: each aggregate folded straight from the event store, no engine involved
    (with email addresses redacted, as the shareable views keep none)."""
    by_aggregate: dict[str, list] = {}
    for fact in harness.service.log_facts():
        by_aggregate.setdefault(fact.aggregate_id, []).append(redact(fact))
    states = {aggregate_id: fold(facts) for aggregate_id, facts in by_aggregate.items()}
    # A record whose beginning was retracted has no state, and the views no snapshot.
    return {key: plain(state) for key, state in states.items() if state}


def projected(path) -> dict[str, dict]:
    """Each record's state as the views answer for today: its stored snapshot brought
    forward by the facts after it, or where it cannot be, its facts in the views folded."""
    with sqlite3.connect(path) as conn:
        return {
            key: plain(state or fold(snapshots.facts_between(conn, key, 0, None)))
            for key, state in snapshots.current(conn, "1 = 1")
        }


def dump(path) -> dict[str, list]:
    """Every read-model row, minus the engine's own bookkeeping; snapshots as the states
    they stand for (when each is stored again is the engine's choice)."""
    with sqlite3.connect(path) as conn:
        rows = {
            table: conn.execute(f"SELECT * FROM [{table}] ORDER BY 1, 2").fetchall()
            for table in SCHEMA
            if table not in ("tracking", "snapshots")
        }
    return rows | {"snapshots": sorted(projected(path).items())}


def test_catching_up_twice_processes_nothing_the_second_time(sqlite_ledger):
    sqlite_ledger.coalition()
    assert sqlite_ledger.service.catch_up() > 0
    assert sqlite_ledger.service.catch_up() == 0


def test_catching_up_after_one_event_reads_one_notification(sqlite_ledger):
    sqlite_ledger.coalition()
    sqlite_ledger.service.catch_up()
    recorder = sqlite_ledger.service.app.recorder
    reads = []
    original = recorder.select_notifications

    def counting(*args, **kwargs):
        found = original(*args, **kwargs)
        reads.append(len(found))
        return found

    recorder.select_notifications = counting
    sqlite_ledger.run("meeting record", "ana", slug="dc-example", title="call", on="2019-05-01")
    sqlite_ledger.service.catch_up()
    assert reads == [1]


def test_rebuild_gives_the_same_rows_as_catching_up(ledger):
    ledger.coalition()
    removal = ledger.run(
        "member remove", "ana", slug="dc-example", handle="cy", reason="x", on="2019-03-01"
    )
    ledger.service.catch_up()
    ledger.run("retract", "sec", event_id=removal.events[0][0], reason="wrong", on="2019-03-02")
    ledger.service.catch_up()
    incremental = dump(ledger.views)
    ledger.service.rebuild()
    assert dump(ledger.views) == incremental
    assert ("dc-example", "cy") in [(r[0], r[1]) for r in incremental["members"]]


def test_a_retracted_beginning_takes_its_rows_away_and_a_new_one_brings_them_back(ledger):
    """A DCCG meeting retracted (attendance first) leaves no row, in one process and after
    a restart; recorded again, its rows return; rebuilding gives the same rows."""
    ledger.coalition()
    ledger.run("dccg meeting", "dee", on="2019-03-05")
    attended = ledger.run("dccg attend", "dee", slug="dc-example", by="ana", on="2019-03-05")
    held = ledger.service.log_facts()[-2].id
    ledger.service.catch_up()
    for event_id in (attended.events[0][0], held):
        ledger.run("retract", "dee", event_id=event_id, reason="mistake", on="2019-03-06")
    ledger.service.catch_up()
    gone = dump(ledger.views)
    assert (gone["dccg_meetings"], gone["dccg_attendance"]) == ([], [])
    assert projected(ledger.views) == folded_from_the_log(ledger)
    assert ledger.registry().meetings == []
    assert ledger.registry(as_of="2019-06-30").meetings == []
    ledger.reopen()  # a new process: nothing remembered, the snapshot gone too
    ledger.run("dccg meeting", "dee", on="2019-03-05")
    ledger.service.catch_up()
    back = dump(ledger.views)
    assert [r[0] for r in back["dccg_meetings"]] == ["2019-03-05"]
    assert projected(ledger.views) == folded_from_the_log(ledger)
    assert [m.date.isoformat() for m in ledger.registry(as_of="2019-06-30").meetings] == [
        "2019-03-05"
    ]
    ledger.service.rebuild()
    assert dump(ledger.views) == back


def test_two_view_files_catch_up_independently_to_the_same_rows(sqlite_ledger, tmp_path):
    sqlite_ledger.coalition()
    sqlite_ledger.service.catch_up()
    second = LedgerService(sqlite_ledger.location, views_path=tmp_path / "other.db")
    second.catch_up()
    assert dump(tmp_path / "other.db") == dump(sqlite_ledger.views)
    second.close()


# Random valid command sequences: each step is tried; refusals are part of the game.
HANDLES = ["ana", "bo", "cy", "eve", "fay"]
STEP = st.one_of(
    st.tuples(st.just("join"), st.sampled_from(HANDLES), st.booleans()),
    st.tuples(st.just("leave"), st.sampled_from(HANDLES), st.none()),
    st.tuples(st.just("role"), st.sampled_from(HANDLES), st.booleans()),
    st.tuples(st.just("confirm"), st.sampled_from(HANDLES), st.none()),
    st.tuples(st.just("subscribe"), st.sampled_from(HANDLES), st.none()),
    st.tuples(st.just("meeting"), st.none(), st.none()),
    # A DCCG meeting on one of two dates: retracted (by the DCCG) and held again.
    st.tuples(st.just("dccg"), st.sampled_from(["2020-01-02", "2020-01-03"]), st.none()),
    st.tuples(st.just("undo dccg"), st.none(), st.none()),
    st.tuples(st.just("report"), st.integers(2019, 2021), st.none()),
    st.tuples(st.just("retract"), st.integers(1, 40), st.none()),
    st.tuples(st.just("catch-up"), st.none(), st.none()),
    st.tuples(st.just("new process"), st.none(), st.none()),
)


def apply_step(harness: Harness, step, day: int) -> None:
    kind, subject, flag = step
    on = f"2020-{1 + day // 28:02d}-{1 + day % 28:02d}"
    commands = {
        "join": (
            "member join",
            subject,
            {"slug": "dc-example", "group": "academia", "observer": flag},
        ),
        "leave": ("member leave", subject, {"slug": "dc-example"}),
        "role": (
            "member set-role",
            "sec",
            {"slug": "dc-example", "handle": subject, "role": "full" if flag else "observer"},
        ),
        "confirm": ("member confirm-contact", subject, {"slug": "dc-example"}),
        "subscribe": ("member subscribe", subject, {"slug": "dc-example"}),
        "meeting": ("meeting record", "ana", {"slug": "dc-example", "title": f"m{day}"}),
        "dccg": ("dccg meeting", "dee", {}),
        "report": ("report file", "ana", {"slug": "dc-example", "year": subject}),
        "retract": ("retract", "sec", {"event_id": subject, "reason": "test"}),
    }
    if kind == "catch-up":
        harness.service.catch_up()
        return
    if kind == "new process":  # remembers nothing: stored snapshots are read and brought forward
        harness.reopen()
        return
    if kind == "undo dccg":  # the DCCG retracts the latest event of its meetings
        held = [f.id for f in harness.service.log_facts() if f.kind == "dccg"]
        with contextlib.suppress(LedgerError):
            if held:
                harness.run("retract", "dee", event_id=held[-1], reason="test", on=on)
        return
    command, actor, args = commands[kind]
    if kind == "dccg":
        on = subject
    with contextlib.suppress(LedgerError):  # refusals are part of a random sequence
        harness.run(command, actor, on=on, **args)


def views_match_the_fold_and_a_rebuild(tmp, steps) -> None:
    with coalition_ledger(tmp, "2019-06-01") as harness:
        for extra in ("eve", "fay"):
            harness.run(
                "person register",
                "sec",
                handle=extra,
                name=extra.title(),
                email=f"{extra}@example.org",
                on="2019-06-02",
            )
        for day, step in enumerate(steps):
            apply_step(harness, step, day)
        harness.service.catch_up()
        assert projected(tmp / "views.db") == folded_from_the_log(harness)
        incremental = dump(tmp / "views.db")
        harness.service.rebuild()
        assert dump(tmp / "views.db") == incremental


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(STEP, min_size=1, max_size=25))
def test_incremental_and_rebuilt_views_are_identical(tmp_path_factory, steps):
    views_match_the_fold_and_a_rebuild(tmp_path_factory.mktemp("prop"), steps)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(STEP, min_size=1, max_size=25))
def test_views_kept_with_little_memory_are_the_same(tmp_path_factory, monkeypatch, steps):
    """Batches of three events, one folded state and two rows kept between batches: every
    other state is stored, dropped and read back from its snapshot, as in a long rebuild."""
    monkeypatch.setattr(policy, "PROJECTION_BATCH_SIZE", 3)
    monkeypatch.setattr(policy, "STATES_KEPT", 1)
    monkeypatch.setattr(policy, "ROWS_REMEMBERED", 2)
    views_match_the_fold_and_a_rebuild(tmp_path_factory.mktemp("lean"), steps)


def test_stored_states_answer_for_today_as_a_fold_of_the_log_would(ledger):
    ledger.coalition()
    removal = ledger.run(
        "member remove", "ana", slug="dc-example", handle="cy", reason="x", on="2019-03-01"
    )
    ledger.run("retract", "sec", event_id=removal.events[0][0], reason="wrong", on="2019-03-02")
    ledger.run("meeting record", "ana", slug="dc-example", title="call", on="2019-04-01")
    stored = ledger.registry()  # the service's shortcut: snapshots, no fold
    folded = ledger.service.views.registry(as_of="9999-12-31")  # the whole log, folded
    assert plain(stored.coalitions["dc-example"]) == (plain(folded.coalitions["dc-example"]))
    assert stored.persons.keys() == folded.persons.keys()


def test_after_a_stale_snapshot_backdated_facts_still_fold_in_date_order(sqlite_ledger):
    """A snapshot left stale (a crash before it was written again) is brought forward,
    then folded again from the events when a backdated fact arrives; the latest date it
    then knows is that of all its facts, not of the fact that made it fold, so a fact
    dated between them is not appended out of order."""
    ledger = sqlite_ledger
    ledger.coalition(recognized="2019-02-01")
    ledger.service.catch_up()
    conn = ledger.service.views.conn
    stale = conn.execute("SELECT * FROM snapshots").fetchall()
    ledger.run("meeting record", "ana", slug="dc-example", title="late", on="2021-03-01")
    ledger.service.catch_up()
    marks = ", ".join("?" * len(stale[0]))
    conn.executemany(f"INSERT OR REPLACE INTO snapshots VALUES ({marks})", stale)
    ledger.reopen()  # a new process: nothing remembered
    ledger.service.record(
        [
            Invocation("meeting record", "ana", {"slug": "dc-example", "title": t}, on=on)
            for t, on in (("early", "2019-05-01"), ("middle", "2020-06-01"))
        ]
    )
    ledger.service.catch_up()
    assert projected(ledger.views) == folded_from_the_log(ledger)


def backdated(ledger: Harness) -> None:
    ledger.run("meeting record", "ana", slug="dc-example", title="late", on="2021-03-01")
    ledger.run("meeting record", "ana", slug="dc-example", title="early", on="2019-05-01")


def retracted(ledger: Harness) -> None:
    removal = ledger.run(
        "member remove", "ana", slug="dc-example", handle="cy", reason="x", on="2021-04-01"
    )
    ledger.run("retract", "sec", event_id=removal.events[0][0], reason="wrong", on="2021-04-02")


@pytest.mark.parametrize("past_changing", [backdated, retracted])
def test_a_stale_snapshot_is_not_brought_forward_past_the_past_changing(
    sqlite_ledger, past_changing
):
    """A snapshot stored before a backdated fact or a retraction (a crash came before it
    was stored again) cannot be brought forward: the record is folded from its events."""
    ledger = sqlite_ledger
    ledger.coalition(recognized="2019-02-01")
    ledger.service.catch_up()
    conn = ledger.service.views.conn
    stale = conn.execute("SELECT * FROM snapshots").fetchall()
    past_changing(ledger)
    ledger.service.catch_up()
    marks = ", ".join("?" * len(stale[0]))
    conn.executemany(f"INSERT OR REPLACE INTO snapshots VALUES ({marks})", stale)
    ledger.reopen()
    assert projected(ledger.views) == folded_from_the_log(ledger)
    ledger.run("meeting record", "ana", slug="dc-example", title="next", on="2021-05-01")
    ledger.service.catch_up()
    assert projected(ledger.views) == folded_from_the_log(ledger)


def test_a_coalition_is_stored_again_every_snapshot_every_facts_and_others_at_once(
    sqlite_ledger,
):
    ledger = sqlite_ledger
    ledger.coalition(recognized="2019-02-01")
    ledger.service.catch_up()
    conn = ledger.service.views.conn

    def stored_at(kind: str, subject: str) -> int:
        query = "SELECT position FROM snapshots WHERE kind = ? AND subject = ?"
        return conn.execute(query, [kind, subject]).fetchone()[0]

    def meetings(count: int) -> None:
        ledger.service.record(
            Invocation("meeting record", "ana", {"slug": "dc-example", "title": f"m{i}"})
            for i in range(count)
        )
        ledger.service.catch_up()

    before = stored_at("coalition", "dc-example")
    for _ in range(policy.SNAPSHOT_EVERY):  # until its state is next stored
        meetings(1)
        if stored_at("coalition", "dc-example") != before:
            break
    stored = stored_at("coalition", "dc-example")
    assert stored == ledger.service.views.position()
    meetings(policy.SNAPSHOT_EVERY - 1)
    assert stored_at("coalition", "dc-example") == stored
    ledger.run("person register", "sec", handle="eve", name="Eve", email="e@x.org")
    ledger.run("person grant", "sec", handle="eve", office="dccg")
    ledger.service.catch_up()
    assert stored_at("person", "eve") == ledger.service.views.position()
    meetings(1)
    assert stored_at("coalition", "dc-example") == ledger.service.views.position()
    assert projected(ledger.views) == folded_from_the_log(ledger)
