"""Decisions that hold: every rule on its effective date; no backfill, retraction or
rebase can rewrite a decided past. In memory: the real commands, rules and unit of work."""

from __future__ import annotations

from datetime import date

import pytest

from dcledger.ledger import rules
from dcledger.ledger.audit import audit, audit_ledger
from dcledger.ledger.errors import InvalidInput, NotPermitted, RuleViolation
from tests.harness import statement
from tests.memory import MemoryLedger, propose


@pytest.fixture
def ledger() -> MemoryLedger:
    world = MemoryLedger().start()
    world.coalition()
    return world


@pytest.fixture
def chartered(ledger: MemoryLedger) -> MemoryLedger:
    return ledger.charter()


def ratify(ledger: MemoryLedger, number: int, opened: str = "2019-05-01") -> None:
    ledger.run("amendment consensus", "dee", amendment=number, on="2019-04-20")
    ledger.run("vote open", "dee", amendment=number, closes="2019-05-31", on=opened)
    for voter in ("ana", "bo"):
        ledger.run("vote cast", voter, amendment=number, choice="yes", on="2019-05-10")
    ledger.run("vote close", "dee", amendment=number, on="2019-06-01")


def extension_request(year: int, until: str, on: str) -> tuple[tuple, dict]:
    """ana, co-coordinator of dc-example, asks for more time for the year's report."""
    args = {"slug": "dc-example", "year": year, "until": until, "reason": "late data", "on": on}
    return ("report request-extension", "ana"), args


def request_extension(ledger: MemoryLedger, year: int, until: str, on: str) -> None:
    command, args = extension_request(year, until, on)
    ledger.run(*command, **args)


def refused_extension(ledger: MemoryLedger, year: int, until: str, on: str):
    command, args = extension_request(year, until, on)
    return ledger.refused(*command, **args)


def assert_audit_passes(ledger: MemoryLedger) -> None:
    assert audit_ledger(ledger.facts()).violations == []
    assert [c for c in audit(ledger.facts()) if not c.ok] == []


# --- backdated commands are checked on their own date ---------------------------------


def test_a_report_dated_before_recognition_is_refused(ledger):
    ledger.run("coalition propose", "sec", statement=statement_for("dc-late"), on="2019-01-15")
    ledger.run("coalition recognize", "sec", slug="dc-late", on="2020-06-01")
    error = ledger.refused("report file", "sec", slug="dc-late", year=2020, on="2020-03-01")
    assert error.rule == "lifecycle"
    assert "proposed on 2020-03-01" in str(error)


def statement_for(slug: str) -> dict:
    from tests.harness import statement

    return statement(slug=slug, name=f"Dynamic Coalition {slug}")


def test_a_leave_cannot_precede_the_join(ledger):
    ledger.run("person register", "sec", handle="eve", name="E", email="e@x.org", on="2019-01-01")
    ledger.run("member join", "eve", slug="dc-example", group="academia", on="2020-05-01")
    error = ledger.refused("member leave", "eve", slug="dc-example", on="2020-04-01")
    assert error.rule == "is-member"


def test_a_grant_cannot_precede_its_request_nor_be_given_twice(ledger):
    request_extension(ledger, 2019, until="2020-06-30", on="2020-03-20")
    error = ledger.refused(
        "report grant-extension", "sec", slug="dc-example", year=2019, on="2020-03-10"
    )
    assert error.rule == "decide-after-request"
    ledger.run("report grant-extension", "sec", slug="dc-example", year=2019, on="2020-03-25")
    again = ledger.refused(
        "report grant-extension", "sec", slug="dc-example", year=2019, on="2020-03-26"
    )
    assert again.rule == "decide-after-request"


def test_the_dccg_office_is_checked_on_the_date_of_the_act(chartered):
    chartered.run(
        "person register", "sec", handle="chair", name="C", email="c@x.org", on="2019-01-01"
    )
    chartered.run("person grant", "sec", handle="chair", office="dccg", on="2019-06-04")
    number = propose(chartered)
    error = chartered.refused("amendment consensus", "chair", amendment=number, on="2019-06-03")
    assert isinstance(error, NotPermitted) and error.rule == "office-held"
    assert "2019-06-03" in str(error)
    chartered.run("amendment consensus", "chair", amendment=number, on="2019-06-04")
    opened = chartered.refused(
        "vote open", "chair", amendment=number, closes="2019-07-01", on="2019-06-03"
    )
    assert opened.rule in ("office-held", "amendment-steps")
    assert_audit_passes(chartered)


def test_a_vote_cannot_open_before_consensus(chartered):
    number = propose(chartered)
    chartered.run("amendment consensus", "dee", amendment=number, on="2019-04-20")
    error = chartered.refused(
        "vote open", "dee", amendment=number, closes="2019-05-31", on="2019-04-19"
    )
    assert error.rule == "amendment-steps"


