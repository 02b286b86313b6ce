from pathlib import Path

import pytest

from dcledger.ledger.charter_text import parse_charter_markdown
from dcledger.ledger.documents import validate_statement
from dcledger.ledger.errors import InvalidInput, StatementInvalid
from dcledger.ledger.person_fields import check_person_fields
from dcledger.ledger.slugs import slugify
from tests.harness import statement

REPO = Path(__file__).resolve().parents[2]


def test_a_complete_statement_is_accepted_and_gets_a_slug():
    doc = statement()
    del doc["slug"]
    assert validate_statement(doc).resolved_slug() == "dc-example-matters"


def test_an_empty_slug_is_derived_from_the_name():
    assert validate_statement(statement(slug="")).resolved_slug() == "dc-example-matters"


def test_every_missing_part_is_named_at_once():
    with pytest.raises(StatementInvalid) as refused:
        validate_statement({"name": "DC on Things"})
    assert refused.value.problems == ["missing need, action_plan, mailing_list, contacts, members"]


def test_empty_and_blank_parts_are_missing_and_every_problem_fits_one_line():
    with pytest.raises(StatementInvalid) as blank:
        validate_statement(statement(need="   ", action_plan="\t", name=""))
    assert blank.value.problems == ["missing name, need, action_plan"]
    doc = {"name": "Realistic Coalition", "members": statement()["members"][:2]}
    doc["members"][1]["email"] = "bo at example"
    with pytest.raises(StatementInvalid) as many:
        validate_statement(doc)
    assert str(many.value) == (
        "the statement is incomplete: missing need, action_plan, mailing_list, contacts; "
        "members.1.email: not an email address; "
        "founding members cover 2 stakeholder group(s), at least 3 are required"
    )


