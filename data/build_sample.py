"""Write the sample history: statements, amendment texts and history.jsonl.

The coalitions' names are those of real Dynamic Coalitions; every person, date and event
is invented. The output is deterministic (seeded), and this script checks it by importing
it into a scratch ledger. Run: python data/build_sample.py
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

FIRST = [
    "Amara",
    "Bruno",
    "Chen",
    "Dalia",
    "Emeka",
    "Farah",
    "Goran",
    "Hana",
    "Ines",
    "Jonas",
    "Kofi",
    "Lena",
    "Mateo",
    "Nadia",
    "Omar",
    "Priya",
    "Quentin",
    "Rosa",
    "Sami",
    "Tala",
    "Ugo",
    "Vera",
    "Wei",
    "Ximena",
    "Yusuf",
    "Zara",
]
LAST = [
    "Okafor",
    "Silva",
    "Lindqvist",
    "Haddad",
    "Mensah",
    "Kowalski",
    "Tanaka",
    "Novak",
    "Rahman",
    "Moreau",
    "Achebe",
    "Ferreira",
    "Ivanova",
    "Nakamura",
    "Osei",
    "Petrov",
    "Quispe",
    "Rossi",
    "Sato",
    "Torres",
]
GROUPS = [
    "government",
    "private-sector",
    "civil-society",
    "technical-community",
    "academia",
    "intergovernmental-organization",
]

# slug, name, proposed, recognized, scenario
COALITIONS = [
    ("dc-irpc", "Internet Rights and Principles Coalition", "2019-01-20", "2019-02-15", "steady"),
    (
        "dc-accessibility",
        "Dynamic Coalition on Accessibility and Disability",
        "2019-01-25",
        "2019-02-20",
        "late-2021",
    ),
    (
        "dc-child-online-safety",
        "Dynamic Coalition on Child Online Safety",
        "2019-02-01",
        "2019-03-01",
        "extension-granted-2022",
    ),
    (
        "dc-core-internet-values",
        "Dynamic Coalition on Core Internet Values",
        "2019-02-05",
        "2019-03-10",
        "inactive-then-reactivated",
    ),
    (
        "dc-community-connectivity",
        "Dynamic Coalition on Community Connectivity",
        "2019-03-01",
        "2019-04-01",
        "inactive",
    ),
    (
        "dc-iot",
        "Dynamic Coalition on the Internet of Things",
        "2019-03-05",
        "2019-04-05",
        "idle-2022",
    ),
    (
        "dc-gender",
        "Dynamic Coalition on Gender and Internet Governance",
        "2019-03-10",
        "2019-04-10",
        "steady",
    ),
    (
        "dc-network-neutrality",
        "Dynamic Coalition on Network Neutrality",
        "2019-03-01",
        "2019-10-01",
        "declined-then-recognized",
    ),
    (
        "dc-platform-responsibility",
        "Dynamic Coalition on Platform Responsibility",
        "2019-05-01",
        "2019-06-01",
        "dissolved-2024",
    ),
    (
        "dc-schools-ig",
        "Dynamic Coalition of Schools of Internet Governance",
        "2021-10-01",
        "2021-11-20",
        "late-recognition",
    ),
    (
        "dc-youth-ig",
        "Youth Coalition on Internet Governance",
        "2019-06-01",
        "2019-07-01",
        "retraction",
    ),
    (
        "dc-internet-standards",
        "Dynamic Coalition on Internet Standards, Security and Safety",
        "2020-01-10",
        "2020-02-10",
        "early-report-2024",
    ),
]
LAST_YEAR = 2025  # the last year whose report the sample files (in early 2026)
DCCG_HANDLES = ["lena.fischer", "tomas.rivera"]


@dataclass
class Person:
    handle: str
    name: str
    email: str
    group: str


@dataclass
class Club:
    slug: str
    name: str
    recognized: date
    scenario: str
    founders: list[str] = field(default_factory=list)
    full: dict[str, date] = field(default_factory=dict)  # handle -> full member since
    observers: dict[str, date] = field(default_factory=dict)
    coordinators: list[str] = field(default_factory=list)
    dissolved: date | None = None


class History:
    def __init__(self, seed: int = 2006):
        self.rng = random.Random(seed)
        self.lines: list[tuple[str, int, dict]] = []
        self.people: dict[str, Person] = {}
        self.registered: set[str] = set()
        self.counter = 0

    def add(self, on: date | str, command: str, actor: str, **args: object) -> dict:
        line = {"command": command, "as": actor, "on": str(on)} | {
            k: v for k, v in args.items() if v is not None
        }
        self.counter += 1
        self.lines.append((str(on), self.counter, line))
        return line

    def new_person(self, group: str | None = None) -> Person:
        while True:
            first, last = self.rng.choice(FIRST), self.rng.choice(LAST)
            handle = f"{first}.{last}".lower()
            if handle not in self.people:
                break
        person = Person(
            handle, f"{first} {last}", f"{handle}@example.org", group or self.rng.choice(GROUPS)
        )
        self.people[handle] = person
        return person

    def day(self, year: int, start_month: int = 1, end_month: int = 12) -> date:
        first = date(year, start_month, 1)
        last = date(year, end_month, 28)
        return first + timedelta(days=self.rng.randrange((last - first).days + 1))


def statement(
    club_slug: str, name: str, founders: list[Person], contacts: list[Person], revised: bool = False
) -> dict:
    plan = (
        "Quarterly calls, one annual meeting at the IGF, and a yearly paper"
        if not revised
        else "Monthly calls with rotating chairs, an annual IGF session, and an open working "
        "paper reviewed by all three founding stakeholder groups"
    )
    return {
        "name": name,
        "slug": club_slug,
        "need": f"No other IGF group works on the issues of the {name}.",
        "action_plan": plan,
        "mailing_list": f"{club_slug}@lists.example.org",
        "contacts": [{"handle": p.handle, "name": p.name, "email": p.email} for p in contacts],
        "members": [
            {"handle": p.handle, "name": p.name, "email": p.email, "group": p.group}
            for p in founders
        ],
    }


def build(statements: Path = HERE / "statements") -> list[dict]:
    """The sample history's lines; the statements it names are written to `statements`."""
    h = History()
    sec = "sec"
    h.add(
        "2019-01-07",
        "init",
        sec,
        secretariat=sec,
        name="IGF Secretariat",
        email="igf-secretariat@example.org",
    )
    for handle, name in zip(DCCG_HANDLES, ["Lena Fischer", "Tomas Rivera"], strict=True):
        h.people[handle] = Person(handle, name, f"{handle}@example.org", "civil-society")
        h.registered.add(handle)
        h.add(
            "2019-01-08",
            "person register",
            sec,
            handle=handle,
            name=name,
            email=f"{handle}@example.org",
        )
        h.add("2019-01-08", "person grant", sec, handle=handle, office="dccg")

    clubs: dict[str, Club] = {}
    statements.mkdir(exist_ok=True)
    for slug, name, proposed, recognized, scenario in COALITIONS:
        founders = [h.new_person(g) for g in h.rng.sample(GROUPS, 4)]
        contacts = founders[:2]
        doc = statement(slug, name, founders, contacts)
        path = statements / f"{slug}.json"
        if scenario == "declined-then-recognized":
            first = statement(slug, name, founders, contacts)
            first["action_plan"] = "To be decided by the members"
            (statements / f"{slug}-first.json").write_text(json.dumps(first, indent=2) + "\n")
            h.add(proposed, "coalition propose", sec, statement=f"statements/{slug}-first.json")
            h.add(
                "2019-04-15",
                "coalition decline",
                sec,
                slug=slug,
                reason="the action plan names no activities; please revise and resubmit",
            )
            revised = statement(slug, name, founders, contacts, revised=True)
            (statements / f"{slug}.toml").write_text(to_toml(revised))
            h.add(
                "2019-09-01",
                "coalition propose",
                founders[0].handle,
                statement=f"statements/{slug}.toml",
            )
        else:
            path.write_text(json.dumps(doc, indent=2) + "\n")
            h.add(proposed, "coalition propose", sec, statement=f"statements/{slug}.json")
        if scenario == "declined-then-recognized":
            # The proposer registers before proposing again.
            h.lines.insert(
                0,
                (
                    "2019-08-30",
                    0,
                    {
                        "command": "person register",
                        "as": sec,
                        "on": "2019-08-30",
                        "handle": founders[0].handle,
                        "name": founders[0].name,
                        "email": founders[0].email,
                    },
                ),
            )
            h.registered.add(founders[0].handle)
        h.add(
            recognized,
            "coalition recognize",
            sec,
            slug=slug,
            evidence=f"https://www.intgovforum.org/en/content/{slug}",
        )
        h.registered.update(p.handle for p in founders)
        since = date.fromisoformat(recognized)
        club = Club(
            slug,
            name,
            since,
            scenario,
            founders=[p.handle for p in founders],
            full={p.handle: since for p in founders},
            coordinators=[p.handle for p in contacts],
        )
        clubs[slug] = club
        for p in founders:
            h.add(
                date.fromisoformat(recognized) + timedelta(days=3),
                "member subscribe",
                sec,
                slug=slug,
                person=p.handle,
            )

    for club in clubs.values():
        yearly_life(h, club)
    dccg_meetings(h, clubs)
    charter_story(h, clubs)
    member_reviews(h, clubs)
    h.lines.sort(key=lambda item: (item[0], item[1]))
    return [line for _, _, line in h.lines]


