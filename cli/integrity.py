"""Signed events, proofs and offline verification on the command line.

checkpoint, prove, verify and export (`person add-key` / `revoke-key` are in people.py).
Every failure is one `Error:` line naming the first bad event, exit 1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from dcledger.cli.options import json_option, wants_json
from dcledger.cli.output import emit_json
from dcledger.ledger import audit as rules_audit
from dcledger.ledger.errors import IntegrityFailure, InvalidInput
from dcledger.ledger.integrity import bundle, stored
from dcledger.ledger.integrity.checkpoint import parse_note
from dcledger.ledger.integrity.proofs import b64, consistency_document, inclusion_document
from dcledger.ledger.integrity.verify import Problem
from dcledger.ledger.textfiles import read_text

FILE = click.Path(path_type=Path)  # checked when read: one Error: line, never a hang


def session_app() -> Any:
    return click.get_current_context().obj.service().app


def read_checkpoint(path: Path) -> str:
    return read_text(path)


def secretariat_key() -> Any:
    """The private key of the person signing for the ledger: --as, else the first
    secretariat; it must be a registered, unrevoked key of theirs."""
    session = click.get_current_context().obj
    return session.service().ledger_signing_key(session.actor, session.key_file)


@click.command()
@json_option
def checkpoint(as_json: bool) -> None:
    """Print the ledger's current checkpoint, signed by the secretariat (C2SP signed note).

    The whole log is verified first; nothing is signed when it does not verify.
    With --json: its origin, size and root hash, beside the note.

    \b
    Example (an auditor keeps the file, and later checks the ledger against it):
      dcledger --as sec checkpoint > 2026-11.checkpoint
      dcledger verify --checkpoint 2026-11.checkpoint
    """
    app = session_app()
    note = stored.signed_checkpoint(app, secretariat_key())
    if wants_json(as_json):
        head, _ = parse_note(note)
        emit_json({"origin": head.origin, "size": head.size, "root": b64(head.root), "note": note})
    else:
        click.echo(note, nl=False)


@click.command()
@click.argument("event_id", type=int, required=False)
@click.option("--checkpoint", "checkpoint_file", type=FILE, help="Prove against this tree.")
@click.option("--from", "from_file", type=FILE, help="Prove this checkpoint's tree grew into now.")
@json_option
def prove(
    event_id: int | None, checkpoint_file: Path | None, from_file: Path | None, as_json: bool
) -> None:
    """Print an RFC 9162 inclusion proof of EVENT_ID, or a consistency proof from a checkpoint.

    A checkpoint proves only if the ledger's secretariat signed it, as verify judges it.

    \b
    Examples:
      dcledger prove 42                             # event 42 is in today's tree
      dcledger prove 42 --checkpoint 2026-11.checkpoint
      dcledger prove --from 2026-11.checkpoint      # today's log extends that one
    """
    if (event_id is None) == (from_file is None):  # alternatives: a usage mistake (exit 2)
        raise click.UsageError("give EVENT_ID or --from CHECKPOINT (one of them)")
    app = session_app()
    if from_file is not None:
        document = consistency_document(app, read_checkpoint(from_file))
    else:
        saved = None if checkpoint_file is None else read_checkpoint(checkpoint_file)
        document = inclusion_document(app, event_id, saved)
    if wants_json(as_json):
        emit_json(document)
    else:
        for name, value in document.items():
            if not isinstance(value, list):
                click.echo(f"{name}: {value}")
            else:  # a proof of no hashes (the same tree) says so rather than a blank line
                click.echo(
                    f"{name}:" + "".join(f"\n  {h}" for h in value) if value else f"{name}: none"
                )


def fail_on(problems: list[Problem]) -> None:
    if problems:
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise IntegrityFailure(problems[0].text + more)


@click.command()
@click.option(
    "--checkpoint", "checkpoints", type=FILE, multiple=True, help="A saved checkpoint (repeat)."
)
@click.option("--bundle", "bundle_dir", type=click.Path(path_type=Path), help="An export DIR.")
@json_option
def verify(checkpoints: tuple[Path, ...], bundle_dir: Path | None, as_json: bool) -> None:
    """Check every event's signature and leaf, the tree, and consistency with checkpoints.

    With --bundle, check an exported bundle offline (no database), then audit the rules.

    \b
    Examples:
      dcledger verify
      dcledger verify --checkpoint 2026-11.checkpoint
      dcledger verify --bundle ledger-2026-11/
    """
    saved = [(f"checkpoint {p}", read_checkpoint(p)) for p in checkpoints]
    if bundle_dir is not None:
        verify_bundle_command(bundle_dir, saved, as_json)
        return
    app = session_app()
    problems = stored.verify_ledger(app, saved)
    if problems and wants_json(as_json):
        # As audit does: the verdict is the document, and the exit status says it failed.
        emit_json({"ok": False, "problems": [p.text for p in problems]})
        raise SystemExit(1)
    fail_on(problems)
    now = stored.current(app)
    if wants_json(as_json):
        emit_json({"ok": True, "events": now.size, "root": b64(now.root)})
    else:
        click.echo(f"verified {now.size} events: every signature, leaf and tree node holds")


def verify_bundle_command(folder: Path, saved: list[tuple[str, str]], as_json: bool) -> None:
    try:
        problems, facts = bundle.verify_bundle(folder, saved)
    except FileNotFoundError as e:
        raise InvalidInput(str(e)) from None
    fail_on(problems)
    # Verified, the checkpoint names the ledger its first event founded: a bundle proves
    # itself from that event on, so the reader compares the name with one they trust.
    origin = (folder / bundle.CHECKPOINT).read_text(encoding="utf-8").split("\n", 1)[0]
    # The rules, on the bundle alone: every event re-checked, then the charter's versions.
    violations = rules_audit.audit_ledger(facts).violations
    checks = rules_audit.audit(facts)
    failed = [c for c in checks if not c.ok]
    if wants_json(as_json):
        emit_json(
            {
                "ok": not failed and not violations,
                "origin": origin,
                "events": len(facts),
                "violations": [v.as_dict() for v in violations],
                "checks": [c.as_dict() for c in checks],
            }
        )
    else:
        click.echo(f"verified {len(facts)} events of the bundle offline, of ledger {origin}")
        if not saved:
            click.echo("(compare that name with a checkpoint you trust: --checkpoint FILE)")
        for v in violations:
            click.echo(f"FAIL  event {v.event} {v.type}: {v.message} [rule: {v.rule}]")
        for c in failed:
            click.echo(f"FAIL  {c.subject}: {c.name} - {c.reason}")
        click.echo(f"audit: {len(facts)} events re-checked, {len(violations)} violation(s)")
        click.echo(f"charter audit: {len(checks) - len(failed)} passed, {len(failed)} failed")
    if failed or violations:
        raise SystemExit(1)


@click.command()
@click.argument("folder", type=click.Path(path_type=Path))
@json_option
def export(folder: Path, as_json: bool) -> None:
    """Write a bundle that `verify --bundle` checks offline: events, keys, checkpoint.

    The whole log is verified first; nothing is written when it does not verify.

    \b
    Example:
      dcledger --as sec export ledger-2026-11/
      dcledger verify --bundle ledger-2026-11/
    """
    if folder.exists() and not folder.is_dir():
        raise InvalidInput(f"{folder} is not a folder")
    app = session_app()
    note = stored.signed_checkpoint(app, secretariat_key())
    count = bundle.export(app, folder, note)
    if wants_json(as_json):
        emit_json({"events": count, "folder": str(folder)})
    else:
        click.echo(f"exported {count} events to {folder}")


COMMANDS = [checkpoint, prove, verify, export]
