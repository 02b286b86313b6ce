"""Documents users hand in: written statements, charter Markdown, amendment texts."""

from __future__ import annotations

import json
import re
import stat
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from dcledger.ledger import policy
from dcledger.ledger.errors import InvalidInput, StatementInvalid
from dcledger.ledger.vocabulary import STAKEHOLDER_GROUPS

HANDLE_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,62}$"
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{1,62}$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class Contact(BaseModel):
    model_config = ConfigDict(extra="allow")
    handle: str = Field(pattern=HANDLE_PATTERN)
    name: str = Field(min_length=1)
    email: str = Field(pattern=EMAIL_PATTERN)


class FoundingMember(Contact):
    group: str

    @field_validator("group")
    @classmethod
    def known_group(cls, group: str) -> str:
        if group not in STAKEHOLDER_GROUPS:
            raise ValueError(f"'{group}' is not a stakeholder group")
        return group


class Statement(BaseModel):
    """The written statement a proposed coalition submits to the secretariat."""

    model_config = ConfigDict(extra="allow")
    name: str = Field(min_length=1)
    slug: str | None = Field(default=None, pattern=SLUG_PATTERN)
    need: str = Field(min_length=1)
    action_plan: str = Field(min_length=1)
    mailing_list: str = Field(pattern=EMAIL_PATTERN)
    contacts: list[Contact] = Field(min_length=1)
    members: list[FoundingMember] = Field(min_length=1)

    def resolved_slug(self) -> str:
        return self.slug or slugify(self.name)


PART_NAMES = {
    "name": "the coalition's name",
    "need": "the need for the coalition",
    "action_plan": "an action plan",
    "mailing_list": "a mailing list address",
    "contacts": "contact persons",
    "members": "founding members",
}


def check_person_fields(handle: str, name: str, email: str) -> None:
    if not re.fullmatch(HANDLE_PATTERN, handle):  # fullmatch: "ana\n" is no handle
        raise InvalidInput(f"handle '{handle}' must be lowercase letters, digits, '.', '_' or '-'")
    if not name.strip():
        raise InvalidInput("a person needs a name")
    if not re.fullmatch(EMAIL_PATTERN, email):
        raise InvalidInput(f"'{email}' is not an email address")


def slugify(text: str) -> str:
    words = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    words = re.sub(r"^dynamic-coalition-(on|for)-(the-)?", "", words)
    return ("dc-" + words)[:63].rstrip("-")


def validate_statement(raw: Any) -> Statement:
    """Validate a statement, naming every missing or wrong part in a single error."""
    if not isinstance(raw, dict):
        raise StatementInvalid(["the statement must be an object of named parts"])
    problems: list[str] = []
    statement = None
    try:
        statement = Statement.model_validate(raw)
    except ValidationError as e:
        for err in e.errors():
            where = ".".join(str(p) for p in err["loc"])
            top = str(err["loc"][0])
            if err["type"] == "missing" and len(err["loc"]) == 1:
                problems.append(f"missing {PART_NAMES.get(top, top)} ({top})")
            else:
                problems.append(f"{where}: {err['msg']}")
    # The cross-checks read the raw parts, so they are named even when a part is invalid.
    problems += founding_problems(raw.get("members"), raw.get("contacts"))
    if problems or statement is None:
        raise StatementInvalid(problems)
    return statement


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
            f"founding members cover {len(groups)} stakeholder group(s); "
            f"at least {policy.MIN_STAKEHOLDER_GROUPS} are required"
        )
    handles = [str(m.get("handle")) for m in members]
    if len(set(handles)) != len(handles):
        problems.append("a founding member is listed twice")
    missing_contacts = {str(c.get("handle")) for c in contacts} - set(handles)
    if missing_contacts:
        problems.append(
            "contact persons must also be founding members: " + ", ".join(sorted(missing_contacts))
        )
    return problems


def load_structured(path: Path) -> Any:
    """A JSON or TOML file (by suffix; JSON otherwise)."""
    text = read_text(path)
    kind = path.suffix.lstrip(".") or "JSON"
    if path.suffix.lower() == ".toml":
        try:
            return tomllib.loads(text)
        except (tomllib.TOMLDecodeError, RecursionError) as e:
            raise InvalidInput(f"{path} is not valid {kind}: {e}") from None
    try:
        return parse_json(text)
    except InvalidInput as e:
        raise InvalidInput(f"{path} is not valid {kind}: {e}") from None


