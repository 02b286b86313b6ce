from dcledger.cli.charter import checked_subject


def test_each_row_of_the_audit_table_names_what_it_checked():
    assert checked_subject(2, 1) == "v2 amendment 1"
    assert checked_subject(1, None) == "v1 (no amendment)"
    assert checked_subject(None, 4) == "amendment 4 (not incorporated)"
    assert checked_subject(None, None) == "the charter"