def test_an_incorporation_cannot_precede_the_close(chartered):
    number = propose(chartered)
    ratify(chartered, number)
    error = chartered.refused("amendment incorporate", "dee", amendment=number, on="2019-05-31")
    assert error.rule == "amendment-steps"
    chartered.run("amendment incorporate", "dee", amendment=number, on="2019-06-01")
    assert_audit_passes(chartered)


# --- rebases ----------------------------------------------------------------------------


def test_a_rebase_needs_a_stale_amendment_and_its_proposer(chartered):
    number = propose(chartered)
    ratify(chartered, number)
    fresh = chartered.refused(
        "amendment rebase", "bo", amendment=number, text="Other.\n", on="2019-06-02"
    )
    assert fresh.rule == "rebase-only-stale"
    stranger = chartered.refused(
        "amendment rebase", "ana", amendment=number, text="Other.\n", on="2019-06-02"
    )
    assert stranger.rule == "rebase-by-proposer"


def test_rebasing_a_ratified_amendment_returns_it_to_proposed(chartered):
    first, second = propose(chartered), propose(chartered, "Open, always.\n", on="2019-04-02")
    ratify(chartered, first)
    chartered.run("amendment incorporate", "dee", amendment=first, on="2019-06-02")
    ratify(chartered, second, opened="2019-05-02")
    chartered.run("amendment rebase", "bo", amendment=second, text="Open, ever.\n", on="2019-06-03")
    state = chartered.registry().amendments[second]
    assert (state.status, state.vote, len(state.earlier_votes)) == ("proposed", None, 1)
    error = chartered.refused("amendment incorporate", "dee", amendment=second, on="2019-06-04")
    assert error.rule == "amendment-steps"
    assert_audit_passes(chartered)


# --- retractions --------------------------------------------------------------------------


def test_an_incorporation_is_retracted_whole_and_only_while_newest(chartered):
    first = propose(chartered)
    ratify(chartered, first)
    chartered.run("amendment incorporate", "dee", amendment=first, on="2019-06-02")
    event = chartered.event_id("charter.amendment_incorporated")
    chartered.run("retract", "dee", event_id=event, reason="wrong day", on="2019-06-03")
    registry = chartered.registry()
    assert registry.charter.current.version == 1
    assert registry.amendments[first].status == "ratified"
    assert_audit_passes(chartered)
    chartered.run("amendment incorporate", "dee", amendment=first, on="2019-06-04")
    assert chartered.registry().charter.current.version == 2
    assert_audit_passes(chartered)


def test_an_incorporation_cannot_be_retracted_once_a_later_version_exists(chartered):
    first = propose(chartered)
    second = propose(chartered, "Reviewed monthly.\n", on="2019-04-02")
    chartered.run("amendment withdraw", "bo", amendment=second, reason="x", on="2019-04-03")
    ratify(chartered, first)
    chartered.run("amendment incorporate", "dee", amendment=first, on="2019-06-02")
    third = chartered.run(
        "amendment propose",
        "bo",
        sections={"review": "Monthly.\n"},
        rationale="r",
        message_id="<m3@lists.example.org>",
        on="2019-06-10",
    ).results[0]["amendment"]
    chartered.run("amendment consensus", "dee", amendment=third, on="2019-06-11")
    chartered.run("vote open", "dee", amendment=third, closes="2019-06-30", on="2019-06-12")
    chartered.run("vote cast", "ana", amendment=third, choice="yes", on="2019-06-13")
    chartered.run("vote close", "dee", amendment=third, on="2019-06-30")
    chartered.run("amendment incorporate", "dee", amendment=third, on="2019-07-01")
    event = chartered.event_id("charter.amendment_incorporated", 0)
    error = chartered.refused("retract", "dee", event_id=event, reason="x", on="2019-07-02")
    assert error.rule == "later-version-final"


def test_an_amendments_number_cannot_be_retracted(chartered):
    """Found by the invariant test: with its number retracted, the next proposal took
    the same number, collided with the amendment's record and was retried until the
    ledger was called busy."""
    first = propose(chartered)
    numbered = chartered.event_id("charter.amendment_numbered")
    for actor in ("bo", "sec"):
        error = chartered.refused("retract", actor, event_id=numbered, reason="x")
        assert error.rule == "retract-not-numbering"
    assert propose(chartered, "Open to all, always.\n", on="2019-04-02") == first + 1
    assert_audit_passes(chartered)


def test_a_ballot_cannot_be_retracted_after_the_close(chartered):
    number = propose(chartered)
    ratify(chartered, number)
    ballot = chartered.event_id("amendment.ballot_cast")
    error = chartered.refused(
        "retract", "bo", event_id=ballot, reason="changed mind", on="2019-06-02"
    )
    assert error.rule == "closed-tally-final"


