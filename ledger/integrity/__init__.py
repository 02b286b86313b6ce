"""The ledger proves itself: signed events, an RFC 9162 Merkle tree, signed checkpoints."""
