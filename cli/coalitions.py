"""Coalitions: their lifecycle, their page, the list of them, and `status`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from dcledger.cli.options import (
    EXISTING_FILE,
    caught_up,
    json_option,
    optional_slug_argument,
    output_options,
    parse_as_of,
    parse_known_at,
    record,
    recording,
    registry_for,
    service,
    slug_argument,
    time_options,
    wants_json,
)
from dcledger.cli.output import emit_json, paragraph, render
from dcledger.projections import listings


@click.group()
def coalition() -> None:
    """Propose, recognize, decline, update, reactivate, dissolve, show and list coalitions.

    \b
    Example:
      dcledger coalition list
    """


@coalition.command("propose")
@click.option(
    "--statement",
    "statement_file",
    required=True,
    type=EXISTING_FILE,
    help="The written statement, JSON or TOML (see the README).",
)
@recording()
def coalition_propose(statement_file: Path, **envelope: Any) -> None:
    """Propose a coalition; prints its SLUG. A declined slug may be proposed again.

    \b
    Example:
      dcledger --as sec coalition propose --statement data/statements/dc-irpc.json
    """
    from dcledger.ledger.documents import load_structured  # YAML/TOML readers: proposing only

    statement = load_structured(statement_file)
    record("coalition propose", {"statement": statement}, headline="slug", **envelope)


@coalition.command("recognize")
@slug_argument
@recording()
def coalition_recognize(slug: str, **envelope: Any) -> None:
    """Recognize a proposed coalition (secretariat): its members and contacts join.

    \b
    Example:
      dcledger --as sec coalition recognize dc-irpc --evidence https://example.org/dc-irpc
    """
    # Founding members not yet registered get throwaway keys in your config folder, as
    # `person register` without --key does (a demo on one machine); in real use, register
    # them first with the .pub file each sends.
    from dcledger.cli.signing_keys import NewKeys  # cryptography: recording only

    made = NewKeys()
    keys = {handle: made.public_for_person(handle, None) for handle in unregistered(slug)}
    record("coalition recognize", {"slug": slug, "keys": keys}, **envelope)
    made.save()


def unregistered(slug: str) -> list[str]:
    """The founding members of `slug` whom the ledger does not know yet."""
    registry = service().registry()
    coalition = registry.coalitions.get(slug)
    if coalition is None:
        return []
    listed = [m["handle"] for m in coalition.statement.get("members", [])]
    return [h for h in listed if h not in registry.persons]


REASON = "Why, in a sentence (kept in the log)."


@coalition.command("decline")
@slug_argument
@click.option("--reason", required=True, help=REASON)
@recording()
def coalition_decline(slug: str, reason: str, **envelope: Any) -> None:
    """Decline a proposed coalition, with a reason (secretariat).

    \b
    Example:
      dcledger --as sec coalition decline dc-example --reason "no action plan"
    """
    record("coalition decline", {"slug": slug, "reason": reason}, **envelope)


@coalition.command("update-page")
@slug_argument
@click.option("--summary", required=True, help="What changed on the coalition's page.")
@recording()
def coalition_update_page(slug: str, summary: str, **envelope: Any) -> None:
    """Record that the secretariat included an update on the coalition's page.

    \b
    Example:
      dcledger --as sec coalition update-page dc-irpc --summary "2024 report linked"
    """
    record("coalition update-page", {"slug": slug, "summary": summary}, **envelope)


@coalition.command("reactivate")
@slug_argument
@click.option("--reason", required=True, help=REASON)
@recording()
def coalition_reactivate(slug: str, reason: str, **envelope: Any) -> None:
    """Reactivate an inactive coalition (secretariat).

    \b
    Example:
      dcledger --as sec coalition reactivate dc-iot --reason "reports filed again"
    """
    record("coalition reactivate", {"slug": slug, "reason": reason}, **envelope)


@coalition.command("dissolve")
@slug_argument
@click.option("--reason", required=True, help=REASON)
@recording()
def coalition_dissolve(slug: str, reason: str, **envelope: Any) -> None:
    """Dissolve a coalition (its co-coordinators or the secretariat). Final.

    \b
    Example:
      dcledger --as sec coalition dissolve dc-iot --reason "merged into dc-irpc"
    """
    record("coalition dissolve", {"slug": slug, "reason": reason}, **envelope)


@coalition.command("show")
@slug_argument
@time_options
@json_option
def coalition_show(slug: str, as_of: str | None, known_at: str | None, as_json: bool) -> None:
    """The coalition's published page: statement, participating members (names only).

    \b
    Example:
      dcledger coalition show dc-irpc --as-of 2021-01-01
    """
    from dcledger.projections import queries  # the state models: not for `status`

    registry, day = registry_for(as_of, known_at, slug)
    page = queries.coalition_page(registry, slug, day)
    if wants_json(as_json):
        emit_json(page)
        return
    click.echo(f"{page['name']} ({page['slug']}) - {page['status']}")
    if not page["published"]:
        paragraph("page", "not published: a coalition's page is published on its recognition")
    for key in ("proposed_on", "recognized_on", "declined_on", "decline_reason", "dissolved_on"):
        if page[key]:
            paragraph(key.replace("_", " "), page[key])
    for key in ("mailing_list", "need", "action_plan"):
        if page[key]:
            paragraph(key.replace("_", " "), page[key])
    paragraph("coordinators", ", ".join(page["coordinators"]) or "-")
    paragraph("participating members", ", ".join(page["participating_members"]) or "-")
    paragraph("observers", f"{page['observers']}; groups: {', '.join(page['stakeholder_groups'])}")
    for update in page["page_updates"]:
        paragraph(f"page update {update['on']}", update["summary"])
    for o in page["outputs"]:
        paragraph(f"output {o['on']} {o['kind']}", o["title"])
        paragraph("  agreement", o["agreement"])
        paragraph("  dissent", "; ".join(o["dissent"]) or "none raised")


@coalition.command("list")
@output_options()
def coalition_list(fmt: str) -> None:
    """Every coalition ever proposed, with its lifecycle stage and members.

    The lifecycle is what was recorded (proposed, recognized, declined, dissolved);
    'dcledger status' adds what the rules conclude (active or inactive, eligibility).

    \b
    Example:
      dcledger coalition list --format json
    """
    rows = listings.coalitions(caught_up().views)
    columns = [
        ("slug", "slug"),
        ("name", "name"),
        ("lifecycle", "lifecycle"),
        ("recognized", "recognized_on"),
        ("full", "full_members"),
        ("observers", "observers"),
    ]
    render(fmt, rows, columns)


# The keys of a status row (projections/queries.py `status_row`; a test keeps them equal):
# the CSV header, with rows or without.
STATUS_KEYS = (
    "slug",
    "name",
    "status",
    "eligible_for_session",
    "eligibility_reason",
    "missed_report_years",
    "inactive_since",
    "reasons",
    "flags",
    "recognized_on",
    "as_of",
)


@click.command()
@optional_slug_argument
@time_options
@output_options()
def status(slug: str | None, as_of: str | None, known_at: str | None, fmt: str) -> None:
    """Each coalition's status, session eligibility, missed reports and flags.

    \b
    Example:
      dcledger status --as-of 2024-06-01
      dcledger status dc-irpc --json
    """
    day = parse_as_of(as_of)
    result = service().status(day, parse_known_at(known_at), slug)
    rows = result if isinstance(result, list) else [result]
    columns = [
        ("slug", "slug"),
        ("status", "status"),
        ("session", "eligible_for_session"),
        ("missed reports", lambda r: ", ".join(map(str, r["missed_report_years"]))),
        ("flags", lambda r: len(r["flags"])),
    ]
    title = f"Coalitions on {day}"
    render(fmt, rows, columns, title=title, document=result, csv_keys=STATUS_KEYS)
    if slug is not None and fmt == "table":
        for flag in result["flags"]:
            click.echo(f"  - {flag}")
        click.echo(f"  session: {result['eligibility_reason']}")


COMMANDS = [coalition, status]
