"""One record's facts as the rule layer reads them: all of them, the live ones in history
order, and the record's state before any point of its history.

`StoredRecord` starts from the state a caught-up read model keeps folded and reads the
record's facts only when a question reaches back before its latest one.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator
from typing import Any

from dcledger.ledger.facts import Fact
from dcledger.ledger.state import apply_fact, fold_live

Key = tuple[str, int]
# (kind, state, key of its latest live fact): a record as its source keeps it folded
StoredState = tuple[str, Any, Key]


class AggregateFacts:
    """One record's facts: all of them, and the live ones in history order."""

    def __init__(self, facts: list[Fact]):
        self.all = sorted(facts, key=lambda f: f.seq)
        self._reindex()

    def _reindex(self) -> None:
        self.retractions = [f for f in self.all if f.is_retraction]
        gone = {f.data["target_version"] for f in self.retractions}
        self.live = sorted(
            (f for f in self.all if not f.is_retraction and f.version not in gone),
            key=lambda f: f.key,
        )
        self.keys = [f.key for f in self.live]
        self.live_seqs = {f.seq for f in self.live}
        self.full: Any = None  # the fold of every live fact, when computed
        self.folded = False
        self._prefix: tuple[int, Any] = (0, None)  # (n, the fold of the first n live facts)
        self._lent: tuple[int, Any] = (-1, None)  # (n, the copy of it handed out)

    def add(self, fact: Fact) -> None:
        self.all.append(fact)  # a retraction reindexes, which lists it among retractions
        in_order = not fact.is_retraction and (not self.keys or fact.key > self.keys[-1])
        if not in_order:
            self._reindex()
            return
        self.live.append(fact)
        self.keys.append(fact.key)
        self.live_seqs.add(fact.seq)
        if self.folded:  # the common case, appending in order, folds one fact
            self.full = apply_fact(self.full, fact)

    def walk(self, after: Key) -> Iterator[tuple[Fact, Any]]:
        """Each live fact placed after `after`, with the record's state just before it:
        one fold for all of them, for re-checking the later history of a record."""
        start = bisect.bisect_right(self.keys, after)
        if start == len(self.live):  # nothing later: the common case, recording in order
            return
        state = fold_live(self.live[:start])
        for fact in self.live[start:]:
            yield fact, state
            state = apply_fact(state, fact)

    def retractions_after(self, key: Key) -> list[Fact]:
        return [f for f in self.retractions if f.key > key]

    def state_before(self, key: Key) -> Any:
        if not self.keys or key > self.keys[-1]:
            if not self.folded:
                self.full, self.folded = fold_live(self.live), True
            return self.full
        return self.folded_prefix(bisect.bisect_left(self.keys, key))

    def folded_prefix(self, end: int) -> Any:
        """The fold of the first `end` live facts. Re-checking what a backfill affects
        asks for later and later points of one record: each fold goes on from the last
        one (kept here, handed out as a copy), not from the record's beginning. Like the
        latest state, what is handed out is read, never changed, so one copy per point
        serves every question about it."""
        from dcledger.ledger.state.model import copied

        if self._lent[0] == end:
            return self._lent[1]
        done, state = self._prefix
        if done > end:
            done, state = 0, None
        for fact in self.live[done:end]:
            state = apply_fact(state, fact)
        self._prefix = (end, state)
        self._lent = (end, None if state is None else copied(state))
        return self._lent[1]


class StoredRecord(AggregateFacts):
    """A record known by the state its source keeps folded: its facts are read only when
    a question reaches back before its latest one. Recording in order, the common case,
    then costs the same in a long history as in a short one."""

    LOADED_ON_DEMAND = frozenset({"all", "live", "keys", "live_seqs", "retractions"})

    def __init__(
        self,
        stored: StoredState,
        load: Callable[[], list[Fact]],
        retractions_since: Callable[[str], list[Fact]],
    ):
        self._load, self._loaded = load, False
        self._retractions_since = retractions_since
        self._latest = stored[2]
        self._appended: list[Fact] = []
        self.full, self.folded = stored[1], True

    def __getattr__(self, name: str) -> Any:
        if name not in StoredRecord.LOADED_ON_DEMAND:
            raise AttributeError(name)
        self._read_facts()
        return self.__dict__[name]

    def _read_facts(self) -> None:
        if not self._loaded:
            self._loaded = True
            AggregateFacts.__init__(self, self._load() + self._appended)

    def add(self, fact: Fact) -> None:
        if self._loaded or fact.is_retraction or fact.key <= self._latest:
            self._read_facts()
            super().add(fact)
            return
        self._appended.append(fact)
        self._latest = fact.key
        self.full = apply_fact(self.full, fact)

    def walk(self, after: Key) -> Iterator[tuple[Fact, Any]]:
        if not self._loaded and after >= self._latest:
            return iter(())
        self._read_facts()
        return super().walk(after)

    def retractions_after(self, key: Key) -> list[Fact]:
        """Read alone: the latest live fact says nothing of later retractions."""
        if self._loaded:
            return super().retractions_after(key)
        return [f for f in self._retractions_since(key[0]) if f.key > key]

    def state_before(self, key: Key) -> Any:
        if not self._loaded and key > self._latest:
            return self.full
        self._read_facts()
        return super().state_before(key)
