"""A small history touching every kind of record, recorded through the command line."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.cli_helpers import Shell, adopt_charter, with_dccg_member


def record_history(shell: Shell, folder: Path) -> Shell:
    with_dccg_member(shell.founded())
    shell.ok(
        "meeting",
        "record",
        "dc-example",
        "--title",
        "Kick-off call",
        "--on",
        "2019-03-10",
        actor="ana",
    )
    shell.ok(
        "output",
        "record",
        "dc-example",
        "--kind",
        "document",
        "--title",
        "Principles for example matters",
        "--agreement",
        "all of it",
        "--dissent",
        "too long",
        "--on",
        "2019-09-01",
        actor="ana",
    )
    shell.ok("dccg", "meeting", "--on", "2019-05-14", actor="dee")
    shell.ok("dccg", "attend", "dc-example", "--by", "ana", "--on", "2019-05-14", actor="dee")
    shell.ok(
        "report",
        "file",
        "dc-example",
        "2019",
        "--url",
        "https://example.org/r2019",
        "--on",
        "2020-03-02",
        actor="ana",
    )
    adopt_charter(shell, folder)
    shell.ok(
        "amendment",
        "propose",
        "--section",
        "principles",
        "--text-file",
        str(folder / "new.md"),
        "--rationale",
        "clearer",
        "--message-id",
        "<p1@l.org>",
        "--on",
        "2019-04-01",
        actor="bo",
    )
    shell.ok("amendment", "consensus", "1", "--on", "2019-04-20", actor="dee")
    shell.ok("vote", "open", "1", "--closes", "2019-05-31", "--on", "2019-05-01", actor="dee")
    shell.ok("vote", "cast", "1", "yes", "--on", "2019-05-10", actor="ana")
    return shell
