"""Recording commands: each parses its arguments and hands them to the ledger service."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from dcledger.cli.main import YearFirstGroup, cli
from dcledger.cli.output import emit_json, json_option, progress_bar, report_recorded, wants_json
from dcledger.ledger.documents import (
    load_structured,
    parse_charter_markdown,
    read_text,
    sections_from_text,
)
from dcledger.ledger.importer import parse_lines
from dcledger.ledger.vocabulary import (
    BALLOT_CHOICES,
    MEMBER_ROLES,
    OFFICES,
    OUTPUT_KINDS,
    THRESHOLDS,
)

EXISTING_FILE = click.Path(path_type=Path)


def recording(*, person: bool = False) -> Callable[[Callable], Callable]:
    """The envelope options every recording command shares."""

    def decorate(fn: Callable) -> Callable:
        fn = json_option(fn)
        if person:
            fn = click.option(
                "--person",
                metavar="HANDLE",
                help="Secretariat only: record this for another person (backfilling).",
            )(fn)
        fn = click.option(
            "--evidence", metavar="REF", help="A mailing-list Message-ID or URL documenting it."
        )(fn)
        return click.option(
            "--on", metavar="DATE", help="Effective date, YYYY-MM-DD (default: today)."
        )(fn)

    return decorate


def record(
    command: str,
    args: dict[str, Any],
    *,
    on: str | None,
    evidence: str | None,
    as_json: bool,
    person: str | None = None,
    headline: str | None = None,
) -> None:
    session = click.get_current_context().obj
    envelope = {"on": on, "evidence": evidence, "person": person}
    outcome = session.record(command, args, envelope)
    title = str(outcome.results[-1][headline]) if headline else None
    report_recorded(outcome, wants_json(as_json), title)


# --- ledger and persons -----------------------------------------------------------------


@cli.command()
@click.option(
    "--secretariat", required=True, metavar="HANDLE", help="The first secretariat person."
)
@click.option("--name", required=True, help="Their full name.")
@click.option("--email", required=True, help="Their email address.")
@recording()
def init(secretariat: str, name: str, email: str, **envelope: Any) -> None:
    """Create a new ledger with its first secretariat person."""
    record("init", {"secretariat": secretariat, "name": name, "email": email}, **envelope)


@cli.group()
def person() -> None:
    """Register persons and grant offices (secretariat)."""


@person.command("register")
@click.argument("handle")
@click.option("--name", required=True)
@click.option("--email", required=True)
@click.option(
    "--key",
    "public_key",
    type=EXISTING_FILE,
    metavar="PUBFILE",
    help="Their OpenSSH public key (ssh-ed25519 ...); default: a new key pair in your "
    "config folder, for a demo on one machine.",
)
@recording()
def person_register(
    handle: str, name: str, email: str, public_key: Path | None, **envelope: Any
) -> None:
    """Register a person under a unique HANDLE, with the key they sign with."""
    from dcledger.cli.key_commands import record_with_key

    args = {"handle": handle, "name": name, "email": email}
    record_with_key("person register", args, public_key, **envelope)


@person.command("grant")
@click.argument("handle")
@click.option("--office", required=True, type=click.Choice(OFFICES))
@recording()
def person_grant(handle: str, office: str, **envelope: Any) -> None:
    """Grant HANDLE the secretariat or DCCG office."""
    record("person grant", {"handle": handle, "office": office}, **envelope)


# --- coalitions -------------------------------------------------------------------------


@cli.group()
def coalition() -> None:
    """Propose, recognize, decline, update, reactivate, dissolve and show coalitions."""


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
    """Propose a coalition; prints its SLUG. A declined slug may be proposed again."""
    statement = load_structured(statement_file)
    record("coalition propose", {"statement": statement}, headline="slug", **envelope)


@coalition.command("recognize")
@click.argument("slug")
@recording()
def coalition_recognize(slug: str, **envelope: Any) -> None:
    """Recognize a proposed coalition (secretariat): its members and contacts join."""
    record("coalition recognize", {"slug": slug}, **envelope)


@coalition.command("decline")
@click.argument("slug")
@click.option("--reason", required=True)
@recording()
def coalition_decline(slug: str, reason: str, **envelope: Any) -> None:
    """Decline a proposed coalition, with a reason (secretariat)."""
    record("coalition decline", {"slug": slug, "reason": reason}, **envelope)


@coalition.command("update-page")
@click.argument("slug")
@click.option("--summary", required=True, help="What changed on the coalition's page.")
@recording()
def coalition_update_page(slug: str, summary: str, **envelope: Any) -> None:
    """Record that the secretariat included an update on the coalition's page."""
    record("coalition update-page", {"slug": slug, "summary": summary}, **envelope)


