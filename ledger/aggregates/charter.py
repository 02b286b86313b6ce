"""The charter: a versioned document of sections, changed only by incorporation."""

from __future__ import annotations

from dcledger.ledger.aggregates.base import LedgerAggregate, Stamp, stable_id
from dcledger.ledger.errors import InvalidInput, RuleViolation
from dcledger.ledger.state import CharterState, CharterVersion


class Charter(LedgerAggregate):
    TOPIC = "dcledger:charter"
    ID = stable_id("charter", "the-charter")

    class Created(LedgerAggregate.Created, LedgerAggregate.Event):
        TOPIC = "dcledger:charter.adopted:v1"
        sections: list[dict[str, str]]

    class AmendmentNumbered(LedgerAggregate.Event):
        TOPIC = "dcledger:charter.amendment_numbered:v1"
        number: int

    class AmendmentIncorporated(LedgerAggregate.Event):
        TOPIC = "dcledger:charter.amendment_incorporated:v1"
        amendment: int
        version: int
        sections: dict[str, str]

    class Reviewed(LedgerAggregate.Event):
        TOPIC = "dcledger:charter.reviewed:v1"
        year: int
        notes: str

    class Retracted(LedgerAggregate.Retracted):
        TOPIC = "dcledger:charter.retracted:v1"

    @property
    def state(self) -> CharterState:
        return self._state

    @classmethod
    def adopt(cls, sections: list[dict[str, str]], stamp: Stamp) -> Charter:
        ids = [s["id"] for s in sections]
        if not sections:
            raise InvalidInput("the charter file has no '## ' sections")
        if len(set(ids)) != len(ids):
            raise InvalidInput("two sections have the same heading")
        return cls._create(cls.Created, id=cls.ID, sections=sections, **stamp.envelope())

    @property
    def current(self) -> CharterVersion:
        return self.state.current

    def version_numbered(self, number: int) -> CharterVersion:
        for v in self.state.versions:
            if v.version == number:
                return v
        raise InvalidInput(f"the charter has no version {number} (latest: {self.current.version})")

    def check_sections(self, section_ids: list[str]) -> None:
        known = {s.id for s in self.current.sections}
        unknown = [s for s in section_ids if s not in known]
        if unknown:
            raise InvalidInput(
                f"unknown charter section(s): {', '.join(unknown)} "
                f"(known: {', '.join(sorted(known))})"
            )

    def changed_since(self, base_version: int, section_ids: list[str]) -> list[str]:
        """Sections among `section_ids` whose text changed after `base_version`."""
        base = {s.id: s.text for s in self.version_numbered(base_version).sections}
        now = {s.id: s.text for s in self.current.sections}
        return [s for s in section_ids if base.get(s) != now.get(s)]

    def number_amendment(self, stamp: Stamp) -> int:
        number = self.state.amendments_numbered + 1
        self.record(self.AmendmentNumbered, stamp, number=number)
        return number

    def incorporate(self, amendment: int, sections: dict[str, str], stamp: Stamp) -> int:
        version = self.current.version + 1
        self.record(
            self.AmendmentIncorporated,
            stamp,
            amendment=amendment,
            version=version,
            sections=sections,
        )
        return version

    def review(self, year: int, notes: str, stamp: Stamp) -> None:
        if year in self.state.reviews:
            raise RuleViolation(f"the charter review of {year} is already recorded")
        if year > int(stamp.effective_date[:4]):
            raise RuleViolation(f"the {year} review cannot be recorded on {stamp.effective_date}")
        self.record(self.Reviewed, stamp, year=year, notes=notes)