def parse_json(text: str) -> Any:
    """JSON, refusing what the parser would choke on: deep nesting, endless digits."""
    depth = deepest_nesting(text)
    if depth > policy.MAX_JSON_DEPTH:
        raise InvalidInput(f"nested {depth} levels deep (at most {policy.MAX_JSON_DEPTH})")
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise InvalidInput(e.msg) from None
    except ValueError as e:  # e.g. an integer of more digits than Python converts
        raise InvalidInput(str(e).split(";")[0]) from None


def deepest_nesting(text: str) -> int:
    """An upper bound of the nesting depth (brackets inside strings count too: cheap)."""
    if "[" not in text and "{" not in text:
        return 0
    depth = deepest = 0
    for match in re.finditer(r"[\[\]{}]", text):
        depth += 1 if match.group() in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def read_text(path: Path, limit: int = policy.MAX_DOCUMENT_BYTES) -> str:
    """A regular file's UTF-8 text. Never opens a FIFO or a device (that could block or
    never end), and refuses files larger than any document the ledger takes."""
    try:
        info = Path(path).stat()
        if stat.S_ISDIR(info.st_mode):
            raise InvalidInput(f"{path} is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise InvalidInput(f"{path} is not a regular file")
        if info.st_size > limit:
            raise InvalidInput(f"{path} is larger than {limit:,} bytes")
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidInput(f"no such file: {path}") from None
    except UnicodeDecodeError as e:
        raise InvalidInput(f"{path} is not UTF-8 text ({e.reason} at byte {e.start})") from None
    except (OSError, ValueError) as e:  # ValueError: a NUL byte in the path
        raise InvalidInput(f"cannot read {path}: {e}") from None


def section_id(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def parse_charter_markdown(text: str) -> list[dict[str, str]]:
    """Sections from `## ` headings; text before the first heading is the preamble."""
    sections: list[dict[str, str]] = []
    for block in re.split(r"^## +", text, flags=re.MULTILINE)[1:]:
        title, _, body = block.partition("\n")
        if not section_id(title):
            raise InvalidInput(f"a '## ' heading has no title: '## {title.strip()}'")
        sections.append(
            {"id": section_id(title), "title": title.strip(), "text": body.strip() + "\n"}
        )
    return sections


def sections_from_text(section_ids: list[str] | str, text: str) -> dict[str, str]:
    """One section: the whole text. Several: the text's `## ` blocks, matched by id."""
    ids = [section_ids] if isinstance(section_ids, str) else list(section_ids)
    if not ids:
        raise InvalidInput("name the section(s) the amendment changes (--section ID)")
    if not text.strip():
        raise InvalidInput("the amendment's text is empty")
    if len(ids) == 1:
        return {ids[0]: text.strip() + "\n"}
    blocks = {s["id"]: s["text"] for s in parse_charter_markdown(text)}
    missing = [i for i in ids if i not in blocks]
    if missing:
        raise InvalidInput(f"the text file has no '## ' block for section(s): {', '.join(missing)}")
    return {i: blocks[i] for i in ids}


def check_year(year: int, what: str = "year") -> None:
    """Refuse years no coalition can be about: before the first IGF, after next year."""
    last = datetime.now(UTC).year + policy.YEARS_AHEAD
    if not policy.FIRST_YEAR <= year <= last:
        raise InvalidInput(f"{what} {year} is not between {policy.FIRST_YEAR} and {last}")


def check_values(values: dict[str, Any], where: str = "") -> None:
    """Refuse values no command may take: control characters, text beyond the size
    limit, integers SQLite cannot store, impossible years. Called on every invocation's
    arguments and envelope before any command runs."""
    for key, value in values.items():
        check_value(f"{where}{key}", value)
        if key == "year" and isinstance(value, int) and not isinstance(value, bool):
            check_year(value)


def check_value(key: str, value: Any) -> None:
    if isinstance(value, str):
        if len(value) > policy.MAX_TEXT_CHARS:
            raise InvalidInput(f"{key} is longer than {policy.MAX_TEXT_CHARS:,} characters")
        if CONTROL.search(value):
            raise InvalidInput(f"{key} contains a control character")
    elif isinstance(value, int) and not isinstance(value, bool):
        if abs(value) > policy.MAX_INTEGER:
            raise InvalidInput(f"{key} is beyond the range of a stored integer")
    elif isinstance(value, dict):
        for inner_key, inner in value.items():
            check_value(f"{key}.{inner_key}", inner)
    elif isinstance(value, list | tuple):
        for inner in value:
            check_value(key, inner)


# C0 controls but tab, newline and carriage return; DEL. A NUL cannot even be stored.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