@coalition.command("reactivate")
@click.argument("slug")
@click.option("--reason", required=True)
@recording()
def coalition_reactivate(slug: str, reason: str, **envelope: Any) -> None:
    """Reactivate an inactive coalition (secretariat)."""
    record("coalition reactivate", {"slug": slug, "reason": reason}, **envelope)


@coalition.command("dissolve")
@click.argument("slug")
@click.option("--reason", required=True)
@recording()
def coalition_dissolve(slug: str, reason: str, **envelope: Any) -> None:
    """Dissolve a coalition (its co-coordinators or the secretariat). Final."""
    record("coalition dissolve", {"slug": slug, "reason": reason}, **envelope)


# --- membership -------------------------------------------------------------------------


@cli.group()
def member() -> None:
    """Join, leave, confirm contact details, subscribe; roles and removals."""


@member.command("join")
@click.argument("slug")
@click.option("--group", required=True, help="Your stakeholder group.")
@click.option("--observer", is_flag=True, help="Join as an observer instead of a full member.")
@recording(person=True)
def member_join(slug: str, group: str, observer: bool, **envelope: Any) -> None:
    """Join a coalition yourself (open membership)."""
    record("member join", {"slug": slug, "group": group, "observer": observer}, **envelope)


@member.command("leave")
@click.argument("slug")
@recording(person=True)
def member_leave(slug: str, **envelope: Any) -> None:
    """Leave a coalition."""
    record("member leave", {"slug": slug}, **envelope)


@member.command("set-role")
@click.argument("slug")
@click.argument("handle")
@click.argument("role", type=click.Choice(MEMBER_ROLES))
@recording()
def member_set_role(slug: str, handle: str, role: str, **envelope: Any) -> None:
    """Make a member a full member or an observer (coordinators, secretariat)."""
    record("member set-role", {"slug": slug, "handle": handle, "role": role}, **envelope)


@member.command("remove")
@click.argument("slug")
@click.argument("handle")
@click.option("--reason", required=True)
@recording()
def member_remove(slug: str, handle: str, reason: str, **envelope: Any) -> None:
    """Remove a member, with a reason (coordinators, secretariat)."""
    record("member remove", {"slug": slug, "handle": handle, "reason": reason}, **envelope)


@member.command("confirm-contact")
@click.argument("slug")
@click.option("--email", help="A new address, if it changed.")
@recording(person=True)
def member_confirm_contact(slug: str, email: str | None, **envelope: Any) -> None:
    """Confirm your contact details (due every 12 months)."""
    record("member confirm-contact", {"slug": slug, "email": email}, **envelope)


@member.command("subscribe")
@click.argument("slug")
@recording(person=True)
def member_subscribe(slug: str, **envelope: Any) -> None:
    """Record that you subscribed to the coalition's mailing list."""
    record("member subscribe", {"slug": slug}, **envelope)


@cli.group()
def coordinator() -> None:
    """Appoint and dismiss co-coordinators."""


@coordinator.command("appoint")
@click.argument("slug")
@click.argument("handle")
@recording()
def coordinator_appoint(slug: str, handle: str, **envelope: Any) -> None:
    """Appoint a full member as co-coordinator."""
    record("coordinator appoint", {"slug": slug, "handle": handle}, **envelope)


