"""`raceview repair`: rebuild a damaged store from the raw documents that can still be read.

Raw documents are the source of truth; everything else in the store is derived from them. The
damaged file is opened read-only and its `documents` table read row by row (a damaged page
loses the rows on it, not the rest); every readable document goes into a fresh store through
`raceview.ingest`, which re-analyses it and rebuilds the races. The damaged file is kept beside
the new one as `<name>.damaged-<timestamp>` — never deleted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from raceview.commands.context import EXIT_OK, EXIT_SOME_FAILED, EXIT_STORE, CommandError, Context
from raceview.models import RawDocument

_COLUMNS = "id, sha256, origin, content_type, fetched_at, etag, last_modified, source, body"
#: Without a readable max(id), ids are probed until this many in a row are missing.
_PROBE_GAP = 10_000
_RECOVER_TIMEOUT = 300  # seconds for the sqlite3 shell's .recover


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `repair` command."""
    p = sub.add_parser(
        "repair",
        help="rebuild a damaged store from its raw documents",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--force", action="store_true", help="rebuild even when the store looks healthy")
    p.set_defaults(func=run)


@dataclass
class Salvage:
    """What could be read out of a damaged store."""

    documents: list[RawDocument]
    unreadable: int = 0  # rows that exist (or may) but could not be read or validated
    problem: str = ""  # why the file could not be read at all, if it could not


def health(path: Path) -> str | None:
    """None when the store opens read-only and passes `PRAGMA quick_check`; else the reason."""
    try:
        with closing(_open_read_only(path)) as conn:
            result = conn.execute("PRAGMA quick_check").fetchone()[0]
            conn.execute("SELECT count(*) FROM documents").fetchone()
    except sqlite3.Error as exc:
        return str(exc)
    return None if result == "ok" else str(result)


def _open_read_only(path: Path, immutable: bool = False) -> sqlite3.Connection:
    flags = "mode=ro&immutable=1" if immutable else "mode=ro"
    return sqlite3.connect(f"{path.absolute().as_uri()}?{flags}", uri=True, timeout=10)


def salvage(path: Path) -> Salvage:
    """Every raw document that can be read from the store at `path`: row by row through SQL,
    then (when the sqlite3 shell is installed) whatever its `.recover` finds besides."""
    found = Salvage([])
    for immutable in (False, True):  # immutable: when even the -wal/-shm cannot be used
        try:
            with closing(_open_read_only(path, immutable)) as conn:
                docs, bad = _read_rows(conn)
            found = Salvage(docs, bad)
            break
        except sqlite3.Error as exc:
            found.problem = str(exc)
    if found.unreadable or found.problem or not found.documents:
        recovered = _recover_with_the_shell(path)
        if recovered is not None:
            have = {d.sha256 for d in found.documents}
            extra = [d for d in recovered if d.sha256 not in have]
            found.documents += extra
            found.unreadable = max(0, found.unreadable - len(extra))
            if extra:
                found.problem = ""
    return found


def _recover_with_the_shell(path: Path) -> list[RawDocument] | None:
    """The documents `sqlite3 DB .recover` can rebuild, or None without the shell."""
    shell = shutil.which("sqlite3")
    if shell is None:
        return None
    try:
        dump = subprocess.run(
            [shell, "-readonly", str(path), ".recover"],
            capture_output=True,
            timeout=_RECOVER_TIMEOUT,
            check=False,
        ).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.TimeoutExpired):
        return None
    with tempfile.TemporaryDirectory(prefix="raceview-recover-") as tmp:
        try:
            with closing(sqlite3.connect(Path(tmp) / "recovered.db")) as conn:
                conn.executescript(dump)
                return _read_rows(conn)[0]
        except sqlite3.Error:
            return None


def _read_rows(conn: sqlite3.Connection) -> tuple[list[RawDocument], int]:
    docs: list[RawDocument] = []
    bad = 0
    for row in _rows(conn):
        if row is None:
            bad += 1
            continue
        try:
            docs.append(_raw(row))
        except (ValidationError, ValueError, TypeError):
            bad += 1
    return docs, bad


