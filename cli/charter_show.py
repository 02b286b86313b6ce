"""Showing the charter, amendments and votes; the auditor's check."""

from __future__ import annotations

import click

from dcledger.cli.output import emit_json, json_option, table, wants_json
from dcledger.cli.record import amendment, charter, vote
from dcledger.cli.show import registry_for
from dcledger.ledger.audit import audit
from dcledger.projections import charter as views


@charter.command("show")
@click.option("--version", "number", type=int, help="A past version (default: the current one).")
@click.option("--as-of", metavar="DATE", help="The charter in force on this date.")
@json_option
def charter_show(number: int | None, as_of: str | None, as_json: bool) -> None:
    """The charter's sections."""
    registry, _ = registry_for(as_of, None)
    shown = views.charter_show(registry, number)
    if wants_json(as_json):
        emit_json(shown)
        return
    click.echo(f"# DC Charter, version {shown['version']} ({shown['effective_date']})")
    for section in shown["sections"]:
        click.echo(f"\n## {section['title']}  [{section['id']}]\n\n{section['text'].rstrip()}")


@charter.command("history")
@json_option
def charter_history(as_json: bool) -> None:
    """Every charter version: when, from which amendment, incorporated by whom."""
    registry, _ = registry_for(None, None)
    rows = views.charter_history(registry)
    if wants_json(as_json):
        emit_json(rows)
        return
    table(
        "Charter versions",
        ["version", "effective", "amendment", "by"],
        (
            [r["version"], r["effective_date"], r["amendment"] or "adopted", r["incorporated_by"]]
            for r in rows
        ),
    )


@charter.command("diff")
@click.argument("old", type=int)
@click.argument("new", type=int)
@json_option
def charter_diff(old: int, new: int, as_json: bool) -> None:
    """A unified diff, per section, between versions OLD and NEW."""
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
@json_option
def charter_audit(as_json: bool) -> None:
    """Check, from the log alone, that every charter change followed the procedure.

    Exits 1 when any check fails."""
    service = click.get_current_context().obj.service()
    checks = audit(service.log_facts())
    failed = [c for c in checks if not c.ok]
    if wants_json(as_json):
        emit_json({"ok": not failed, "checks": [c.as_dict() for c in checks]})
    else:
        for c in checks:
            mark = "pass" if c.ok else "FAIL"
            click.echo(f"{mark}  v{c.version} amendment {c.amendment}: {c.name} - {c.reason}")
        click.echo(f"{len(checks) - len(failed)} passed, {len(failed)} failed")
    if failed:
        raise SystemExit(1)


@amendment.command("show")
@click.argument("number", type=int)
@json_option
def amendment_show(number: int, as_json: bool) -> None:
    """The whole story of one amendment, dissent included."""
    registry, _ = registry_for(None, None)
    story = views.amendment_show(registry, number)
    if wants_json(as_json):
        emit_json(story)
        return
    click.echo(f"Amendment {number}: {story['status']}")
    click.echo(
        f"proposed by {story['proposer']} on {story['proposed_on']} against version "
        f"{story['base_version']} (message {story['message_id']})"
    )
    click.echo(f"sections: {', '.join(story['sections'])}\nrationale: {story['rationale']}")
    for d in story["discussion"]:
        click.echo(f"discussed {d['on']}: {d['ref']}")
    if story["consensus_on"]:
        click.echo(f"consensus {story['consensus_on']} ({story['consensus_by']})")
    if story["withdrawn_reason"]:
        click.echo(f"withdrawn: {story['withdrawn_reason']}")
    if story["vote"]:
        v = story["vote"]
        click.echo(
            f"vote {v['opened_on']}..{v['closes']}: yes {v['yes']}, no {v['no']}, "
            f"abstain {v['abstain']} of {v['electorate']} -> {v['outcome']}"
        )
        for statement in v["dissent"]:
            click.echo(f"dissent: {statement}")
    if story["incorporated_version"]:
        click.echo(f"incorporated as version {story['incorporated_version']}")


@vote.command("show")
@click.argument("number", type=int)
@json_option
def vote_show(number: int, as_json: bool) -> None:
    """A vote's electorate, tally, turnout, quorum, outcome and dissent."""
    registry, _ = registry_for(None, None)
    shown = views.vote_show(registry, number)
    if wants_json(as_json):
        emit_json(shown)
        return
    for key, value in shown.items():
        click.echo(f"{key}: {value}")