@coordinator.command("dismiss")
@click.argument("slug")
@click.argument("handle")
@recording()
def coordinator_dismiss(slug: str, handle: str, **envelope: Any) -> None:
    """Dismiss a co-coordinator (never the last one)."""
    record("coordinator dismiss", {"slug": slug, "handle": handle}, **envelope)


@cli.group()
def representative() -> None:
    """Appoint the coalition's official representative at DCCG meetings."""


@representative.command("appoint")
@click.argument("slug")
@click.argument("handle")
@recording()
def representative_appoint(slug: str, handle: str, **envelope: Any) -> None:
    """Appoint a member as the official representative (replaces any earlier one)."""
    record("representative appoint", {"slug": slug, "handle": handle}, **envelope)


# --- annual obligations -----------------------------------------------------------------


@cli.group()
def report() -> None:
    """Annual reports and deadline extensions."""


@report.command("file")
@click.argument("slug")
@click.argument("year", type=int)
@click.option("--url", help="Where the report is published.")
@click.option("--file", "file", help="The report's file name or path.")
@recording()
def report_file(slug: str, year: int, url: str | None, file: str | None, **envelope: Any) -> None:
    """File the annual report for YEAR (due 31 March of YEAR+1)."""
    record("report file", {"slug": slug, "year": year, "url": url, "file": file}, **envelope)


@report.command("request-extension")
@click.argument("slug")
@click.argument("year", type=int)
@click.option("--until", required=True, metavar="DATE", help="The new deadline asked for.")
@click.option("--reason", required=True)
@recording()
def report_request_extension(
    slug: str, year: int, until: str, reason: str, **envelope: Any
) -> None:
    """Ask the secretariat for more time for YEAR's report."""
    args = {"slug": slug, "year": year, "until": until, "reason": reason}
    record("report request-extension", args, **envelope)


@report.command("grant-extension")
@click.argument("slug")
@click.argument("year", type=int)
@recording()
def report_grant_extension(slug: str, year: int, **envelope: Any) -> None:
    """Grant the pending extension (secretariat); its date becomes the deadline."""
    record("report grant-extension", {"slug": slug, "year": year}, **envelope)


@report.command("deny-extension")
@click.argument("slug")
@click.argument("year", type=int)
@click.option("--reason", required=True)
@recording()
def report_deny_extension(slug: str, year: int, reason: str, **envelope: Any) -> None:
    """Deny the pending extension (secretariat)."""
    record("report deny-extension", {"slug": slug, "year": year, "reason": reason}, **envelope)


@cli.group()
def meeting() -> None:
    """A coalition's own meetings."""


@meeting.command("record")
@click.argument("slug")
@click.option("--title", required=True)
@recording()
def meeting_record(slug: str, title: str, **envelope: Any) -> None:
    """Record a meeting the coalition held."""
    record("meeting record", {"slug": slug, "title": title}, **envelope)


@cli.group()
def output() -> None:
    """Outputs: documents, events, projects, with agreement and dissent."""


@output.command("record")
@click.argument("slug")
@click.option("--kind", required=True, type=click.Choice(OUTPUT_KINDS))
@click.option("--title", required=True)
@click.option("--agreement", required=True, help="The areas of agreement.")
@click.option("--dissent", multiple=True, help="A minority or dissenting view (repeatable).")
@click.option("--no-dissent", is_flag=True, help="State that no dissenting views were raised.")
@recording()
def output_record(
    slug: str,
    kind: str,
    title: str,
    agreement: str,
    dissent: tuple[str, ...],
    no_dissent: bool,
    **envelope: Any,
) -> None:
    """Record an output; it must carry its dissent or say that none was raised."""
    args = {
        "slug": slug,
        "kind": kind,
        "title": title,
        "agreement": agreement,
        "dissent": list(dissent),
        "no_dissent": no_dissent,
    }
    record("output record", args, **envelope)


