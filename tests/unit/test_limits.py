"""The limits every input meets before any command runs."""

from __future__ import annotations

import pytest

from dcledger.ledger import policy
from dcledger.ledger.errors import InvalidInput
from dcledger.ledger.limits import nested_deeper_than, parse_json

LIMIT = policy.MAX_JSON_DEPTH


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_nesting_up_to_the_limit_is_parsed():
    assert not nested_deeper_than(nested(LIMIT), LIMIT)
    assert parse_json(nested(LIMIT)) is not None


def test_one_level_past_the_limit_is_refused_before_parsing():
    assert nested_deeper_than(nested(LIMIT + 1), LIMIT)
    with pytest.raises(InvalidInput, match=f"nested more than {LIMIT} levels deep"):
        parse_json(nested(LIMIT + 1))


def test_siblings_do_not_add_up_and_text_around_brackets_is_ignored():
    wide = '{"a": [1, {"b": [2]}], "c": [[3]], "d": "x"}' * 1000
    assert not nested_deeper_than(wide, 4)
    assert nested_deeper_than('{"a": [1, {"b": [2]}]}', 3)


def test_a_million_opening_brackets_are_refused():
    with pytest.raises(InvalidInput, match="levels deep"):
        parse_json("[" * 1_000_000)


def test_a_batch_is_checked_once_however_often_it_is_handed_on(monkeypatch):
    """The command line checks a batch before opening anything and the service checks
    what any caller gives it: an import's million lines are not checked twice."""
    from dcledger.ledger import limits
    from dcledger.ledger.invocation import Invocation

    batch = [Invocation("meeting record", "ana", {"title": "call"}) for _ in range(3)]
    checked = limits.checked_invocations(batch)
    calls = []
    monkeypatch.setattr(limits, "check_invocation", calls.append)
    assert limits.checked_invocations(checked) is checked and calls == []
    limits.checked_invocations(list(checked))
    assert len(calls) == 3


def test_few_brackets_anywhere_never_nest_too_deep():
    # The count that answers most lines at once: at the limit, opening brackets alone
    # cannot pass it, however they are placed; one more may.
    assert not nested_deeper_than("[" * LIMIT, LIMIT)
    assert nested_deeper_than("{" + "[" * LIMIT, LIMIT)
    assert not nested_deeper_than("[]" * (LIMIT + 1), LIMIT)
