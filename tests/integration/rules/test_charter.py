"""Charter versions, amendments, ratification votes and the audit, through the service."""

import pytest

from dcledger.ledger.aggregates import Amendment
from dcledger.ledger.audit import audit
from dcledger.ledger.errors import AlreadyExists, InvalidInput, NotPermitted, RuleViolation
from dcledger.projections import charter as views

SECTIONS = [
    {"id": "principles", "title": "Principles", "text": "Open to all.\n"},
    {"id": "review", "title": "Review", "text": "Reviewed yearly.\n"},
]


@pytest.fixture
def chartered(ledger):
    ledger.coalition()
    ledger.run("charter adopt", "dee", sections=SECTIONS, on="2019-03-01")
    ledger.run(
        "person register", "sec", handle="obi", name="Obi", email="obi@example.org", on="2019-03-01"
    )
    ledger.run(
        "member join", "obi", slug="dc-example", group="academia", observer=True, on="2019-03-02"
    )
    return ledger


def propose(ledger, actor="bo", section="principles", text="Open to everyone.\n", on="2019-04-01"):
    outcome = ledger.run(
        "amendment propose",
        actor,
        sections={section: text},
        rationale="clearer",
        message_id="<m1@lists.example.org>",
        on=on,
    )
    return outcome.results[0]["amendment"]


def ratify(ledger, number, choices=("yes", "yes", "no"), opened="2019-05-01"):
    ledger.run("amendment consensus", "dee", amendment=number, on="2019-04-20")
    ledger.run("vote open", "dee", amendment=number, closes="2019-05-31", on=opened)
    for voter, choice in zip(("ana", "bo", "cy"), choices, strict=True):
        ledger.run(
            "vote cast",
            voter,
            amendment=number,
            choice=choice,
            statement="I disagree" if choice == "no" else None,
            on="2019-05-10",
        )
    ledger.run("vote close", "dee", amendment=number, on="2019-06-01")


def test_the_whole_lifecycle_produces_version_two_and_passes_the_audit(chartered):
    number = propose(chartered)
    chartered.run(
        "amendment discuss",
        "ana",
        amendment=number,
        ref="<re-m1@lists.example.org>",
        on="2019-04-10",
    )
    ratify(chartered, number)
    chartered.run("amendment incorporate", "dee", amendment=number, on="2019-06-02")
    registry = chartered.registry()
    shown = views.charter_show(registry, None)
    assert shown["version"] == 2
    assert shown["sections"][0]["text"] == "Open to everyone.\n"
    assert views.charter_show(registry, 1)["sections"][0]["text"] == "Open to all.\n"
    assert views.vote_show(registry, number) | {"turnout": None} == {
        "amendment": number,
        "electorate": 3,
        "yes": 2,
        "no": 1,
        "abstain": 0,
        "turnout": None,
        "quorum": "0",
        "quorum_met": True,
        "threshold": "majority",
        "threshold_met": True,
        "outcome": "ratified",
        "opened_on": "2019-05-01",
        "closes": "2019-05-31",
        "closed_on": "2019-06-01",
        "ballots_cast": 3,
        "dissent": ["I disagree"],
    }
    diff = views.charter_diff(registry, 1, 2)
    assert [d["section"] for d in diff] == ["principles"]
    assert "-Open to all.\n+Open to everyone.\n" in diff[0]["diff"]
    checks = audit(chartered.service.log_facts())
    assert [c.name for c in checks if not c.ok] == []
    assert [c.name for c in checks] == [
        "adopted by the rules",
        "from one ratified, closed, incorporated amendment",
        "versions in order",
        "one version per incorporated amendment",
        "every step followed the rules",
    ]


@pytest.mark.parametrize(
    ("step", "error", "words"),
    [
        (
            lambda lg, n: lg.run(
                "amendment propose",
                "obi",
                sections={"principles": "x"},
                rationale="r",
                message_id="<m@x>",
                on="2019-04-01",
            ),
            NotPermitted,
            "not a full member",
        ),
        (
            lambda lg, n: lg.run(
                "vote open", "dee", amendment=n, closes="2019-05-31", on="2019-05-01"
            ),
            RuleViolation,
            "needs it to be consensus",
        ),
        (
            lambda lg, n: lg.run("amendment consensus", "ana", amendment=n, on="2019-04-20"),
            NotPermitted,
            "dccg office",
        ),
        (
            lambda lg, n: lg.run("amendment incorporate", "dee", amendment=n, on="2019-06-02"),
            RuleViolation,
            "needs it to be ratified",
        ),
        (
            lambda lg, n: lg.run(
                "amendment propose",
                "bo",
                sections={"nowhere": "x"},
                rationale="r",
                message_id="<m@x>",
                on="2019-04-01",
            ),
            Exception,
            "unknown charter",
        ),
        (
            lambda lg, n: lg.run("charter adopt", "dee", sections=SECTIONS, on="2019-04-01"),
            AlreadyExists,
            "already adopted",
        ),
    ],
)
def test_amendment_refusals_write_nothing(chartered, step, error, words):
    number = propose(chartered)
    before = chartered.events()
    with pytest.raises(error, match=words):
        step(chartered, number)
    assert chartered.events() == before


