"""Signing keys, checkpoints, proofs, verify and bundles as a user runs them."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from dcledger.ledger.application import open_app
from dcledger.ledger.integrity import keys, stored
from dcledger.ledger.integrity.checkpoint import Checkpoint, sign_note
from dcledger.ledger.integrity.tree import push
from dcledger.ledger.integrity.verify import Signed
from dcledger.ledger.storage import Location
from tests.e2e.cli_helpers import Shell


@pytest.fixture
def shell(tmp_path: Path) -> Shell:
    return Shell(tmp_path).founded()


def rows(path: str, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


def test_init_makes_the_secretariat_key_in_the_config_folder(tmp_path, private_config) -> None:
    shell = Shell(tmp_path)
    result = shell.ok("init", "--secretariat", "sec", "--name", "S", "--email", "s@x.org")
    key = private_config / "dcledger" / "keys" / "sec"
    assert f"New signing key for sec: {key}" in result.stderr
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    assert Path(f"{key}.pub").read_text().startswith("ssh-ed25519 AAAA")


def test_init_takes_a_key_made_by_ssh_keygen(tmp_path) -> None:
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(tmp_path / "id")], check=True
    )
    shell = Shell(tmp_path)
    key = str(tmp_path / "id")
    result = shell.ok(
        "--key", key, "init", "--secretariat", "sec", "--name", "S", "--email", "s@x.org"
    )
    assert "New signing key" not in result.stderr
    public = (tmp_path / "id.pub").read_text().split()[1]
    assert public in rows(shell.ledger, "SELECT public_key FROM integrity_keys")[0][0]
    shell.ok(
        "--key", key, "person", "register", "eve", "--name", "E", "--email", "e@x.org", actor="sec"
    )
    refused = shell("person", "grant", "eve", "--office", "dccg", actor="sec")  # no --key
    assert refused.exit_code == 1 and "sec has no signing key" in refused.stderr
    shell.ok("verify")


def test_an_import_without_its_runners_key_is_refused_before_any_line_is_decided(tmp_path):
    """The key is looked for first: a long import does not decide every line to be told
    at the end that it cannot be signed (here a line that would be refused comes first)."""
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(tmp_path / "id")], check=True
    )
    shell = Shell(tmp_path)
    key = str(tmp_path / "id")
    shell.ok("--key", key, "init", "--secretariat", "sec", "--name", "S", "--email", "s@x.org")
    before = shell.events()
    history = tmp_path / "history.jsonl"
    line = '{"command": "coalition recognize", "as": "sec", "slug": "dc-nowhere"}\n'
    history.write_text(line * 3)
    refused = shell("import", str(history), actor="sec")  # no --key
    assert refused.exit_code == 1
    assert refused.stderr.startswith("Error: sec has no signing key")
    assert shell.events() == before


def test_a_command_without_a_usable_key_is_refused_and_writes_nothing(shell, tmp_path) -> None:
    before = shell.events()
    other = tmp_path / "other"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(other)], check=True)
    for args in (["--key", str(other)], ["--key", str(tmp_path / "missing")], []):
        result = shell(*args, "meeting", "record", "dc-example", "--title", "t", actor="dee")
        assert result.exit_code == 1
        assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert shell.events() == before


def test_register_with_a_public_key_then_add_and_revoke(shell, tmp_path) -> None:
    pub = tmp_path / "eve.pub"
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(tmp_path / "eve")], check=True
    )
    shell.ok(
        "person",
        "register",
        "eve",
        "--name",
        "E",
        "--email",
        "e@x.org",
        "--key",
        str(pub),
        "--on",
        "2019-03-01",
        actor="sec",
    )
    out = shell.json("person", "add-key", "eve", "--on", "2019-03-01", actor="sec")
    assert out
    fingerprint = subprocess.run(
        ["ssh-keygen", "-l", "-f", str(pub)], capture_output=True, text=True, check=True
    ).stdout.split()[1]
    shell.ok("person", "revoke-key", "eve", fingerprint, "--on", "2019-04-01", actor="sec")
    join = ["member", "join", "dc-example", "--group", "academia", "--on", "2019-05-01"]
    refused = shell("--key", str(tmp_path / "eve"), *join, actor="eve")
    assert refused.exit_code == 1 and "was revoked on 2019-04-01" in refused.stderr
    shell.ok(*join, actor="eve")  # the other key, made in the config folder
    shell.ok("verify")


def test_checkpoint_prove_and_verify(shell, tmp_path) -> None:
    checkpoint = tmp_path / "old.checkpoint"
    checkpoint.write_text(shell.ok("checkpoint", actor="sec").stdout)
    lines = checkpoint.read_text().split("\n")
    assert lines[0].startswith("dcledger/") and lines[1] == str(shell.events())
    assert lines[3] == "" and lines[4].startswith("\u2014 dcledger/")
    as_json = shell.json("checkpoint", actor="sec")
    assert [as_json["origin"], str(as_json["size"]), as_json["root"]] == lines[:3]
    assert as_json["note"].split("\n")[:4] == lines[:4]
    shell.ok(
        "meeting", "record", "dc-example", "--title", "later", "--on", "2019-05-01", actor="ana"
    )
    proof = shell.json("prove", "1", "--checkpoint", str(checkpoint))
    assert proof["tree_size"] == int(lines[1]) and proof["position"] == 0
    grown = shell.json("prove", "--from", str(checkpoint))
    assert grown["to_size"] == shell.events() and grown["proof"]
    assert "verified" in shell.ok("verify", "--checkpoint", str(checkpoint)).stdout
    refused = shell("prove", "999")
    assert refused.exit_code == 1 and refused.stderr.startswith("Error: ")
    for usage in (["prove"], ["prove", "1", "--from", str(checkpoint)]):  # one of the two
        result = shell(*usage)
        assert (
            result.exit_code == 2 and "Error: give EVENT_ID or --from CHECKPOINT" in result.stderr
        )


def current_head(shell: Shell) -> Checkpoint:
    """Today's tree head, as a forger with the ledger file would read it."""
    app = open_app(Location(shell.ledger))
    try:
        return stored.current(app)
    finally:
        app.close()


