"""What every command needs: who acts, when, under which role, and the aggregates."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import ConfigDict, ValidationError, validate_call

from dcledger.ledger.aggregates import Coalition, LedgerAggregate, Person, Stamp
from dcledger.ledger.aggregates.person import Ledger
from dcledger.ledger.application import Invocation, UnitOfWork, parse_date, today
from dcledger.ledger.errors import InvalidInput, NotFound, NotPermitted
from dcledger.ledger.registry import Registry
from dcledger.ledger.vocabulary import COORDINATOR, DCCG, MEMBER, SECRETARIAT

RegistrySource = Callable[[UnitOfWork, str], Registry]
CommandFn = Callable[..., dict[str, Any]]
COMMANDS: dict[str, CommandFn] = {}
A = TypeVar("A", bound=LedgerAggregate)


def command(name: str) -> Callable[[CommandFn], CommandFn]:
    """Register a command under its CLI name; its arguments are validated by pydantic."""

    def register(fn: CommandFn) -> CommandFn:
        validated = validate_call(config=ConfigDict(strict=False, arbitrary_types_allowed=True))(fn)
        COMMANDS[name] = validated
        return validated

    return register


def invoke(uow: UnitOfWork, invocation: Invocation, registry_source: RegistrySource) -> dict:
    fn = COMMANDS.get(invocation.name)
    if fn is None:
        raise InvalidInput(f"unknown command '{invocation.name}'")
    context = Context(uow, invocation, registry_source)
    try:
        return fn(context, **invocation.args)
    except ValidationError as e:
        problems = []
        for err in e.errors():
            where = ".".join(str(p) for p in err["loc"] if not isinstance(p, int))
            problems.append(f"{where or 'arguments'}: {err['msg']}")
        raise InvalidInput(f"{invocation.name}: " + "; ".join(problems)) from None


class Context:
    def __init__(self, uow: UnitOfWork, invocation: Invocation, registry_source: RegistrySource):
        self.uow = uow
        self.name = invocation.name
        self.actor = invocation.actor
        self.on = parse_date(invocation.on, "--on")
        if self.on > today().isoformat():
            raise InvalidInput(f"--on {self.on} is in the future; record things once they happen")
        self.evidence = invocation.evidence
        self.person = invocation.person
        self._registry_source = registry_source

    # --- loading -----------------------------------------------------------------------

    def require_ledger(self) -> None:
        if self.uow.find(Ledger, Ledger.ID) is None:
            raise NotFound("this ledger is not initialized; run 'dcledger init'")

    def find_person(self, handle: str) -> Person | None:
        return self.uow.find(Person, Person.id_for(handle))

    def person_named(self, handle: str) -> Person:
        person = self.find_person(handle)
        if person is None:
            raise NotFound(f"no person '{handle}'; register them with 'dcledger person register'")
        return person

    def coalition(self, slug: str) -> Coalition:
        coalition = self.uow.find(Coalition, Coalition.id_for(slug))
        if coalition is None:
            raise NotFound(f"no coalition '{slug}'")
        return coalition

    def registry(self) -> Registry:
        """Everything recorded and in effect on this command's date, this unit's own
        pending events included (an import decides on its earlier lines)."""
        return self._registry_source(self.uow, self.on)

    # --- who acts ----------------------------------------------------------------------

    @property
    def me(self) -> Person:
        if not self.actor:
            raise InvalidInput("say who is recording: --as HANDLE (or DCLEDGER_AS)")
        self.require_ledger()
        person = self.find_person(self.actor)
        if person is None:
            raise NotFound(f"--as {self.actor}: no such person in this ledger")
        return person

    def stamp(self, role: str, person: str | None = None) -> Stamp:
        return Stamp(self.on, self.actor or "", role, self.evidence, person)

    def as_office(self, office: str) -> Stamp:
        if not self.me.holds(office):
            raise NotPermitted(
                f"{self.actor} does not hold the {office} office; {self.name} needs it"
            )
        self.refuse_person_option()
        return self.stamp(office)

    def as_secretariat(self) -> Stamp:
        return self.as_office(SECRETARIAT)

    def as_dccg(self) -> Stamp:
        return self.as_office(DCCG)

    def for_coalition(self, coalition: Coalition) -> Stamp:
        """Coalition business: its co-coordinators, or the secretariat on its behalf."""
        self.refuse_person_option()
        if coalition.is_coordinator(self.me.handle):
            return self.stamp(COORDINATOR)
        if self.me.holds(SECRETARIAT):
            return self.stamp(SECRETARIAT)
        raise NotPermitted(
            f"{self.actor} is not a co-coordinator of {coalition.slug} nor the secretariat"
        )

    def acting_member(self) -> tuple[str, Stamp]:
        """A person acting for themselves, or the secretariat recording it for them."""
        me = self.me
        if self.person is None or self.person == me.handle:
            return me.handle, self.stamp(MEMBER)
        if not me.holds(SECRETARIAT):
            raise NotPermitted("only the secretariat may record on someone's behalf (--person)")
        self.person_named(self.person)
        return self.person, self.stamp(SECRETARIAT, person=self.person)

    def refuse_person_option(self) -> None:
        if self.person is not None:
            raise InvalidInput(f"--person does not apply to {self.name}")
