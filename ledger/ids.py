"""Aggregate ids: unique names become uuid5 ids, so the event store refuses duplicates."""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

ID_NAMESPACE = uuid5(NAMESPACE_URL, "https://dcledger.invalid/ids")


def stable_id(kind: str, key: str) -> UUID:
    return uuid5(ID_NAMESPACE, f"{kind}/{key}")


def person_scope(handle: str) -> str:
    return stable_id("person", handle).hex


def coalition_scope(slug: str) -> str:
    return stable_id("coalition", slug).hex


def amendment_scope(number: int) -> str:
    return stable_id("amendment", str(number)).hex


def meeting_scope(day: str) -> str:
    return stable_id("dccg-meeting", day).hex


def review_scope(year: int) -> str:
    return stable_id("member-review", str(year)).hex


CHARTER_SCOPE = stable_id("charter", "the-charter").hex
LEDGER_SCOPE = stable_id("ledger", "the-ledger").hex
