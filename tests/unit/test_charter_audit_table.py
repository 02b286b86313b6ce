from dcledger.ledger.audit import Check


def subject(version: int | None, amendment: int | None) -> str:
    return Check(version, amendment, "a check", True, "why").subject


def test_each_row_of_the_audit_table_names_what_it_checked():
    assert subject(2, 1) == "v2 amendment 1"
    assert subject(1, None) == "v1 (no amendment)"
    assert subject(None, 4) == "amendment 4 (not incorporated)"
    assert subject(None, None) == "the charter"
