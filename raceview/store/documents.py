"""Raw documents and their analyses: stored verbatim, deduplicated by sha256."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from raceview.store.db import Connection

if TYPE_CHECKING:  # pydantic models are imported when first needed (start-up time)
    from raceview.models import DocumentAnalysis, RawDocument


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A raw document with its row id."""

    id: int
    raw: RawDocument


@dataclass(frozen=True, slots=True)
class AnalysedDocument:
    """A stored document's metadata with its analysis (what reconciliation needs)."""

    id: int
    origin: str
    sha256: str
    fetched_at: dt.datetime
    analysis: DocumentAnalysis


class DocumentStore:
    """Queries over the `documents` and `analyses` tables."""

    db: Connection

    def add_document(self, raw: RawDocument) -> tuple[int, bool]:
        """Store `raw` unless its bytes are already there; return (id, newly added)."""
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT id FROM documents WHERE sha256 = ?", (raw.sha256,)
            ).fetchone()
            if row is not None:
                return int(row[0]), False
            cur = conn.execute(
                "INSERT INTO documents (sha256, origin, content_type, fetched_at, etag,"
                " last_modified, source, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    raw.sha256,
                    raw.origin,
                    raw.content_type,
                    raw.fetched_at.isoformat(),
                    raw.etag,
                    raw.last_modified,
                    raw.source,
                    raw.body,
                ),
            )
            return int(cur.lastrowid or 0), True

    def has_document(self, sha256: str) -> bool:
        """Whether these exact bytes are stored."""
        with self.db.reading() as conn:
            row = conn.execute("SELECT 1 FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
        return row is not None

    def stored_sha256s(self, sha256s: Iterable[str]) -> set[str]:
        """Those of these digests whose bytes are stored (`has_document` of each, at once)."""
        with self.db.reading() as conn:
            return {
                r[0]
                for r in rows_in(
                    conn,
                    "SELECT sha256 FROM documents WHERE sha256 IN ({marks})",
                    list(dict.fromkeys(sha256s)),
                )
            }

    def document(self, document_id: int) -> StoredDocument | None:
        """One stored document, bytes included."""
        with self.db.reading() as conn:
            row = conn.execute(
                "SELECT id, sha256, origin, content_type, fetched_at, etag, last_modified,"
                " source, body FROM documents WHERE id = ?",
                (document_id,),
            ).fetchone()
        return None if row is None else _stored(row)

    def document_ids(self) -> list[int]:
        """Every stored document id, oldest first."""
        with self.db.reading() as conn:
            return [int(r[0]) for r in conn.execute("SELECT id FROM documents ORDER BY id")]

    def count_documents(self) -> int:
        """How many raw documents are stored."""
        with self.db.reading() as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])

    def iter_documents(self, batch: int = 200) -> Iterator[StoredDocument]:
        """Every stored document, in id order, fetched in batches."""
        last = 0
        while True:
            with self.db.reading() as conn:
                rows = conn.execute(
                    "SELECT id, sha256, origin, content_type, fetched_at, etag, last_modified,"
                    " source, body FROM documents WHERE id > ? ORDER BY id LIMIT ?",
                    (last, batch),
                ).fetchall()
            if not rows:
                return
            for row in rows:
                yield _stored(row)
            last = int(rows[-1][0])

    def save_analysis(self, document_id: int, analysis: DocumentAnalysis) -> str | None:
        """Store (or replace) a document's analysis; return the race id it was filed under.

        It is filed under the race it reports; call `file_unnumbered_days` afterwards to move
        reports of unnumbered stage days to the numbered stage of that day.
        """
        race = analysis.race
        day = race.day_id if race is not None else None  # a slug: worked out once
        with self.db.transaction() as conn:
            old = conn.execute(
                "SELECT race_id FROM analyses WHERE document_id = ?", (document_id,)
            ).fetchone()
            conn.execute(
                "INSERT OR REPLACE INTO analyses (document_id, analyser_version, kind, race_id,"
                " body, race_day, day_only) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    document_id,
                    analysis.analyser_version,
                    analysis.kind,
                    race.race_id if race is not None else None,
                    analysis.model_dump_json(),
                    day,
                    race is not None and race.stage is None and day is not None,
                ),
            )
        return None if old is None else old[0]

    def file_unnumbered_days(self, race_ids: Iterable[str]) -> set[str]:
        """File each report of an unnumbered stage day under the numbered stage raced that day,
        when exactly one is known (else under the day); return the race ids that changed."""
        ids = sorted(set(race_ids))
        changed: set[str] = set()
        with self.db.transaction() as conn:
            days = sorted(
                {
                    r[0]
                    for r in rows_in(
                        conn,
                        "SELECT DISTINCT race_day FROM analyses WHERE race_id IN ({marks})"
                        " AND race_day IS NOT NULL",
                        ids,
                    )
                }
            )
            # every day's reports in one query (a day's update touches no other day's rows)
            numbered: dict[str, list[str | None]] = {day: [] for day in days}
            day_only: dict[str, list[str | None]] = {day: [] for day in days}
            for day, race_id, only in rows_in(
                conn,
                "SELECT DISTINCT race_day, race_id, day_only FROM analyses"
                " WHERE race_day IN ({marks})",
                days,
            ):
                if only == 0:
                    numbered[day].append(race_id)
                elif only == 1:
                    day_only[day].append(race_id)
            for day in days:
                home = numbered[day][0] if len(numbered[day]) == 1 else day
                if home is None:  # `race_id != NULL` holds for no row: none moves
                    continue
                moved = [r for r in day_only[day] if r is not None and r != home]
                if moved:
                    conn.execute(
                        "UPDATE analyses SET race_id = ? WHERE race_day = ? AND day_only = 1",
                        (home, day),
                    )
                    changed.update([home, *moved])
        return changed

    def filed_race_ids(self, document_ids: Iterable[int]) -> dict[int, str]:
        """The race id each of these documents is filed under (documents without a race left
        out)."""
        with self.db.reading() as conn:
            return {
                int(r[0]): r[1]
                for r in rows_in(
                    conn,
                    "SELECT document_id, race_id FROM analyses WHERE document_id IN ({marks})"
                    " AND race_id IS NOT NULL",
                    list(document_ids),
                )
            }

    def analyses_for_race(
        self, race_id: str, known: Mapping[int, DocumentAnalysis] | None = None
    ) -> list[AnalysedDocument]:
        """Every analysed document that reports `race_id`.

        `known` holds analyses the caller has just saved, by document id: they are used as they
        are instead of being read back and parsed again.
        """
        return self.analyses_for_races([race_id], known).get(race_id, [])

    def analyses_for_races(
        self, race_ids: Iterable[str], known: Mapping[int, DocumentAnalysis] | None = None
    ) -> dict[str, list[AnalysedDocument]]:
        """`analyses_for_race` of each of these races (those some analysis reports), at once."""
        known = known or {}
        with self.db.reading() as conn:
            rows = list(
                rows_in(
                    conn,
                    "SELECT a.race_id, d.id, d.origin, d.sha256, d.fetched_at FROM analyses a"
                    " JOIN documents d ON d.id = a.document_id WHERE a.race_id IN ({marks})"
                    " ORDER BY d.id",
                    sorted(set(race_ids)),
                )
            )
            unknown = [int(r[1]) for r in rows if r[1] not in known]
            read = _analyses(conn, unknown) if unknown else {}
        out: dict[str, list[AnalysedDocument]] = {}
        for race_id, doc_id, origin, sha256, fetched_at in rows:
            analysis = known[doc_id] if doc_id in known else read[doc_id]
            out.setdefault(race_id, []).append(
                AnalysedDocument(
                    doc_id, origin, sha256, dt.datetime.fromisoformat(fetched_at), analysis
                )
            )
        return out

    def analysed_race_ids(self) -> list[str]:
        """Every race id some analysis names."""
        with self.db.reading() as conn:
            rows = conn.execute(
                "SELECT DISTINCT race_id FROM analyses WHERE race_id IS NOT NULL"
            ).fetchall()
        return [r[0] for r in rows]

    def stale_document_ids(self, analyser_version: int) -> list[int]:
        """Documents never analysed, or analysed by another analyser version."""
        with self.db.reading() as conn:
            rows = conn.execute(
                "SELECT d.id FROM documents d LEFT JOIN analyses a ON a.document_id = d.id"
                " WHERE a.analyser_version IS NULL OR a.analyser_version != ? ORDER BY d.id",
                (analyser_version,),
            ).fetchall()
        return [int(r[0]) for r in rows]


