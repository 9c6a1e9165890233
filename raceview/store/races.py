"""Races, results, articles and conflicts: derived from analyses, rewritten as a whole."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections.abc import Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from raceview.analysis.slug import fold
from raceview.store.db import Connection
from raceview.store.documents import rows_in

if TYPE_CHECKING:  # pydantic models are imported when first needed (start-up time)
    from pydantic import TypeAdapter

    from raceview.analysis.reconcile import ReconciledRace, StampedRows
    from raceview.models import Article, DocumentAnalysis, Race, RaceDetail, ResultRow

_RACE_COLUMNS = (
    "id, name, year, stage, date, category, gender, distance_km, start, finish, edition,"
    " winner, updated_at, n_articles, n_versions"
)
_RACE_FIELDS = tuple(c.strip() for c in _RACE_COLUMNS.split(","))
_NUMBER = re.compile(r"\d+")
_ORDER = "coalesce(date, printf('%04d-00-00', year)) DESC, name, id"
_LINE_COLUMNS = (
    "r.id, r.name, r.year, r.stage, r.date, r.winner, r.n_articles, r.n_versions,"
    " (s.seen_at IS NULL OR s.seen_at < r.updated_at) AS unseen"
)
_LINES = (
    f"SELECT {_LINE_COLUMNS} FROM races r LEFT JOIN race_seen s ON s.race_id = r.id"
    f" ORDER BY {_ORDER}"
)
_LINES_JSON = (
    "SELECT json_group_array(json_array(n, id, name, year, stage, date, winner, n_articles,"
    f" n_versions, unseen)) FROM (SELECT row_number() OVER (ORDER BY {_ORDER}) AS n,"
    f" {_LINE_COLUMNS} FROM races r LEFT JOIN race_seen s ON s.race_id = r.id ORDER BY {_ORDER})"
)


class RaceLine(NamedTuple):
    """What a race list shows of a race, read without building models (start-up time; a
    tuple is built from a row three times faster than a frozen dataclass)."""

    id: str
    name: str
    year: int
    stage: str | None
    date: str | None  # ISO date
    winner: str | None
    n_articles: int
    n_versions: int
    unseen: int  # 1 when new or changed since the user last looked at it, else 0

    @property
    def race_id(self) -> str:
        """The race id (as on a list entry)."""
        return self.id


def _escape_like(word: str) -> str:
    """`word` matched literally by LIKE ... ESCAPE '\\'."""
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def compact_search(search: str) -> str:
    """Search text with each word once: the same matches (a word never spans a space), and a
    race of 150 riders from 20 teams keeps half the bytes (the list holds every race's)."""
    return " ".join(dict.fromkeys(search.split()))


class RaceStore:
    """Queries over the derived tables."""

    db: Connection

    def write_race(self, rec: ReconciledRace) -> None:
        """Replace everything stored about `rec.race.id` with `rec`."""
        with self.db.transaction():
            self._delete_derived(rec.race.id)
            self.insert_race(rec)

    def insert_race(
        self, rec: ReconciledRace, saved: Mapping[int, DocumentAnalysis] | None = None
    ) -> None:
        """Store `rec` for a race id nothing is stored under (a rebuild deletes every race it
        touches first).

        `saved`: analyses just stored, by document id (those `rec` was reconciled from); a
        classification that is one of them's rows only stamped is written from the JSON the
        analysis was stored as instead of being serialised again (a fifth of the cost).
        """
        self.insert_races([rec], saved)

    def insert_races(
        self, recs: Sequence[ReconciledRace], saved: Mapping[int, DocumentAnalysis] | None = None
    ) -> None:
        """`insert_race` of each of `recs` (distinct race ids), each table's rows of all of them
        in one `executemany` (five statements a race: ~0.04 ms a document more)."""
        now = dt.datetime.now(dt.UTC)
        races: list[tuple[object, ...]] = []
        classifications: list[tuple[str, str, str]] = []
        conflicts: list[tuple[str, int, str]] = []
        articles: list[tuple[int, str, int, str]] = []
        indexed: list[tuple[int, str, str, str]] = []
        with self.db.transaction() as conn:
            for rec in recs:
                race = rec.race
                race_id = race.id
                races.append(
                    (
                        race_id,
                        race.name,
                        race.year,
                        race.stage,
                        race.date.isoformat() if race.date else None,
                        race.category,
                        race.gender,
                        race.distance_km,
                        race.start,
                        race.finish,
                        race.edition,
                        race.winner,
                        (race.updated_at or now).isoformat(),
                        race.n_articles,
                        race.n_versions,
                        compact_search(rec.search)
                        if rec.search_words is None
                        else rec.search_words,
                    )
                )
                for kind, which, rows, source in (
                    ("result", "results", rec.results, rec.results_from),
                    ("gc", "gc", rec.gc, rec.gc_from),
                ):
                    if rows or source is not None:
                        classifications.append(
                            (race_id, kind, _classification_json(conn, rows, source, which, saved))
                        )
                conflicts += [
                    (race_id, i, c.model_dump_json()) for i, c in enumerate(rec.conflicts)
                ]
                for a in rec.articles:
                    articles.append((a.id, race_id, a.versions[0].document_id, a.model_dump_json()))
                    indexed.append((a.id, a.title, a.text, race_id))
            conn.executemany(
                f"INSERT INTO races ({_RACE_COLUMNS}, search) VALUES"
                " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                races,
            )
            conn.executemany(
                "INSERT INTO classifications (race_id, kind, body) VALUES (?, ?, ?)",
                classifications,
            )
            conn.executemany(
                "INSERT INTO conflicts (race_id, row, body) VALUES (?, ?, ?)", conflicts
            )
            conn.executemany(
                "INSERT INTO articles (id, race_id, best_document_id, body) VALUES (?, ?, ?, ?)",
                articles,
            )
            conn.executemany(
                "INSERT INTO articles_fts (rowid, title, text, race_id) VALUES (?, ?, ?, ?)",
                indexed,
            )

    def delete_race(self, race_id: str) -> None:
        """Forget a derived race (its documents and analyses stay)."""
        with self.db.transaction():
            self._delete_derived(race_id)

    def delete_races(self, race_ids: Sequence[str]) -> None:
        """Forget these derived races (those stored: an import mostly brings new ones)."""
        with self.db.transaction() as conn:
            stored = [
                r[0]
                for r in rows_in(conn, "SELECT id FROM races WHERE id IN ({marks})", list(race_ids))
            ]
            for race_id in stored:
                self._delete_derived(race_id)

    def _delete_derived(self, race_id: str) -> None:
        with self.db.transaction() as conn:
            # by rowid: race_id is UNINDEXED in the FTS table, so a WHERE on it scans every row
            conn.execute(
                "DELETE FROM articles_fts WHERE rowid IN"
                " (SELECT id FROM articles WHERE race_id = ?)",
                (race_id,),
            )
            conn.execute("DELETE FROM classifications WHERE race_id = ?", (race_id,))
            conn.execute("DELETE FROM conflicts WHERE race_id = ?", (race_id,))
            conn.execute("DELETE FROM articles WHERE race_id = ?", (race_id,))
            conn.execute("DELETE FROM races WHERE id = ?", (race_id,))

    def race_ids(self) -> list[str]:
        """Every derived race id."""
        with self.db.reading() as conn:
            return [r[0] for r in conn.execute("SELECT id FROM races")]

    def list_races(self, limit: int | None = None) -> list[Race]:
        """Races newest first (undated ones last within their year)."""
        sql = f"SELECT {_RACE_COLUMNS} FROM races ORDER BY {_ORDER}"
        params: tuple[int, ...] = ()
        if limit is not None:
            sql += " LIMIT ?"
            params = (limit,)
        with self.db.reading() as conn:
            return [_race(row) for row in conn.execute(sql, params)]

    def race_lines(self, limit: int | None = None) -> list[RaceLine]:
        """Every race (or the first `limit`) as a list line, in `list_races` order, with its
        unseen mark.

        The whole list comes as one JSON text built by SQLite: one step of the query instead
        of one per race, so a thread reading the list while the dashboard starts does not hand
        the GIL back and forth 10,000 times with the thread importing Textual (4x sooner).
        """
        if limit is not None:
            with self.db.reading() as conn:
                return list(map(RaceLine._make, conn.execute(_LINES + " LIMIT ?", (limit,))))
        with self.db.reading() as conn:
            try:
                (text,) = conn.execute(_LINES_JSON).fetchone()
            except sqlite3.OperationalError:  # an SQLite without JSON functions
                return list(map(RaceLine._make, conn.execute(_LINES).fetchall()))
        rows: list[list[Any]] = json.loads(text)
        if any(row[0] != n for n, row in enumerate(rows, 1)):
            rows.sort(key=lambda row: int(row[0]))  # SQLite kept the order; this checks it
        return [RaceLine._make(row[1:]) for row in rows]

    def race_list_counts(self) -> tuple[int, int, int]:
        """(races, distinct dates of the dated ones, distinct years of the undated ones): the
        size of the race list with its date headings, without reading it."""
        with self.db.reading() as conn:
            races, dates, years = conn.execute(
                "SELECT count(*), (SELECT count(DISTINCT date) FROM races WHERE date > ''),"
                " (SELECT count(DISTINCT year) FROM races WHERE date IS NULL OR date = '')"
                " FROM races"
            ).fetchone()
        return int(races), int(dates), int(years)

    def race_search_index(self) -> dict[str, str]:
        """Each race id with its folded search text (name, year, stage, riders, teams)."""
        with self.db.reading() as conn:
            return {r[0]: r[1] for r in conn.execute("SELECT id, search FROM races")}

    def find_races(self, query: str) -> list[Race]:
        """Races whose id is `query`, or whose search text holds every word of it.

        A number must be a whole word ('stage 4' is neither stage 14 nor anything in 2024).
        """
        with self.db.reading() as conn:
            exact = conn.execute(
                f"SELECT {_RACE_COLUMNS} FROM races WHERE id = ?", (query.strip(),)
            ).fetchall()
        if exact:
            return [_race(r) for r in exact]
        words = fold(query).split()
        if not words:
            return []
        clauses = " AND ".join("search LIKE ? ESCAPE '\\'" for _ in words)
        with self.db.reading() as conn:
            rows = conn.execute(
                f"SELECT {_RACE_COLUMNS}, search FROM races WHERE {clauses}"
                " ORDER BY coalesce(date, printf('%04d-00-00', year)) DESC, id",
                [f"%{_escape_like(w)}%" for w in words],
            ).fetchall()
        numbers = {w for w in words if w.isdigit()}
        return [_race(r[:-1]) for r in rows if numbers <= set(_NUMBER.findall(r[-1]))]

    def race(self, race_id: str) -> Race | None:
        """One race without its details."""
        with self.db.reading() as conn:
            row = conn.execute(
                f"SELECT {_RACE_COLUMNS} FROM races WHERE id = ?", (race_id,)
            ).fetchone()
        return None if row is None else _race(row)

    def race_detail(self, race_id: str) -> RaceDetail | None:
        """A race with its results, GC, conflicts and articles, in one snapshot."""
        from raceview.models import Conflict, RaceDetail

        with self.db.reading() as conn:
            row = conn.execute(
                f"SELECT {_RACE_COLUMNS} FROM races WHERE id = ?", (race_id,)
            ).fetchone()
            if row is None:
                return None
            classifications = dict(
                conn.execute(
                    "SELECT kind, body FROM classifications WHERE race_id = ?", (race_id,)
                ).fetchall()
            )
            conflicts = conn.execute(
                "SELECT body FROM conflicts WHERE race_id = ? ORDER BY row", (race_id,)
            ).fetchall()
            articles = conn.execute(
                "SELECT body FROM articles WHERE race_id = ? ORDER BY id", (race_id,)
            ).fetchall()
        return RaceDetail(
            race=_race(row),
            results=_rows(classifications.get("result")),
            gc=_rows(classifications.get("gc")),
            conflicts=tuple(Conflict.model_validate_json(r[0]) for r in conflicts),
            articles=_articles_by_completeness([_article(r[0]) for r in articles]),
        )

    def search_articles(self, query: str, limit: int = 50) -> list[tuple[str, int]]:
        """Full-text search over article text: (race id, article id), best first."""
        terms = " ".join('"' + w.replace('"', '""') + '"' for w in query.split())
        if not terms:
            return []
        with self.db.reading() as conn:
            rows = conn.execute(
                "SELECT race_id, rowid FROM articles_fts WHERE articles_fts MATCH ?"
                " ORDER BY rank LIMIT ?",
                (terms, limit),
            ).fetchall()
        return [(r[0], int(r[1])) for r in rows]

    def mark_seen(self, race_id: str, when: dt.datetime | None = None) -> None:
        """Remember that the user has looked at this race."""
        stamp = (when or dt.datetime.now(dt.UTC)).isoformat()
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO race_seen (race_id, seen_at) VALUES (?, ?)",
                (race_id, stamp),
            )

    def unseen_race_ids(self) -> set[str]:
        """Races new or changed since the user last looked at them."""
        with self.db.reading() as conn:
            rows = conn.execute(
                "SELECT r.id FROM races r LEFT JOIN race_seen s ON s.race_id = r.id"
                " WHERE s.seen_at IS NULL OR s.seen_at < r.updated_at"
            ).fetchall()
        return {r[0] for r in rows}

    def last_updated(self) -> dt.datetime | None:
        """When any race last changed."""
        with self.db.reading() as conn:
            row = conn.execute("SELECT max(updated_at) FROM races").fetchone()
        return None if row is None or row[0] is None else dt.datetime.fromisoformat(row[0])


