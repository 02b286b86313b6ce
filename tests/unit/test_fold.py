"""The fold: retractions and backfilled facts, independent of recording order."""

from dcledger.ledger.state import fold
from tests.unit.facts import Story


def test_a_retracted_fact_is_skipped_but_stays_in_the_facts():
    story = Story().add("coalition.member_left", "2020-03-01", handle="bo")
    assert "bo" not in story.state().members
    story.add(
        "coalition.retracted",
        "2020-03-05",
        target_version=3,
        target_id=None,
        target_type="coalition.member_left",
        reason="wrong person",
    )
    assert "bo" in story.state().members
    assert len(story.facts) == 4


def test_backfilled_facts_apply_in_effective_date_order():
    story = Story()
    # The role change was recorded first; the join it depends on was backfilled after it.
    story.add("coalition.member_role_set", "2020-06-01", handle="zoe", membership="full")
    story.add(
        "coalition.member_joined",
        "2020-05-01",
        handle="zoe",
        membership="observer",
        group="academia",
    )
    assert story.state().members["zoe"].role == "full"


def test_fold_is_the_same_whatever_order_the_facts_arrive_in():
    story = Story()
    story.add("coalition.meeting_recorded", "2020-09-01", title="late")
    story.add("coalition.meeting_recorded", "2020-03-01", title="early")
    assert [a.title for a in fold(story.facts).activities] == ["early", "late"]
    assert [a.title for a in fold(list(reversed(story.facts))).activities] == ["early", "late"]


def test_a_fact_placed_elsewhere_keeps_every_field_but_its_place():
    from dataclasses import fields, replace

    from dcledger.ledger.facts import Fact

    values = {f.name: f"{f.name}-value" for f in fields(Fact)}
    values |= {"version": 3, "data": {"a": 1}, "id": None, "seq": 0}
    fact = Fact(**values)
    assert fact.at(7) == replace(fact, seq=7)
