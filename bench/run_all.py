"""Every benchmark of the "Speed" issue in one run, printed as one table of goals.

    .venv/bin/python bench/run_all.py                      # 2 to 3 minutes on 2 cores
    .venv/bin/python bench/run_all.py --postgres postgresql://postgres@127.0.0.1:5432/test
    .venv/bin/python bench/run_all.py --events 1000000     # far longer, and see RSS below

The default N (50,000) keeps a run with --postgres under 10 minutes on a busy 2-core
machine (about 5.5 there). The import's peak RSS grows with the history today (about
6 KB per event at 50,000), so give a 1M-event run several GB.

Each figure is measured beside its baseline in the same run. Imports, rebuilds, queries
and catch-ups each run in a process of their own (bench/workers.py), which reports its
own peak RSS. With --postgres the store-dependent measurements run again with the event
store in a new PostgreSQL schema (read models stay in SQLite), printed beside SQLite.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.postgres import fresh_schema
from bench.synthetic import history, write_jsonl
from dcledger.ledger import policy

ROOT = Path(__file__).resolve().parents[1]

DEFAULT_EVENTS = 50_000  # 100,000 took 5 minutes without --postgres on the loaded machine
CATCH_UP_BASE = 1_000  # goal 4 compares catching up at N events with this history
PAIRS = 7  # goal 1: median of this many (baseline, command) pairs of fresh processes
CATCH_UP_REPS = policy.SNAPSHOT_EVERY
VOTERS = 10_000
SAMPLE = ROOT / "data" / "history.jsonl"
SAMPLE_MEMBER, SAMPLE_SLUG = "bruno.achebe", "dc-irpc"  # a member of the sample history
BENCH_SLUG = "dc-bench-00"  # a coalition of bench/synthetic.py's histories
REVIEW_YEAR, AS_OF = 2024, "2020-06-30"  # mid-history: the synthetic one spans 2015..2025
PG = "(PostgreSQL)"
CLICK = 'python -c "import click"'


@dataclass
class Row:
    goal: str
    what: str
    figure: float
    unit: str
    target: str  # as the issue states it, e.g. ">= 0.40x" or "<= 1 s"
    met: bool
    baseline: float | None = None
    baseline_what: str = ""
    ratio: float | None = None


def ratio_row(
    goal: str, what: str, figure: float, baseline: float, unit: str, op: str, limit: float
) -> Row:
    ratio = figure / baseline
    met = ratio >= limit if op == ">=" else ratio <= limit
    return Row(goal, what, figure, unit, f"{op} {limit:g}x", met, baseline, "", ratio)


def seconds_row(goal: str, what: str, figure: float, limit: float) -> Row:
    return Row(goal, what, figure, "s", f"<= {limit:g} s", figure <= limit)


# --- progress ------------------------------------------------------------------------------

STARTED = time.perf_counter()


def step(text: str) -> None:
    """One line per step on stderr, with the time since the start: a long run says
    where it is."""
    elapsed = int(time.perf_counter() - STARTED)
    print(f"[{elapsed // 60:>3}:{elapsed % 60:02d}] {text}", file=sys.stderr, flush=True)


def worker(kind: str, **args: Any) -> dict[str, Any]:
    """Run one measurement in a fresh process (bench/workers.py) and return its figures."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.workers", kind, json.dumps(args)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- goal 1: the command line, in fresh processes ------------------------------------------


def cli_env(home: Path) -> dict[str, str]:
    """The environment of every CLI process: throwaway keys and data in `home`, and no
    ledger, person or key chosen by the caller's environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DCLEDGER_")}
    # Start-up as a user meets it: modules compiled once and read from the bytecode cache
    # (a shell that forbids writing it would time the compiler on every run).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["XDG_CONFIG_HOME"] = str(home / "config")
    env["XDG_DATA_HOME"] = str(home / "data")
    return env


def dcledger() -> list[str]:
    script = Path(sys.executable).with_name("dcledger")
    return [str(script)] if script.exists() else [sys.executable, "-m", "dcledger"]


def wall(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - started


def copy_ledger(source: Path, target: Path) -> None:
    """The ledger file and its read-model files (all named after its stem), afresh."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for path in source.glob("ledger.*"):
        shutil.copy2(path, target / path.name)


