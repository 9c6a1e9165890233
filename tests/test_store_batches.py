"""The store's batched writes give the rows its one-at-a-time writes give."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from raceview.ingest import ingest
from raceview.store import Store

#: Every derived table, in an order that reads every row of each.
_DERIVED = {
    "races": "SELECT rowid, * FROM races ORDER BY rowid",
    "classifications": "SELECT * FROM classifications ORDER BY race_id, kind",
    "conflicts": "SELECT * FROM conflicts ORDER BY race_id, row",
    "articles": "SELECT * FROM articles ORDER BY id",
    "articles_fts": "SELECT rowid, * FROM articles_fts ORDER BY rowid",
}


def _derived(store: Store) -> dict[str, list[tuple[object, ...]]]:
    with store.db.reading() as conn:
        return {name: conn.execute(sql).fetchall() for name, sql in _DERIVED.items()}


def test_races_written_together_are_those_written_one_by_one(tmp_path: Path) -> None:
    """`insert_races` (what a rebuild uses) stores every row, rowids included, as
    `insert_race` of each race in turn does; a search finds the same articles."""
    sys.path.insert(0, str(Path(__file__).parent))
    from corpus_eval import cases

    import raceview.ingest as ingesting

    raws = [c.raw() for c in cases("d0")]
    with Store(tmp_path / "together.db") as store:
        ingest(store, raws)
        together = _derived(store)
        found = store.search_articles("stage")

    original = Store.insert_races

    def one_by_one(store: Store, recs, saved=None):  # type: ignore[no-untyped-def]
        for rec in recs:
            original(store, [rec], saved)  # what insert_race(rec, saved) does

    Store.insert_races = one_by_one  # type: ignore[method-assign,assignment]
    try:
        with Store(tmp_path / "apart.db") as store:
            ingest(store, raws)
            apart = _derived(store)
            found_apart = store.search_articles("stage")
    finally:
        Store.insert_races = original  # type: ignore[method-assign]
    assert ingesting.INSERT_BATCH > 1
    assert len(together["races"]) >= 15 and len(together["articles_fts"]) >= 15
    assert together == apart
    assert found and found == found_apart


def _plain_file_unnumbered_days(store: Store, race_ids: list[str]) -> set[str]:
    """`file_unnumbered_days` as it was written: two queries a day."""
    changed: set[str] = set()
    with store.db.transaction() as conn:
        marks = ",".join("?" * len(race_ids))
        days = {
            r[0]
            for r in conn.execute(
                f"SELECT DISTINCT race_day FROM analyses WHERE race_id IN ({marks})"
                " AND race_day IS NOT NULL",
                race_ids,
            )
        }
        for day in sorted(days):
            numbered = conn.execute(
                "SELECT DISTINCT race_id FROM analyses WHERE race_day = ? AND day_only = 0",
                (day,),
            ).fetchall()
            home = numbered[0][0] if len(numbered) == 1 else day
            moved = conn.execute(
                "SELECT DISTINCT race_id FROM analyses"
                " WHERE race_day = ? AND day_only = 1 AND race_id != ?",
                (day, home),
            ).fetchall()
            if moved:
                conn.execute(
                    "UPDATE analyses SET race_id = ? WHERE race_day = ? AND day_only = 1",
                    (home, day),
                )
                changed.update([home, *(r[0] for r in moved)])
    return changed


_RACES = [None, "d1", "d2", "s1", "s2", "s3", "x"]
_DAYS = [None, "d1", "d2", "d3"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(_RACES), st.sampled_from(_DAYS), st.booleans()), max_size=12
    ),
    st.lists(st.sampled_from(_RACES[1:]), max_size=5),
)
def test_unnumbered_days_filed_in_one_query_as_in_two_a_day(
    tmp_path_factory: pytest.TempPathFactory,
    analyses: list[tuple[str | None, str | None, bool]],
    touched: list[str],
) -> None:
    """Filing unnumbered days from one query of every day's reports changes the same races
    and the same rows as the two queries a day it replaced (NULL race ids included)."""
    results = []
    for plain in (False, True):
        with Store(tmp_path_factory.mktemp("days") / "s.db") as store:
            with store.db.transaction() as conn:
                for i, (race_id, day, only) in enumerate(analyses, 1):
                    conn.execute(
                        "INSERT INTO documents (id, sha256, origin, content_type, fetched_at,"
                        " body) VALUES (?, ?, 'o', 'text/plain', 't', x'00')",
                        (i, str(i)),
                    )
                    conn.execute(
                        "INSERT INTO analyses (document_id, analyser_version, kind, race_id,"
                        " body, race_day, day_only) VALUES (?, 1, 'report', ?, '{}', ?, ?)",
                        (i, race_id, day, only),
                    )
            ids = sorted(set(touched))
            changed = (
                _plain_file_unnumbered_days(store, ids)
                if plain
                else store.file_unnumbered_days(touched)
            )
            with store.db.reading() as conn:
                rows = conn.execute(
                    "SELECT document_id, race_id FROM analyses ORDER BY document_id"
                ).fetchall()
        results.append((changed, rows))
    assert results[0] == results[1]


def test_stored_digests_are_those_has_document_knows(tmp_path: Path) -> None:
    """`stored_sha256s` (one query for a batch) agrees with `has_document` on each digest,
    across a 500-parameter chunk and with repeats."""
    from helpers import raw

    with Store(tmp_path / "s.db") as store:
        docs = [raw(f"report {i}".encode(), origin=f"/r/{i}.txt") for i in range(0, 1200, 2)]
        for doc in docs:
            store.add_document(doc)
        asked = [raw(f"report {i}".encode()).sha256 for i in range(1200)] + [docs[0].sha256]
        stored = store.stored_sha256s(asked)
        assert stored == {d for d in asked if store.has_document(d)}
        assert len(stored) == 600