def test_a_handle_listed_twice_is_named_with_its_positions():
    doc = statement()
    doc["members"].append(dict(doc["members"][0]))
    doc["contacts"].append(dict(doc["contacts"][0]))
    with pytest.raises(StatementInvalid) as refused:
        validate_statement(doc)
    first = doc["members"][0]["handle"]
    assert refused.value.problems == [
        f"members.0,3: {first} is listed twice",
        f"contacts.0-1: {first} is listed twice",
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
    assert "members.0.group: not a stakeholder group (government, private-sector" in text


def test_the_same_problem_of_many_founders_is_named_once_with_their_positions():
    """Every missing part is named, however many founders lack it (a statement of eight
    founders without addresses or groups once lost the last problems to the line's cut)."""
    doc = statement(mailing_list=None)
    del doc["mailing_list"]
    doc["contacts"] = [{"handle": "m-0", "name": "M0"}]
    doc["members"] = [{"handle": f"m-{i}", "name": f"M{i}"} for i in range(8)]
    doc["members"][2] |= {"email": "bad", "group": "media"}
    doc["members"] += [
        {"handle": f"n-{i}", "name": "N", "email": "x", "group": "academia"} for i in range(40)
    ]
    with pytest.raises(StatementInvalid) as refused:
        validate_statement(doc)
    assert refused.value.problems == [
        "missing mailing_list",
        "contacts.0: missing email",
        "members.0-1,3-7: missing email, group",
        "members.2,8-47.email: not an email address",
        "members.2.group: not a stakeholder group (government, private-sector, civil-society, "
        "technical-community, academia, intergovernmental-organization)",
        "founding members cover 1 stakeholder group(s), at least 3 are required",
    ]


def test_contacts_must_be_founding_members():
    doc = statement(contacts=[{"handle": "zed", "name": "Zed", "email": "zed@example.org"}])
    with pytest.raises(StatementInvalid, match="must also be founding members: zed"):
        validate_statement(doc)


def test_slugs_drop_the_common_prefix():
    assert slugify("Dynamic Coalition on Network Neutrality") == "dc-network-neutrality"
    assert slugify("Dynamic Coalition for the Internet of Things") == "dc-internet-of-things"
    # Its abbreviation too: never dc-dc-...
    assert slugify("DC on Qux") == "dc-qux"
    assert slugify("DC Youth") == "dc-youth"
    assert slugify("Dcx") == "dc-dcx"


def test_slugs_keep_accented_letters_and_tell_non_latin_names_apart():
    assert slugify("Café Économie") == "dc-cafe-economie"
    first, second = slugify("日本語の連合"), slugify("インターネットの連合")
    assert first.startswith("dc-") and len(first) == 11 and first != second


def test_charter_markdown_sections_come_from_level_two_headings():
    text = "# Title\nintro\n## First Part\nalpha\n\n## Second\nbeta\n"
    assert parse_charter_markdown(text) == [
        {"id": "first-part", "title": "First Part", "text": "alpha\n"},
        {"id": "second", "title": "Second", "text": "beta\n"},
    ]


def test_a_heading_keeps_its_accented_letters_in_its_id():
    text = "## Zwei Über\nx\n## Économie & Société\ny\n## Año  de Ölmühle\nz\n"
    assert [s["id"] for s in parse_charter_markdown(text)] == [
        "zwei-uber",
        "economie-societe",
        "ano-de-olmuhle",
    ]


def test_the_sample_charters_ids_are_those_of_its_ascii_headings():
    ids = [s["id"] for s in parse_charter_markdown((REPO / "data/charter.md").read_text())]
    assert ids == [
        "history",
        "principles",
        "basic-principles",
        "obligations",
        "membership-governance",
        "mission-and-vision",
        "records-and-archives",
        "review-and-modifications",
    ]


def test_an_amendment_block_matches_a_section_id_made_before_accents_were_kept():
    """A charter adopted earlier keeps its ids ("zwei-ber" for "Zwei Über"): an amendment
    text's heading still names that section, with either id."""
    from dcledger.ledger.charter_text import sections_from_text

    text = "## Zwei Über\nNeu.\n"
    assert sections_from_text("zwei-ber", text) == {"zwei-ber": "Neu.\n"}
    assert sections_from_text("zwei-uber", text) == {"zwei-uber": "Neu.\n"}
    both = sections_from_text(["zwei-ber", "review"], text + "## Review\nYearly.\n")
    assert both == {"zwei-ber": "Neu.\n", "review": "Yearly.\n"}


def test_closing_hashes_and_fenced_code_do_not_make_sections():
    text = "## Principles ##\nOpen.\n```\n## not a heading\n```\n## Review\nYearly.\n"
    assert parse_charter_markdown(text) == [
        {"id": "principles", "title": "Principles", "text": "Open.\n```\n## not a heading\n```\n"},
        {"id": "review", "title": "Review", "text": "Yearly.\n"},
    ]


def test_an_amendment_text_keeps_out_its_own_heading_and_names_every_block():
    from dcledger.ledger.charter_text import sections_from_text
    from dcledger.ledger.errors import InvalidInput

    assert sections_from_text("review", "## Review\nTwice a year.\n") == {
        "review": "Twice a year.\n"
    }
    assert sections_from_text("review", "Twice a year.\n") == {"review": "Twice a year.\n"}
    with pytest.raises(InvalidInput, match="not named with --section: principles"):
        sections_from_text(["review", "scope"], "## Review\nx\n## Scope\ny\n## Principles\nz\n")
    # One section named, a block for another: it would read back as a section more.
    with pytest.raises(InvalidInput, match=r"not named with --section: obligations$"):
        sections_from_text("history", "## Obligations\n\nNew obligations.\n")
    with pytest.raises(InvalidInput, match=r"not named with --section: scope$"):
        sections_from_text("review", "## Review\nx\n## Scope\ny\n")


@pytest.mark.parametrize(
    "address",
    ["mailto:list@example.org", "list@example..org", "list@-x-.org", "list@example", "a b@x.org"],
)
def test_an_address_is_an_address_in_a_statement_and_for_a_person(address):
    with pytest.raises(StatementInvalid, match="mailing_list"):
        validate_statement(statement(mailing_list=address))
    with pytest.raises(InvalidInput, match="is not an email address"):
        check_person_fields("zed", "Zed", address)


@pytest.mark.parametrize("address", ["o'neil+dc@mail.example.ie", "josé@exämple.org", "a@b.co"])
def test_addresses_people_use_are_accepted(address):
    validate_statement(statement(mailing_list=address))
    check_person_fields("zed", "Zed", address)


def test_a_section_named_twice_is_refused_as_such():
    from dcledger.ledger.charter_text import sections_from_text

    with pytest.raises(InvalidInput, match=r"^--section names review more than once$"):
        sections_from_text(["review", "review"], "## Review\nTwice a year.\n")
