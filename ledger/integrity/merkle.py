"""RFC 9162 §2.1 Merkle trees: hashes, roots, inclusion and consistency proofs.

The algorithms follow the RFC's text; the tests are the transparency-dev test vectors
(tests/data/rfc9162). Hashing is SHA-256 from hashlib. Proof generation works on any
`SubtreeHash` (a function giving the hash of leaves [lo, hi)), so the same code proves
against a list in memory and against the node table of a stored ledger.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()

SubtreeHash = Callable[[int, int], bytes]


class ProofError(ValueError):
    """A proof that does not verify; the message says why."""


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def split_point(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def root_of(leaf_hashes: Sequence[bytes]) -> bytes:
    return memory_subtree_hash(leaf_hashes)(0, len(leaf_hashes))


def memory_subtree_hash(leaf_hashes: Sequence[bytes]) -> SubtreeHash:
    def mth(lo: int, hi: int) -> bytes:
        if hi == lo:
            return EMPTY_ROOT
        if hi - lo == 1:
            return leaf_hashes[lo]
        k = split_point(hi - lo)
        return node_hash(mth(lo, lo + k), mth(lo + k, hi))

    return mth


# --- proof generation (RFC 9162 §2.1.3.1 and §2.1.4.1) --------------------------------


def inclusion_proof(index: int, size: int, mth: SubtreeHash) -> list[bytes]:
    if not 0 <= index < size:
        raise ProofError(f"leaf {index} is not in a tree of size {size}")
    proof: list[bytes] = []
    lo, hi = 0, size
    while hi - lo > 1:  # walk down from the root; the siblings are collected bottom-up
        k = split_point(hi - lo)
        if index < lo + k:
            proof.append(mth(lo + k, hi))
            hi = lo + k
        else:
            proof.append(mth(lo, lo + k))
            lo = lo + k
    return proof[::-1]


def consistency_proof(size1: int, size2: int, mth: SubtreeHash) -> list[bytes]:
    if not 0 < size1 <= size2:
        raise ProofError(f"no consistency proof from size {size1} to size {size2}")
    return _subproof(size1, 0, size2, True, mth)


def _subproof(m: int, lo: int, hi: int, whole: bool, mth: SubtreeHash) -> list[bytes]:
    n = hi - lo
    if m == n:
        return [] if whole else [mth(lo, hi)]
    k = split_point(n)
    if m <= k:
        return [*_subproof(m, lo, lo + k, whole, mth), mth(lo + k, hi)]
    return [*_subproof(m - k, lo + k, hi, False, mth), mth(lo, lo + k)]


# --- verification (RFC 9162 §2.1.3.2 and §2.1.4.2) ------------------------------------


def root_from_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes]) -> bytes:
    if not 0 <= index < size:
        raise ProofError(f"leaf index {index} is outside a tree of size {size}")
    if len(leaf) != HASH_SIZE:
        raise ProofError(f"a leaf hash has {HASH_SIZE} bytes, not {len(leaf)}")
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            raise ProofError("the inclusion proof is longer than the tree is deep")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofError("the inclusion proof is shorter than the tree is deep")
    return r


def verify_inclusion(
    index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes
) -> None:
    if root_from_inclusion(index, size, leaf, proof) != root:
        raise ProofError(f"leaf {index} is not in the tree of size {size} with that root")


def verify_consistency(
    size1: int, size2: int, root1: bytes, root2: bytes, proof: Sequence[bytes]
) -> None:
    if size1 <= 0 or size2 < size1:
        raise ProofError(f"no consistency from size {size1} to size {size2}")
    if size1 == size2:
        if proof:
            raise ProofError("equal sizes need an empty consistency proof")
        if root1 != root2:
            raise ProofError(f"two different roots for the same size {size1}")
        return
    if not proof:
        raise ProofError("the consistency proof is empty")
    path = list(proof)
    if size1 & (size1 - 1) == 0:  # a power of two: the old root is itself a node
        path.insert(0, root1)
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("the consistency proof is longer than the tree is deep")
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofError("the consistency proof is shorter than the tree is deep")
    if fr != root1:
        raise ProofError(f"the proof does not lead to the old root of size {size1}")
    if sr != root2:
        raise ProofError(f"the proof does not lead to the new root of size {size2}")