def to_toml(doc: dict) -> str:
    def q(value: str) -> str:
        return json.dumps(value)

    out = [f"{k} = {q(v)}" for k, v in doc.items() if isinstance(v, str)]
    for key in ("contacts", "members"):
        for entry in doc[key]:
            out.append(f"\n[[{key}]]")
            out += [f"{k} = {q(v)}" for k, v in entry.items()]
    return "\n".join(out) + "\n"


def yearly_life(h: History, club: Club) -> None:
    rng = h.rng
    coordinator = club.coordinators[0]
    for year in range(club.recognized.year, LAST_YEAR + 2):
        if club.scenario == "dissolved-2024" and year == 2024:
            report(h, club, year - 1)
            club.dissolved = date(2024, 6, 30)
            h.add(
                club.dissolved,
                "coalition dissolve",
                coordinator,
                slug=club.slug,
                reason="merged its work into a Policy Network",
            )
            return
        report(h, club, year - 1)
        # newcomers join, most subscribe, some as observers; the early years are backfilled
        # by the secretariat on the members' behalf
        for _ in range(rng.randint(1, 3)):
            person = h.new_person()
            on = h.day(year, 1, 10 if year <= LAST_YEAR else 9)
            if on <= club.recognized + timedelta(days=3):
                continue
            h.add(
                on - timedelta(days=1),
                "person register",
                "sec",
                handle=person.handle,
                name=person.name,
                email=person.email,
            )
            observer = rng.random() < 0.3
            by = {"person": person.handle} if year <= 2020 else {}
            actor = "sec" if year <= 2020 else person.handle
            h.add(
                on,
                "member join",
                actor,
                slug=club.slug,
                group=person.group,
                observer=observer or None,
                **by,
            )
            (club.observers if observer else club.full)[person.handle] = on
            if rng.random() < 0.8:
                h.add(on + timedelta(days=2), "member subscribe", actor, slug=club.slug, **by)
        # yearly contact confirmation by most members (the rest go stale)
        if year >= 2021:
            for handle, since in sorted((club.full | club.observers).items()):
                on = h.day(year, 1, 6)
                if since < on and rng.random() < 0.75:
                    h.add(on, "member confirm-contact", handle, slug=club.slug)
        if year > LAST_YEAR:
            continue
        idle = club.scenario == "idle-2022" and year == 2022
        lapsed = club.scenario == "inactive" and year >= 2023
        if not idle and not lapsed:
            for _ in range(rng.randint(1, 2)):
                on = max(h.day(year, 2, 11), club.recognized + timedelta(days=7))
                h.add(
                    on,
                    "meeting record",
                    coordinator,
                    slug=club.slug,
                    title=f"{club.name}: members' call",
                )
            if rng.random() < 0.7 and club.recognized.month < 11:
                dissent = (
                    [f"A minority asked for stronger wording on {club.name.split()[-1]}"]
                    if rng.random() < 0.6
                    else []
                )
                on = max(h.day(year, 6, 11), club.recognized + timedelta(days=14))
                h.add(
                    on,
                    "output record",
                    coordinator,
                    slug=club.slug,
                    kind=rng.choice(["document", "event", "project"]),
                    title=f"{club.name} {year} paper",
                    agreement="Members agree on the main recommendations",
                    dissent=dissent or None,
                    no_dissent=None if dissent else True,
                )
        if club.scenario == "inactive-then-reactivated" and year == 2023:
            h.add(
                "2023-09-01",
                "coalition reactivate",
                "sec",
                slug=club.slug,
                reason="new co-coordinators and a work plan for 2024",
                evidence="<reactivation-cores@lists.example.org>",
            )
        if club.scenario == "retraction" and year == 2022:
            victim = club.founders[-1]
            mistake = h.add(
                "2022-05-03",
                "member remove",
                coordinator,
                slug=club.slug,
                handle=victim,
                reason="duplicate entry",
            )
            mistake["label"] = "wrong-removal"
            h.add(
                "2022-05-04",
                "retract",
                "sec",
                event_id="@wrong-removal",
                reason="the removal named the wrong person",
            )
    if club.scenario == "steady":
        h.add(
            club.recognized + timedelta(days=40),
            "representative appoint",
            coordinator,
            slug=club.slug,
            handle=club.founders[-1],
        )


