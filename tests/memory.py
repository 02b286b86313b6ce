"""An in-memory ledger for fast unit tests: the real commands, rules and unit of work,
with eventsourcing's in-memory event store and the log itself as the fact source."""

from __future__ import annotations

from typing import Any

from dcledger.ledger.application import DcLedgerApp, Invocation, Outcome, run_invocations
from dcledger.ledger.commands import invoke
from dcledger.ledger.errors import LedgerError
from dcledger.ledger.facts import Fact, fact_from_event
from dcledger.ledger.registry import Registry
from dcledger.ledger.rules.situation import MemorySource
from tests.harness import statement


class MemoryLedger:
    def __init__(self) -> None:
        self.app = DcLedgerApp(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})

    def facts(self) -> list[Fact]:
        notifications = self.app.recorder.select_notifications(start=None, limit=10**9)
        return [fact_from_event(self.app.mapper.to_domain_event(n), n.id) for n in notifications]

    def record(self, invocations: list[Invocation]) -> Outcome:
        return run_invocations(self.app, invocations, invoke, lambda: MemorySource(self.facts()))

    def run(self, command: str, actor: str | None, /, **kwargs: Any) -> Outcome:
        envelope = {k: kwargs.pop(k) for k in ("on", "evidence", "person") if k in kwargs}
        return self.record([Invocation(command, actor, kwargs, **envelope)])

    def refused(self, command: str, actor: str | None, /, **kwargs: Any) -> LedgerError:
        """Run a command that must be refused; prove it wrote nothing."""
        before = len(self.facts())
        try:
            self.run(command, actor, **kwargs)
        except LedgerError as e:
            assert len(self.facts()) == before, f"{command} was refused but wrote events"
            return e
        raise AssertionError(f"{command} was not refused")

    def registry(self) -> Registry:
        return Registry.from_facts(self.facts())

    def retraction_refused(self, actor: str, type_: str, on: str) -> LedgerError:
        """Retract the latest event of `type_`, which must be refused (writing nothing)."""
        target = self.event_id(type_)
        return self.refused("retract", actor, event_id=target, reason="mistake", on=on)

    def event_id(self, type_: str, nth: int = -1) -> int:
        ids = [f.id for f in self.facts() if f.type == type_]
        return ids[nth]

    # --- a small world: secretariat sec, DCCG dee, coalition dc-example ----------------

    def start(self) -> MemoryLedger:
        self.run(
            "init", None, secretariat="sec", name="S", email="sec@igf.example", on="2019-01-01"
        )
        self.run("person register", "sec", handle="dee", name="D", email="d@x.org", on="2019-01-01")
        self.run("person grant", "sec", handle="dee", office="dccg", on="2019-01-01")
        return self

    def coalition(self, slug: str = "dc-example", recognized: str = "2019-02-01") -> str:
        self.run("coalition propose", "sec", statement=statement(slug=slug), on="2019-01-15")
        self.run("coalition recognize", "sec", slug=slug, on=recognized)
        return slug

    def charter(self, on: str = "2019-03-01") -> MemoryLedger:
        """The DCCG adopts the first charter (SECTIONS)."""
        self.run("charter adopt", "dee", sections=SECTIONS, on=on)
        return self


SECTIONS = [
    {"id": "principles", "title": "Principles", "text": "Open to all.\n"},
    {"id": "review", "title": "Review", "text": "Reviewed yearly.\n"},
]


def propose(ledger: MemoryLedger, text: str = "Open to everyone.\n", on: str = "2019-04-01") -> int:
    """bo, a full member, proposes a new text for the principles; its number."""
    outcome = ledger.run(
        "amendment propose",
        "bo",
        sections={"principles": text},
        rationale="clearer",
        message_id="<m1@lists.example.org>",
        on=on,
    )
    return outcome.results[0]["amendment"]