@cache
def _classification() -> TypeAdapter[tuple[ResultRow, ...]]:
    """How a classification's rows are written as (and read from) one JSON array."""
    from pydantic import TypeAdapter

    from raceview.models import ResultRow

    return TypeAdapter(tuple[ResultRow, ...])


def _rows_json(rows: tuple[ResultRow, ...]) -> str:
    """A classification as a JSON array of `ResultRow.model_dump_json()` objects."""
    return _classification().dump_json(rows).decode()


def _classification_json(
    conn: sqlite3.Connection,
    rows: tuple[ResultRow, ...],
    source: StampedRows | None,
    which: str,
    saved: Mapping[int, DocumentAnalysis] | None,
) -> str:
    """`_rows_json(rows)`, taken from a just stored analysis's JSON when `rows` are its `which`
    rows only stamped (`source`; `rows` may then be left out, see `reconcile(for_store=)`).

    Only for an analysis in `saved`: its stored JSON is its `model_dump_json()` (one read
    back from an older raceview's store may not be).
    """
    analysis = None if source is None or saved is None else saved.get(source.document_id)
    if source is not None and analysis is not None and getattr(analysis, which) is source.rows:
        row = conn.execute(
            "SELECT body FROM analyses WHERE document_id = ?", (source.document_id,)
        ).fetchone()
        written = None if row is None else _stamped_json(row[0], which, source)
        if written is not None:
            return written
    return _rows_json(rows if rows or source is None else source.stamped())


