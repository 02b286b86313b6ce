"""The base of every state model."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class StateModel(BaseModel):
    # Each model's validator is built when first used, not at import: a command that
    # reads two kinds of record does not pay for building all fourteen.
    model_config = ConfigDict(defer_build=True)