def _rows(conn: sqlite3.Connection) -> Iterator[tuple[object, ...] | None]:
    """Each documents row by id; None for an id whose row exists but cannot be read."""
    ids: list[int] | None
    try:
        ids = [int(r[0]) for r in conn.execute("SELECT id FROM documents ORDER BY id")]
    except sqlite3.DatabaseError:
        ids = None
    if ids is not None:
        for doc_id in ids:
            yield _row(conn, doc_id)
        return
    misses = 0  # the id index itself is damaged: probe ids one by one
    errors = 0  # unreadable ids since the last readable row (counted only if one follows)
    doc_id = 0
    while misses < _PROBE_GAP:
        doc_id += 1
        try:
            row = conn.execute(
                f"SELECT {_COLUMNS} FROM documents WHERE id = ?", (doc_id,)
            ).fetchone()
        except sqlite3.DatabaseError:
            row, errors = None, errors + 1
        else:
            if row is not None:
                yield from [None] * errors
                misses = errors = 0
                yield tuple(row)
                continue
        misses += 1
    if errors and doc_id == misses:  # not one row could be read: say so rather than "0 lost"
        raise sqlite3.DatabaseError("no row of the documents table can be read")


def _row(conn: sqlite3.Connection, doc_id: int) -> tuple[object, ...] | None:
    try:
        row = conn.execute(f"SELECT {_COLUMNS} FROM documents WHERE id = ?", (doc_id,)).fetchone()
    except sqlite3.DatabaseError:
        return None
    return None if row is None else tuple(row)


def _raw(row: tuple[object, ...]) -> RawDocument:
    body = row[8]
    data = body if isinstance(body, bytes) else str(body).encode()
    if hashlib.sha256(data).hexdigest() != row[1]:
        raise ValueError("the bytes do not match their sha256: damaged")
    return RawDocument(
        body=data,
        origin=str(row[2]),
        content_type=str(row[3]),
        fetched_at=dt.datetime.fromisoformat(str(row[4])),
        sha256=str(row[1]),
        etag=None if row[5] is None else str(row[5]),
        last_modified=None if row[6] is None else str(row[6]),
        source=None if row[7] is None else str(row[7]),
    )


def _sidecars(path: Path) -> list[Path]:
    return [p for p in (Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()]


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Salvage, rebuild into a new file, keep the damaged one aside, report."""
    from raceview.ingest import ingest
    from raceview.store import Store, StoreError

    path = ctx.paths.db
    if not path.exists():
        raise CommandError(f"there is no store at {path}: nothing to repair")
    if not path.is_file():
        raise CommandError(f"{path} is not a file", EXIT_STORE)
    problem = health(path)
    if problem is None and not args.force:
        ctx.out.write(f"the store {path} looks healthy; nothing to do (--force rebuilds it)\n")
        return EXIT_OK
    found = salvage(path)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    fresh = path.with_name(f"{path.name}.repairing-{stamp}")
    kept = path.with_name(f"{path.name}.damaged-{stamp}")
    try:
        with Store(fresh) as store:
            done = ingest(store, found.documents)
            races = len(store.race_ids())
    except (StoreError, OSError, sqlite3.Error) as exc:
        for leftover in (fresh, *_sidecars(fresh)):
            with suppress(OSError):
                leftover.unlink()
        raise CommandError(
            f"could not build a new store beside {path}: {exc}", EXIT_STORE
        ) from None
    try:
        for side in _sidecars(path):
            side.replace(Path(f"{kept}{side.name[len(path.name) :]}"))
        path.replace(kept)
        fresh.replace(path)
    except OSError as exc:
        raise CommandError(
            f"rebuilt the store as {fresh} but could not put it in place ({exc}); "
            f"move it to {path} yourself",
            EXIT_STORE,
        ) from None
    added = sum(1 for d in done if d.outcome == "added")
    if problem:
        ctx.out.write(f"the store {path} was damaged ({problem})\n")
    if found.problem:
        ctx.out.write(f"nothing could be read from it: {found.problem}\n")
    ctx.out.write(
        f"recovered {added} document(s), {found.unreadable} unreadable; {races} race(s) rebuilt\n"
        f"new store: {path}\nthe damaged store is kept as {kept}\n"
    )
    return EXIT_SOME_FAILED if found.unreadable or found.problem else EXIT_OK