def rows_in(conn: sqlite3.Connection, sql: str, values: list[Any]) -> Iterator[Any]:
    """The rows of `sql`, whose `{marks}` is an IN list of `values`, run in chunks (SQLite
    limits the parameters of one statement)."""
    for first in range(0, len(values), 500):
        chunk = values[first : first + 500]
        yield from conn.execute(sql.format(marks=",".join("?" * len(chunk))), chunk)


def _analyses(conn: sqlite3.Connection, document_ids: list[int]) -> dict[int, DocumentAnalysis]:
    """The stored analyses of these documents, by document id."""
    from raceview.models import DocumentAnalysis

    sql = "SELECT document_id, body FROM analyses WHERE document_id IN ({marks})"
    return {
        int(r[0]): DocumentAnalysis.model_validate_json(r[1])
        for r in rows_in(conn, sql, document_ids)
    }


def _stored(row: tuple[object, ...]) -> StoredDocument:
    """A `documents` row as a StoredDocument."""
    from raceview.models import RawDocument

    body = row[8]
    return StoredDocument(
        id=int(str(row[0])),
        raw=RawDocument(
            sha256=str(row[1]),
            origin=str(row[2]),
            content_type=str(row[3]),
            fetched_at=dt.datetime.fromisoformat(str(row[4])),
            etag=None if row[5] is None else str(row[5]),
            last_modified=None if row[6] is None else str(row[6]),
            source=None if row[7] is None else str(row[7]),
            body=body if isinstance(body, bytes) else str(body).encode(),
        ),
    )
