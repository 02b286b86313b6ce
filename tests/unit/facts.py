"""Build folded coalition state from a few synthetic facts, without any storage."""

from __future__ import annotations

from typing import Any

from dcledger.ledger.facts import Fact
from dcledger.ledger.state import fold
from tests.harness import statement


class Story:
    def __init__(self, recognized: str = "2020-02-01"):
        self.facts: list[Fact] = []
        self.add("coalition.proposed", "2020-01-01", slug="dc-example", statement=statement())
        self.add("coalition.recognized", recognized)

    def add(self, type_: str, on: str, **data: Any) -> Story:
        self.facts.append(
            Fact(
                aggregate_id="s",
                version=len(self.facts) + 1,
                type=type_,
                effective_date=on,
                recorded_at=f"{on}T12:00:00.000000+00:00",
                actor="sec",
                role="secretariat",
                data=data,
            )
        )
        return self

    def report(self, year: int, on: str) -> Story:
        return self.add("coalition.report_filed", on, year=year, url=None, file=None)

    def paper(self, on: str) -> Story:
        """An output: a document agreed with no dissent."""
        return self.add(
            "coalition.output_recorded",
            on,
            kind="document",
            title="paper",
            agreement="yes",
            dissent=[],
            no_dissent=True,
        )

    def state(self, as_of: str | None = None):
        facts = [f for f in self.facts if as_of is None or f.effective_date <= as_of]
        return fold(facts)