def median_pairs(
    baseline: list[str],
    command: list[str],
    env: dict[str, str],
    prepare: Callable[[], None] | None = None,
) -> tuple[float, float]:
    """Medians of PAIRS runs of each, alternating so drift in the machine hits both."""
    base, measured = [], []
    for _ in range(PAIRS):
        if prepare:
            prepare()
        base.append(wall(baseline, env))
        measured.append(wall(command, env))
    return statistics.median(measured), statistics.median(base)


def cli_rows(folder: Path) -> list[Row]:
    env, cli = cli_env(folder), dcledger()
    sample = folder / "sample"
    sample.mkdir()
    ledger = ["--ledger", str(sample / "ledger.db")]
    step("goal 1: importing data/history.jsonl into a sample ledger")
    subprocess.run([*cli, *ledger, "import", str(SAMPLE)], env=env, check=True, capture_output=True)
    # The import signs as the secretariat; the member who records needs a key of their own.
    add_key = [*cli, *ledger, "--as", "sec", "person", "add-key", SAMPLE_MEMBER]
    subprocess.run(add_key, env=env, check=True, capture_output=True)
    subprocess.run([*cli, *ledger, "status"], env=env, check=True, capture_output=True)
    click = [sys.executable, "-c", "import click"]
    step(f"goal 1: --help, status, member confirm-contact: {PAIRS} pairs each")
    helped = median_pairs(click, [*cli, "--help"], env)
    shown = median_pairs(click, [*cli, *ledger, "status"], env)
    copy = folder / "copy"
    on = datetime.now(UTC).date().isoformat()
    record = [*cli, "--ledger", str(copy / "ledger.db"), "--as", SAMPLE_MEMBER]
    record += ["member", "confirm-contact", SAMPLE_SLUG, "--on", on]
    recorded = median_pairs(click, record, env, lambda: copy_ledger(sample, copy))
    rows = [
        ratio_row("1", "dcledger --help", *helped, "s", "<=", 1.5),
        ratio_row("1", "dcledger status (sample history)", *shown, "s", "<=", 3),
        ratio_row("1", "dcledger member confirm-contact (sample)", *recorded, "s", "<=", 4),
    ]
    for row in rows:
        row.baseline_what = CLICK
    return rows


# --- goals 2 to 6: one backend's store-dependent measurements --------------------------------


MEASURED = ("small", "big")  # the two sizes of goals 2 and 3
ROLES = ("base", *MEASURED)  # and goal 4's baseline history


@dataclass
class Sizes:
    """How many commands each history has, by role, and its file."""

    commands: dict[str, int]
    files: dict[str, Path] = field(default_factory=dict)

    @property
    def big(self) -> int:
        return self.commands["big"]

    @property
    def small(self) -> int:
        return self.commands["small"]


@dataclass
class Store:
    """One backend's ledgers, one per history role, and what was measured on them."""

    name: str  # "(SQLite)" or "(PostgreSQL)"
    labelled: bool  # whether its rows say which store: only when there are two
    locations: dict[str, str]
    views: dict[str, str]
    figures: dict[str, Any] = field(default_factory=dict)

    def at(self, role: str) -> dict[str, str]:
        return {"location": self.locations[role], "views": self.views[role]}

    def events(self, role: str) -> int:
        return self.figures[f"import_{role}"]["events"]


def measure_store(store: Store, sizes: Sizes, raw: dict[str, Any] | None = None) -> None:
    """Goals 2 to 5 on one store; with `raw`, also the raw SQLite baselines, into it."""
    for role in MEASURED:
        commands = sizes.commands[role]
        step(f"{store.name} import of {commands:,} commands")
        source = str(sizes.files[role])
        store.figures[f"import_{role}"] = worker("import", source=source, **store.at(role))
        if raw is not None:
            raw[role] = raw_baseline(
                Path(sizes.files[role]).parent, store.figures[f"import_{role}"], role
            )
        step(f"{store.name} rebuild of the {store.events(role):,}-event ledger")
        store.figures[f"rebuild_{role}"] = worker("rebuild", **store.at(role))
    step(f"{store.name} queries over the {store.events('big'):,}-event ledger")
    store.figures["queries"] = worker(
        "queries", slug=BENCH_SLUG, year=REVIEW_YEAR, as_of=AS_OF, **store.at("big")
    )
    measure_catch_up(store, sizes)