SECRETARIAT_SIGNATURE_FAILS = (
    "Error: a signature on the checkpoint by a key of the ledger's secretariat does not hold\n"
)
NO_SECRETARIAT_SIGNATURE = (
    "Error: no valid signature by the ledger's secretariat on the checkpoint\n"
)
FORGERIES = {
    # Today's tree head under the signature of an older checkpoint: the head a forger who
    # rewrote the ledger would claim, without the secretariat's key to sign it.
    "head edited, signature kept": (
        lambda head, old: head.body() + "\n" + old.split("\n\n", 1)[1],
        SECRETARIAT_SIGNATURE_FAILS,
    ),
    "signed by a member": (
        lambda head, old: sign_note(head, head.origin, keys.find_private("ana", None)),
        NO_SECRETARIAT_SIGNATURE,
    ),
    "signed by a stranger": (
        lambda head, old: sign_note(head, head.origin, Ed25519PrivateKey.generate()),
        NO_SECRETARIAT_SIGNATURE,
    ),
    "unsigned": (
        lambda head, old: head.body() + "\n",
        "Error: not a signed note (a body, a blank line, signature lines)\n",
    ),
}


@pytest.mark.parametrize("how", FORGERIES)
@pytest.mark.parametrize(
    "command", [["prove", "1", "--checkpoint"], ["prove", "--from"]], ids=["checkpoint", "from"]
)
def test_prove_refuses_a_checkpoint_the_secretariat_did_not_sign(
    shell, tmp_path, how, command
) -> None:
    """A checkpoint is trusted for its signature alone: prove judges it as verify does."""
    old = shell.ok("checkpoint", actor="sec").stdout
    shell.ok(
        "meeting", "record", "dc-example", "--title", "later", "--on", "2019-05-01", actor="ana"
    )
    forge, refusal = FORGERIES[how]
    note = tmp_path / "forged.checkpoint"
    note.write_text(forge(current_head(shell), old))
    before = shell.json("log")
    for args in ([*command, str(note)], [*command, str(note), "--json"]):
        result = shell(*args)
        assert (result.exit_code, result.stdout, result.stderr) == (1, "", refusal)
    judged = shell("verify", "--checkpoint", str(note))
    assert (judged.exit_code, judged.stderr.startswith(f"Error: checkpoint {note}: ")) == (1, True)
    assert judged.stderr.endswith(refusal.removeprefix("Error: "))
    assert shell.json("log") == before