def report(h: History, club: Club, year: int) -> None:
    """File the report for `year`, in the way the coalition's scenario says."""
    if year < club.recognized.year or year > LAST_YEAR:
        return
    slug, coordinator, s = club.slug, club.coordinators[0], club.scenario
    due = date(year + 1, 3, 31)
    url = f"https://www.intgovforum.org/en/filedepot_download/{slug}-{year}.pdf"
    if s == "late-2021" and year == 2021:
        h.add("2022-05-10", "report file", coordinator, slug=slug, year=year, url=url)
    elif s == "extension-granted-2022" and year == 2022:
        h.add(
            "2023-03-10",
            "report request-extension",
            coordinator,
            slug=slug,
            year=year,
            until="2023-06-30",
            reason="our coordinator changed in February",
        )
        h.add("2023-03-20", "report grant-extension", "sec", slug=slug, year=year)
        h.add("2023-06-15", "report file", coordinator, slug=slug, year=year, url=url)
    elif s == "inactive-then-reactivated" and year in (2021, 2022):
        if year == 2021:
            h.add(
                "2022-03-15",
                "report request-extension",
                coordinator,
                slug=slug,
                year=year,
                until="2022-05-31",
                reason="no reason given",
            )
            h.add(
                "2022-03-25",
                "report deny-extension",
                "sec",
                slug=slug,
                year=year,
                reason="requests need a reason",
            )
    elif s == "inactive" and year >= 2023:
        return
    elif s == "late-recognition" and year == 2021:
        h.add(due, "report file", coordinator, slug=slug, year=year, url=url)
    elif s == "early-report-2024" and year == 2024:
        h.add("2024-12-15", "report file", coordinator, slug=slug, year=year, url=url)
    else:
        on = date(year + 1, 1, 15) + timedelta(days=h.rng.randrange(60))
        h.add(on, "report file", coordinator, slug=slug, year=year, url=url)