def test_a_ballot_cannot_be_withdrawn_after_the_closing_date_even_before_the_close(chartered):
    """A withdrawal dated after the closing date, recorded before the close, was taken,
    and so was the close dated before it: the tally changed after the vote was over."""
    number = propose(chartered)
    chartered.run("amendment consensus", "dee", amendment=number, on="2019-04-20")
    chartered.run("vote open", "dee", amendment=number, closes="2019-05-31", on="2019-05-01")
    for voter in ("ana", "bo"):
        chartered.run("vote cast", voter, amendment=number, choice="yes", on="2019-05-10")
    ballot = chartered.event_id("amendment.ballot_cast", 0)  # ana's
    error = chartered.refused("retract", "ana", event_id=ballot, reason="x", on="2019-06-02")
    assert (error.rule, error.message) == (
        "closed-tally-final",
        "a ballot cannot be retracted after its vote's closing date (2019-05-31)",
    )
    chartered.run("retract", "ana", event_id=ballot, reason="changed mind", on="2019-05-31")
    chartered.run("vote close", "dee", amendment=number, on="2019-06-01")
    assert chartered.registry().amendments[number].vote.tally == {"yes": 1, "no": 0, "abstain": 0}
    assert_audit_passes(chartered)


def test_a_coordinator_cannot_retract_the_secretariats_decisions(ledger):
    request_extension(ledger, 2019, until="2020-06-30", on="2020-03-20")
    ledger.run(
        "report deny-extension", "sec", slug="dc-example", year=2019, reason="no", on="2020-03-25"
    )
    denial = ledger.event_id("coalition.extension_denied")
    error = ledger.refused("retract", "ana", event_id=denial, reason="unfair", on="2020-03-26")
    assert isinstance(error, NotPermitted) and error.rule == "retract-by-recorder"
    recognition = ledger.event_id("coalition.recognized")
    error = ledger.refused("retract", "ana", event_id=recognition, reason="x", on="2020-03-26")
    assert error.rule == "retract-by-recorder"


def test_no_one_retracts_the_grant_of_the_office_they_retract_with(ledger):
    ledger.run("person register", "sec", handle="eve", name="E", email="e@x.org", on="2019-01-01")
    ledger.run("person grant", "sec", handle="eve", office="secretariat", on="2019-01-02")
    grant = ledger.event_id("person.office_granted")
    error = ledger.refused("retract", "eve", event_id=grant, reason="x", on="2019-01-03")
    assert error.rule == "office-held"
    assert error.message == (
        "without the event it retracts, eve does not hold the secretariat office"
    )
    ledger.run("retract", "sec", event_id=grant, reason="x", on="2019-01-03")  # another holder
    assert audit_ledger(ledger.facts()).violations == []


def test_an_office_cannot_be_retracted_under_a_retraction_made_with_it(ledger):
    ledger.run("person register", "sec", handle="eve", name="E", email="e@x.org", on="2019-01-01")
    ledger.run("person grant", "sec", handle="eve", office="dccg", on="2019-01-02")
    dccg = ledger.event_id("person.office_granted")
    ledger.run("person grant", "sec", handle="eve", office="secretariat", on="2019-01-02")
    secretariat = ledger.event_id("person.office_granted")
    ledger.run("retract", "eve", event_id=dccg, reason="never meant", on="2019-01-03")
    error = ledger.refused("retract", "sec", event_id=secretariat, reason="x", on="2019-01-04")
    assert error.rule == "office-held"
    assert "eve does not hold the secretariat office" in error.message
    assert audit_ledger(ledger.facts()).violations == []


def test_a_retraction_is_refused_while_a_later_event_depends_on_its_target(ledger):
    ledger.run("person register", "sec", handle="eve", name="E", email="e@x.org", on="2019-01-01")
    ledger.run("member join", "eve", slug="dc-example", group="academia", on="2020-05-01")
    join = ledger.event_id("coalition.member_joined")
    ledger.run("member leave", "eve", slug="dc-example", on="2021-01-01")
    leave = ledger.event_id("coalition.member_left")
    error = ledger.refused("retract", "eve", event_id=join, reason="never joined", on="2021-02-01")
    assert f"event {leave} (coalition.member_left on 2021-01-01)" in str(error)
    ledger.run("retract", "eve", event_id=leave, reason="never left", on="2021-02-01")
    ledger.run("retract", "eve", event_id=join, reason="never joined", on="2021-02-01")
    assert "eve" not in ledger.registry().coalitions["dc-example"].members
    assert_audit_passes(ledger)


# --- backfills ----------------------------------------------------------------------------


def test_a_backfill_that_breaks_a_later_event_is_refused_naming_it(ledger):
    ledger.run("person register", "sec", handle="eve", name="E", email="e@x.org", on="2019-01-01")
    ledger.run("member join", "eve", slug="dc-example", group="academia", on="2020-05-01")
    ledger.run("member leave", "eve", slug="dc-example", on="2021-01-01")
    leave = ledger.event_id("coalition.member_left")
    error = ledger.refused("member leave", "eve", slug="dc-example", on="2020-06-01")
    assert f"event {leave} (coalition.member_left on 2021-01-01)" in str(error)
    assert error.rule == "is-member"


