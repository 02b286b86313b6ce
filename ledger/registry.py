"""The whole registry folded from facts: every aggregate's state, and questions across them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from dcledger.ledger.facts import Fact
from dcledger.ledger.state import (
    AmendmentState,
    CharterState,
    CoalitionState,
    DccgMeetingState,
    FoundingState,
    MemberReviewState,
    PersonState,
    fold,
)


class Registry:
    def __init__(
        self,
        states: Iterable[object],
        persons: Callable[[], Iterable[PersonState]] | None = None,
        persons_named: Callable[[list[str]], Iterable[PersonState]] | None = None,
    ):
        """`persons`, when given, reads the persons' states on first use: they are most
        of the records, and most questions (status, a review) never ask about them.
        `persons_named` reads only some of them, for `names`."""
        self._read_named = persons_named
        self.coalitions: dict[str, CoalitionState] = {}
        self._persons: dict[str, PersonState] = {}
        self._read_persons = persons
        self.meetings: list[DccgMeetingState] = []
        self.reviews: dict[int, MemberReviewState] = {}
        self.amendments: dict[int, AmendmentState] = {}
        self.charter: CharterState | None = None
        self.ledger: FoundingState | None = None
        for state in states:
            self._place(state)
        self.meetings.sort(key=lambda m: m.date)

    @property
    def persons(self) -> dict[str, PersonState]:
        if self._read_persons is not None:
            read, self._read_persons = self._read_persons, None
            for person in read():
                self._persons[person.handle] = person
        return self._persons

    def names(self, handles: Iterable[str]) -> dict[str, str]:
        """Each handle's name, or the handle where no person has it; reading only these
        persons when the registry can (a coalition's members are few of the persons)."""
        wanted = list(handles)
        if self._read_persons is not None and self._read_named is not None:
            found = {p.handle: p.name for p in self._read_named(wanted)}
        else:
            found = {h: p.name for h in wanted if (p := self.persons.get(h))}
        return {h: found.get(h, h) for h in wanted}

    def _place(self, state: object) -> None:
        match state:
            case CoalitionState():
                self.coalitions[state.slug] = state
            case PersonState():
                self._persons[state.handle] = state
            case DccgMeetingState():
                self.meetings.append(state)
            case MemberReviewState():
                self.reviews[state.year] = state
            case AmendmentState():
                self.amendments[state.number] = state
            case CharterState():
                self.charter = state
            case FoundingState():
                self.ledger = state

    @classmethod
    def from_facts(
        cls, facts: Iterable[Fact], persons: Callable[[], Iterable[PersonState]] | None = None
    ) -> Registry:
        by_aggregate: dict[str, list[Fact]] = defaultdict(list)
        for fact in facts:
            by_aggregate[fact.aggregate_id].append(fact)
        states = (fold(aggregate_facts) for aggregate_facts in by_aggregate.values())
        return cls((s for s in states if s is not None), persons=persons)
