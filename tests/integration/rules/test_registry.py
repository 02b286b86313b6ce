"""The coalition lifecycle and membership, recorded through the service."""

from datetime import date

import pytest

from dcledger.ledger.errors import (
    AlreadyExists,
    InvalidInput,
    NotFound,
    NotPermitted,
    RuleViolation,
    StatementInvalid,
)
from tests.harness import statement


def test_recognition_makes_founders_full_members_and_contacts_coordinators(ledger):
    ledger.coalition()
    coalition = ledger.registry().coalitions["dc-example"]
    assert coalition.lifecycle == "recognized"
    assert {h: (m.role, m.coordinator) for h, m in coalition.members.items()} == {
        "ana": ("full", True),
        "bo": ("full", False),
        "cy": ("full", False),
    }
    assert set(ledger.registry().persons) >= {"ana", "bo", "cy"}


def test_every_event_carries_actor_role_date_and_evidence(ledger):
    ledger.run(
        "coalition propose",
        "sec",
        statement=statement(),
        on="2019-01-15",
        evidence="<proposal@lists.example.org>",
    )
    facts = ledger.service.log_facts()
    proposal = facts[-1]
    assert (
        proposal.type,
        proposal.actor,
        proposal.role,
        proposal.effective_date,
        proposal.evidence,
    ) == ("coalition.proposed", "sec", "secretariat", "2019-01-15", "<proposal@lists.example.org>")


def test_a_declined_proposal_may_be_proposed_again(ledger):
    ledger.run("coalition propose", "sec", statement=statement(), on="2019-01-15")
    ledger.run("coalition decline", "sec", slug="dc-example", reason="thin plan", on="2019-02-01")
    assert ledger.registry().coalitions["dc-example"].lifecycle == "declined"
    same = ledger.refused("coalition propose", "sec", statement=statement(), on="2019-02-15")
    assert (same.rule, same.message) == (
        "revised-statement",
        "the statement is the one declined for dc-example: a declined proposal is proposed "
        "again with a revised statement",
    )
    ledger.run(
        "coalition propose", "sec", statement=statement(action_plan="A real plan"), on="2019-03-01"
    )
    ledger.run("coalition recognize", "sec", slug="dc-example", on="2019-04-01")
    coalition = ledger.registry().coalitions["dc-example"]
    assert (coalition.lifecycle, coalition.statement["action_plan"]) == (
        "recognized",
        "A real plan",
    )


def test_slugs_are_unique(ledger):
    ledger.coalition()
    error = ledger.refused("coalition propose", "sec", statement=statement(), on="2019-05-01")
    assert isinstance(error, AlreadyExists)


def test_an_incomplete_statement_is_refused_naming_every_part(ledger):
    error = ledger.refused("coalition propose", "sec", statement={"name": "DC on Nothing"})
    assert isinstance(error, StatementInvalid)
    assert error.problems == ["missing need, action_plan, mailing_list, contacts, members"]


def test_open_membership_and_self_service(ledger):
    ledger.coalition()
    ledger.run(
        "person register", "sec", handle="eve", name="Eve", email="eve@example.org", on="2019-03-01"
    )
    ledger.run(
        "member join",
        "eve",
        slug="dc-example",
        group="private-sector",
        observer=True,
        on="2019-03-02",
    )
    ledger.run("member subscribe", "eve", slug="dc-example", on="2019-03-03")
    ledger.run(
        "member confirm-contact",
        "eve",
        slug="dc-example",
        email="eve@new.example.org",
        on="2019-03-04",
    )
    refused = ledger.refused(
        "member set-role", "ana", slug="dc-example", handle="eve", role="observer", on="2019-04-01"
    )
    assert str(refused) == "eve is already an observer member of dc-example [rule: role-changes]"
    ledger.run(
        "member set-role", "ana", slug="dc-example", handle="eve", role="full", on="2019-04-01"
    )
    registry = ledger.registry()
    eve = registry.coalitions["dc-example"].members["eve"]
    assert (eve.role, eve.subscribed_on, eve.contact_confirmed_on) == (
        "full",
        date(2019, 3, 3),
        date(2019, 3, 4),
    )
    assert registry.persons["eve"].email == "eve@new.example.org"
    ledger.run("member leave", "eve", slug="dc-example", on="2019-05-01")
    assert "eve" not in ledger.registry().coalitions["dc-example"].members


def test_the_secretariat_backfills_on_someones_behalf(ledger):
    ledger.coalition()
    ledger.run(
        "person register", "sec", handle="eve", name="Eve", email="eve@example.org", on="2019-03-01"
    )
    ledger.run(
        "member join", "sec", slug="dc-example", group="academia", person="eve", on="2019-03-02"
    )
    joined = ledger.service.log_facts()[-1]
    assert (joined.actor, joined.person, joined.role) == ("sec", "eve", "secretariat")
    error = ledger.refused("member subscribe", "bo", slug="dc-example", person="eve")
    assert isinstance(error, NotPermitted)