def test_a_backfilled_office_grant_cannot_come_after_what_it_allowed(ledger):
    ledger.run("person register", "sec", handle="chair", name="C", email="c@x.org", on="2019-01-01")
    ledger.run("person grant", "sec", handle="chair", office="dccg", on="2019-05-01")
    ledger.run("dccg meeting", "chair", on="2019-05-02")
    meeting = ledger.event_id("dccg.meeting_held")
    # Retracting the grant would leave the meeting recorded by someone without the office.
    grant = ledger.event_id("person.office_granted")
    error = ledger.refused("retract", "sec", event_id=grant, reason="too early", on="2019-06-01")
    assert f"event {meeting}" in str(error) and error.rule == "office-held"


# --- extensions, evidence, names ------------------------------------------------------------


def test_an_extension_is_requested_before_the_deadline_it_extends(ledger):
    # The rules say "before the deadline it extends" (a report is on time "on or
    # before"): the deadline day itself is too late to ask, the day before is not.
    for on in ("2020-04-01", "2020-03-31"):
        error = refused_extension(ledger, 2019, until="2020-06-30", on=on)
        assert error.rule == "extension-before-deadline"
        assert f"before the deadline it extends (2020-03-31), not on {on}" in str(error)
    request_extension(ledger, 2019, until="2020-06-30", on="2020-03-30")
    ledger.run("report grant-extension", "sec", slug="dc-example", year=2019, on="2020-04-02")
    # A second extension would extend the granted deadline: refused on other grounds.
    error = refused_extension(ledger, 2019, until="2020-08-30", on="2020-06-29")
    assert error.rule == "extension-once"


def test_an_extension_never_undoes_inactivity_that_has_begun(ledger):
    ledger.run(
        "report file", "ana", slug="dc-example", year=2019, url="https://x.org/r", on="2020-03-01"
    )
    # 2020 and 2021 missed: inactive from 2022-04-01. The 2021 extension, requested in
    # time, is granted the next day: recorded, and the 2021 report filed within it is on
    # time, but the inactivity that had begun stays until a reactivation.
    request_extension(ledger, 2021, until="2022-06-30", on="2022-03-30")
    state = ledger.registry().coalitions["dc-example"]
    assert rules.standing(state, "2022-04-01").inactive_since == date(2022, 4, 1)
    ledger.run("report grant-extension", "sec", slug="dc-example", year=2021, on="2022-04-02")
    ledger.run(
        "report file", "ana", slug="dc-example", year=2021, url="https://x.org/r", on="2022-05-02"
    )
    state = ledger.registry().coalitions["dc-example"]
    for day in ("2022-04-02", "2022-06-01", "2023-01-01"):
        judged = rules.standing(state, day)
        assert (judged.status, judged.inactive_since) == ("inactive", date(2022, 4, 1)), day
    assert judged.reasons == [
        "no report filed by the deadline for 2020 and 2021, as the deadlines stood before the "
        "extension for 2021 was granted on 2022-04-02; an extension does not undo inactivity, "
        "only a reactivation does"
    ]
    assert rules.report_standing(state, 2021, "2022-06-01").outcome == "on-time"
    ledger.run("coalition reactivate", "sec", slug="dc-example", reason="back", on="2022-07-01")
    state = ledger.registry().coalitions["dc-example"]
    assert rules.standing(state, "2022-07-01").status == "active"
    assert_audit_passes(ledger)


def test_inactivity_kept_by_a_late_grant_starts_where_it_began_when_the_new_deadline_passes(
    ledger,
):
    ledger.run(
        "report file", "ana", slug="dc-example", year=2019, url="https://x.org/r", on="2020-03-01"
    )
    # 2020 and 2021 missed: inactive from 2022-04-01; the 2021 extension granted on
    # 2022-04-02 runs to 2022-06-30 and passes without a report as well.
    request_extension(ledger, 2021, until="2022-06-30", on="2022-03-30")
    ledger.run("report grant-extension", "sec", slug="dc-example", year=2021, on="2022-04-02")
    state = ledger.registry().coalitions["dc-example"]
    for day in ("2022-06-01", "2022-07-01", "2023-01-01"):
        judged = rules.standing(state, day)
        assert (judged.status, judged.inactive_since) == ("inactive", date(2022, 4, 1)), day
    assert "as the deadlines stood before the extension" in judged.reasons[0]


def test_an_extension_granted_before_inactivity_began_keeps_it_from_beginning(ledger):
    ledger.run(
        "report file", "ana", slug="dc-example", year=2019, url="https://x.org/r", on="2020-03-01"
    )
    request_extension(ledger, 2021, until="2022-06-30", on="2022-03-30")
    ledger.run("report grant-extension", "sec", slug="dc-example", year=2021, on="2022-03-31")
    state = ledger.registry().coalitions["dc-example"]
    assert rules.standing(state, "2022-06-30").status == "active"
    assert rules.standing(state, "2022-07-01").status == "inactive"
    assert_audit_passes(ledger)


