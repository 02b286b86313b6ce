"""Start-up: a command loads only what it needs, so reading never pays for signing,
writing tables or drawing progress bars."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# Heavy libraries only recording, building read models or long work need.
NOT_FOR_READING = ("cryptography", "sqlite_utils", "rich", "tomllib")

PROBE = """
import json, sys
from dcledger.cli.main import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(m.split(".")[0] for m in sys.modules)), file=sys.stderr)
"""


def modules_loaded_by(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=60
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def test_showing_commands_load_no_recording_library(sqlite_ledger):
    sqlite_ledger.coalition()
    sqlite_ledger.service.catch_up()
    ledger = ["--ledger", sqlite_ledger.location, "--views", str(sqlite_ledger.views)]
    for command in (["status"], ["members", "dc-example"], ["log", "--limit", "3"]):
        loaded = modules_loaded_by(*ledger, *command)
        assert "dcledger" in loaded, command  # the probe ran the command
        assert loaded.isdisjoint(NOT_FOR_READING), (command, loaded & set(NOT_FOR_READING))


def test_help_loads_neither_the_domain_nor_the_store():
    loaded = modules_loaded_by("--help")
    assert loaded.isdisjoint({"pydantic", "eventsourcing", *NOT_FOR_READING})


def test_status_of_today_loads_no_state_models_once_its_documents_are_kept(sqlite_ledger):
    sqlite_ledger.coalition()
    ledger = ["--ledger", sqlite_ledger.location, "--views", str(sqlite_ledger.views)]
    first = modules_loaded_by(*ledger, "status")  # computes today's documents and keeps them
    assert "msgspec" in first  # the state library
    again = modules_loaded_by(*ledger, "status")
    assert "dcledger" in again
    assert "msgspec" not in again
    assert "eventsourcing" not in again  # the views are at the log's head: no catching up


def test_a_command_behind_the_log_loads_the_event_store_to_catch_up(sqlite_ledger):
    sqlite_ledger.coalition()
    sqlite_ledger.service.catch_up()
    ledger = ["--ledger", sqlite_ledger.location, "--views", str(sqlite_ledger.views)]
    assert "eventsourcing" not in modules_loaded_by(*ledger, "members", "dc-example")
    sqlite_ledger.run("meeting record", "ana", slug="dc-example", title="call", on="2019-05-01")
    behind = modules_loaded_by(*ledger, "members", "dc-example")
    assert "eventsourcing" in behind  # one new event to read


def test_members_of_today_loads_no_state_models(sqlite_ledger):
    sqlite_ledger.coalition()
    sqlite_ledger.service.catch_up()
    ledger = ["--ledger", sqlite_ledger.location, "--views", str(sqlite_ledger.views)]
    loaded = modules_loaded_by(*ledger, "members", "dc-example")
    assert "dcledger" in loaded
    assert loaded.isdisjoint({"msgspec", "pydantic", "eventsourcing"})


PLUGINS_PROBE = """
import sys
from dcledger.cli.main import main
try:
    main()
except SystemExit:
    pass
if "pydantic" not in sys.modules:
    print("not loaded", file=sys.stderr)
else:
    from pydantic.plugin import _loader
    print("searched" if _loader._plugins is not None else "not searched", file=sys.stderr)
"""
STATEMENT = str(Path(__file__).resolve().parents[2] / "data" / "statements" / "dc-irpc.json")


def pydantic_use(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", PLUGINS_PROBE, *args], capture_output=True, text=True, timeout=60
    )
    assert "Recorded " in done.stdout + done.stderr, done.stderr
    return done.stderr.strip().splitlines()[-1]


def test_recording_loads_pydantic_only_for_input_it_must_check(tmp_path):
    ledger = ["--ledger", str(tmp_path / "ledger.db")]
    init = ["init", "--secretariat", "s", "--name", "S", "--email", "s@x.org", "--on", "2019-01-02"]
    assert pydantic_use(*ledger, *init) == "not loaded"
    # A statement is a document pydantic checks; pydantic then looks for no plugins.
    propose = ["--as", "s", "coalition", "propose", "--statement", STATEMENT, "--on", "2019-01-20"]
    assert pydantic_use(*ledger, *propose) == "not searched"
    recognize = ["--as", "s", "coalition", "recognize", "dc-irpc", "--on", "2019-02-15"]
    assert pydantic_use(*ledger, *recognize) == "not loaded"