def test_a_section_text_holding_a_heading_is_refused_by_the_rules(chartered):
    """However a proposal reaches the rules (an import line, a hand-made event), its
    text cannot put another `## ` section into the charter."""
    before = chartered.events()
    with pytest.raises(InvalidInput) as refused:
        propose(chartered, text="## Scope\n\nA second section.\n")
    assert str(refused.value) == (
        "the text of section principles holds a '## ' heading (Scope); name each section it "
        "changes with --section, one '## ' block each [rule: amendment-sections]"
    )
    assert chartered.events() == before
    fenced = "```\n## not a heading in a code block\n```\n"
    assert propose(chartered, text=fenced) == 1


def test_a_blank_ballot_statement_is_refused_not_listed_as_dissent(chartered):
    number = propose(chartered)
    chartered.run("amendment consensus", "dee", amendment=number, on="2019-04-20")
    chartered.run("vote open", "dee", amendment=number, closes="2019-05-31", on="2019-05-01")
    before = chartered.events()
    for blank in ("", "   "):
        refused = chartered.refused(
            "vote cast", "ana", amendment=number, choice="no", statement=blank, on="2019-05-10"
        )
        assert str(refused) == (
            "a ballot's statement (--statement) says why; leave it out rather than blank "
            "[rule: text-given]"
        )
    assert chartered.events() == before


def test_ballots_from_outside_the_electorate_or_after_closing_are_refused(chartered):
    number = propose(chartered)
    chartered.run("amendment consensus", "dee", amendment=number, on="2019-04-20")
    with pytest.raises(NotPermitted, match="dccg office"):
        chartered.run("vote open", "ana", amendment=number, closes="2019-05-31", on="2019-05-01")
    chartered.run("vote open", "dee", amendment=number, closes="2019-05-31", on="2019-05-01")
    assert chartered.registry().amendments[number].vote.electorate == ["ana", "bo", "cy"]
    refused = chartered.refused("vote cast", "obi", amendment=number, choice="yes", on="2019-05-10")
    assert "not in the electorate" in str(refused)
    refused = chartered.refused("vote cast", "ana", amendment=number, choice="yes", on="2019-06-01")
    # No close is recorded yet: the message names the closing date, not a close.
    assert str(refused) == ("the vote's closing date was 2019-05-31 [rule: ballots-before-close]")
    refused = chartered.refused("vote close", "dee", amendment=number, on="2019-05-30")
    assert "closes on 2019-05-31" in str(refused)


def test_a_recast_replaces_the_ballot_in_the_tally_and_both_stay_in_the_log(chartered):
    number = propose(chartered)
    chartered.run("amendment consensus", "dee", amendment=number, on="2019-04-20")
    chartered.run("vote open", "dee", amendment=number, closes="2019-05-31", on="2019-05-01")
    chartered.run(
        "vote cast", "ana", amendment=number, choice="no", statement="Too vague", on="2019-05-02"
    )
    chartered.run("vote cast", "ana", amendment=number, choice="yes", on="2019-05-03")
    shown = views.vote_show(chartered.registry(), number)
    assert (shown["yes"], shown["no"], shown["ballots_cast"], shown["dissent"]) == (1, 0, 2, [])
    ballots = [f for f in chartered.service.log_facts() if f.type == "amendment.ballot_cast"]
    assert [b.data["choice"] for b in ballots] == ["no", "yes"]


def test_two_thirds_rejects_and_keeps_the_dissent(chartered):
    number = propose(chartered)
    chartered.run("amendment consensus", "dee", amendment=number, on="2019-04-20")
    chartered.run(
        "vote open",
        "dee",
        amendment=number,
        closes="2019-05-31",
        on="2019-05-01",
        threshold="two-thirds",
        quorum="1/2",
    )
    chartered.run("vote cast", "ana", amendment=number, choice="yes", on="2019-05-02")
    chartered.run(
        "vote cast", "bo", amendment=number, choice="no", statement="Keep it", on="2019-05-02"
    )
    outcome = chartered.run("vote close", "dee", amendment=number, on="2019-05-31")
    assert outcome.results[0]["outcome"] == "rejected"
    shown = views.vote_show(chartered.registry(), number)
    assert (shown["outcome"], shown["quorum_met"], shown["dissent"]) == (
        "rejected",
        True,
        ["Keep it"],
    )
    with pytest.raises(RuleViolation):
        chartered.run("amendment incorporate", "dee", amendment=number, on="2019-06-01")


