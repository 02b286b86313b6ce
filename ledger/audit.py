"""The auditor's check of every charter change, recomputed from the log's facts alone.

Each cross-aggregate question is answered with what the ledger knew when the decision
was recorded (facts recorded no later, in effect on that date), so later backfills can
neither excuse nor condemn a decision after the fact.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from dcledger.ledger import tally
from dcledger.ledger.facts import Fact, live_facts
from dcledger.ledger.registry import Registry
from dcledger.ledger.state import AmendmentState, Ballot, CharterState, CharterVersion, fold
from dcledger.ledger.vocabulary import DCCG

MESSAGE_REFERENCE = re.compile(r"^(<[^<>\s]+@[^<>\s]+>|[^<>\s]+@[^<>\s]+|https?://\S+)$")


@dataclass(frozen=True)
class Check:
    version: int
    amendment: int | None
    name: str
    ok: bool
    reason: str

    def as_dict(self) -> dict[str, object]:
        return {
            "version": self.version,
            "amendment": self.amendment,
            "check": self.name,
            "result": "pass" if self.ok else "fail",
            "reason": self.reason,
        }


def known_then(facts: list[Fact], decision: Fact) -> Registry:
    """The registry as it stood when `decision` was recorded, on its effective date."""
    return Registry.from_facts(
        f
        for f in facts
        if f.recorded_at <= decision.recorded_at
        and (f.effective_date <= decision.effective_date or f.type.endswith(".retracted"))
        and f.id != decision.id
    )


def audit(facts: list[Fact]) -> list[Check]:
    by_scope: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        by_scope[fact.scope].append(fact)
    charter_scope = next((s for s, fs in by_scope.items() if fs[0].type == "charter.adopted"), None)
    if charter_scope is None:
        return []
    charter: CharterState = fold(by_scope[charter_scope])
    amendment_scopes = {
        fs[0].data["number"]: fs for fs in by_scope.values() if fs[0].type == "amendment.proposed"
    }
    checks: list[Check] = []
    for version in charter.versions[1:]:
        number = version.amendment
        scope_facts = amendment_scopes.get(number) if number is not None else None
        if scope_facts is None:
            checks.append(
                Check(
                    version.version,
                    number,
                    "amendment exists",
                    False,
                    f"version {version.version} names no recorded amendment",
                )
            )
            continue
        previous = charter.versions[version.version - 2]
        checks += audit_version(version.version, previous, version, scope_facts, facts)
    return checks


def audit_version(
    number: int,
    previous: CharterVersion,
    version: CharterVersion,
    amendment_facts: list[Fact],
    all_facts: list[Fact],
) -> list[Check]:
    live = live_facts(amendment_facts)
    amendment: AmendmentState = fold(amendment_facts)
    first = {}
    for fact in live:
        first.setdefault(fact.type, fact)
    last_open = next((f for f in reversed(live) if f.type == "amendment.vote_opened"), None)
    close = next((f for f in reversed(live) if f.type == "amendment.vote_closed"), None)
    proposal = first["amendment.proposed"]
    consensus = first.get("amendment.consensus_reached")
    n = amendment.number

    def check(name: str, ok: bool, reason: str) -> Check:
        return Check(number, n, name, ok, reason)

    results = []
    then = known_then(all_facts, proposal)
    proposer = amendment.proposer
    coalitions = then.full_member_of(proposer)
    on = proposal.effective_date
    results.append(
        check(
            "proposer was a full member",
            bool(coalitions),
            f"{proposer} was a full member of {', '.join(coalitions)} on {on}"
            if coalitions
            else f"{proposer} was no coalition's full member on {on}",
        )
    )
    cited = bool(MESSAGE_REFERENCE.match(amendment.message_id.strip()))
    results.append(
        check("proposal cites a mailing-list message", cited, f"message {amendment.message_id!r}")
    )
    if consensus is None or last_open is None:
        results.append(
            check(
                "consensus before the vote",
                False,
                "no consensus recorded" if consensus is None else "no vote opened",
            )
        )
    else:
        ok = consensus.order < last_open.order
        results.append(
            check(
                "consensus before the vote",
                ok,
                f"consensus {consensus.effective_date}, vote opened {last_open.effective_date}",
            )
        )
    for label, fact in (("opened", last_open), ("closed", close)):
        if fact is None:
            results.append(check(f"vote {label} by the DCCG", False, f"the vote was never {label}"))
            continue
        holder = known_then(all_facts, fact).persons.get(fact.actor)
        ok = fact.role == DCCG and holder is not None and DCCG in holder.offices
        results.append(
            check(
                f"vote {label} by the DCCG",
                ok,
                f"{label} by {fact.actor} as {fact.role} on {fact.effective_date}"
                + ("" if ok else f"; {fact.actor} did not hold the DCCG office"),
            )
        )
    vote = amendment.vote
    if last_open is None or vote is None:
        return results
    expected = known_then(all_facts, last_open).electorate(last_open.effective_date)
    recorded = sorted(vote.electorate)
    missing, extra = sorted(set(expected) - set(recorded)), sorted(set(recorded) - set(expected))
    results.append(
        check(
            "electorate as the log shows it",
            not missing and not extra,
            f"{len(recorded)} voters"
            if not missing and not extra
            else f"left out: {', '.join(missing) or '-'}; not entitled: {', '.join(extra) or '-'}",
        )
    )
    electorate = set(expected)
    ballots = [
        f for f in live if f.type == "amendment.ballot_cast" and f.version > last_open.version
    ]
    valid = [
        f
        for f in ballots
        if (f.person or f.actor) in electorate
        and f.effective_date <= vote.closes
        and (close is None or f.version < close.version)
    ]
    counted = {f.version for f in valid}
    bad = [f"{f.person or f.actor} (event {f.id})" for f in ballots if f.version not in counted]
    results.append(
        check(
            "ballots from the electorate before closing",
            not bad,
            f"{len(ballots)} ballots" if not bad else "refusable: " + ", ".join(bad),
        )
    )
    if close is None:
        results.append(check("tally", False, "the vote was never closed"))
    else:
        last_ballots = {}
        for f in sorted(valid, key=lambda f: f.version):
            last_ballots[f.person or f.actor] = Ballot(
                voter=f.person or f.actor, choice=f.data["choice"], on=f.effective_date
            )
        recount = vote.model_copy(update={"electorate": expected, "ballots": last_ballots})
        counted = tally.count(recount)
        recorded_tally = close.data["tally"]
        same = counted.as_dict() == recorded_tally and counted.outcome == close.data["outcome"]
        results.append(
            check(
                "tally recomputed from the ballots",
                same,
                f"yes {counted.yes}, no {counted.no}, abstain {counted.abstain}: {counted.outcome}"
                + ("" if same else f"; recorded {recorded_tally} {close.data['outcome']}"),
            )
        )
        results.append(
            check(
                "quorum and threshold met",
                counted.outcome == "ratified",
                f"turnout {float(counted.turnout):.1%} (quorum {vote.quorum}), "
                f"threshold {vote.threshold}: {counted.outcome}",
            )
        )
    before = {s.id: s.text for s in previous.sections}
    after = {s.id: s.text for s in version.sections}
    expected_text = before | amendment.sections
    ok = after == expected_text
    changed = sorted(s for s in after if after[s] != before.get(s))
    results.append(
        check(
            "incorporated text is the amendment's",
            ok,
            f"changed {', '.join(changed) or 'nothing'}"
            if ok
            else "the version's text differs from the amendment's",
        )
    )
    return results
