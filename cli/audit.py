"""`dcledger audit`: the whole ledger re-checked, from the log alone, by the rule layer."""

from __future__ import annotations

import click

from dcledger.cli.options import output_options, service
from dcledger.cli.output import render
from dcledger.ledger.audit import audit_ledger


@click.command("audit")
@output_options()
def audit(fmt: str) -> None:
    """Replay the log and re-check every event with the charter's rules on its own date.

    The same checks decided each command when it was recorded; here they run again on
    the log alone, so a history written around the commands (an edited file, a buggy
    importer) is caught. Prints each violation with its event id and rule; exits 1 if
    there is any. `charter audit` runs the same engine on the charter and amendments.

    \b
    Example:
      dcledger audit
      dcledger audit --format json | jq '.violations[].rule'
    """
    result = audit_ledger(service().log_facts())
    rows = [v.as_dict() for v in result.violations]
    if fmt == "table":
        for v in result.violations:
            click.echo(
                f"FAIL  event {v.event} {v.type} on {v.effective_date}: {v.message} "
                f"[rule: {v.rule}]"
            )
        click.echo(f"{result.events} events checked, {len(rows)} violation(s)")
    else:
        columns = [(k, k) for k in ("event", "type", "effective_date", "rule", "message")]
        document = {"ok": result.ok, "events": result.events, "violations": rows}
        render(fmt, rows, columns, document=document)
    if not result.ok:
        raise SystemExit(1)


COMMANDS = [audit]
