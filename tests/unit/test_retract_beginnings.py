"""A DCCG meeting, a yearly member review or the charter's adoption recorded by mistake:
its first event is retracted (after what depends on it), and it may be recorded again."""

from __future__ import annotations

import pytest

from dcledger.ledger.audit import audit, audit_ledger
from dcledger.ledger.errors import AlreadyExists, RuleViolation
from tests.memory import MemoryLedger, propose


@pytest.fixture
def ledger() -> MemoryLedger:
    world = MemoryLedger().start()
    world.coalition()  # dc-example, recognized 2019-02-01, ana co-coordinates
    return world


def retract(ledger: MemoryLedger, actor: str, type_: str, on: str) -> None:
    ledger.run("retract", actor, event_id=ledger.event_id(type_), reason="mistake", on=on)


def assert_audit_passes(ledger: MemoryLedger) -> None:
    assert audit_ledger(ledger.facts()).violations == []
    assert [c for c in audit(ledger.facts()) if not c.ok] == []


def test_a_mistaken_dccg_meeting_is_retracted_after_its_attendance_then_held_again(ledger):
    ledger.run("dccg meeting", "dee", on="2019-03-05")
    ledger.run("dccg attend", "dee", slug="dc-example", by="ana", on="2019-03-05")
    meeting = ledger.event_id("dccg.meeting_held")
    error = ledger.refused("retract", "dee", event_id=meeting, reason="mistake", on="2019-03-06")
    assert isinstance(error, RuleViolation)
    assert error.message.startswith("this would make event")  # the attendance, named
    retract(ledger, "dee", "dccg.attended", "2019-03-06")
    retract(ledger, "dee", "dccg.meeting_held", "2019-03-06")
    assert ledger.registry().meetings == []
    error = ledger.refused("dccg attend", "dee", slug="dc-example", by="ana", on="2019-03-05")
    assert error.rule == "record-exists"
    ledger.run("dccg meeting", "dee", on="2019-03-05")  # held after all: recorded again
    assert [(m.date.isoformat(), m.held_by) for m in ledger.registry().meetings] == [
        ("2019-03-05", "dee")
    ]
    again = ledger.refused("dccg meeting", "dee", on="2019-03-05")
    assert isinstance(again, AlreadyExists) and again.rule == "meeting-once"
    assert_audit_passes(ledger)


def test_a_mistaken_member_review_is_retracted_and_recorded_again(ledger):
    ledger.run("review members", "sec", year=2019, notes="first", on="2019-12-20")
    retract(ledger, "sec", "review.members_reviewed", "2019-12-21")
    assert 2019 not in ledger.registry().reviews
    ledger.run("review members", "sec", year=2019, notes="second", on="2019-12-22")
    assert ledger.registry().reviews[2019].notes == "second"
    twice = ledger.refused("review members", "sec", year=2019, on="2019-12-23")
    assert twice.rule == "review-once"
    retract(ledger, "sec", "review.members_reviewed_again", "2019-12-24")  # and once more
    assert 2019 not in ledger.registry().reviews
    assert_audit_passes(ledger)


def test_a_mistaken_adoption_is_retracted_after_what_relies_on_it_then_adopted_again(ledger):
    """A wrong file or date for version 1: the DCCG retracts the adoption once nothing
    relies on it (a review first), then adopts the right text."""
    ledger.charter(on="2019-03-01")
    ledger.run("charter review", "dee", year=2019, notes="read", on="2019-03-02")
    adoption = ledger.event_id("charter.adopted")
    error = ledger.refused("retract", "dee", event_id=adoption, reason="x", on="2019-03-03")
    assert error.message.startswith("this would make event")  # the review, named
    assert ledger.refused(
        "retract", "sec", event_id=adoption, reason="x", on="2019-03-03"
    ).rule == ("retract-by-recorder")
    retract(ledger, "dee", "charter.reviewed", "2019-03-03")
    retract(ledger, "dee", "charter.adopted", "2019-03-03")
    assert ledger.registry().charter is None
    assert ledger.refused("charter review", "dee", year=2019, notes="n", on="2019-03-04").rule == (
        "charter-adopted"
    )
    right = [{"id": "scope", "title": "Scope", "text": "Every coalition.\n"}]
    ledger.run("charter adopt", "dee", sections=right, on="2019-03-05")
    charter = ledger.registry().charter
    assert [(v.version, v.effective_date.isoformat()) for v in charter.versions] == [
        (1, "2019-03-05")
    ]
    assert [s.id for s in charter.current.sections] == ["scope"]
    again = ledger.refused("charter adopt", "dee", sections=right, on="2019-03-06")
    assert isinstance(again, AlreadyExists) and again.rule == "adopt-once"
    assert_audit_passes(ledger)


