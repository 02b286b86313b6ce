"""Whom a verifier takes for the secretariat: by the date of each grant, and no longer
once the grant is retracted."""

from dcledger.ledger.integrity.offices import GRANTED, REGISTERED, RETRACTED, SecretariatOffice


def doc(topic: str, record: str, version: int, day: str, **data) -> dict:
    return {
        "topic": topic,
        "record": record,
        "version": version,
        "effective_date": day,
        "data": data,
    }


def test_a_grant_counts_from_its_date_until_it_is_retracted():
    office = SecretariatOffice()
    office.learn(doc(REGISTERED, "r-sec", 1, "2019-01-01", handle="sec", offices=["secretariat"]))
    office.learn(doc(REGISTERED, "r-eve", 1, "2019-01-02", handle="eve", offices=[]))
    office.learn(doc(GRANTED, "r-eve", 2, "2023-01-01", office="secretariat"))
    assert office.holds_on("sec", "2019-01-01") and not office.holds_on("sec", "2018-12-31")
    assert office.holds_on("eve", "2023-01-01") and not office.holds_on("eve", "2022-01-10")
    assert office.holders() == {"sec", "eve"}
    office.learn(doc(RETRACTED, "r-eve", 3, "2023-02-01", target_version=2))
    assert not office.holds_on("eve", "2024-01-01") and office.holders() == {"sec"}


def test_other_offices_are_not_the_secretariat():
    office = SecretariatOffice()
    office.learn(doc(REGISTERED, "r-dee", 1, "2019-01-01", handle="dee", offices=[]))
    office.learn(doc(GRANTED, "r-dee", 2, "2019-01-01", office="dccg"))
    assert office.holders() == set()