def test_prove_trusts_the_checkpoints_verify_trusts(shell, tmp_path) -> None:
    """The secretariat is read from the log: ana signs for the ledger while she holds the
    office, and her checkpoints prove nothing once her grant is retracted."""
    shell.ok("person", "grant", "ana", "--office", "secretariat", "--on", "2019-03-01", actor="sec")
    grant = shell.json("log")[-1]["id"]
    note = tmp_path / "ana.checkpoint"
    note.write_text(shell.ok("checkpoint", actor="ana").stdout)
    for command in (["prove", "1", "--checkpoint", str(note)], ["prove", "--from", str(note)]):
        shell.ok(*command)
    shell.ok("verify", "--checkpoint", str(note))
    shell.ok("retract", str(grant), "--reason", "mistake", "--on", "2019-03-02", actor="sec")
    for command in (
        ["prove", "1", "--checkpoint", str(note)],
        ["prove", "--from", str(note)],
        ["verify", "--checkpoint", str(note)],
    ):
        result = shell(*command)
        assert result.exit_code == 1
        assert result.stderr.endswith(NO_SECRETARIAT_SIGNATURE.removeprefix("Error: "))


def test_only_the_secretariat_signs_a_checkpoint_or_a_bundle(shell, tmp_path) -> None:
    """ana has a registered key but no office: a checkpoint she signed would be refused
    by every verifier, so it is refused here."""
    for command in (["checkpoint"], ["export", str(tmp_path / "bundle")]):
        result = shell(*command, actor="ana")
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr == (
            "Error: ana does not hold the secretariat office: the secretariat signs for the "
            "ledger [rule: office-held]\n"
        )
    assert not (tmp_path / "bundle").exists()
    (tmp_path / "cp").write_text(shell.ok("checkpoint").stdout)  # the founding secretariat
    shell.ok("verify", "--checkpoint", str(tmp_path / "cp"))


def test_a_byte_edited_in_a_copy_is_named_by_verify(shell, tmp_path) -> None:
    copy = tmp_path / "copy.db"
    with sqlite3.connect(shell.ledger) as source, sqlite3.connect(copy) as target:
        source.backup(target)  # the WAL's pages included
    with sqlite3.connect(copy) as conn:
        state = conn.execute("SELECT state FROM stored_events WHERE rowid=5").fetchone()[0]
        edited = state.replace(b"2019-02-01", b"2019-02-02")
        assert edited != state
        conn.execute("UPDATE stored_events SET state=? WHERE rowid=5", (edited,))
    result = Shell(tmp_path, str(copy))("verify")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: event 5 (position 4): the signature of sec")
    # With --json the verdict is one document on stdout, every problem in it.
    result = Shell(tmp_path, str(copy))("verify", "--json")
    assert (result.exit_code, result.stderr) == (1, "")
    verdict = json.loads(result.stdout)
    assert verdict["ok"] is False
    assert verdict["problems"][0].startswith("event 5 (position 4): the signature of sec")
    shell.ok("verify")
    # Nor is an edited ledger vouched for: a checkpoint or a bundle is signed only over a
    # log that verifies.
    edited = Shell(tmp_path, str(copy))
    for command in (("checkpoint",), ("export", str(tmp_path / "bundle"))):
        refused = edited(*command, actor="sec")
        assert refused.exit_code == 1 and refused.stdout == ""
        assert refused.stderr.startswith(
            "Error: the ledger does not verify, so no checkpoint is signed: event 5 "
            "(position 4): the signature of sec"
        )
    assert not (tmp_path / "bundle").exists()