def test_a_stale_amendment_must_be_rebased_before_incorporation(chartered):
    first = propose(chartered, text="First change.\n")
    second = propose(chartered, actor="ana", text="Second change.\n", on="2019-04-02")
    ratify(chartered, first)
    chartered.run("amendment incorporate", "dee", amendment=first, on="2019-06-02")
    ratify(chartered, second, opened="2019-05-02")
    refused = chartered.refused("amendment incorporate", "dee", amendment=second, on="2019-06-03")
    assert "rebase it first" in str(refused)
    chartered.run(
        "amendment rebase",
        "ana",
        amendment=second,
        text="Second change, rebased.\n",
        on="2019-06-03",
    )
    # A new text is voted again before it can be incorporated.
    assert chartered.registry().amendments[second].status == "proposed"
    refused = chartered.refused("amendment incorporate", "dee", amendment=second, on="2019-06-04")
    assert refused.rule == "amendment-steps"
    chartered.run("amendment consensus", "dee", amendment=second, on="2019-06-04")
    chartered.run("vote open", "dee", amendment=second, closes="2019-06-30", on="2019-06-05")
    for voter in ("ana", "bo"):
        chartered.run("vote cast", voter, amendment=second, choice="yes", on="2019-06-10")
    chartered.run("vote close", "dee", amendment=second, on="2019-06-30")
    chartered.run("amendment incorporate", "dee", amendment=second, on="2019-07-01")
    assert views.charter_show(chartered.registry(), None)["version"] == 3
    assert all(c.ok for c in audit(chartered.service.log_facts()))


def test_withdrawal_by_the_proposer(chartered):
    number = propose(chartered)
    with pytest.raises(NotPermitted):
        chartered.run("amendment withdraw", "cy", amendment=number, reason="x", on="2019-04-05")
    chartered.run("amendment withdraw", "bo", amendment=number, reason="merged", on="2019-04-05")
    assert chartered.registry().amendments[number].status == "withdrawn"


def test_the_charter_review_is_recorded_once_per_year(chartered):
    chartered.run("charter review", "dee", year=2019, notes="fine", on="2019-12-01")
    assert isinstance(
        chartered.refused("charter review", "dee", year=2019, notes="again", on="2019-12-02"),
        RuleViolation,
    )


# --- broken ledgers: events recorded straight through the domain, bypassing the guards ----


def tamper(ledger, number, event_name, **data):
    """Append an event the commands would refuse, as a careless or hostile writer could."""
    app = ledger.service.app
    amendment = app.repository.get(Amendment.id_for(number))
    envelope = {
        "effective_date": data.pop("on"),
        "actor": data.pop("actor", "dee"),
        "role": data.pop("role", "dccg"),
        "evidence": None,
        "person": data.pop("person", None),
    }
    amendment.trigger_event(getattr(Amendment, event_name), **envelope, **data)
    app.save(amendment)


def failing_checks(ledger):
    """The rules the charter audit finds broken."""
    failed = [c.name for c in audit(ledger.service.log_facts()) if not c.ok]
    return sorted({name for names in failed for name in names.split(", ")})


def incorporate(ledger, number, on="2019-06-02"):
    ledger.run("amendment incorporate", "dee", amendment=number, on=on)


def test_audit_catches_a_vote_without_consensus(chartered):
    number = propose(chartered)
    tamper(
        chartered,
        number,
        "VoteOpened",
        on="2019-05-01",
        closes="2019-05-31",
        quorum="0",
        threshold="majority",
        electorate=["ana", "bo", "cy"],
    )
    for voter in ("ana", "bo"):
        chartered.run("vote cast", voter, amendment=number, choice="yes", on="2019-05-10")
    chartered.run("vote close", "dee", amendment=number, on="2019-06-01")
    incorporate(chartered, number)
    assert failing_checks(chartered) == ["amendment-steps"]