@pytest.mark.parametrize("ref", ["see the list", "<no-at-sign>", "ftp://x.org/a", "a@b.org"])
def test_evidence_and_message_ids_are_well_formed_when_recorded(chartered, ref):
    error = chartered.refused(
        "amendment propose",
        "bo",
        sections={"principles": "x\n"},
        rationale="r",
        message_id=ref,
        on="2019-04-01",
    )
    assert isinstance(error, InvalidInput) and error.rule == "evidence-well-formed"
    bad = chartered.refused(
        "meeting record", "ana", slug="dc-example", title="t", evidence=ref, on="2019-04-01"
    )
    assert bad.rule == "evidence-well-formed"


def test_live_coalitions_do_not_share_a_name(ledger):
    from tests.harness import statement

    twin = statement(slug="dc-twin", name="DYNAMIC COALITION ON EXAMPLE MATTERS")
    error = ledger.refused("coalition propose", "sec", statement=twin, on="2019-03-01")
    assert error.rule == "unique-name"
    spaced = statement(slug="dc-spaced", name=" Dynamic  Coalition on Example Matters ")
    assert ledger.refused("coalition propose", "sec", statement=spaced, on="2019-03-01").rule == (
        "unique-name"
    )
    ledger.run("coalition dissolve", "sec", slug="dc-example", reason="done", on="2019-04-01")
    ledger.run("coalition propose", "sec", statement=twin, on="2019-05-01")


def test_a_dissolved_coalitions_name_is_proposed_again_under_a_slug_of_its_own(ledger):
    from tests.harness import statement

    quiet = statement(name="Dynamic Coalition on Quiet Things")
    del quiet["slug"]  # derived from the name: dc-quiet-things
    proposed = ledger.run("coalition propose", "sec", statement=quiet, on="2019-03-01")
    assert proposed.results == [{"slug": "dc-quiet-things"}]
    assert ledger.refused("coalition propose", "sec", statement=quiet, on="2019-03-02").rule == (
        "unique-slug"
    )
    ledger.run("coalition recognize", "sec", slug="dc-quiet-things", on="2019-03-03")
    ledger.run("coalition dissolve", "sec", slug="dc-quiet-things", reason="done", on="2019-04-01")
    again = ledger.run("coalition propose", "sec", statement=quiet, on="2019-05-01")
    assert again.results == [{"slug": "dc-quiet-things-2"}]
    # A slug given in the statement names one record: a dissolved one's stays refused.
    given = statement(name="Dynamic Coalition on Quiet Things", slug="dc-quiet-things")
    error = ledger.refused("coalition propose", "sec", statement=given, on="2019-05-02")
    assert error.rule == "unique-slug"
    assert_audit_passes(ledger)


def test_a_name_written_with_other_code_points_is_the_same_name(ledger):
    from tests.harness import statement

    composed = statement(slug="dc-cafe", name="Coalition du Caf\u00e9")
    ledger.run("coalition propose", "sec", statement=composed, on="2019-03-01")
    decomposed = statement(slug="dc-cafe-2", name="COALITION DU CAFE\u0301")
    error = ledger.refused("coalition propose", "sec", statement=decomposed, on="2019-03-02")
    assert error.rule == "unique-name"


def test_every_refusal_names_its_rule(ledger):
    error = ledger.refused(
        "member join", "bo", slug="dc-example", group="academia", on="2019-03-01"
    )
    assert isinstance(error, RuleViolation) and str(error).endswith("[rule: join-once]")


def test_an_extension_for_a_year_that_does_not_end_inactivity_may_still_be_granted(ledger):
    # 2019 and 2020 missed: inactive from 2021-04-01. An extension for 2021 changes none
    # of that, so the secretariat may grant it while the coalition is inactive.
    request_extension(ledger, 2021, until="2022-06-30", on="2022-03-01")
    ledger.run("report grant-extension", "sec", slug="dc-example", year=2021, on="2022-03-05")
    assert ledger.registry().coalitions["dc-example"].reports[2021].extension_status == "granted"
    assert_audit_passes(ledger)


def test_a_vote_may_open_cast_and_close_on_one_day_but_not_close_before_it_opens(chartered):
    number = propose(chartered)
    chartered.run("amendment consensus", "dee", amendment=number, on="2019-04-20")
    error = chartered.refused(
        "vote open", "dee", amendment=number, closes="2019-04-30", on="2019-05-01"
    )
    assert (error.rule, error.message) == (
        "vote-terms",
        "the vote cannot close before it opens (2019-05-01)",
    )
    chartered.run("vote open", "dee", amendment=number, closes="2019-05-01", on="2019-05-01")
    for voter in ("ana", "bo"):
        chartered.run("vote cast", voter, amendment=number, choice="yes", on="2019-05-01")
    chartered.run("vote close", "dee", amendment=number, on="2019-05-01")
    assert chartered.registry().amendments[number].vote.outcome == "ratified"
    assert_audit_passes(chartered)


