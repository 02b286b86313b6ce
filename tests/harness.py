"""A small driver for tests: records through the same service the CLI uses."""

from __future__ import annotations

import copy
import functools
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dcledger.bootstrap import LedgerService
from dcledger.ledger.errors import LedgerError
from dcledger.ledger.integrity.append import attach
from dcledger.ledger.integrity.demo import demo_public, demo_signer

STATEMENT = {
    "name": "Dynamic Coalition on Example Matters",
    "slug": "dc-example",
    "need": "Nobody else looks at example matters.",
    "action_plan": "Monthly calls and a yearly paper.",
    "mailing_list": "dc-example@lists.example.org",
    "contacts": [{"handle": "ana", "name": "Ana Example", "email": "ana@example.org"}],
    "members": [
        {
            "handle": "ana",
            "name": "Ana Example",
            "email": "ana@example.org",
            "group": "civil-society",
        },
        {"handle": "bo", "name": "Bo Example", "email": "bo@example.org", "group": "government"},
        {"handle": "cy", "name": "Cy Example", "email": "cy@example.org", "group": "academia"},
    ],
}


def statement(**changes: Any) -> dict[str, Any]:
    doc = copy.deepcopy(STATEMENT)
    doc.update(changes)
    return doc


class Harness:
    def __init__(self, location: str, views: Path, *, creating: bool = True):
        self.location = location
        self.views = views
        self.service = LedgerService(location, views_path=views, creating=creating)
        # Throwaway keys: the secretariat who starts the ledger signs what tests record.
        self.signer = demo_signer()
        attach(self.service.app, self.signer)

    def reopen(self) -> LedgerService:
        """A new service on the same ledger (as a new process would open it), signing."""
        self.service = LedgerService(self.location, views_path=self.views)
        attach(self.service.app, self.signer)
        return self.service

    def start(self) -> None:
        self.run(
            "init",
            None,
            secretariat="sec",
            name="The Secretariat",
            email="sec@igf.example",
            on="2019-01-01",
        )
        self.run(
            "person register",
            "sec",
            handle="dee",
            name="Dee Coord",
            email="dee@example.org",
            on="2019-01-01",
        )
        self.run("person grant", "sec", handle="dee", office="dccg", on="2019-01-01")

    def close(self) -> None:
        self.service.close()

    def run(self, command: str, actor: str | None, /, **kwargs: Any):
        if command == "init" and "key" not in kwargs and "secretariat" in kwargs:
            kwargs["key"] = demo_public(kwargs["secretariat"])
            if self.signer.runner is None:
                self.signer.runner = kwargs["secretariat"]
        return self.service.run(command, actor, **kwargs)

    def events(self) -> int:
        """How many events the log holds (ids may have gaps on PostgreSQL)."""
        return len(self.service.app.recorder.select_notifications(start=None, limit=10**9))

    def refused(self, command: str, actor: str | None, /, **kwargs: Any) -> LedgerError:
        """Run a command that must be refused; prove it wrote nothing (the log's head
        stays where it was: a unit of work that commits adds events above it)."""
        before = self.service.head()
        try:
            self.run(command, actor, **kwargs)
        except LedgerError as e:
            assert self.service.head() == before, f"{command} was refused but wrote events"
            return e
        raise AssertionError(f"{command} was not refused")

    def coalition(
        self, slug: str = "dc-example", recognized: str = "2019-02-01", **changes: Any
    ) -> str:
        self.run(
            "coalition propose", "sec", statement=statement(slug=slug, **changes), on="2019-01-15"
        )
        self.run("coalition recognize", "sec", slug=slug, on=recognized)
        return slug

    def registry(self, **kwargs: Any):
        return self.service.registry(**kwargs)


@functools.cache
def founded_files() -> dict[str, bytes]:
    """The files of a SQLite ledger as `Harness.start` founds it, with its read models,
    recorded once per test process: founding costs about 0.1 s, a copy well under 1 ms."""
    folder = Path(tempfile.mkdtemp(prefix="dcledger-founded-"))
    try:
        harness = Harness(str(folder / "ledger.db"), folder / "views.db")
        harness.start()
        harness.close()
        return {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def founded_sqlite(folder: Path) -> Harness:
    """A SQLite ledger in `folder` as `Harness.start` leaves one, copied byte for byte."""
    for name, data in founded_files().items():
        (folder / name).write_bytes(data)
    harness = Harness(str(folder / "ledger.db"), folder / "views.db", creating=False)
    harness.signer.runner = "sec"
    return harness


@contextmanager
def coalition_ledger(folder: Path, recognized: str) -> Iterator[Harness]:
    """A new SQLite ledger in `folder`: the small world and dc-example, recognized on
    `recognized`; closed afterwards (property tests make one per example)."""
    harness = founded_sqlite(folder)
    try:
        harness.coalition(recognized=recognized)
        yield harness
    finally:
        harness.close()