def test_export_and_verify_the_bundle_offline(shell, tmp_path) -> None:
    folder = tmp_path / "bundle"
    assert shell.json("export", str(folder), actor="sec") == {
        "events": shell.events(),
        "folder": str(folder),
    }
    assert sorted(p.name for p in folder.iterdir()) == [
        "checkpoint",
        "events.jsonl",
        "heads.jsonl",
        "keys.txt",
    ]
    offline = Shell(tmp_path, str(tmp_path / "no-such-ledger.db"))
    result = offline.ok("verify", "--bundle", str(folder), "--json")
    assert json.loads(result.stdout)["events"] == shell.events()
    origin = (folder / "checkpoint").read_text().split("\n")[0]
    assert json.loads(result.stdout)["origin"] == origin  # to compare with a trusted name
    said = offline.ok("verify", "--bundle", str(folder)).stdout
    assert said.startswith(f"verified {shell.events()} events of the bundle offline, of ledger ")
    assert origin in said and "a checkpoint you trust" in said
    assert not (tmp_path / "no-such-ledger.db").exists()
    lines = (folder / "events.jsonl").read_bytes().split(b"\n")
    lines[6] = lines[6].replace(b'"role":"', b'"role":"x', 1)
    (folder / "events.jsonl").write_bytes(b"\n".join(lines))
    result = offline("verify", "--bundle", str(folder))
    assert result.exit_code == 1 and result.stderr.startswith("Error: event 7 (position 6)")


IMPORT = [
    '{"command": "init", "as": "sec", "on": "2019-01-01", "secretariat": "sec", '
    '"name": "S", "email": "s@x.org"}',
    '{"command": "person register", "as": "sec", "on": "2019-01-02", "handle": "eve", '
    '"name": "E", "email": "e@x.org"}',
    '{"command": "person grant", "as": "sec", "on": "2019-01-03", "handle": "eve", '
    '"office": "dccg"}',
]


def imported(tmp_path: Path) -> Shell:
    shell = Shell(tmp_path)
    (tmp_path / "history.jsonl").write_text("\n".join(IMPORT) + "\n")
    shell.ok("import", str(tmp_path / "history.jsonl"), actor="sec")
    return shell


def test_an_import_is_signed_once_over_the_tree_head_it_produced(tmp_path) -> None:
    shell = imported(tmp_path)
    heads = rows(shell.ledger, "SELECT size, start, signer FROM integrity_heads")
    assert heads == [(shell.events(), 0, "sec")]
    assert rows(shell.ledger, "SELECT COUNT(*) FROM integrity_leaves WHERE head IS NULL") == [(0,)]
    shell.ok("verify")
    shell.ok("export", str(tmp_path / "bundle"), actor="sec")
    shell.ok("verify", "--bundle", str(tmp_path / "bundle"))
    shell.ok("meeting", "record", "--help")  # later commands sign each event again
    shell.ok("person", "grant", "eve", "--office", "secretariat", actor="sec")
    assert rows(shell.ledger, "SELECT COUNT(*) FROM integrity_leaves WHERE head IS NULL") == [(1,)]
    shell.ok("verify")


def test_an_edited_import_is_named_and_so_is_a_rewritten_tree(tmp_path) -> None:
    shell = imported(tmp_path)
    edit = (
        "UPDATE stored_events SET state=CAST(replace(state, '2019-01-03', '2019-01-04') AS BLOB) "
        "WHERE rowid=5"
    )
    with sqlite3.connect(shell.ledger) as conn:
        assert conn.execute(edit).rowcount == 1
    result = shell("verify")
    assert result.exit_code == 1 and result.stderr.startswith("Error: event 5 (position 4)")
    rewrite_tree(shell.ledger)  # a forger makes the tree match; the import's signature fails
    result = shell("verify")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: events 1..5 (positions 0..4): the signature of sec")


def rewrite_tree(ledger: str) -> None:
    """Recompute every leaf and node from the (edited) events, as a forger would."""
    app = open_app(Location(ledger))
    with app.recorder.reading() as db:
        leaves = db.rows(f"SELECT {stored.LEAF_COLUMNS} FROM integrity_leaves ORDER BY position")
        events = db.events(1, 100)
    app.close()
    hashes = [
        Signed(stored.document(n, i), r[3], r[4], bytes(r[5]), r[6]).leaf()
        for i, (n, r) in enumerate(zip(events, leaves, strict=True))
    ]
    with sqlite3.connect(ledger) as conn:
        for i, h in enumerate(hashes):
            conn.execute("UPDATE integrity_leaves SET leaf_hash=? WHERE position=?", (h, i))
        conn.execute("DELETE FROM integrity_nodes")
        nodes: list = []
        frontier: list = []
        for i, h in enumerate(hashes):
            push(frontier, i, h, nodes)
        conn.executemany("INSERT INTO integrity_nodes VALUES (?,?,?)", nodes)


