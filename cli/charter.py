"""The charter: adopting it, its yearly review, its versions, their diffs, the audit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from dcledger.cli.options import (
    EXISTING_FILE,
    json_option,
    known_at_option,
    output_options,
    record,
    recording,
    registry_for,
    service,
    time_options,
    wants_json,
)
from dcledger.cli.output import emit_json, render
from dcledger.ledger.audit import audit
from dcledger.ledger.charter_text import parse_charter_markdown
from dcledger.ledger.textfiles import read_text
from dcledger.projections import charter as views


@click.group()
def charter() -> None:
    """The charter: adopt, review, show, history, diff, audit.

    \b
    Example:
      dcledger charter show --version 1
    """


@charter.command("adopt")
@click.argument("file", type=EXISTING_FILE)
@recording()
def charter_adopt(file: Path, **envelope: Any) -> None:
    """Adopt version 1 from a Markdown FILE whose '## ' headings are the sections (DCCG).

    An adoption made by mistake is retracted (`dcledger retract`) while no amendment
    builds on it; the charter is then adopted again.

    \b
    Example:
      dcledger --as chair charter adopt data/charter.md --on 2021-01-15
    """
    sections = parse_charter_markdown(read_text(file))
    record("charter adopt", {"sections": sections}, **envelope)


@charter.command("review")
@click.argument("year", type=int)
@click.option("--notes", required=True, help="What the review found or decided.")
@recording()
def charter_review(year: int, notes: str, **envelope: Any) -> None:
    """Record the DCCG's yearly charter review.

    \b
    Example:
      dcledger --as chair charter review 2024 --notes "no change needed"
    """
    record("charter review", {"year": year, "notes": notes}, **envelope)


@charter.command("show")
@click.option("--version", "number", type=int, help="A past version (default: the current one).")
@click.option("--as-of", metavar="DATE", help="The charter in force on this date.")
@known_at_option
@json_option
def charter_show(
    number: int | None, as_of: str | None, known_at: str | None, as_json: bool
) -> None:
    """The charter's sections.

    \b
    Example:
      dcledger charter show --as-of 2021-06-01
    """
    registry, _ = registry_for(as_of, known_at)
    shown = views.charter_show(registry, number)
    if wants_json(as_json):
        emit_json(shown)
        return
    click.echo(f"# DC Charter, version {shown['version']} ({shown['effective_date']})")
    for section in shown["sections"]:
        click.echo(f"\n## {section['title']}  [{section['id']}]\n\n{section['text'].rstrip()}")


@charter.command("history")
@time_options
@output_options()
def charter_history(as_of: str | None, known_at: str | None, fmt: str) -> None:
    """Every charter version: when, from which amendment, incorporated by whom.

    \b
    Example:
      dcledger charter history --format csv
    """
    registry, _ = registry_for(as_of, known_at)
    rows = views.charter_history(registry)
    columns = [
        ("version", "version"),
        ("effective", "effective_date"),
        ("amendment", lambda r: r["amendment"] or "adopted"),
        ("by", "incorporated_by"),
    ]
    render(fmt, rows, columns, title="Charter versions")


@charter.command("diff")
@click.argument("old", type=int)
@click.argument("new", type=int)
@json_option
def charter_diff(old: int, new: int, as_json: bool) -> None:
    """A unified diff, per section, between versions OLD and NEW.

    \b
    Example:
      dcledger charter diff 1 2
    """
    registry, _ = registry_for(None, None)
    changes = views.charter_diff(registry, old, new)
    if wants_json(as_json):
        emit_json(changes)
        return
    for change in changes:
        click.echo(change["diff"], nl=False)
    if not changes:
        click.echo(f"versions {old} and {new} have the same text")


@charter.command("audit")
@output_options()
def charter_audit(fmt: str) -> None:
    """Check, from the log alone, that every charter change followed the procedure.

    Exits 1 when any check fails. CSV has one row per check; JSON adds "ok".

    \b
    Example:
      dcledger charter audit --format csv > audit.csv
    """
    checks = audit(service().log_facts())
    failed = [c for c in checks if not c.ok]
    rows = [c.as_dict() for c in checks]
    if fmt == "table":
        for c in checks:
            mark = "pass" if c.ok else "FAIL"
            click.echo(f"{mark}  {c.subject}: {c.name} - {c.reason}")
        click.echo(f"{len(checks) - len(failed)} passed, {len(failed)} failed")
    else:
        columns = [(key, key) for key in ("version", "amendment", "check", "result", "reason")]
        render(fmt, rows, columns, document={"ok": not failed, "checks": rows})
    if failed:
        raise SystemExit(1)


COMMANDS = [charter]