#: How the JSON of a provenance not yet stamped with its document and article begins.
_UNSTAMPED = '"provenance":{"document_id":null,"article_id":null,'


def _stamped_json(analysis_json: str, which: str, source: StampedRows) -> str | None:
    """The JSON array of a saved analysis's `which` rows (`source.rows`), each provenance
    stamped with `source`'s document and article; None when a provenance was stamped already.

    The analysis's fields come in their order (..., "results", "gc", "warnings"), and a
    quotation mark in a string is escaped, so '"results":[' and ',"gc":[' are found only as
    those keys, and the last ',"warnings":[' is the analysis's own (rows have warnings too).
    """
    start = analysis_json.find('"results":[')
    gc = analysis_json.rfind(',"gc":[')  # from the end: the GC and the warnings are short
    if start < 0 or gc < start:
        return None
    if which == "results":
        array = analysis_json[start + len('"results":') : gc]
    else:
        end = analysis_json.rfind(',"warnings":[')
        if end < gc:
            return None
        array = analysis_json[gc + len(',"gc":') : end]
    article = "null" if source.article_id is None else str(source.article_id)
    stamp = f'"provenance":{{"document_id":{source.document_id},"article_id":{article},'
    # every provenance stamped here, none before
    if array.count(_UNSTAMPED) != sum(row.provenance is not None for row in source.rows):
        return None
    return array.replace(_UNSTAMPED, stamp)


def _race(row: Sequence[object]) -> Race:
    """A `races` row as a Race."""
    from raceview.models import Race

    return Race.model_validate(dict(zip(_RACE_FIELDS, row, strict=True)))


def _rows(body: str | None) -> tuple[ResultRow, ...]:
    """A stored classification's rows (none when it is not stored)."""
    return () if body is None else _classification().validate_json(body)


def _article(body: str) -> Article:
    from raceview.models import Article

    return Article.model_validate_json(body)


def _articles_by_completeness(articles: list[Article]) -> tuple[Article, ...]:
    """Reports before galleries, the fullest text first."""
    return tuple(sorted(articles, key=lambda a: (a.kind == "gallery", -len(a.text), a.id)))
