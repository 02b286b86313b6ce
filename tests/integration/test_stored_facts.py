"""Facts read straight from the stored JSON are the facts the library's decoding gives."""

from __future__ import annotations

from dataclasses import dataclass

from dcledger.ledger.event_store import EventLog, load_event_classes
from dcledger.ledger.facts import fact_from_event
from dcledger.ledger.stored_facts import fact_from_stored


def test_the_fast_reading_equals_the_library_decoding(ledger):
    ledger.coalition()
    ledger.run("person register", "sec", handle="eve", name="E", email="e@x.org", on="2019-03-01")
    ledger.run("member join", "eve", slug="dc-example", group="academia", on="2019-03-01")
    ledger.run("meeting record", "ana", slug="dc-example", title="call", on="2019-03-02")
    ledger.run("retract", "ana", event_id=ledger.events(), reason="wrong day", on="2019-03-03")
    log = EventLog(ledger.service.app)
    stored = log.notifications(1, 1000)
    load_event_classes()
    decoded = [fact_from_event(log.app.mapper.to_domain_event(n), n.id) for n in stored]
    fast = [fact_from_stored(n, n.id) for n in stored]
    assert len(fast) > 10 and fast == decoded
    assert log.facts(stored) == decoded
    assert log.all_facts() == decoded  # read from the rows as stored, on both backends


def test_rows_the_fast_reading_leaves_are_decoded_by_the_library(ledger, monkeypatch):
    from dcledger.ledger import event_store

    ledger.coalition()
    log = EventLog(ledger.service.app)
    load_event_classes()
    stored = log.notifications(1, 1000)
    decoded = [fact_from_event(log.app.mapper.to_domain_event(n), n.id) for n in stored]
    monkeypatch.setattr(event_store, "known_topic", lambda topic: False)  # all to the library
    assert log.all_facts() == decoded


@dataclass
class Stored:
    state: bytes
    originator_id: str = "108ad2c8cbc55a338e0855bd79390d42"
    originator_version: int = 2
    topic: str = "dcledger:person.office_granted:v1"


def test_another_transcoded_value_is_left_to_the_library():
    stamp = b'{"_type_":"datetime_iso","_data_":"2026-01-02T03:04:05+00:00"}'
    envelope = b'"effective_date":"2026-01-02","actor":"sec","role":"secretariat"'
    plain = Stored(b'{"timestamp":' + stamp + b"," + envelope + b',"office":"dccg"}')
    fact = fact_from_stored(plain, 7)
    assert fact is not None
    assert fact.recorded_at == "2026-01-02T03:04:05.000000+00:00"
    assert fact.data == {"office": "dccg"} and fact.type == "person.office_granted"
    odd = b',"since":{"_type_":"decimal_str","_data_":"1.5"}'
    other = Stored(b'{"timestamp":' + stamp + b"," + envelope + odd + b"}")
    assert fact_from_stored(other, 7) is None


def test_only_this_products_event_topics_are_read_the_fast_way():
    from dcledger.ledger.event_store import known_topic

    load_event_classes()
    assert known_topic("dcledger:person.office_granted:v1")
    assert not known_topic("dcledger:person.office_granted:v9")
    assert not known_topic("dcledger:person")  # the aggregate's own topic, not an event
    assert not known_topic("builtins:dict")
