"""Questions about past dates start from year-end states (projections/dated.py): their
answers must equal a fold of the log for every date, whatever order the facts arrived in
(backdated ones, retractions) and whatever was asked before."""

from __future__ import annotations

import contextlib
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dcledger.ledger.errors import LedgerError
from dcledger.ledger.registry import Registry
from dcledger.ledger.state.model import plain
from dcledger.projections import queries
from tests.harness import Harness, coalition_ledger

HANDLES = ["ana", "bo", "cy", "eve"]
START = date(2019, 3, 1)
DAYS = st.integers(0, 6 * 365)  # 2019 to 2025
EVERYTHING = "9999-12-31T00:00:00+00:00"  # as known at: the fold of every fact


def on(days: int) -> str:
    return (START + timedelta(days=days)).isoformat()


STEP = st.one_of(
    st.tuples(st.just("join"), st.sampled_from(HANDLES), DAYS),
    st.tuples(st.just("leave"), st.sampled_from(HANDLES), DAYS),
    st.tuples(st.just("confirm"), st.sampled_from(HANDLES), DAYS),
    st.tuples(st.just("subscribe"), st.sampled_from(HANDLES), DAYS),
    st.tuples(st.just("meeting"), st.none(), DAYS),
    st.tuples(st.just("report"), st.integers(2019, 2024), DAYS),
    st.tuples(st.just("dccg"), st.none(), DAYS),
    st.tuples(st.just("retract"), st.integers(1, 60), DAYS),
    st.tuples(st.just("ask"), st.none(), DAYS),
    st.tuples(st.just("catch-up"), st.none(), DAYS),
)


def apply_step(harness: Harness, step: tuple[str, Any, int]) -> None:
    kind, subject, days = step
    slug = {"slug": "dc-example"}
    commands = {
        "join": ("member join", subject, {**slug, "group": "academia"}),
        "leave": ("member leave", subject, slug),
        "confirm": ("member confirm-contact", subject, slug),
        "subscribe": ("member subscribe", subject, slug),
        "meeting": ("meeting record", "ana", {**slug, "title": f"m{days}"}),
        "report": ("report file", "ana", {**slug, "year": subject}),
        "dccg": ("dccg meeting", "dee", {}),
        "retract": ("retract", "sec", {"event_id": subject, "reason": "test"}),
    }
    if kind == "catch-up":
        harness.service.catch_up()
    elif kind == "ask":  # a question may keep year-end states for the next one
        harness.service.registry(as_of=on(days))
    else:
        command, actor, args = commands[kind]
        with contextlib.suppress(LedgerError):  # refusals are part of a random sequence
            harness.run(command, actor, on=on(days), **args)


def everything(registry: Registry) -> dict[str, Any]:
    """Every state of a registry, comparable."""
    return {
        "coalitions": {k: plain(v) for k, v in registry.coalitions.items()},
        "persons": {k: plain(v) for k, v in registry.persons.items()},
        "meetings": [plain(m) for m in registry.meetings],
        "reviews": {k: plain(v) for k, v in registry.reviews.items()},
        "amendments": {k: plain(v) for k, v in registry.amendments.items()},
        "charter": plain(registry.charter) if registry.charter else None,
        "ledger": plain(registry.ledger) if registry.ledger else None,
    }


def kept_years(harness: Harness) -> int:
    return harness.service.views.conn.execute("SELECT COUNT(*) FROM dated_snapshots").fetchone()[0]


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(STEP, min_size=1, max_size=30))
def test_every_past_date_answers_as_a_fold_of_the_log(tmp_path_factory, steps):
    with coalition_ledger(tmp_path_factory.mktemp("dated"), "2019-02-01") as harness:
        harness.run("person register", "sec", handle="eve", name="Eve", email="e@x.org", on=on(0))
        for step in steps:
            apply_step(harness, step)
        views = harness.service.views
        harness.service.catch_up()
        for year in range(2019, 2027):
            for month_day in ("-01-01", "-06-30", "-12-31"):
                day = f"{year}{month_day}"
                asked = views.registry(as_of=day)
                folded = views.registry(as_of=day, known_at=EVERYTHING)
                assert everything(asked) == everything(folded), day
                if day > "2019-01-15":  # proposed then: its members, named from few persons
                    when = date.fromisoformat(day)
                    alone = views.registry(as_of=day, slug="dc-example")  # as members asks
                    listed = queries.members(alone, "dc-example", when)
                    assert listed == queries.members(folded, "dc-example", when), day
                    page = queries.coalition_page(alone, "dc-example", when)
                    assert page == queries.coalition_page(folded, "dc-example", when), day