def measure_catch_up(store: Store, sizes: Sizes) -> None:
    """Goal 4. Last, because it appends to the big ledger: nothing measured after it, so
    the ledger needs no copy (a PostgreSQL schema could not be copied as a file anyway)."""
    step(f"{store.name} import of {sizes.commands['base']:,} commands for goal 4's baseline")
    source = str(sizes.files["base"])
    store.figures["import_base"] = worker("import", source=source, **store.at("base"))
    for role in ("base", "big"):
        step(f"{store.name} catch-up after one event at {store.events(role):,} events")
        store.figures[f"catch_up_{role}"] = worker(
            "catch_up", slug=BENCH_SLUG, reps=CATCH_UP_REPS, **store.at(role)
        )


def raw_baseline(folder: Path, imported: dict[str, Any], role: str) -> dict[str, Any]:
    """Raw SQLite insert and read of as many JSON rows as the ledger just imported has
    events, its newest event as the row (the baseline of goals 2, 3 and 6): measured right
    after the import, so that other work on the machine weighs on both alike."""
    step(f"raw SQLite insert and read of {imported['events']:,} rows")
    where = folder / f"raw-{role}"
    where.mkdir()
    return worker("raw", folder=str(where), rows=imported["events"], payload=imported["payload"])


# --- the table's rows --------------------------------------------------------------------------


def labelled(goal: str, what: str, store: Store) -> tuple[str, str]:
    """The goal and what is measured, as the row shows them: on PostgreSQL, goal 6 asks
    for the goal in brackets."""
    if not store.labelled:
        return goal, what
    return (f"6 ({goal})" if store.name == PG else goal), f"{what} {store.name}"


# (goal, step, its raw baseline, what that baseline is, the least ratio the goal asks)
RATES = (
    ("2", "rebuild", "read_s", "raw SQLite read + json.loads", 0.40),
    ("3", "import", "insert_s", "raw SQLite insert", 0.25),
)


def rate_rows(store: Store, raw: dict[str, dict[str, Any]]) -> list[Row]:
    rows = []
    for goal, name, raw_key, raw_what, limit in RATES:
        for role in MEASURED:
            events = store.events(role)
            rate = events / store.figures[f"{name}_{role}"]["seconds"]
            raw_rate = raw[role]["rows"] / raw[role][raw_key]
            g, w = labelled(goal, f"{name} rate, {events:,} events", store)
            row = ratio_row(g, w, rate, raw_rate, "events/s", ">=", limit)
            row.baseline_what = raw_what
            rows.append(row)
    return rows


def memory_rows(store: Store) -> list[Row]:
    """Peak RSS at the big size over that at the small one: bounded memory keeps it near 1."""
    rows = []
    big, small = store.events("big"), store.events("small")
    for goal, name in (("2", "rebuild"), ("3", "import")):
        peak = {role: store.figures[f"{name}_{role}"]["peak_rss_mb"] for role in MEASURED}
        g, w = labelled(goal, f"{name} peak RSS, {big:,} vs {small:,} events", store)
        row = ratio_row(g, w, peak["big"], peak["small"], "MB", "<=", 1.2)
        row.baseline_what = f"peak RSS at {small:,} events"
        rows.append(row)
    return rows


def catch_up_row(store: Store) -> Row:
    big = store.figures["catch_up_big"]
    base = store.figures["catch_up_base"]
    what = f"catch-up after 1 event, {store.events('big'):,} events"
    g, w = labelled("4", what, store)
    row = ratio_row(g, w, big["seconds"], base["seconds"], "s", "<=", 1.5)
    row.baseline_what = f"the same at {store.events('base'):,} events"
    return row


