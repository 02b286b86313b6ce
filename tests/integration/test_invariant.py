"""The invariant, as a stateful property test: whatever sequence of commands users send
(backdated ones, retractions, rebases, recast ballots, imports), every accepted command
leaves a log the audit passes, and every refused command writes nothing.

Hypothesis drives random sequences over several coalitions, people and amendments, on a
real SQLite ledger (and fewer on PostgreSQL). The number of sequences is the
`DCLEDGER_INVARIANT_SEQUENCES` setting; without it, 75 in the everyday run and 300 under
the Hypothesis profile "thorough" (`HYPOTHESIS_PROFILE=thorough`, see tests/conftest.py).
"""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from dcledger.ledger.application import Invocation
from dcledger.ledger.audit import audit, audit_ledger
from dcledger.ledger.errors import LedgerError
from tests.harness import Harness, statement

THOROUGH = settings.get_current_profile_name() == "thorough"
SEQUENCES = int(os.environ.get("DCLEDGER_INVARIANT_SEQUENCES", "300" if THOROUGH else "75"))
PEOPLE = ("sec", "dee", "ana", "bo", "cy", "eve", "fay")
SLUGS = ("dc-one", "dc-two")
START = date(2019, 1, 1)
DATES = [(START + timedelta(days=45 * i)).isoformat() for i in range(36)]  # 2019 to 2023
SECTIONS = [
    {"id": "principles", "title": "Principles", "text": "Open to all.\n"},
    {"id": "review", "title": "Review", "text": "Reviewed yearly.\n"},
]

people = st.sampled_from(PEOPLE)
# Actors that plausibly hold the right to act, mixed with anyone: most commands should be
# accepted, and the people granted an office during a sequence (eve, fay) act with it.
members = st.sampled_from(("ana", "bo", "cy", "eve", "fay", "sec"))
secretariat = st.sampled_from(("sec", "sec", "fay", "eve", "ana"))
dccg = st.sampled_from(("dee", "dee", "fay", "eve", "sec"))
coordinators = st.sampled_from(("ana", "ana", "bo", "sec", "eve"))
slugs = st.sampled_from(SLUGS)
dates = st.sampled_from(DATES)
years = st.integers(2019, 2022)
numbers = st.integers(1, 3)


def command_for(draw_name: str, actor: str, on: str, **args: Any) -> Invocation:
    return Invocation(draw_name, actor, args, on=on)


COMMANDS = st.one_of(
    st.builds(
        lambda a, h, office, on: command_for("person grant", a, on, handle=h, office=office),
        secretariat,
        st.sampled_from(("eve", "fay", "bo")),
        st.sampled_from(["dccg", "secretariat"]),
        dates,
    ),
    st.builds(
        lambda a, s, on, obs: command_for(
            "member join", a, on, slug=s, group="academia", observer=obs
        ),
        members,
        slugs,
        dates,
        st.booleans(),
    ),
    st.builds(lambda a, s, on: command_for("member leave", a, on, slug=s), members, slugs, dates),
    st.builds(
        lambda a, s, h, on: command_for("coordinator appoint", a, on, slug=s, handle=h),
        coordinators,
        slugs,
        members,
        dates,
    ),
    st.builds(
        lambda a, s, h, on: command_for("coordinator dismiss", a, on, slug=s, handle=h),
        coordinators,
        slugs,
        members,
        dates,
    ),
    st.builds(
        lambda a, s, y, on: command_for("report file", a, on, slug=s, year=y),
        coordinators,
        slugs,
        years,
        dates,
    ),
    st.builds(
        lambda a, s, y, on, until: command_for(
            "report request-extension", a, on, slug=s, year=y, until=until, reason="late"
        ),
        coordinators,
        slugs,
        years,
        dates,
        dates,
    ),
    st.builds(
        lambda a, s, y, on: command_for("report grant-extension", a, on, slug=s, year=y),
        secretariat,
        slugs,
        years,
        dates,
    ),
    st.builds(
        lambda a, s, on: command_for("coalition reactivate", a, on, slug=s, reason="back"),
        secretariat,
        slugs,
        dates,
    ),
    st.builds(lambda a, on: command_for("dccg meeting", a, on), dccg, dates),
    st.builds(
        lambda a, s, by, on: command_for("dccg attend", a, on, slug=s, by=by),
        dccg,
        slugs,
        coordinators,
        dates,
    ),
    st.builds(
        lambda a, on, sec: command_for(
            "amendment propose",
            a,
            on,
            sections={sec: f"New {sec} by {a}.\n"},
            rationale="better",
            message_id="<m@lists.example.org>",
        ),
        members,
        dates,
        st.sampled_from(["principles", "review"]),
    ),
    st.builds(
        lambda a, n, on: command_for("amendment consensus", a, on, amendment=n),
        dccg,
        numbers,
        dates,
    ),
    st.builds(
        lambda a, n, on, closes: command_for("vote open", a, on, amendment=n, closes=closes),
        dccg,
        numbers,
        dates,
        dates,
    ),
    st.builds(
        lambda a, n, on, c: command_for("vote cast", a, on, amendment=n, choice=c),
        members,
        numbers,
        dates,
        st.sampled_from(["yes", "yes", "no", "abstain"]),
    ),
    st.builds(lambda a, n, on: command_for("vote close", a, on, amendment=n), dccg, numbers, dates),
    st.builds(
        lambda a, n, on: command_for("amendment incorporate", a, on, amendment=n),
        dccg,
        numbers,
        dates,
    ),
    st.builds(
        lambda a, n, on: command_for("amendment rebase", a, on, amendment=n, text="Rebased.\n"),
        members,
        numbers,
        dates,
    ),
    st.builds(
        lambda a, n, on: command_for("amendment withdraw", a, on, amendment=n, reason="no"),
        members,
        numbers,
        dates,
    ),
)


