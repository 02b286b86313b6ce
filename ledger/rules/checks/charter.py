"""The charter and its amendments, from proposal to incorporation."""

from __future__ import annotations

import re

from dcledger.ledger.charter_text import parse_charter_markdown
from dcledger.ledger.errors import InvalidInput
from dcledger.ledger.facts import Fact
from dcledger.ledger.ids import meeting_id
from dcledger.ledger.rules import annual
from dcledger.ledger.rules.checks.base import forbid, is_reference, refuse, rule, subject
from dcledger.ledger.rules.situation import Situation
from dcledger.ledger.state import AmendmentState, CharterState, CharterVersion
from dcledger.ledger.vocabulary import DCCG, MEMBER, SECRETARIAT, Lifecycle

PROPOSER = (MEMBER, SECRETARIAT)


def the_charter(sit: Situation) -> CharterState:
    charter = sit.charter()
    if charter is None:
        raise refuse("charter-adopted", f"no charter is adopted on {sit.on}")
    return charter


def the_amendment(sit: Situation, fact: Fact) -> AmendmentState:
    return sit.state(fact.aggregate_id)


def version_numbered(charter: CharterState, number: int) -> CharterVersion | None:
    return next((v for v in charter.versions if v.version == number), None)


def changed_since(charter: CharterState, base: int, section_ids: list[str]) -> list[str]:
    """Sections among `section_ids` whose text changed after version `base`."""
    then = version_numbered(charter, base)
    before = {s.id: s.text for s in then.sections} if then else {}
    now = {s.id: s.text for s in charter.current.sections}
    return [s for s in section_ids if before.get(s) != now.get(s)]


def check_status(a: AmendmentState, fact: Fact, *allowed: str) -> None:
    if a.status not in allowed:
        raise refuse(
            "amendment-steps",
            f"amendment {a.number} is {a.status} on {fact.effective_date}; "
            f"{fact.type} needs it to be {' or '.join(allowed)}",
        )


def check_text(charter: CharterState, sections: dict[str, str]) -> None:
    known = {s.id for s in charter.current.sections}
    unknown = [s for s in sections if s not in known]
    if not sections or unknown:
        raise InvalidInput(
            f"unknown charter section(s): {', '.join(unknown) or '(none named)'} "
            f"(known: {', '.join(sorted(known))})",
            rule="amendment-sections",
        )
    empty = [s for s, text in sections.items() if not text.strip()]
    if empty:
        raise InvalidInput(
            f"the new text of {', '.join(empty)} is empty", rule="amendment-sections"
        )
    check_no_heading(sections, "amendment-sections")


def check_no_heading(sections: dict[str, str], rule_name: str) -> None:
    """A section's text holds no `## ` heading: the charter's Markdown would read back
    with a section more than it has."""
    for section, text in sections.items():
        inner = [s["title"] for s in parse_charter_markdown(text)]
        if inner:
            raise InvalidInput(
                f"the text of section {section} holds a '## ' heading ({inner[0]}); "
                "name each section it changes with --section, one '## ' block each",
                rule=rule_name,
            )


def full_member_of(sit: Situation, handle: str) -> list[str]:
    return sorted(
        c.slug
        for c in sit.coalitions()
        if c.lifecycle == Lifecycle.RECOGNIZED
        and (m := c.members.get(handle)) is not None
        and m.role == "full"
    )


@rule("charter.adopted", "charter.adopted_again", roles=(DCCG,))
def adopted(sit: Situation, fact: Fact) -> None:
    sections = fact.data["sections"]
    ids = [s["id"] for s in sections]
    if not sections or not all(ids) or not all(s["title"].strip() for s in sections):
        raise InvalidInput("every charter section needs a '## ' heading", rule="charter-sections")
    if len(set(ids)) != len(ids):
        raise InvalidInput("two sections have the same heading", rule="charter-sections")
    check_no_heading({s["id"]: s["text"] for s in sections}, "charter-sections")


@rule("charter.reviewed", roles=(DCCG,))
def reviewed(sit: Situation, fact: Fact) -> None:
    year = fact.data["year"]
    charter = sit.state(fact.aggregate_id)
    if year in charter.reviews:
        raise refuse("review-once", f"the charter review of {year} is already recorded")
    if not annual.charter_in_force(charter, year):  # the years a missing review is flagged
        raise refuse(
            "review-charter-in-force",
            f"no charter was in force in {year}: version 1 was adopted on "
            f"{charter.versions[0].effective_date}",
        )
    if year > fact.day.year:
        raise refuse(
            "review-after-year", f"the {year} review cannot be recorded on {fact.effective_date}"
        )


@rule("charter.amendment_numbered", roles=PROPOSER)
def numbered(sit: Situation, fact: Fact) -> None:
    the_charter(sit)


