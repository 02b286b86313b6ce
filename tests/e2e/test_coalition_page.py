"""`coalition show`: the coalition's page as the public reads it."""

from tests.e2e.cli_helpers import Shell


def test_the_page_shows_agreement_dissent_and_updates_and_no_address(tmp_path):
    shell = Shell(tmp_path).founded()
    output = ["output", "record", "dc-example", "--kind", "document", "--title", "Paper"]
    shell.ok(*output, "--agreement", "all of it", "--no-dissent", "--on", "2019-03-01", actor="ana")
    update = ["coalition", "update-page", "dc-example", "--summary", "New contact page"]
    shell.ok(*update, "--on", "2019-03-02", actor="sec")
    page = shell.ok("coalition", "show", "dc-example").stdout
    assert "output 2019-03-01 document: Paper\n  agreement: all of it\n" in page
    assert "  dissent: none raised\n" in page
    assert "page update 2019-03-02: New contact page\n" in page
    assert (
        "@" not in page and "@" not in shell.ok("coalition", "show", "dc-example", "--json").stdout
    )
    assert "mailing list: dc-example at lists.example.org\n" in page
    assert shell.json("coalition", "show", "dc-example")["published"] is True


def test_a_proposed_coalition_has_no_published_page_yet(tmp_path):
    shell = Shell(tmp_path).founded()
    statement = shell.statement_file(slug="dc-later", name="Dynamic Coalition on Later Matters")
    shell.ok("coalition", "propose", "--statement", statement, "--on", "2019-03-01", actor="sec")
    page = shell.ok("coalition", "show", "dc-later").stdout
    assert page.splitlines()[1] == (
        "page: not published: a coalition's page is published on its recognition"
    )
    assert shell.json("coalition", "show", "dc-later")["published"] is False