MEMBERS = [
    {"handle": h, "name": h.title(), "email": f"{h}@example.org", "group": g}
    for h, g in (("ana", "civil-society"), ("bo", "government"), ("cy", "academia"))
]
WORLD = [  # recorded as one import after the harness's secretariat and DCCG person
    *(
        Invocation(
            "person register",
            "sec",
            {"handle": h, "name": h.title(), "email": f"{h}@example.org"},
            on="2019-01-01",
        )
        for h in ("eve", "fay")
    ),
    Invocation("charter adopt", "dee", {"sections": SECTIONS}, on="2019-01-05"),
    *(
        Invocation(
            "coalition propose",
            "sec",
            {"statement": statement(slug=slug, name=f"Dynamic Coalition {slug}", members=MEMBERS)},
            on="2019-01-10",
        )
        for slug in SLUGS
    ),
    *(Invocation("coalition recognize", "sec", {"slug": slug}, on="2019-01-20") for slug in SLUGS),
]


def scratch_folder() -> Path:
    # A memory-backed folder where there is one: the ledger is thrown away anyway.
    scratch = "/dev/shm" if Path("/dev/shm").is_dir() else None
    return Path(tempfile.mkdtemp(prefix="dcledger-invariant-", dir=scratch))


def started_world(location: str, folder: Path) -> Harness:
    """The harness's secretariat and DCCG person, then WORLD, recorded."""
    ledger = Harness(location, folder / "views.db")
    ledger.start()
    ledger.service.record(WORLD)
    return ledger