@rule("amendment.proposed", roles=PROPOSER)
def proposed(sit: Situation, fact: Fact) -> None:
    charter = the_charter(sit)
    proposer = subject(fact)
    if not full_member_of(sit, proposer):
        raise forbid(
            "proposer-full-member", f"{proposer} is not a full member of any coalition on {sit.on}"
        )
    if not is_reference(fact.data["message_id"]):
        raise InvalidInput(
            f"message {fact.data['message_id']!r} is neither a Message-ID such as "
            "<local@domain> nor an archive URL",
            rule="evidence-well-formed",
        )
    if not fact.data["rationale"].strip():
        raise InvalidInput("a proposal needs a rationale", rule="amendment-rationale")
    check_text(charter, fact.data["sections"])
    if fact.data["base_version"] != charter.current.version:
        raise refuse(
            "amendment-base",
            f"the charter is at version {charter.current.version} on {sit.on}, "
            f"not {fact.data['base_version']}",
        )


# A discussion at a DCCG meeting is cited by the meeting's date.
MEETING_REF = re.compile(r"DCCG meeting (\d{4}-\d{2}-\d{2})", re.IGNORECASE)


@rule("amendment.discussed", roles=(DCCG, MEMBER))
def discussed(sit: Situation, fact: Fact) -> None:
    check_status(the_amendment(sit, fact), fact, "proposed", "consensus")
    ref = fact.data["ref"].strip()
    meeting = MEETING_REF.fullmatch(ref)
    if meeting:
        if sit.state(meeting_id(meeting.group(1))) is None:
            raise refuse(
                "discussion-reference", f"no DCCG meeting on {meeting.group(1)} by {sit.on}"
            )
    elif not is_reference(ref):
        raise InvalidInput(
            f"reference {ref!r} is neither a Message-ID such as <local@domain>, an http(s) "
            "URL, nor 'DCCG meeting YYYY-MM-DD'",
            rule="evidence-well-formed",
        )


@rule("amendment.consensus_reached", roles=(DCCG,))
def consensus(sit: Situation, fact: Fact) -> None:
    check_status(the_amendment(sit, fact), fact, "proposed")


@rule("amendment.withdrawn", roles=(MEMBER, DCCG))
def withdrawn(sit: Situation, fact: Fact) -> None:
    a = the_amendment(sit, fact)
    if fact.role == MEMBER and fact.actor != a.proposer:
        raise forbid(
            "proposer-or-dccg", f"only the proposer or the DCCG may withdraw amendment {a.number}"
        )
    check_status(a, fact, "proposed", "consensus")


@rule("amendment.rebased", roles=PROPOSER)
def rebased(sit: Situation, fact: Fact) -> None:
    a = the_amendment(sit, fact)
    if subject(fact) != a.proposer:
        raise forbid(
            "rebase-by-proposer",
            f"only {a.proposer}, who proposed amendment {a.number}, may rebase it",
        )
    check_status(a, fact, "proposed", "consensus", "ratified")
    charter = the_charter(sit)
    if not changed_since(charter, a.base_version, list(a.sections)):
        raise refuse(
            "rebase-only-stale",
            f"amendment {a.number} is not stale: its sections are unchanged since version "
            f"{a.base_version}",
        )
    if sorted(fact.data["sections"]) != sorted(a.sections):
        raise InvalidInput("a rebase restates the same sections", rule="amendment-sections")
    check_text(charter, fact.data["sections"])
    if fact.data["base_version"] != charter.current.version:
        raise refuse("amendment-base", f"a rebase is onto version {charter.current.version}")


@rule("charter.amendment_incorporated", roles=(DCCG,))
def incorporated_in_charter(sit: Situation, fact: Fact) -> None:
    charter = sit.state(fact.aggregate_id)
    number = fact.data["amendment"]
    a = sit.amendment(number)
    if a is None:
        raise refuse("incorporate-ratified", f"no amendment {number} on {sit.on}")
    check_status(a, fact, "ratified")
    if fact.data["version"] != charter.current.version + 1:
        raise refuse(
            "versions-in-order", f"the next charter version is {charter.current.version + 1}"
        )
    stale = changed_since(charter, a.base_version, list(a.sections))
    if stale:
        raise refuse(
            "incorporate-fresh",
            f"section(s) {', '.join(stale)} changed after version {a.base_version}, which "
            f"amendment {number} was written against; rebase it first",
        )
    voted = a.vote.sections if a.vote and a.vote.sections is not None else a.sections
    if fact.data["sections"] != voted:
        raise refuse(
            "voted-text", f"the text incorporated is not the text voted on amendment {number}"
        )


@rule("amendment.incorporated", roles=(DCCG,))
def incorporated(sit: Situation, fact: Fact) -> None:
    a = the_amendment(sit, fact)
    check_status(a, fact, "ratified")
    charter = the_charter(sit)
    version = version_numbered(charter, fact.data["version"])
    if version is None or version.amendment != a.number:
        raise refuse(
            "one-version-per-amendment",
            f"charter version {fact.data['version']} was not made from amendment {a.number}",
        )