def dccg_meetings(h: History, clubs: dict[str, Club]) -> None:
    chair = DCCG_HANDLES[0]
    for year in range(2021, LAST_YEAR + 1):
        for month in range(1, 13):
            on = date(year, month, 10)
            h.add(on, "dccg meeting", chair)
            for club in sorted(clubs.values(), key=lambda c: c.slug):
                lapsed = club.scenario == "inactive" and year >= 2023
                gone = (club.dissolved and on >= club.dissolved) or club.recognized >= on
                dissolving = club.scenario == "dissolved-2024" and on >= date(2024, 6, 30)
                if lapsed or gone or dissolving or h.rng.random() < 0.5:
                    continue
                h.add(on, "dccg attend", chair, slug=club.slug, by=club.coordinators[0])


def charter_story(h: History, clubs: dict[str, Club]) -> None:
    chair = DCCG_HANDLES[0]
    h.add(
        "2021-01-15",
        "charter adopt",
        chair,
        file="charter.md",
        evidence="<charter-v1@dc.example.org>",
    )
    for year, on in (
        (2021, "2021-12-10"),
        (2022, "2022-12-09"),
        (2023, "2023-12-08"),
        (2025, "2025-12-12"),
    ):
        h.add(on, "charter review", chair, year=year, notes=f"Reviewed at the December {year} call")
    irpc, gender, youth = clubs["dc-irpc"], clubs["dc-gender"], clubs["dc-youth-ig"]
    proposer = irpc.coordinators[0]
    # Amendment 1: ratified and incorporated as version 2.
    h.add(
        "2023-03-01",
        "amendment propose",
        proposer,
        section=["obligations"],
        text_file="amendments/a1-obligations.md",
        rationale="Say plainly that a granted extension replaces the deadline",
        message_id="<a1-obligations@lists.example.org>",
    )
    h.add(
        "2023-03-20",
        "amendment discuss",
        chair,
        amendment=1,
        ref="<re-a1-obligations@lists.example.org>",
    )
    h.add(
        "2023-04-12",
        "amendment consensus",
        chair,
        amendment=1,
        evidence="https://lists.example.org/dc/2023-April/000210.html",
    )
    h.add("2023-05-15", "vote open", chair, amendment=1, closes="2023-06-15")
    voters = electorate(clubs, date(2023, 5, 15))
    for i, voter in enumerate(voters):
        choice = "yes" if i % 4 else ("no" if i % 8 == 0 else "abstain")
        statement = "Extensions should stay exceptional" if choice == "no" else None
        h.add(
            date(2023, 5, 16) + timedelta(days=i % 25),
            "vote cast",
            voter,
            amendment=1,
            choice=choice,
            statement=statement,
        )
    h.add(
        "2023-06-12",
        "vote cast",
        voters[0],
        amendment=1,
        choice="yes",
        statement="Recast after the call",
    )
    h.add("2023-06-16", "vote close", chair, amendment=1)
    h.add("2023-06-20", "amendment incorporate", chair, amendment=1)
    # Amendment 2: rejected under two thirds, its dissent kept.
    h.add(
        "2024-02-05",
        "amendment propose",
        gender.coordinators[0],
        section=["membership-governance"],
        text_file="amendments/a2-membership.md",
        rationale="Publish observers' names as well as full members'",
        message_id="https://lists.example.org/dc/2024-February/000123.html",
    )
    h.add("2024-03-11", "amendment consensus", chair, amendment=2)
    h.add(
        "2024-09-02",
        "vote open",
        chair,
        amendment=2,
        closes="2024-10-02",
        threshold="two-thirds",
        quorum="1/5",
    )
    voters = electorate(clubs, date(2024, 9, 2))
    for i, voter in enumerate(voters):
        if i % 5 == 4:
            continue
        choice = "yes" if i % 2 else "no"
        statement = (
            [
                "Observers did not agree to be named",
                "Privacy of observers first",
                "Observers join to listen, not to be listed",
            ][i % 3]
            if choice == "no"
            else None
        )
        h.add(
            date(2024, 9, 3) + timedelta(days=i % 20),
            "vote cast",
            voter,
            amendment=2,
            choice=choice,
            statement=statement,
        )
    h.add("2024-10-03", "vote close", chair, amendment=2)
    # Amendment 3: withdrawn by its proposer.
    h.add(
        "2025-04-01",
        "amendment propose",
        youth.coordinators[0],
        section=["records-and-archives"],
        text_file="amendments/a3-records.md",
        rationale="Allow a second archive tool",
        message_id="<a3-records@lists.example.org>",
    )
    h.add(
        "2025-05-02",
        "amendment withdraw",
        youth.coordinators[0],
        amendment=3,
        reason="the list archive already covers this",
    )


