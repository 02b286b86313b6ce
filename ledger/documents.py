"""Documents users hand in: written statements, charter Markdown, amendment texts."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from dcledger.ledger import policy
from dcledger.ledger.errors import InvalidInput, StatementInvalid
from dcledger.ledger.limits import parse_json
from dcledger.ledger.person_fields import (
    EMAIL_PATTERN,
    HANDLE_PATTERN,
    SLUG_PATTERN,
)
from dcledger.ledger.slugs import slugify
from dcledger.ledger.textfiles import read_text
from dcledger.ledger.vocabulary import STAKEHOLDER_GROUPS


class Contact(BaseModel):
    # Validators built on first use: only commands that take a statement need them.
    model_config = ConfigDict(extra="allow", defer_build=True)
    handle: str = Field(pattern=HANDLE_PATTERN)
    name: str = Field(min_length=1)
    email: str = Field(pattern=EMAIL_PATTERN)


class FoundingMember(Contact):
    group: str

    @field_validator("group")
    @classmethod
    def known_group(cls, group: str) -> str:
        if group not in STAKEHOLDER_GROUPS:
            # No echo of the value: the same problem of many founders is named once.
            raise ValueError(f"not a stakeholder group ({', '.join(STAKEHOLDER_GROUPS)})")
        return group


class Statement(BaseModel):
    """The written statement a proposed coalition submits to the secretariat."""

    model_config = ConfigDict(extra="allow", defer_build=True)
    name: str = Field(min_length=1)
    slug: str | None = Field(default=None, pattern=SLUG_PATTERN)
    need: str = Field(min_length=1)
    action_plan: str = Field(min_length=1)
    mailing_list: str = Field(pattern=EMAIL_PATTERN)
    contacts: list[Contact] = Field(min_length=1)
    members: list[FoundingMember] = Field(min_length=1)

    @field_validator("name", "need", "action_plan")
    @classmethod
    def not_blank(cls, text: str) -> str:
        if not text.strip():  # spaces alone say nothing: the part is missing
            raise PydanticCustomError("blank", "blank")
        return text

    def resolved_slug(self) -> str:
        return self.slug or slugify(self.name)


# A part that is absent, empty or blank is missing; named by its key, as the file has it.
MISSING = {"missing", "string_too_short", "too_short", "blank"}
MALFORMED = {
    "email": "not an email address",
    "mailing_list": "not an email address",
    "handle": "not a handle (lowercase letters, digits, '.', '_' or '-')",
    "slug": "not a slug (lowercase letters, digits or '-')",
}


def validate_statement(raw: Any) -> Statement:
    """Validate a statement, naming every missing or wrong part in a single error."""
    if not isinstance(raw, dict):
        raise StatementInvalid(["the statement must be an object of named parts"])
    problems: list[str] = []
    statement = None
    if isinstance(raw.get("slug"), str) and not raw["slug"].strip():
        raw = {k: v for k, v in raw.items() if k != "slug"}  # optional: empty is absent
    try:
        statement = Statement.model_validate(raw)
    except ValidationError as e:
        problems += schema_problems(e)
    # The cross-checks read the raw parts, so they are named even when a part is invalid.
    problems += founding_problems(raw.get("members"), raw.get("contacts"))
    if problems or statement is None:
        raise StatementInvalid(problems)
    return statement


def schema_problems(error: ValidationError) -> list[str]:
    """Short enough that every problem of a statement fits on the one error line: the
    same problem of several founders or contacts is named once, with their positions."""
    missing: list[str] = []
    wrong: list[str] = []
    per_entry: dict[tuple[str, str, str], list[int]] = {}  # (list, field, problem) -> indexes
    for err in error.errors():
        loc = err["loc"]
        blank = isinstance(err.get("input"), str) and not err["input"].strip()
        is_missing = err["type"] in MISSING or blank
        if len(loc) == 1 and is_missing:
            missing.append(str(loc[0]))
            continue
        if err["type"] == "string_pattern_mismatch":
            problem = MALFORMED.get(str(loc[-1]), "malformed")
        else:
            problem = "missing" if is_missing else err["msg"].removeprefix("Value error, ")
        if len(loc) >= 2 and isinstance(loc[1], int):
            field = ".".join(map(str, loc[2:]))
            per_entry.setdefault((str(loc[0]), field, problem), []).append(loc[1])
        else:
            wrong.append(f"{'.'.join(map(str, loc))}: {problem}")
    return (
        ([f"missing {', '.join(missing)}"] if missing else []) + wrong + entry_problems(per_entry)
    )


def entry_problems(per_entry: dict[tuple[str, str, str], list[int]]) -> list[str]:
    """`members.3-7: missing email, group`, `members.0,2.email: not an email address`."""
    missing: dict[tuple[str, str], list[str]] = {}  # (list, positions) -> missing fields
    problems = []
    for (part, field, problem), indexes in per_entry.items():
        positions = f"{part}.{index_ranges(indexes)}"
        if problem == "missing" and field:
            missing.setdefault((part, positions), []).append(field)
        else:
            problems.append(f"{positions}{'.' + field if field else ''}: {problem}")
    named = [
        f"{positions}: missing {', '.join(fields)}" for (_, positions), fields in missing.items()
    ]
    return named + problems


def index_ranges(indexes: list[int], shown: int = 4) -> str:
    """0-based positions, runs shortened: [0, 2, 3, 4] is `0,2-4`; past `shown` runs, how
    many more (the line names every kind of problem, not every position)."""
    runs: list[list[int]] = []
    for i in sorted(set(indexes)):
        if runs and i == runs[-1][1] + 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    named = ",".join(str(a) if a == b else f"{a}-{b}" for a, b in runs[:shown])
    more = sum(b - a + 1 for a, b in runs[shown:])
    return f"{named} (+{more} more)" if more else named


def founding_problems(members: Any, contacts: Any) -> list[str]:
    """Stakeholder groups, duplicates, contacts among members: on whatever parts exist."""
    members = [m for m in members if isinstance(m, dict)] if isinstance(members, list) else []
    contacts = [c for c in contacts if isinstance(c, dict)] if isinstance(contacts, list) else []
    if not members:
        return []
    problems = []
    groups = {m.get("group") for m in members if m.get("group") in STAKEHOLDER_GROUPS}
    if len(groups) < policy.MIN_STAKEHOLDER_GROUPS:
        problems.append(
            f"founding members cover {len(groups)} stakeholder group(s), "
            f"at least {policy.MIN_STAKEHOLDER_GROUPS} are required"
        )
    handles = [str(m.get("handle")) for m in members]
    problems += listed_twice("members", handles)
    problems += listed_twice("contacts", [str(c.get("handle")) for c in contacts])
    missing_contacts = {str(c.get("handle")) for c in contacts} - set(handles)
    if missing_contacts:
        problems.append(
            "contact persons must also be founding members: " + ", ".join(sorted(missing_contacts))
        )
    return problems


def listed_twice(part: str, handles: list[str]) -> list[str]:
    """`members.0,2: a is listed twice`: each handle a part lists more than once."""
    twice = sorted({h for h in handles if handles.count(h) > 1})
    return [
        f"{part}.{index_ranges([i for i, x in enumerate(handles) if x == h])}: {h} is listed twice"
        for h in twice
    ]


def load_structured(path: Path) -> Any:
    """A JSON or TOML file (by suffix; JSON otherwise)."""
    text = read_text(path)
    if path.suffix.lower() == ".toml":
        try:
            return tomllib.loads(text)
        except (tomllib.TOMLDecodeError, RecursionError) as e:
            raise InvalidInput(f"{path} is not valid TOML: {e}") from None
    try:
        return parse_json(text)
    except InvalidInput as e:
        # Read as JSON whatever its suffix; say so when the suffix suggests otherwise.
        suffix = path.suffix.lower()
        read_as = "" if suffix in ("", ".json") else f" (a {suffix} file is read as JSON)"
        raise InvalidInput(f"{path} is not valid JSON{read_as}: {e}") from None
