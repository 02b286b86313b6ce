"""What every read-model table and column means, written beside the views as a Datasette
metadata file: `datasette dc.views.db --metadata dc.views.metadata.json`."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

COALITION_SLUG = "The coalition's slug (links to coalitions)"
PERSON = "A person's handle (links to persons)"

TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "events": (
        "The event log, one row per event, oldest first; retracted events stay, marked.",
        {
            "id": "Position in the log (the notification id)",
            "aggregate_id": "Id of the record (aggregate) the event belongs to",
            "version": "Position of the event within its record",
            "kind": "Kind of record: coalition, person, charter, amendment, dccg, review",
            "type": "Event type, such as coalition.recognized",
            "subject": "The record's name: a slug, handle, amendment number or date",
            "actor": "Who recorded it",
            "role": "The role the actor recorded it in",
            "person": "On whose behalf the secretariat recorded it, if anyone's",
            "evidence": "A Message-ID or URL documenting it",
            "effective_date": "The date it took effect",
            "recorded_at": "When it was recorded (UTC)",
            "data": "The event's fields as JSON (email addresses redacted)",
            "retracted_by": "Id of the event that retracted this one",
        },
    ),
    "event_names": (
        "Each person an event names, by date: what a backdated fact about them re-checks.",
        {
            "handle": "A person the event names: its actor, for whom, or whom it is about",
            "effective_date": "The event's effective date",
            "id": "The event (links to events)",
        },
    ),
    "snapshots": (
        "Each record's folded state as JSON (a snapshot as of `position`).",
        {
            "aggregate_id": "Id of the record",
            "kind": "Kind of record",
            "subject": "The record's name",
            "state": "The folded state as JSON (email addresses redacted)",
            "position": "The last event folded into the snapshot",
            "latest": "The latest effective date among the facts folded into it",
        },
    ),
    "tracking": (
        "Where the views stand: 'views' is the last event processed; 'status' the day "
        "(YYYYMMDD) the coalitions' status was computed.",
        {"name": "What is tracked", "position": "Event id, or a day as YYYYMMDD"},
    ),
    "dated_snapshots": (
        "Each record's folded state at the end of a year, so that questions about past "
        "dates fold only the events after it.",
        {
            "aggregate_id": "Id of the record",
            "year": "The year at whose end the state holds",
            "kind": "Kind of record",
            "state": "The folded state as JSON (email addresses redacted)",
            "position": "The last event the state took into account",
        },
    ),
    "status_cache": (
        "Each coalition's `dcledger status --json` document on one day, kept between "
        "commands; a new event that may change a document deletes it.",
        {
            "slug": COALITION_SLUG,
            "as_of": "The day the document describes",
            "position": "The last event the document took into account",
            "document": "The document as JSON",
        },
    ),
    "persons": (
        "Registered persons (their email addresses are only in the private file).",
        {
            "handle": "Unique handle",
            "name": "Full name",
            "registered_on": "Date registered",
            "offices": "Offices held: secretariat, dccg",
        },
    ),
    "coalitions": (
        "Every proposed coalition: lifecycle, status today, membership counts.",
        {
            "slug": "Unique short name, such as dc-irpc",
            "name": "Full name",
            "lifecycle": "proposed, recognized, declined or dissolved",
            "status": "active, inactive, proposed, declined or dissolved, as of the day in "
            "tracking 'status' (the inactivity rule applied)",
            "proposed_on": "Date proposed",
            "recognized_on": "Date recognized",
            "declined_on": "Date declined",
            "decline_reason": "Why it was declined",
            "dissolved_on": "Date dissolved",
            "mailing_list": "The coalition's public mailing list",
            "full_members": "Number of full members",
            "observers": "Number of observers",
            "coordinators": "Handles of the co-coordinators",
            "representative": "Handle of the representative at DCCG meetings",
            "groups": "Stakeholder groups of the members",
            "page_updates": "Updates recorded on its page",
        },
    ),
    "members": (
        "Current members of each coalition.",
        {
            "slug": COALITION_SLUG,
            "handle": PERSON,
            "role": "full or observer",
            "group": "Stakeholder group",
            "joined_on": "Date joined",
            "contact_confirmed_on": "Last confirmation of contact details",
            "subscribed_on": "Date subscribed to the mailing list",
            "coordinator": "1 for a co-coordinator",
            "representative": "1 for the appointed representative",
        },
    ),
    "reports": (
        "Annual reports owed or filed, with extensions.",
        {
            "slug": COALITION_SLUG,
            "year": "The year reported on",
            "due": "Deadline (31 March of the next year, or a granted extension)",
            "extension_status": "requested, granted or denied",
            "extension_until": "The extension's date",
            "filed_on": "Date filed",
            "on_time": "1 if filed by the deadline",
            "url": "Where it is published",
            "file": "Its file name",
        },
    ),
    "activities": (
        "Meetings and outputs of each coalition.",
        {
            "slug": COALITION_SLUG,
            "position": "Order within the coalition",
            "on": "Date",
            "kind": "meeting, document, event or project",
            "title": "Title",
            "agreement": "Areas of agreement (outputs)",
            "dissent": "Dissenting views as a JSON list",
        },
    ),
    "dccg_meetings": (
        "Meetings of the DC Coordination Group.",
        {"date": "Meeting date", "held_by": PERSON, "attended": "Coalitions attending"},
    ),
    "dccg_attendance": (
        "Which coalition attended which DCCG meeting, represented by whom.",
        {"date": "Meeting date (links to dccg_meetings)", "slug": COALITION_SLUG, "by": PERSON},
    ),
    "member_reviews": (
        "The yearly member-status reviews.",
        {
            "year": "Year reviewed",
            "reviewed_on": "Date of the review",
            "notes": "Findings",
            "summary": "Counts as JSON",
            "changes": "Role changes and removals as JSON",
        },
    ),
    "charter_versions": (
        "Versions of the DC Charter.",
        {
            "version": "Version number",
            "effective_date": "In force from",
            "by": PERSON,
            "amendment": "The amendment that made it (links to amendments)",
        },
    ),
    "charter_sections": (
        "Each version's sections.",
        {
            "version": "Charter version (links to charter_versions)",
            "position": "Order within the version",
            "id": "Section id",
            "title": "Heading",
            "text": "Text (Markdown)",
        },
    ),
    "charter_reviews": (
        "The DCCG's yearly charter reviews.",
        {"year": "Year reviewed", "on": "Date", "by": PERSON, "notes": "Findings"},
    ),
    "amendments": (
        "Charter amendments and their votes.",
        {
            "number": "Amendment number",
            "status": "proposed, agreed, ratified, rejected, withdrawn or incorporated",
            "proposer": PERSON,
            "proposed_on": "Date proposed",
            "base_version": "Charter version it was written against",
            "sections": "New section texts as JSON",
            "rationale": "Why",
            "message_id": "Where it was posted",
            "consensus_on": "Date consensus was reached",
            "vote_opened_on": "Date the vote opened",
            "vote_closes": "Closing date",
            "threshold": "majority or two-thirds",
            "quorum": "Share of the electorate that must vote",
            "electorate": "Number of voters entitled",
            "yes": "Yes ballots",
            "no": "No ballots",
            "abstain": "Abstentions",
            "outcome": "open, ratified or rejected",
            "incorporated_version": "Charter version it became",
        },
    ),
    "ballots": (
        "Ballots cast in ratification votes.",
        {
            "amendment": "Amendment number (links to amendments)",
            "voter": PERSON,
            "choice": "yes, no or abstain",
            "statement": "The voter's statement",
            "on": "Date cast",
        },
    ),
    "coalition_years": (
        "Per coalition and year since recognition: report, activity, DCCG attendance.",
        {
            "slug": COALITION_SLUG,
            "year": "Year",
            "report_due": "Report deadline (empty when no report is owed that year)",
            "extension_status": "Extension requested, granted or denied",
            "extension_until": "Extension date",
            "report_filed_on": "Date filed",
            "report_on_time": "1 if on time",
            "meetings": "Meetings held that year",
            "outputs": "Outputs that year",
            "outputs_with_dissent": "Outputs recording dissent",
            "dccg_meetings_held": "DCCG meetings that year held while it was recognized",
            "dccg_meetings_attended": "DCCG meetings the coalition attended",
        },
    ),
}
PRIVATE_TABLES = {
    "contacts": (
        "PRIVATE: each person's current email address. Do not publish this file.",
        {
            "handle": PERSON,
            "email": "Current email address",
            "since": "Effective date of the address",
            "event": "The event that set it",
        },
    )
}


def metadata(views: Path, private: Path) -> dict[str, Any]:
    def tables(spec: dict[str, tuple[str, dict[str, str]]]) -> dict[str, Any]:
        return {t: {"description": d, "columns": c} for t, (d, c) in spec.items()}

    return {
        "title": "dcledger: the IGF Dynamic Coalitions ledger",
        "description": "Read models rebuilt from the event log; `dcledger rebuild` remakes them.",
        "databases": {
            views.name.removesuffix(".db"): {"tables": tables(TABLES)},
            private.name.removesuffix(".db"): {"tables": tables(PRIVATE_TABLES)},
        },
    }


def metadata_path(views: Path) -> Path:
    return views.with_name(views.name.removesuffix(".db") + ".metadata.json")


@functools.cache
def metadata_text(views_name: str, private_name: str) -> str:
    """The file's text (indented JSON costs more than the rest of opening the views)."""
    return json.dumps(metadata(Path(views_name), Path(private_name)), indent=2) + "\n"


def write_metadata(views: Path, private: Path) -> None:
    """Write the file when it is missing or outdated; a read-only folder is no error."""
    target = metadata_path(views)
    text = metadata_text(views.name, private.name)
    try:
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        pass