def test_no_ballot_is_taken_once_the_vote_is_closed_even_backdated(chartered):
    number = propose(chartered)
    ratify(chartered, number)
    close = chartered.event_id("amendment.vote_closed")
    for choice in ("yes", "no"):  # neither a recast that keeps the tally nor one that does not
        error = chartered.refused(
            "vote cast", "bo", amendment=number, choice=choice, statement="later", on="2019-05-30"
        )
        assert error.rule == "ballots-before-close"
        assert f"event {close} (amendment.vote_closed on 2019-06-01)" in str(error)
    assert_audit_passes(chartered)


def test_a_closed_tally_stays_closed_even_after_its_incorporation_is_retracted(chartered):
    """Retracting the incorporation, then the close, reopened the vote: new ballots, a
    new close, another outcome, and an audit that passed."""
    number = propose(chartered)
    ratify(chartered, number)
    chartered.run("amendment incorporate", "dee", amendment=number, on="2019-06-02")
    incorporated = chartered.event_id("amendment.incorporated")
    chartered.run("retract", "dee", event_id=incorporated, reason="redo", on="2019-06-03")
    error = chartered.retraction_refused("dee", "amendment.vote_closed", on="2019-06-03")
    assert (error.rule, error.message) == (
        "incorporated-vote-final",
        "a vote cannot be retracted once an amendment was incorporated from it",
    )
    assert chartered.registry().amendments[number].vote.outcome == "ratified"
    assert_audit_passes(chartered)


def test_a_close_recorded_by_mistake_is_retracted_before_any_incorporation(chartered):
    """The charter forbids retracting a vote once an amendment was incorporated from it;
    before that, a mistaken close is corrected like any other DCCG decision."""
    number = propose(chartered)
    ratify(chartered, number)
    close = chartered.event_id("amendment.vote_closed")
    ballot = chartered.event_id("amendment.ballot_cast", 0)
    error = chartered.refused("retract", "ana", event_id=ballot, reason="x", on="2019-05-20")
    assert error.rule == "closed-tally-final"  # a ballot of a closed vote stays
    chartered.run("retract", "dee", event_id=close, reason="closed the wrong vote", on="2019-06-02")
    vote = chartered.registry().amendments[number].vote
    assert (vote.outcome, vote.closed_on) == ("open", None)
    chartered.run("vote close", "dee", amendment=number, on="2019-06-03")
    assert chartered.registry().amendments[number].vote.outcome == "ratified"
    chartered.run("amendment incorporate", "dee", amendment=number, on="2019-06-04")
    assert_audit_passes(chartered)


def test_a_retracted_close_does_not_reopen_the_ballots(chartered):
    """A close retracted by mistake, then a ballot withdrawn and one cast, both dated
    before the closing date: a rejected vote became ratified, and the audit passed."""
    number = propose(chartered)
    ratify(chartered, number)  # ana and bo: yes
    ballot = chartered.event_id("amendment.ballot_cast", 0)
    close = chartered.event_id("amendment.vote_closed")
    chartered.run("retract", "dee", event_id=close, reason="closed by mistake", on="2019-06-01")
    before = len(chartered.facts())
    withdrawn = chartered.refused("retract", "ana", event_id=ballot, reason="x", on="2019-05-29")
    assert (withdrawn.rule, withdrawn.message) == (
        "closed-tally-final",
        "a ballot cannot be retracted once its vote has closed",
    )
    for voter, choice in (("cy", "no"), ("bo", "no")):  # a first ballot, and a recast
        cast = chartered.refused(
            "vote cast", voter, amendment=number, choice=choice, statement="s", on="2019-05-30"
        )
        assert (cast.rule, cast.message) == (
            "closed-tally-final",
            "the vote was closed (a close retracted since does not reopen its ballots)",
        )
    assert len(chartered.facts()) == before
    chartered.run("vote close", "dee", amendment=number, on="2019-06-02")  # the same ballots
    assert chartered.registry().amendments[number].vote.tally == {"yes": 2, "no": 0, "abstain": 0}
    assert_audit_passes(chartered)