@functools.cache
def sqlite_world() -> bytes:
    """The started world as a SQLite file's bytes (recorded once per test process)."""
    folder = scratch_folder()
    try:
        started_world(str(folder / "ledger.db"), folder).close()
        return (folder / "ledger.db").read_bytes()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class LedgerMachine(RuleBasedStateMachine):
    location_factory: Any = None  # set per backend below

    @initialize()
    def start(self) -> None:
        self.folder = folder = scratch_folder()
        location = type(self).location_factory(folder)
        if location.startswith("postgresql://"):
            self.ledger = started_world(location, folder)
        else:  # the same world every time: recorded once, then copied byte for byte
            Path(location).write_bytes(sqlite_world())
            self.ledger = Harness(location, folder / "views.db")
            self.ledger.signer.runner = "sec"
        self.accepted = self.refused = 0

    def teardown(self) -> None:
        if hasattr(self, "ledger"):
            self.ledger.close()
        if hasattr(self, "folder"):  # in memory: hundreds of sequences would fill it
            shutil.rmtree(self.folder, ignore_errors=True)

    def attempt(self, invocations: list[Invocation]) -> None:
        before = self.ledger.service.head()
        try:
            self.ledger.service.record(invocations)
        except LedgerError:
            assert self.ledger.service.head() == before, "a refused command wrote events"
            self.refused += 1
        else:
            self.accepted += 1

    @rule(invocation=COMMANDS)
    def command(self, invocation: Invocation) -> None:
        self.attempt([invocation])

    @rule(batch=st.lists(COMMANDS, min_size=2, max_size=4))
    def import_lines(self, batch: list[Invocation]) -> None:
        """An import: all lines decided in one unit of work, saved together or not at all."""
        self.attempt(batch)

    @rule(
        proposer=members,
        chair=dccg,
        steps=st.lists(dates, min_size=6, max_size=6).map(sorted),
        voters=st.lists(st.tuples(members, st.sampled_from(["yes", "no", "abstain"])), max_size=4),
        section=st.sampled_from(["principles", "review"]),
    )
    def amendment_story(
        self, proposer: str, chair: str, steps: list[str], voters: list, section: str
    ) -> None:
        """An amendment taken through its procedure in order, each step its own command
        (any step may be refused, and the story goes on without it)."""
        propose = command_for(
            "amendment propose",
            proposer,
            steps[0],
            sections={section: f"{proposer} says.\n"},
            rationale="better",
            message_id="<m@lists.example.org>",
        )
        accepted = self.accepted
        self.attempt([propose])
        charter = self.ledger.registry().charter  # none once its adoption is retracted
        number = charter.amendments_numbered if self.accepted > accepted and charter else 1
        self.attempt([command_for("amendment consensus", chair, steps[1], amendment=number)])
        self.attempt([command_for("vote open", chair, steps[2], amendment=number, closes=steps[4])])
        for voter, choice in voters:
            self.attempt(
                [command_for("vote cast", voter, steps[3], amendment=number, choice=choice)]
            )
        self.attempt([command_for("vote close", chair, steps[4], amendment=number)])
        self.attempt([command_for("amendment incorporate", chair, steps[5], amendment=number)])

    @rule(
        person=st.sampled_from(("eve", "fay")),
        office=st.sampled_from(("dccg", "secretariat")),
        granted=dates,
        acts=st.lists(dates, min_size=1, max_size=3),
        then_retract=st.booleans(),
    )
    def office_story(
        self, person: str, office: str, granted: str, acts: list[str], then_retract: bool
    ) -> None:
        """An office granted on one date and used on others, before or after it; the grant
        perhaps retracted afterwards, under what was done with it."""
        self.attempt([command_for("person grant", "sec", granted, handle=person, office=office)])
        grant = self.ledger.events()
        for on in acts:
            if office == "dccg":
                self.attempt([command_for("dccg meeting", person, on)])
            else:
                self.attempt(
                    [command_for("report grant-extension", person, on, slug="dc-one", year=2019)]
                )
        if then_retract:
            event_id = max(f.id for f in self.ledger.service.log_facts()[:grant])
            self.attempt([Invocation("retract", "sec", {"event_id": event_id, "reason": "x"})])

    @rule(
        person=st.sampled_from(("eve", "fay", "cy")),
        slug=slugs,
        moves=st.lists(
            st.tuples(st.sampled_from(["member join", "member leave", "member subscribe"]), dates),
            min_size=1,
            max_size=4,
        ),
    )
    def membership_story(self, person: str, slug: str, moves: list[tuple[str, str]]) -> None:
        """Joins, leaves and subscriptions of one person, in any order of dates."""
        for name, on in moves:
            args: dict[str, Any] = {"slug": slug}
            if name == "member join":
                args["group"] = "academia"
            self.attempt([command_for(name, person, on, **args)])

    @rule(actor=people, back=st.integers(1, 12))
    def retract(self, actor: str, back: int) -> None:
        """Retract one of the latest events: where corrections usually land."""
        ids = sorted(f.id for f in self.ledger.service.log_facts())
        event_id = ids[-min(back, len(ids))]
        self.attempt([Invocation("retract", actor, {"event_id": event_id, "reason": "x"})])

    @invariant()
    def the_audit_passes(self) -> None:
        if not hasattr(self, "ledger"):
            return
        facts = self.ledger.service.log_facts()
        violations = audit_ledger(facts).violations
        assert violations == [], violations[0]
        failed = [c for c in audit(facts) if not c.ok]
        assert failed == [], failed[0]


def machine_for(location_factory: Any, sequences: int) -> type[RuleBasedStateMachine]:
    machine = type(
        "Machine", (LedgerMachine,), {"location_factory": staticmethod(location_factory)}
    )
    machine.TestCase.settings = settings(
        max_examples=sequences,
        stateful_step_count=10,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    return machine


def test_every_accepted_sequence_passes_the_audit_on_sqlite() -> None:
    machine_for(lambda folder: str(folder / "ledger.db"), SEQUENCES).TestCase().runTest()


@pytest.mark.postgres
def test_every_accepted_sequence_passes_the_audit_on_postgres(postgres_url: str) -> None:
    import psycopg

    server = postgres_url.split("?")[0]
    schemas: list[str] = []

    def fresh_schema(folder: Path) -> str:
        schema = f"inv_{folder.name.replace('-', '_')[-24:]}"
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        schemas.append(schema)
        return f"{server}?schema={schema}"

    try:
        machine_for(fresh_schema, max(SEQUENCES // 15, 5)).TestCase().runTest()
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            for schema in schemas:
                conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