def test_coordinators_appoint_dismiss_and_name_a_representative(ledger):
    ledger.coalition()
    ledger.run("coordinator appoint", "ana", slug="dc-example", handle="bo", on="2019-03-01")
    ledger.run("coordinator dismiss", "bo", slug="dc-example", handle="ana", on="2019-03-02")
    ledger.run("representative appoint", "bo", slug="dc-example", handle="cy", on="2019-03-03")
    coalition = ledger.registry().coalitions["dc-example"]
    assert [h for h, m in coalition.members.items() if m.coordinator] == ["bo"]
    assert coalition.representative == "cy"
    error = ledger.refused("coordinator dismiss", "bo", slug="dc-example", handle="bo")
    assert "last co-coordinator" in str(error)


@pytest.mark.parametrize(
    ("command", "actor", "args", "error", "words"),
    [
        ("coalition recognize", "bo", {"slug": "dc-x"}, NotPermitted, "secretariat office"),
        (
            "person register",
            "ana",
            {"handle": "q", "name": "Q", "email": "q@x.org"},
            NotPermitted,
            "secretariat office",
        ),
        (
            "member set-role",
            "bo",
            {"slug": "dc-example", "handle": "cy", "role": "observer"},
            NotPermitted,
            "not a co-coordinator",
        ),
        (
            "member join",
            "ana",
            {"slug": "dc-example", "group": "academia"},
            RuleViolation,
            "already a member",
        ),
        (
            "member join",
            "nobody",
            {"slug": "dc-example", "group": "academia"},
            NotFound,
            "no such person",
        ),
        (
            "member join",
            "ana",
            {"slug": "dc-nothing", "group": "academia"},
            NotFound,
            "no coalition",
        ),
        (
            "member join",
            None,
            {"slug": "dc-example", "group": "academia"},
            InvalidInput,
            "--as HANDLE",
        ),
        (
            "member set-role",
            "ana",
            {"slug": "dc-example", "handle": "ana", "role": "observer"},
            RuleViolation,
            "dismiss them",
        ),
        (
            "coordinator appoint",
            "ana",
            {"slug": "dc-example", "handle": "zed"},
            RuleViolation,
            "not a member",
        ),
        ("person grant", "sec", {"handle": "bo", "office": "king"}, InvalidInput, "unknown office"),
        ("coalition recognize", "sec", {"slug": "dc-example"}, RuleViolation, "is recognized"),
        (
            "member join",
            "bo",
            {"slug": "dc-example", "group": "media"},
            InvalidInput,
            "unknown stakeholder group",
        ),
        (
            "coalition decline",
            "sec",
            {"slug": "dc-example", "reason": "late", "on": "2030-01-01"},
            InvalidInput,
            "in the future",
        ),
        (
            "coalition decline",
            "sec",
            {"slug": "dc-example", "reason": "x", "on": "2019-13-01"},
            InvalidInput,
            "not a date",
        ),
        (
            "member leave",
            "bo",
            {"slug": "dc-example", "on": "2018-01-01"},
            RuleViolation,
            "before this record began",
        ),
    ],
)
def test_refusals_name_the_problem_and_write_nothing(ledger, command, actor, args, error, words):
    ledger.coalition()
    refused = ledger.refused(command, actor, **args)
    assert isinstance(refused, error)
    assert words in str(refused)


def test_a_dissolved_coalition_accepts_nothing_more(ledger):
    ledger.coalition()
    ledger.run("coalition dissolve", "ana", slug="dc-example", reason="done", on="2020-01-01")
    error = ledger.refused("meeting record", "ana", slug="dc-example", title="after")
    assert "dissolved" in str(error)
    assert ledger.registry().coalitions["dc-example"].lifecycle == "dissolved"


def test_init_happens_once(ledger):
    error = ledger.refused("init", None, secretariat="sec2", name="S", email="s@x.org")
    assert isinstance(error, AlreadyExists)


def test_a_retraction_is_honoured_everywhere_and_the_original_stays(ledger):
    ledger.coalition()
    removal = ledger.run(
        "member remove", "ana", slug="dc-example", handle="cy", reason="oops", on="2019-03-01"
    )
    removed_id = removal.events[0][0]
    assert "cy" not in ledger.registry().coalitions["dc-example"].members
    ledger.run("retract", "sec", event_id=removed_id, reason="wrong person", on="2019-03-02")
    assert "cy" in ledger.registry().coalitions["dc-example"].members
    assert "cy" in ledger.registry(as_of="2019-03-01").coalitions["dc-example"].members
    facts = ledger.service.log_facts()
    assert [f.id for f in facts if f.type == "coalition.member_removed"] == [removed_id]
    assert ledger.refused("retract", "sec", event_id=removed_id, reason="again")
    meeting = ledger.run(
        "meeting record", "ana", slug="dc-example", title="call", on="2019-04-01"
    ).events[0][0]
    assert isinstance(ledger.refused("retract", "bo", event_id=meeting, reason="x"), NotPermitted)
    assert isinstance(ledger.refused("retract", "sec", event_id=99999, reason="x"), NotFound)