def test_an_adoption_an_amendment_builds_on_stays(ledger):
    """An amendment's number cannot be retracted, so once one is proposed the adoption
    it amends stays: the charter is changed by amendment from then on."""
    number = propose(ledger.charter())
    ledger.run("amendment withdraw", "bo", amendment=number, reason="later", on="2019-04-02")
    error = ledger.retraction_refused("dee", "charter.adopted", on="2019-04-03")
    assert (error.rule, error.message) == (
        "amended-adoption-final",
        "the adoption stays once an amendment was proposed to it: amend the charter",
    )
    assert ledger.registry().charter is not None


def test_a_retracted_member_review_takes_its_changes_with_it(ledger):
    """Before, its role change and removal stayed in force for a review that, as the
    ledger then read, never took place."""

    def members() -> dict[str, str]:
        coalition = ledger.registry().coalitions["dc-example"]
        return {h: m.role for h, m in coalition.members.items()}

    before = members()
    ledger.run(
        "review members",
        "sec",
        year=2019,
        notes="yearly",
        set_roles=["dc-example:bo:observer"],
        removals=["dc-example:cy"],
        on="2019-12-20",
    )
    assert members() == {h: r for h, r in before.items() if h != "cy"} | {"bo": "observer"}
    retract(ledger, "sec", "review.members_reviewed", "2019-12-21")
    assert members() == before
    retracted = [f.data["target_type"] for f in ledger.facts() if f.is_retraction]
    assert retracted == [
        "coalition.member_removed",
        "coalition.member_role_set",
        "review.members_reviewed",
    ]
    ledger.run("review members", "sec", year=2019, notes="again", on="2019-12-22")
    assert_audit_passes(ledger)


def test_other_records_keep_their_beginning(ledger):
    """A person or a coalition stays once recorded: later events correct it (a proposal
    is declined, an amendment withdrawn)."""
    for type_ in ("person.registered", "coalition.proposed"):
        event = ledger.event_id(type_)
        error = ledger.refused("retract", "sec", event_id=event, reason="x", on="2019-03-01")
        assert error.rule == "retract-not-creation"


def test_only_the_dccg_retracts_its_meeting(ledger):
    ledger.run("dccg meeting", "dee", on="2019-03-05")
    meeting = ledger.event_id("dccg.meeting_held")
    error = ledger.refused("retract", "sec", event_id=meeting, reason="x", on="2019-03-06")
    assert error.rule == "retract-by-recorder"


def test_a_meeting_a_discussion_cites_stays_until_the_discussion_is_retracted(ledger):
    number = propose(ledger.charter())
    ledger.run("dccg meeting", "dee", on="2019-04-10")
    ledger.run(
        "amendment discuss", "dee", amendment=number, ref="DCCG meeting 2019-04-10", on="2019-04-11"
    )
    meeting = ledger.event_id("dccg.meeting_held")
    error = ledger.refused("retract", "dee", event_id=meeting, reason="x", on="2019-04-12")
    assert error.rule == "discussion-reference"
    retract(ledger, "dee", "amendment.discussed", "2019-04-12")
    retract(ledger, "dee", "dccg.meeting_held", "2019-04-12")
    assert_audit_passes(ledger)


def test_a_retracted_recognition_takes_the_memberships_not_the_people():
    world = MemoryLedger().start()
    world.coalition()
    registered = [f.data["handle"] for f in world.facts() if f.type == "person.registered"]
    recognition = world.event_id("coalition.recognized")
    world.run("retract", "sec", event_id=recognition, reason="too early", on="2019-02-02")
    registry = world.registry()
    assert registry.coalitions["dc-example"].lifecycle == "proposed"
    assert registry.coalitions["dc-example"].members == {}
    assert {"ana", "bo", "cy"} <= set(registry.persons)
    world.run("coalition recognize", "sec", slug="dc-example", on="2019-03-01")
    again = [f.data["handle"] for f in world.facts() if f.type == "person.registered"]
    assert again == registered  # nobody registered twice
    assert set(world.registry().coalitions["dc-example"].members) == {"ana", "bo", "cy"}
    assert_audit_passes(world)