def test_audit_catches_a_packed_electorate_and_its_ballot(chartered):
    number = propose(chartered)
    chartered.run("amendment consensus", "dee", amendment=number, on="2019-04-20")
    tamper(
        chartered,
        number,
        "VoteOpened",
        on="2019-05-01",
        closes="2019-05-31",
        quorum="0",
        threshold="majority",
        electorate=["ana", "bo", "cy", "obi"],
    )
    for voter in ("ana", "obi"):
        chartered.run("vote cast", voter, amendment=number, choice="yes", on="2019-05-10")
    chartered.run("vote close", "dee", amendment=number, on="2019-06-01")
    incorporate(chartered, number)
    assert failing_checks(chartered) == ["electorate"]


def test_audit_catches_a_falsified_tally(chartered):
    number = propose(chartered)
    chartered.run("amendment consensus", "dee", amendment=number, on="2019-04-20")
    chartered.run("vote open", "dee", amendment=number, closes="2019-05-31", on="2019-05-01")
    chartered.run("vote cast", "ana", amendment=number, choice="no", on="2019-05-10")
    tamper(
        chartered,
        number,
        "VoteClosed",
        on="2019-06-01",
        tally={"yes": 1, "no": 0, "abstain": 0},
        electorate_size=3,
        turnout="1/3",
        quorum_met=True,
        outcome="ratified",
        sections={"principles": "Open to everyone.\n"},
    )
    incorporate(chartered, number)
    assert failing_checks(chartered) == ["tally"]


def test_audit_catches_a_late_ballot_and_a_vote_closed_by_someone_else(chartered):
    number = propose(chartered)
    chartered.run("amendment consensus", "dee", amendment=number, on="2019-04-20")
    chartered.run("vote open", "dee", amendment=number, closes="2019-05-31", on="2019-05-01")
    for voter in ("ana", "bo"):
        chartered.run("vote cast", voter, amendment=number, choice="yes", on="2019-05-10")
    tamper(
        chartered,
        number,
        "BallotCast",
        on="2019-06-05",
        actor="cy",
        role="member",
        choice="no",
        statement=None,
    )
    tamper(
        chartered,
        number,
        "VoteClosed",
        on="2019-06-06",
        actor="sec",
        role="secretariat",
        tally={"yes": 2, "no": 0, "abstain": 0},
        electorate_size=3,
        turnout="2/3",
        quorum_met=True,
        outcome="ratified",
        sections={"principles": "Open to everyone.\n"},
    )
    incorporate(chartered, number, on="2019-06-07")
    # The late ballot is refusable; the close was not the DCCG's (the first rule it breaks).
    assert failing_checks(chartered) == ["ballots-before-close", "role"]


def test_audit_catches_an_observer_proposal_and_a_missing_message(chartered):
    app = chartered.service.app
    from dcledger.ledger.aggregates import Charter, Envelope

    charter = app.repository.get(Charter.ID)
    stamp = Envelope("2019-04-01", "obi", "member")
    number = charter.state.amendments_numbered + 1
    charter.number_amendment(number, stamp)
    rogue = Amendment._create(
        Amendment.Created,
        id=Amendment.id_for(number),
        number=number,
        sections={"principles": "Observers rule.\n"},
        rationale="r",
        message_id="",
        base_version=1,
        **stamp.fields(),
    )
    app.save(charter, rogue)
    ratify(chartered, number)
    incorporate(chartered, number)
    # The first rule the proposal breaks is named (its empty message breaks another).
    assert failing_checks(chartered) == ["proposer-full-member"]


def test_audit_catches_incorporated_text_that_differs_from_the_amendment(chartered):
    from dcledger.ledger.aggregates import Charter

    number = propose(chartered)
    ratify(chartered, number)
    app = chartered.service.app
    charter = app.repository.get(Charter.ID)
    amendment = app.repository.get(Amendment.id_for(number))
    envelope = {
        "effective_date": "2019-06-02",
        "actor": "dee",
        "role": "dccg",
        "evidence": None,
        "person": None,
    }
    charter.trigger_event(
        Charter.AmendmentIncorporated,
        **envelope,
        amendment=number,
        version=2,
        sections={"principles": "Something nobody voted for.\n"},
    )
    amendment.trigger_event(Amendment.Incorporated, **envelope, version=2)
    app.save(charter, amendment)
    assert failing_checks(chartered) == ["voted-text"]


def test_audit_catches_a_ballot_recorded_after_the_close_dated_before_it(chartered):
    number = propose(chartered)
    ratify(chartered, number)  # yes, yes, no: ratified, closed on 2019-06-01
    tamper(
        chartered,
        number,
        "BallotCast",
        on="2019-05-30",
        actor="cy",
        role="member",
        choice="no",
        statement="written after the close",
    )
    assert failing_checks(chartered) == ["ballots-before-close"]
