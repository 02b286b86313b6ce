import pytest

from dcledger.ledger.documents import parse_charter_markdown, slugify, validate_statement
from dcledger.ledger.errors import StatementInvalid
from tests.harness import statement


def test_a_complete_statement_is_accepted_and_gets_a_slug():
    doc = statement()
    del doc["slug"]
    assert validate_statement(doc).resolved_slug() == "dc-example-matters"


def test_every_missing_part_is_named_at_once():
    with pytest.raises(StatementInvalid) as refused:
        validate_statement({"name": "DC on Things"})
    assert refused.value.problems == [
        "missing the need for the coalition (need)",
        "missing an action plan (action_plan)",
        "missing a mailing list address (mailing_list)",
        "missing contact persons (contacts)",
        "missing founding members (members)",
    ]


def test_three_stakeholder_groups_are_required():
    doc = statement()
    doc["members"][2]["group"] = "government"
    with pytest.raises(StatementInvalid, match="cover 2 stakeholder group"):
        validate_statement(doc)


def test_unknown_groups_and_bad_addresses_are_named():
    doc = statement(mailing_list="not-an-address")
    doc["members"][0]["group"] = "media"
    with pytest.raises(StatementInvalid) as refused:
        validate_statement(doc)
    text = str(refused.value)
    assert "mailing_list" in text
    assert "'media' is not a stakeholder group" in text


def test_contacts_must_be_founding_members():
    doc = statement(contacts=[{"handle": "zed", "name": "Zed", "email": "zed@example.org"}])
    with pytest.raises(StatementInvalid, match="must also be founding members: zed"):
        validate_statement(doc)


def test_slugs_drop_the_common_prefix():
    assert slugify("Dynamic Coalition on Network Neutrality") == "dc-network-neutrality"


def test_charter_markdown_sections_come_from_level_two_headings():
    text = "# Title\nintro\n## First Part\nalpha\n\n## Second\nbeta\n"
    assert parse_charter_markdown(text) == [
        {"id": "first-part", "title": "First Part", "text": "alpha\n"},
        {"id": "second", "title": "Second", "text": "beta\n"},
    ]