def electorate(clubs: dict[str, Club], on: date) -> list[str]:
    """Full members of coalitions active on `on`, as this sample's scenarios make them."""
    voters: set[str] = set()
    for club in clubs.values():
        if club.recognized > on or (club.dissolved and club.dissolved <= on):
            continue
        lapsed = date(2023, 4, 1) <= on < date(2023, 9, 1)
        if club.scenario == "inactive-then-reactivated" and lapsed:
            continue
        if club.scenario == "inactive" and on >= date(2025, 4, 1):
            continue
        voters |= {handle for handle, since in club.full.items() if since <= on}
    return sorted(voters)


def member_reviews(h: History, clubs: dict[str, Club]) -> None:
    gender = clubs["dc-gender"]
    promoted = sorted(h for h, since in gender.observers.items() if since < date(2023, 12, 1))
    for year in range(2019, LAST_YEAR + 1):
        changes = {}
        if year == 2023 and promoted:  # the 2023 review makes an active observer full
            changes = {"set_roles": [f"dc-gender:{promoted[0]}:full"]}
            gender.full[promoted[0]] = date(2023, 12, 15)
            del gender.observers[promoted[0]]
        h.add(
            date(year, 12, 15),
            "review members",
            "sec",
            year=year,
            notes=f"Member lists of {year} checked with the DCCG",
            **changes,
        )


def write(lines: list[dict]) -> Path:
    out = HERE / "history.jsonl"
    out.write_text("".join(json.dumps(line) + "\n" for line in lines))
    return out


def verify(path: Path) -> int:
    from dcledger.bootstrap import LedgerService
    from dcledger.ledger.importer import parse_lines

    with (
        tempfile.TemporaryDirectory() as tmp,
        LedgerService(str(Path(tmp) / "check.db"), creating=True) as service,
    ):
        return len(service.record(parse_lines(path)).events)


if __name__ == "__main__":
    history = build()
    written = write(history)
    print(f"{written}: {len(history)} commands, {verify(written)} events")