def test_an_office_stays_while_a_retraction_made_with_it_stands(ledger):
    """Retracting a grant re-checks the retractions its holder made with the office too
    (they were left out as not "live"), so the audit never fails afterwards."""
    ledger.run("person register", "sec", handle="chair", name="C", email="c@x.org", on="2021-01-01")
    ledger.run("person grant", "sec", handle="chair", office="dccg", on="2021-01-01")
    ledger.run("dccg meeting", "chair", on="2021-02-01")
    meeting = ledger.event_id("dccg.meeting_held")
    ledger.run("retract", "chair", event_id=meeting, reason="no meeting", on="2021-02-02")
    undone = ledger.event_id("dccg.retracted")
    error = ledger.retraction_refused("sec", "person.office_granted", on="2021-03-01")
    assert (error.rule, error.message) == (
        "office-held",
        f"this would make event {undone} (dccg.retracted on 2021-02-02) invalid: "
        "chair does not hold the dccg office",
    )
    assert_audit_passes(ledger)


def test_a_dissolved_coalitions_attendance_stays(ledger):
    """Its yearly review would show a meeting missed after the coalition was gone."""
    ledger.run("dccg meeting", "dee", on="2019-03-05")
    ledger.run("dccg attend", "dee", slug="dc-example", by="ana", on="2019-03-05")
    attended = ledger.event_id("dccg.attended")
    ledger.run("coalition dissolve", "sec", slug="dc-example", reason="done", on="2020-01-10")
    error = ledger.refused("retract", "dee", event_id=attended, reason="x", on="2021-06-01")
    assert (error.rule, error.message) == (
        "dissolved-is-final",
        "dc-example was dissolved on 2020-01-10 and accepts no further records",
    )
    ledger.run("retract", "dee", event_id=attended, reason="mistake", on="2019-12-01")
    assert_audit_passes(ledger)


def test_a_recast_dated_before_the_voters_latest_ballot_is_refused(chartered):
    """The last ballot counts: one dated before it was recorded, and never counted."""
    number = propose(chartered)
    chartered.run("amendment consensus", "dee", amendment=number, on="2019-04-20")
    chartered.run("vote open", "dee", amendment=number, closes="2019-05-31", on="2019-05-01")
    chartered.run("vote cast", "ana", amendment=number, choice="yes", on="2019-05-10")
    error = chartered.refused(
        "vote cast", "ana", amendment=number, choice="no", statement="changed", on="2019-05-08"
    )
    assert (error.rule, error.message) == (
        "last-ballot-counts",
        "ana's ballot of 2019-05-10 counts; one dated 2019-05-08, before it, would not",
    )
    chartered.run("vote cast", "ana", amendment=number, choice="no", on="2019-05-12")


def test_only_the_proposer_or_the_dccg_withdraws_an_amendment(chartered):
    number = propose(chartered)
    error = chartered.refused(
        "amendment withdraw", "sec", amendment=number, reason="tidy", on="2019-04-05"
    )
    assert isinstance(error, NotPermitted)
    chartered.run("amendment withdraw", "dee", amendment=number, reason="merged", on="2019-04-05")


@pytest.mark.parametrize(
    ("command", "args"),
    [
        ("coalition dissolve", {"slug": "dc-example", "reason": "  "}),
        ("coalition update-page", {"slug": "dc-example", "summary": ""}),
        ("meeting record", {"slug": "dc-example", "title": " \n"}),
    ],
)
def test_a_required_text_may_not_be_blank(ledger, command, args):
    error = ledger.refused(command, "sec", on="2019-04-05", **args)
    assert isinstance(error, InvalidInput) and error.rule == "text-given"


def test_a_retraction_gives_a_reason(ledger):
    ledger.run("meeting record", "ana", slug="dc-example", title="call", on="2019-04-05")
    meeting = ledger.event_id("coalition.meeting_recorded")
    error = ledger.refused("retract", "ana", event_id=meeting, reason="", on="2019-04-06")
    assert error.rule == "text-given"


def test_a_refused_retractor_is_told_who_may_retract(chartered):
    number = propose(chartered)
    chartered.run("amendment consensus", "dee", amendment=number, on="2019-04-20")
    consensus = chartered.event_id("amendment.consensus_reached")
    error = chartered.refused("retract", "sec", event_id=consensus, reason="x", on="2019-04-21")
    assert str(error).startswith("sec may not retract an event recorded by the dccg: only the dccg")


def test_a_charter_review_is_of_a_year_the_charter_was_in_force(chartered):
    error = chartered.refused("charter review", "dee", year=2018, notes="n", on="2019-12-01")
    assert error.rule == "review-charter-in-force"
    chartered.run("charter review", "dee", year=2019, notes="n", on="2019-12-01")


def test_a_discussion_cites_a_message_a_url_or_a_recorded_dccg_meeting(chartered):
    number = propose(chartered)
    for ref in ("", "see the list", "<no-at-sign>", "ftp://x.org/a"):
        error = chartered.refused("amendment discuss", "dee", amendment=number, ref=ref)
        assert error.rule in ("evidence-well-formed", "text-given"), ref
    error = chartered.refused(
        "amendment discuss", "dee", amendment=number, ref="DCCG meeting 2019-04-10"
    )
    assert error.rule == "discussion-reference"
    chartered.run("dccg meeting", "dee", on="2019-04-10")
    for ref in ("DCCG meeting 2019-04-10", "<re-1@lists.example.org>", "https://x.org/a"):
        chartered.run("amendment discuss", "dee", amendment=number, ref=ref, on="2019-04-11")


