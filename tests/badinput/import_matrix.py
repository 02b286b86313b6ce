"""Bad import files: every key of every command with every wrong JSON type, and the size
and encoding limits of JSON Lines."""

from __future__ import annotations

import inspect
import json
from typing import Any

from dcledger.ledger.commands import all_commands
from tests.badinput.cases import Case
from tests.badinput.workspace import Workspace

# A valid-looking line per command; each case spoils one key of it.
PLAIN: dict[str, Any] = {
    "slug": "dc-example",
    "handle": "ana",
    "year": 2020,
    "amendment": 1,
    "event_id": 3,
    "secretariat": "sec",
    "name": "N",
    "email": "n@example.org",
    "office": "dccg",
    "group": "academia",
    "role": "observer",
    "kind": "document",
    "choice": "yes",
    "threshold": "majority",
    "until": "2021-06-01",
    "closes": "2021-06-01",
    "by": "ana",
    "set_roles": ["dc-example:bo:observer"],
    "removals": ["dc-example:bo"],
    "dissent": ["d"],
    "observer": False,
    "no_dissent": False,
}
FILE_KEYS = {
    "coalition propose": {"statement": "statement.json"},
    "charter adopt": {"file": "charter.md"},
    "amendment propose": {"text_file": "text.md", "section": ["obligations"]},
    "amendment rebase": {"text_file": "text.md"},
}
DEEP = "[" * 100_000 + "]" * 100_000
# Values of the wrong JSON type for a key, by the type the key wants.
WRONG_FOR_TEXT = ["12", "1.5", "true", "[]", "{}", '["a"]', '{"a": 1}', DEEP, "1e999"]
WRONG_FOR_INT = ['"abc"', "1.5", "[]", "{}", '"2020-01-01"', DEEP, "9" * 100_000, "1e999"]
WRONG_FOR_INT += ["99999999999999999999", "-9223372036854775809"]
WRONG_FOR_LIST = ["12", "{}", "[1, 2]", "[[]]", DEEP]
WRONG_FOR_BOOL = ['"yes"', "[]", "{}", "2"]


def keys_of(name: str) -> dict[str, Any]:
    params = list(inspect.signature(all_commands()[name]).parameters.values())[1:]
    plain = {p.name: PLAIN.get(p.name, "text") for p in params}
    if name in FILE_KEYS:
        for key in ("statement", "sections", "text"):
            plain.pop(key, None)
        plain |= FILE_KEYS[name]
    return plain


def wrong_values(key: str, plain: Any) -> list[str]:
    if isinstance(plain, bool):
        return WRONG_FOR_BOOL
    if isinstance(plain, int):
        return WRONG_FOR_INT
    if isinstance(plain, list):
        return WRONG_FOR_LIST
    return WRONG_FOR_TEXT


def line(name: str, keys: dict[str, Any], raw: tuple[str, str] | None = None) -> str:
    entry = {"command": name, "as": "sec", "on": "2020-01-01", **keys}
    text = json.dumps(entry)
    if raw is not None:  # a key with a raw JSON value (some are not valid Python JSON)
        key, value = raw
        entry.pop(key, None)
        text = json.dumps(entry)[:-1] + f', "{key}": {value}}}'
    return text


def import_case(w: Workspace, label: str, text: str, **kwargs: Any) -> Case:
    path = w.folder / f"import-{abs(hash(label))}.jsonl"
    path.write_text(text, encoding="utf-8", errors="surrogateescape")
    return Case(f"import {label}", ["import", str(path)], **kwargs)


def key_cases(w: Workspace) -> list[Case]:
    cases = []
    for name in all_commands():
        keys = keys_of(name)
        for key, plain in [*keys.items(), ("on", "2020-01-01"), ("as", "sec")]:
            values = WRONG_FOR_TEXT if key in ("on", "as") else wrong_values(key, plain)
            for value in values:
                label = f"{name}: {key}={value[:20]}"
                cases.append(import_case(w, label, line(name, keys, (key, value)) + "\n"))
    return cases


def envelope_cases(w: Workspace) -> list[Case]:
    base = keys_of("meeting record")
    texts = {
        "not an object": "[1, 2]\n",
        "a string": '"member join"\n',
        "no command": '{"as": "sec"}\n',
        "unknown command": '{"command": "frobnicate"}\n',
        "command of wrong type": '{"command": ["member", "join"]}\n',
        "only comments": "# nothing\n\n",
        "empty": "",
        "NUL byte": line("meeting record", base).replace("text", "te\x00xt") + "\n",
        "raw NUL": '{"command": "meeting record"\x00}\n',
        "invalid UTF-8": line("meeting record", base).replace("text", "te\udcffxt") + "\n",
        "100,000-digit number": line("meeting record", base, ("year", "9" * 100_000)) + "\n",
        "deep nesting": line("meeting record", base, ("title", DEEP)) + "\n",
        "unknown key": line("meeting record", base | {"colour": "red"}) + "\n",
        "trailing garbage": line("meeting record", base) + " x\n",
        "huge line": line("meeting record", base | {"title": "x" * 3_000_000}) + "\n",
        "NaN": line("meeting record", base, ("title", "NaN")) + "\n",
        "second line bad": line("meeting record", base) + "\n{\n",
        "label names no event": line("dccg meeting", {})[:-1] + ', "label": 5}\n',
        "retract an unknown label": line("retract", {"event_id": "@nope", "reason": "r"}) + "\n",
        "a file key outside": line("charter adopt", {"file": "/dev/zero"}) + "\n",
        "a FIFO": line("charter adopt", {"file": str(w.fifo)}) + "\n",
        "a folder": line("charter adopt", {"file": str(w.folder_path)}) + "\n",
        "empty charter": line("charter adopt", {"file": str(w.empty)}) + "\n",
        "empty amendment": line(
            "amendment propose",
            {
                "text_file": str(w.empty),
                "section": ["obligations"],
                "rationale": "r",
                "message_id": "m",
            },
        )
        + "\n",
        "empty charter heading": line("charter adopt", {"file": "empty-heading.md"}) + "\n",
    }
    (w.folder / "empty-heading.md").write_text("## \n\nText.\n\n## Real\n\nMore.\n")
    return [import_case(w, label, text) for label, text in texts.items()]


def file_cases(w: Workspace) -> list[Case]:
    cases = [Case("import a FIFO", ["import", str(w.fifo)])]
    cases.append(Case("import a folder", ["import", str(w.folder_path)]))
    cases.append(Case("import a missing file", ["import", str(w.missing)]))
    cases.append(Case("import invalid UTF-8", ["import", str(w.bad_utf8)]))
    return cases


def import_cases(w: Workspace) -> list[Case]:
    return key_cases(w) + envelope_cases(w) + file_cases(w)
