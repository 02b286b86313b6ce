"""Aggregate ids: unique names become uuid5 ids, so the event store refuses duplicates."""

from __future__ import annotations

from functools import lru_cache
from uuid import NAMESPACE_URL, UUID, uuid5

ID_NAMESPACE = uuid5(NAMESPACE_URL, "https://dcledger.invalid/ids")


def stable_id(kind: str, key: str) -> UUID:
    return uuid5(ID_NAMESPACE, f"{kind}/{key}")


@lru_cache(maxsize=65536)  # the rule layer asks for the same records often
def person_id(handle: str) -> str:
    return stable_id("person", handle).hex


@lru_cache(maxsize=65536)  # the rule layer asks for the same records often
def coalition_id(slug: str) -> str:
    return stable_id("coalition", slug).hex


@lru_cache(maxsize=65536)  # the rule layer asks for the same records often
def amendment_id(number: int) -> str:
    return stable_id("amendment", str(number)).hex


@lru_cache(maxsize=65536)  # the rule layer asks for the same records often
def meeting_id(day: str) -> str:
    return stable_id("dccg-meeting", day).hex


@lru_cache(maxsize=65536)  # the rule layer asks for the same records often
def review_id(year: int) -> str:
    return stable_id("member-review", str(year)).hex


CHARTER_ID = stable_id("charter", "the-charter").hex
LEDGER_ID = stable_id("ledger", "the-ledger").hex