@pytest.mark.parametrize(
    "command",
    [
        ["checkpoint"],
        ["prove"],
        ["verify"],
        ["export"],
        ["person", "add-key"],
        ["person", "revoke-key"],
    ],
)
def test_each_integrity_command_has_an_example_in_its_help(tmp_path, command) -> None:
    result = Shell(tmp_path).ok(*command, "--help")
    assert "Example" in result.stdout and "dcledger " in result.stdout.split("Example", 1)[1]


GRANT_AS_SEC = {
    "command": "person grant",
    "as": "sec",
    "on": "2019-03-02",
    "handle": "ana",
    "office": "secretariat",
}
MEETING = {"command": "meeting record", "on": "2019-03-01", "slug": "dc-example", "title": "T"}


@pytest.mark.parametrize("runner", ["--as", "first line"])
def test_an_import_may_not_record_lines_as_someone_its_runner_cannot_sign_for(
    location, tmp_path, runner
) -> None:
    """Whoever runs an import signs every line of it: a coordinator's file with a line
    "as" the secretariat would put a grant in the log that no verifier accepts."""
    shell = Shell(tmp_path, ledger=location).founded()
    lines = [{**MEETING, "as": "ana"}, GRANT_AS_SEC]
    if runner == "--as":
        lines = [MEETING, GRANT_AS_SEC]
    (tmp_path / "h.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    before = shell.json("log")
    result = shell("import", str(tmp_path / "h.jsonl"), actor="ana" if runner == "--as" else None)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: line 2: it is recorded as sec, but ana runs it and signs it; only the "
        "secretariat records what others did [rule: signed-by-recorder]\n"
    )
    assert shell.json("log") == before
    shell.ok("verify")
    # The secretariat records lines as others (the sample history is such an import).
    (tmp_path / "h.jsonl").write_text(json.dumps({**MEETING, "as": "ana"}) + "\n")
    shell.ok("import", str(tmp_path / "h.jsonl"), actor="sec")
    assert shell.json("log")[-1]["actor"] == "ana"
    shell.ok("verify")


def test_verify_accepts_checkpoints_only_from_the_secretariat_of_the_log(shell, tmp_path) -> None:
    """A grant retracted leaves ana no secretariat: a note she signs by hand is refused,
    as is one signed with a secretariat key revoked before the checkpoint's end."""
    shell.ok("person", "grant", "ana", "--office", "secretariat", "--on", "2019-03-01", actor="sec")
    grant = shell.json("log")[-1]["id"]
    shell.ok("retract", str(grant), "--reason", "mistake", "--on", "2019-03-02", actor="sec")
    head = current_head(shell)
    note = tmp_path / "ana.checkpoint"
    note.write_text(sign_note(head, head.origin, keys.find_private("ana", None)))
    result = shell("verify", "--checkpoint", str(note))
    assert result.exit_code == 1
    assert "no valid signature by the ledger's secretariat" in result.stderr
    (tmp_path / "sec.checkpoint").write_text(shell.ok("checkpoint", actor="sec").stdout)
    shell.ok("verify", "--checkpoint", str(tmp_path / "sec.checkpoint"))
    # sec moves to a new key and revokes the old one: it vouches for nothing after.
    new = tmp_path / "sec2"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(new)], check=True)
    shell.ok("person", "add-key", "sec", f"{new}.pub", actor="sec")
    old = keys.find_private("sec", None)
    fp = keys.fingerprint(old.public_key())
    shell.ok("--key", str(new), "person", "revoke-key", "sec", fp, actor="sec")
    head = current_head(shell)
    note.write_text(sign_note(head, head.origin, old))
    result = shell("verify", "--checkpoint", str(note))
    assert result.exit_code == 1
    assert "no valid signature by the ledger's secretariat" in result.stderr
    shell.ok("verify", "--checkpoint", str(tmp_path / "sec.checkpoint"))  # made before


def test_a_checkpoint_of_the_current_tree_proves_with_no_hashes(shell, tmp_path) -> None:
    checkpoint = tmp_path / "now.checkpoint"
    checkpoint.write_text(shell.ok("checkpoint", actor="sec").stdout)
    shown = shell.ok("prove", "--from", str(checkpoint)).stdout.splitlines()
    assert shown[-1] == "proof: none"
    assert shell.json("prove", "--from", str(checkpoint))["proof"] == []
