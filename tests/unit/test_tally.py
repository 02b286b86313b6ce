from datetime import date
from fractions import Fraction

import pytest

from dcledger.ledger.state import Ballot, VoteState
from dcledger.ledger.tally import count


def vote(choices: list[str], electorate: int, threshold: str = "majority", quorum: str = "0"):
    voters = [f"v{i}" for i in range(electorate)]
    ballots = {
        v: Ballot(voter=v, choice=c, on=date(2024, 1, 2))
        for v, c in zip(voters, choices, strict=False)
    }
    return VoteState(
        opened_on=date(2024, 1, 1),
        opened_by="dee",
        closes=date(2024, 2, 1),
        quorum=quorum,
        threshold=threshold,
        electorate=voters,
        ballots=ballots,
    )


@pytest.mark.parametrize(
    ("choices", "threshold", "outcome"),
    [
        (["yes", "yes", "no"], "two-thirds", "ratified"),  # exactly two thirds
        (["yes", "yes", "no", "no", "yes"], "two-thirds", "rejected"),  # 3/5 < 2/3
        (["yes", "no"], "majority", "rejected"),  # a tie is not more yes than no
        (["yes", "no", "yes", "abstain", "abstain"], "majority", "ratified"),
        (["abstain", "abstain"], "two-thirds", "rejected"),  # no votes for or against
    ],
)
def test_thresholds(choices, threshold, outcome):
    assert count(vote(choices, 10, threshold)).outcome == outcome


@pytest.mark.parametrize(
    ("cast", "quorum", "met"), [(3, "3/10", True), (2, "3/10", False), (3, "0.3", True)]
)
def test_quorum_counts_every_voter_who_cast_a_ballot(cast, quorum, met):
    result = count(vote(["abstain"] + ["yes"] * (cast - 1), 10, quorum=quorum))
    assert result.turnout == Fraction(cast, 10)
    assert result.quorum_met is met


def test_ballots_from_outside_the_electorate_are_not_counted():
    state = vote(["yes"], 3)
    state.ballots["stranger"] = Ballot(voter="stranger", choice="no", on=date(2024, 1, 2))
    assert count(state).as_dict() == {"yes": 1, "no": 0, "abstain": 0}
