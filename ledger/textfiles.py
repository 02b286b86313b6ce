"""Reading a file the user names: a regular file only, of a bounded size, as UTF-8."""

from __future__ import annotations

import stat
from pathlib import Path

from dcledger.ledger import policy
from dcledger.ledger.errors import InvalidInput

__all__ = ["read_text"]


def read_text(path: Path, limit: int = policy.MAX_DOCUMENT_BYTES) -> str:
    """A regular file's UTF-8 text. Never opens a FIFO or a device (that could block or
    never end), and refuses files larger than any document the ledger takes."""
    try:
        info = Path(path).stat()
        if stat.S_ISDIR(info.st_mode):
            raise InvalidInput(f"{path} is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise InvalidInput(f"{path} is not a regular file")
        if info.st_size > limit:
            raise InvalidInput(f"{path} is larger than {limit:,} bytes")
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidInput(f"no such file: {path}") from None
    except UnicodeDecodeError as e:
        line = e.object[: e.start].count(b"\n") + 1  # import errors name lines, so this does
        raise InvalidInput(
            f"{path} is not UTF-8 text (line {line}: {e.reason} at byte {e.start})"
        ) from None
    except (OSError, ValueError) as e:  # ValueError: a NUL byte in the path
        raise InvalidInput(f"cannot read {path}: {e}") from None
