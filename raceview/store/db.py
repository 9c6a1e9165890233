"""Opening the SQLite store: WAL, foreign keys, busy timeout, migrations, clear errors."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from raceview.store.schema import MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_MS = 10_000


class StoreError(Exception):
    """The store cannot be used; the message says why and what to do."""


class Connection:
    """One SQLite connection shared by threads under a lock, with transactions."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._depth = 0
        self._conn = _connect(path)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run a block atomically; nested blocks join the outer transaction."""
        with self._lock:
            if self._depth == 0:
                self._conn.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield self._conn
            except BaseException:
                self._depth -= 1
                if self._depth == 0:
                    self._conn.rollback()
                raise
            self._depth -= 1
            if self._depth == 0:
                self._conn.commit()

    @property
    def in_transaction(self) -> bool:
        """Whether this connection is inside a transaction (of any thread) right now."""
        return self._depth > 0

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """Run queries under the lock (a consistent snapshot when inside a transaction)."""
        with self._lock:
            yield self._conn

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._conn.close()


def _connect(path: Path) -> sqlite3.Connection:
    """Open, configure and migrate the database at `path`."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
        )
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"cannot open the store {path}: {exc}") from exc
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        _check_version(conn, path)  # before anything that could write to the file
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()
        conn.execute("PRAGMA synchronous = NORMAL")
        if mode is None:
            raise sqlite3.DatabaseError("no journal mode")
        migrate(conn, path)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(store_problem(path, exc)) from exc
    except BaseException:
        conn.close()
        raise
    return conn


def store_problem(path: Path, exc: sqlite3.Error) -> str:
    """One line for people: what is wrong with the store at `path`, and what to do."""
    text = str(exc)
    low = text.lower()
    if "full" in low or "disk i/o" in low:
        return f"cannot write the store {path}: {text} (is the disk full?)"
    if "readonly" in low or "read-only" in low or "unable to open" in low:
        folder = path.parent
        why = "" if os.access(folder, os.W_OK) else f"; the folder {folder} is not writable"
        return f"cannot write the store {path}: {text}{why}; use another --db"
    return (
        f"the store {path} is damaged or not a raceview store ({text}); run `raceview repair`"
        " to rebuild it from the documents it still holds (the damaged file is kept),"
        " or use another --db"
    )


def _check_version(conn: sqlite3.Connection, path: Path | str) -> int:
    """The store's schema version; a StoreError when a newer raceview wrote it."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"the store {path} has schema version {version}, newer than this raceview "
            f"understands ({SCHEMA_VERSION}); upgrade raceview or use another --db"
        )
    return version


def migrate(conn: sqlite3.Connection, path: Path | str = "store") -> int:
    """Bring the schema up to date in place; refuse a store from a newer raceview."""
    version = _check_version(conn, path)
    for number in range(version + 1, SCHEMA_VERSION + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if current < number:  # another process may have migrated meanwhile
                for statement in _statements(MIGRATIONS[number - 1]):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return SCHEMA_VERSION


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (our scripts have no ';' in literals)."""
    return [s.strip() for s in script.split(";") if s.strip()]
