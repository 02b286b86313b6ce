"""What every command needs: who acts, when, under which role, and the aggregates.

A command reads the ledger as it stood on its effective date (`--on`), folded from
everything known now, and chooses the role its actor held then. It decides nothing
else: the rule layer checks each event it records before anything is saved.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from datetime import date
from types import NoneType
from typing import Annotated, Any, TypeVar

from dcledger.ledger.aggregates import Coalition, Envelope, LedgerAggregate, Person
from dcledger.ledger.aggregates.person import Founding
from dcledger.ledger.application import Invocation, UnitOfWork, parse_date, today
from dcledger.ledger.dates import from_iso
from dcledger.ledger.errors import InvalidInput, NotFound, NotPermitted
from dcledger.ledger.rules.checks.base import check_reference
from dcledger.ledger.rules.situation import Situation
from dcledger.ledger.vocabulary import COORDINATOR, DCCG, MEMBER, SECRETARIAT


def written_iso(value: Any) -> Any:
    """Dates in arguments as users write them, YYYY-MM-DD: pydantic would also take a
    number of seconds since 1970 or '20210601'."""
    try:
        if isinstance(value, int | float):
            raise ValueError("a number is no date")
        return from_iso(value) if isinstance(value, str) else value
    except ValueError:
        from pydantic_core import PydanticCustomError

        raise PydanticCustomError("date_format", "not written YYYY-MM-DD") from None


class WrittenIso:
    """`written_iso` before pydantic's own date check. Pydantic asks for it only when it
    builds a validator, so a command whose arguments need none never imports pydantic
    (about 45 ms of every recording command)."""

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(written_iso, handler(source))


IsoDate = Annotated[date, WrittenIso()]

CommandFn = Callable[..., dict[str, Any]]
COMMANDS: dict[str, CommandFn] = {}
A = TypeVar("A", bound=LedgerAggregate)


def command(name: str) -> Callable[[CommandFn], CommandFn]:
    """Register a command under its CLI name; its arguments are validated by pydantic
    when it runs (see `validated`)."""

    def register(fn: CommandFn) -> CommandFn:
        COMMANDS[name] = fn
        return fn

    return register


@functools.cache
def validated(name: str) -> CommandFn:
    """The command with pydantic checking its arguments, built on first use: a process
    runs one or a few commands, and building all forty validators at import cost every
    recording command about 35 ms."""
    from pydantic import ConfigDict, validate_call

    config = ConfigDict(strict=False, arbitrary_types_allowed=True)
    return validate_call(config=config)(COMMANDS[name])


# Annotations whose values pydantic hands on unchanged when each is exactly of one of
# these types; any other value (one lax mode would convert, or refuses) goes to pydantic.
PLAIN = {
    "str": (str,),
    "int": (int,),
    "bool": (bool,),
    "str | None": (str, NoneType),
    "int | None": (int, NoneType),
    "int | str": (int, str),
    "dict[str, str] | None": (dict, NoneType),  # a dict only with text keys and values
}
Parameters = tuple[dict[str, tuple[type, ...] | None], frozenset[str]]


@functools.cache
def parameters(name: str) -> Parameters:
    """The command's arguments (after the context), each with the exact types of value
    that pass pydantic unchanged (None: any value goes to pydantic); and those required."""
    kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    found: dict[str, tuple[type, ...] | None] = {}
    required = set()
    for param in list(inspect.signature(COMMANDS[name]).parameters.values())[1:]:
        plain = param.kind in kinds and isinstance(param.annotation, str)
        found[param.name] = PLAIN.get(param.annotation) if plain else None
        if param.default is inspect.Parameter.empty:
            required.add(param.name)
    return found, frozenset(required)


def unchanged_by_pydantic(name: str, args: dict[str, Any]) -> bool:
    """Whether pydantic would pass these arguments on as they are: every required one
    given, none unknown, each exactly of a type its annotation takes as it is. Building
    a command's validator costs a recording command about 20 ms; most never need it."""
    found, required = parameters(name)
    if not required.issubset(args):
        return False
    for key, value in args.items():
        types = found.get(key)
        if types is None or type(value) not in types:
            return False
        if type(value) is dict and not all(type(k) is type(v) is str for k, v in value.items()):
            return False
    return True