@cli.group()
def dccg() -> None:
    """The Dynamic Coalition Coordination Group's monthly meetings."""


@dccg.command("meeting")
@recording()
def dccg_meeting(**envelope: Any) -> None:
    """Record that the DCCG met on --on DATE."""
    record("dccg meeting", {}, **envelope)


@dccg.command("attend")
@click.argument("slug")
@click.option(
    "--by",
    required=True,
    metavar="HANDLE",
    help="The co-coordinator or appointed representative who attended.",
)
@recording()
def dccg_attend(slug: str, by: str, **envelope: Any) -> None:
    """Record a coalition's attendance at the DCCG meeting of --on DATE."""
    record("dccg attend", {"slug": slug, "by": by}, **envelope)


@cli.group(cls=YearFirstGroup)
def review() -> None:
    """The yearly review: 'review YEAR' shows it, 'review members YEAR' records the
    member-status review."""


@review.command("members")
@click.argument("year", type=int)
@click.option("--notes", default="", help="What the review found.")
@click.option(
    "--set-role",
    "set_roles",
    multiple=True,
    metavar="SLUG:HANDLE:ROLE",
    help="A role change the review makes (repeatable).",
)
@click.option(
    "--remove",
    "removals",
    multiple=True,
    metavar="SLUG:HANDLE",
    help="A member the review removes (repeatable).",
)
@recording()
def review_members(
    year: int,
    notes: str,
    set_roles: tuple[str, ...],
    removals: tuple[str, ...],
    **envelope: Any,
) -> None:
    """Record the yearly member-status review (secretariat with the DCCG), with the role
    changes and removals it makes, all or nothing."""
    args = {"year": year, "notes": notes, "set_roles": list(set_roles), "removals": list(removals)}
    record("review members", args, **envelope)


# --- charter and amendments -------------------------------------------------------------


@cli.group()
def charter() -> None:
    """The charter: adopt, review, show, history, diff, audit."""


@charter.command("adopt")
@click.argument("file", type=EXISTING_FILE)
@recording()
def charter_adopt(file: Path, **envelope: Any) -> None:
    """Adopt version 1 from a Markdown FILE whose '## ' headings are the sections (DCCG)."""
    sections = parse_charter_markdown(read_text(file))
    record("charter adopt", {"sections": sections}, **envelope)


@charter.command("review")
@click.argument("year", type=int)
@click.option("--notes", required=True)
@recording()
def charter_review(year: int, notes: str, **envelope: Any) -> None:
    """Record the DCCG's yearly charter review."""
    record("charter review", {"year": year, "notes": notes}, **envelope)


@cli.group()
def amendment() -> None:
    """Charter amendments: propose, discuss, agree, withdraw, rebase, incorporate."""


@amendment.command("propose")
@click.option(
    "--section",
    "sections",
    required=True,
    multiple=True,
    metavar="ID",
    help="A section id the amendment changes (repeatable; see 'charter show').",
)
@click.option(
    "--text-file",
    required=True,
    type=EXISTING_FILE,
    help="The new text (with several sections: one '## ' block per section).",
)
@click.option("--rationale", required=True)
@click.option("--message-id", required=True, help="Where it was posted on the mailing list.")
@recording(person=True)
def amendment_propose(
    sections: tuple[str, ...], text_file: Path, rationale: str, message_id: str, **envelope: Any
) -> None:
    """Propose an amendment (full members); prints its number."""
    texts = sections_from_text(list(sections), read_text(text_file))
    args = {"sections": texts, "rationale": rationale, "message_id": message_id}
    record("amendment propose", args, headline="amendment", **envelope)


@amendment.command("discuss")
@click.argument("number", type=int)
@click.option("--ref", required=True, help="A mailing-list message or DCCG meeting.")
@recording()
def amendment_discuss(number: int, ref: str, **envelope: Any) -> None:
    """Attach a discussion reference."""
    record("amendment discuss", {"amendment": number, "ref": ref}, **envelope)


