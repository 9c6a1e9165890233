"""What every command gets: resolved paths, a lazily opened store, and the output streams."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TextIO

from raceview.paths import Paths
from raceview.store import Store

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2
EXIT_STORE = 3


class CommandError(Exception):
    """A user error: one line on stderr and an exit code, never a traceback."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Context:
    """Shared by the commands of one invocation."""

    paths: Paths
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    _store: Store | None = None

    @property
    def store(self) -> Store:
        """The store, opened (and migrated) on first use."""
        if self._store is None:
            self._store = Store(self.paths.db)
        return self._store

    def close(self) -> None:
        """Close the store if it was opened."""
        if self._store is not None:
            self._store.close()
            self._store = None
