"""RFC 9162 Merkle trees against the transparency-dev vectors (tests/data/rfc9162)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from dcledger.ledger.integrity import merkle

DATA = Path(__file__).parents[2] / "data" / "rfc9162"
LEAVES = [
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
]
ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
HASHES = [merkle.leaf_hash(bytes.fromhex(x)) for x in LEAVES]
INCLUSION = sorted((DATA / "inclusion").rglob("*.json"))
CONSISTENCY = sorted((DATA / "consistency").rglob("*.json"))


def probe(path: Path) -> dict:
    return json.loads(path.read_text())


def b64(text: str) -> bytes:
    return base64.b64decode(text)


def test_the_vectors_are_all_there() -> None:
    assert len(INCLUSION) + len(CONSISTENCY) == 196  # the README's folder, copied whole


@pytest.mark.parametrize("n", range(9))
def test_root_of_the_first_n_leaves(n: int) -> None:
    assert merkle.root_of(HASHES[:n]).hex() == ROOTS[n]


@pytest.mark.parametrize("path", INCLUSION, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_inclusion_probe(path: Path) -> None:
    p = probe(path)
    proof = [b64(x) for x in p["proof"] or []]
    args = (p["leafIdx"], p["treeSize"], b64(p["leafHash"]), proof, b64(p["root"]))
    if p["wantErr"]:
        with pytest.raises(merkle.ProofError):
            merkle.verify_inclusion(*args)
    else:
        merkle.verify_inclusion(*args)


@pytest.mark.parametrize("path", CONSISTENCY, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_consistency_probe(path: Path) -> None:
    p = probe(path)
    proof = [b64(x) for x in p["proof"] or []]
    args = (p["size1"], p["size2"], b64(p["root1"]), b64(p["root2"]), proof)
    if p["wantErr"]:
        with pytest.raises(merkle.ProofError):
            merkle.verify_consistency(*args)
    else:
        merkle.verify_consistency(*args)


def test_generated_inclusion_proofs_match_and_verify() -> None:
    """Every leaf of every tree up to 8: our proofs verify against the vector roots."""
    for size in range(1, 9):
        mth = merkle.memory_subtree_hash(HASHES[:size])
        for index in range(size):
            proof = merkle.inclusion_proof(index, size, mth)
            merkle.verify_inclusion(index, size, HASHES[index], proof, bytes.fromhex(ROOTS[size]))


def test_generated_consistency_proofs_verify() -> None:
    for size2 in range(1, 9):
        mth = merkle.memory_subtree_hash(HASHES[:size2])
        for size1 in range(1, size2 + 1):
            proof = merkle.consistency_proof(size1, size2, mth)
            r1, r2 = bytes.fromhex(ROOTS[size1]), bytes.fromhex(ROOTS[size2])
            merkle.verify_consistency(size1, size2, r1, r2, proof)


def test_happy_path_proofs_are_the_vectors_byte_for_byte() -> None:
    for path in INCLUSION:
        p = probe(path)
        if path.stem == "happy-path" and p["treeSize"] <= 8:
            mth = merkle.memory_subtree_hash(HASHES[: p["treeSize"]])
            got = merkle.inclusion_proof(p["leafIdx"], p["treeSize"], mth)
            assert [base64.b64encode(h).decode() for h in got] == (p["proof"] or [])
    for path in CONSISTENCY:
        p = probe(path)
        if path.stem == "happy-path" and p["size2"] <= 8:
            mth = merkle.memory_subtree_hash(HASHES[: p["size2"]])
            got = merkle.consistency_proof(p["size1"], p["size2"], mth)
            assert [base64.b64encode(h).decode() for h in got] == (p["proof"] or [])