@amendment.command("consensus")
@click.argument("number", type=int)
@recording()
def amendment_consensus(number: int, **envelope: Any) -> None:
    """Record that consensus was reached (DCCG)."""
    record("amendment consensus", {"amendment": number}, **envelope)


@amendment.command("withdraw")
@click.argument("number", type=int)
@click.option("--reason", required=True)
@recording()
def amendment_withdraw(number: int, reason: str, **envelope: Any) -> None:
    """Withdraw an amendment (its proposer or the DCCG)."""
    record("amendment withdraw", {"amendment": number, "reason": reason}, **envelope)


@amendment.command("rebase")
@click.argument("number", type=int)
@click.option("--text-file", required=True, type=EXISTING_FILE)
@recording()
def amendment_rebase(number: int, text_file: Path, **envelope: Any) -> None:
    """Restate the amendment's text against the current charter version."""
    record("amendment rebase", {"amendment": number, "text": read_text(text_file)}, **envelope)


@amendment.command("incorporate")
@click.argument("number", type=int)
@recording()
def amendment_incorporate(number: int, **envelope: Any) -> None:
    """Write a ratified amendment into the next charter version (DCCG)."""
    record("amendment incorporate", {"amendment": number}, **envelope)


@cli.group()
def vote() -> None:
    """Ratification votes."""


@vote.command("open")
@click.argument("number", type=int)
@click.option("--closes", required=True, metavar="DATE")
@click.option(
    "--quorum",
    metavar="FRACTION",
    help="Share of the electorate that must vote (0.25 or 1/4; default: none).",
)
@click.option("--threshold", type=click.Choice(THRESHOLDS), default="majority", show_default=True)
@recording()
def vote_open(
    number: int, closes: str, quorum: str | None, threshold: str, **envelope: Any
) -> None:
    """Open the ratification vote (DCCG, after consensus); fixes the electorate."""
    args = {"amendment": number, "closes": closes, "quorum": quorum, "threshold": threshold}
    record("vote open", args, **envelope)


@vote.command("cast")
@click.argument("number", type=int)
@click.argument("choice", type=click.Choice(BALLOT_CHOICES))
@click.option("--statement", help="Why; statements with 'no' ballots are kept as dissent.")
@recording(person=True)
def vote_cast(number: int, choice: str, statement: str | None, **envelope: Any) -> None:
    """Cast (or recast) your ballot."""
    args = {"amendment": number, "choice": choice, "statement": statement}
    record("vote cast", args, **envelope)


@vote.command("close")
@click.argument("number", type=int)
@recording()
def vote_close(number: int, **envelope: Any) -> None:
    """Close the vote on or after its closing date and record the tally (DCCG)."""
    record("vote close", {"amendment": number}, **envelope)


# --- corrections and bulk ---------------------------------------------------------------


@cli.command()
@click.argument("event_id", type=int)
@click.option("--reason", required=True)
@recording()
def retract(event_id: int, reason: str, **envelope: Any) -> None:
    """Retract a mistaken event: it stays in the log, every view ignores it."""
    record("retract", {"event_id": event_id, "reason": reason}, **envelope)


@cli.command("import")
@click.argument("file", type=EXISTING_FILE)
@json_option
def import_(file: Path, as_json: bool) -> None:
    """Record every command of a JSON Lines FILE, all or nothing (format: README)."""
    session = click.get_current_context().obj
    invocations = parse_lines(file)
    with progress_bar() as bar:
        task = bar.add_task(f"importing {file.name}", total=len(invocations))
        outcome = session.record_all(invocations, lambda done: bar.update(task, completed=done))
    if wants_json(as_json):
        emit_json({"commands": len(invocations), "events": len(outcome.events)})
    else:
        click.echo(f"Imported {len(invocations)} commands as {len(outcome.events)} events")