def test_a_proposal_is_declined_not_dissolved(ledger):
    from tests.harness import statement

    pending = statement(slug="dc-pending", name="Dynamic Coalition on Pending Matters")
    ledger.run("coalition propose", "sec", statement=pending, on="2019-03-01")
    error = ledger.refused("coalition dissolve", "sec", slug="dc-pending", reason="x")
    assert error.rule == "lifecycle"
    ledger.run("coalition decline", "sec", slug="dc-pending", reason="no need shown")


def test_confirming_contact_with_an_empty_address_is_refused(ledger):
    """`member confirm-contact --email ""` meant to give an address: it was recorded as a
    plain confirmation."""
    error = ledger.refused("member confirm-contact", "ana", slug="dc-example", email="")
    assert isinstance(error, InvalidInput)
    assert error.message == "'' is not an email address"


def test_a_founding_member_registered_after_the_recognition_date_is_refused():
    """Recognition makes the statement's members members: one registered only later
    would be a member before they exist in the ledger."""
    world = MemoryLedger().start()
    world.run("person register", "sec", handle="ana", name="A", email="a@x.org", on="2019-03-01")
    world.run("coalition propose", "sec", statement=statement(), on="2019-01-15")
    error = world.refused("coalition recognize", "sec", slug="dc-example", on="2019-02-01")
    assert isinstance(error, RuleViolation) and error.rule == "registered"
    assert error.message == (
        "founding member ana is registered only from 2019-03-01: they cannot be a member "
        "on 2019-02-01"
    )
    world.run("coalition recognize", "sec", slug="dc-example", on="2019-03-01")
    assert "ana" in world.registry().coalitions["dc-example"].members
    assert_audit_passes(world)


def test_an_extension_runs_at_most_to_the_end_of_the_year_after_the_report(ledger):
    """The charter bounds no extension; an unbounded one kept a year pending for ever."""
    error = refused_extension(ledger, 2019, "2021-01-01", "2020-03-01")
    assert error.rule == "extension-bounded"
    assert error.message == (
        "an extension for 2019 runs at most until 2020-12-31 (9 months past its deadline), "
        "not 2021-01-01"
    )
    request_extension(ledger, 2019, "2020-12-31", "2020-03-01")


def test_a_retraction_is_dated_on_or_after_the_event_it_retracts(ledger):
    ledger.run("meeting record", "ana", slug="dc-example", title="call", on="2019-04-05")
    meeting = ledger.event_id("coalition.meeting_recorded")
    error = ledger.refused("retract", "ana", event_id=meeting, reason="wrong", on="2019-04-04")
    assert (error.rule, error.message) == (
        "retract-after-target",
        "a retraction is dated on or after the event it retracts (2019-04-05)",
    )
    ledger.run("retract", "ana", event_id=meeting, reason="wrong", on="2019-04-05")


def test_a_dissolved_coalition_accepts_no_retraction_after_its_dissolution(ledger):
    ledger.run("meeting record", "ana", slug="dc-example", title="kick-off", on="2019-03-02")
    meeting = ledger.event_id("coalition.meeting_recorded")
    ledger.run("coalition dissolve", "ana", slug="dc-example", reason="done", on="2019-06-01")
    dissolution = ledger.event_id("coalition.dissolved")
    for target, actor in ((meeting, "ana"), (dissolution, "ana")):
        error = ledger.refused("retract", actor, event_id=target, reason="x", on="2019-07-01")
        assert error.rule == "dissolved-is-final", target
    assert ledger.registry().coalitions["dc-example"].lifecycle == "dissolved"
    # Dated before the dissolution, a correction is backfilled like any other event.
    ledger.run("retract", "ana", event_id=meeting, reason="never held", on="2019-04-01")


def test_the_charter_audit_has_a_row_for_the_first_version_and_rechecks_its_adoption(chartered):
    """Every charter version is re-checked, the first too: an adoption recorded by someone
    without the DCCG office fails its row (a history no command would accept)."""
    import dataclasses

    first = audit(chartered.facts())[0]
    assert (first.version, first.amendment, first.name, first.ok) == (
        1,
        None,
        "adopted by the rules",
        True,
    )
    assert first.reason == "adopted on 2019-03-01 by dee, re-checked on its date"
    forged = [
        dataclasses.replace(f, actor="ana") if f.type == "charter.adopted" else f
        for f in chartered.facts()
    ]
    checks = audit(forged)
    failed = [c for c in checks if not c.ok]
    assert [(c.version, c.amendment) for c in failed] == [(1, None)]  # named once, there
    assert "charter.adopted" in failed[0].reason and "ana" in failed[0].reason
