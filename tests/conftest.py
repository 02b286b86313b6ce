"""Fixtures: real ledgers on SQLite files and on the real PostgreSQL server."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from tests.harness import Harness, founded_sqlite

# Every test writes real SQLite files, and each commit syncs them to disk: in memory
# (where the machine has a memory-backed folder) the suite spends its time testing the
# ledger, not waiting on the disk. The subprocesses the end-to-end tests start inherit it.
if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) and "TMPDIR" not in os.environ:
    os.environ["TMPDIR"] = "/dev/shm"
    tempfile.tempdir = None  # gettempdir() reads TMPDIR again

# Keys that commands make land in a config folder of this run, never the user's own: the
# per-test `private_config` below moves each test to its own, but fixtures shared by a
# module or the session run before it. The views of PostgreSQL ledgers (kept in the data
# folder by default) go to one of this run too. (Each xdist worker imports this once.)
for _variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME"):
    _folder = tempfile.mkdtemp(prefix=f"dcledger-test-{_variable.lower()}-")
    os.environ[_variable] = _folder
    atexit.register(shutil.rmtree, _folder, ignore_errors=True)

# Hypothesis profiles: the everyday run uses "default"; HYPOTHESIS_PROFILE=thorough (or
# --hypothesis-profile=thorough) runs the stateful invariant test at its full count of
# sequences (see tests/integration/test_invariant.py).
settings.register_profile("thorough", settings.get_profile("default"))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

PG_URL = os.environ.get("DCLEDGER_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


def postgres_available() -> str | None:
    """None when the server answers, else why not."""
    try:
        import psycopg

        with psycopg.connect(PG_URL, connect_timeout=3):
            return None
    except Exception as e:  # any failure to connect means: no server for these tests
        return f"PostgreSQL at {PG_URL} is not reachable: {str(e).splitlines()[0]}"


_PG_PROBLEM: list[str | None] = []


def require_postgres() -> None:
    if not _PG_PROBLEM:
        _PG_PROBLEM.append(postgres_available())
    problem = _PG_PROBLEM[0]
    if problem is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must test PostgreSQL: {problem}")
    pytest.skip(problem)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh schema on the real server, dropped afterwards."""
    require_postgres()
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{PG_URL}?schema={schema}"
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgres"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test using this runs once on a SQLite file and once on PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "ledger.db")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def ledger(location: str, tmp_path: Path) -> Iterator[Harness]:
    """An initialized ledger (secretariat `sec`, DCCG `dee`) on each backend."""
    if location.startswith("postgresql://"):
        harness = Harness(location, tmp_path / "views.db")
        harness.start()
    else:  # the same founding every time: recorded once per process, then copied
        harness = founded_sqlite(Path(location).parent)
    yield harness
    harness.close()


@pytest.fixture
def sqlite_ledger(tmp_path: Path) -> Iterator[Harness]:
    harness = founded_sqlite(tmp_path)
    yield harness
    harness.close()


@pytest.fixture(autouse=True)
def private_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Signing keys that commands make or look for live in the test's own folder."""
    folder = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    monkeypatch.delenv("DCLEDGER_KEY", raising=False)
    return folder


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """The bad-input generator's counts, at the end of every run (with or without -s, in
    one process or across xdist workers: each test records its lines as user properties,
    which travel back with its report). A hook of the root conftest: pytest calls it
    whichever tests were selected."""
    from tests.e2e.conftest import SUMMARY_PROPERTY

    lines = [
        value
        for key in ("passed", "failed")
        for report in terminalreporter.stats.get(key, [])
        if report.when == "call"
        for name, value in report.user_properties
        if name == SUMMARY_PROPERTY
    ]
    if lines:
        terminalreporter.section("bad input")
        for line in lines:
            terminalreporter.write_line(line)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under xdist, the long modules start each worker's share (see tests/scheduling.py).
    Every worker computes the same order, as xdist requires."""
    from tests.scheduling import scheduled

    workers = getattr(config, "workerinput", {}).get("workercount", 1)
    items[:] = scheduled(items, workers, lambda item: item.nodeid.split("::")[0])
