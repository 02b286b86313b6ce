"""How often a record's folded state is stored again: a coalition waits longer as it
grows, so that storing it costs each event the same whatever the coalition's size."""

from __future__ import annotations

from datetime import date

from dcledger.ledger import policy
from dcledger.ledger.state import Activity, CoalitionState, Member, PersonState
from dcledger.projections.snapshots import stored_every

DAY = date(2020, 1, 1)


def coalition(members: int, activities: int) -> CoalitionState:
    state = CoalitionState(slug="dc-x", name="X", statement={}, proposed_on=DAY, proposed_by="sec")
    for i in range(members):
        state.members[f"m{i}"] = Member(
            handle=f"m{i}", role="full", group="g", joined_on=DAY, contact_confirmed_on=DAY
        )
    state.activities += [Activity(on=DAY, title=f"a{i}") for i in range(activities)]
    return state


def test_a_small_coalition_is_stored_every_hundred_facts():
    assert stored_every(coalition(3, 10)) == policy.SNAPSHOT_EVERY


def test_a_large_coalition_waits_one_fact_more_per_twenty_entries():
    per = policy.SNAPSHOT_ENTRIES_PER_FACT
    assert stored_every(coalition(3000, 1000)) == 4000 // per
    assert stored_every(coalition(6000, 2000)) == 2 * stored_every(coalition(3000, 1000))


def test_every_other_record_is_stored_at_once():
    person = PersonState(handle="p", name="P", email="p@x.org", registered_on=DAY)
    assert stored_every(person) == 1