QUERIES = (
    ("status_first", "status, first of the day"),
    ("status", "status"),
    ("status_as_of", f"status --as-of {AS_OF}"),
    ("members", f"members {BENCH_SLUG}"),
    ("members_as_of", f"members {BENCH_SLUG} --as-of {AS_OF}"),
    ("review", f"review {REVIEW_YEAR}"),
    ("review_as_of", f"review {REVIEW_YEAR} --as-of {AS_OF}"),
)


def query_rows(store: Store) -> list[Row]:
    found = store.figures["queries"]
    events = found["events"]
    rows = [
        seconds_row(*labelled("5", f"{command}, {events:,} events", store), found[key], 1)
        for key, command in QUERIES
    ]
    rebuilt = store.figures["rebuild_big"]["seconds"]
    g, w = labelled("5", f"status --as-of {AS_OF} --known-at T, {events:,} events", store)
    row = ratio_row(g, w, found["known_at"], rebuilt, "s", "<=", 1.2)
    row.baseline_what = "rebuild of the same ledger"
    rows.append(row)
    return rows


def vote_rows(found: dict[str, Any]) -> list[Row]:
    return [
        seconds_row("7", f"vote close, {VOTERS:,} ballots", found["close_s"], 2),
        seconds_row("7", f"charter audit, {VOTERS:,} ballots", found["audit_s"], 2),
    ]


def beside(*groups: list[Row]) -> list[Row]:
    """Rows of the backends interleaved: each SQLite row, then the same on PostgreSQL."""
    return [row for rows in zip(*groups, strict=True) for row in rows]


# --- printing ------------------------------------------------------------------------------------


def shown(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "events/s":
        return f"{value:,.0f} ev/s"
    if unit == "MB":
        return f"{value:,.1f} MB"
    if unit == "s":
        return f"{value:.3f} s" if value < 10 else f"{value:,.1f} s"
    return f"{value:.2f}{unit}"


def table(rows: list[Row]) -> str:
    header = ("goal", "measured", "figure", "baseline", "ratio", "goal", "met")
    cells = [
        (
            r.goal,
            r.what,
            shown(r.figure, r.unit),
            shown(r.baseline, r.unit),
            shown(r.ratio, "x"),
            r.target,
            "yes" if r.met else "no",
        )
        for r in rows
    ]
    widths = [max(len(c[i]) for c in [header, *cells]) for i in range(len(header))]
    left = {0, 1}  # goal and what read left to right; the figures line up on the right

    def line(cell: tuple[str, ...]) -> str:
        return "  ".join(
            c.ljust(w) if i in left else c.rjust(w)
            for i, (c, w) in enumerate(zip(cell, widths, strict=True))
        )

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(c) for c in cells)])


def footnotes(sizes: Sizes, postgres: bool, load: tuple[float, float]) -> str:
    notes = [
        f"Load average (1 min) at the start {load[0]:.1f}, at the end {load[1]:.1f}: other "
        "work on the machine slows every figure, the baselines too.",
        f"Sizes: N = {sizes.big:,} and N/10 = {sizes.small:,} generated commands "
        f"(bench/synthetic.py); goal 4's baseline history has {CATCH_UP_BASE:,} commands.",
        f'Goal 1: median of {PAIRS} pairs of fresh processes, each pair `python -c "import '
        f'click"` then the command; the sample is data/history.jsonl; the recording command '
        f"is `--as {SAMPLE_MEMBER} member confirm-contact {SAMPLE_SLUG}` on a fresh copy of "
        f"the ledger and its views each time.",
        "Goals 2, 3: each import and rebuild runs in its own process, which reports its own "
        "peak RSS (ru_maxrss); the raw baselines insert and read back (json.loads) as many "
        "JSON rows in one SQLite transaction, in a process of their own right after each "
        "SQLite import.",
        "Goal 4: in-process: record one `meeting record`, then time only catch_up(); mean "
        f"of {CATCH_UP_REPS} (the first loads the coalition's stored state). The state is "
        f"stored again every {policy.SNAPSHOT_EVERY} events, or one event per "
        f"{policy.SNAPSHOT_ENTRIES_PER_FACT} members and activities in a large coalition: "
        "where none of the repetitions stored it, one store is timed alone and its share "
        "(its time over that interval) is added. The once-per-process check that the views "
        "follow the log is not in it.",
        "Goal 5: in-process, through the functions the CLI calls (bench/review.py), each run "
        "opening the ledger afresh and catching up (nothing to do) before asking; interpreter "
        "start-up and imports excluded; median of up to 5 runs. --known-at T is when the "
        "middle event was recorded; its baseline is the rebuild of the same ledger. 'status, "
        "first of the day' runs once with no status document kept (as after the date changed "
        "or a DCCG meeting was recorded); later runs of that day read the kept documents.",
        "Goal 7: SQLite only.",
    ]
    if postgres:
        notes.append(
            f"Rows marked {PG}: the event store in a new PostgreSQL schema, read models in "
            "SQLite as always; the raw baselines stay the raw SQLite figures."
        )
    return "\n".join(
        textwrap.fill(n, 100, initial_indent="* ", subsequent_indent="  ") for n in notes
    )