def test_a_year_end_state_is_kept_when_a_record_crosses_into_a_new_year(sqlite_ledger):
    sqlite_ledger.coalition(recognized="2019-02-01")
    sqlite_ledger.service.catch_up()
    assert kept_years(sqlite_ledger) == 0
    sqlite_ledger.run("meeting record", "ana", slug="dc-example", title="m", on="2020-03-01")
    sqlite_ledger.service.catch_up()
    conn = sqlite_ledger.service.views.conn
    kept = conn.execute("SELECT kind, year FROM dated_snapshots ORDER BY kind").fetchall()
    assert ("coalition", 2019) in kept


def test_a_question_keeps_a_year_end_and_a_backdated_fact_forgets_it(sqlite_ledger):
    sqlite_ledger.coalition(recognized="2019-02-01")
    sqlite_ledger.run("meeting record", "ana", slug="dc-example", title="m", on="2021-03-01")
    sqlite_ledger.run("meeting record", "ana", slug="dc-example", title="b", on="2020-05-01")
    sqlite_ledger.service.catch_up()
    conn = sqlite_ledger.service.views.conn
    years = "SELECT year FROM dated_snapshots WHERE kind = 'coalition' ORDER BY year"
    assert [y for (y,) in conn.execute(years)] == [2019]  # kept on crossing into 2021
    sqlite_ledger.service.registry(as_of="2021-06-01")  # folds 2020 and keeps its end
    assert [y for (y,) in conn.execute(years)] == [2019, 2020]
    sqlite_ledger.run("meeting record", "ana", slug="dc-example", title="c", on="2020-07-01")
    sqlite_ledger.service.catch_up()
    assert [y for (y,) in conn.execute(years)] == [2019]
    asked = everything(sqlite_ledger.service.registry(as_of="2021-06-01"))
    assert asked == everything(sqlite_ledger.service.registry("2021-06-01", EVERYTHING))


def test_a_retraction_dated_later_than_its_target_forgets_the_years_between(sqlite_ledger):
    sqlite_ledger.coalition(recognized="2019-02-01")
    meeting = sqlite_ledger.run(
        "meeting record", "ana", slug="dc-example", title="m", on="2020-05-01"
    )
    sqlite_ledger.run("meeting record", "ana", slug="dc-example", title="n", on="2022-03-01")
    sqlite_ledger.service.catch_up()  # keeps the end of 2020, with the first meeting in it
    sqlite_ledger.run(
        "retract", "sec", event_id=meeting.events[0][0], reason="never held", on="2022-04-01"
    )
    asked = everything(sqlite_ledger.service.registry(as_of="2021-06-01"))
    assert asked == everything(sqlite_ledger.service.registry("2021-06-01", EVERYTHING))
    assert asked["coalitions"]["dc-example"]["activities"] == []


def test_a_kept_year_end_state_holds_nothing_of_the_year_after(sqlite_ledger):
    """Asked about 2020-01-01, the fold passes the end of 2019 and keeps that state; the
    fold goes on in place, so the kept state must be a copy, or the meeting of 2020 is in
    it and every later question counts it twice (found by the property test above)."""
    ledger = sqlite_ledger
    ledger.coalition(recognized="2019-02-01")
    ledger.run("meeting record", "ana", slug="dc-example", title="new year", on="2020-01-01")
    ledger.run("meeting record", "ana", slug="dc-example", title="backdated", on="2019-03-01")
    ledger.service.registry(as_of="2020-01-01")  # folds through 2019 and keeps its end
    asked = ledger.service.registry(as_of="2020-06-30")
    titles = [a.title for a in asked.coalitions["dc-example"].activities]
    assert titles == ["backdated", "new year"]
