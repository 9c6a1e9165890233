"""The store's batched writes give the rows its one-at-a-time writes give."""

from __future__ import annotations

import sys
from pathlib import Path

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