# --- the run ---------------------------------------------------------------------------------


def write_histories(folder: Path, sizes: Sizes) -> None:
    """Each history once; every ledger of its size, on either backend, imports this file."""
    for role in ROLES:
        commands = sizes.commands[role]
        step(f"generating the {role} history: {commands:,} commands")
        sizes.files[role] = folder / f"history-{role}.jsonl"
        write_jsonl(sizes.files[role], history(commands))


def sqlite_store(folder: Path, labelled: bool) -> Store:
    for role in ROLES:
        (folder / f"sqlite-{role}").mkdir()
    return Store(
        "(SQLite)",
        labelled,
        {role: str(folder / f"sqlite-{role}" / "ledger.db") for role in ROLES},
        {role: str(folder / f"sqlite-{role}" / "ledger.views.db") for role in ROLES},
    )


def postgres_store(folder: Path, url: str, stack: ExitStack) -> Store:
    """A new schema per ledger on the server at `url`, dropped when `stack` closes."""
    return Store(
        PG,
        True,
        {role: stack.enter_context(fresh_schema(url)) for role in ROLES},
        {role: str(folder / f"postgres-{role}.views.db") for role in ROLES},
    )


def run(args: argparse.Namespace, folder: Path) -> tuple[list[Row], Sizes]:
    small = max(args.events // 10, 1)
    sizes = Sizes({"base": CATCH_UP_BASE, "small": small, "big": args.events})
    rows = cli_rows(folder)
    write_histories(folder, sizes)
    stores = [sqlite_store(folder, labelled=bool(args.postgres))]
    with ExitStack() as stack:
        if args.postgres:
            stores.append(postgres_store(folder, args.postgres, stack))
        raw: dict[str, Any] = {}
        measure_store(stores[0], sizes, raw)
        for store in stores[1:]:
            measure_store(store, sizes)
    step(f"goal 7: vote close and charter audit with {VOTERS:,} ballots")
    votes = worker("votes", voters=VOTERS)
    rows += beside(*(rate_rows(s, raw) for s in stores))
    rows += beside(*(memory_rows(s) for s in stores))
    rows += beside(*([catch_up_row(s)] for s in stores))
    rows += beside(*(query_rows(s) for s in stores))
    rows += vote_rows(votes)
    return rows, sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--events", type=int, default=DEFAULT_EVENTS, help="history size N (commands)"
    )
    parser.add_argument("--postgres", metavar="URL", help="also run with the store on PostgreSQL")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also save the rows here")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="dcledger-bench-") as tmp:
        rows, sizes = run(args, Path(tmp))
    seconds = time.perf_counter() - STARTED
    load = (load_before, os.getloadavg()[0])
    step(f"done in {seconds:.0f} s")
    print(table(rows))
    print(footnotes(sizes, bool(args.postgres), load))
    if args.json:
        meta = {
            "commands": sizes.commands,
            "wall_s": seconds,
            "postgres": bool(args.postgres),
            "load_average": load,
        }
        args.json.write_text(
            json.dumps({"meta": meta, "rows": [asdict(r) for r in rows]}, indent=2)
        )


if __name__ == "__main__":
    main()