def invoke(uow: UnitOfWork, invocation: Invocation) -> dict:
    if invocation.name not in COMMANDS:
        raise InvalidInput(f"unknown command '{invocation.name}'")
    context = Context(uow, invocation)
    if unchanged_by_pydantic(invocation.name, invocation.args):
        return COMMANDS[invocation.name](context, **invocation.args)
    return invoke_validated(context, invocation)


def invoke_validated(context: Context, invocation: Invocation) -> dict:
    from pydantic import ValidationError

    try:
        return validated(invocation.name)(context, **invocation.args)
    except ValidationError as e:
        problems = [problem(err) for err in e.errors()]
        raise InvalidInput(f"{invocation.name}: " + "; ".join(problems)) from None


def problem(err: Any) -> str:
    """One argument's problem, in the words the rest of the ledger uses for dates."""
    where = ".".join(str(p) for p in err["loc"] if not isinstance(p, int)) or "arguments"
    if err["type"].startswith("date_") and isinstance(err.get("input"), str):
        return f"{where} '{err['input']}' is not a date (YYYY-MM-DD)"
    return f"{where}: {err['msg']}"


class Context:
    def __init__(self, uow: UnitOfWork, invocation: Invocation):
        self.uow = uow
        self.name = invocation.name
        self.actor = invocation.actor
        self.on = parse_date(invocation.on, "--on")
        if self.on > today().isoformat():
            raise InvalidInput(f"--on {self.on} is in the future; record things once they happen")
        check_reference(invocation.evidence, "--evidence")
        self.evidence = invocation.evidence
        self.person = invocation.person

    # --- loading -----------------------------------------------------------------------

    def situation(self) -> Situation:
        """The ledger on this command's date, with everything decided before it."""
        return self.uow.situation(self.on)

    def require_ledger(self) -> None:
        if self.uow.find(Founding, Founding.ID) is None:
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

    # --- who acts ----------------------------------------------------------------------

    @property
    def me(self) -> str:
        """The acting person's handle, once they are known to the ledger."""
        if not self.actor:
            raise InvalidInput("say who is recording: --as HANDLE (or DCLEDGER_AS)")
        self.require_ledger()
        if self.find_person(self.actor) is None:
            raise NotFound(f"--as {self.actor}: no such person in this ledger")
        return self.actor

    def holds(self, office: str) -> bool:
        return self.situation().holds(self.me, office)

    def envelope(self, role: str, person: str | None = None) -> Envelope:
        return Envelope(self.on, self.actor or "", role, self.evidence, person)

    def as_office(self, office: str) -> Envelope:
        self.refuse_person_option()
        if not self.holds(office):
            raise NotPermitted(
                f"{self.actor} does not hold the {office} office on {self.on}; "
                f"{self.name} needs it",
                rule="office-held",
            )
        return self.envelope(office)

    def as_secretariat(self) -> Envelope:
        return self.as_office(SECRETARIAT)

    def as_dccg(self) -> Envelope:
        return self.as_office(DCCG)

    def for_coalition(self, coalition: Coalition) -> Envelope:
        """Coalition business: its co-coordinators, or the secretariat on its behalf."""
        self.refuse_person_option()
        state = self.situation().state(coalition.id.hex)
        member = state.members.get(self.me) if state else None
        if member is not None and member.coordinator:
            return self.envelope(COORDINATOR)
        if self.holds(SECRETARIAT):
            return self.envelope(SECRETARIAT)
        raise NotPermitted(
            f"{self.actor} is not a co-coordinator of {coalition.slug} nor the secretariat "
            f"on {self.on}",
            rule="coordinator",
        )

    def acting_member(self) -> tuple[str, Envelope]:
        """A person acting for themselves, or the secretariat recording it for them."""
        me = self.me
        if self.person is None or self.person == me:
            return me, self.envelope(MEMBER)
        if not self.holds(SECRETARIAT):
            raise NotPermitted(
                "only the secretariat may record on someone's behalf (--person)",
                rule="on-behalf",
            )
        self.person_named(self.person)
        return self.person, self.envelope(SECRETARIAT, person=self.person)

    def refuse_person_option(self) -> None:
        if self.person is not None:
            raise InvalidInput(f"--person does not apply to {self.name}")
