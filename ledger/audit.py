"""The auditor's checks, recomputed from the log's facts alone.

`audit_ledger` re-checks every event with the rule layer at its place in the history: the
same checks that decided each command. `audit` (the charter audit) runs the same engine
on the charter and its amendments, and cross-checks amendments against charter versions:
the first version was adopted by the rules, each incorporated amendment has exactly one
version, each version after the first comes from exactly one ratified, closed and
incorporated amendment, and versions are in order.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass

from dcledger.ledger.facts import Fact, beginnings
from dcledger.ledger.rules.validation import Violation, audit_log
from dcledger.ledger.state import AmendmentState, CharterState, CharterVersion, fold

CHARTER_KINDS = ("charter", "amendment")
ADOPTIONS = beginnings("charter.adopted")


@dataclass(frozen=True)
class Check:
    version: int | None
    amendment: int | None
    name: str
    ok: bool
    reason: str

    @property
    def subject(self) -> str:
        """What was checked: `v2 amendment 1`, `v3 (no amendment)`, `amendment 4 (not
        incorporated)`, or `the charter`."""
        if self.version is None and self.amendment is None:
            return "the charter"
        if self.amendment is None:
            return f"v{self.version} (no amendment)"
        if self.version is None:
            return f"amendment {self.amendment} (not incorporated)"
        return f"v{self.version} amendment {self.amendment}"

    def as_dict(self) -> dict[str, object]:
        return {
            "version": self.version,
            "amendment": self.amendment,
            "check": self.name,
            "result": "pass" if self.ok else "fail",
            "reason": self.reason,
        }


@dataclass(frozen=True)
class LedgerAudit:
    events: int
    violations: list[Violation]

    @property
    def ok(self) -> bool:
        return not self.violations


def audit_ledger(facts: list[Fact]) -> LedgerAudit:
    return LedgerAudit(len(facts), audit_log(facts))


def audit(facts: list[Fact]) -> list[Check]:
    """The charter audit: one list of checks, passed and failed."""
    by_aggregate: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        by_aggregate[fact.aggregate_id].append(fact)
    charter_facts = next(
        (fs for fs in by_aggregate.values() if fs[0].type == "charter.adopted"), []
    )
    charter: CharterState | None = fold(charter_facts) if charter_facts else None
    amendments: dict[int, AmendmentState] = {
        fs[0].data["number"]: fold(fs)
        for fs in by_aggregate.values()
        if fs[0].type == "amendment.proposed"
    }
    violations = audit_log(facts, CHARTER_KINDS)
    numbers = {f.id: amendment_number(f, by_aggregate) for f in facts}
    checks = version_checks(charter, amendments)
    adoptions: set[int] = set()
    if charter is not None and charter.versions:  # the first version's own row
        adoptions = {f.id for f in charter_facts if f.type in ADOPTIONS}
        mine = [v for v in violations if v.event in adoptions]
        checks.insert(0, adoption_check(charter.versions[0], mine))
    for number in sorted(n for n in amendments if amendments[n].status == "incorporated"):
        mine = [v for v in violations if numbers.get(v.event) == number]
        checks.append(steps_check(amendments[number], mine))
    others = [
        v
        for v in violations
        if v.event not in adoptions and amendment_status(numbers.get(v.event), amendments)
    ]
    checks += [
        Check(None, numbers.get(v.event), v.rule or "rules", False, reason(v)) for v in others
    ]
    return checks


def amendment_number(fact: Fact, by_aggregate: dict[str, list[Fact]]) -> int | None:
    if fact.type.startswith("charter.amendment_"):
        return fact.data.get("amendment") or fact.data.get("number")
    first = by_aggregate[fact.aggregate_id][0]
    return first.data.get("number") if first.type == "amendment.proposed" else None


def amendment_status(number: int | None, amendments: dict[int, AmendmentState]) -> bool:
    """True for a violation not already reported under an incorporated amendment."""
    return (
        number is None
        or amendments.get(number) is None
        or (amendments[number].status != "incorporated")
    )


def reason(v: Violation) -> str:
    return f"event {v.event} ({v.type} on {v.effective_date}): {v.message}"


def steps_check(amendment: AmendmentState, violations: list[Violation]) -> Check:
    version = amendment.incorporated_version
    if violations:
        return Check(
            version,
            amendment.number,
            ", ".join(sorted({v.rule or "rules" for v in violations})),
            False,
            "; ".join(reason(v) for v in violations),
        )
    return Check(
        version,
        amendment.number,
        "every step followed the rules",
        True,
        "proposal, consensus, vote, tally and incorporation re-checked on their dates",
    )


def adoption_check(first: CharterVersion, violations: list[Violation]) -> Check:
    """Version 1 comes from no amendment: its adoption (and any adoption again after a
    retraction) is re-checked by the rules on its date, as every amendment's steps are."""
    if violations:
        names = ", ".join(sorted({v.rule or "rules" for v in violations}))
        return Check(first.version, None, names, False, "; ".join(reason(v) for v in violations))
    return Check(
        first.version,
        None,
        "adopted by the rules",
        True,
        f"adopted on {first.effective_date} by {first.by}, re-checked on its date",
    )


def version_checks(
    charter: CharterState | None, amendments: dict[int, AmendmentState]
) -> list[Check]:
    if charter is None:
        if amendments:
            return [Check(None, None, "charter-adopted", False, "amendments but no charter")]
        return []
    checks = []
    for previous, version in itertools.pairwise(charter.versions):
        checks += [made_from_amendment(version, amendments), in_order(previous, version)]
    made_from: dict[int, list[int]] = defaultdict(list)
    for version in charter.versions[1:]:
        if version.amendment is not None:
            made_from[version.amendment].append(version.version)
    for number, a in sorted(amendments.items()):
        versions = made_from.get(number, [])
        if a.status == "incorporated" or versions:
            checks.append(one_version(a, versions))
    return checks


def made_from_amendment(version: CharterVersion, amendments: dict[int, AmendmentState]) -> Check:
    number = version.amendment
    a = amendments.get(number) if number is not None else None
    vote = a.vote if a else None
    ok = a is not None and a.status == "incorporated" and vote is not None
    ok = ok and vote.closed_on is not None and vote.outcome == "ratified"
    return Check(
        version.version,
        number,
        "from one ratified, closed, incorporated amendment",
        ok,
        f"amendment {number} is {a.status if a else 'not recorded'}",
    )


def in_order(previous: CharterVersion, version: CharterVersion) -> Check:
    ok = version.effective_date >= previous.effective_date
    ok = ok and version.version == previous.version + 1
    return Check(
        version.version,
        version.amendment,
        "versions in order",
        ok,
        f"v{previous.version} {previous.effective_date}, "
        f"v{version.version} {version.effective_date}",
    )


def one_version(a: AmendmentState, versions: list[int]) -> Check:
    return Check(
        a.incorporated_version,
        a.number,
        "one version per incorporated amendment",
        a.status == "incorporated" and versions == [a.incorporated_version],
        f"amendment {a.number} is {a.status}; charter version(s) made from it: "
        f"{', '.join(f'v{v}' for v in versions) or 'none'}",
    )
